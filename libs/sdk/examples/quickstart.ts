/**
 * The SDK in a script: sign in, list agents, and run a one-step workflow.
 *
 *   PLATFORM_URL=http://localhost:8000 ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=... npx tsx libs/sdk/examples/quickstart.ts
 */
import { ok } from '@oazapfts/runtime';
import { PlatformApi } from '@agentic/sdk';

async function main(): Promise<void> {
  const { defaults, login, listAgents, createWorkflow, executeWorkflow } = PlatformApi;
  defaults.baseUrl = process.env.PLATFORM_URL ?? 'http://localhost:8000';

  // Each call answers { status, data }; ok() unwraps a success and throws an HttpError (with the problem) otherwise.
  const tokens = await ok(login({ email: process.env.ADMIN_EMAIL ?? '', password: process.env.ADMIN_PASSWORD ?? '' }));
  defaults.headers = { authorization: `Bearer ${tokens.accessToken}` };

  const agents = await ok(listAgents({ limit: 10 }));
  for (const agent of agents.items) console.log(`${agent.name} (${agent.brain})`);

  const workflow = await ok(
    createWorkflow({
      name: `sdk-example-${Date.now()}`,
      definition: { steps: [{ id: 'hello', kind: 'transform', expression: '"hello from the SDK"' }] },
    }),
  );
  console.log(await ok(executeWorkflow(workflow.id, { input: {}, wait: true })));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
