/** Subset of the A2A 1.0 AgentCard that module cards fill in (the agents issue serves full cards). */
export interface AgentSkill {
  id: string;
  name: string;
  description: string;
  tags: string[];
  examples?: string[];
}

export interface AgentInterface {
  url: string;
  protocolBinding: 'JSONRPC' | 'HTTP+JSON' | 'GRPC';
  protocolVersion: string;
}

export interface AgentCard {
  name: string;
  description: string;
  version: string;
  supportedInterfaces: AgentInterface[];
  capabilities: { streaming: boolean; pushNotifications: boolean };
  defaultInputModes: string[];
  defaultOutputModes: string[];
  skills: AgentSkill[];
  /** Platform extension: which module answers for this card, and whether its skills are live yet. */
  metadata?: Record<string, unknown>;
}

export type HealthStatus = 'up' | 'down';

export interface ModuleHealth {
  module: string;
  status: HealthStatus;
  processId: string;
  details?: Record<string, unknown>;
}
