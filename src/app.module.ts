import { DynamicModule, Module, Type } from '@nestjs/common';
import type { Env, ModuleName } from '@libs/config';
import { CoreModule } from 'src/core/core.module';
import type { PlatformMetrics } from 'src/core/metrics/platform-metrics';
import { AgentsModule } from 'src/modules/agents';
import { GatewayModule } from 'src/modules/gateway';
import { ObservabilityModule } from 'src/modules/observability';
import { OrchestratorModule } from 'src/modules/orchestrator';
import { RagModule } from 'src/modules/rag';
import { SqlToolModule } from 'src/modules/sqltool';
import { ToolsModule } from 'src/modules/tools';
import { WorkflowEngineModule } from 'src/modules/workflow-engine';

const FEATURE_MODULES: Record<ModuleName, Type> = {
  gateway: GatewayModule,
  agents: AgentsModule,
  orchestrator: OrchestratorModule,
  rag: RagModule,
  tools: ToolsModule,
  sqltool: SqlToolModule,
  'workflow-engine': WorkflowEngineModule,
  observability: ObservabilityModule,
};

/** CoreModule plus the feature modules named by MODULES (all of them by default). */
@Module({})
export class AppModule {
  static forRoot(env: Env, processId: string, metrics: PlatformMetrics): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(env, processId, metrics), ...env.modules.map((name) => FEATURE_MODULES[name])],
    };
  }
}
