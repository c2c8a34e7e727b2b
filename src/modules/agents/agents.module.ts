import { Module } from '@nestjs/common';
import { provideModuleIdentity } from 'src/core/module-identity';
import { AGENTS_MODULE } from './agents.descriptor';

@Module({
  providers: [provideModuleIdentity(AGENTS_MODULE)],
})
export class AgentsModule {}
