import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from 'src/core/auth/auth.decorators';
import { HexParam } from 'src/core/id-params';
import {
  A2aFlowDto,
  A2aTraceQueryDto,
  SpanDto,
  SpanListDto,
  SpanQueryDto,
  TraceDto,
  TraceListDto,
} from 'src/modules/observability/dto/traces.dto';
import { SpanStore } from 'src/modules/observability/traces/span-store.service';
import { TracesService } from 'src/modules/observability/traces/traces.service';

@ApiTags('observability')
@Controller()
export class TracesController {
  constructor(
    private readonly traces: TracesService,
    private readonly store: SpanStore,
  ) {}

  @Get('api/traces')
  @RequirePermission('observability:read')
  @ApiOperation({
    summary: 'Search traces: by module, operation, agent, session, run, status, span duration, time range and attributes; newest first',
  })
  @ApiOkResponse({ type: TraceListDto })
  async listTraces(@Query() query: SpanQueryDto): Promise<TraceListDto> {
    await this.store.flush();
    return this.traces.list(query);
  }

  @Get('api/traces/:traceId')
  @RequirePermission('observability:read')
  @ApiOperation({ summary: 'Every stored span of one trace, as a tree, with token and cost totals' })
  @ApiOkResponse({ type: TraceDto })
  async getTrace(@HexParam('traceId', 32) traceId: string): Promise<TraceDto> {
    await this.store.flush();
    return this.traces.get(traceId);
  }

  @Get('api/spans')
  @RequirePermission('observability:read')
  @ApiOperation({ summary: 'Search spans (the same filters as traces, traceId included); newest first' })
  @ApiOkResponse({ type: SpanListDto })
  async listSpans(@Query() query: SpanQueryDto): Promise<SpanListDto> {
    await this.store.flush();
    return this.traces.search(query);
  }

  @Get('api/spans/:spanId')
  @RequirePermission('observability:read')
  @ApiOperation({ summary: 'One span with its attributes, events and resource' })
  @ApiOkResponse({ type: SpanDto })
  async getSpan(@HexParam('spanId', 16) spanId: string): Promise<SpanDto> {
    await this.store.flush();
    return this.traces.span(spanId);
  }

  @Get('a2a/traces')
  @RequirePermission('observability:read')
  @ApiOperation({
    summary: 'The A2A message flow between agents and modules (bus messages and agent invocations), per trace, session or time window',
  })
  @ApiOkResponse({ type: A2aFlowDto })
  getA2aTraces(@Query() query: A2aTraceQueryDto): Promise<A2aFlowDto> {
    return this.traces.a2aFlow(query);
  }
}
