import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideModuleIdentity } from 'src/core/module-identity';
import { BroadcastService } from './broadcast.service';
import { CollaborationService } from './collaboration.service';
import { CoordinationService } from './coordination.service';
import { BroadcastEntity } from './entities/broadcast.entity';
import { OrchestrationSessionEntity } from './entities/orchestration-session.entity';
import { TaskAssignmentEntity } from './entities/task-assignment.entity';
import { NetworkService } from './network.service';
import { OrchestratorA2aController } from './orchestrator-a2a.controller';
import { OrchestratorController } from './orchestrator.controller';
import { ORCHESTRATOR_MODULE } from './orchestrator.descriptor';
import { OrchestratorHandlers } from './orchestrator.handlers';
import { OrchestratorRepository } from './orchestrator.repository';
import { PlannerService } from './planner.service';
import { SessionDriver } from './session-driver.service';
import { SessionsService } from './sessions.service';
import { SkillRouter } from './skill-router.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrchestrationSessionEntity, TaskAssignmentEntity, BroadcastEntity])],
  controllers: [OrchestratorController, OrchestratorA2aController],
  providers: [
    provideModuleIdentity(ORCHESTRATOR_MODULE),
    OrchestratorRepository,
    PlannerService,
    SkillRouter,
    SessionsService,
    SessionDriver,
    BroadcastService,
    CoordinationService,
    NetworkService,
    OrchestratorHandlers,
    CollaborationService,
  ],
})
export class OrchestratorModule {}
