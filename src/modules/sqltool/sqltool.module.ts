import { Module } from '@nestjs/common';
import { provideModuleIdentity } from 'src/core/module-identity';
import { SqlToolController } from './sqltool.controller';
import { SQLTOOL_MODULE } from './sqltool.descriptor';

@Module({
  controllers: [SqlToolController],
  providers: [provideModuleIdentity(SQLTOOL_MODULE)],
})
export class SqlToolModule {}
