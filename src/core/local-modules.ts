import { Injectable } from '@nestjs/common';
import type { ModuleDescriptor } from './module-descriptor';

/** The feature modules hosted by this process. */
@Injectable()
export class LocalModules {
  private readonly modules = new Map<string, ModuleDescriptor>();

  add(descriptor: ModuleDescriptor): void {
    this.modules.set(descriptor.name, descriptor);
  }

  list(): ModuleDescriptor[] {
    return [...this.modules.values()];
  }
}
