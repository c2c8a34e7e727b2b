import { Injectable } from '@nestjs/common';
import type { AgentExecutor } from '@a2a-js/sdk/server';
import { AgentExecutionsRepository } from 'src/modules/agents/agent-executions.repository';
import { A2aTasksRepository } from 'src/modules/agents/a2a/a2a-tasks.repository';
import { A2aPush } from 'src/modules/agents/a2a/a2a-push';
import { DbTaskStore } from 'src/modules/agents/a2a/db-task-store';
import { AgentQuestions } from 'src/modules/agents/a2a/agent-questions';
import { BrainRegistry } from 'src/modules/agents/a2a/brain-registry';
import { ConformanceExecutor } from 'src/modules/agents/a2a/conformance.executor';
import { LiveAgentEvents } from 'src/modules/agents/a2a/live-agent-events';
import { PlatformAgentExecutor } from 'src/modules/agents/a2a/platform-agent.executor';
import { PlatformUser } from 'src/modules/agents/a2a/platform-user';
import type { AgentEntity } from 'src/modules/agents/entities/agent.entity';

/** The SDK executor of an agent: its brain, with run records, live events and conversation history wired in. */
@Injectable()
export class AgentExecutors {
  constructor(
    private readonly brains: BrainRegistry,
    private readonly tasks: A2aTasksRepository,
    private readonly executions: AgentExecutionsRepository,
    private readonly live: LiveAgentEvents,
    private readonly questions: AgentQuestions,
    private readonly taskStore: DbTaskStore,
    private readonly push: A2aPush,
  ) {}

  executorFor(agent: AgentEntity): AgentExecutor {
    if (agent.brain === 'conformance') return new ConformanceExecutor(async (taskId) => (await this.tasks.contextIdOf(taskId)) ?? '');
    return new PlatformAgentExecutor(agent, {
      brain: this.brains.brainFor(agent.brain),
      tasks: this.tasks,
      record: (execution) => this.executions.record(execution),
      principalOf: (context) => (context.context.user instanceof PlatformUser ? context.context.user.principal : undefined),
      questions: this.questions,
      onNewTask: (taskId) => {
        this.taskStore.noteNewTask(taskId);
        this.push.store.noteNewTask(taskId);
      },
      onEvent: (agentId, event) => this.live.publish(agentId, event),
    });
  }
}
