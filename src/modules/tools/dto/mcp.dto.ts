import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MCP_TRANSPORTS, type McpTransportKind } from 'src/modules/tools/mcp/mcp-server.entity';

export class CreateMcpServerDto {
  @ApiProperty({ maxLength: 100, description: 'Its tools are named <name>.<tool>' })
  @IsString()
  @Matches(/^[a-zA-Z0-9][\w-]{0,99}$/)
  name: string;
  @ApiProperty({ enum: MCP_TRANSPORTS }) @IsIn(MCP_TRANSPORTS) transport: McpTransportKind;
  @ApiPropertyOptional({ description: 'stdio: the program to run (admins only)', maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  command?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(4096, { each: true })
  args?: string[];
  @ApiPropertyOptional({ type: Object, description: 'stdio: environment of the child (stored encrypted)', writeOnly: true })
  @IsOptional()
  @IsObject()
  env?: Record<string, string>;
  @ApiPropertyOptional({ description: 'streamable-http / sse: server URL', maxLength: 2048 })
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/\S+$/)
  @MaxLength(2048)
  url?: string;
  @ApiPropertyOptional({ type: Object, description: 'HTTP headers sent to the server (stored encrypted)', writeOnly: true })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;
  @ApiPropertyOptional({ description: 'Bearer / OAuth access token (stored encrypted)', writeOnly: true, maxLength: 8192 })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  bearerToken?: string;
  @ApiPropertyOptional({ default: true, description: 'Connect and discover now; false stores the server without contacting it' })
  @IsOptional()
  @IsBoolean()
  connect?: boolean;
}

export class UpdateMcpServerDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1024) command?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) args?: string[];
  @ApiPropertyOptional({ type: Object, writeOnly: true }) @IsOptional() @IsObject() env?: Record<string, string>;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^https?:\/\/\S+$/) @MaxLength(2048) url?: string;
  @ApiPropertyOptional({ type: Object, writeOnly: true }) @IsOptional() @IsObject() headers?: Record<string, string>;
  @ApiPropertyOptional({ writeOnly: true }) @IsOptional() @IsString() @MaxLength(8192) bearerToken?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}

export class DiscoverMcpDto {
  @ApiProperty({ description: 'Server id or name' }) @IsString() @MaxLength(100) serverId: string;
}

export class McpServerDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: MCP_TRANSPORTS }) transport: string;
  @ApiProperty({ nullable: true, type: String }) command: string | null;
  @ApiProperty({ type: [String] }) args: string[];
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty() hasEnv: boolean;
  @ApiProperty() hasHeaders: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ enum: ['connected', 'connecting', 'disconnected', 'failed'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: Object }) serverInfo: Record<string, unknown> | null;
  @ApiProperty({ type: [Object] }) resources: Array<Record<string, unknown>>;
  @ApiProperty({ type: [Object] }) prompts: Array<Record<string, unknown>>;
  @ApiProperty({ nullable: true, type: String }) discoveredAt: string | null;
  @ApiProperty() createdAt: string;
}

export class DiscoveredToolRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class McpDiscoveryDto extends McpServerDto {
  @ApiProperty({ type: [DiscoveredToolRefDto] }) tools: DiscoveredToolRefDto[];
}
