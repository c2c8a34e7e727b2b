import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { AuditEventEntity } from 'src/modules/gateway/audit-event.entity';

const ACTIONS = ['login', 'login_failed', 'logout', 'token_reuse', 'apikey_created', 'apikey_revoked', 'user_created', 'role_changed'];

export class ListAuditQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit: number = 50;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset: number = 0;
  @ApiPropertyOptional({ enum: ACTIONS }) @IsOptional() @IsIn(ACTIONS) action?: string;
}

export class AuditEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ACTIONS }) action: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty() createdAt: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty() total: number;
}

export function toAuditEvent(event: AuditEventEntity): AuditEventDto {
  return { ...event, createdAt: event.createdAt.toISOString() };
}
