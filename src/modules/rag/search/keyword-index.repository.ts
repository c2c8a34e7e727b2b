import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { exclusiveOnSqlite } from '@libs/database';
import { keywordTerms } from 'src/modules/rag/search/keyword-query';

export interface ChunkFilter {
  documentIds?: string[];
  pageFrom?: number;
  pageTo?: number;
}

export interface KeywordRow {
  id: string;
  collectionId: string;
  text: string;
  heading?: string;
}

/** What the index writes run on: the data source, or the entity manager of a caller's transaction. */
export interface SqlRunner {
  query: (sql: string, params?: unknown[]) => Promise<unknown>;
}

/** Keyword queries on an index of at least this many chunks lose their most common words (see withoutCommonTerms). */
const PRUNE_MIN_CHUNKS = 20_000;
const PRUNE_DOCUMENT_SHARE = 0.05;

/**
 * The keyword index `chunk_fts` (created by the migrations, not an entity): an FTS5 table on SQLite, a tsvector
 * table with a GIN index on PostgreSQL. The only place that writes either dialect's full-text SQL.
 */
@Injectable()
export class KeywordIndexRepository {
  private chunkTotal?: { count: number; at: number };

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get dialect(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  async insert(runner: SqlRunner, rows: KeywordRow[]): Promise<void> {
    if (!rows.length) return;
    const postgres = this.dialect === 'postgres';
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const text = row.heading ? `${row.heading}\n${row.text}` : row.text;
      // PostgreSQL's parser reads XR-7741 as "xr" and the number -7741; split such joins so identifiers match as phrases.
      params.push(row.id, row.collectionId, postgres ? text.replace(/(?<=[\p{L}\p{N}])[-_./:](?=[\p{L}\p{N}])/gu, ' ') : text);
      const n = params.length;
      return postgres ? `($${n - 2}, $${n - 1}, to_tsvector('english', $${n}))` : '(?, ?, ?)';
    });
    const columns = postgres ? 'chunk_id, collection_id, tsv' : 'chunk_id, collection_id, text';
    await runner.query(`INSERT INTO chunk_fts (${columns}) VALUES ${tuples.join(', ')}`, params);
  }

  async deleteForDocument(runner: SqlRunner, documentId: string): Promise<void> {
    await runner.query(`DELETE FROM chunk_fts WHERE chunk_id IN (SELECT id FROM document_chunks WHERE document_id = ${this.param(1)})`, [
      documentId,
    ]);
  }

  async deleteForCollection(runner: SqlRunner, collectionId: string): Promise<void> {
    await runner.query(`DELETE FROM chunk_fts WHERE collection_id = ${this.param(1)}`, [collectionId]);
  }

  /**
   * Best chunk ids for a keyword query (BM25 on SQLite FTS5, ts_rank_cd on PostgreSQL), terms OR-ed so
   * a partial match still ranks; a term made of several tokens (XR-7741) must match as a phrase.
   */
  async search(
    collectionId: string,
    query: string,
    limit: number,
    filter: ChunkFilter = {},
  ): Promise<Array<{ id: string; score: number }>> {
    let terms = keywordTerms(query);
    if (!terms.length) return [];
    if (this.dialect === 'sqlite' && terms.length > 2) terms = await this.withoutCommonTerms(terms);
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return this.param(params.length);
    };
    const match = this.dialect === 'postgres' ? postgresMatch(terms, collectionId, p) : sqliteMatch(terms, collectionId, p);
    let sql = match.sql;
    const conditions = match.conditions;
    if (filter.documentIds?.length || filter.pageFrom !== undefined || filter.pageTo !== undefined) {
      sql += ` JOIN document_chunks c ON c.id = ${match.table}.chunk_id`;
      if (filter.documentIds?.length) conditions.push(`c.document_id IN (${filter.documentIds.map((id) => p(id)).join(', ')})`);
      if (filter.pageFrom !== undefined) conditions.push(`COALESCE(c.page_end, c.page) >= ${p(filter.pageFrom)}`);
      if (filter.pageTo !== undefined) conditions.push(`c.page <= ${p(filter.pageTo)}`);
    }
    sql += ` WHERE ${conditions.join(' AND ')} ORDER BY score DESC LIMIT ${p(limit)}`;
    const rows: Array<{ id: string; score: number | string }> = await this.dataSource.query(sql, params);
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  /** Keyword index maintenance: FTS5 merges its b-trees; PostgreSQL vacuums and re-analyzes the table. */
  async optimize(): Promise<string> {
    if (this.dialect === 'postgres') {
      await this.dataSource.query('VACUUM ANALYZE chunk_fts');
      return 'VACUUM ANALYZE chunk_fts';
    }
    await this.dataSource.query("INSERT INTO chunk_fts(chunk_fts) VALUES ('optimize')");
    return 'FTS5 optimize';
  }

  /** Keyword entries whose chunk is gone (left by an interrupted delete). */
  async deleteOrphans(): Promise<number> {
    const rows: Array<{ n: number | string }> = await this.dataSource.query(
      'SELECT COUNT(*) AS n FROM chunk_fts WHERE chunk_id NOT IN (SELECT id FROM document_chunks)',
    );
    await this.dataSource.query('DELETE FROM chunk_fts WHERE chunk_id NOT IN (SELECT id FROM document_chunks)');
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * On a large index, drops query words found in more than 5% of all chunks (keeping at least the two rarest):
   * their BM25 weight is small, but OR-ing them makes FTS5 score a large part of the index.
   */
  private async withoutCommonTerms(terms: string[][]): Promise<string[][]> {
    const run = exclusiveOnSqlite(this.dataSource, async () => {
      const total = await this.indexSize();
      const dfOf = await this.documentFrequencies(terms);
      if (!dfOf) return terms;
      const ranked = terms.map((term, i) => ({ term, df: dfOf.get(i) ?? 0 })).sort((a, b) => a.df - b.df);
      // Small indexes are fast anyway, and there a frequent word may still separate documents: leave them whole.
      if (total < PRUNE_MIN_CHUNKS) return terms;
      const limit = total * PRUNE_DOCUMENT_SHARE;
      return ranked.filter((t, rank) => rank < 2 || t.df <= limit).map((t) => t.term);
    });
    return run.catch(() => terms);
  }

  /** Chunks in the FTS5 index, re-counted at most once a minute. */
  private async indexSize(): Promise<number> {
    if (!this.chunkTotal || Date.now() - this.chunkTotal.at > 60_000) {
      await this.dataSource.query("CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_words USING fts5(t, tokenize = 'porter unicode61')");
      await this.dataSource.query(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_words_vocab USING fts5vocab(temp, query_words, 'instance')",
      );
      const [{ n }] = (await this.dataSource.query('SELECT COUNT(*) AS n FROM chunk_fts')) as Array<{ n: number }>;
      this.chunkTotal = { count: Number(n), at: Date.now() };
    }
    return this.chunkTotal.count;
  }

  /**
   * Chunk frequency of each single-word term by its position, or undefined when there is none. Words are stemmed by
   * FTS5's own tokenizer (a scratch table in the connection's temp schema) so they match its vocabulary table.
   */
  private async documentFrequencies(terms: string[][]): Promise<Map<number, number> | undefined> {
    const q = (sql: string, params: unknown[] = []) => this.dataSource.query(sql, params);
    await q('DELETE FROM temp.query_words');
    const single = terms.map((term, i) => ({ term, i })).filter(({ term }) => term.length === 1);
    if (!single.length) return undefined;
    await q(
      `INSERT INTO temp.query_words(rowid, t) VALUES ${single.map(() => '(?, ?)').join(', ')}`,
      single.flatMap(({ term, i }) => [i, term[0]]),
    );
    const stems = (await q('SELECT doc, term FROM temp.query_words_vocab')) as Array<{ doc: number; term: string }>;
    const rows = (await q(
      `SELECT term, doc FROM chunk_fts_vocab WHERE term IN (${stems.map(() => '?').join(', ')})`,
      stems.map((s) => s.term),
    )) as Array<{ term: string; doc: number }>;
    const frequency = new Map(rows.map((r) => [r.term, Number(r.doc)]));
    return new Map(stems.map((s) => [Number(s.doc), frequency.get(s.term) ?? 0]));
  }

  private param(n: number): string {
    return this.dialect === 'postgres' ? `$${n}` : '?';
  }
}

type Placeholder = (value: unknown) => string;

function postgresMatch(terms: string[][], collectionId: string, p: Placeholder) {
  const tsquery = terms.map((term) => term.join(' <-> ')).join(' | ');
  return {
    table: 'f',
    sql: `SELECT f.chunk_id AS id, ts_rank_cd(f.tsv, q) AS score FROM chunk_fts f CROSS JOIN to_tsquery('english', ${p(tsquery)}) q`,
    conditions: ['f.tsv @@ q', `f.collection_id = ${p(collectionId)}`],
  };
}

/** FTS5 wants the table's own name in MATCH and bm25(), so SQLite uses no alias. */
function sqliteMatch(terms: string[][], collectionId: string, p: Placeholder) {
  const match = terms.map((term) => `"${term.join(' ')}"`).join(' OR ');
  return {
    table: 'chunk_fts',
    sql: 'SELECT chunk_fts.chunk_id AS id, -bm25(chunk_fts) AS score FROM chunk_fts',
    conditions: [`chunk_fts MATCH ${p(match)}`, `chunk_fts.collection_id = ${p(collectionId)}`],
  };
}
