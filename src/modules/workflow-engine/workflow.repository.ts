import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { isUuid } from '@libs/contracts';
import { inTransaction, isUniqueViolation } from '@libs/database';
import { WorkflowEventEntity } from './entities/workflow-event.entity';
import { WorkflowOutboxEntity } from './entities/workflow-outbox.entity';
import { WorkflowRunEntity, type RunStatus } from './entities/workflow-run.entity';
import { WorkflowScheduleFireEntity } from './entities/workflow-schedule-fire.entity';
import { WorkflowScheduleEntity } from './entities/workflow-schedule.entity';
import { WorkflowSignalEntity } from './entities/workflow-signal.entity';
import { WorkflowTemplateEntity } from './entities/workflow-template.entity';
import { WorkflowVersionEntity } from './entities/workflow-version.entity';
import { WorkflowEntity } from './entities/workflow.entity';

export interface NewEvent {
  type: string;
  stepPath?: string | null;
  attempt?: number | null;
  data?: unknown;
}

/** A run row as it is first written. */
export type NewRun = Omit<
  WorkflowRunEntity,
  'leaseOwner' | 'leaseToken' | 'leaseExpiresAt' | 'lastSeq' | 'cancelRequested' | 'startedAt' | 'finishedAt' | 'output' | 'error'
>;

export interface Lease {
  runId: string;
  owner: string;
  token: number;
  /** The seq of the last event this lease holder knows of; every append moves it (compare-and-set). */
  seq: number;
}

/** Thrown when a journal write finds the lease taken over: the writer must stop driving the run. */
export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`lost the lease on run ${runId}`);
  }
}

const ACTIVE: RunStatus[] = ['queued', 'running'];

/** The only class that touches the workflow tables. */
@Injectable()
export class WorkflowRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get m(): EntityManager {
    return this.dataSource.manager;
  }

  // ---- definitions

  async createWorkflow(workflow: Partial<WorkflowEntity>, definition: string): Promise<WorkflowEntity> {
    return inTransaction(this.dataSource, async (em) => {
      const saved = await em.save(WorkflowEntity, em.create(WorkflowEntity, { ...workflow, currentVersion: 1 }));
      await em.insert(WorkflowVersionEntity, { workflowId: saved.id, version: 1, definition, createdBy: workflow.createdBy ?? null });
      return saved;
    });
  }

  /** A new version; the workflow's current version moves to it. */
  async addVersion(id: string, patch: Partial<WorkflowEntity>, definition: string, createdBy: string | null): Promise<WorkflowEntity> {
    return inTransaction(this.dataSource, async (em) => {
      const current = await em.findOneByOrFail(WorkflowEntity, { id });
      const version = current.currentVersion + 1;
      await em.insert(WorkflowVersionEntity, { workflowId: id, version, definition, createdBy });
      await em.update(WorkflowEntity, { id }, { ...patch, currentVersion: version });
      return em.findOneByOrFail(WorkflowEntity, { id });
    });
  }

  /** Null for an id that is not a UUID (a subworkflow step may name anything; PostgreSQL would refuse the query). */
  async findWorkflow(id: string): Promise<WorkflowEntity | null> {
    return isUuid(id) ? this.m.findOneBy(WorkflowEntity, { id }) : null;
  }

  findWorkflowByName(name: string): Promise<WorkflowEntity | null> {
    return this.m.findOneBy(WorkflowEntity, { name });
  }

  listWorkflows(filter: { search?: string; enabled?: boolean; limit: number; offset: number }): Promise<[WorkflowEntity[], number]> {
    const query = this.m.createQueryBuilder(WorkflowEntity, 'w').orderBy('w.name', 'ASC').take(filter.limit).skip(filter.offset);
    if (filter.search) query.andWhere('LOWER(w.name) LIKE :search', { search: `%${filter.search.toLowerCase()}%` });
    if (filter.enabled !== undefined) query.andWhere('w.enabled = :enabled', { enabled: filter.enabled });
    return query.getManyAndCount();
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    await this.m.update(WorkflowEntity, { id }, { enabled });
  }

  findVersion(workflowId: string, version: number): Promise<WorkflowVersionEntity | null> {
    return this.m.findOneBy(WorkflowVersionEntity, { workflowId, version });
  }

  listVersions(workflowId: string): Promise<WorkflowVersionEntity[]> {
    return this.m.find(WorkflowVersionEntity, { where: { workflowId }, order: { version: 'DESC' } });
  }

  /** Deletes a workflow with its versions, runs and journal; false when it has active runs. */
  async deleteWorkflow(id: string): Promise<boolean> {
    return inTransaction(this.dataSource, async (em) => {
      if (await em.countBy(WorkflowRunEntity, { workflowId: id, status: In([...ACTIVE, 'waiting']) })) return false;
      const runs = await em.find(WorkflowRunEntity, { select: { id: true }, where: { workflowId: id } });
      for (let i = 0; i < runs.length; i += 500) {
        const ids = runs.slice(i, i + 500).map((r) => r.id);
        await em.delete(WorkflowEventEntity, { runId: In(ids) });
        await em.delete(WorkflowSignalEntity, { runId: In(ids) });
      }
      await em.delete(WorkflowRunEntity, { workflowId: id });
      await em.delete(WorkflowScheduleEntity, { workflowId: id });
      await em.delete(WorkflowVersionEntity, { workflowId: id });
      await em.delete(WorkflowEntity, { id });
      return true;
    });
  }

  // ---- runs and the journal

  /**
   * Stores a new run with its first events and an outbox row in one transaction: a job exists only for a
   * committed run, and a committed run always gets a job (the relay picks the row up even after a crash).
   */
  async createRun(
    run: Omit<
      WorkflowRunEntity,
      'leaseOwner' | 'leaseToken' | 'leaseExpiresAt' | 'lastSeq' | 'cancelRequested' | 'startedAt' | 'finishedAt' | 'output' | 'error'
    >,
    events: NewEvent[],
    availableAt: number,
  ): Promise<boolean> {
    return inTransaction(this.dataSource, async (em) => {
      if (await em.findOneBy(WorkflowRunEntity, { id: run.id })) return false; // idempotent (a subworkflow step re-run)
      await em.insert(WorkflowRunEntity, { ...run, lastSeq: events.length, leaseToken: 0, leaseExpiresAt: 0, cancelRequested: false });
      await em.insert(
        WorkflowEventEntity,
        events.map((e, i) => toEventRow(run.id, i + 1, e, run.createdAt)),
      );
      await em.insert(WorkflowOutboxEntity, { runId: run.id, availableAt });
      return true;
    });
  }

  findRun(id: string): Promise<WorkflowRunEntity | null> {
    return this.m.findOneBy(WorkflowRunEntity, { id });
  }

  listRuns(filter: { workflowId?: string; status?: string; limit: number; offset: number }): Promise<[WorkflowRunEntity[], number]> {
    const where: Record<string, unknown> = {};
    if (filter.workflowId) where.workflowId = filter.workflowId;
    if (filter.status) where.status = filter.status;
    return this.m.findAndCount(WorkflowRunEntity, { where, order: { createdAt: 'DESC' }, take: filter.limit, skip: filter.offset });
  }

  latestRun(workflowId: string): Promise<WorkflowRunEntity | null> {
    return this.m.findOne(WorkflowRunEntity, { where: { workflowId }, order: { createdAt: 'DESC' } });
  }

  countActiveRuns(filter: { scheduleId?: string; workflowId?: string }): Promise<number> {
    return this.m.countBy(WorkflowRunEntity, { ...filter, status: In([...ACTIVE, 'waiting']) });
  }

  events(runId: string, afterSeq = 0, limit = 10_000): Promise<WorkflowEventEntity[]> {
    return this.m
      .createQueryBuilder(WorkflowEventEntity, 'e')
      .where('e.run_id = :runId AND e.seq > :afterSeq', { runId, afterSeq })
      .orderBy('e.seq', 'ASC')
      .take(limit)
      .getMany();
  }

  /**
   * Takes the run's lease when it is free or expired, bumping the fencing token. Returns the lease, or null when
   * another worker holds it or the run is finished.
   */
  async claim(runId: string, owner: string, now: number, leaseMs: number): Promise<Lease | null> {
    const result = await this.m
      .createQueryBuilder()
      .update(WorkflowRunEntity)
      .set({ leaseOwner: owner, leaseToken: () => 'lease_token + 1', leaseExpiresAt: now + leaseMs })
      .where('id = :runId AND status IN (:...statuses) AND (lease_expires_at < :now OR lease_owner IS NULL)', {
        runId,
        statuses: [...ACTIVE, 'waiting'],
        now,
      })
      .execute();
    if (!result.affected) return null;
    const run = await this.m.findOneBy(WorkflowRunEntity, { id: runId });
    if (!run || run.leaseOwner !== owner) return null;
    // The wake-ups that brought us here are consumed now that a worker owns the run.
    await this.m.delete(WorkflowOutboxEntity, { runId, availableAt: LessThanOrEqual(now) });
    return { runId, owner, token: run.leaseToken, seq: run.lastSeq };
  }

  /** Extends the lease; false when it was lost. Also reports a requested cancellation. */
  async renew(lease: Lease, until: number): Promise<{ held: boolean; cancelRequested: boolean }> {
    const result = await this.m.update(
      WorkflowRunEntity,
      { id: lease.runId, leaseToken: lease.token, leaseOwner: lease.owner },
      { leaseExpiresAt: until },
    );
    if (!result.affected) return { held: false, cancelRequested: false };
    const run = await this.m.findOne(WorkflowRunEntity, { select: { id: true, cancelRequested: true }, where: { id: lease.runId } });
    return { held: true, cancelRequested: !!run?.cancelRequested };
  }

  /**
   * Appends events under the lease (fencing): the run row moves from the lease's seq to the new one only if the
   * token is still ours, in the same transaction as the inserts. Optionally updates the run row and writes an
   * outbox row (a wake-up at `wakeAt`).
   */
  async append(
    lease: Lease,
    events: NewEvent[],
    now: number,
    patch: Partial<WorkflowRunEntity> = {},
    wakeAt?: number,
  ): Promise<WorkflowEventEntity[]> {
    const rows = events.map((e, i) => toEventRow(lease.runId, lease.seq + i + 1, e, now));
    if (this.dataSource.options.type === 'postgres') {
      await this.appendInOneStatement(lease, rows, patch, wakeAt);
      lease.seq += events.length;
      return rows;
    }
    await inTransaction(this.dataSource, async (em) => {
      const moved = await em
        .createQueryBuilder()
        .update(WorkflowRunEntity)
        .set({ ...patch, lastSeq: lease.seq + events.length })
        .where('id = :id AND lease_token = :token AND lease_owner = :owner AND last_seq = :seq', {
          id: lease.runId,
          token: lease.token,
          owner: lease.owner,
          seq: lease.seq,
        })
        .execute();
      if (!moved.affected) throw new LeaseLostError(lease.runId);
      if (rows.length) await em.insert(WorkflowEventEntity, rows);
      if (wakeAt !== undefined) await em.insert(WorkflowOutboxEntity, { runId: lease.runId, availableAt: wakeAt });
    });
    lease.seq += events.length;
    return rows;
  }

  /**
   * PostgreSQL: the fenced update, the journal rows and the wake-up in one statement (data-modifying CTEs are atomic),
   * so an append costs one round trip instead of four (BEGIN, UPDATE, INSERT, COMMIT).
   */
  private async appendInOneStatement(
    lease: Lease,
    rows: WorkflowEventEntity[],
    patch: Partial<WorkflowRunEntity>,
    wakeAt?: number,
  ): Promise<void> {
    const params: unknown[] = [lease.seq + rows.length, lease.runId, lease.token, lease.owner, lease.seq];
    const p = (value: unknown) => `$${params.push(value)}`;
    const columns = this.dataSource.getMetadata(WorkflowRunEntity);
    const sets = Object.entries(patch).map(
      ([property, value]) => `${columns.findColumnWithPropertyName(property)!.databaseName} = ${p(value)}`,
    );
    const values = rows.map(
      (r) =>
        `(${p(r.runId)}::varchar, ${p(r.seq)}::int, ${p(r.type)}::varchar, ${p(r.stepPath)}::varchar, ${p(r.attempt)}::int, ${p(r.data)}::text, ${p(r.createdAt)}::bigint)`,
    );
    const sql = `WITH moved AS (
        UPDATE workflow_runs SET last_seq = $1${sets.map((set) => `, ${set}`).join('')}
        WHERE id = $2 AND lease_token = $3 AND lease_owner = $4 AND last_seq = $5 RETURNING id)
      ${values.length ? `, journal AS (INSERT INTO workflow_events (run_id, seq, type, step_path, attempt, data, created_at) SELECT * FROM (VALUES ${values.join(', ')}) AS v WHERE EXISTS (SELECT 1 FROM moved) RETURNING 1)` : ''}
      ${wakeAt !== undefined ? `, wake AS (INSERT INTO workflow_outbox (run_id, available_at) SELECT ${p(lease.runId)}, ${p(wakeAt)}::bigint WHERE EXISTS (SELECT 1 FROM moved) RETURNING 1)` : ''}
      SELECT COUNT(*)::int AS moved FROM moved`;
    const [result] = (await this.dataSource.query(sql, params)) as Array<{ moved: number }>;
    if (!result?.moved) throw new LeaseLostError(lease.runId);
  }

  /** Gives the lease up (the run waits, or is finished), so any worker may claim it when its outbox row comes due. */
  async release(lease: Lease): Promise<void> {
    await this.m.update(
      WorkflowRunEntity,
      { id: lease.runId, leaseToken: lease.token, leaseOwner: lease.owner },
      { leaseOwner: null, leaseExpiresAt: 0 },
    );
  }

  /** Asks for a cancellation and wakes the run; false when it already finished. */
  async requestCancel(runId: string, now: number): Promise<boolean> {
    return inTransaction(this.dataSource, async (em) => {
      const result = await em.update(WorkflowRunEntity, { id: runId, status: In([...ACTIVE, 'waiting']) }, { cancelRequested: true });
      if (!result.affected) return false;
      await em.insert(WorkflowOutboxEntity, { runId, availableAt: now });
      return true;
    });
  }

  // ---- signals (approvals)

  /** Records a decision for a waiting step and wakes the run; false when one was already recorded. */
  async addSignal(signal: Omit<WorkflowSignalEntity, 'createdAt'>, now: number): Promise<boolean> {
    return inTransaction(this.dataSource, async (em) => {
      if (await em.findOneBy(WorkflowSignalEntity, { runId: signal.runId, stepPath: signal.stepPath })) return false;
      await em.insert(WorkflowSignalEntity, { ...signal, createdAt: now });
      await em.insert(WorkflowOutboxEntity, { runId: signal.runId, availableAt: now });
      return true;
    });
  }

  signals(runId: string): Promise<WorkflowSignalEntity[]> {
    return this.m.findBy(WorkflowSignalEntity, { runId });
  }

  // ---- outbox and recovery

  /** Outbox rows that are due and not relayed within the last `retryMs`, oldest first. */
  dueOutbox(now: number, retryMs: number, limit = 500): Promise<WorkflowOutboxEntity[]> {
    return this.m
      .createQueryBuilder(WorkflowOutboxEntity, 'o')
      .where('o.available_at <= :now AND (o.relayed_at IS NULL OR o.relayed_at < :retry)', { now, retry: now - retryMs })
      .orderBy('o.id', 'ASC')
      .take(limit)
      .getMany();
  }

  async markRelayed(ids: number[], now: number): Promise<void> {
    for (let i = 0; i < ids.length; i += 500)
      await this.m.update(WorkflowOutboxEntity, { id: In(ids.slice(i, i + 500)) }, { relayedAt: now });
  }

  /** The earliest future wake-up, so the relay can sleep until then. */
  async nextOutboxAt(): Promise<number | undefined> {
    const row = await this.m.findOne(WorkflowOutboxEntity, { where: {}, order: { availableAt: 'ASC' } });
    return row?.availableAt;
  }

  /** Runs a worker was driving when its lease ran out: the worker died (or stalled) mid-run. */
  async orphanedRuns(now: number, limit = 200): Promise<string[]> {
    const rows = await this.m
      .createQueryBuilder(WorkflowRunEntity, 'r')
      .select(['r.id'])
      .where('r.status IN (:...statuses) AND r.lease_owner IS NOT NULL AND r.lease_expires_at < :now', { statuses: ACTIVE, now })
      .take(limit)
      .getMany();
    return rows.map((r) => r.id);
  }

  // ---- templates

  saveTemplate(template: Partial<WorkflowTemplateEntity>): Promise<WorkflowTemplateEntity> {
    return this.m.save(WorkflowTemplateEntity, this.m.create(WorkflowTemplateEntity, template));
  }

  listTemplates(): Promise<WorkflowTemplateEntity[]> {
    return this.m.find(WorkflowTemplateEntity, { order: { name: 'ASC' } });
  }

  findTemplate(id: string): Promise<WorkflowTemplateEntity | null> {
    return this.m.findOneBy(WorkflowTemplateEntity, { id });
  }

  findTemplateByName(name: string): Promise<WorkflowTemplateEntity | null> {
    return this.m.findOneBy(WorkflowTemplateEntity, { name });
  }

  async deleteTemplate(id: string): Promise<boolean> {
    return ((await this.m.delete(WorkflowTemplateEntity, { id, builtin: false })).affected ?? 0) > 0;
  }

  // ---- schedules

  saveSchedule(schedule: Partial<WorkflowScheduleEntity>): Promise<WorkflowScheduleEntity> {
    return this.m.save(WorkflowScheduleEntity, this.m.create(WorkflowScheduleEntity, schedule));
  }

  findSchedule(id: string): Promise<WorkflowScheduleEntity | null> {
    return this.m.findOneBy(WorkflowScheduleEntity, { id });
  }

  listSchedules(workflowId?: string): Promise<WorkflowScheduleEntity[]> {
    return this.m.find(WorkflowScheduleEntity, { where: workflowId ? { workflowId } : {}, order: { createdAt: 'ASC' } });
  }

  activeSchedules(): Promise<WorkflowScheduleEntity[]> {
    return this.m.findBy(WorkflowScheduleEntity, { paused: false });
  }

  async deleteSchedule(id: string): Promise<boolean> {
    return inTransaction(this.dataSource, async (em) => {
      await em.delete(WorkflowScheduleFireEntity, { scheduleId: id });
      return ((await em.delete(WorkflowScheduleEntity, { id })).affected ?? 0) > 0;
    });
  }

  async setSchedulePaused(id: string, paused: boolean, lastTickAt?: number): Promise<void> {
    await this.m.update(WorkflowScheduleEntity, { id }, { paused, ...(lastTickAt !== undefined ? { lastTickAt } : {}) });
  }

  /**
   * Claims one tick of a schedule: the fire row's primary key lets exactly one replica win. The winner's callback
   * runs in the same transaction (it creates the run), so a tick is fired once and never half.
   */
  async claimTick(
    fire: Omit<WorkflowScheduleFireEntity, 'createdAt'>,
    now: number,
    withRun?: (em: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    return inTransaction(this.dataSource, async (em) => {
      if (await em.findOneBy(WorkflowScheduleFireEntity, { scheduleId: fire.scheduleId, tickAt: fire.tickAt })) return false;
      await em.insert(WorkflowScheduleFireEntity, { ...fire, createdAt: now });
      await em.update(WorkflowScheduleEntity, { id: fire.scheduleId }, { lastTickAt: fire.tickAt });
      await withRun?.(em);
      return true;
    }).catch((error: unknown) => {
      if (isUniqueViolation(error)) return false; // another replica inserted the same tick first
      throw error;
    });
  }

  fires(scheduleId: string, limit = 100): Promise<WorkflowScheduleFireEntity[]> {
    return this.m.find(WorkflowScheduleFireEntity, { where: { scheduleId }, order: { tickAt: 'DESC' }, take: limit });
  }

  queuedFires(scheduleId: string): Promise<WorkflowScheduleFireEntity[]> {
    return this.m.find(WorkflowScheduleFireEntity, { where: { scheduleId, outcome: 'queued' }, order: { tickAt: 'ASC' } });
  }

  async markFireStarted(scheduleId: string, tickAt: number, runId: string): Promise<boolean> {
    const result = await this.m.update(
      WorkflowScheduleFireEntity,
      { scheduleId, tickAt, outcome: 'queued' },
      { outcome: 'started', runId },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Run creation inside a tick's transaction (see claimTick). */
  async createRunIn(
    em: EntityManager,
    run: Parameters<WorkflowRepository['createRun']>[0],
    events: NewEvent[],
    availableAt: number,
  ): Promise<void> {
    await em.insert(WorkflowRunEntity, { ...run, lastSeq: events.length, leaseToken: 0, leaseExpiresAt: 0, cancelRequested: false });
    await em.insert(
      WorkflowEventEntity,
      events.map((e, i) => toEventRow(run.id, i + 1, e, run.createdAt)),
    );
    await em.insert(WorkflowOutboxEntity, { runId: run.id, availableAt });
  }
}

function toEventRow(runId: string, seq: number, event: NewEvent, now: number): WorkflowEventEntity {
  return {
    runId,
    seq,
    type: event.type,
    stepPath: event.stepPath ?? null,
    attempt: event.attempt ?? null,
    data: event.data === undefined ? null : JSON.stringify(event.data),
    createdAt: now,
  };
}
