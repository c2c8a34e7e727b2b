import { Injectable, type OnModuleInit, type Provider } from '@nestjs/common';
import { Bus } from '@libs/bus';
import type { AgentCard, AgentSkill, ModuleHealth } from '@libs/contracts';
import { PLATFORM_VERSION } from './platform-version';
import type { ModuleDescriptor } from './module-descriptor';
import { LocalModules } from './local-modules';

/** Serves a module's `<name>.health` and `<name>.card` on the bus, and lists it as hosted by this process. */
@Injectable()
export class ModuleIdentity implements OnModuleInit {
  private extraSkills?: () => Promise<AgentSkill[]>;

  constructor(
    readonly descriptor: ModuleDescriptor,
    private readonly bus: Bus,
    private readonly local: LocalModules,
  ) {}

  onModuleInit(): void {
    const { name } = this.descriptor;
    this.local.add(this.descriptor);
    this.bus.handle(`${name}.health`, () => this.health());
    this.bus.handle(`${name}.card`, () => this.card());
  }

  health(): ModuleHealth {
    return {
      module: this.descriptor.name,
      status: 'up',
      processId: this.bus.processId,
      details: { uptimeSeconds: Math.round(process.uptime()) },
    };
  }

  /** Skills that change at run time (the rag module's collections, say), listed after the descriptor's own. */
  addSkillSource(source: () => Promise<AgentSkill[]>): void {
    this.extraSkills = source;
  }

  async card(): Promise<AgentCard> {
    const card = moduleCard(this.descriptor);
    if (!this.extraSkills) return card;
    const extra = await this.extraSkills().catch(() => []);
    return {
      ...card,
      skills: [...card.skills, ...extra],
      metadata: {
        ...card.metadata,
        skillStatus: { ...(card.metadata?.skillStatus as object), ...Object.fromEntries(extra.map((s) => [s.id, 'live'])) },
      },
    };
  }
}

export function moduleCard(descriptor: ModuleDescriptor): AgentCard {
  return {
    name: `${descriptor.title} (${descriptor.name})`,
    description: descriptor.description,
    version: PLATFORM_VERSION,
    // No A2A endpoint yet: the agents issue (#4) gives every module a JSON-RPC interface.
    supportedInterfaces: [],
    capabilities: { streaming: false, pushNotifications: false },
    defaultInputModes: ['application/json'],
    defaultOutputModes: ['application/json'],
    skills: descriptor.skills.map(({ live: _live, ...skill }) => skill),
    metadata: {
      module: descriptor.name,
      routePrefixes: descriptor.routePrefixes,
      skillStatus: Object.fromEntries(descriptor.skills.map((s) => [s.id, s.live ? 'live' : 'planned'])),
    },
  };
}

/** The provider a feature module adds to announce itself. */
export function provideModuleIdentity(descriptor: ModuleDescriptor): Provider {
  return {
    provide: ModuleIdentity,
    inject: [Bus, LocalModules],
    useFactory: (bus: Bus, local: LocalModules) => new ModuleIdentity(descriptor, bus, local),
  };
}
