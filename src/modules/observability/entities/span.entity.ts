import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One stored span, in OpenTelemetry's shape. What queries filter on is promoted to columns (module, operation,
 * agent, session, run); the rest stays in the attributes.
 */
@Entity('obs_spans')
// Each filter has an index ending in start_ms and trace_id, so a page of newest traces is an index range walk.
@Index('idx_obs_spans_start', ['startMs', 'traceId'])
@Index('idx_obs_spans_operation_start', ['operation', 'startMs', 'traceId'])
@Index('idx_obs_spans_error_start', ['startMs', 'traceId'], { where: 'status_code = 2' })
@Index('idx_obs_spans_duration', ['durationMs', 'startMs'])
@Index('idx_obs_spans_agent_start', ['agentId', 'startMs'])
@Index('idx_obs_spans_session', ['sessionId'])
@Index('idx_obs_spans_run', ['runId'])
@Index('idx_obs_spans_module_start', ['module', 'startMs'])
export class SpanEntity {
  @PrimaryColumn({ name: 'trace_id', type: 'varchar', length: 32 })
  traceId: string;

  @PrimaryColumn({ name: 'span_id', type: 'varchar', length: 16 })
  spanId: string;

  @Column({ name: 'parent_span_id', type: 'varchar', length: 16, nullable: true })
  parentSpanId: string | null;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  @Column({ type: 'smallint' })
  kind: number;

  @Column({ name: 'start_ms', type: 'float' })
  startMs: number;

  @Column({ name: 'duration_ms', type: 'float' })
  durationMs: number;

  /** 0 unset, 1 ok, 2 error. */
  @Column({ name: 'status_code', type: 'smallint' })
  statusCode: number;

  @Column({ name: 'status_message', type: 'text', nullable: true })
  statusMessage: string | null;

  @Column({ type: 'varchar', length: 100 })
  service: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  module: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  operation: string | null;

  @Column({ name: 'agent_id', type: 'varchar', length: 100, nullable: true })
  agentId: string | null;

  @Column({ name: 'session_id', type: 'varchar', length: 200, nullable: true })
  sessionId: string | null;

  @Column({ name: 'run_id', type: 'varchar', length: 200, nullable: true })
  runId: string | null;

  @Column({ type: 'simple-json' })
  attributes: Record<string, unknown>;

  @Column({ type: 'simple-json' })
  events: Array<{ name: string; timeMs: number; attributes?: Record<string, unknown> }>;

  @Column({ type: 'simple-json' })
  resource: Record<string, unknown>;
}
