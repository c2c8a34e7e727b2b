import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('schema_cache')
export class SchemaCacheEntity {
  @PrimaryColumn({ name: 'connection_id', type: 'varchar', length: 36 })
  connectionId: string;

  /** JSON of SchemaTable[]. */
  @Column({ type: 'text' })
  schema: string;

  @Column({ name: 'refreshed_at', type: 'bigint' })
  refreshedAt: string;
}
