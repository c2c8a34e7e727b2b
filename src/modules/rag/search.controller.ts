import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import {
  AnswerDto,
  HybridSearchDto,
  OptimizeIndexDto,
  QueryDto,
  SearchHistoryQueryDto,
  SearchResultDto,
  SemanticSearchDto,
  toSearchSessionResponse,
} from 'src/modules/rag/dto/search.dto';
import { InsightsService } from 'src/modules/rag/insights.service';
import { QaService } from 'src/modules/rag/search/qa.service';
import { SearchService } from 'src/modules/rag/search/search.service';

@ApiTags('rag')
@Controller()
export class SearchController {
  constructor(
    private readonly search: SearchService,
    private readonly qa: QaService,
    private readonly insights: InsightsService,
  ) {}

  /** Vector search in Chroma with the collection's embedding model, with metadata filters. */
  @Post('api/search/semantic')
  @HttpCode(200)
  @RequirePermission('rag:read')
  @ApiOkResponse({ type: SearchResultDto })
  semanticSearch(@Body() body: SemanticSearchDto, @CurrentPrincipal() principal: Principal): Promise<SearchResultDto> {
    return this.search.search('semantic', { ...body, k: body.k ?? 10 }, principal.id);
  }

  /** Vector and keyword (full text in the primary database) rankings fused on normalised scores, weighted per query or by fixed weights. */
  @Post('api/search/hybrid')
  @HttpCode(200)
  @RequirePermission('rag:read')
  @ApiOkResponse({ type: SearchResultDto })
  hybridSearch(@Body() body: HybridSearchDto, @CurrentPrincipal() principal: Principal): Promise<SearchResultDto> {
    const { mode, ...request } = body;
    return this.search.search(mode ?? 'hybrid', { ...request, k: body.k ?? 10 }, principal.id);
  }

  /** Past searches and questions, newest first. */
  @Get('api/search/history')
  @RequirePermission('rag:read')
  async listSearchHistory(@Query() query: SearchHistoryQueryDto) {
    return (await this.search.pastSearches(query.collection, query.limit ?? 50)).map(toSearchSessionResponse);
  }

  /** Question answering: hybrid retrieval, then an answer with numbered citations (extractive without a model). */
  @Post('api/query')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('rag:read')
  @ApiOkResponse({ type: AnswerDto })
  queryKnowledge(@Body() body: QueryDto, @CurrentPrincipal() principal: Principal): Promise<AnswerDto> {
    return this.qa.ask({ ...body, k: body.k ?? 5 }, principal.id);
  }

  /** Compaction of deleted entries, keyword index optimization, and optional re-embedding with another model (background). */
  @Post('api/index/optimize')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('rag:write')
  optimizeIndex(@Body() body: OptimizeIndexDto) {
    return this.insights.optimize(body.collection, body.reembedWith);
  }
}
