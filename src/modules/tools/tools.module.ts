import { Module } from '@nestjs/common';
import { provideModuleIdentity } from 'src/core/module-identity';
import { TOOLS_MODULE } from './tools.descriptor';

@Module({
  providers: [provideModuleIdentity(TOOLS_MODULE)],
})
export class ToolsModule {}
