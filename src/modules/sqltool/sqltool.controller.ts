import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { ConnectionsService } from './connections.service';
import { ConnectionInput, ConnectionResponseDto, ConnectionTestDto, toConnectionResponse } from './dto/connection.dto';
import { ExecuteSqlDto, SqlResultDto } from './dto/execute-sql.dto';
import {
  AskSqlDto,
  AskSqlResultDto,
  HistoryPageDto,
  HistoryQueryDto,
  OptimizeBodyDto,
  OptimizeQueryDto,
  OptimizeResultDto,
  SchemaQueryDto,
  toHistoryEntry,
} from './dto/sql-queries.dto';
import { SqlValidationDto, toSqlValidationResponse, ValidateSqlDto } from './dto/validate-sql.dto';
import { SqlExecutionService } from './sql-execution.service';
import { SqlAskService } from './sql-ask.service';
import { SqlHistoryService } from './sql-history.service';
import { SqlInsightsService } from './sql-insights.service';
import { validateSql } from './sql-validator';
import { UuidParam } from 'src/core/id-params';

@ApiTags('sql')
@Controller('api/sql')
export class SqlToolController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly execution: SqlExecutionService,
    private readonly history: SqlHistoryService,
    private readonly ask: SqlAskService,
    private readonly insights: SqlInsightsService,
  ) {}

  @Post('connections')
  @RequirePermission('sql:admin')
  @ApiCreatedResponse({ type: ConnectionResponseDto })
  async createSqlConnection(@Body() body: ConnectionInput, @CurrentPrincipal() actor: Principal): Promise<ConnectionResponseDto> {
    return toConnectionResponse(await this.connections.create(body, actor));
  }

  @Get('connections')
  @RequirePermission('sql:read')
  @ApiOkResponse({ type: [ConnectionResponseDto] })
  async listSqlConnections(): Promise<ConnectionResponseDto[]> {
    return (await this.connections.list()).map(toConnectionResponse);
  }

  @Get('connections/:id')
  @RequirePermission('sql:read')
  @ApiOkResponse({ type: ConnectionResponseDto })
  async getSqlConnection(@UuidParam() id: string): Promise<ConnectionResponseDto> {
    return toConnectionResponse(await this.connections.get(id));
  }

  @Put('connections/:id')
  @RequirePermission('sql:admin')
  @ApiOkResponse({ type: ConnectionResponseDto })
  async updateSqlConnection(
    @UuidParam() id: string,
    @Body() body: ConnectionInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ConnectionResponseDto> {
    return toConnectionResponse(await this.connections.update(id, body, actor));
  }

  @Delete('connections/:id')
  @RequirePermission('sql:admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  deleteSqlConnection(@UuidParam() id: string): Promise<void> {
    return this.connections.remove(id);
  }

  /** Opens the pool and runs SELECT 1. */
  @Post('connections/:id/test')
  @HttpCode(200)
  @RequirePermission('sql:execute')
  @ApiOkResponse({ type: ConnectionTestDto })
  testSqlConnection(@UuidParam() id: string): Promise<ConnectionTestDto> {
    return this.connections.test(id);
  }

  /** Validates, then runs one statement: read-only at the database unless the connection is writable; row cap and statement timeout. */
  @Post('execute')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('sql:execute')
  @ApiOkResponse({ type: SqlResultDto })
  executeSql(@Body() body: ExecuteSqlDto, @CurrentPrincipal() principal: Principal): Promise<SqlResultDto> {
    return this.execution.execute(body, principal);
  }

  /** Every finding of the parser-based checks, with its position. Validation only: nothing runs. */
  @Post('validate')
  @HttpCode(200)
  @RequirePermission('sql:read')
  @ApiOkResponse({ type: SqlValidationDto })
  validateSql(@Body() body: ValidateSqlDto): SqlValidationDto {
    return toSqlValidationResponse(validateSql(body.sql, body.dialect, { allowWrite: body.allowWrite }));
  }

  /** Tables, columns, keys, foreign keys, indexes and row estimates; cached until refresh=true or the connection changes. */
  @Get('schema')
  @RequirePermission('sql:read')
  getSqlSchema(@Query() query: SchemaQueryDto) {
    return this.insights.schema(query.connectionId, query.refresh);
  }

  @Get('history')
  @RequirePermission('sql:read')
  @ApiOkResponse({ type: HistoryPageDto })
  async listSqlHistory(@Query() query: HistoryQueryDto): Promise<HistoryPageDto> {
    const [items, total] = await this.history.list(query);
    return { items: items.map(toHistoryEntry), total };
  }

  /** Count, p50 and p95 per normalized query. */
  @Get('performance')
  @RequirePermission('sql:read')
  async listSqlPerformance(@Query() query: HistoryQueryDto) {
    return (await this.history.performance(query.connectionId)).map(({ samples: _samples, ...rest }) => rest);
  }

  /** EXPLAIN-based suggestions for a query given in the query string (POST form for long SQL). */
  @Get('optimize')
  @RequirePermission('sql:read')
  @ApiOkResponse({ type: OptimizeResultDto })
  getSqlAdvice(@Query() query: OptimizeQueryDto): Promise<OptimizeResultDto> {
    return this.insights.optimize(query.connectionId, query.sql);
  }

  @Post('optimize')
  @HttpCode(200)
  @RequirePermission('sql:read')
  @ApiOkResponse({ type: OptimizeResultDto })
  postSqlAdvice(@Body() body: OptimizeBodyDto): Promise<OptimizeResultDto> {
    return this.insights.optimize(body.connectionId, body.sql);
  }

  /**
   * Natural language to SQL: the model writes the statement from the relevant tables, the validator checks it, and a
   * refused or failing statement is repaired (up to maxAttempts) before it runs read-only.
   */
  @Post('ask')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('sql:execute')
  @ApiOkResponse({ type: AskSqlResultDto })
  askSql(@Body() dto: AskSqlDto, @CurrentPrincipal() principal: Principal): Promise<AskSqlResultDto> {
    return this.ask.ask(dto, principal);
  }
}
