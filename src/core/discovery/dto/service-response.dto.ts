import { ApiProperty } from '@nestjs/swagger';
import type { ProcessInfo } from 'src/core/discovery/service-registry';

export class ModuleServiceDto {
  @ApiProperty() name: string;
  /** Base URL of the process that serves this module. */
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String }) processId: string | null;
  /** up: the process is registered and answered its health check; down: not running or not answering. */
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiProperty({ type: [String] }) routePrefixes: string[];
  @ApiProperty({ nullable: true, type: String }) lastSeen: string | null;
}

export class ServicesResponseDto {
  @ApiProperty({ enum: ['single', 'split'] }) mode: 'single' | 'split';
  @ApiProperty({ type: [ModuleServiceDto] }) modules: ModuleServiceDto[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) processes: ProcessInfo[];
}
