import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { provideModuleIdentity } from 'src/core/module-identity';
import { PLATFORM_VERSION } from 'src/core/platform-version';
import { builtinTools } from 'src/modules/tools/builtin/builtin-tools';
import { JsSandbox } from 'src/modules/tools/builtin/js-sandbox';
import { McpController } from 'src/modules/tools/mcp/mcp.controller';
import { McpServerEntity } from 'src/modules/tools/mcp/mcp-server.entity';
import { McpSamplingRequestEntity } from 'src/modules/tools/mcp/mcp-sampling-request.entity';
import { McpServersRepository } from 'src/modules/tools/mcp/mcp-servers.repository';
import { McpServersService } from 'src/modules/tools/mcp/mcp-servers.service';
import { McpSamplingService } from 'src/modules/tools/mcp/mcp-sampling.service';
import { ElicitationsService } from 'src/modules/tools/mcp/elicitations.service';
import { McpOAuthCredentialEntity } from 'src/modules/tools/mcp/oauth/mcp-oauth-credential.entity';
import { McpOAuthService } from 'src/modules/tools/mcp/oauth/mcp-oauth.service';
import { PlatformMcpServer } from 'src/modules/tools/mcp/platform-mcp.server';
import { ToolEntity, ToolExecutionEntity, ToolPermissionEntity } from 'src/modules/tools/tool.entity';
import { ToolExecutionService } from 'src/modules/tools/tool-execution.service';
import { ToolRegistryService } from 'src/modules/tools/tool-registry.service';
import { ToolsA2aController } from 'src/modules/tools/tools-a2a.controller';
import { ToolsController } from 'src/modules/tools/tools.controller';
import { TOOLS_MODULE } from 'src/modules/tools/tools.descriptor';
import { ToolsHandlers } from 'src/modules/tools/tools.handlers';
import { ToolsRepository } from 'src/modules/tools/tools.repository';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      ToolEntity,
      ToolPermissionEntity,
      ToolExecutionEntity,
      McpServerEntity,
      McpOAuthCredentialEntity,
      McpSamplingRequestEntity,
    ]),
  ],
  controllers: [ToolsController, McpController, ToolsA2aController],
  providers: [
    provideModuleIdentity(TOOLS_MODULE),
    ToolsRepository,
    McpServersRepository,
    ToolRegistryService,
    McpOAuthService,
    McpServersService,
    ElicitationsService,
    McpSamplingService,
    ToolExecutionService,
    ToolsHandlers,
    PlatformMcpServer,
  ],
})
export class ToolsModule implements OnModuleInit, OnApplicationShutdown {
  private sandbox?: JsSandbox;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly bus: Bus,
    private readonly registry: ToolRegistryService,
    private readonly execution: ToolExecutionService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.sandbox = new JsSandbox({
      poolSize: 2,
      memoryMb: this.env.TOOLS_SANDBOX_MEMORY_MB,
      maxOutputBytes: this.env.TOOLS_MAX_RESULT_BYTES,
    });
    const builtins = builtinTools({ bus: this.bus, sandbox: this.sandbox, allowPrivateHttp: this.env.TOOLS_HTTP_ALLOW_PRIVATE });
    this.execution.registerBuiltins(builtins);
    await this.registry.syncBuiltins(builtins, PLATFORM_VERSION);
  }

  /** The tool call log is flushed by ToolsRepository's own shutdown hook. */
  onApplicationShutdown(): void {
    this.sandbox?.dispose();
  }
}
