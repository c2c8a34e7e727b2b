import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from 'src/core/auth/auth.decorators';
import { RefParam } from 'src/core/id-params';
import { CollectionsService } from './collections.service';
import { BuildGraphQueryDto, GraphDto, GraphQueryDto, GraphSummaryDto, NeighboursDto, NeighboursQueryDto } from './dto/graph.dto';
import { KnowledgeGraphService } from './graph/knowledge-graph.service';
import { RagError, RagErrorCode } from './rag.errors';
import {
  CollectionResponseDto,
  CreateCollectionDto,
  CreateEmbeddingModelDto,
  EmbeddingModelResponseDto,
  toCollectionResponse,
  toEmbeddingModelResponse,
} from './dto/collection.dto';

@ApiTags('rag')
@Controller('api/collections')
export class CollectionsController {
  constructor(
    private readonly collections: CollectionsService,
    private readonly graphs: KnowledgeGraphService,
  ) {}

  @Get()
  @RequirePermission('rag:read')
  @ApiOkResponse({ type: [CollectionResponseDto] })
  async listCollections(): Promise<CollectionResponseDto[]> {
    const [collections, counts] = await Promise.all([this.collections.list(), this.collections.counts()]);
    return collections.map((c) => toCollectionResponse(c, counts.get(c.id)));
  }

  /** A collection bound to one embedding model; its vectors live in ChromaDB. */
  @Post()
  @RequirePermission('rag:write')
  @ApiCreatedResponse({ type: CollectionResponseDto })
  async createCollection(@Body() body: CreateCollectionDto): Promise<CollectionResponseDto> {
    return toCollectionResponse(await this.collections.create(body));
  }

  @Get(':id')
  @RequirePermission('rag:read')
  @ApiOkResponse({ type: CollectionResponseDto })
  async getCollection(@RefParam() id: string): Promise<CollectionResponseDto> {
    const collection = await this.collections.get(id);
    return toCollectionResponse(collection, (await this.collections.counts()).get(collection.id));
  }

  /**
   * Builds the collection's entity graph from its chunks' key terms (words and two-word phrases, no model needed) and
   * how often two are key terms of the same chunk. Replaces the last build; ?wait=true answers once it is stored.
   */
  @Post(':id/graph')
  @RequirePermission('rag:write')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: GraphSummaryDto })
  async buildGraph(@RefParam() id: string, @Query() query: BuildGraphQueryDto): Promise<GraphSummaryDto> {
    const { started, done } = await this.graphs.build(id);
    return query.wait ? done : started;
  }

  /** The collection's entity graph: its most frequent entities (or those matching q) and the relations among them. */
  @Get(':id/graph')
  @RequirePermission('rag:read')
  @ApiOkResponse({ type: GraphDto })
  getGraph(@RefParam() id: string, @Query() query: GraphQueryDto): Promise<GraphDto> {
    return this.graphs.describe(id, { q: query.q, limit: query.limit ?? 50 });
  }

  /** One entity of the graph and its strongest relations. */
  @Get(':id/graph/neighbours')
  @RequirePermission('rag:read')
  @ApiOkResponse({ type: NeighboursDto })
  async getGraphNeighbours(@RefParam() id: string, @Query() query: NeighboursQueryDto): Promise<NeighboursDto> {
    const found = await this.graphs.neighbours(id, query.entity, query.limit ?? 20);
    if (!found) throw new RagError(RagErrorCode.GRAPH_ENTITY_NOT_FOUND, `No entity "${query.entity}" in the graph of ${id}`);
    return found;
  }

  /** Removes the collection with its documents, chunks, keyword entries, vectors and entity graph. */
  @Delete(':id')
  @RequirePermission('rag:write')
  @HttpCode(204)
  @ApiNoContentResponse()
  deleteCollection(@RefParam() id: string): Promise<void> {
    return this.collections.remove(id);
  }
}

@ApiTags('rag')
@Controller('api/embedding-models')
export class EmbeddingModelsController {
  constructor(private readonly collections: CollectionsService) {}

  @Get()
  @RequirePermission('rag:read')
  @ApiOkResponse({ type: [EmbeddingModelResponseDto] })
  async listEmbeddingModels(): Promise<EmbeddingModelResponseDto[]> {
    return (await this.collections.listModels()).map(toEmbeddingModelResponse);
  }

  /** OpenAI, Google, Ollama, any OpenAI-compatible server, or a transformers.js model folder. */
  @Post()
  @RequirePermission('rag:write')
  @ApiCreatedResponse({ type: EmbeddingModelResponseDto })
  async createEmbeddingModel(@Body() body: CreateEmbeddingModelDto): Promise<EmbeddingModelResponseDto> {
    return toEmbeddingModelResponse(await this.collections.createModel(body));
  }

  @Delete(':id')
  @RequirePermission('rag:write')
  @HttpCode(204)
  @ApiNoContentResponse()
  deleteEmbeddingModel(@RefParam() id: string): Promise<void> {
    return this.collections.removeModel(id);
  }
}
