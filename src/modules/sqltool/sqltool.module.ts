import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideModuleIdentity } from 'src/core/module-identity';
import { ConnectionsService } from './connections.service';
import { DatabaseConnectionEntity } from './database-connection.entity';
import { QueryHistoryEntity } from './query-history.entity';
import { QueryPerformanceEntity } from './query-performance.entity';
import { SchemaCacheEntity } from './schema-cache.entity';
import { SqlExecutionService } from './sql-execution.service';
import { SqlAskService } from './sql-ask.service';
import { SqlHistoryService } from './sql-history.service';
import { SqlInsightsService } from './sql-insights.service';
import { SqlToolA2aController } from './sqltool-a2a.controller';
import { SqlToolController } from './sqltool.controller';
import { SQLTOOL_MODULE } from './sqltool.descriptor';
import { SqlToolHandlers } from './sqltool.handlers';
import { SqlToolRepository } from './sqltool.repository';

@Module({
  imports: [TypeOrmModule.forFeature([DatabaseConnectionEntity, QueryHistoryEntity, SchemaCacheEntity, QueryPerformanceEntity])],
  controllers: [SqlToolController, SqlToolA2aController],
  providers: [
    provideModuleIdentity(SQLTOOL_MODULE),
    SqlToolRepository,
    ConnectionsService,
    SqlExecutionService,
    SqlHistoryService,
    SqlAskService,
    SqlInsightsService,
    SqlToolHandlers,
  ],
})
export class SqlToolModule {}
