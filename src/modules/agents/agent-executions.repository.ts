import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { BatchingWriter } from '@libs/batching';
import { insertLogRows } from '@libs/database';
import { AgentExecutionEntity } from 'src/modules/agents/entities/agent-execution.entity';

/** How long a finished run's record may wait: one insert per interval instead of one per run. */
const RECORD_BATCH_MS = 200;

/** Run records (agent_executions): written behind the answer, in batches; reads flush first so a finished run is listed. */
@Injectable()
export class AgentExecutionsRepository implements OnApplicationShutdown {
  private readonly logger = new Logger('AgentExecutions');
  private readonly writer: BatchingWriter<Partial<AgentExecutionEntity>>;

  constructor(@InjectRepository(AgentExecutionEntity) private readonly executions: Repository<AgentExecutionEntity>) {
    this.writer = new BatchingWriter({
      name: 'agent-executions',
      intervalMs: RECORD_BATCH_MS,
      write: (batch) => insertLogRows(this.executions, batch),
      onError: (error, size) => this.logger.error(`could not record ${size} run(s): ${String(error)}`),
    });
  }

  /** Buffers a finished run's record (off the answer's path). */
  record(execution: Partial<AgentExecutionEntity>): void {
    void this.writer.add(execution);
  }

  async recent(agentId: string, limit: number): Promise<AgentExecutionEntity[]> {
    await this.writer.flush();
    return this.executions.find({ where: { agentId }, order: { createdAt: 'DESC' }, take: limit });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.writer.close();
  }
}
