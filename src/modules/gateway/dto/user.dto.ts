import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from 'src/core/auth/permissions';
import type { UserEntity } from 'src/modules/gateway/user.entity';

export class CreateUserDto {
  @ApiProperty({ maxLength: 254 }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ minLength: 12, maxLength: 200 }) @IsString() @MinLength(12) @MaxLength(200) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;
}

export class UserResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty() disabled: boolean;
  @ApiProperty() createdAt: string;
}

export function toUserResponse(user: UserEntity): UserResponseDto {
  return { id: user.id, email: user.email, role: user.role, disabled: user.disabled, createdAt: user.createdAt.toISOString() };
}
