import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Aggregates per normalized query (literals replaced), kept current on every execution. */
@Entity('query_performance')
export class QueryPerformanceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  fingerprint: string;

  @Column({ name: 'connection_id', type: 'varchar', length: 36 })
  connectionId: string;

  @Column({ name: 'normalized_sql', type: 'text' })
  normalizedSql: string;

  @Column({ type: 'integer' })
  count: number;

  @Column({ name: 'p50_ms', type: 'float' })
  p50Ms: number;

  @Column({ name: 'p95_ms', type: 'float' })
  p95Ms: number;

  /** JSON array of the latest durations (at most 200), from which the percentiles are computed. */
  @Column({ type: 'text' })
  samples: string;

  @Column({ name: 'last_seen_at', type: 'bigint' })
  lastSeenAt: string;
}
