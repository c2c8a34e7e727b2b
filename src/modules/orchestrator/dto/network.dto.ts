import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class NetworkQueryDto {
  /** How far back to look. */
  @ApiPropertyOptional({ default: 3600000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(30 * 24 * 3600_000)
  windowMs: number = 3_600_000;
  /** Only this session's task edges. */
  @ApiPropertyOptional() @IsOptional() @IsUUID() sessionId?: string;
}

export class NetworkNodeDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['orchestrator', 'agent', 'module', 'process'] }) kind: string;
  @ApiProperty() label: string;
}

export class NetworkEdgeDto {
  @ApiProperty() source: string;
  @ApiProperty() target: string;
  @ApiProperty() kind: string;
  @ApiProperty() count: number;
  @ApiProperty() p50Ms: number;
  @ApiProperty() p95Ms: number;
  @ApiProperty() errorRate: number;
  @ApiProperty() lastSeen: string;
}

export class NetworkDto {
  @ApiProperty() since: string;
  @ApiProperty({ type: [NetworkNodeDto] }) nodes: NetworkNodeDto[];
  @ApiProperty({ type: [NetworkEdgeDto] }) edges: NetworkEdgeDto[];
}
