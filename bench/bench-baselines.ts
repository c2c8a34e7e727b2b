/**
 * Pieces several benchmarks share: the bare NestJS-on-Fastify JSON route they measure the platform against, and
 * signing in to a started platform with an echo agent to call.
 */
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller('items')
class ItemsController {
  @Get()
  list(): { items: unknown[]; total: number } {
    return { items: [], total: 0 };
  }
}

@Module({ controllers: [ItemsController] })
class BareModule {}

/** A bare NestJS-on-Fastify app answering GET /items with an empty JSON list, listening on the port (0: any). */
export async function bareNest(port = 0): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  return app;
}

/** Signs in as the admin and creates an echo agent: the bearer header and the agent's id. */
export async function signInWithEchoAgent(
  base: string,
  admin: { ADMIN_EMAIL: string; ADMIN_PASSWORD: string },
): Promise<{ auth: { authorization: string }; agentId: string }> {
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD }),
  });
  const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  const agent = await fetch(`${base}/api/agents`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench-echo', brain: 'echo' }),
  });
  return { auth, agentId: ((await agent.json()) as { id: string }).id };
}
