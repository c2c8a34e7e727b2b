import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { UuidParam } from 'src/core/id-params';
import {
  RunQueryDto,
  RunResultsDto,
  RunResponseDto,
  RunStartedDto,
  ExecuteWorkflowDto,
  toRunResponse,
  toRunResults,
} from 'src/modules/workflow-engine/dto/run.dto';
import {
  CreateWorkflowDto,
  toWorkflowResponse,
  toWorkflowSummary,
  UpdateWorkflowDto,
  ValidateWorkflowDto,
  ValidationResultDto,
  WorkflowListQueryDto,
  WorkflowPageDto,
  WorkflowResponseDto,
  WorkflowVersionDto,
} from 'src/modules/workflow-engine/dto/workflow.dto';
import { WorkflowRunsService } from 'src/modules/workflow-engine/workflow-runs.service';
import { WorkflowsService } from 'src/modules/workflow-engine/workflows.service';

@ApiTags('workflows')
@Controller('api/workflows')
export class WorkflowsController {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly runs: WorkflowRunsService,
  ) {}

  /** A DAG of steps; validated (no cycles, references resolve, expressions parse). Version 1. */
  @Post()
  @RequirePermission('workflows:write')
  @ApiCreatedResponse({ type: WorkflowResponseDto })
  async createWorkflow(@Body() dto: CreateWorkflowDto, @CurrentPrincipal() principal: Principal): Promise<WorkflowResponseDto> {
    return toWorkflowResponse(...(await this.workflows.create(dto, principal)));
  }

  @Get()
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: WorkflowPageDto })
  async listWorkflows(@Query() query: WorkflowListQueryDto): Promise<WorkflowPageDto> {
    const [items, total] = await this.workflows.list(query);
    return { items: items.map(toWorkflowSummary), total };
  }

  /** Checks a definition without storing it (the console's designer calls it as you edit). */
  @Post('validate')
  @HttpCode(200)
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: ValidationResultDto })
  validateWorkflow(@Body() dto: ValidateWorkflowDto): ValidationResultDto {
    const result = this.workflows.validate(dto.definition);
    return { valid: result.valid, issues: result.issues };
  }

  @Get(':id')
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: WorkflowResponseDto })
  async getWorkflow(@UuidParam() id: string): Promise<WorkflowResponseDto> {
    return toWorkflowResponse(...(await this.workflows.getWithDefinition(id)));
  }

  /** A new version; runs already going keep theirs. */
  @Put(':id')
  @RequirePermission('workflows:write')
  @ApiOkResponse({ type: WorkflowResponseDto })
  async updateWorkflow(
    @UuidParam() id: string,
    @Body() dto: UpdateWorkflowDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WorkflowResponseDto> {
    return toWorkflowResponse(...(await this.workflows.update(id, dto, principal)));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('workflows:write')
  @ApiNoContentResponse({ description: 'Deleted with its versions, runs and schedules; 409 while a run is going' })
  deleteWorkflow(@UuidParam() id: string): Promise<void> {
    return this.workflows.remove(id);
  }

  @Get(':id/versions')
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: [WorkflowVersionDto] })
  async listWorkflowVersions(@UuidParam() id: string): Promise<WorkflowVersionDto[]> {
    return (await this.workflows.versions(id)).map((v) => ({
      version: v.version,
      definition: JSON.parse(v.definition),
      createdAt: v.createdAt.toISOString(),
    }));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequirePermission('workflows:write')
  @ApiOkResponse({ type: WorkflowResponseDto })
  async disableWorkflow(@UuidParam() id: string): Promise<WorkflowResponseDto> {
    await this.workflows.setEnabled(id, false);
    return toWorkflowResponse(...(await this.workflows.getWithDefinition(id)));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @RequirePermission('workflows:write')
  @ApiOkResponse({ type: WorkflowResponseDto })
  async enableWorkflow(@UuidParam() id: string): Promise<WorkflowResponseDto> {
    await this.workflows.setEnabled(id, true);
    return toWorkflowResponse(...(await this.workflows.getWithDefinition(id)));
  }

  /** Starts a run (202 with its id), or with `wait: true` answers with the run once it ends or waits. */
  @Post(':id/execute')
  @HttpCode(202)
  @RequirePermission('workflows:execute')
  @ApiOkResponse({ type: RunStartedDto })
  async executeWorkflow(
    @UuidParam() id: string,
    @Body() dto: ExecuteWorkflowDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RunStartedDto | RunResponseDto> {
    const started = await this.workflows.execute(id, dto.input, principal, dto.version);
    if (!dto.wait) return { runId: started.runId, workflowId: id, version: started.version, status: 'queued' };
    await this.runs.waitForRun(started.runId, dto.waitMs ?? 30_000);
    return toRunResponse(...(await this.runs.get(started.runId)));
  }

  /** The status of the workflow's latest run (or `runId`), with every step's state. */
  @Get(':id/status')
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: RunResponseDto })
  async getWorkflowStatus(@UuidParam() id: string, @Query() query: RunQueryDto): Promise<RunResponseDto> {
    return toRunResponse(...(await this.runs.ofWorkflow(id, query.runId)));
  }

  /** The output of the workflow's latest run (or `runId`) and each succeeded step's output. */
  @Get(':id/results')
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: RunResultsDto })
  async getWorkflowResults(@UuidParam() id: string, @Query() query: RunQueryDto): Promise<RunResultsDto> {
    return toRunResults(...(await this.runs.ofWorkflow(id, query.runId)));
  }
}
