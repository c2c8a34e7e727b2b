import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Like, Repository } from 'typeorm';
import { ChunksRepository } from 'src/modules/rag/chunks.repository';
import { CollectionsService } from 'src/modules/rag/collections.service';
import { KnowledgeGraphEdgeEntity, KnowledgeGraphEntity, KnowledgeGraphNodeEntity } from 'src/modules/rag/entities/knowledge-graph.entity';
import { buildGraph, contentWords } from './key-terms';

const PAGE = 500;
const INSERT_BATCH = 400;

export interface GraphSummary {
  collectionId: string;
  status: 'none' | 'building' | 'ready' | 'failed';
  passageCount: number;
  entityCount: number;
  relationCount: number;
  durationMs: number;
  error: string | null;
  updatedAt: string | null;
}

/**
 * The entity graph of a collection (the seed's knowledge_graphs): built on request from every chunk's key terms
 * (see key-terms.ts; no model needed), stored per collection, read by entity and used to expand queries.
 */
@Injectable()
export class KnowledgeGraphService {
  private readonly logger = new Logger(KnowledgeGraphService.name);
  private readonly building = new Map<string, Promise<GraphSummary>>();

  constructor(
    @InjectRepository(KnowledgeGraphEntity) private readonly graphs: Repository<KnowledgeGraphEntity>,
    @InjectRepository(KnowledgeGraphNodeEntity) private readonly nodes: Repository<KnowledgeGraphNodeEntity>,
    @InjectRepository(KnowledgeGraphEdgeEntity) private readonly edges: Repository<KnowledgeGraphEdgeEntity>,
    private readonly chunks: ChunksRepository,
    private readonly collections: CollectionsService,
  ) {}

  /** Starts (or joins) a build of the collection's graph; the promise settles when it is stored. */
  async build(collectionRef: string): Promise<{ started: GraphSummary; done: Promise<GraphSummary> }> {
    const collection = await this.collections.get(collectionRef);
    const running = this.building.get(collection.id);
    if (running) return { started: await this.summary(collection.id), done: running };
    await this.graphs.save({ collectionId: collection.id, status: 'building', error: null });
    const done = this.rebuild(collection.id).finally(() => this.building.delete(collection.id));
    this.building.set(collection.id, done);
    return { started: await this.summary(collection.id), done };
  }

  async describe(collectionRef: string, filter: { q?: string; limit: number }) {
    const collection = await this.collections.get(collectionRef);
    const entities = await this.nodes.find({
      where: { collectionId: collection.id, ...(filter.q ? { name: Like(`%${filter.q.toLowerCase().replace(/[%_]/g, '')}%`) } : {}) },
      order: { passages: 'DESC', name: 'ASC' },
      take: filter.limit,
    });
    const names = entities.map((e) => e.name);
    const relations = names.length
      ? await this.edges.find({ where: { collectionId: collection.id, source: In(names), target: In(names) }, order: { weight: 'DESC' } })
      : [];
    return {
      ...(await this.summary(collection.id)),
      entities: entities.map(({ name, passages }) => ({ name, passages })),
      relations: relations.map(({ source, target, weight }) => ({ source, target, weight })),
    };
  }

  /** An entity and its strongest neighbours, or undefined when the collection has no such entity. */
  async neighbours(collectionRef: string, name: string, limit: number) {
    const collection = await this.collections.get(collectionRef);
    return this.neighboursOf(collection.id, name.toLowerCase(), limit);
  }

  /**
   * Query expansion from the graph: for each word or two-word phrase of the query that is an entity, its `perTerm`
   * strongest neighbours not already in the query.
   */
  async expansionTerms(collectionId: string, query: string, perTerm: number): Promise<string[]> {
    const candidates = new Set<string>();
    for (const run of contentWords(query))
      run.forEach((word, i) => {
        candidates.add(word);
        if (i > 0) candidates.add(`${run[i - 1]} ${word}`);
      });
    if (!candidates.size) return [];
    const known = await this.nodes.find({ where: { collectionId, name: In([...candidates]) }, select: { name: true } });
    const out = new Set<string>();
    for (const { name } of known) {
      const found = await this.neighboursOf(collectionId, name, perTerm);
      for (const n of found?.neighbours ?? []) if (!candidates.has(n.name)) out.add(n.name);
    }
    return [...out];
  }

  async summary(collectionId: string): Promise<GraphSummary> {
    const row = await this.graphs.findOneBy({ collectionId });
    return {
      collectionId,
      status: (row?.status ?? 'none') as GraphSummary['status'],
      passageCount: row?.passageCount ?? 0,
      entityCount: row?.entityCount ?? 0,
      relationCount: row?.relationCount ?? 0,
      durationMs: row?.durationMs ?? 0,
      error: row?.error ?? null,
      updatedAt: row?.updatedAt?.toISOString() ?? null,
    };
  }

  private async neighboursOf(collectionId: string, name: string, limit: number) {
    const entity = await this.nodes.findOneBy({ collectionId, name });
    if (!entity) return undefined;
    const [asSource, asTarget] = await Promise.all([
      this.edges.find({ where: { collectionId, source: name }, order: { weight: 'DESC' }, take: limit }),
      this.edges.find({ where: { collectionId, target: name }, order: { weight: 'DESC' }, take: limit }),
    ]);
    const weights = [
      ...asSource.map((e) => ({ name: e.target, weight: e.weight })),
      ...asTarget.map((e) => ({ name: e.source, weight: e.weight })),
    ]
      .sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : 1))
      .slice(0, limit);
    const passages = new Map(
      (weights.length ? await this.nodes.find({ where: { collectionId, name: In(weights.map((w) => w.name)) } }) : []).map((n) => [
        n.name,
        n.passages,
      ]),
    );
    return {
      entity: { name: entity.name, passages: entity.passages },
      neighbours: weights.map((w) => ({ ...w, passages: passages.get(w.name) ?? 0 })),
    };
  }

  private async rebuild(collectionId: string): Promise<GraphSummary> {
    const started = performance.now();
    try {
      const chunks = this.chunks;
      const graph = await buildGraph(async function* () {
        let after = '';
        for (;;) {
          const page = await chunks.collectionChunkPage(collectionId, after, PAGE);
          for (const chunk of page) yield chunk.heading ? `${chunk.heading}\n${chunk.text}` : chunk.text;
          if (page.length < PAGE) return;
          after = page.at(-1)!.id;
        }
      });
      await this.graphs.manager.transaction(async (manager) => {
        await manager.delete(KnowledgeGraphEdgeEntity, { collectionId });
        await manager.delete(KnowledgeGraphNodeEntity, { collectionId });
        const nodes = graph.entities.filter((e) => e.name.length <= 200).map((e) => ({ collectionId, ...e }));
        for (let i = 0; i < nodes.length; i += INSERT_BATCH)
          await manager.insert(KnowledgeGraphNodeEntity, nodes.slice(i, i + INSERT_BATCH));
        const edges = graph.relations.filter((r) => r.source.length <= 200 && r.target.length <= 200).map((r) => ({ collectionId, ...r }));
        for (let i = 0; i < edges.length; i += INSERT_BATCH)
          await manager.insert(KnowledgeGraphEdgeEntity, edges.slice(i, i + INSERT_BATCH));
        await manager.save(KnowledgeGraphEntity, {
          collectionId,
          status: 'ready',
          passageCount: graph.passages,
          entityCount: nodes.length,
          relationCount: edges.length,
          durationMs: Math.round(performance.now() - started),
          error: null,
        });
      });
    } catch (error) {
      this.logger.error(`graph of ${collectionId} not built: ${(error as Error).message}`);
      await this.graphs
        .save({
          collectionId,
          status: 'failed',
          error: (error as Error).message.slice(0, 2000),
          durationMs: Math.round(performance.now() - started),
        })
        .catch(() => undefined);
    }
    return this.summary(collectionId);
  }
}
