import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { AuthService } from './auth.service';
import type { RequestOrigin } from './audit.service';
import { LoginDto, RefreshDto, TokenPairDto } from './dto/auth.dto';
import { toUserResponse, UserResponseDto } from './dto/user.dto';
import { Origin } from './request-origin.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Email and password for an access token and a refresh token. Failures are throttled per account and IP. */
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  login(@Body() body: LoginDto, @Origin() origin: RequestOrigin): Promise<TokenPairDto> {
    return this.auth.login(body.email, body.password, origin);
  }

  /** Rotates the refresh token: the old one stops working, and reusing it revokes the whole session family. */
  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  refreshTokens(@Body() body: RefreshDto, @Origin() origin: RequestOrigin): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken, origin);
  }

  /** Revokes the session the refresh token belongs to. */
  @Post('logout')
  @Public()
  @HttpCode(204)
  logout(@Body() body: RefreshDto, @Origin() origin: RequestOrigin): Promise<void> {
    return this.auth.logout(body.refreshToken, origin);
  }

  @Get('me')
  @RequirePermission('profile:read')
  @ApiOkResponse({ type: UserResponseDto })
  async getMe(@CurrentPrincipal() principal: Principal): Promise<UserResponseDto> {
    return toUserResponse(await this.auth.me(principal));
  }
}
