/**
 * npm run bench:observability — the span store, per primary database (SQLite embedded; PostgreSQL + Redis server
 * mode), each figure beside a baseline measured in the same run:
 *
 * 1. Ingestion: synthetic traces of about ten spans (an HTTP server root, bus client/server spans, invoke_agent with
 *    GenAI attributes, chat spans with token usage, tool spans; ~10 attributes each) fed through
 *    SpanStore.ingest(spans, external = true) in chunks of 500 as fast as its batching writer drains (the feeder
 *    waits while more than 10,000 spans are unwritten), timed until flush() says every span is stored. Baseline:
 *    the same kind of rows with a plain multi-row INSERT through the app's DataSource, measured before and after.
 * 2. Trace search at scale: BENCH_SPANS (default 1,000,000) spans over the last 7 days bulk-loaded with multi-row
 *    INSERTs (not measured), then typical GET /api/traces shapes through TracesService.list (limit 50) and one trace
 *    through TracesService.get, round-robin, p50/p95/p99 per shape. A shape whose p95 misses the goal gets the plan
 *    of its trace-id query printed (SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN ANALYZE).
 * 3. The cost of tracing on a request: three platform processes (SQLite) on the same route with autocannon,
 *    alternating: tracing on (spans made, shipped and stored), sampled out (TRACE_SAMPLE_RATIO=0: spans made and
 *    shipped, not stored) and off (a no-op tracer provider registered before the app, so every span is a no-op).
 *
 * Env: BENCH_INGEST_SPANS (100000), BENCH_SPANS (1000000), BENCH_PG_SPANS (= BENCH_SPANS), BENCH_QUERIES (200),
 * BENCH_SHAPE_BUDGET_S (20: a shape stops early after this much query time), BENCH_SECONDS (5), BENCH_ROUNDS (3),
 * BENCH_ONLY (ingest,search,overhead), BENCH_DIALECTS (sqlite,postgres), BENCH_EXPLAIN=all (plans of every shape),
 * BENCH_KEEP=1 (keep the SQLite data directory and print its path).
 */
import 'reflect-metadata';
import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadEnv } from '@libs/config';
import type { SpanRecord } from '@libs/contracts';
import { createApp } from 'src/app.factory';
// eslint-disable-next-line no-restricted-imports -- the stored row, to bulk-load obs_spans
import type { SpanEntity } from 'src/modules/observability/entities/span.entity';
// eslint-disable-next-line no-restricted-imports -- the span store itself is what is measured
import { SpanStore } from 'src/modules/observability/traces/span-store.service';
// eslint-disable-next-line no-restricted-imports -- what GET /api/traces runs, called in process
import { TracesService } from 'src/modules/observability/traces/traces.service';

const INGEST_SPANS = Number(process.env.BENCH_INGEST_SPANS ?? 100_000);
const SEARCH_SPANS = Number(process.env.BENCH_SPANS ?? 1_000_000);
const PG_SEARCH_SPANS = Number(process.env.BENCH_PG_SPANS ?? SEARCH_SPANS);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const SHAPE_BUDGET_MS = Number(process.env.BENCH_SHAPE_BUDGET_S ?? 20) * 1000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ONLY = (process.env.BENCH_ONLY ?? 'ingest,search,overhead').split(',');
const DIALECTS = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',');
const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN = { ADMIN_EMAIL: 'bench@local.test', ADMIN_PASSWORD: 'bench-password-1234' };

const INGEST_CHUNK = 500;
const INGEST_HIGH_WATER = 10_000;
const WEEK_MS = 7 * 24 * 3_600_000;
const GOALS = { spansPerSecond: 5_000, searchP95Ms: 200, overheadPct: 10 };

type Dialect = 'sqlite' | 'postgres';
type SpanQuery = Parameters<TracesService['list']>[0];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
/** Nearest-rank percentile of an ascending list. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const ok = (pass: boolean) => (pass ? 'ok  ' : 'MISS');

// ---------------------------------------------------------------------------------------------------------------
// Synthetic traces
// ---------------------------------------------------------------------------------------------------------------

/** mulberry32: the same data every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const MODELS = [
  { provider: 'openai', model: 'gpt-4o-mini' },
  { provider: 'openai', model: 'gpt-4.1' },
  { provider: 'anthropic', model: 'claude-sonnet-4-5' },
  { provider: 'google', model: 'gemini-2.5-flash' },
  { provider: 'openai-compatible', model: 'llama3.1:8b' },
];
const TOOLS = ['javascript', 'http_fetch', 'rag_search', 'sql_query', 'web_search', 'mcp_filesystem_read'];
const AGENT_NAMES = ['support', 'researcher', 'calculator', 'sql-analyst', 'summariser', 'planner', 'coder', 'triage', 'writer', 'router'];

/** Traces of about ten spans in the shapes the platform produces. */
class TraceGenerator {
  readonly agents: Array<{ id: string; name: string }>;
  readonly users: string[];
  private readonly resource: Record<string, unknown>;

  constructor(readonly random: () => number) {
    this.agents = Array.from({ length: 50 }, (_, i) => ({ id: this.uuid(), name: `${AGENT_NAMES[i % AGENT_NAMES.length]}-${i}` }));
    this.users = Array.from({ length: 200 }, () => this.uuid());
    this.resource = {
      'service.name': 'agentic-ai-acceleration',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '2.12.1',
      'host.name': 'platform-1',
    };
  }

  hex(chars: number): string {
    let out = '';
    while (out.length < chars) out += ((this.random() * 0x1_0000_0000) >>> 0).toString(16).padStart(8, '0');
    return out.slice(0, chars);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  between(min: number, max: number): number {
    return min + this.random() * (max - min);
  }

  /** One trace starting at startMs; with error, its last leaf failed and the HTTP root answered 500. */
  trace(startMs: number, error: boolean): SpanRecord[] {
    const r = this.random();
    const traceId = this.hex(32);
    const spans: SpanRecord[] =
      r < 0.4
        ? this.agentOverHttp(traceId, startMs)
        : r < 0.6
          ? this.agentOverA2a(traceId, startMs)
          : r < 0.75
            ? this.workflowRun(traceId, startMs)
            : r < 0.9
              ? this.ragSearch(traceId, startMs)
              : this.sqlQuery(traceId, startMs);
    if (error) {
      const leaf = spans[spans.length - 1];
      leaf.statusCode = 2;
      leaf.statusMessage = this.pick(['upstream timed out after 30000 ms', 'ECONNREFUSED 127.0.0.1:8000', 'tool failed: SyntaxError']);
      leaf.events = [
        {
          name: 'exception',
          timeMs: leaf.startMs + leaf.durationMs,
          attributes: { 'exception.type': 'Error', 'exception.message': leaf.statusMessage },
        },
      ];
      spans[0].statusCode = 2;
      spans[0].attributes['http.status_code'] = 500;
    }
    return spans;
  }

  private span(
    traceId: string,
    parent: SpanRecord | undefined,
    name: string,
    kind: number,
    startMs: number,
    durationMs: number,
    attributes: Record<string, unknown>,
  ): SpanRecord {
    return {
      traceId,
      spanId: this.hex(16),
      parentSpanId: parent?.spanId,
      name,
      kind,
      startMs,
      durationMs,
      statusCode: 0,
      attributes,
      events: [],
      resource: this.resource,
    };
  }

  private http(method: string, route: string, path: string, user: string): Record<string, unknown> {
    return {
      'http.method': method,
      'http.route': route,
      'url.path': path,
      'http.status_code': 200,
      'http.request_id': this.uuid(),
      'user_agent.original': 'agentic-sdk/0.1.0 node/22',
      'client.address': `10.0.${Math.floor(this.random() * 4)}.${Math.floor(this.random() * 250)}`,
      'server.port': 3000,
      'network.protocol.version': '1.1',
      'enduser.id': user,
    };
  }

  private bus(method: string, source: string, target: string): Record<string, unknown> {
    return {
      'rpc.system': 'a2a-bus',
      'rpc.method': method,
      'messaging.system': 'agentic-bus',
      'messaging.destination.name': target,
      'messaging.message.id': this.uuid(),
      'messaging.operation.type': 'send',
      'bus.source': source,
      'bus.target': target,
      'bus.namespace': 'agentic',
      'messaging.message.body.size': Math.floor(this.between(200, 8_000)),
    };
  }

  /** A bus request as its client and server spans; returns the server span (the callee's work goes under it). */
  private busPair(traceId: string, parent: SpanRecord, method: string, source: string, target: string, start: number, duration: number) {
    const client = this.span(traceId, parent, `bus.request ${method}`, 3, start, duration, this.bus(method, source, target));
    const server = this.span(traceId, client, `bus.request ${method}`, 2, start + 0.4, duration - 0.8, this.bus(method, source, target));
    return { client, server };
  }

  /** invoke_agent with 2-4 chat spans and tool calls between them; fills spans, returns the agent span's end. */
  private agentRun(traceId: string, parent: SpanRecord, start: number, agent: { id: string; name: string }, spans: SpanRecord[]): number {
    const contextId = this.uuid();
    const invoke = this.span(traceId, parent, `invoke_agent ${agent.name}`, 1, start, 0, {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.id': agent.id,
      'gen_ai.agent.name': agent.name,
      'gen_ai.conversation.id': contextId,
      'a2a.task.id': this.uuid(),
      'platform.module': 'agents',
      'agent.brain': 'ai-sdk',
    });
    spans.push(invoke);
    const { provider, model } = this.pick(MODELS);
    const chats = 2 + Math.floor(this.random() * 4);
    let at = start + 1;
    let input = 0;
    let output = 0;
    let cost = 0;
    for (let i = 0; i < chats; i++) {
      const inTok = Math.floor(this.between(300, 6_000));
      const outTok = Math.floor(this.between(20, 800));
      const usd = (inTok * 0.15 + outTok * 0.6) / 1e6;
      input += inTok;
      output += outTok;
      cost += usd;
      const duration = this.between(250, 2_500);
      spans.push(
        this.span(traceId, invoke, `chat ${model}`, 3, at, duration, {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': provider,
          'gen_ai.request.model': model,
          'gen_ai.response.model': model,
          'gen_ai.response.id': `chatcmpl-${this.hex(12)}`,
          'gen_ai.response.finish_reasons': [i === chats - 1 ? 'stop' : 'tool_calls'],
          'gen_ai.usage.input_tokens': inTok,
          'gen_ai.usage.output_tokens': outTok,
          'gen_ai.usage.cost': usd,
          'platform.module': 'agents',
        }),
      );
      at += duration + 1;
      if (i === chats - 1) break;
      const toolName = this.pick(TOOLS);
      const toolDuration = this.between(5, 400);
      const tool = this.span(traceId, invoke, `execute_tool ${toolName}`, 1, at, toolDuration, {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': toolName,
        'gen_ai.tool.call.id': `call_${this.hex(12)}`,
        'gen_ai.tool.type': 'function',
        'gen_ai.agent.name': agent.name,
        'platform.module': 'agents',
      });
      spans.push(tool);
      if (toolName === 'rag_search' || toolName === 'sql_query') {
        const method = toolName === 'rag_search' ? 'rag.search' : 'sql.execute';
        const pair = this.busPair(
          traceId,
          tool,
          method,
          'agents',
          method.split('.')[0] === 'sql' ? 'sqltool' : 'rag',
          at + 1,
          toolDuration - 2,
        );
        spans.push(pair.client, pair.server);
      }
      at += toolDuration + 1;
    }
    invoke.durationMs = at - start;
    Object.assign(invoke.attributes, {
      'gen_ai.usage.input_tokens': input,
      'gen_ai.usage.output_tokens': output,
      'gen_ai.usage.cost': cost,
    });
    return at;
  }

  private agentOverHttp(traceId: string, start: number): SpanRecord[] {
    const agent = this.pick(this.agents);
    const root = this.span(traceId, undefined, 'POST /api/agents/:id/execute', 2, start, 0, {
      ...this.http('POST', '/api/agents/:id/execute', `/api/agents/${agent.id}/execute`, this.pick(this.users)),
    });
    const spans = [root];
    const { client, server } = this.busPair(traceId, root, 'agents.execute', 'gateway', 'agents', start + 0.5, 0);
    spans.push(client, server);
    const end = this.agentRun(traceId, server, start + 1, agent, spans);
    client.durationMs = end - client.startMs + 0.5;
    server.durationMs = end - server.startMs;
    root.durationMs = end - start + 1;
    return spans;
  }

  private agentOverA2a(traceId: string, start: number): SpanRecord[] {
    const agent = this.pick(this.agents);
    const root = this.span(traceId, undefined, 'POST /a2a/agents/:id', 2, start, 0, {
      ...this.http('POST', '/a2a/agents/:id', `/a2a/agents/${agent.id}`, this.pick(this.users)),
    });
    root.attributes['a2a.method'] = 'SendMessage';
    const spans = [root];
    const end = this.agentRun(traceId, root, start + 1, agent, spans);
    spans.push(
      this.span(traceId, root, 'bus.event agents.task-updated', 4, end, 0.3, {
        ...this.bus('agents.task-updated', 'agents', '*'),
        'messaging.operation.type': 'publish',
      }),
    );
    root.durationMs = end - start + 1;
    return spans;
  }

  private workflowRun(traceId: string, start: number): SpanRecord[] {
    const workflowId = this.uuid();
    const runId = this.uuid();
    const root = this.span(traceId, undefined, 'POST /api/workflows/:id/execute', 2, start, 0, {
      ...this.http('POST', '/api/workflows/:id/execute', `/api/workflows/${workflowId}/execute`, this.pick(this.users)),
    });
    const spans = [root];
    const { client, server } = this.busPair(traceId, root, 'workflows.execute', 'gateway', 'workflow-engine', start + 0.5, 0);
    spans.push(client, server);
    const run = this.span(traceId, server, 'workflow.run', 1, start + 1, 0, {
      'workflow.id': workflowId,
      'workflow.run.id': runId,
      'workflow.version': 1 + Math.floor(this.random() * 5),
      'workflow.trigger': this.pick(['api', 'schedule', 'webhook']),
      'platform.module': 'workflow-engine',
    });
    spans.push(run);
    let at = start + 2;
    const steps = 4 + Math.floor(this.random() * 4);
    for (let i = 0; i < steps; i++) {
      const kind = this.pick(['transform', 'http', 'sql', 'agent', 'condition']);
      const duration = kind === 'agent' ? this.between(500, 6_000) : this.between(1, 150);
      spans.push(
        this.span(traceId, run, `workflow.step s${i}`, 1, at, duration, {
          'workflow.id': workflowId,
          'workflow.run.id': runId,
          'workflow.step.id': `s${i}`,
          'workflow.step.kind': kind,
          'workflow.step.attempt': 1,
          'platform.module': 'workflow-engine',
        }),
      );
      at += duration + 0.5;
    }
    run.durationMs = at - run.startMs;
    server.durationMs = at - server.startMs;
    client.durationMs = at - client.startMs + 0.5;
    root.durationMs = at - start + 1;
    return spans;
  }

  private ragSearch(traceId: string, start: number): SpanRecord[] {
    const collection = this.pick(['handbook', 'support-kb', 'contracts', 'engineering-wiki']);
    const root = this.span(
      traceId,
      undefined,
      'POST /api/search',
      2,
      start,
      0,
      this.http('POST', '/api/search', '/api/search', this.pick(this.users)),
    );
    const embed = this.between(5, 120);
    const vector = this.between(3, 60);
    const keyword = this.between(1, 20);
    const total = embed + vector + keyword + 4;
    const { client, server } = this.busPair(traceId, root, 'rag.search', 'gateway', 'rag', start + 0.5, total);
    const common = { 'rag.collection': collection, 'rag.mode': 'hybrid', 'rag.k': 10, 'platform.module': 'rag' };
    root.durationMs = total + 1;
    return [
      root,
      client,
      server,
      this.span(traceId, server, 'embed query', 1, start + 1, embed, {
        ...common,
        'gen_ai.operation.name': 'embeddings',
        'gen_ai.request.model': 'use-lite',
      }),
      this.span(traceId, server, 'chroma.query', 3, start + 1 + embed, vector, {
        ...common,
        'db.system': 'chroma',
        'db.operation.name': 'query',
      }),
      this.span(traceId, server, 'fts.query', 3, start + 1 + embed + vector, keyword, {
        ...common,
        'db.system': 'sqlite',
        'db.operation.name': 'SELECT',
      }),
    ];
  }

  private sqlQuery(traceId: string, start: number): SpanRecord[] {
    const root = this.span(
      traceId,
      undefined,
      'POST /api/sql/execute',
      2,
      start,
      0,
      this.http('POST', '/api/sql/execute', '/api/sql/execute', this.pick(this.users)),
    );
    const validate = this.between(0.2, 4);
    const query = this.between(1, 900);
    const { client, server } = this.busPair(traceId, root, 'sql.execute', 'gateway', 'sqltool', start + 0.5, validate + query + 2);
    const common = { 'sql.connection.id': this.pick(['c-warehouse', 'c-crm', 'c-billing']), 'platform.module': 'sqltool' };
    root.durationMs = validate + query + 3;
    return [
      root,
      client,
      server,
      this.span(traceId, server, 'sql.validate', 1, start + 1, validate, { ...common, 'db.query.summary': 'SELECT customers' }),
      this.span(traceId, server, 'sql.execute', 3, start + 1 + validate, query, {
        ...common,
        'db.system': this.pick(['postgresql', 'mysql', 'sqlite']),
        'db.operation.name': 'SELECT',
        'db.response.returned_rows': Math.floor(this.between(0, 500)),
      }),
    ];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The platform and its database
// ---------------------------------------------------------------------------------------------------------------

interface Platform {
  dialect: Dialect;
  app: Awaited<ReturnType<typeof createApp>>['app'];
  dataSource: DataSource;
  store: SpanStore;
  traces: TracesService;
  toEntity: (span: SpanRecord) => SpanEntity;
  close: () => Promise<void>;
}

async function startPlatform(dialect: Dialect): Promise<Platform> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-obs-${dialect}-`));
  let pg: { name: string; url: string } | undefined;
  const namespace = `bench-obs-${randomBytes(4).toString('hex')}`;
  if (dialect === 'postgres') {
    const name = `bench_obs_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    pg = { name, url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`) };
  }
  const env = loadEnv({
    DATA_DIR: dataDir,
    CHROMA_AUTOSTART: 'false',
    LOG_LEVEL: 'error',
    // The loaded spans cover 7 days: keep retention from deleting the oldest while the bench runs.
    TRACE_RETENTION_HOURS: String(30 * 24),
    ...ADMIN,
    ...(pg ? { DATABASE_URL: pg.url, REDIS_URL, BUS_NAMESPACE: namespace } : {}),
  });
  const { app } = await createApp(env, { logger: false });
  await app.init();
  const store = app.get(SpanStore);
  const toEntity = (store as unknown as { toEntity(span: SpanRecord): SpanEntity }).toEntity.bind(store);
  return {
    dialect,
    app,
    dataSource: app.get(DataSource),
    store,
    traces: app.get(TracesService),
    toEntity,
    close: async () => {
      await app.close();
      if (process.env.BENCH_KEEP && dialect === 'sqlite') console.log(`kept ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
      if (pg) {
        const admin = new Client({ connectionString: PG_ADMIN_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${pg.name} WITH (FORCE)`);
        await admin.end();
        const redis = new Redis(REDIS_URL);
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
        redis.disconnect();
      }
    },
  };
}

const COLUMNS = [
  'trace_id',
  'span_id',
  'parent_span_id',
  'name',
  'kind',
  'start_ms',
  'duration_ms',
  'status_code',
  'status_message',
  'service',
  'module',
  'operation',
  'agent_id',
  'session_id',
  'run_id',
  'attributes',
  'events',
  'resource',
];
const insertSql = new Map<string, string>();

/** A plain multi-row INSERT of rows (simple-json columns serialised as TypeORM does). */
function plainInsert(dialect: Dialect, rows: SpanEntity[]): [string, unknown[]] {
  const key = `${dialect}:${rows.length}`;
  let sql = insertSql.get(key);
  if (!sql) {
    let n = 0;
    const tuple = () => `(${COLUMNS.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(',')})`;
    sql = `INSERT INTO obs_spans (${COLUMNS.join(',')}) VALUES ${rows.map(tuple).join(',')}`;
    insertSql.set(key, sql);
  }
  const params: unknown[] = [];
  for (const r of rows)
    params.push(
      r.traceId,
      r.spanId,
      r.parentSpanId,
      r.name,
      r.kind,
      r.startMs,
      r.durationMs,
      r.statusCode,
      r.statusMessage,
      r.service,
      r.module,
      r.operation,
      r.agentId,
      r.sessionId,
      r.runId,
      JSON.stringify(r.attributes),
      JSON.stringify(r.events),
      JSON.stringify(r.resource),
    );
  return [sql, params];
}

/** Rows per plain INSERT statement (18 parameters a row: SQLite allows 32,766, PostgreSQL 65,535). */
const ROWS_PER_STATEMENT = { sqlite: 500, postgres: 1_000 } as const;

async function insertRows(ds: DataSource, dialect: Dialect, rows: SpanEntity[]): Promise<void> {
  const per = ROWS_PER_STATEMENT[dialect];
  for (let i = 0; i < rows.length; i += per) {
    const [sql, params] = plainInsert(dialect, rows.slice(i, i + per));
    await ds.query(sql, params);
  }
}

async function clearSpans(p: Platform): Promise<void> {
  await p.store.flush();
  await p.dataSource.query(p.dialect === 'postgres' ? 'TRUNCATE obs_spans' : 'DELETE FROM obs_spans');
}

async function countSpans(p: Platform): Promise<number> {
  const [row] = (await p.dataSource.query('SELECT COUNT(*) AS n FROM obs_spans')) as Array<{ n: number | string }>;
  return Number(row.n);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Ingestion
// ---------------------------------------------------------------------------------------------------------------

interface IngestResult {
  dialect: Dialect;
  storeRate: number;
  rawRate: number;
  stored: number;
  dropped: number;
  rawRates: number[];
}

function traceSet(gen: TraceGenerator, n: number, fromMs: number, spanMs: number): SpanRecord[] {
  const spans: SpanRecord[] = [];
  while (spans.length < n) spans.push(...gen.trace(fromMs + gen.random() * spanMs, gen.random() < 0.05));
  return spans.slice(0, n);
}

async function measureIngestion(p: Platform): Promise<IngestResult> {
  const gen = new TraceGenerator(seeded(7));
  const now = Date.now();
  const sets = [0, 1, 2].map(() => traceSet(gen, INGEST_SPANS, now - 600_000, 590_000));
  const raw = async (spans: SpanRecord[]) => {
    const rows = spans.map(p.toEntity); // conversion outside the timing: the baseline is the database alone
    await clearSpans(p);
    const started = performance.now();
    await insertRows(p.dataSource, p.dialect, rows);
    const rate = rows.length / ((performance.now() - started) / 1000);
    // The app may store a few spans of its own meanwhile (pollers in server mode): fewer than sent is the failure.
    if ((await countSpans(p)) < rows.length) throw new Error('plain INSERT baseline stored fewer spans than it sent');
    return rate;
  };
  const viaStore = async (spans: SpanRecord[]) => {
    await clearSpans(p);
    const before = p.store.stats();
    const started = performance.now();
    for (let i = 0; i < spans.length; i += INGEST_CHUNK) {
      p.store.ingest(spans.slice(i, i + INGEST_CHUNK), true);
      while (p.store.stats().pending > INGEST_HIGH_WATER) await sleep(1);
    }
    await p.store.flush();
    const rate = spans.length / ((performance.now() - started) / 1000);
    const after = p.store.stats();
    return { rate, stored: await countSpans(p), dropped: after.dropped - before.dropped + (after.failedBatches - before.failedBatches) };
  };
  // Warm-up (JIT, statement caches, first pages), then baseline, store, baseline again.
  await raw(traceSet(gen, 5_000, now - 600_000, 590_000));
  await viaStore(traceSet(gen, 5_000, now - 600_000, 590_000));
  const raw1 = await raw(sets[0]);
  const store = await viaStore(sets[1]);
  const raw2 = await raw(sets[2]);
  await clearSpans(p);
  const rawRate = (raw1 + raw2) / 2;
  console.log(
    `${p.dialect.padEnd(8)} plain INSERT ${fmt(raw1).padStart(7)} spans/s | SpanStore.ingest ${fmt(store.rate).padStart(7)} spans/s ` +
      `(${store.stored} of ${INGEST_SPANS} stored, ${store.dropped} dropped) | plain INSERT again ${fmt(raw2).padStart(7)} spans/s | ` +
      `ratio store / plain ${(store.rate / rawRate).toFixed(3)}`,
  );
  return { dialect: p.dialect, storeRate: store.rate, rawRate, stored: store.stored, dropped: store.dropped, rawRates: [raw1, raw2] };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Search at scale
// ---------------------------------------------------------------------------------------------------------------

interface ShapeResult {
  dialect: Dialect;
  spans: number;
  shape: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  rows: number;
  /** p50 of the same SQL statements run raw (no hydration, no summarising). */
  sqlP50: number;
}

async function bulkLoad(p: Platform, n: number, gen: TraceGenerator, now: number) {
  const traceIds: string[] = [];
  const started = performance.now();
  let loaded = 0;
  let traces = 0;
  let lastReport = started;
  while (loaded < n) {
    const rows: SpanEntity[] = [];
    while (rows.length < 20_000 && loaded + rows.length < n) {
      const spans = gen.trace(now - 10_000 - gen.random() * (WEEK_MS - 20_000), gen.random() < 0.05);
      // A reservoir of trace ids for TracesService.get.
      if (traceIds.length < 1_000) traceIds.push(spans[0].traceId);
      else if (gen.random() < 1_000 / (traces + 1)) traceIds[Math.floor(gen.random() * 1_000)] = spans[0].traceId;
      traces++;
      for (const span of spans) rows.push(p.toEntity(span));
    }
    await p.dataSource.transaction(async (manager) => {
      const per = ROWS_PER_STATEMENT[p.dialect];
      for (let i = 0; i < rows.length; i += per) {
        const [sql, params] = plainInsert(p.dialect, rows.slice(i, i + per));
        await manager.query(sql, params);
      }
    });
    loaded += rows.length;
    if (performance.now() - lastReport > 30_000) {
      lastReport = performance.now();
      console.log(`  ... ${loaded} spans loaded (${fmt(loaded / ((lastReport - started) / 1000))} spans/s)`);
    }
  }
  if (p.dialect === 'postgres') await p.dataSource.query('ANALYZE obs_spans'); // what autovacuum would have done
  return { loaded, traces, traceIds, seconds: (performance.now() - started) / 1000 };
}

/** The SQL a call runs, captured from the DataSource's logger. */
async function capture(ds: DataSource, run: () => Promise<unknown>): Promise<Array<[string, unknown[]]>> {
  const queries: Array<[string, unknown[]]> = [];
  const logger = ds.logger;
  const original = logger.logQuery;
  logger.logQuery = (query: string, parameters?: unknown[], runner?: never) => {
    queries.push([query, parameters ?? []]);
    return original?.call(logger, query, parameters, runner);
  };
  try {
    await run();
  } finally {
    logger.logQuery = original;
  }
  return queries;
}

async function explain(p: Platform, sql: string, params: unknown[]): Promise<string[]> {
  if (p.dialect === 'postgres') {
    const rows = (await p.dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)) as Array<Record<string, string>>;
    return rows.map((r) => r['QUERY PLAN']);
  }
  const rows = (await p.dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, params)) as Array<{ id: number; parent: number; detail: string }>;
  const depth = new Map<number, number>([[0, 0]]);
  return rows.map((r) => {
    const d = (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d - 1)}${r.detail}`;
  });
}

async function measureSearch(p: Platform, size: number): Promise<ShapeResult[]> {
  const gen = new TraceGenerator(seeded(42));
  const now = Date.now();
  await clearSpans(p);
  const load = await bulkLoad(p, size, gen, now);
  console.log(
    `${p.dialect.padEnd(8)} loaded ${load.loaded} spans (${load.traces} traces over 7 days) in ${fmt(load.seconds, 1)} s ` +
      `(${fmt(load.loaded / load.seconds)} spans/s, plain multi-row INSERTs in transactions)`,
  );
  const query = (q: Partial<SpanQuery>): SpanQuery => ({ limit: 50, offset: 0, ...q }) as SpanQuery;
  const shapes: Array<{ name: string; run: (i: number) => Promise<{ items?: unknown[]; spanCount?: number }> }> = [
    { name: 'newest page, no filter', run: () => p.traces.list(query({})) },
    { name: 'agentId=<agent>', run: (i) => p.traces.list(query({ agentId: gen.agents[i % gen.agents.length].id })) },
    { name: 'operation=invoke_agent', run: () => p.traces.list(query({ operation: 'invoke_agent' })) },
    { name: 'status=error', run: () => p.traces.list(query({ status: 'error' })) },
    { name: 'from=last hour', run: () => p.traces.list(query({ from: now - 3_600_000 })) },
    { name: 'minDurationMs=5000', run: () => p.traces.list(query({ minDurationMs: 5_000 })) },
    { name: 'attr enduser.id=<user>', run: (i) => p.traces.list(query({ attr: [`enduser.id=${gen.users[i % gen.users.length]}`] })) },
    { name: 'get(traceId)', run: (i) => p.traces.get(load.traceIds[(i * 7) % load.traceIds.length]) },
  ];
  const perShape = Math.max(1, Math.round(QUERIES / shapes.length));
  const times = shapes.map(() => [] as number[]);
  const spent = shapes.map(() => 0);
  const rows = shapes.map(() => 0);
  for (const [s, shape] of shapes.entries()) {
    const result = await shape.run(1_000 + s); // warm-up, not counted
    rows[s] = result.items?.length ?? result.spanCount ?? 0;
  }
  // Round-robin, so the retention timer and cache state fall on every shape alike.
  for (let i = 0; i < perShape; i++)
    for (const [s, shape] of shapes.entries()) {
      if (spent[s] > SHAPE_BUDGET_MS) continue;
      const started = performance.now();
      await shape.run(i);
      const ms = performance.now() - started;
      times[s].push(ms);
      spent[s] += ms;
    }
  // Baseline: the same SQL statements the call ran (captured from the DataSource's logger), raw through
  // DataSource.query, without entity hydration or summarising: what the database alone costs.
  const sqlAlone: number[] = [];
  const statements: Array<Array<[string, unknown[]]>> = [];
  for (const [s, shape] of shapes.entries()) {
    statements[s] = (await capture(p.dataSource, () => shape.run(s))).filter(([q]) => q.includes('obs_spans'));
    const runs: number[] = [];
    for (let i = 0; i < 5 && runs.reduce((a, b) => a + b, 0) < SHAPE_BUDGET_MS / 4; i++) {
      const started = performance.now();
      for (const [sql, params] of statements[s]) await p.dataSource.query(sql, params);
      runs.push(performance.now() - started);
    }
    sqlAlone[s] = percentile(
      runs.sort((a, b) => a - b),
      50,
    );
  }
  const results = shapes.map((shape, s) => {
    const sorted = [...times[s]].sort((a, b) => a - b);
    return {
      dialect: p.dialect,
      spans: load.loaded,
      shape: shape.name,
      n: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      rows: rows[s],
      sqlP50: sqlAlone[s],
    };
  });
  const all = times.flat().sort((a, b) => a - b);
  results.push({
    dialect: p.dialect,
    spans: load.loaded,
    shape: 'all shapes',
    n: all.length,
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    p99: percentile(all, 99),
    rows: NaN,
    sqlP50: NaN,
  });
  console.log(`\n${p.dialect}: trace search over ${load.loaded} spans, TracesService.list (limit 50) / get, one at a time`);
  console.table(
    results.map((r) => ({
      shape: r.shape,
      queries: r.n,
      'p50 ms': fmt(r.p50, 1),
      'p95 ms': fmt(r.p95, 1),
      'p99 ms': fmt(r.p99, 1),
      'traces (spans) returned': Number.isNaN(r.rows) ? '' : r.rows,
      'same SQL raw p50 ms': fmt(r.sqlP50, 1),
      'p50 / raw': r.sqlP50 > 0 ? fmt(r.p50 / r.sqlP50, 2) : '',
      goal: r.shape === 'all shapes' ? '' : `${ok(r.p95 < GOALS.searchP95Ms)} p95 < ${GOALS.searchP95Ms}`,
    })),
  );
  for (const [s, shape] of shapes.entries()) {
    if (results[s].p95 < GOALS.searchP95Ms && process.env.BENCH_EXPLAIN !== 'all') continue;
    console.log(`\n${p.dialect} plan, ${shape.name} (p95 ${fmt(results[s].p95, 1)} ms):`);
    for (const [sql, params] of statements[s].slice(0, 2)) {
      console.log(`  ${sql.replace(/\s+/g, ' ').replace(/SELECT .* FROM "obs_spans"/, 'SELECT ... FROM "obs_spans"')}`);
      for (const line of await explain(p, sql, params)) console.log(`    ${line.length > 160 ? `${line.slice(0, 157)}...` : line}`);
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Tracing overhead (child processes)
// ---------------------------------------------------------------------------------------------------------------

type TraceMode = 'on' | 'sampled out' | 'off';
const MODES: TraceMode[] = ['on', 'sampled out', 'off'];

/** The child: one platform (SQLite) with tracing in the given mode, answering the parent over IPC. */
async function serve(mode: TraceMode): Promise<void> {
  if (mode === 'off') {
    // Registered before createApp: its own setupTelemetry then cannot replace it, and every tracer (including the
    // ones modules took at import) delegates to a no-op one. Context propagation stays set up.
    const noop = new ProxyTracerProvider().getTracer('tracing-off');
    trace.setGlobalTracerProvider({ getTracer: () => noop });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-obs-http-'));
  const env = loadEnv({
    DATA_DIR: dataDir,
    CHROMA_AUTOSTART: 'false',
    LOG_LEVEL: 'error',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
    ...(mode === 'sampled out' ? { TRACE_SAMPLE_RATIO: '0' } : {}),
    ...ADMIN,
  });
  const { app } = await createApp(env, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }),
  });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const store = app.get(SpanStore);
  process.on('message', (message: string) => {
    void (async () => {
      if (message === 'stats') {
        await store.flush();
        const [row] = (await app.get(DataSource).query('SELECT COUNT(*) AS n FROM obs_spans')) as Array<{ n: number }>;
        process.send!({ stats: store.stats(), stored: Number(row.n) });
      } else if (message === 'stop') {
        await app.close();
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      }
    })();
  });
  process.send!({ base, token });
}

interface Child {
  mode: TraceMode;
  process: ChildProcess;
  base: string;
  token: string;
  ask: <T>(message: string) => Promise<T>;
}

function startChild(mode: TraceMode): Promise<Child> {
  const child = spawn(process.execPath, [__filename, '--serve', mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = <T>(message: string) =>
    new Promise<T>((resolve) => {
      child.once('message', (reply) => resolve(reply as T));
      child.send(message);
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`child (${mode}) exited with ${code}`)));
    child.once('message', (m) => {
      const { base, token } = m as { base: string; token: string };
      child.removeAllListeners('exit');
      resolve({ mode, process: child, base, token, ask });
    });
  });
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
}

async function load(child: Child, path: string, seconds: number): Promise<LoadResult> {
  const r = await autocannon({
    url: `${child.base}${path}`,
    connections: 50,
    duration: seconds,
    headers: path === '/health' ? {} : { authorization: `Bearer ${child.token}` },
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx };
}

interface OverheadResult {
  path: string;
  byMode: Record<TraceMode, { rps: number; p50: number; p99: number; non2xx: number; runs: number[] }>;
  spansPerRequest: number;
}

async function measureOverhead(): Promise<OverheadResult[]> {
  const children: Child[] = [];
  for (const mode of MODES) children.push(await startChild(mode)); // one at a time: startup is CPU-bound
  const results: OverheadResult[] = [];
  try {
    console.log(
      `\ntracing overhead: 3 platform processes (SQLite), 50 connections, ${SECONDS} s per run, ${ROUNDS} rounds, modes alternating`,
    );
    let onRequests = 0;
    for (const path of ['/api/agents', '/health']) {
      for (const child of children) {
        const warm = await load(child, path, 2); // warm-up, not reported
        if (child.mode === 'on') onRequests += warm.requests;
      }
      const runs = new Map<TraceMode, LoadResult[]>(MODES.map((m) => [m, []]));
      for (let round = 0; round < ROUNDS; round++)
        for (let k = 0; k < children.length; k++) {
          const child = children[(k + round) % children.length]; // rotate who goes first
          const r = await load(child, path, SECONDS);
          runs.get(child.mode)!.push(r);
          if (child.mode === 'on') onRequests += r.requests;
        }
      const byMode = {} as OverheadResult['byMode'];
      for (const [mode, list] of runs) {
        const mean = (f: (r: LoadResult) => number) => list.reduce((t, r) => t + f(r), 0) / list.length;
        byMode[mode] = {
          rps: mean((r) => r.rps),
          p50: mean((r) => r.p50),
          p99: mean((r) => r.p99),
          non2xx: list.reduce((t, r) => t + r.non2xx, 0),
          runs: list.map((r) => r.rps),
        };
      }
      results.push({ path, byMode, spansPerRequest: NaN });
    }
    const on = children.find((c) => c.mode === 'on')!;
    const sampled = children.find((c) => c.mode === 'sampled out')!;
    const off = children.find((c) => c.mode === 'off')!;
    const [onStats, sampledStats, offStats] = await Promise.all(
      [on, sampled, off].map((c) => c.ask<{ stats: Record<string, number>; stored: number }>('stats')),
    );
    for (const r of results) r.spansPerRequest = onStats.stats.received / Math.max(1, onRequests);
    console.table(
      results.flatMap((r) =>
        MODES.map((mode) => ({
          route: `GET ${r.path}`,
          tracing: mode,
          'req/s': fmt(r.byMode[mode].rps),
          'runs req/s': r.byMode[mode].runs.map((x) => fmt(x)).join(' / '),
          'p50 ms': fmt(r.byMode[mode].p50, 1),
          'p99 ms': fmt(r.byMode[mode].p99, 1),
          non2xx: r.byMode[mode].non2xx,
          'overhead vs off': mode === 'off' ? '' : `${fmt((1 - r.byMode[mode].rps / r.byMode.off.rps) * 100, 1)}%`,
        })),
      ),
    );
    console.log(
      `spans stored: on ${onStats.stored} (${fmt(onStats.stats.received / Math.max(1, onRequests), 2)} received per request, ${onStats.stats.dropped} dropped, shipper dropped ${onStats.stats.shipperDropped}), ` +
        `sampled out ${sampledStats.stored} (${sampledStats.stats.sampledOut} sampled out), off ${offStats.stored} (received ${offStats.stats.received})`,
    );
  } finally {
    for (const child of children) {
      const exited = new Promise((r) => child.process.once('exit', r));
      child.process.send('stop');
      await Promise.race([exited, sleep(10_000)]);
      if (child.process.exitCode === null) child.process.kill('SIGKILL');
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------------

/** Process warnings, counted and printed once at the end instead of interleaved with the numbers. */
const warnings = new Map<string, number>();

async function main(): Promise<void> {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    const text = `${warning.name}: ${warning.message}`;
    warnings.set(text, (warnings.get(text) ?? 0) + 1);
  });
  const started = performance.now();
  console.log(
    `span store: ingestion of ${INGEST_SPANS} spans, search over ${SEARCH_SPANS} (SQLite) / ${PG_SEARCH_SPANS} (PostgreSQL) spans, ` +
      `${QUERIES} queries; tracing overhead ${ROUNDS} x ${SECONDS} s per mode\n`,
  );
  const ingest: IngestResult[] = [];
  const search: ShapeResult[] = [];
  for (const dialect of DIALECTS as Dialect[]) {
    if (!ONLY.includes('ingest') && !ONLY.includes('search')) break;
    const p = await startPlatform(dialect);
    try {
      if (ONLY.includes('ingest')) ingest.push(await measureIngestion(p));
      if (ONLY.includes('search')) search.push(...(await measureSearch(p, dialect === 'postgres' ? PG_SEARCH_SPANS : SEARCH_SPANS)));
    } finally {
      await p.close();
    }
    console.log('');
  }
  const overhead = ONLY.includes('overhead') ? await measureOverhead() : [];

  console.log(`\nsummary (${fmt((performance.now() - started) / 1000)} s)`);
  const rows: Array<Record<string, string>> = [];
  for (const r of ingest)
    rows.push({
      figure: `${r.dialect} ingestion (SpanStore.ingest, ${INGEST_SPANS} spans)`,
      value: `${fmt(r.storeRate)} spans/s`,
      baseline: `plain INSERT ${fmt(r.rawRate)} spans/s`,
      ratio: (r.storeRate / r.rawRate).toFixed(3),
      goal: `${ok(r.storeRate >= GOALS.spansPerSecond && r.dropped === 0)} >= ${GOALS.spansPerSecond} spans/s`,
    });
  for (const r of search.filter((s) => s.shape === 'all shapes')) {
    const shapes = search.filter((s) => s.dialect === r.dialect && s.shape !== 'all shapes');
    const worst = shapes.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const missed = shapes.filter((s) => s.p95 >= GOALS.searchP95Ms).map((s) => s.shape);
    rows.push({
      figure: `${r.dialect} trace search p95, ${r.spans} spans`,
      value: `${fmt(r.p95, 1)} ms (p50 ${fmt(r.p50, 1)}, p99 ${fmt(r.p99, 1)})`,
      baseline: `worst shape ${worst.shape}: p95 ${fmt(worst.p95, 1)} ms`,
      ratio: '',
      goal: `${ok(missed.length === 0)} p95 < ${GOALS.searchP95Ms} ms${missed.length ? ` (missed: ${missed.join(', ')})` : ''}`,
    });
  }
  for (const r of overhead) {
    const pct = (1 - r.byMode.on.rps / r.byMode.off.rps) * 100;
    rows.push({
      figure: `tracing on vs off, GET ${r.path}`,
      value: `${fmt(r.byMode.on.rps)} req/s on`,
      baseline: `${fmt(r.byMode.off.rps)} req/s off (${fmt(r.byMode['sampled out'].rps)} sampled out)`,
      ratio: (r.byMode.on.rps / r.byMode.off.rps).toFixed(3),
      goal: `${ok(pct <= GOALS.overheadPct)} overhead ${fmt(pct, 1)}% <= ${GOALS.overheadPct}%`,
    });
  }
  console.table(rows);
  if (warnings.size) console.log(`\nprocess warnings during the run: ${[...warnings].map(([text, n]) => `${n}x ${text}`).join('; ')}`);
}

if (process.argv[2] === '--serve')
  serve(process.argv[3] as TraceMode).catch((error) => {
    console.error(error);
    process.exit(1);
  });
else
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
