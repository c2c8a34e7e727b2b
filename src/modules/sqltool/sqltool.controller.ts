import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from 'src/core/auth/auth.decorators';
import { SqlValidationDto, toSqlValidationResponse, ValidateSqlDto } from './dto/validate-sql.dto';
import { validateSql } from './sql-validator';

@ApiTags('sql')
@Controller('api/sql')
export class SqlToolController {
  /** Every finding of the parser-based checks, with its position. Validation only: nothing runs. */
  @Post('validate')
  @HttpCode(200)
  @RequirePermission('sql:read')
  @ApiOkResponse({ type: SqlValidationDto })
  validateSql(@Body() body: ValidateSqlDto): SqlValidationDto {
    return toSqlValidationResponse(validateSql(body.sql, body.dialect, { allowWrite: body.allowWrite }));
  }
}
