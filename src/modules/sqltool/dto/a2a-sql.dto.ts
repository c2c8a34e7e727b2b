import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class A2aSqlRequestDto {
  @ApiProperty({ enum: ['2.0'] }) jsonrpc: '2.0';
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }] }) id: string | number;
  @ApiProperty({ enum: ['query', 'ask'] }) method: 'query' | 'ask';
  /** query: { connectionId, sql, params? } */
  @ApiProperty({ type: 'object', additionalProperties: true }) params: Record<string, unknown>;
}

export class A2aSqlResponseDto {
  @ApiProperty({ enum: ['2.0'] }) jsonrpc: '2.0';
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true }) id: string | number | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) result?: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) error?: { code: number; message: string; data?: unknown };
}
