import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MCP_TRANSPORTS, type McpTransportKind } from 'src/modules/tools/mcp/mcp-server.entity';

const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;

/** OAuth settings of an HTTP server. None are needed when the server supports discovery and dynamic registration. */
export class McpOAuthSettingsDto {
  @ApiPropertyOptional({
    enum: ['authorization_code', 'client_credentials'],
    default: 'authorization_code',
    description: 'authorization_code: a person consents in the browser. client_credentials: the platform authenticates as itself',
  })
  @IsOptional()
  @IsIn(['authorization_code', 'client_credentials'])
  grant?: 'authorization_code' | 'client_credentials';
  @ApiPropertyOptional({
    description: 'A client registered beforehand with the authorization server (else dynamic registration)',
    maxLength: 512,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  clientId?: string;
  @ApiPropertyOptional({ description: 'Secret of the pre-registered client (stored encrypted)', writeOnly: true, maxLength: 4096 })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  clientSecret?: string;
  @ApiPropertyOptional({
    description: 'client_credentials with private_key_jwt: PKCS#8 PEM private key (stored encrypted)',
    writeOnly: true,
    maxLength: 16384,
  })
  @IsOptional()
  @IsString()
  @Matches(/^-----BEGIN [A-Z ]*PRIVATE KEY-----/)
  @MaxLength(16384)
  privateKeyPem?: string;
  @ApiPropertyOptional({ enum: JWT_ALGORITHMS, default: 'RS256' })
  @IsOptional()
  @IsIn(JWT_ALGORITHMS)
  signingAlgorithm?: string;
  @ApiPropertyOptional({ description: 'Scope to ask for when the server names none', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Matches(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, { message: 'scope must be space-separated OAuth scope tokens' })
  @MaxLength(1000)
  scope?: string;
}

/** Whether the server may ask the platform's models for completions (MCP sampling). Admins only. */
export class McpSamplingSettingsDto {
  @ApiProperty({ description: 'Allow sampling/createMessage from this server' }) @IsBoolean() enabled: boolean;
  @ApiProperty({ description: 'Model provider (GET /api/model-providers) that answers', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  provider: string;
  @ApiProperty({ description: 'Model id at that provider', maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) modelId: string;
  @ApiPropertyOptional({ default: 1024, minimum: 1, maximum: 32000, description: "Cap on one request's maxTokens" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(32000)
  maxTokens?: number;
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 600, description: 'Requests per minute this server may make' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  perMinute?: number;
}

/** A folder the server may work in, told to it with roots/list. */
export class McpRootDto {
  @ApiProperty({ description: 'A file:// URI', maxLength: 2048, example: 'file:///srv/projects/site' })
  @IsString()
  @Matches(/^file:\/\/\S+$/, { message: 'uri must be a file:// URI' })
  @MaxLength(2048)
  uri: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) name?: string;
}

export class CreateMcpServerDto {
  @ApiProperty({ maxLength: 100, description: 'Its tools are named <name>.<tool>' })
  @IsString()
  @Matches(/^[a-zA-Z0-9][\w-]{0,99}$/, {
    message: 'name must start with a letter or digit and hold only letters, digits, _ and - (100 characters at most)',
  })
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
  @Matches(/^https?:\/\/\S+$/, { message: '$property must be an http:// or https:// URL' })
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
  @ApiPropertyOptional({ type: McpOAuthSettingsDto, description: 'OAuth settings (HTTP servers without bearerToken)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => McpOAuthSettingsDto)
  oauth?: McpOAuthSettingsDto;
  @ApiPropertyOptional({ default: false, description: 'Each user authorizes with their own account and calls run with their own tokens' })
  @IsOptional()
  @IsBoolean()
  perUser?: boolean;
  @ApiPropertyOptional({
    type: McpSamplingSettingsDto,
    description: 'Let the server sample the platform’s models (admins only; default: refused)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => McpSamplingSettingsDto)
  sampling?: McpSamplingSettingsDto;
  @ApiPropertyOptional({ type: [McpRootDto], description: 'Roots the server is told it may work in (default none)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => McpRootDto)
  roots?: McpRootDto[];
  @ApiPropertyOptional({ default: true, description: 'Connect and discover now; false stores the server without contacting it' })
  @IsOptional()
  @IsBoolean()
  connect?: boolean;
}

export class UpdateMcpServerDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1024) command?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) args?: string[];
  @ApiPropertyOptional({ type: Object, writeOnly: true }) @IsOptional() @IsObject() env?: Record<string, string>;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: '$property must be an http:// or https:// URL' })
  @MaxLength(2048)
  url?: string;
  @ApiPropertyOptional({ type: Object, writeOnly: true }) @IsOptional() @IsObject() headers?: Record<string, string>;
  @ApiPropertyOptional({ writeOnly: true }) @IsOptional() @IsString() @MaxLength(8192) bearerToken?: string;
  @ApiPropertyOptional({ type: McpOAuthSettingsDto, description: 'Replaces the OAuth settings ({} clears them)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => McpOAuthSettingsDto)
  oauth?: McpOAuthSettingsDto;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() perUser?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({
    type: McpSamplingSettingsDto,
    nullable: true,
    description: 'Sampling settings (admins only to enable); null refuses sampling again. No reconnect',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => McpSamplingSettingsDto)
  sampling?: McpSamplingSettingsDto | null;
  @ApiPropertyOptional({ type: [McpRootDto], description: 'Replaces the roots; connected servers get roots/list_changed. No reconnect' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => McpRootDto)
  roots?: McpRootDto[];
}

export class DiscoverMcpDto {
  @ApiProperty({ description: 'Server id or name' }) @IsString() @MaxLength(100) serverId: string;
}

export class McpAuthorizationDto {
  @ApiProperty({
    enum: ['none', 'bearer', 'oauth'],
    description: 'none: stdio; bearer: a static token is configured; oauth: MCP authorization',
  })
  mode: string;
  @ApiProperty() perUser: boolean;
  @ApiProperty({
    enum: ['not_required', 'needs_authorization', 'pending', 'authorized'],
    description: 'Shared servers: the server. Per-user servers: the user asking',
  })
  status: string;
  @ApiProperty({ description: 'Accounts holding tokens for this server (per-user: users)' }) authorizedUsers: number;
  @ApiProperty({ nullable: true, type: String, description: 'When the access token expires (it is refreshed when it does)' })
  expiresAt: string | null;
  @ApiProperty({ nullable: true, type: String }) scope: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
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
  @ApiProperty({ enum: ['connected', 'connecting', 'disconnected', 'failed', 'needs_authorization'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() perUser: boolean;
  @ApiProperty({ type: McpAuthorizationDto }) authorization: McpAuthorizationDto;
  @ApiProperty({ type: McpSamplingSettingsDto, nullable: true, description: 'null: sampling is refused' })
  sampling: McpSamplingSettingsDto | null;
  @ApiProperty({ type: [McpRootDto] }) roots: McpRootDto[];
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

export class McpAuthorizeResultDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Open in a browser to consent; null when no consent is needed (client credentials)',
  })
  authorizationUrl: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When the consent must be completed by' }) expiresAt: string | null;
  @ApiProperty({ enum: ['pending', 'authorized'] }) status: string;
}

/** What the authorization server appends to the callback URL (RFC 6749 section 4.1.2, RFC 9207). */
export class McpOAuthCallbackQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4096) code?: string;
  @ApiProperty() @IsString() @MinLength(16) @MaxLength(512) state: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) error?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) error_description?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) error_uri?: string;
  @ApiPropertyOptional({ description: 'RFC 9207 issuer identifier' }) @IsOptional() @IsString() @MaxLength(2048) iss?: string;
}

export class McpOAuthCallbackResultDto {
  @ApiProperty() serverId: string;
  @ApiProperty() serverName: string;
  @ApiProperty({ enum: ['authorized'] }) status: string;
  @ApiProperty({ description: "The server's connection state after reconnecting with the new tokens" }) connection: string;
}

export class McpSamplingRequestDto {
  @ApiProperty() id: string;
  @ApiProperty() serverId: string;
  @ApiProperty({ nullable: true, type: String, description: 'The user whose tool call the request came during' })
  principalId: string | null;
  @ApiProperty({ enum: ['completed', 'refused', 'failed'] }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String, description: '<provider>/<modelId>' }) model: string | null;
  @ApiProperty() messageCount: number;
  @ApiProperty() maxTokensRequested: number;
  @ApiProperty() inputTokens: number;
  @ApiProperty() outputTokens: number;
  @ApiProperty() durationMs: number;
  @ApiProperty() createdAt: string;
}

export class McpSamplingRequestPageDto {
  @ApiProperty({ type: [McpSamplingRequestDto] }) items: McpSamplingRequestDto[];
  @ApiProperty() total: number;
}

export class SamplingRequestsQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional({ default: 0, minimum: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
