import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PERMISSIONS, ROLES, type Permission, type Role } from 'src/core/auth/permissions';
import type { ApiKeyEntity } from 'src/modules/gateway/api-key.entity';

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  /** Defaults to the creator's role; never more than it. */
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  /** Narrows the role to these permissions; empty or absent = all of the role's. */
  @ApiPropertyOptional({ enum: PERMISSIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PERMISSIONS.length)
  @IsIn(PERMISSIONS, { each: true })
  scopes?: Permission[];
}

export class ApiKeyResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  /** First characters of the key, to tell keys apart. */
  @ApiProperty() prefix: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiProperty({ nullable: true, type: String }) lastUsedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class CreatedApiKeyDto extends ApiKeyResponseDto {
  /** The key itself, shown only in this response. Send it as `X-API-Key` or `Authorization: Bearer`. */
  @ApiProperty() key: string;
}

const iso = (ms: string | null) => (ms ? new Date(Number(ms)).toISOString() : null);

export function toApiKeyResponse(key: ApiKeyEntity): ApiKeyResponseDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    role: key.role,
    scopes: JSON.parse(key.scopes) as string[],
    lastUsedAt: iso(key.lastUsedAt),
    revokedAt: iso(key.revokedAt),
    createdAt: key.createdAt.toISOString(),
  };
}
