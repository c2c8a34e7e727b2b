import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { provideModuleIdentity } from 'src/core/module-identity';
import { PLATFORM_VERSION } from 'src/core/platform-version';
import { builtinTools } from './builtin/builtin-tools';
import { JsSandbox } from './builtin/js-sandbox';
import { McpController } from './mcp/mcp.controller';
import { McpServerEntity } from './mcp/mcp-server.entity';
import { McpServersService } from './mcp/mcp-servers.service';
import { PlatformMcpServer } from './mcp/platform-mcp.server';
import { ToolEntity, ToolExecutionEntity, ToolPermissionEntity } from './tool.entity';
import { ToolExecutionService } from './tool-execution.service';
import { ToolRegistryService } from './tool-registry.service';
import { ToolsA2aController } from './tools-a2a.controller';
import { ToolsController } from './tools.controller';
import { TOOLS_MODULE } from './tools.descriptor';
import { ToolsHandlers } from './tools.handlers';

@Module({
  imports: [TypeOrmModule.forFeature([ToolEntity, ToolPermissionEntity, ToolExecutionEntity, McpServerEntity])],
  controllers: [ToolsController, McpController, ToolsA2aController],
  providers: [
    provideModuleIdentity(TOOLS_MODULE),
    ToolRegistryService,
    McpServersService,
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

  async onApplicationShutdown(): Promise<void> {
    await this.execution.flushLogs();
    this.sandbox?.dispose();
  }
}
