import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, MoreThanOrEqual, Not, type DataSource, type EntityManager } from 'typeorm';
import { A2aMessageEntity } from '@libs/bus';
import { BroadcastEntity } from './entities/broadcast.entity';
import { OrchestrationSessionEntity, type SessionStatus } from './entities/orchestration-session.entity';
import { TaskAssignmentEntity } from './entities/task-assignment.entity';

export interface AgentRecord {
  inFlight: number;
  finished: number;
  succeeded: number;
  /** Median latency of its finished tasks, when it has any. */
  p50LatencyMs?: number;
}

const IN_FLIGHT = ['assigned', 'running'];
const HISTORY = 50;

/** The only class that touches the orchestrator's tables (and reads the bus's message log for the network view). */
@Injectable()
export class OrchestratorRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get m(): EntityManager {
    return this.dataSource.manager;
  }

  createSession(session: Partial<OrchestrationSessionEntity>): Promise<OrchestrationSessionEntity> {
    return this.m.save(OrchestrationSessionEntity, this.m.create(OrchestrationSessionEntity, session));
  }

  async updateSession(id: string, patch: Partial<OrchestrationSessionEntity>): Promise<void> {
    await this.m.update(OrchestrationSessionEntity, { id }, patch);
  }

  /** Lets one process (of several orchestrator replicas) re-plan a failed run: false when another already did. */
  async claimReplan(id: string, runId: string, replans: number): Promise<boolean> {
    const result = await this.m.update(OrchestrationSessionEntity, { id, runId, replans }, { replans: replans + 1 });
    return (result.affected ?? 0) > 0;
  }

  findSession(id: string): Promise<OrchestrationSessionEntity | null> {
    return this.m.findOneBy(OrchestrationSessionEntity, { id });
  }

  listSessions(filter: { status?: SessionStatus; limit: number; offset: number }): Promise<[OrchestrationSessionEntity[], number]> {
    return this.m.findAndCount(OrchestrationSessionEntity, {
      where: filter.status ? { status: filter.status } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      take: filter.limit,
      skip: filter.offset,
    });
  }

  assignmentsOfSessions(sessionIds: string[]): Promise<TaskAssignmentEntity[]> {
    if (!sessionIds.length) return Promise.resolve([]);
    return this.m.find(TaskAssignmentEntity, { where: { sessionId: In(sessionIds) }, order: { createdAt: 'ASC' } });
  }

  findSessionByRun(runId: string): Promise<OrchestrationSessionEntity | null> {
    return this.m.findOneBy(OrchestrationSessionEntity, { runId });
  }

  runningSessions(): Promise<OrchestrationSessionEntity[]> {
    return this.m.findBy(OrchestrationSessionEntity, { status: In(['planning', 'running']) });
  }

  async addAssignments(rows: Array<Partial<TaskAssignmentEntity>>): Promise<void> {
    if (rows.length) await this.m.insert(TaskAssignmentEntity, rows);
  }

  assignments(sessionId: string): Promise<TaskAssignmentEntity[]> {
    return this.m.find(TaskAssignmentEntity, { where: { sessionId }, order: { createdAt: 'ASC' } });
  }

  /** Updates the current (not replaced) assignment of a task. */
  async updateAssignment(sessionId: string, taskId: string, patch: Partial<TaskAssignmentEntity>): Promise<void> {
    await this.m.update(TaskAssignmentEntity, { sessionId, taskId, state: Not('replaced') }, patch);
  }

  /** In-flight tasks and recent outcomes per agent: what the router weighs besides skill match and health. */
  async agentRecords(agentIds: string[]): Promise<Map<string, AgentRecord>> {
    const records = new Map<string, AgentRecord>(agentIds.map((id) => [id, { inFlight: 0, finished: 0, succeeded: 0 }]));
    if (!agentIds.length) return records;
    const rows = await this.m.find(TaskAssignmentEntity, {
      select: { agentId: true, state: true, latencyMs: true },
      where: { agentId: In(agentIds), state: Not('replaced') },
      order: { updatedAt: 'DESC' },
      take: HISTORY * agentIds.length,
    });
    const latencies = new Map<string, number[]>();
    for (const row of rows) {
      const record = records.get(row.agentId)!;
      if (IN_FLIGHT.includes(row.state)) record.inFlight++;
      else if (record.finished < HISTORY && (row.state === 'succeeded' || row.state === 'failed')) {
        record.finished++;
        if (row.state === 'succeeded') record.succeeded++;
        if (row.latencyMs !== null) latencies.set(row.agentId, [...(latencies.get(row.agentId) ?? []), row.latencyMs]);
      }
    }
    for (const [id, list] of latencies) records.get(id)!.p50LatencyMs = [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    return records;
  }

  saveBroadcast(broadcast: Partial<BroadcastEntity>): Promise<BroadcastEntity> {
    return this.m.save(BroadcastEntity, this.m.create(BroadcastEntity, broadcast));
  }

  /** Assignments in a time window (and optionally one session): the orchestrator → agent edges of the network view. */
  assignmentsSince(since: Date, sessionId?: string): Promise<TaskAssignmentEntity[]> {
    return this.m.find(TaskAssignmentEntity, { where: { createdAt: MoreThanOrEqual(since), ...(sessionId ? { sessionId } : {}) } });
  }

  /** Bus requests in a time window, aggregated per (source process, target method's module). */
  async busTraffic(
    since: Date,
  ): Promise<Array<{ source: string; method: string; status: string; count: number; durations: number[]; lastSeen: Date }>> {
    const rows = await this.m.find(A2aMessageEntity, {
      select: { source: true, method: true, status: true, durationMs: true, createdAt: true, kind: true },
      where: { createdAt: MoreThanOrEqual(since), kind: 'request' },
      order: { createdAt: 'DESC' },
      take: 20_000,
    });
    const groups = new Map<
      string,
      { source: string; method: string; status: string; count: number; durations: number[]; lastSeen: Date }
    >();
    for (const row of rows) {
      const key = `${row.source}|${row.method}|${row.status}`;
      const group = groups.get(key) ?? {
        source: row.source,
        method: row.method,
        status: row.status,
        count: 0,
        durations: [],
        lastSeen: row.createdAt,
      };
      group.count++;
      group.durations.push(row.durationMs);
      if (row.createdAt > group.lastSeen) group.lastSeen = row.createdAt;
      groups.set(key, group);
    }
    return [...groups.values()];
  }
}
