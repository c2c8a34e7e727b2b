import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Documentation shape of POST /a2a/route; the body is checked by hand to answer JSON-RPC errors. */
export class A2aRouteRequestDto {
  @ApiProperty({ enum: ['2.0'] }) jsonrpc: '2.0';
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }] }) id: string | number;
  /** A bus method, e.g. `rag.card`. */
  @ApiProperty() method: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) params?: Record<string, unknown>;
  /** Agent id or capability (module name); defaults to the method's module. */
  @ApiPropertyOptional() target?: string;
}

export class A2aRouteResponseDto {
  @ApiProperty({ enum: ['2.0'] }) jsonrpc: '2.0';
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true }) id: string | number | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) result?: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) error?: { code: number; message: string; data?: unknown };
}
