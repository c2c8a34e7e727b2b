import { Injectable } from '@nestjs/common';
import { BusHandler, BusSubscriber } from '@libs/bus';
import type { EventOf, ParamsOf } from '@libs/contracts';
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
  async execute({ toolId, arguments: args, principal, agentId, timeoutMs, callId }: ParamsOf<'tools.execute'>) {
    const options = { principal, agentId, timeoutMs };
    const outcome = await (
      callId ? this.execution.executeCancellable(callId, toolId, args, options) : this.execution.execute(toolId, args, options)
    ).catch((error: Error) => ({ ok: false, error: { message: error.message } }));
    return outcome.ok ? { ok: true, result: (outcome as { result?: unknown }).result } : { ok: false, error: outcome.error?.message };
  }

  @BusSubscriber('tools.call.cancel')
  cancel({ callId }: EventOf<'tools.call.cancel'>) {
    this.execution.cancel(callId);
  }
}
