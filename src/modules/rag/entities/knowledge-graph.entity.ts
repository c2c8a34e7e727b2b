import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A collection's entity graph as last built: when, from how much, and how large (one row per collection). */
@Entity('knowledge_graphs')
export class KnowledgeGraphEntity {
  @PrimaryColumn({ name: 'collection_id', type: 'varchar', length: 36 })
  collectionId: string;

  /** building, ready or failed. */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ name: 'passage_count', type: 'integer', default: 0 })
  passageCount: number;

  @Column({ name: 'entity_count', type: 'integer', default: 0 })
  entityCount: number;

  @Column({ name: 'relation_count', type: 'integer', default: 0 })
  relationCount: number;

  @Column({ name: 'duration_ms', type: 'integer', default: 0 })
  durationMs: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** A key term of a collection (a word or two-word phrase that passages stand out for). */
@Entity('knowledge_graph_entities')
@Index('idx_kg_entities_rank', ['collectionId', 'passages'])
export class KnowledgeGraphNodeEntity {
  @PrimaryColumn({ name: 'collection_id', type: 'varchar', length: 36 })
  collectionId: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  name: string;

  /** Passages it is a key term of. */
  @Column({ type: 'integer' })
  passages: number;
}

/** Two entities that are key terms of the same passages; stored once, source < target. */
@Entity('knowledge_graph_relations')
@Index('idx_kg_relations_target', ['collectionId', 'target'])
export class KnowledgeGraphEdgeEntity {
  @PrimaryColumn({ name: 'collection_id', type: 'varchar', length: 36 })
  collectionId: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  source: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  target: string;

  /** Passages where both are key terms. */
  @Column({ type: 'integer' })
  weight: number;
}
