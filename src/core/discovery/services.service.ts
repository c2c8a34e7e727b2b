import { Inject, Injectable } from '@nestjs/common';
import { MODULE_NAMES, type Env, type ModuleName } from '@libs/config';
import { Bus } from '@libs/bus';
import { ENV } from 'src/core/env.token';
import { ServiceRegistry } from './service-registry';
import type { ModuleServiceDto, ServicesResponseDto } from './dto/service-response.dto';

@Injectable()
export class ServicesService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly registry: ServiceRegistry,
    private readonly bus: Bus,
  ) {}

  async list(): Promise<ServicesResponseDto> {
    const processes = await this.registry.list();
    const modules = await Promise.all(
      MODULE_NAMES.map(async (name): Promise<ModuleServiceDto> => {
        const owner = processes.find((p) => p.modules.includes(name));
        const routePrefixes = owner
          ? Object.entries(owner.routePrefixes)
              .filter(([, m]) => m === name)
              .map(([prefix]) => prefix)
          : [];
        return {
          name,
          url: owner?.url ?? null,
          processId: owner?.processId ?? null,
          status: owner && (await this.answers(name)) ? 'up' : 'down',
          routePrefixes,
          lastSeen: owner?.lastSeen ?? null,
        };
      }),
    );
    return { mode: this.env.split ? 'split' : 'single', modules, processes };
  }

  private async answers(name: ModuleName): Promise<boolean> {
    try {
      return (await this.bus.request(`${name}.health`, {}, { timeoutMs: 1_000 })).status === 'up';
    } catch {
      return false;
    }
  }
}
