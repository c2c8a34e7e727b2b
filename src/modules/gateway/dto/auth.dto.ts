import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  /** The refresh token from the last login or refresh; it stops working once used. */
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;
}

export class TokenPairDto {
  /** Short-lived HS256 JWT for `Authorization: Bearer`. */
  @ApiProperty() accessToken: string;
  /** Opaque, single-use; exchange it at POST /auth/refresh. */
  @ApiProperty() refreshToken: string;
  /** Seconds until the access token expires. */
  @ApiProperty() expiresIn: number;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
}
