import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthResponseDto {
  /** ok; degraded (Chroma down, or a module that runs in another process is down); error (this process cannot serve). */
  @ApiProperty({ enum: ['ok', 'degraded', 'error', 'shutting_down'] })
  status: string;

  /** Checks that are up, by name (module:<name>, database, redis, chroma) with responseTime in ms. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  info?: Record<string, unknown>;

  /** Checks that are down. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  error?: Record<string, unknown>;

  /** Every check. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
}

export class LivenessResponseDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  /** This process's id in the service registry (e.g. gateway-ab12cd). */
  @ApiProperty()
  processId: string;

  @ApiProperty()
  uptimeSeconds: number;
}
