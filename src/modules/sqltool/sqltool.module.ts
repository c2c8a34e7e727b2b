import { Module } from '@nestjs/common';
import { provideModuleIdentity } from 'src/core/module-identity';
import { SQLTOOL_MODULE } from './sqltool.descriptor';

@Module({
  providers: [provideModuleIdentity(SQLTOOL_MODULE)],
})
export class SqlToolModule {}
