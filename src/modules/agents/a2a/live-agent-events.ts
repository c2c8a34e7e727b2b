import { Injectable } from '@nestjs/common';

export interface LiveAgentEvent {
  agentId: string;
  taskId: string;
  contextId: string;
  kind: string;
  text?: string;
  state?: string;
  at: string;
}

/** In-process fan-out of agent run events to WebSocket subscribers (by agent or by task). */
@Injectable()
export class LiveAgentEvents {
  private readonly listeners = new Set<(event: LiveAgentEvent) => void>();

  publish(agentId: string, event: Omit<LiveAgentEvent, 'agentId' | 'at'>): void {
    const full = { ...event, agentId, at: new Date().toISOString() };
    for (const listener of this.listeners) listener(full);
  }

  subscribe(listener: (event: LiveAgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
