import { BadRequestException, Controller, Delete, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Bus } from '@libs/bus';
import { Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import { globalValidationPipe } from 'src/core/validation';
import { DocumentsService } from './documents.service';
import {
  CreateDocumentDto,
  CreateDocumentQueryDto,
  DocumentPageDto,
  DocumentResponseDto,
  InsightsQueryDto,
  ListDocumentsQueryDto,
  toDocumentResponse,
  UploadFieldsDto,
} from './dto/document.dto';
import { InsightsService } from './insights.service';
import { RagError, RagErrorCode } from './rag.errors';
import { RagRepository } from './rag.repository';
import { tooLarge } from './adapters/url-fetcher';
import { UuidParam } from 'src/core/id-params';

const WAIT_MS = 120_000;

@ApiTags('rag')
@ApiExtraModels(CreateDocumentDto)
@Controller('api/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly insightsService: InsightsService,
    private readonly repository: RagRepository,
    private readonly bus: Bus,
  ) {}

  @Post()
  @HttpCode(202)
  @Expensive()
  @RequirePermission('rag:write')
  @ApiOperation({
    summary:
      'Add a document to a collection: a multipart upload (fields collection, metadata as JSON, file), or JSON with a url or inline text. ' +
      'Answers 202 with the queued document (200 with duplicate: true for bytes already in the collection); ?wait=true answers once it is indexed or failed.',
  })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CreateDocumentDto) },
        {
          type: 'object',
          required: ['collection', 'file'],
          properties: {
            collection: { type: 'string' },
            metadata: { type: 'string', description: 'JSON object' },
            file: { type: 'string', format: 'binary' },
          },
        },
      ],
    },
  })
  @ApiAcceptedResponse({ type: DocumentResponseDto })
  @ApiOkResponse({ type: DocumentResponseDto, description: 'The same bytes were already in the collection' })
  async createDocument(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: CreateDocumentQueryDto,
  ): Promise<DocumentResponseDto> {
    const created = request.isMultipart() ? await this.fromMultipart(request) : await this.fromJson(request.body);
    let document = created.document;
    if (query.wait && !created.duplicate) document = await this.documents.waitForTerminal(document.id, WAIT_MS);
    if (created.duplicate) reply.status(200);
    return toDocumentResponse(document, created.duplicate);
  }

  @Get()
  @RequirePermission('rag:read')
  @ApiOkResponse({ type: DocumentPageDto })
  async listDocuments(@Query() query: ListDocumentsQueryDto): Promise<DocumentPageDto> {
    const [items, total] = await this.documents.list({
      collectionId: query.collection ? await this.collectionId(query.collection) : undefined,
      status: query.status,
      q: query.q,
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
    return { items: items.map((d) => toDocumentResponse(d)), total };
  }

  @Get(':id')
  @RequirePermission('rag:read')
  @ApiOkResponse({ type: DocumentResponseDto })
  async getDocument(@UuidParam() id: string): Promise<DocumentResponseDto> {
    return toDocumentResponse(await this.documents.get(id));
  }

  /** Removes the document, its chunks, its keyword entries and its vectors. */
  @Delete(':id')
  @RequirePermission('rag:write')
  @HttpCode(204)
  @ApiNoContentResponse()
  deleteDocument(@UuidParam() id: string): Promise<void> {
    return this.documents.remove(id);
  }

  /** Parses, chunks and embeds the document again from its stored bytes. */
  @Post(':id/reindex')
  @HttpCode(202)
  @Expensive()
  @RequirePermission('rag:write')
  @ApiAcceptedResponse({ type: DocumentResponseDto })
  async reindexDocument(@UuidParam() id: string): Promise<DocumentResponseDto> {
    return toDocumentResponse(await this.documents.reindex(id));
  }

  /** The document's chunks in order, with their page and heading. */
  @Get(':id/chunks')
  @RequirePermission('rag:read')
  async listDocumentChunks(@UuidParam() id: string) {
    await this.documents.get(id);
    return (await this.repository.documentChunks(id)).map(({ id: chunkId, chunkIndex, text, tokenCount, page, pageEnd, heading }) => ({
      chunkId,
      chunkIndex,
      text,
      tokenCount,
      page,
      pageEnd,
      heading,
    }));
  }

  /** Statistics, key terms, headings, and a summary when a model is given (?model=provider:modelId). */
  @Get(':id/insights')
  @RequirePermission('rag:read')
  getDocumentInsights(@UuidParam() id: string, @Query() query: InsightsQueryDto) {
    let model: { provider: string; modelId: string } | undefined;
    if (query.model) {
      const at = query.model.indexOf(':');
      if (at <= 0 || at === query.model.length - 1) throw new BadRequestException('model must be provider:modelId');
      model = { provider: query.model.slice(0, at), modelId: query.model.slice(at + 1) };
    }
    return this.insightsService.insights(id, model);
  }

  /** Server-sent events: the document's status and progress until it is indexed or failed. */
  @Get(':id/events')
  @RequirePermission('rag:read')
  @ApiProduces('text/event-stream')
  async streamDocumentEvents(@UuidParam() id: string, @Res() reply: FastifyReply): Promise<void> {
    const document = await this.documents.get(id);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (data: unknown) => raw.write(`event: status\ndata: ${JSON.stringify(data)}\n\n`);
    const terminal = (status: string) => status === 'indexed' || status === 'failed';
    send({ documentId: id, status: document.status, progress: document.progress, errorCode: document.errorCode ?? undefined });
    if (terminal(document.status)) return void raw.end();
    const stop = this.bus.subscribe('rag.document.status', (event) => {
      if (event.documentId !== id) return;
      send(event);
      if (terminal(event.status)) finish();
    });
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    const finish = () => {
      stop();
      clearInterval(heartbeat);
      raw.end();
    };
    raw.on('close', () => {
      stop();
      clearInterval(heartbeat);
    });
  }

  private async fromJson(body: unknown) {
    const dto = (await globalValidationPipe().transform(body ?? {}, { type: 'body', metatype: CreateDocumentDto })) as CreateDocumentDto;
    if (dto.text !== undefined)
      return this.documents.create({
        collection: dto.collection,
        bytes: Buffer.from(dto.text, 'utf8'),
        filename: dto.filename ?? 'text.txt',
        metadata: dto.metadata,
      });
    return this.documents.fromUrl({ collection: dto.collection, url: dto.url!, filename: dto.filename, metadata: dto.metadata });
  }

  /** Reads the fields and the one file of a multipart upload, enforcing the size limit while streaming. */
  private async fromMultipart(request: FastifyRequest) {
    const fields: Record<string, unknown> = {};
    let file: { bytes: Buffer; filename: string; mimetype: string } | undefined;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (file) throw new BadRequestException('Upload one file per request');
          const bytes = await part.toBuffer();
          if (part.file.truncated) throw tooLarge(part.file.bytesRead);
          file = { bytes, filename: part.filename, mimetype: part.mimetype };
        } else if (typeof part.value === 'string') {
          fields[part.fieldname] = part.fieldname === 'metadata' ? parseMetadata(part.value) : part.value;
        }
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || (error as { statusCode?: number }).statusCode === 413)
        throw new RagError(RagErrorCode.FILE_TOO_LARGE, 'The upload is larger than RAG_MAX_UPLOAD_BYTES');
      throw error;
    }
    const dto = (await globalValidationPipe().transform(fields, { type: 'body', metatype: UploadFieldsDto })) as UploadFieldsDto;
    if (!file) throw new BadRequestException('A multipart upload needs a file part');
    return this.documents.create({
      collection: dto.collection,
      bytes: file.bytes,
      filename: dto.filename ?? file.filename,
      declaredType: file.mimetype,
      metadata: dto.metadata,
    });
  }

  private async collectionId(idOrName: string): Promise<string> {
    return (await this.documents.collectionOf(idOrName)).id;
  }
}

function parseMetadata(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new BadRequestException('metadata must be a JSON object');
  }
}
