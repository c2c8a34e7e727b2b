import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { toEpochMs } from 'src/modules/observability/dto/traces.dto';
import { RESOLUTIONS, SERIES_KINDS } from 'src/modules/observability/metrics/metrics-rollup';

export class MetricsQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(RESOLUTIONS), default: '10s' })
  @IsOptional()
  @IsIn(Object.keys(RESOLUTIONS))
  resolution: keyof typeof RESOLUTIONS = '10s';
  @ApiPropertyOptional({ description: 'Epoch ms or ISO date; default: 60 buckets back' })
  @IsOptional()
  @Transform(toEpochMs)
  @IsNumber({}, { message: 'from must be epoch milliseconds or an ISO date' })
  from?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toEpochMs)
  @IsNumber({}, { message: 'to must be epoch milliseconds or an ISO date' })
  to?: number;
  @ApiPropertyOptional({ enum: SERIES_KINDS }) @IsOptional() @IsIn(SERIES_KINDS) kind?: (typeof SERIES_KINDS)[number];
  @ApiPropertyOptional({
    description: 'One series: a route such as `GET /api/agents`, an agent name, `provider/model`, a tool, a bus method',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string;
}

export class PerformanceQueryDto {
  @ApiPropertyOptional({ default: 3600000, description: 'Window length (ms); compared with the window before it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60_000)
  @Max(7 * 86_400_000)
  windowMs: number = 3_600_000;
}
