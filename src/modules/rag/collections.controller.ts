import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from 'src/core/auth/auth.decorators';
import { RefParam } from 'src/core/id-params';
import { CollectionsService } from './collections.service';
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
  constructor(private readonly collections: CollectionsService) {}

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

  /** Removes the collection with its documents, chunks, keyword entries and vectors. */
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
