import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

/** An alert rule over the platform's metrics, with its evaluation state (kept across restarts). */
@Entity('alert_rules')
@Index('idx_alert_rules_name', ['name'], { unique: true })
export class AlertRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** `<kind>.<measure>`, e.g. http.latency_ms, agent.errors, model.cost_usd, process.rss_bytes. */
  @Column({ type: 'varchar', length: 60 })
  metric: string;

  /** count, rate, ratio, sum, avg, p50, p95, p99, max. */
  @Column({ type: 'varchar', length: 10 })
  aggregation: string;

  /** Only this series (a route such as `GET /api/agents`, an agent name, a model, a tool); null = all of the kind. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  series: string | null;

  @Column({ name: 'window_ms', type: 'integer' })
  windowMs: number;

  @Column({ type: 'varchar', length: 2 })
  comparison: string;

  @Column({ type: 'float' })
  threshold: number;

  @Column({ name: 'for_ms', type: 'integer', default: 0 })
  forMs: number;

  @Column({ type: 'simple-json' })
  labels: Record<string, string>;

  @Column({ type: 'simple-json' })
  annotations: Record<string, string>;

  @Column({ name: 'webhook_url', type: 'varchar', length: 2000, nullable: true })
  webhookUrl: string | null;

  /** The webhook's HMAC key, sealed with SECRETS_KEY. */
  @Column({ name: 'webhook_secret', type: 'text', nullable: true })
  webhookSecret: string | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'silenced_until', type: 'float', nullable: true })
  silencedUntil: number | null;

  @Column({ type: 'varchar', length: 10, default: 'inactive' })
  state: AlertState;

  /** When the condition became true (pending and firing). */
  @Column({ name: 'active_since', type: 'float', nullable: true })
  activeSince: number | null;

  @Column({ name: 'fired_at', type: 'float', nullable: true })
  firedAt: number | null;

  @Column({ name: 'resolved_at', type: 'float', nullable: true })
  resolvedAt: number | null;

  @Column({ name: 'last_value', type: 'float', nullable: true })
  lastValue: number | null;

  @Column({ name: 'last_evaluated_at', type: 'float', nullable: true })
  lastEvaluatedAt: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** Every state change of a rule and what its notification did. */
@Entity('alert_events')
@Index('idx_alert_events_rule_at', ['ruleId', 'at'])
export class AlertEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'rule_id', type: 'varchar', length: 36 })
  ruleId: string;

  @Column({ type: 'varchar', length: 10 })
  state: AlertState;

  @Column({ type: 'float', nullable: true })
  value: number | null;

  @Column({ type: 'float' })
  at: number;

  /** sent, failed: <reason>, silenced, or none (no webhook, or a state that does not notify). */
  @Column({ type: 'varchar', length: 300 })
  notification: string;
}
