import { Public } from 'src/core/auth/auth.decorators';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PlatformMetrics } from './platform-metrics';

@ApiTags('observability')
@Public('PUBLIC_METRICS')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: PlatformMetrics) {}

  /** Prometheus text exposition: HTTP and bus counters and latency histograms, process metrics. */
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  getPrometheusMetrics(): Promise<string> {
    return this.metrics.text();
  }
}
