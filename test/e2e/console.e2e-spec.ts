import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startChroma, type TestChroma } from 'test/fixtures/chroma-server';
import { FakeOpenAi } from 'test/fixtures/fake-openai';
import { consentAs, startOAuthMcp } from 'test/fixtures/mcp-oauth-server';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';
import { eventually } from 'test/utils/eventually';
import { startPlatform, type PlatformProcess } from 'test/utils/platform-process';
import { freePort, tmpDataDir } from 'test/utils/services';

jest.setTimeout(240_000);

type Json = Record<string, any>;
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'console');
// axe-core's browser build, read as text and evaluated in the page (importing it needs a window).
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The web console in a real browser (Debian's Chromium driven by playwright-core) against a real platform process
 * (`node dist/src/main.js`, which serves console/dist at /): sign in, agents and a streamed chat with a local
 * OpenAI-compatible model, a workflow built in the designer by drag and drop and run to completion, a trace, a
 * document upload and search. axe-core checks every page; each page is saved as a screenshot.
 */
describe('web console (Chromium)', () => {
  const dataDir = tmpDataDir('console-');
  const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  const model = new FakeOpenAi();
  let chroma: TestChroma;
  let platform: PlatformProcess;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  const browserErrors: string[] = [];
  let firstSession: Json = {};
  const session = async (): Promise<Json> =>
    JSON.parse((await page.evaluate(() => (globalThis as any).sessionStorage.getItem('agentic.session'))) ?? '{}');

  const api = async (method: string, path: string, body?: unknown) => {
    const send = () =>
      fetch(`${platform.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    let res = await send();
    if (res.status === 401) {
      // Access tokens live 30 s here (the console's silent refresh is under test): sign in again.
      token = await loginOverHttp(platform.url);
      res = await send();
    }
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };

  /** Zero serious or critical axe-core violations on the page as it is now. */
  const expectAccessible = async (name: string) => {
    // Evaluated over the DevTools protocol: the console's CSP (script-src 'self') stays on.
    if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const result = await (globalThis as any).axe.run((globalThis as any).document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations.map((v: any) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')),
      }));
    });
    const blocking = violations.filter((v: Json) => v.impact === 'serious' || v.impact === 'critical');
    console.log(
      `axe ${name}: ${violations.length} violation(s), ${blocking.length} serious/critical`,
      violations.length ? JSON.stringify(violations) : '',
    );
    expect({ page: name, blocking }).toEqual({ page: name, blocking: [] });
  };

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await model.start();
    chroma = await startChroma();
    platform = await startPlatform(
      {
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
        CHROMA_URL: chroma.url,
        RATE_LIMIT_PER_MINUTE: '100000',
        RATE_LIMIT_EXPENSIVE_PER_MINUTE: '100000',
        JWT_SECRET: 'console-e2e-secret-0123456789abcdef',
        // The shortest lifetime the platform allows, so the console's silent refresh happens during the run.
        ACCESS_TOKEN_TTL_SECONDS: '30',
        ...TEST_ADMIN,
      },
      60_000,
    );
    token = await loginOverHttp(platform.url);
    expect(
      (await api('POST', '/api/model-providers', { name: 'local', kind: 'openai-compatible', baseUrl: model.url, apiKey: 'sk-test' }))
        .status,
    ).toBe(201);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 900 },
      colorScheme: 'light',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => browserErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`console: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await context?.close();
    await platform?.stop();
    await chroma?.stop();
    await model.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  it('serves the console at / with its CSP and an SPA fallback, leaving API routes alone', async () => {
    const index = await fetch(`${platform.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const deep = await fetch(`${platform.url}/workflows/some-id`, { headers: { accept: 'text/html' } });
    expect([deep.status, deep.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const unknownApi = await fetch(`${platform.url}/api/no-such-route`, { headers: { accept: 'text/html' } });
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).toContain('application/problem+json');
    expect(((await unknownApi.json()) as Json).code).toBe('NOT_FOUND');
    expect((await fetch(`${platform.url}/assets/missing.js`, { headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await fetch(`${platform.url}/health`)).headers.get('content-type')).toContain('application/json');
  });

  it('signs in, shows the problem of a wrong password, and lands on Home', async () => {
    await page.goto(`${platform.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible('sign-in');
    await shot('sign-in');
    await page.getByLabel('Email').fill(TEST_ADMIN.ADMIN_EMAIL);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').getAttribute('data-code')).toBeTruthy();
    await page.getByLabel('Password').fill(TEST_ADMIN.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    firstSession = await session();
    expect(firstSession.accessToken).toBeTruthy();
    await page.locator('#health-title ~ table tbody tr').first().waitFor();
    expect(await page.locator('#health-title ~ table tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible('home');
    await shot('home');
    // Dark theme: the toggle flips it and axe still finds nothing blocking.
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dataset.theme)).toBe('dark');
    await expectAccessible('home-dark');
    await shot('home-dark');
    await page.getByRole('button', { name: /Switch to light theme/ }).click();
    // The session survives a reload (sessionStorage).
    await page.reload();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  });

  let agentId = '';
  it('creates an agent and chats with it, the answer streamed in', async () => {
    model.respond({ text: 'Hello from the streaming model, nice to meet you.' });
    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    await page.getByRole('heading', { name: 'Create an agent' }).waitFor();
    await page.getByLabel('Name').fill('console-helper');
    await page.getByLabel('Description').fill('Answers console questions');
    await page.getByLabel('Capability (skill)').fill('helpdesk');
    await page.getByLabel('Model id').fill('fake-model');
    await expectAccessible('agents');
    await shot('agents');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByRole('heading', { name: 'console-helper' }).waitFor();
    agentId = page.url().split('/').pop()!;
    await page.getByText('stream connected').waitFor();
    // Record what the answer bubble shows while it streams (before the execute call settles it).
    await page.evaluate(() => {
      const w = globalThis as any;
      w.__partials = [];
      new w.MutationObserver(() => {
        for (const el of w.document.querySelectorAll('.message.agent[data-state="streaming"]'))
          if (el.textContent && !el.textContent.endsWith('…')) w.__partials.push(el.textContent);
      }).observe(w.document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.getByLabel('Message').fill('Hi there');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('.message.agent').last();
    await answer.filter({ hasText: 'nice to meet you' }).waitFor();
    // The stream can finish the text a moment before the execute call settles the message.
    await page.locator('.message.agent[data-state="completed"]').filter({ hasText: 'nice to meet you' }).waitFor();
    const partials: string[] = await page.evaluate(() => (globalThis as any).__partials);
    console.log(`chat: ${partials.length} streamed updates before completion, e.g. ${JSON.stringify(partials[0])}`);
    expect(partials.some((text) => text.includes('Hello') && !text.includes('nice to meet you.'))).toBe(true);
    await expectAccessible('agent-chat');
    await shot('agent-chat');
    // The list filters by capability.
    await page.getByRole('link', { name: '← Agents' }).click();
    await page.getByLabel('Capability', { exact: true }).fill('helpdesk');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('link', { name: 'console-helper' }).waitFor();
    await page.getByLabel('Capability', { exact: true }).fill('no-such-capability');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No agents with capability').waitFor();
  });

  it('builds a three-step workflow by drag and drop, refuses a cycle, runs it and overlays each step until completed', async () => {
    await page.getByRole('link', { name: 'Workflows', exact: true }).click();
    await page.getByRole('link', { name: 'New workflow' }).click();
    await page.getByRole('heading', { name: 'New workflow' }).waitFor();
    await page.getByLabel('Name').fill(`console-flow-${Date.now()}`);
    const canvas = page.getByTestId('canvas');
    for (const [i, y] of [80, 240, 400].entries()) {
      await page.locator('.palette button[data-kind="transform"]').dragTo(canvas, { targetPosition: { x: 300, y } });
      await page.locator(`.react-flow__node[data-id="transform_${i + 1}"]`).waitFor();
    }
    const connect = async (from: string, to: string) => {
      await page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source`).hover();
      await page.mouse.down();
      const target = await page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`).boundingBox();
      await page.mouse.move(target!.x + target!.width / 2, target!.y + target!.height / 2, { steps: 8 });
      await page.mouse.up();
    };
    await connect('transform_1', 'transform_2');
    await connect('transform_2', 'transform_3');
    await eventually(
      () => page.locator('.react-flow__edge').count(),
      (n) => n === 2,
    );
    // The server's validator refuses the edge that would close a cycle.
    await connect('transform_3', 'transform_1');
    await page
      .getByTestId('designer-notice')
      .filter({ hasText: /Connection refused: .*cycle/ })
      .waitFor();
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    // The keyboard path: the inspector's Needs checkboxes go through the same validator.
    await page.locator('.react-flow__node[data-id="transform_1"]').click();
    const needs3 = page.locator('.needs label', { hasText: 'transform_3' }).locator('input');
    await needs3.focus();
    await page.keyboard.press('Space');
    await page
      .getByTestId('designer-notice')
      .filter({ hasText: /Connection refused: .*cycle/ })
      .waitFor();
    expect(await needs3.isChecked()).toBe(false);
    expect(await page.locator('.needs label', { hasText: 'transform_2' }).count()).toBe(1);
    // Edit the last step with its schema-generated form.
    await page.locator('.react-flow__node[data-id="transform_3"]').click();
    await page.locator('#step-transform_3-expression').fill('{ "done": true }');
    await page.locator('#step-transform_3-name').fill('finish');
    await expectAccessible('workflow-designer');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('[data-testid="run-status"][data-status="completed"]').waitFor({ timeout: 60_000 });
    for (const id of ['transform_1', 'transform_2', 'transform_3'])
      expect(await page.getByTestId(`status-${id}`).textContent()).toBe('completed');
    await shot('workflow-designer');
    const workflowId = page.url().split('/').pop()!;
    const saved = await api('GET', `/api/workflows/${workflowId}`);
    expect(saved.body.definition.steps.map((s: Json) => [s.id, s.needs])).toEqual([
      ['transform_1', []],
      ['transform_2', ['transform_1']],
      ['transform_3', ['transform_2']],
    ]);
    expect(saved.body.definition.steps[2]).toMatchObject({ name: 'finish', expression: '{ "done": true }' });
    // Jump to the trace the run was launched in: the designer's POST that started it.
    await page.getByRole('link', { name: 'Trace of the run' }).click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
    await page.locator('.waterfall li').first().waitFor();
    expect(await page.locator('.waterfall li').first().textContent()).toContain(`POST /api/workflows/:id/execute`);
    await page.goBack();
    await page.getByRole('heading', { name: `Workflow ${saved.body.name}` }).waitFor();
    await page.getByRole('link', { name: '← Workflows' }).click();
    await page.getByRole('link', { name: saved.body.name }).waitFor();
    await expectAccessible('workflows');
    await shot('workflows');
  });

  it('measures a node drag on a 200-step workflow', async () => {
    const steps = Array.from({ length: 200 }, (_, i) => ({
      id: `s${i}`,
      kind: 'transform',
      expression: `${i}`,
      needs: i ? [`s${i - 1}`] : [],
    }));
    const created = await api('POST', '/api/workflows', { name: `console-200-${Date.now()}`, definition: { steps } });
    expect(created.status).toBe(201);
    await page.goto(`${platform.url}/workflows/${created.body.id}`);
    // The view fits as much as the minimum zoom allows: drag a step well inside it.
    const node = page.locator('.react-flow__node:visible').nth(20);
    await node.waitFor();
    await page.waitForTimeout(500);
    const box = (await node.boundingBox())!;
    await page.evaluate(() => {
      const w = globalThis as any;
      w.__frames = [];
      w.__recording = true;
      const tick = (t: number) => {
        w.__frames.push(t);
        if (w.__recording) w.requestAnimationFrame(tick);
      };
      w.requestAnimationFrame(tick);
    });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) await page.mouse.move(box.x + box.width / 2 + i * 4, box.y + box.height / 2 + i * 2);
    await page.mouse.up();
    const frames: number[] = await page.evaluate(() => {
      const w = globalThis as any;
      w.__recording = false;
      return w.__frames;
    });
    const deltas = frames.slice(1).map((t, i) => t - frames[i]);
    const sorted = [...deltas].sort((a, b) => a - b);
    const mean = deltas.reduce((a, b) => a + b, 0) / Math.max(1, deltas.length);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
    const rendered = await page.locator('.react-flow__node').count();
    console.log(
      `drag on a 200-step workflow (${rendered} nodes rendered): ${deltas.length} frames, mean ${mean.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} ms`,
    );
    expect(deltas.length).toBeGreaterThan(5);
    await shot('workflow-200-steps');
  });

  it('finds the chat in Traces and opens its waterfall with GenAI attributes', async () => {
    await eventually(
      () => api('GET', `/api/traces?agentId=${agentId}`),
      (res) => res.body.items?.length > 0,
      20_000,
    );
    await page.getByRole('link', { name: 'Traces', exact: true }).click();
    await page.getByRole('heading', { name: 'Traces' }).waitFor();
    await page.getByLabel('Agent id').fill(agentId);
    await page.getByRole('button', { name: 'Search' }).click();
    const first = page.locator('tbody tr th a').first();
    await first.waitFor();
    await expectAccessible('traces');
    await shot('traces');
    await first.click();
    await page.locator('.waterfall li').first().waitFor();
    await page.locator('.attributes tr.genai').first().waitFor();
    expect(await page.locator('.waterfall li').count()).toBeGreaterThan(1);
    await expectAccessible('trace');
    await shot('trace');
  });

  it('starts an orchestration session from its page and shows the plan graph, ledger, routing scores and trace', async () => {
    // A second agent with the same skill, so the router weighs two candidates for each task.
    const backup = await api('POST', '/api/agents', {
      name: 'console-backup',
      brain: 'echo',
      description: 'Echoes helpdesk questions',
      skills: [{ id: 'helpdesk', name: 'helpdesk', description: 'Does helpdesk work', tags: ['helpdesk'] }],
    });
    expect(backup.status).toBe(201);
    model.respond(
      {
        text: JSON.stringify({
          facts: ['the customer is on the pro plan'],
          guesses: ['the invoice is from May'],
          tasks: [
            { id: 'triage', title: 'Triage', instructions: 'Sort the question', capability: 'helpdesk' },
            { id: 'reply', title: 'Reply', instructions: 'Answer it', capability: 'helpdesk', dependsOn: ['triage'] },
          ],
        }),
      },
      { text: 'Orchestrated step answer.' },
      { text: 'Orchestrated step answer.' },
    );
    await page.getByRole('link', { name: 'Orchestration', exact: true }).click();
    await page.getByRole('heading', { name: 'Start a session' }).waitFor();
    await page.getByLabel('Goal').fill('Explain the May invoice to a pro customer');
    await page.getByLabel('Planner model id').fill('planner');
    await expectAccessible('orchestration');
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByRole('heading', { name: 'Session', exact: true }).waitFor();
    const sessionId = page.url().split('/').pop()!;
    // The page refreshes itself while the session runs, until it has succeeded.
    await page.locator('[data-testid="session-status"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    const nodes = page.locator('.plan-node');
    await page.locator('.plan-node[data-task="reply"][data-state="succeeded"]').waitFor({ timeout: 90_000 });
    expect(await nodes.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-task')}:${el.getAttribute('data-state')}`))).toEqual([
      'triage:succeeded',
      'reply:succeeded',
    ]);
    expect(await page.locator('.plan-canvas .react-flow__edge').count()).toBe(1);
    const ledger = page.getByTestId('ledger');
    await ledger.getByText('the customer is on the pro plan').waitFor();
    await ledger.getByText('the invoice is from May').waitFor();
    await ledger.getByText('plan.made').waitFor();
    // Routing: each task names its agent and every candidate with its score, the winner marked.
    const routing = page.getByTestId('routing');
    await routing.getByRole('heading', { name: /Triage →/ }).waitFor();
    const assigned = (await api('GET', `/api/sessions/${sessionId}/agents`)).body as unknown as Json[];
    expect(assigned.map((a) => a.taskId)).toEqual(['triage', 'reply']);
    for (const a of assigned) {
      const table = routing.getByRole('table', { name: `Candidates for task ${a.role}, best first` });
      const names = await table.locator('tbody th').allTextContents();
      expect(names.map((n) => n.replace(' (chosen)', '')).sort()).toEqual(['console-backup', 'console-helper']);
      expect(names[0]).toBe(`${a.agentName} (chosen)`);
      const totals = (await table.getByTestId('score-total').allTextContents()).map(Number);
      expect(totals[0]).toBe(a.score.chosen.total);
      expect(totals[0]).toBeGreaterThanOrEqual(totals[1]);
    }
    await expectAccessible('orchestration-session');
    await shot('orchestration-session');
    // The list has it, newest first.
    await page.getByRole('link', { name: '← Orchestration' }).click();
    const row = page.locator('tbody tr').first();
    await row.getByRole('link', { name: 'Explain the May invoice to a pro customer' }).waitFor();
    expect(await row.locator('.status').textContent()).toBe('succeeded');
    await shot('orchestration');
    // And its trace: the request that planned, routed and launched it.
    await row.getByRole('link').click();
    await page.getByRole('link', { name: 'Open trace' }).click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
    await page.locator('.waterfall li').first().waitFor();
    expect(await page.locator('.waterfall li').first().textContent()).toContain('POST /api/orchestrate');
    expect(page.url().split('/').pop()).toBe((await api('GET', `/api/orchestrate/${sessionId}`)).body.traceId);
  });

  it('broadcasts a question to every helpdesk agent from the orchestration page, shows each ballot and the vote, and refuses a quorum in words', async () => {
    // Both helpdesk agents answer "Paris": console-helper through the scripted model, console-backup by echoing the message.
    // (The session above may have left a step answer queued, when console-backup took that step.)
    model.clearScript();
    model.respond({ text: 'Paris' });
    const modelCalls = model.requests.length;
    await page.getByRole('link', { name: 'Orchestration', exact: true }).click();
    await page.getByRole('link', { name: /Broadcast a message/ }).click();
    await page.getByRole('heading', { name: 'Send a broadcast' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/orchestration/broadcast');
    await page.getByLabel('Message').fill('Paris');
    await page.getByLabel('Capability', { exact: true }).fill('helpdesk');
    await page.getByLabel('Quorum', { exact: true }).fill('2');
    await page.getByLabel('Resolution').selectOption('majority');
    await page.getByRole('button', { name: 'Send broadcast' }).click();
    const result = page.getByTestId('broadcast-result');
    await result.getByRole('heading', { name: /Result/ }).waitFor({ timeout: 60_000 });
    expect(await result.locator('h2 .status').textContent()).toBe('quorum-met');
    expect(await result.getByTestId('quorum').textContent()).toBe('met: 2 of 2 needed');
    expect(await result.getByTestId('resolution-method').textContent()).toBe('majority');
    // Every ballot: both agents answered "Paris", both on the winning side.
    const ballots = result.getByRole('table', { name: /Ballots/ });
    const rows = await ballots
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th')!.textContent, tr.getAttribute('data-status'), tr.querySelectorAll('td')[1].textContent]),
      );
    expect(rows.sort()).toEqual([
      ['console-backup (won)', 'answered', 'Paris'],
      ['console-helper (won)', 'answered', 'Paris'],
    ]);
    const decision = result.getByTestId('decision');
    expect(await decision.locator('strong').textContent()).toBe('Paris');
    expect(await decision.textContent()).toContain('"paris" has 2 of 2 votes');
    const tally = result.getByRole('table', { name: 'Tally' });
    expect(await tally.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent))).toEqual([
      expect.stringMatching(/^paris2console-(helper|backup), console-(helper|backup)$/),
    ]);
    // The model agent was really asked the broadcast message.
    expect(model.requests.length).toBe(modelCalls + 1);
    expect(JSON.stringify(model.requests.at(-1)!.messages.at(-1))).toContain('Paris');
    await expectAccessible('broadcast');
    await shot('broadcast');
    // A quorum of 3 from two chosen agents: the platform refuses it, the page says why and drops the old result.
    await page.getByLabel('these agents', { exact: true }).check();
    await page.getByLabel('Agents (up to 50)').selectOption([{ label: 'console-helper' }, { label: 'console-backup' }]);
    await page.getByLabel('Quorum', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Send broadcast' }).click();
    const alert = page.locator('[role="alert"][data-code="QUORUM_INVALID"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('A quorum of 3 cannot be met by 2 agent(s)');
    expect(await result.count()).toBe(0);
    await expectAccessible('broadcast-refused');
  });

  it('edits the chatted agent beside a live preview of its A2A card, then publishes it', async () => {
    await page.goto(`${platform.url}/agents/${agentId}`);
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByRole('heading', { name: 'Edit console-helper' }).waitFor();
    const preview = page.getByTestId('card-preview');
    const published = page.getByTestId('card-saved');
    await published.filter({ hasText: '"name": "console-helper"' }).waitFor();
    const before = JSON.parse((await published.textContent())!) as Json;
    expect(before.description).toBe('Answers console questions');
    // Before any change the preview is the published card, but for the version the save will bring.
    const untouched = JSON.parse((await preview.textContent())!) as Json;
    expect(untouched.version).toBe(before.version.replace(/\+(\d+)$/, (_: string, n: string) => `+${Number(n) + 1}`));
    expect({ ...untouched, version: before.version }).toEqual(before);
    // Typing changes the preview at once; the published card stays as it was.
    await page.getByLabel('Description').fill('Answers console and billing questions');
    const skills = page.getByLabel('Skills');
    await skills.fill(`${await skills.inputValue()}\nbilling: Explains invoices #billing #finance`);
    await preview.filter({ hasText: 'Explains invoices' }).waitFor();
    const draft = JSON.parse((await preview.textContent())!) as Json;
    expect(draft.description).toBe('Answers console and billing questions');
    expect(draft.skills.map((s: Json) => [s.id, s.tags])).toEqual([
      ['helpdesk', ['helpdesk']],
      ['billing', ['billing', 'finance']],
    ]);
    expect(draft.supportedInterfaces).toEqual(before.supportedInterfaces);
    expect(JSON.parse((await published.textContent())!)).toEqual(before);
    await expectAccessible('agent-edit');
    await shot('agent-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Saved as version \d+/ })
      .waitFor();
    await published.filter({ hasText: 'Explains invoices' }).waitFor();
    // The published card is the preview the form showed, version included.
    expect(JSON.parse((await published.textContent())!)).toEqual(draft);
    const saved = (await api('GET', `/api/agents/${agentId}`)).body;
    expect(saved.description).toBe('Answers console and billing questions');
    expect(saved.skills.map((s: Json) => s.id)).toEqual(['helpdesk', 'billing']);
    expect(saved.model).toEqual({ provider: 'local', modelId: 'fake-model' });
  });

  it("lists the agent's runs with steps, tokens and cost, and opens a run's trace", async () => {
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await page.getByRole('heading', { name: 'Runs of console-helper' }).waitFor();
    const executions = (await api('GET', `/api/agents/${agentId}/executions`)).body as unknown as Json[];
    // The chat is the agent's first run (the orchestrated tasks came after it).
    const chat = executions.at(-1)!;
    expect(chat.inputTokens).toBeGreaterThan(0);
    const row = page.locator(`tr[data-task-id="${chat.taskId}"]`);
    await row.waitFor();
    expect(await page.getByTestId('agent-runs').locator('tbody tr').count()).toBe(executions.length);
    expect(await row.getByTestId('run-tokens').textContent()).toBe(`${chat.inputTokens}/${chat.outputTokens}`);
    await row.getByText(/\d+ steps?/).click();
    await row.locator('details li').first().waitFor();
    expect(await row.locator('details li').first().textContent()).toMatch(/^model/);
    await expectAccessible('agent-runs');
    await shot('agent-runs');
    await row.getByRole('link', { name: 'Trace' }).click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
    await page.locator('.waterfall li').filter({ hasText: 'invoke_agent console-helper' }).first().waitFor();
    const traceId = page.url().split('/').pop()!;
    const trace = (await api('GET', `/api/traces?runId=${chat.taskId}`)).body;
    expect(trace.items[0].traceId).toBe(traceId);
  });

  it('creates a collection, uploads a document and searches it three ways side by side', async () => {
    await page.getByRole('link', { name: 'Knowledge', exact: true }).click();
    await page.getByRole('heading', { name: 'Knowledge', exact: true }).waitFor();
    await page.getByLabel('New collection').fill('handbook');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'Upload to handbook' }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({
      name: 'refunds.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(
        '# Refund policy\n\nCustomers may return any product within 30 days for a full refund.\n\n# Shipping\n\nOrders ship within two business days.\n',
      ),
    });
    // The console follows ingestion over the WebSocket /api/documents/live: record what it heard.
    const progressFrames: string[] = [];
    const onSocket = (ws: import('playwright-core').WebSocket) => {
      if (ws.url().includes('/api/documents/live')) ws.on('framereceived', (frame) => progressFrames.push(String(frame.payload)));
    };
    page.on('websocket', onSocket);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByTestId('upload-status').filter({ hasText: 'indexed' }).waitFor({ timeout: 90_000 });
    page.off('websocket', onSocket);
    const heard = progressFrames.map((f) => JSON.parse(f) as Json);
    expect(heard.at(-1)).toMatchObject({ ended: true });
    expect(heard.some((m) => m.status === 'indexed' && m.progress === 1)).toBe(true);
    await page.getByLabel('Query').fill('refund within 30 days');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    for (const mode of ['semantic', 'keyword', 'hybrid'])
      await page.locator(`[data-mode="${mode}"] .hits li`).filter({ hasText: 'refund' }).first().waitFor();
    // Each hit names its source: document and heading.
    await page.locator('[data-mode="keyword"] .hits li').filter({ hasText: 'refunds.md · Refund policy' }).first().waitFor();
    await expectAccessible('knowledge');
    await shot('knowledge');
  });

  it('lists tools, and administers API keys with the audit log', async () => {
    await page.getByRole('link', { name: 'Tools', exact: true }).click();
    await page.getByRole('heading', { name: 'Tools and MCP' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    await expectAccessible('tools');
    await shot('tools');
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.getByLabel('Key name').fill('console-key');
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await page.getByTestId('new-api-key').textContent()).toMatch(/\S{20,}/);
    await page.getByRole('button', { name: 'Revoke console-key' }).click();
    await page
      .getByRole('row', { name: /console-key/ })
      .getByText('revoked')
      .waitFor();
    await page.getByLabel('Action').selectOption('apikey_created');
    await page.getByRole('rowheader', { name: 'apikey_created' }).first().waitFor();
    await expectAccessible('admin');
    await shot('admin');
  });

  it('browses a SQLite schema, validates, runs a query with paged rows and shows the EXPLAIN advice', async () => {
    const { default: Database } = await import('better-sqlite3');
    mkdirSync(join(dataDir, 'sqlite'), { recursive: true });
    const db = new Database(join(dataDir, 'sqlite', 'console-shop.sqlite'));
    db.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total REAL)');
    const insert = db.prepare('INSERT INTO orders (customer, total) VALUES (?, ?)');
    for (let i = 1; i <= 60; i++) insert.run(`customer-${i}`, i * 1.5);
    db.close();
    const connection = await api('POST', '/api/sql/connections', {
      name: 'console-shop',
      dialect: 'sqlite',
      filePath: 'console-shop.sqlite',
    });
    expect(connection.status).toBe(201);
    await page.getByRole('link', { name: 'SQL', exact: true }).click();
    await page.getByRole('heading', { name: 'SQL', exact: true }).waitFor();
    await page.getByRole('button', { name: 'console-shop' }).click();
    // The schema browser: the table, and its columns once opened.
    const table = page.getByTestId('schema').locator('summary', { hasText: 'orders' });
    await table.waitFor();
    await table.click();
    await page.getByTestId('schema').getByText('customer', { exact: true }).waitFor();
    // Validation findings inline: a write on a read-only connection, and a statement that does not parse.
    await page.locator('#sql-editor').fill('DELETE FROM orders');
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByTestId('validation').locator('.finding').first().waitFor();
    const findings = await page.getByTestId('validation').locator('.finding').allTextContents();
    console.log(`sql: validation findings ${JSON.stringify(findings)}`);
    await page.locator('#sql-editor').fill("SELECT id, customer, total FROM orders WHERE customer LIKE 'customer-%' ORDER BY id");
    await page.getByRole('button', { name: 'Validate' }).click();
    await page
      .getByTestId('validation')
      .getByText(/no findings/)
      .waitFor();
    // Run: 60 rows, 25 a page.
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('result').getByRole('cell', { name: 'customer-1', exact: true }).waitFor();
    expect(await page.getByTestId('result').locator('tbody tr').count()).toBe(25);
    await page.getByTestId('result').getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('result').getByRole('cell', { name: 'customer-26', exact: true }).waitFor();
    // EXPLAIN advice for the same statement.
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.getByTestId('advice').getByRole('heading', { name: 'EXPLAIN advice' }).waitFor();
    console.log(`sql: advice ${JSON.stringify(await page.getByTestId('advice').locator('li > strong').allTextContents())}`);
    // A failing statement shows the API's problem details.
    await page.locator('#sql-editor').fill('SELECT nope FROM orders');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('.sql-main [role="alert"]').waitFor();
    expect(await page.locator('.sql-main [role="alert"]').getAttribute('data-code')).toBeTruthy();
    await page.locator('#sql-editor').fill('SELECT id, customer, total FROM orders ORDER BY id');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('result').getByRole('cell', { name: 'customer-1', exact: true }).waitFor();
    await expectAccessible('sql');
    await shot('sql');
  });

  it('draws the A2A network: the chatted agent and the module agents as nodes, details on keyboard focus', async () => {
    // One orchestrated task for the agent, so its node carries a task edge from the orchestrator.
    model.respond({ text: 'Orchestrated answer.' });
    const orchestrated = await api('POST', '/api/orchestrate', {
      goal: 'answer a helpdesk question',
      capabilities: ['helpdesk'],
      agentIds: [agentId],
      wait: true,
    });
    expect([orchestrated.status, orchestrated.body.status]).toEqual([201, 'succeeded']);
    await page.getByRole('link', { name: 'Network', exact: true }).click();
    await page.getByRole('heading', { name: 'A2A network' }).waitFor();
    const agentNode = page.locator(`.react-flow__node[data-id="agent:${agentId}"]`);
    // React Flow keeps a node hidden until it has measured it; on a loaded machine that took over 30 s once.
    await agentNode.waitFor({ timeout: 90_000 });
    expect(await agentNode.textContent()).toContain('console-helper');
    await page.locator('.net-node[data-kind="module-agent"], .net-node[data-kind="module"]').first().waitFor();
    const kinds = await page
      .locator('.net-node')
      .evaluateAll((els) => els.map((el) => `${el.getAttribute('data-kind')}:${el.getAttribute('data-label')}`));
    console.log(`network: ${kinds.length} nodes ${JSON.stringify(kinds)}; ${await page.locator('.react-flow__edge').count()} edges`);
    // Keyboard: focus the agent's node and press Enter; the side panel shows it.
    await agentNode.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('node-details').getByRole('heading', { name: 'console-helper' }).waitFor();
    await page
      .getByTestId('node-details')
      .getByRole('rowheader', { name: /orchestrator\s*task/ })
      .waitFor();
    expect(await page.locator(`.react-flow__edge[data-id="orchestrator|agent:${agentId}|task"]`).count()).toBe(1);
    // The graph refreshes itself every 5 s without losing the selection.
    await page.waitForTimeout(5_500);
    await page.getByTestId('node-details').getByRole('heading', { name: 'console-helper' }).waitFor();
    await expectAccessible('network');
    await shot('network');
  });

  it('registers an MCP server over stdio from the Tools page, refusing a bad one in words, and tries its echo tool', async () => {
    const everything = join(__dirname, '..', '..', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
    await page.getByRole('link', { name: 'Tools', exact: true }).click();
    const form = page.getByRole('form', { name: 'Register an MCP server' });
    await form.waitFor();
    // The API validates: an invalid name comes back as a field error, then a stdio server without its command.
    await form.getByLabel('Server name').fill('bad name!');
    await form.getByRole('button', { name: 'Register server' }).click();
    const fieldError = form.getByRole('alert').locator('li', { hasText: 'name' });
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('must start with a letter or digit and hold only letters, digits, _ and -');
    await form.getByLabel('Server name').fill('everything');
    await form.getByRole('button', { name: 'Register server' }).click();
    await form.getByRole('alert').filter({ hasText: 'A stdio server needs command' }).waitFor();
    expect(await form.getByRole('alert').getAttribute('data-code')).toBe('SERVER_INVALID');
    expect((await api('GET', '/api/mcp/servers')).body).toEqual([]);
    // The reference server over stdio: it connects and its tools are listed under it.
    await form.getByLabel('Command').fill('node');
    await form.getByLabel('Arguments, one a line').fill(`${everything}\nstdio`);
    // Admin-only settings: sampling through the registered model provider, and a root.
    await form.getByText('Sampling and roots (admins only)').click();
    await form.getByLabel('Let the server sample the platform’s models').check();
    await form.getByLabel('Sampling provider').selectOption('local');
    await form.getByLabel('Sampling model id').fill('fake-model');
    await form.getByLabel('Max tokens a request').fill('256');
    await form.getByLabel(/^Roots/).fill('file:///tmp/console-root scratch');
    await form.getByRole('button', { name: 'Register server' }).click();
    const server = page.locator('li[data-server="everything"]');
    await server.getByText('connected', { exact: true }).waitFor({ timeout: 60_000 });
    await server.getByRole('link', { name: 'everything.echo' }).waitFor();
    expect(await form.getByLabel('Server name').inputValue()).toBe('');
    expect(await server.textContent()).toContain('sampling local/fake-model');
    expect((await api('GET', '/api/mcp/servers')).body[0]).toMatchObject({
      transport: 'stdio',
      command: 'node',
      args: [everything, 'stdio'],
      sampling: { enabled: true, provider: 'local', modelId: 'fake-model', maxTokens: 256 },
      roots: [{ uri: 'file:///tmp/console-root', name: 'scratch' }],
    });
    await page.getByRole('table', { name: 'Tools' }).getByRole('link', { name: 'everything.echo' }).waitFor();
    await expectAccessible('tools-mcp');
    await shot('tools-mcp');
    // Its echo tool: a form generated from the input schema; a call without the required message fails with the reason.
    await server.getByRole('link', { name: 'everything.echo' }).click();
    await page.getByRole('heading', { name: 'everything.echo' }).waitFor();
    await page.getByRole('button', { name: 'Call tool' }).click();
    await page.locator('[data-testid="tool-outcome"][data-ok="false"]').getByRole('alert').waitFor();
    expect(await page.getByTestId('tool-outcome').getByRole('alert').getAttribute('data-code')).toBe('TOOL_ARGUMENTS_INVALID');
    await page.getByLabel(/^message/).fill('hello from the console');
    await page.getByRole('button', { name: 'Call tool' }).click();
    await page.getByTestId('tool-result').filter({ hasText: 'Echo: hello from the console' }).waitFor();
    expect(await page.getByTestId('tool-duration').textContent()).toMatch(/^\d+ ms$/);
    // Both calls are in its recent executions, newest first.
    const rows = page.getByTestId('executions').locator('tbody tr');
    await eventually(
      () => rows.allTextContents(),
      (texts) => texts.length === 2,
    );
    expect(await rows.first().textContent()).toContain('hello from the console');
    await expectAccessible('tool-detail');
    await shot('tool-detail');
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    await expectAccessible('tool-detail-dark');
    await shot('tool-detail-dark');
    await page.getByRole('button', { name: /Switch to light theme/ }).click();
    // Paged, newest first: ten more calls make two pages.
    for (let i = 0; i < 10; i++)
      expect((await api('POST', '/api/tools/everything.echo/execute', { arguments: { message: `call ${i}` } })).status).toBe(200);
    await page.reload();
    await rows.first().filter({ hasText: 'call 9' }).waitFor();
    const pager = page.getByRole('navigation', { name: 'Pagination' });
    await pager.getByText('1–10 of 12').waitFor();
    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText('11–12 of 12').waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.last().textContent()).toContain('invalid');
    // Deleted from the Tools page (asked once more in place), its tools go with it.
    await page.getByRole('link', { name: '← Tools' }).click();
    await server.getByRole('button', { name: 'Delete everything' }).click();
    await server.getByRole('button', { name: 'Confirm: delete everything' }).click();
    await server.waitFor({ state: 'detached' });
    expect((await api('GET', '/api/mcp/tools')).body.filter((t: Json) => t.name.startsWith('everything.'))).toEqual([]);
  });

  it('registers an OAuth-protected MCP server over Streamable HTTP and authorizes it from the Tools page', async () => {
    const oauth = await startOAuthMcp();
    try {
      await page.getByRole('link', { name: 'Tools', exact: true }).click();
      const form = page.getByRole('form', { name: 'Register an MCP server' });
      await form.getByLabel('Server name').fill('orders');
      await form.getByLabel('Transport').selectOption('streamable-http');
      await form.getByLabel('Server URL').fill(oauth.mcpUrl);
      await form.getByLabel(/^Headers/).fill('X-Console: yes');
      await form.getByRole('button', { name: 'Register server' }).click();
      const server = page.locator('li[data-server="orders"]');
      await server.getByText('needs_authorization', { exact: true }).waitFor();
      expect(await server.textContent()).toContain('auth oauth: needs authorization');
      await server.getByRole('button', { name: 'Authorize orders' }).click();
      const href = (await server.getByRole('link', { name: 'Consent for orders at the authorization server' }).getAttribute('href'))!;
      expect(href.startsWith(`${oauth.authUrl}/authorize?`)).toBe(true);
      // The person consents at the authorization server (the test plays that part) in another tab, which is sent back to the platform.
      const back = await consentAs(oauth.provider, href, 'alice');
      const tab = await context.newPage();
      await tab.goto(back);
      await tab.getByText('is authorized').waitFor();
      await tab.close();
      await page.reload();
      await server.getByText('connected', { exact: true }).waitFor();
      await server.getByRole('link', { name: 'orders.whoami' }).waitFor();
      expect(await server.getByRole('button', { name: 'Authorize orders' }).count()).toBe(0);
      const listed = ((await api('GET', '/api/mcp/servers')).body as unknown as Json[]).find((s) => s.name === 'orders');
      expect(listed).toMatchObject({
        transport: 'streamable-http',
        url: oauth.mcpUrl,
        hasHeaders: true,
        authorization: { status: 'authorized' },
      });
      await expectAccessible('tools-oauth');
      await shot('tools-oauth');
      expect((await api('DELETE', `/api/mcp/servers/${listed!.id}`)).status).toBe(204);
    } finally {
      oauth.close();
    }
  });

  it('adds, edits and deletes a model provider and changes a user role from Admin', async () => {
    const user = await api('POST', '/api/users', { email: 'console-role@example.com', password: 'console-role-password', role: 'viewer' });
    expect(user.status).toBe(201);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    const add = page.getByRole('form', { name: 'Add a model provider' });
    await add.waitFor();
    await add.getByLabel('Provider name').fill('console-vllm');
    await add.getByLabel('Provider kind').selectOption('openai-compatible');
    await add.getByLabel('Base URL').fill('not a url');
    await add.getByRole('button', { name: 'Add provider' }).click();
    await add.getByRole('alert').locator('li', { hasText: 'baseUrl must be an http:// or https:// URL' }).waitFor();
    await add.getByLabel('Base URL').fill(model.url);
    await add.getByLabel('API key (write-only)').fill('sk-console');
    await add.getByLabel('Input USD per million tokens').fill('0.5');
    await add.getByRole('button', { name: 'Add provider' }).click();
    const row = page.getByTestId('providers').getByRole('row', { name: /console-vllm/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('stored');
    const provider = async () =>
      ((await api('GET', '/api/model-providers')).body as unknown as Json[]).find((p) => p.name === 'console-vllm');
    expect(await provider()).toMatchObject({ kind: 'openai-compatible', baseUrl: model.url, hasApiKey: true, inputCostPerMTok: 0.5 });
    // Edit: the key stays when left empty.
    await row.getByRole('button', { name: 'Edit console-vllm' }).click();
    const edit = page.getByRole('form', { name: 'Edit console-vllm' });
    await edit.getByLabel('Output USD per million tokens').fill('2');
    await edit.getByRole('button', { name: 'Save provider' }).click();
    await add.waitFor();
    expect(await provider()).toMatchObject({ hasApiKey: true, inputCostPerMTok: 0.5, outputCostPerMTok: 2 });
    // A user's role, changed in place.
    await page.getByLabel('Role of console-role@example.com').selectOption('operator');
    await page.getByTestId('user-changed').filter({ hasText: 'console-role@example.com is now operator.' }).waitFor();
    const users = (await api('GET', '/api/users')).body as unknown as Json[];
    expect(users.find((u) => u.email === 'console-role@example.com')?.role).toBe('operator');
    await page.getByRole('button', { name: 'Disable console-role@example.com' }).click();
    await page.getByTestId('user-changed').filter({ hasText: 'console-role@example.com is now disabled.' }).waitFor();
    const disabled = ((await api('GET', '/api/users')).body as unknown as Json[]).find((u) => u.email === 'console-role@example.com');
    expect([disabled?.role, disabled?.disabled]).toEqual(['operator', true]);
    expect(
      (
        await fetch(`${platform.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'console-role@example.com', password: 'console-role-password' }),
        })
      ).status,
    ).toBe(401);
    await page.getByLabel('Action').selectOption('role_changed');
    await page.getByRole('rowheader', { name: 'role_changed' }).first().waitFor();
    await expectAccessible('admin-forms');
    await shot('admin-forms');
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    await expectAccessible('admin-forms-dark');
    await shot('admin-forms-dark');
    await page.getByRole('button', { name: /Switch to light theme/ }).click();
    await row.getByRole('button', { name: 'Delete console-vllm' }).click();
    await row.getByRole('button', { name: 'Confirm: delete console-vllm' }).click();
    await row.waitFor({ state: 'detached' });
    expect(await provider()).toBeUndefined();
  });

  it('creates, tests, edits and deletes a SQLite connection from the SQL page', async () => {
    const { default: Database } = await import('better-sqlite3');
    mkdirSync(join(dataDir, 'sqlite'), { recursive: true });
    const db = new Database(join(dataDir, 'sqlite', 'console-forms.sqlite'));
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    db.close();
    await page.getByRole('link', { name: 'SQL', exact: true }).click();
    const create = page.getByRole('form', { name: 'New connection' });
    await create.waitFor();
    await create.getByLabel('Connection name').fill('console/forms');
    await create.getByLabel('Dialect').selectOption('sqlite');
    await create.getByLabel(/Database file/).fill('console-forms.sqlite');
    await create.getByRole('button', { name: 'Create connection' }).click();
    await create.getByRole('alert').locator('li', { hasText: 'name must be 1 to 100 letters, digits, spaces, _, . or -' }).waitFor();
    await create.getByLabel('Connection name').fill('console forms');
    await create.getByRole('button', { name: 'Create connection' }).click();
    const chosen = page.getByRole('button', { name: 'console forms', exact: true });
    await page.locator('button[aria-pressed="true"]', { hasText: 'console forms' }).waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page
      .getByTestId('connection-test')
      .filter({ hasText: /console forms answered in \d+ ms/ })
      .waitFor();
    await page.getByTestId('schema').locator('summary', { hasText: 'notes' }).waitFor();
    // Edit: the form takes its settings; saving replaces them.
    await page.getByRole('button', { name: 'Edit connection' }).click();
    const edit = page.getByRole('form', { name: 'Edit connection console forms' });
    expect(await edit.getByLabel(/Database file/).inputValue()).toBe('console-forms.sqlite');
    await edit.getByLabel(/Pool size/).fill('3');
    await edit.getByRole('button', { name: 'Save connection' }).click();
    await create.waitFor();
    const saved = ((await api('GET', '/api/sql/connections')).body as unknown as Json[]).find((c) => c.name === 'console forms');
    expect(saved).toMatchObject({ dialect: 'sqlite', filePath: 'console-forms.sqlite', poolMax: 3, writable: false });
    await expectAccessible('sql-connections');
    await shot('sql-connections');
    await page.getByRole('button', { name: 'Delete connection' }).click();
    await page.getByRole('button', { name: 'Confirm: delete connection' }).click();
    await chosen.waitFor({ state: 'detached' });
    expect((await api('GET', `/api/sql/connections/${saved!.id}`)).status).toBe(404);
  });

  // ---- workflow pages: approvals, runs, schedules, saved layout, versions, templates (self-contained) ----
  const wf: Json = {};
  /** Where React Flow drew a node: its translate(x, y) in canvas units. */
  const nodeAt = async (id: string) => {
    const transform = (await page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((el) => (el as any).style.transform)) as string;
    const [, x, y] = /translate\((-?[\d.]+)px,\s*(-?[\d.]+)px\)/.exec(transform) ?? [];
    return { x: Number(x), y: Number(y) };
  };

  it('waits at an approval step in the run overlay: Reject fails the run, Approve runs it to completed', async () => {
    const created = await api('POST', '/api/workflows', {
      name: `console-approval-${Date.now()}`,
      definition: {
        steps: [
          { id: 'prepare', kind: 'transform', expression: '{ "order": 42 }' },
          { id: 'approval_1', kind: 'approval', prompt: 'Ship order 42?', needs: ['prepare'] },
          { id: 'ship', kind: 'transform', expression: '"shipped"', needs: ['approval_1'] },
        ],
      },
    });
    expect(created.status).toBe(201);
    Object.assign(wf, { id: created.body.id, name: created.body.name });
    await page.goto(`${platform.url}/workflows/${wf.id}`);
    await page.getByRole('heading', { name: `Workflow ${wf.name}` }).waitFor();
    // The palette offers the approval step kind.
    expect(await page.locator('.palette button[data-kind="approval"]').count()).toBe(1);
    const runAndWait = async () => {
      await page.getByRole('button', { name: 'Run' }).click();
      await page.locator('[data-testid="run-status"][data-status="waiting"]').waitFor({ timeout: 60_000 });
      await page.getByTestId('approvals').filter({ hasText: 'Ship order 42?' }).waitFor();
      expect(await page.getByTestId('status-approval_1').textContent()).toBe('waiting');
      expect(await page.getByTestId('status-prepare').textContent()).toBe('completed');
      expect(await page.getByTestId('status-ship').textContent()).toBe('pending');
    };
    await runAndWait();
    await page.getByRole('button', { name: 'Reject approval_1' }).click();
    await page.locator('[data-testid="run-status"][data-status="failed"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('approvals').count()).toBe(0);
    await runAndWait();
    await expectAccessible('workflow-approval');
    await shot('workflow-approval');
    await page.getByRole('button', { name: 'Approve approval_1' }).click();
    await page.locator('[data-testid="run-status"][data-status="completed"]').waitFor({ timeout: 60_000 });
    for (const id of ['prepare', 'approval_1', 'ship']) expect(await page.getByTestId(`status-${id}`).textContent()).toBe('completed');
    const runs = (await api('GET', `/api/workflows/runs?workflowId=${wf.id}`)).body;
    expect(runs.items.map((r: Json) => r.status)).toEqual(['succeeded', 'failed']);
    Object.assign(wf, { succeeded: runs.items[0].id, failed: runs.items[1].id });
    expect((await api('GET', `/api/workflows/runs/${wf.succeeded}`)).body.output).toMatchObject({ ship: 'shipped' });
  });

  it("lists a workflow's runs: a refused retry shows the problem, retry and cancel work, a run opens in the overlay and its trace", async () => {
    await page.getByRole('navigation', { name: 'Workflow views' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { name: `Runs of ${wf.name}` }).waitFor();
    const row = (id: string) => page.locator(`tr[data-run-id="${id}"]`);
    await row(wf.succeeded).waitFor();
    expect(await row(wf.succeeded).locator('.status').textContent()).toBe('succeeded');
    expect(await row(wf.failed).locator('.status').textContent()).toBe('failed');
    expect(await page.getByTestId('runs').locator('tbody tr').count()).toBe(2);
    await expectAccessible('workflow-runs');
    await shot('workflow-runs');
    // The platform refuses to retry a succeeded run, and the page says why.
    await row(wf.succeeded).getByRole('button', { name: 'Retry' }).click();
    await page.locator('[role="alert"][data-code="RUN_NOT_FAILED"]').waitFor();
    // Retrying the failed run starts a new one, which waits at the approval again; cancel it from the list.
    await row(wf.failed).getByRole('button', { name: 'Retry' }).click();
    const notice = page.getByTestId('runs-notice').filter({ hasText: /Retry: started run/ });
    await notice.waitFor();
    const retried = /started run ([0-9a-f-]{36})/.exec((await notice.textContent())!)![1];
    expect((await api('GET', `/api/workflows/runs/${retried}`)).body.trigger).toBeDefined();
    await eventually(
      async () => (await api('GET', `/api/workflows/runs/${retried}`)).body.status,
      (s) => s === 'waiting',
      30_000,
    );
    await page.getByRole('button', { name: 'Refresh' }).click();
    await row(retried).getByRole('button', { name: 'Cancel' }).click();
    await row(retried).locator('.status', { hasText: 'canceled' }).waitFor();
    expect((await api('GET', `/api/workflows/runs/${retried}`)).body.status).toBe('canceled');
    // The status filter.
    await page.getByLabel('Status').selectOption('succeeded');
    await eventually(
      () => page.getByTestId('runs').locator('tbody tr').count(),
      (n) => n === 1,
    );
    await row(wf.succeeded).waitFor();
    // Open the succeeded run in the designer's overlay.
    await row(wf.succeeded)
      .getByRole('link', { name: /Open run/ })
      .click();
    await page.waitForURL(new RegExp(`/workflows/${wf.id}\\?run=${wf.succeeded}$`));
    await page.locator('[data-testid="run-status"][data-status="completed"]').waitFor();
    expect(await page.getByTestId('status-ship').textContent()).toBe('completed');
    await page.goBack();
    await row(wf.succeeded).getByRole('link', { name: 'Trace' }).click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
    await page.locator('.waterfall li').first().waitFor();
    expect((await api('GET', `/api/traces?runId=${wf.succeeded}`)).body.items[0].traceId).toBe(page.url().split('/').pop());
    // Every workflow's runs, named.
    await page.goto(`${platform.url}/workflows`);
    await page.getByRole('link', { name: 'All runs' }).click();
    await page.getByRole('heading', { name: 'Workflow runs' }).waitFor();
    await row(wf.succeeded).getByRole('link', { name: wf.name }).waitFor();
    await expectAccessible('workflow-runs-all');
    await shot('workflow-runs-all');
  });

  it('creates a schedule with a cron in a time zone, shows its next fire, pauses, resumes and deletes it', async () => {
    await page.goto(`${platform.url}/workflows/${wf.id}/schedules`);
    await page.getByRole('heading', { name: `Schedules of ${wf.name}` }).waitFor();
    // A bad cron: the platform's problem, shown.
    await page.getByLabel('Schedule name').fill('nightly');
    await page.getByLabel('Cron', { exact: true }).fill('every night');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.locator('[role="alert"][data-code="SCHEDULE_INVALID"]').waitFor();
    await page.getByLabel('Cron', { exact: true }).fill('30 2 * * *');
    await page.getByLabel('Time zone').fill('Europe/Paris');
    await page.getByLabel('While the previous run is going').selectOption('queue');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    const item = page.getByTestId('schedules').locator('li').filter({ hasText: 'nightly' });
    await item
      .getByTestId('next-fire')
      .filter({ hasText: /^Next fire/ })
      .waitFor();
    const [schedule] = (await api('GET', `/api/schedules?workflowId=${wf.id}`)).body as unknown as Json[];
    expect(schedule).toMatchObject({ name: 'nightly', cron: '30 2 * * *', timezone: 'Europe/Paris', overlap: 'queue', paused: false });
    expect(schedule.nextFires).toHaveLength(3);
    // 02:30 in Paris is 00:30 or 01:30 UTC.
    expect(new Date(schedule.nextFires[0]).getUTCMinutes()).toBe(30);
    expect(await item.locator('.status').textContent()).toBe('active');
    await item.getByText('Recent fires of nightly').click();
    await item.getByText('It has not fired yet.').waitFor();
    await expectAccessible('workflow-schedules');
    await shot('workflow-schedules');
    await item.getByRole('button', { name: 'Pause nightly' }).click();
    await item.locator('.status', { hasText: 'paused' }).waitFor();
    expect((await api('GET', `/api/schedules/${schedule.id}`)).body).toMatchObject({ paused: true, nextFires: [] });
    await item.getByRole('button', { name: 'Resume nightly' }).click();
    await item.locator('.status', { hasText: 'active' }).waitFor();
    expect((await api('GET', `/api/schedules/${schedule.id}`)).body.paused).toBe(false);
    page.once('dialog', (dialog) => void dialog.accept());
    await item.getByRole('button', { name: 'Delete nightly' }).click();
    await page.getByTestId('schedules-notice').filter({ hasText: 'Deleted nightly' }).waitFor();
    await page.getByText('No schedules yet.').waitFor();
    expect(await page.getByTestId('schedules').locator('li').count()).toBe(0);
    expect((await api('GET', `/api/schedules?workflowId=${wf.id}`)).body).toEqual([]);
  });

  it('keeps a moved node where it was left across a reload, and opens an older version read-only', async () => {
    await page.goto(`${platform.url}/workflows/${wf.id}`);
    const ship = page.locator('.react-flow__node[data-id="ship"]');
    await ship.waitFor();
    await page.waitForTimeout(300); // fitView runs on the next frame
    const before = await nodeAt('ship');
    const box = (await ship.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 15, box.y + box.height / 2 + i * 6);
    await page.mouse.up();
    const moved = await nodeAt('ship');
    expect(moved.x).toBeGreaterThan(before.x + 20);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('designer-notice').filter({ hasText: 'Saved' }).waitFor();
    const saved = (await api('GET', `/api/workflows/${wf.id}`)).body;
    expect(saved.definition.layout.ship).toEqual({ x: Math.round(moved.x), y: Math.round(moved.y) });
    await page.reload();
    await ship.waitFor();
    expect(await nodeAt('ship')).toEqual(saved.definition.layout.ship);
    expect(await nodeAt('prepare')).toEqual(saved.definition.layout.prepare);
    // Version 1 had no layout: it opens read-only, laid out by depth, nothing draggable.
    await page.getByRole('navigation', { name: 'Workflow views' }).getByRole('link', { name: 'Versions' }).click();
    await page.getByRole('heading', { name: `Versions of ${wf.name}` }).waitFor();
    expect(await page.getByTestId('versions').locator('tbody tr').count()).toBe(saved.version);
    await expectAccessible('workflow-versions');
    await shot('workflow-versions');
    await page.getByRole('link', { name: 'Version 1', exact: true }).click();
    await page.getByTestId('read-only').waitFor();
    await page.getByRole('heading', { name: `Workflow ${wf.name} · version 1` }).waitFor();
    await ship.waitFor();
    expect(await ship.getAttribute('class')).not.toMatch(/\bdraggable\b/);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await ship.click();
    expect(await page.getByTestId('step-config').textContent()).toContain('shipped');
    await expectAccessible('workflow-version-read-only');
    await shot('workflow-version-read-only');
  });

  it('saves the workflow as a template and instantiates it into a new workflow, layout included', async () => {
    await page.goto(`${platform.url}/workflows/${wf.id}`);
    await page.locator('.react-flow__node[data-id="ship"]').waitFor();
    const templateName = `tpl-${Date.now()}`;
    await page.getByText('Save as template').click();
    await page.getByLabel('Template name').fill(templateName);
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByRole('link', { name: templateName }).click();
    await page.getByRole('heading', { name: 'Workflow templates' }).waitFor();
    await page.locator('tr[data-template="research-and-summarise"]').waitFor();
    await page.getByRole('button', { name: `Use ${templateName}` }).click();
    await page.getByRole('heading', { name: `New workflow from ${templateName}` }).waitFor();
    await expectAccessible('workflow-templates');
    await shot('workflow-templates');
    const copyName = `from-template-${Date.now()}`;
    await page.getByLabel('Workflow name').fill(copyName);
    await page.getByRole('button', { name: 'Create workflow' }).click();
    await page.getByRole('heading', { name: `Workflow ${copyName}` }).waitFor();
    const copyId = page.url().split('/').pop()!;
    const [copy, original] = [(await api('GET', `/api/workflows/${copyId}`)).body, (await api('GET', `/api/workflows/${wf.id}`)).body];
    expect(copy.definition.steps).toEqual(original.definition.steps);
    expect(copy.definition.layout).toEqual(original.definition.layout);
    await page.locator('.react-flow__node[data-id="ship"]').waitFor();
    expect(await nodeAt('ship')).toEqual(original.definition.layout.ship);
  });

  it('refreshed the access token silently before it expired', async () => {
    // 30 s tokens: the console swaps them for a new pair about 6 s before they expire.
    const refreshed = await eventually(session, (s) => s.accessToken !== firstSession.accessToken, 40_000, 500);
    expect(refreshed.refreshToken).not.toBe(firstSession.refreshToken);
    expect(refreshed.expiresAt).toBeGreaterThan(Date.now());
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await page.locator('#health-title ~ table tbody tr').first().waitFor();
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('agentic.session'))).toBeNull();
    // No script errors beyond expected failed requests (the wrong password's 401).
    expect(browserErrors.filter((e) => !/401|Failed to load resource/.test(e))).toEqual([]);
  });
});
