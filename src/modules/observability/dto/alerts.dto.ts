import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { METRICS } from 'src/modules/observability/metrics/metric-catalogue';

export const COMPARISONS = ['>', '>=', '<', '<=', '==', '!='] as const;
const DURATION = /^\d{1,6}(ms|s|m|h|d)$/;

/** Flat string maps of a bounded size (labels, annotations). */
const IsStringMap = (maxKeys: number) =>
  ValidateBy({
    name: 'isStringMap',
    validator: {
      validate: (value: unknown) =>
        !!value &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.keys(value).length <= maxKeys &&
        Object.entries(value).every(([k, v]) => /^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/.test(k) && typeof v === 'string' && v.length <= 2_000),
      defaultMessage: () => `$property must map up to ${maxKeys} label-style keys to strings`,
    },
  });

export class CreateAlertRuleDto {
  @ApiProperty({ example: 'agents-erroring' }) @IsString() @Matches(/^[A-Za-z0-9][\w.-]{0,99}$/) name: string;
  @ApiProperty({ enum: Object.keys(METRICS), example: 'http.errors' }) @IsIn(Object.keys(METRICS)) metric: string;
  @ApiProperty({
    description: 'count, rate, ratio, sum, avg, p50, p95, p99 or max (which ones a metric takes: GET /api/alerts/metrics)',
    example: 'ratio',
  })
  @IsString()
  @MaxLength(10)
  aggregation: string;
  @ApiPropertyOptional({
    description: 'One series of the metric: a route (`GET /api/agents`), agent name, `provider/model`, tool or bus method',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  series?: string;
  @ApiProperty({ example: '5m', description: 'Evaluation window: 10s … 7d' })
  @Matches(DURATION, { message: 'window is a duration such as 30s, 5m or 1h' })
  window: string;
  @ApiProperty({ enum: COMPARISONS }) @IsIn(COMPARISONS) comparison: string;
  @ApiProperty() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) threshold: number;
  @ApiPropertyOptional({ example: '1m', description: 'How long the condition must hold before firing (default 0)' })
  @IsOptional()
  @Matches(DURATION, { message: 'for is a duration such as 0s, 1m or 10m' })
  for?: string;
  @ApiPropertyOptional({ type: Object, example: { severity: 'page' } }) @IsOptional() @IsObject() @IsStringMap(20) labels?: Record<
    string,
    string
  >;
  @ApiPropertyOptional({ type: Object, example: { summary: 'Errors above 5%' } })
  @IsOptional()
  @IsObject()
  @IsStringMap(20)
  annotations?: Record<string, string>;
  @ApiPropertyOptional({ description: 'Notified on firing and on resolved (signed when webhookSecret is set)' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2_000)
  webhookUrl?: string;
  @ApiPropertyOptional({ description: 'HMAC-SHA256 key: the body is signed in X-Alert-Signature: sha256=<hex>' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  webhookSecret?: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateAlertRuleDto {
  @ApiPropertyOptional({ enum: Object.keys(METRICS) }) @IsOptional() @IsIn(Object.keys(METRICS)) metric?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10) aggregation?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(300) series?: string | null;
  @ApiPropertyOptional() @IsOptional() @Matches(DURATION, { message: 'window is a duration such as 30s, 5m or 1h' }) window?: string;
  @ApiPropertyOptional({ enum: COMPARISONS }) @IsOptional() @IsIn(COMPARISONS) comparison?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) threshold?: number;
  @ApiPropertyOptional() @IsOptional() @Matches(DURATION, { message: 'for is a duration such as 0s, 1m or 10m' }) for?: string;
  @ApiPropertyOptional({ type: Object }) @IsOptional() @IsObject() @IsStringMap(20) labels?: Record<string, string>;
  @ApiPropertyOptional({ type: Object }) @IsOptional() @IsObject() @IsStringMap(20) annotations?: Record<string, string>;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2_000)
  webhookUrl?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(8) @MaxLength(200) webhookSecret?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}

export class SilenceAlertDto {
  @ApiProperty({ example: '1h', description: 'Silence notifications for this long (0s lifts a silence)' })
  @Matches(DURATION, { message: 'duration is such as 30m or 2h' })
  duration: string;
}

export class AlertRuleDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() metric: string;
  @ApiProperty() aggregation: string;
  @ApiPropertyOptional({ nullable: true, type: String }) series: string | null;
  @ApiProperty() windowMs: number;
  @ApiProperty() comparison: string;
  @ApiProperty() threshold: number;
  @ApiProperty() forMs: number;
  @ApiProperty({ type: Object }) labels: Record<string, string>;
  @ApiProperty({ type: Object }) annotations: Record<string, string>;
  @ApiPropertyOptional({ nullable: true, type: String }) webhookUrl: string | null;
  @ApiProperty() hasWebhookSecret: boolean;
  @ApiProperty() enabled: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) silencedUntil: string | null;
  @ApiProperty({ enum: ['inactive', 'pending', 'firing', 'resolved'] }) state: string;
  @ApiPropertyOptional({ nullable: true, type: String }) activeSince: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) firedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) lastValue: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastEvaluatedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The same rule as PromQL (null when Prometheus has no such series)' })
  promql: string | null;
}

export class AlertListQueryDto {
  @ApiPropertyOptional({ enum: ['inactive', 'pending', 'firing', 'resolved'] })
  @IsOptional()
  @IsIn(['inactive', 'pending', 'firing', 'resolved'])
  state?: string;
}

export class AlertEventDto {
  @ApiProperty() state: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) value: number | null;
  @ApiProperty() at: string;
  @ApiProperty() notification: string;
}

export class MetricCatalogueEntryDto {
  @ApiProperty() metric: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String] }) aggregations: string[];
  @ApiProperty() exportsToPrometheus: boolean;
}
