import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { DatabaseConnectionEntity } from 'src/modules/sqltool/database-connection.entity';
import { SQL_DIALECTS, type SqlDialect } from 'src/modules/sqltool/sql-validator';

export class ConnectionInput {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Matches(/^[\w .-]{1,100}$/, { message: 'name must be 1 to 100 letters, digits, spaces, _, . or -' })
  name: string;
  @ApiProperty({ enum: SQL_DIALECTS }) @IsIn(SQL_DIALECTS) dialect: SqlDialect;
  @ApiPropertyOptional({ maxLength: 255 }) @IsOptional() @IsString() @MaxLength(255) host?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(65535) port?: number;
  @ApiPropertyOptional({ maxLength: 255 }) @IsOptional() @IsString() @MaxLength(255) database?: string;
  @ApiPropertyOptional({ maxLength: 255 }) @IsOptional() @IsString() @MaxLength(255) username?: string;
  /** Stored encrypted, never returned. Omit on update to keep the current one. */
  @ApiPropertyOptional({ maxLength: 1024, writeOnly: true }) @IsOptional() @IsString() @MaxLength(1024) password?: string;
  /** SQLite only: a file under SQL_SQLITE_DIR (relative paths are resolved there). */
  @ApiPropertyOptional({ maxLength: 1024 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(1024) filePath?: string;
  /** Admins only. Without it every statement runs read-only, enforced by the database. */
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() writable?: boolean;
  @ApiPropertyOptional({ default: 5, maximum: 50 }) @IsOptional() @IsInt() @Min(1) @Max(50) poolMax?: number;
}

export class ConnectionResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SQL_DIALECTS }) dialect: string;
  @ApiProperty({ nullable: true, type: String }) host: string | null;
  @ApiProperty({ nullable: true, type: Number }) port: number | null;
  @ApiProperty({ nullable: true, type: String }) database: string | null;
  @ApiProperty({ nullable: true, type: String }) username: string | null;
  /** Whether a password is stored (the password itself is never returned). */
  @ApiProperty() hasPassword: boolean;
  @ApiProperty({ nullable: true, type: String }) filePath: string | null;
  @ApiProperty() writable: boolean;
  @ApiProperty() poolMax: number;
  @ApiProperty() createdAt: string;
}

export class ConnectionTestDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() latencyMs: number;
}

export function toConnectionResponse(c: DatabaseConnectionEntity): ConnectionResponseDto {
  return {
    id: c.id,
    name: c.name,
    dialect: c.dialect,
    host: c.host,
    port: c.port,
    database: c.databaseName,
    username: c.username,
    hasPassword: Boolean(c.passwordSealed),
    filePath: c.filePath,
    writable: c.writable,
    poolMax: c.poolMax,
    createdAt: c.createdAt.toISOString(),
  };
}
