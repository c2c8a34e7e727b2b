import { Injectable } from '@nestjs/common';
import { BusHandler } from '@libs/bus';
import type { ParamsOf, ResultOf } from '@libs/contracts';
import { CollaborationService } from './collaboration.service';
import { SessionsService } from './sessions.service';

/** The orchestrator over the bus: the platform's supervisor agent hands goals to it. */
@Injectable()
export class OrchestratorHandlers {
  constructor(
    private readonly sessions: SessionsService,
    private readonly collaboration: CollaborationService,
  ) {}

  @BusHandler('orchestrator.collaborate')
  collaborate(params: ParamsOf<'orchestrator.collaborate'>): Promise<ResultOf<'orchestrator.collaborate'>> {
    return this.collaboration.collaborate(params);
  }

  @BusHandler('orchestrator.run')
  run(params: ParamsOf<'orchestrator.run'>): Promise<ResultOf<'orchestrator.run'>> {
    return this.sessions.runToEnd(params);
  }
}
