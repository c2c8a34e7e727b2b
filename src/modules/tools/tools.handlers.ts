import { Injectable } from '@nestjs/common';
import { BusHandler } from '@libs/bus';
import type { ParamsOf } from '@libs/contracts';
import { ToolExecutionService } from './tool-execution.service';
import { ToolRegistryService } from './tool-registry.service';

/** Agents and workflows call tools over the bus, acting as the principal (and agent) they pass. */
@Injectable()
export class ToolsHandlers {
  constructor(
    private readonly registry: ToolRegistryService,
    private readonly execution: ToolExecutionService,
  ) {}

  @BusHandler('tools.list')
  async list({ ids }: ParamsOf<'tools.list'>) {
    const tools = await this.registry.list({});
    const wanted = ids ? new Set(ids) : undefined;
    return tools
      .filter((tool) => !wanted || wanted.has(tool.id) || wanted.has(tool.name))
      .map((tool) => ({ id: tool.id, name: tool.name, description: tool.description, inputSchema: tool.inputSchema }));
  }

  @BusHandler('tools.execute')
  async execute({ toolId, arguments: args, principal, agentId, timeoutMs }: ParamsOf<'tools.execute'>) {
    const outcome = await this.execution
      .execute(toolId, args, { principal, agentId, timeoutMs })
      .catch((error: Error) => ({ ok: false, error: { message: error.message } }));
    return outcome.ok ? { ok: true, result: (outcome as { result?: unknown }).result } : { ok: false, error: outcome.error?.message };
  }
}
