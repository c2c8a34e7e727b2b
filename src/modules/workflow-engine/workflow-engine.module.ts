import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideModuleIdentity } from 'src/core/module-identity';
import { AssignmentService } from './assignment.service';
import { DefinitionCache } from './engine/definition-cache';
import { RunDriver } from './engine/run-driver';
import { RunLauncher } from './engine/run-launcher';
import { StepRunner } from './engine/step-runner';
import { WorkflowClock } from './engine/workflow-clock';
import { WorkflowWorker } from './engine/workflow-worker.service';
import { WorkflowEventEntity } from './entities/workflow-event.entity';
import { WorkflowOutboxEntity } from './entities/workflow-outbox.entity';
import { WorkflowRunEntity } from './entities/workflow-run.entity';
import { WorkflowScheduleFireEntity } from './entities/workflow-schedule-fire.entity';
import { WorkflowScheduleEntity } from './entities/workflow-schedule.entity';
import { WorkflowSignalEntity } from './entities/workflow-signal.entity';
import { WorkflowTemplateEntity } from './entities/workflow-template.entity';
import { WorkflowVersionEntity } from './entities/workflow-version.entity';
import { WorkflowEntity } from './entities/workflow.entity';
import { RunEventStreamService } from './run-event-stream.service';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';
import { WORKFLOW_ENGINE_MODULE } from './workflow-engine.descriptor';
import { WorkflowEngineHandlers } from './workflow-engine.handlers';
import { WorkflowRunsController } from './workflow-runs.controller';
import { WorkflowRunsService } from './workflow-runs.service';
import { WorkflowStreamGateway } from './workflow-stream.gateway';
import { WorkflowRepository } from './workflow.repository';
import { WorkflowsA2aController } from './workflows-a2a.controller';
import { WorkflowsController } from './workflows.controller';
import { WorkflowsService } from './workflows.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      WorkflowEntity,
      WorkflowVersionEntity,
      WorkflowRunEntity,
      WorkflowEventEntity,
      WorkflowOutboxEntity,
      WorkflowSignalEntity,
      WorkflowTemplateEntity,
      WorkflowScheduleEntity,
      WorkflowScheduleFireEntity,
    ]),
  ],
  // Static segments (runs, templates) before `:id`, though the router prefers them anyway.
  controllers: [WorkflowRunsController, TemplatesController, WorkflowsController, SchedulesController, WorkflowsA2aController],
  providers: [
    provideModuleIdentity(WORKFLOW_ENGINE_MODULE),
    WorkflowRepository,
    WorkflowClock,
    DefinitionCache,
    RunLauncher,
    StepRunner,
    RunDriver,
    WorkflowWorker,
    WorkflowsService,
    WorkflowRunsService,
    RunEventStreamService,
    TemplatesService,
    SchedulesService,
    AssignmentService,
    WorkflowStreamGateway,
    WorkflowEngineHandlers,
  ],
})
export class WorkflowEngineModule {}
