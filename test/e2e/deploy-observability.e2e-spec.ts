import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadEnv, MODULE_PORTS } from '@libs/config';
import { createApp } from 'src/app.factory';
import { freePort, tmpDataDir } from 'test/utils/services';

// Prometheus needs a few scrapes and rule evaluations before it has anything to answer.
jest.setTimeout(90_000);

const DEPLOY = resolve(__dirname, '..', '..', 'deploy');
const PROMETHEUS_CONFIG = join(DEPLOY, 'prometheus', 'prometheus.yml');
const RULES = join(DEPLOY, 'prometheus', 'rules', 'platform.rules.yml');
const RULES_TEST = join(DEPLOY, 'prometheus', 'rules', 'platform.rules.test.yml');
const DASHBOARD = join(DEPLOY, 'grafana', 'dashboards', 'platform.json');

/** Series Prometheus makes itself rather than scraping them from /metrics. */
const SYNTHETIC = new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE', 'scrape_duration_seconds', 'scrape_samples_scraped']);
/** PromQL words that look like metric names: aggregation modifiers, set operators, literals. */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

const toolPresent = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/**
 * `it` when every named tool is on PATH, `it.skip` otherwise (as itWithServices does for services).
 * Under CI=true a missing tool throws while jest collects the suite, so the suite fails instead of passing empty.
 */
function itWithTools(...tools: string[]): jest.It {
  const missing = tools.filter((tool) => !toolPresent(tool));
  if (missing.length === 0) return it;
  if (process.env.CI) throw new Error(`${missing.join(', ')} required under CI=true but not installed (apt-get install prometheus)`);
  console.warn(`\n!!! SKIPPING: ${missing.join(', ')} not installed (apt-get install prometheus). Set CI=true to make this a failure.\n`);
  return it.skip;
}

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

interface RuleFile {
  groups: { name: string; rules: { record?: string; alert?: string; expr: string }[] }[];
}

interface Panel {
  title: string;
  type: string;
  datasource?: { uid: string };
  targets?: { expr: string }[];
}

interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; query: string | { query: string } }[] };
}

const rules = () => parse(readFileSync(RULES, 'utf8')) as RuleFile;
const dashboard = () => JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;

function dashboardExprs(): { where: string; expr: string }[] {
  const { panels, templating } = dashboard();
  return [
    ...panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr }))),
    // Query variables are Grafana's label_values(<selector>, <label>): the selector is the PromQL part.
    ...templating.list
      .filter((variable) => typeof variable.query === 'object')
      .map((variable) => {
        const query = (variable.query as { query: string }).query;
        const selector = /^label_values\((.+),\s*\w+\)$/.exec(query)?.[1];
        if (!selector) throw new Error(`variable $${variable.name}: unexpected query ${query}`);
        return { where: `variable $${variable.name}`, expr: selector };
      }),
  ];
}

/** The metric names a PromQL expression reads: identifiers that are not functions, keywords, labels or variables. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values and string arguments
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '') // label lists
    .replace(/\[[^\]]*\]/g, '') // range and subquery durations
    .replace(/\$\{?\w+\}?/g, ''); // dashboard variables
  const names = bare.match(/(?<![\w.:])[a-zA-Z_:][\w:]*(?![\w:])(?!\s*\()/g) ?? [];
  return names.filter((name) => !KEYWORDS.has(name.toLowerCase()));
}

/** Every sample name in a Prometheus text exposition (histograms appear as their _bucket, _sum and _count). */
function exposedNames(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(/[{ ]/)[0]),
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('deploy/ observability configuration', () => {
  describe('promtool', () => {
    const withPromtool = itWithTools('promtool');

    withPromtool('accepts the Prometheus config and its rule file', () => {
      expect(promtool('check', 'config', PROMETHEUS_CONFIG)).toMatchObject({ status: 0 });
    });

    withPromtool('accepts the commented split-mode job, which scrapes every module on its port from the port map', () => {
      // Uncomment the block between the markers; rule_files becomes absolute since the copy lives elsewhere.
      const source = readFileSync(PROMETHEUS_CONFIG, 'utf8');
      const [before, rest] = source.split(/^\s*# split-mode-begin\n/m);
      const [block, after] = rest.split(/^\s*# split-mode-end\n/m);
      expect(block).toBeTruthy();
      const split = (before + block.replace(/^(\s*)# ?/gm, '$1') + after).replace('rules/platform.rules.yml', RULES);
      const file = join(tmpDataDir('prom-split-'), 'prometheus.yml');
      writeFileSync(file, split);
      expect(promtool('check', 'config', file)).toMatchObject({ status: 0 });

      const config = parse(split) as {
        scrape_configs: { job_name: string; static_configs: { targets: string[]; labels: { module: string } }[] }[];
      };
      const job = config.scrape_configs.find((c) => c.job_name === 'agentic-platform-split')!;
      const scraped = Object.fromEntries(job.static_configs.map((c) => [c.labels.module, Number(c.targets[0].split(':')[1])]));
      expect(scraped).toEqual(MODULE_PORTS);
    });

    withPromtool('accepts the rules and passes their unit tests', () => {
      expect(promtool('check', 'rules', RULES)).toMatchObject({ status: 0 });
      expect(promtool('test', 'rules', RULES_TEST)).toMatchObject({ status: 0 });
    });
  });

  describe('against a running platform', () => {
    let app: NestFastifyApplication;
    let base: string;
    let prometheus: ChildProcess | undefined;
    let prometheusDir: string | undefined;

    beforeAll(async () => {
      // Default settings: PUBLIC_METRICS is on, so Prometheus scrapes /metrics without a credential.
      ({ app } = await createApp(loadEnv({ DATA_DIR: tmpDataDir('deploy-obs-'), CHROMA_AUTOSTART: 'false' }), { logger: false }));
      await app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      // /health sends bus requests, so the bus series exist too.
      for (let i = 0; i < 3; i++) expect((await fetch(`${base}/health`)).status).toBe(200);
    });

    afterAll(async () => {
      if (prometheus?.pid && prometheus.exitCode === null && prometheus.signalCode === null) {
        const exited = new Promise((r) => prometheus!.once('exit', r));
        process.kill(-prometheus.pid, 'SIGTERM');
        const timer = setTimeout(() => process.kill(-prometheus!.pid!, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (prometheusDir) rmSync(prometheusDir, { recursive: true, force: true });
      await app?.close();
    });

    it('serves every metric the rules and the dashboard read', async () => {
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      const exposed = exposedNames(await res.text());
      const { groups } = rules();
      const recorded = new Set(groups.flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : []))));
      const uses = [
        ...groups.flatMap((g) => g.rules.map((r) => ({ where: `rule ${r.record ?? r.alert}`, expr: r.expr }))),
        ...dashboardExprs(),
      ];
      const missing = uses.flatMap(({ where, expr }) =>
        metricNames(expr)
          .filter((name) => !recorded.has(name) && !SYNTHETIC.has(name) && !exposed.has(name))
          .map((name) => `${where}: ${name}`),
      );
      expect(missing).toEqual([]);
      // The extraction itself must find the names, or the check above proves nothing.
      expect(metricNames(uses.map((u) => u.expr).join('\n'))).toEqual(
        expect.arrayContaining([
          'http_requests_total',
          'http_request_duration_seconds_bucket',
          'bus_messages_total',
          'process_resident_memory_bytes',
        ]),
      );
    });

    it('gives every dashboard panel the templated Prometheus datasource', () => {
      const panels = dashboard().panels.filter((panel) => panel.type !== 'row');
      expect(panels.filter((panel) => panel.datasource?.uid !== '${datasource}').map((panel) => panel.title)).toEqual([]);
    });

    itWithTools('prometheus')('is scraped by a real Prometheus that loads the rules and runs the dashboard queries', async () => {
      const port = Number(new URL(base).port);
      const promPort = await freePort();
      prometheusDir = tmpDataDir('prometheus-');
      const config = join(prometheusDir, 'prometheus.yml');
      // JSON is YAML: the same job name as deploy/, scraping the test app every second.
      const scrape = { job_name: 'agentic-platform', static_configs: [{ targets: [`127.0.0.1:${port}`] }] };
      writeFileSync(
        config,
        JSON.stringify({ global: { scrape_interval: '1s', evaluation_interval: '1s' }, rule_files: [RULES], scrape_configs: [scrape] }),
      );
      let output = '';
      // Its own process group, so afterAll can stop it and anything it started.
      prometheus = spawn(
        'prometheus',
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${join(prometheusDir, 'tsdb')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
          '--log.level=warn',
        ],
        { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      prometheus.stdout!.on('data', (chunk) => (output += chunk));
      prometheus.stderr!.on('data', (chunk) => (output += chunk));

      const api = async <T>(path: string): Promise<T> => {
        if (prometheus!.exitCode !== null) throw new Error(`prometheus exited with ${prometheus!.exitCode}:\n${output}`);
        const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/${path}`, { signal: AbortSignal.timeout(5_000) });
        const body = (await res.json()) as { status: string; data: T; error?: string };
        if (body.status !== 'success') throw new Error(`${path}: ${body.error}`);
        return body.data;
      };
      const query = (expr: string) =>
        api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`query?query=${encodeURIComponent(expr)}`).then(
          (data) => data.result,
        );
      const nonEmpty = (expr: string) => until(expr, () => query(expr).then((result) => (result.length ? result : undefined)));

      const requests = await nonEmpty('http_requests_total{route="/health"}');
      expect(Number(requests[0].value[1])).toBeGreaterThan(0);
      expect(requests[0].metric).toMatchObject({ job: 'agentic-platform', method: 'GET', status: '200' });
      const up = await nonEmpty('up{job="agentic-platform"}');
      expect(up.map((sample) => sample.value[1])).toEqual(['1']);

      // Every rule evaluates without error against the real series, and the recording rules see the job.
      const ruleHealth = await until('every rule evaluated', async () => {
        const { groups } = await api<{ groups: { rules: { name: string; health: string; lastError?: string }[] }[] }>('rules');
        const all = groups.flatMap((g) => g.rules);
        return all.length > 0 && all.every((r) => r.health !== 'unknown') ? all : undefined;
      });
      expect(ruleHealth.filter((r) => r.health !== 'ok')).toEqual([]);
      await nonEmpty('job_route:http_requests:rate5m{route="/health"}');
      await nonEmpty('job_route:http_request_duration_seconds:p95_5m{route="/health"}');

      // Grafana fills in the variables; any query Prometheus refuses would be an empty panel.
      const refused: string[] = [];
      for (const { where, expr } of dashboardExprs()) {
        const concrete = expr.replace(/\$__rate_interval/g, '1m').replace(/\$\{?\w+\}?/g, '.+');
        await query(concrete).catch((error: unknown) => refused.push(`${where}: ${String(error)}`));
      }
      expect(refused).toEqual([]);
      const byRoute = await nonEmpty(
        dashboardExprs()
          .find((e) => e.where === 'panel "Request rate by route"')!
          .expr.replace(/\$__rate_interval/g, '1m')
          .replace(/\$\{?\w+\}?/g, '.+'),
      );
      expect(byRoute.map((sample) => sample.metric.route)).toContain('/health');
    });
  });
});
