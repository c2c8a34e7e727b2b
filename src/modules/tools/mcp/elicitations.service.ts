import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ElicitRequestFormParams, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { Env } from '@libs/config';
import { SchemaChecker } from '@libs/json-schema';
import { ENV } from 'src/core/env.token';
import type { ElicitationAsker } from 'src/modules/tools/mcp/mcp-connections';
import { ToolsError, ToolsErrorCode } from 'src/modules/tools/tools.errors';

/** What the caller sees of a server's request for input (the `elicitation` SSE event). */
export interface ElicitationEvent {
  id: string;
  serverMessage: string;
  requestedSchema: Record<string, unknown>;
  expiresAt: string;
}

interface Pending {
  principalId: string;
  schema: Record<string, unknown>;
  finish(result: ElicitResult): void;
}

/**
 * Questions MCP servers ask during tool calls (elicitation, form mode), put to the REST caller who streams the call
 * (Accept: text/event-stream) and answered with POST /api/tools/elicitations/:id. An answer that accepts is checked
 * against the schema the server sent, with the schema's defaults filled into fields it leaves out (as the
 * specification says a client applies them); one that breaks the schema is refused and the question stays open.
 * No answer within MCP_ELICITATION_TIMEOUT_MS (or before the call ends) declines. Questions live in the process
 * that holds the caller's stream.
 */
@Injectable()
export class ElicitationsService {
  private readonly pending = new Map<string, Pending>();
  private readonly schemas = new SchemaChecker();

  constructor(@Inject(ENV) private readonly env: Env) {}

  /** An asker for one caller: each question is announced (the SSE event) and waits for that caller's answer. */
  askerFor(principalId: string, announce: (event: ElicitationEvent) => void): ElicitationAsker {
    return (request: ElicitRequestFormParams, signal: AbortSignal) =>
      new Promise<ElicitResult>((resolve) => {
        const id = randomUUID();
        const timeoutMs = this.env.MCP_ELICITATION_TIMEOUT_MS;
        const onAbort = () => finish({ action: 'cancel' });
        const finish = (result: ElicitResult) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          this.pending.delete(id);
          resolve(result);
        };
        const timer = setTimeout(() => finish({ action: 'decline' }), timeoutMs);
        timer.unref();
        if (signal.aborted) return finish({ action: 'cancel' });
        signal.addEventListener('abort', onAbort, { once: true });
        const schema = request.requestedSchema as Record<string, unknown>;
        this.pending.set(id, { principalId, schema, finish });
        announce({
          id,
          serverMessage: request.message,
          requestedSchema: schema,
          expiresAt: new Date(Date.now() + timeoutMs).toISOString(),
        });
      });
  }

  /** The caller's answer. Someone else's question reads as not found. */
  answer(id: string, principalId: string, action: ElicitResult['action'], content?: Record<string, unknown>): void {
    const pending = this.pending.get(id);
    if (!pending || pending.principalId !== principalId)
      throw new ToolsError(ToolsErrorCode.ELICITATION_NOT_FOUND, `No open question ${id} (answered, timed out, or not yours)`);
    if (action !== 'accept') return pending.finish({ action });
    let check;
    try {
      check = this.schemas.compile(pending.schema);
    } catch (error) {
      pending.finish({ action: 'decline' });
      throw new ToolsError(ToolsErrorCode.ELICITATION_INVALID, `The server's requested schema is not valid: ${(error as Error).message}`);
    }
    const checked = check(content);
    if (!checked.ok)
      throw new ToolsError(ToolsErrorCode.ELICITATION_INVALID, 'The answer does not match the schema the server asked for', {
        errors: checked.findings,
      });
    pending.finish({ action: 'accept', content: checked.value as ElicitResult['content'] });
  }

  /** Open questions (for tests and shutdown). */
  get size(): number {
    return this.pending.size;
  }
}
