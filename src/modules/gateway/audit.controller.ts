import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from 'src/core/auth/auth.decorators';
import { AuditService } from './audit.service';
import { AuditPageDto, ListAuditQueryDto, toAuditEvent } from './dto/audit.dto';

@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Logins, failed logins, key and role changes: who, when, from where. Newest first. */
  @Get()
  @RequirePermission('audit:read')
  @ApiOkResponse({ type: AuditPageDto })
  async listAuditEvents(@Query() query: ListAuditQueryDto): Promise<AuditPageDto> {
    const [events, total] = await this.audit.list(query.limit, query.offset, query.action);
    return { items: events.map(toAuditEvent), total };
  }
}
