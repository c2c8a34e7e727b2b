import { Inject, Injectable } from '@nestjs/common';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import type { BusPrincipal } from '@libs/contracts';
import { ENV } from 'src/core/env.token';
import type { Principal } from 'src/core/auth/permissions';
import type { SchemaTable } from './adapters/sql-driver';
import { ConnectionsService } from './connections.service';
import { SqlExecutionService } from './sql-execution.service';
import { SqlInsightsService } from './sql-insights.service';
import { validateSql, type SqlDialect } from './sql-validator';
import { SqlToolError, SqlToolErrorCode } from './sqltool.errors';

export interface AskInput {
  connectionId: string;
  question: string;
  model?: { provider: string; modelId: string };
  maxAttempts?: number;
}

export interface AskAttempt {
  sql: string;
  /** Why this attempt was refused (validator findings or the database's error). */
  error?: string;
}

const TABLES_IN_PROMPT = 8;
const DEFAULT_ATTEMPTS = 3;

/**
 * Natural language to SQL: the tables that matter (ranked over the cached schema), SQL written by a model, checked
 * by the same validator as any statement, repaired from the validator's or the database's error, run read-only.
 */
@Injectable()
export class SqlAskService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly connections: ConnectionsService,
    private readonly insights: SqlInsightsService,
    private readonly execution: SqlExecutionService,
    private readonly bus: Bus,
  ) {}

  async ask(input: AskInput, principal?: Principal | BusPrincipal) {
    const model = input.model ?? this.defaultModel();
    const connection = await this.connections.get(input.connectionId);
    const dialect = connection.dialect as SqlDialect;
    const tables = rankTables((await this.insights.schema(input.connectionId)).tables, input.question);
    const attempts: AskAttempt[] = [];
    const prompt = promptFor(dialect, tables, input.question);
    for (let i = 0; i < (input.maxAttempts ?? DEFAULT_ATTEMPTS); i++) {
      const feedback = attempts.length ? `\n\nYour previous SQL was refused: ${attempts.at(-1)!.error}\nWrite a corrected statement.` : '';
      const answer = await this.bus.request('agents.generate', {
        ...model,
        system: SYSTEM,
        prompt: prompt + feedback,
        maxOutputTokens: 800,
      });
      const { sql, explanation } = parseAnswer(answer.text);
      const check = validateSql(sql, dialect, { allowWrite: false });
      if (!check.valid) {
        attempts.push({ sql, error: check.findings.map((f) => f.message).join('; ') });
        continue;
      }
      try {
        const result = await this.execution.execute({ connectionId: input.connectionId, sql }, principal as Principal);
        attempts.push({ sql });
        return { sql, explanation, ...result, tables: tables.map((t) => t.name), attempts };
      } catch (error) {
        if (!(error instanceof SqlToolError) || error.code !== SqlToolErrorCode.SQL_FAILED) throw error;
        attempts.push({ sql, error: error.message });
      }
    }
    throw new SqlToolError(
      SqlToolErrorCode.NL_SQL_FAILED,
      `No acceptable SQL after ${attempts.length} attempts: ${attempts.at(-1)?.error}`,
      { attempts },
    );
  }

  private defaultModel(): { provider: string; modelId: string } {
    const configured = this.env.SQL_ASK_MODEL;
    if (!configured)
      throw new SqlToolError(
        SqlToolErrorCode.MODEL_NOT_CONFIGURED,
        'Name a model ({ provider, modelId }) or set SQL_ASK_MODEL to a registered provider',
      );
    const [provider, ...rest] = configured.split(':');
    return { provider, modelId: rest.join(':') };
  }
}

const SYSTEM =
  'You write one read-only SQL statement that answers the question, using only the tables and columns given. Reply with the SQL in a ```sql block, then one sentence explaining it.';

/** Tables ranked by how many of the question's words their name and columns share (and their neighbours by key). */
export function rankTables(tables: SchemaTable[], question: string): SchemaTable[] {
  const words = new Set((question.toLowerCase().match(/[a-z0-9_]+/g) ?? []).flatMap((w) => [w, w.replace(/s$/, '')]));
  const parts = (name: string) =>
    name
      .toLowerCase()
      .split(/[^a-z0-9]+|_/)
      .flatMap((w) => [w, w.replace(/s$/, '')]);
  const score = (t: SchemaTable) =>
    parts(t.name).filter((p) => words.has(p)).length * 3 + t.columns.filter((c) => parts(c.name).some((p) => words.has(p))).length;
  const ranked = tables.map((t) => ({ t, s: score(t) })).sort((a, b) => b.s - a.s);
  const chosen = ranked.filter((r) => r.s > 0).map((r) => r.t);
  if (!chosen.length) return tables.slice(0, TABLES_IN_PROMPT * 2);
  // Tables a chosen table points to by foreign key help the model join.
  for (const table of [...chosen])
    for (const fk of table.foreignKeys) {
      const target = tables.find((t) => t.name === fk.referencedTable);
      if (target && !chosen.includes(target)) chosen.push(target);
    }
  return chosen.slice(0, TABLES_IN_PROMPT);
}

function promptFor(dialect: SqlDialect, tables: SchemaTable[], question: string): string {
  const described = tables
    .map((t) => {
      const columns = t.columns.map((c) => `${c.name} ${c.type}${c.primaryKey ? ' primary key' : ''}`).join(', ');
      const keys = t.foreignKeys
        .map((fk) => `(${fk.columns.join(', ')}) -> ${fk.referencedTable}(${fk.referencedColumns.join(', ')})`)
        .join('; ');
      return `${t.name}(${columns})${keys ? ` foreign keys: ${keys}` : ''}`;
    })
    .join('\n');
  return `Dialect: ${dialect}\nTables:\n${described}\n\nQuestion: ${question}`;
}

/** The SQL (from a ```sql block, or the whole reply) and the explanation after it. */
export function parseAnswer(text: string): { sql: string; explanation: string } {
  const block = text.match(/```(?:sql)?\s*([\s\S]*?)```/i);
  const sql = (block ? block[1] : text).trim().replace(/;\s*$/, '');
  const explanation = block ? text.slice((block.index ?? 0) + block[0].length).trim() : '';
  return { sql, explanation };
}
