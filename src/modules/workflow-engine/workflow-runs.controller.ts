import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { UuidParam } from 'src/core/id-params';
import {
  ApprovalDto,
  EventsQueryDto,
  RerunDto,
  RunEventDto,
  RunListQueryDto,
  RunPageDto,
  RunResponseDto,
  RunStartedDto,
  toRunEvent,
  toRunResponse,
  toRunSummary,
} from 'src/modules/workflow-engine/dto/run.dto';
import { RunEventStreamService } from 'src/modules/workflow-engine/run-event-stream.service';
import { WorkflowRunsService } from 'src/modules/workflow-engine/workflow-runs.service';

@ApiTags('workflows')
@Controller('api/workflows/runs')
export class WorkflowRunsController {
  constructor(
    private readonly runs: WorkflowRunsService,
    private readonly stream: RunEventStreamService,
  ) {}

  @Get()
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: RunPageDto })
  async listWorkflowRuns(@Query() query: RunListQueryDto): Promise<RunPageDto> {
    const [items, total] = await this.runs.list(query);
    return { items: items.map(toRunSummary), total };
  }

  @Get(':id')
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: RunResponseDto })
  async getWorkflowRun(@UuidParam() id: string): Promise<RunResponseDto> {
    return toRunResponse(...(await this.runs.get(id)));
  }

  /** The run's journal after `after` (a sequence number), in order. */
  @Get(':id/events')
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: [RunEventDto] })
  async listWorkflowRunEvents(@UuidParam() id: string, @Query() query: EventsQueryDto): Promise<RunEventDto[]> {
    return (await this.runs.events(id, query.after)).map(toRunEvent);
  }

  /**
   * Server-sent events: every journal event after `after` (or the `Last-Event-ID` header), then live ones; the stream
   * ends after the run's last event. Each event's `id` is its seq, so a reconnecting client misses nothing.
   */
  @Get(':id/stream')
  @RequirePermission('workflows:read')
  @ApiProduces('text/event-stream')
  async streamWorkflowRun(@UuidParam() id: string, @Query() query: EventsQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const lastEventId = Number(reply.request.headers['last-event-id']);
    const after = Number.isInteger(lastEventId) && lastEventId > 0 ? Math.max(lastEventId, query.after) : query.after;
    await this.runs.get(id); // a 404 before the stream starts
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    const feed = await this.stream.open(
      id,
      after,
      (event) => raw.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
      () => {
        clearInterval(heartbeat);
        raw.end();
      },
    );
    raw.on('close', () => {
      clearInterval(heartbeat);
      feed.close();
    });
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @RequirePermission('workflows:execute')
  @ApiOkResponse({ type: RunResponseDto })
  async cancelWorkflowRun(@UuidParam() id: string): Promise<RunResponseDto> {
    await this.runs.cancel(id);
    return toRunResponse(...(await this.runs.get(id)));
  }

  /** Approves or rejects a waiting approval step; who and when are recorded. A second decision is a 409. */
  @Post(':id/approvals/:stepPath')
  @HttpCode(202)
  @RequirePermission('workflows:execute')
  @ApiOkResponse({ type: RunResponseDto })
  async decideWorkflowApproval(
    @UuidParam() id: string,
    @Param('stepPath') stepPath: string,
    @Body() dto: ApprovalDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RunResponseDto> {
    await this.runs.decide(id, stepPath, dto.approved, dto.comment, principal);
    return toRunResponse(...(await this.runs.get(id)));
  }

  /** A new run on the current version: succeeded steps keep their outputs, the failed ones and the rest run. */
  @Post(':id/retry')
  @HttpCode(202)
  @RequirePermission('workflows:execute')
  @ApiOkResponse({ type: RunStartedDto })
  async retryWorkflowRun(@UuidParam() id: string, @CurrentPrincipal() principal: Principal): Promise<RunStartedDto> {
    return this.started(await this.runs.retry(id, principal));
  }

  /** A new run on the current version from `fromStep`: it and its dependents run again, the rest keep their outputs. */
  @Post(':id/rerun')
  @HttpCode(202)
  @RequirePermission('workflows:execute')
  @ApiOkResponse({ type: RunStartedDto })
  async rerunWorkflowRun(@UuidParam() id: string, @Body() dto: RerunDto, @CurrentPrincipal() principal: Principal): Promise<RunStartedDto> {
    return this.started(await this.runs.rerun(id, dto.fromStep, principal));
  }

  private async started(runId: string): Promise<RunStartedDto> {
    const [run] = await this.runs.get(runId);
    return { runId, workflowId: run.workflowId, version: run.version, status: run.status };
  }
}
