import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export const MODULE_NAMES = ['gateway', 'agents', 'orchestrator', 'rag', 'tools', 'sqltool', 'workflow-engine', 'observability'] as const;
export type ModuleName = (typeof MODULE_NAMES)[number];

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

/** Every environment variable the platform reads. Defaults live here and in .env.example. */
export class EnvDto {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @IsIn(['0.0.0.0', '127.0.0.1', '::', '::1', 'localhost'])
  HOST: string = '0.0.0.0';

  @IsString()
  @MinLength(1)
  DATA_DIR: string = './data';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(toBool)
  DB_MIGRATIONS_RUN: boolean = true;

  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'CHROMA_URL must be an http(s):// URL' })
  CHROMA_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  CHROMA_PORT: number = 8010;

  @IsOptional()
  @Transform(toBool)
  CHROMA_AUTOSTART: boolean = true;

  @IsOptional()
  @Matches(/^\s*[a-z-]+(\s*,\s*[a-z-]+)*\s*$/, { message: 'MODULES must be a comma list of module names' })
  MODULES?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET?: string;

  /** Creates this admin on first start when no user exists. */
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  @MaxLength(200)
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(365 * 86_400)
  REFRESH_TOKEN_TTL_SECONDS: number = 30 * 86_400;

  /** Comma list of allowed browser origins; unset = no cross-origin access. `*` allows any origin without credentials. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @Transform(toBool)
  PUBLIC_METRICS: boolean = true;

  @IsOptional()
  @Transform(toBool)
  PUBLIC_AGENT_CARDS: boolean = true;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE: number = 1_200;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_EXPENSIVE_PER_MINUTE: number = 120;

  /** Failed logins allowed per account and per IP in 15 minutes before further attempts are refused. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_MAX_FAILURES: number = 10;

  /** Key material for encrypting stored secrets (DB passwords, provider keys); unset = generated into DATA_DIR/secrets.key. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'SECRETS_KEY must be at least 16 characters' })
  SECRETS_KEY?: string;

  /** SQLite files the SQL tool may open must live under this folder (default DATA_DIR/sqlite). */
  @IsOptional()
  @IsString()
  SQL_SQLITE_DIR?: string;

  /** Row cap of SQL tool results. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  SQL_MAX_ROWS: number = 1_000;

  /** Statement timeout of SQL tool queries, enforced by the database and by the platform. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  SQL_STATEMENT_TIMEOUT_MS: number = 10_000;

  /** Base URL clients reach the platform at, written into agent cards (unset = derived from each request). */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  /** Let A2A push notifications go to private, loopback or link-local addresses (off: only public hosts). */
  @IsOptional()
  @Transform(toBool)
  A2A_PUSH_ALLOW_PRIVATE: boolean = false;

  /** Let remote A2A agents be registered on private, loopback or link-local addresses. */
  @IsOptional()
  @Transform(toBool)
  A2A_REMOTE_ALLOW_PRIVATE: boolean = false;

  /** Timeout of one outbound call to a remote A2A agent or model provider. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  A2A_OUTBOUND_TIMEOUT_MS: number = 30_000;

  /** Let the built-in http_request tool reach private, loopback or link-local addresses. */
  @IsOptional()
  @Transform(toBool)
  TOOLS_HTTP_ALLOW_PRIVATE: boolean = false;

  /**
   * Let the OAuth endpoints of MCP servers (authorization server metadata, registration, token) resolve to private,
   * loopback or link-local addresses on other hosts than the MCP server's own (off: public addresses only).
   */
  @IsOptional()
  @Transform(toBool)
  MCP_OAUTH_ALLOW_PRIVATE: boolean = false;

  /** How long an MCP server's request for input (elicitation) waits for the caller's answer before it is declined. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  MCP_ELICITATION_TIMEOUT_MS: number = 120_000;

  /** Default time limit of one tool call. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  TOOLS_TIMEOUT_MS: number = 30_000;

  /** Largest tool result returned (bigger results are refused). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  TOOLS_MAX_RESULT_BYTES: number = 1024 * 1024;

  /** Memory cap of one JavaScript sandbox isolate. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(8)
  @Max(4096)
  TOOLS_SANDBOX_MEMORY_MB: number = 64;

  /** Calls of one batch that run at the same time. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  TOOLS_BATCH_CONCURRENCY: number = 8;

  /** Largest document accepted by POST /api/documents (upload or URL). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  RAG_MAX_UPLOAD_BYTES: number = 50 * 1024 * 1024;

  /** Default chunk size of new collections, in tokens (cl100k). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(32)
  @Max(8192)
  RAG_CHUNK_TOKENS: number = 256;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(4096)
  RAG_CHUNK_OVERLAP_TOKENS: number = 32;

  /** Most pages of one PDF. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RAG_MAX_PAGES: number = 2_000;

  /** Documents ingested at the same time by one process. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(32)
  RAG_INGEST_CONCURRENCY: number = 2;

  /** Worker threads of the local embedding model (0 = on the main thread). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(16)
  RAG_EMBEDDING_WORKERS: number = 2;

  /** The model POST /api/sql/ask writes SQL with when a request names none, as provider:modelId. */
  @IsOptional()
  @Matches(/^[^:\s]+:\S+$/, { message: 'SQL_ASK_MODEL must be provider:modelId' })
  SQL_ASK_MODEL?: string;

  /** The model the orchestrator plans with when a request names none, as provider:modelId (unset: plan without a model). */
  @IsOptional()
  @Matches(/^[^:\s]+:\S+$/, { message: 'ORCHESTRATOR_PLANNER_MODEL must be provider:modelId' })
  ORCHESTRATOR_PLANNER_MODEL?: string;

  /** How long a workflow worker owns a run without renewing (a crashed worker's runs resume after this). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(600_000)
  WORKFLOW_LEASE_MS: number = 5_000;

  /** Workflow runs one process drives at the same time. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000)
  WORKFLOW_CONCURRENCY: number = 50;

  /** A step whose output serializes to more bytes than this fails with STEP_OUTPUT_TOO_LARGE. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1_024)
  @Max(16 * 1024 * 1024)
  WORKFLOW_MAX_STEP_OUTPUT_BYTES: number = 256 * 1024;

  /** How often the recovery sweep looks for runs whose worker died, and the outbox relay for due rows. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  WORKFLOW_SWEEP_INTERVAL_MS: number = 500;

  /** Let POST /api/documents fetch URLs on private, loopback or link-local addresses. */
  @IsOptional()
  @Transform(toBool)
  RAG_URL_ALLOW_PRIVATE: boolean = false;

  /** Implicit model providers from the environment (a registered provider of the same name wins). */
  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OPENAI_BASE_URL must be an http(s) URL' })
  OPENAI_BASE_URL?: string;

  @IsOptional()
  @IsString()
  ANTHROPIC_API_KEY?: string;

  @IsOptional()
  @IsString()
  GOOGLE_GENERATIVE_AI_API_KEY?: string;

  /** Port of the A2A gRPC server (A2A 1.0 gRPC binding) for every agent; unset or 0 = no gRPC. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65_535)
  A2A_GRPC_PORT: number = 0;

  /**
   * The agent (name or id) the host itself stands for: its card is served at /.well-known/agent-card.json (the
   * supervisor's is the platform card) and it answers gRPC calls that name no tenant.
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  A2A_HOST_AGENT: string = 'platform-supervisor';

  /** Serve the built-in A2A conformance agent (answers the A2A TCK's scenarios). */
  @IsOptional()
  @Transform(toBool)
  A2A_CONFORMANCE_AGENT: boolean = false;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES: number = 1024 * 1024;

  /** Prefix of every Redis channel and key the platform uses, so several deployments (or test runs) can share one Redis. */
  @IsOptional()
  @Matches(/^[a-zA-Z0-9_-]{1,40}$/, { message: 'BUS_NAMESPACE must be 1-40 letters, digits, _ or -' })
  BUS_NAMESPACE: string = 'agentic';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(600_000)
  BUS_TIMEOUT_MS: number = 10_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60_000)
  SHUTDOWN_TIMEOUT_MS: number = 8_000;

  /** Export every span over OTLP/HTTP (protobuf) to this collector base URL (`/v1/traces` is appended). */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s):// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** Share of traces the span store keeps (head sampling by trace id); traces with an error or a slow span are always kept. */
  @IsOptional()
  @Transform(toInt)
  @IsNumber()
  @Min(0)
  @Max(1)
  TRACE_SAMPLE_RATIO: number = 1;

  /** A span at least this long marks its trace slow: always kept, whatever the sampling. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  TRACE_SLOW_MS: number = 2_000;

  /** Stored spans older than this are deleted (hours). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 366)
  TRACE_RETENTION_HOURS: number = 168;

  /** At most this many spans are kept; the oldest go first. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  TRACE_MAX_SPANS: number = 2_000_000;

  /** Attributes kept per span (more are dropped and counted in trace_attributes_dropped_total). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(8)
  @Max(1_000)
  TRACE_MAX_ATTRIBUTES: number = 128;

  /** Largest OTLP request body accepted at POST /v1/traces (bytes). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1_024)
  @Max(64 * 1024 * 1024)
  OTLP_MAX_BODY_BYTES: number = 4 * 1024 * 1024;

  /** How often alert rules are evaluated (ms). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  ALERT_EVAL_INTERVAL_MS: number = 15_000;

  /** Let alert webhooks go to private, loopback or link-local addresses (off: only public hosts). */
  @IsOptional()
  @Transform(toBool)
  ALERT_WEBHOOK_ALLOW_PRIVATE: boolean = false;

  /** Host other processes reach this one at (split mode); `auto` = this machine's first non-internal IPv4 address. */
  @IsOptional()
  @IsString()
  SERVICE_HOST?: string;
}
