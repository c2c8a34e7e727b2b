import { Injectable } from '@nestjs/common';
import { Bus } from '@libs/bus';
import type { EventOf } from '@libs/contracts';
import { DocumentsRepository } from 'src/modules/rag/documents.repository';
import type { DocumentEntity, DocumentStatus } from 'src/modules/rag/entities/document.entity';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';

export const TERMINAL: DocumentStatus[] = ['indexed', 'failed'];

export type DocumentStatusEvent = Pick<EventOf<'rag.document.status'>, 'documentId' | 'status' | 'progress' | 'errorCode'> &
  Partial<EventOf<'rag.document.status'>>;

/** A document's status now and, unless it is already indexed or failed, a way to hear every change until it is. */
export interface DocumentStatusFeed {
  current: DocumentStatusEvent;
  finished: boolean;
  /** Calls onEvent with each status of the document and onEnd after the terminal one; returns a stop function. */
  listen(onEvent: (event: DocumentStatusEvent) => void, onEnd: () => void): () => void;
}

/**
 * Status changes of documents: published on the bus (every rag process and the SSE streams hear them) and
 * handed to callers in this process waiting for a document to finish.
 */
@Injectable()
export class DocumentEventsService {
  private readonly waiters = new Map<string, Set<(document: DocumentEntity) => void>>();

  constructor(
    private readonly repository: DocumentsRepository,
    private readonly bus: Bus,
  ) {}

  async publish(document: DocumentEntity): Promise<void> {
    const event = {
      documentId: document.id,
      collectionId: document.collectionId,
      status: document.status,
      progress: document.progress,
      errorCode: document.errorCode ?? undefined,
      errorMessage: document.errorMessage ?? undefined,
    };
    await this.bus.publish('rag.document.status', event).catch(() => undefined);
    if (TERMINAL.includes(document.status)) for (const waiter of this.waiters.get(document.id) ?? []) waiter(document);
  }

  /** Resolves with the document once it is indexed or failed (or as it is after timeoutMs). */
  async waitForTerminal(id: string, timeoutMs: number): Promise<DocumentEntity> {
    const current = await this.get(id);
    if (TERMINAL.includes(current.status)) return current;
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set();
      this.waiters.set(id, set);
      const done = (document: DocumentEntity) => {
        clearTimeout(timer);
        set.delete(done);
        resolve(document);
      };
      const timer = setTimeout(() => {
        set.delete(done);
        void this.get(id).then(resolve, () => resolve(current));
      }, timeoutMs);
      set.add(done);
      // It may have finished between the read and the subscription.
      void this.get(id).then((latest) => TERMINAL.includes(latest.status) && done(latest));
    });
  }

  /** Throws DOCUMENT_NOT_FOUND before anything is listened to, so a caller can still answer with an error. */
  async follow(id: string): Promise<DocumentStatusFeed> {
    const document = await this.get(id);
    return {
      current: { documentId: id, status: document.status, progress: document.progress, errorCode: document.errorCode ?? undefined },
      finished: TERMINAL.includes(document.status),
      listen: (onEvent, onEnd) => {
        const stop = this.bus.subscribe('rag.document.status', (event) => {
          if (event.documentId !== id) return;
          onEvent(event);
          if (!TERMINAL.includes(event.status as DocumentStatus)) return;
          stop();
          onEnd();
        });
        return stop;
      },
    };
  }

  private async get(id: string): Promise<DocumentEntity> {
    const document = await this.repository.findDocument(id);
    if (!document) throw new RagError(RagErrorCode.DOCUMENT_NOT_FOUND, `No document ${id}`);
    return document;
  }
}
