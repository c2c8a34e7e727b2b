/**
 * npm run bench:orchestrator — what orchestration adds per dispatched task, beyond the agents' own time: sessions of
 * echo agents (deterministic plan, one task per capability) against the same number of direct sends to those agents
 * (POST /a2a/message), in the same run; and a broadcast to 20 echo agents against one direct send.
 * Goals: ≤ 10 ms per task (p50), ≤ 50 ms for the broadcast (p50).
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ADMIN = { ADMIN_EMAIL: 'bench@local.test', ADMIN_PASSWORD: 'bench-password-1234' };

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 30);
const TASKS = 5;
const BROADCASTS = Number(process.env.BENCH_BROADCASTS ?? 30);
const FANOUT = 20;

const pct = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main(): Promise<void> {
  const { app } = await createApp(
    loadEnv({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-orch-')),
      CHROMA_AUTOSTART: 'false',
      RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'error',
      ...ADMIN,
    }),
    { logger: false },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }),
  });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, any>;
  };
  const timed = async (fn: () => Promise<unknown>) => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };

  const agents: string[] = [];
  for (let i = 0; i < FANOUT; i++) {
    const skill = `cap${i}`;
    agents.push(
      (
        await post('/api/agents', {
          name: `echo-${i}`,
          brain: 'echo',
          skills: [{ id: skill, name: skill, description: skill, tags: [skill] }],
        })
      ).id,
    );
  }
  const capabilities = Array.from({ length: TASKS }, (_, i) => `cap${i}`);

  // Warm up both paths.
  for (let i = 0; i < 3; i++) {
    await post('/a2a/message', { agentId: agents[0], text: 'warm' });
    await post('/api/orchestrate', { goal: 'warm', capabilities, wait: true });
  }

  const direct: number[] = [];
  const sessions: number[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    // The same five agents, sent to one after another, as the session's chain does.
    direct.push(
      await timed(async () => {
        for (const agentId of agents.slice(0, TASKS)) await post('/a2a/message', { agentId, text: `goal ${i}` });
      }),
    );
    sessions.push(
      await timed(async () => {
        const session = await post('/api/orchestrate', { goal: `goal ${i}`, capabilities, wait: true });
        if (session.status !== 'succeeded') throw new Error(`session ${session.id} ${session.status}`);
      }),
    );
  }
  const perTask = sessions.map((s, i) => (s - direct[i]!) / TASKS);

  const one: number[] = [];
  const broadcast: number[] = [];
  for (let i = 0; i < BROADCASTS; i++) {
    one.push(await timed(() => post('/a2a/message', { agentId: agents[0], text: `ping ${i}` })));
    broadcast.push(await timed(() => post('/a2a/broadcast', { message: `ping ${i}`, agentIds: agents, resolution: 'majority' })));
  }

  console.log(
    `orchestrator overhead per dispatched task (${SESSIONS} sessions of ${TASKS} echo tasks, beyond ${TASKS} direct sends in the same run)`,
  );
  console.log(`  session end to end   p50 ${ms(pct(sessions, 0.5))}  p99 ${ms(pct(sessions, 0.99))}`);
  console.log(`  ${TASKS} direct sends      p50 ${ms(pct(direct, 0.5))}  p99 ${ms(pct(direct, 0.99))}`);
  console.log(
    `  per task overhead    p50 ${ms(pct(perTask, 0.5))}  p99 ${ms(pct(perTask, 0.99))}   goal ≤ 10 ms: ${pct(perTask, 0.5) <= 10 ? 'ok' : 'MISS'}`,
  );
  console.log(`broadcast to ${FANOUT} echo agents with a majority vote (${BROADCASTS} rounds)`);
  console.log(
    `  broadcast            p50 ${ms(pct(broadcast, 0.5))}  p99 ${ms(pct(broadcast, 0.99))}   goal ≤ 50 ms: ${pct(broadcast, 0.5) <= 50 ? 'ok' : 'MISS'}`,
  );
  console.log(
    `  one direct send      p50 ${ms(pct(one, 0.5))}  (ratio ${(pct(broadcast, 0.5) / pct(one, 0.5)).toFixed(1)}x for ${FANOUT} agents)`,
  );
  await app.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
