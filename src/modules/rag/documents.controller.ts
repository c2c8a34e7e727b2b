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
import { Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import { UuidParam } from 'src/core/id-params';
import { globalValidationPipe } from 'src/core/validation';
import { DocumentEventsService, type DocumentStatusFeed } from 'src/modules/rag/document-events.service';
import { DocumentsService, type NewDocument, type UrlDocument } from 'src/modules/rag/documents.service';
import {
  CreateDocumentDto,
  CreateDocumentQueryDto,
  DocumentPageDto,
  DocumentResponseDto,
  InsightsQueryDto,
  ListDocumentsQueryDto,
  toDocumentChunkResponse,
  toDocumentResponse,
} from 'src/modules/rag/dto/document.dto';
import { readMultipartUpload } from 'src/modules/rag/ingestion/multipart-upload';
import { InsightsService } from 'src/modules/rag/insights.service';

const WAIT_MS = 120_000;

@ApiTags('rag')
@ApiExtraModels(CreateDocumentDto)
@Controller('api/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly insightsService: InsightsService,
    private readonly events: DocumentEventsService,
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
    const input = request.isMultipart() ? await readMultipartUpload(request) : await readJsonUpload(request.body);
    const created = await this.documents.add(input, query.wait ? WAIT_MS : 0);
    if (created.duplicate) reply.status(200);
    return toDocumentResponse(created.document, created.duplicate);
  }

  @Get()
  @RequirePermission('rag:read')
  @ApiOkResponse({ type: DocumentPageDto })
  async listDocuments(@Query() query: ListDocumentsQueryDto): Promise<DocumentPageDto> {
    const [items, total] = await this.documents.list({
      collectionId: query.collection ? (await this.documents.collectionOf(query.collection)).id : undefined,
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
    return (await this.documents.chunks(id)).map(toDocumentChunkResponse);
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
    writeStatusStream(reply, await this.events.follow(id));
  }
}

/** The JSON form of an upload, validated like a body: inline text or a URL to fetch. */
async function readJsonUpload(body: unknown): Promise<NewDocument | UrlDocument> {
  const dto = (await globalValidationPipe().transform(body ?? {}, { type: 'body', metatype: CreateDocumentDto })) as CreateDocumentDto;
  const { collection, filename, metadata } = dto;
  if (dto.text !== undefined) return { collection, bytes: Buffer.from(dto.text, 'utf8'), filename: filename ?? 'text.txt', metadata };
  return { collection, url: dto.url!, filename, metadata };
}

/** Server-sent `status` events with a keep-alive comment every 15 s; the reply ends with the terminal status. */
function writeStatusStream(reply: FastifyReply, feed: DocumentStatusFeed): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const send = (data: unknown) => raw.write(`event: status\ndata: ${JSON.stringify(data)}\n\n`);
  send(feed.current);
  if (feed.finished) return void raw.end();
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
  const stop = feed.listen(send, () => {
    clearInterval(heartbeat);
    raw.end();
  });
  raw.on('close', () => {
    stop();
    clearInterval(heartbeat);
  });
}
