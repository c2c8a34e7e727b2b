import { Inject, Injectable } from '@nestjs/common';
import { Bus, BusHandler, BusSubscriber } from '@libs/bus';
import type { EventOf, ParamsOf } from '@libs/contracts';
import { ToolExecutionService } from './tool-execution.service';
import { ToolRegistryService } from './tool-registry.service';
import { ElicitationsService } from './mcp/elicitations.service';
import { McpServersService } from './mcp/mcp-servers.service';

/** Agents and workflows call tools over the bus, acting as the principal (and agent) they pass. */
@Injectable()
export class ToolsHandlers {
  constructor(
    private readonly registry: ToolRegistryService,
    private readonly execution: ToolExecutionService,
    private readonly elicitations: ElicitationsService,
    private readonly mcpServers: McpServersService,
    @Inject(Bus) private readonly bus: Bus,
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
  async execute({ toolId, arguments: args, principal, agentId, timeoutMs, callId, elicitationChannel }: ParamsOf<'tools.execute'>) {
    const onElicitation =
      elicitationChannel && principal
        ? this.elicitations.askerFor(principal.id, (event) =>
            this.bus.publish('tools.elicitation.requested', { channel: elicitationChannel, ...event }),
          )
        : undefined;
    const options = { principal, agentId, timeoutMs, onElicitation };
    const outcome = await (
      callId ? this.execution.executeCancellable(callId, toolId, args, options) : this.execution.execute(toolId, args, options)
    ).catch((error: Error) => ({ ok: false, error: { message: error.message } }));
    return outcome.ok ? { ok: true, result: (outcome as { result?: unknown }).result } : { ok: false, error: outcome.error?.message };
  }

  /** Every tools process hears each answer; the one holding the question applies it. */
  @BusSubscriber('tools.elicitation.answered')
  answered({ id, principalId, action, content }: EventOf<'tools.elicitation.answered'>) {
    try {
      this.elicitations.answer(id, principalId, action, content);
    } catch {
      // Another process's question, or an answer that breaks the schema (checked by the asker first): it stays open.
    }
  }

  /** Every tools process hears of a changed MCP server; the one that made the change has already reconnected. */
  @BusSubscriber('tools.mcp.changed')
  async mcpChanged({ serverId, change, processId }: EventOf<'tools.mcp.changed'>) {
    if (processId !== this.bus.processId) await this.mcpServers.changedElsewhere(serverId, change);
  }

  @BusSubscriber('tools.call.cancel')
  cancel({ callId }: EventOf<'tools.call.cancel'>) {
    this.execution.cancel(callId);
  }
}
