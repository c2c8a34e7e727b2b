import { Inject, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { Env } from '@libs/config';
import { can, type Principal } from 'src/core/auth/permissions';
import { RequestAuthenticator } from 'src/core/auth/request-authenticator';
import { ENV } from 'src/core/env.token';
import type { AgentEntity } from 'src/modules/agents/entities/agent.entity';

export interface A2aRefusal {
  status: 401 | 403;
  code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  message: string;
}

/**
 * Who may talk to an agent over A2A, whatever the transport (HTTP or gRPC): public agents (and, with
 * PUBLIC_AGENT_CARDS, every card) are open; a credential, if presented, must be valid; otherwise agents:execute
 * (agents:read for a card) is required.
 */
@Injectable()
export class A2aAccess {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  async authorize(
    headers: IncomingHttpHeaders,
    agent: AgentEntity,
    isCard: boolean,
  ): Promise<{ principal?: Principal } | { refusal: A2aRefusal }> {
    const presented = this.authenticator.credentialOf(headers);
    const principal = presented ? await this.authenticator.authenticate(headers) : undefined;
    if (presented && !principal)
      return { refusal: { status: 401, code: 'UNAUTHENTICATED', message: 'The access token or API key is not valid' } };
    const open = agent.publicAccess || (isCard && this.env.PUBLIC_AGENT_CARDS);
    if (!open && !principal)
      return {
        refusal: {
          status: 401,
          code: 'UNAUTHENTICATED',
          message: 'This agent needs an access token or API key (see its card securitySchemes)',
        },
      };
    const permission = isCard ? 'agents:read' : 'agents:execute';
    if (principal && !open && !can(principal, permission))
      return { refusal: { status: 403, code: 'FORBIDDEN', message: `Permission ${permission} is required` } };
    return { principal };
  }
}
