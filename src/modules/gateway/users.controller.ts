import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam } from 'src/core/id-params';
import { CurrentPrincipal, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import type { RequestOrigin } from './audit.service';
import { CreateUserDto, toUserResponse, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { Origin } from './request-origin.decorator';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequirePermission('users:write')
  @ApiCreatedResponse({ type: UserResponseDto })
  async createUser(
    @Body() body: CreateUserDto,
    @CurrentPrincipal() actor: Principal,
    @Origin() origin: RequestOrigin,
  ): Promise<UserResponseDto> {
    return toUserResponse(await this.users.create(body, actor, origin));
  }

  @Get()
  @RequirePermission('users:read')
  @ApiOkResponse({ type: [UserResponseDto] })
  async listUsers(): Promise<UserResponseDto[]> {
    return (await this.users.list()).map(toUserResponse);
  }

  /** Changes a user's role or disables them; role changes are audited. */
  @Patch(':id')
  @RequirePermission('users:write')
  @ApiOkResponse({ type: UserResponseDto })
  async updateUser(
    @UuidParam() id: string,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() actor: Principal,
    @Origin() origin: RequestOrigin,
  ): Promise<UserResponseDto> {
    return toUserResponse(await this.users.update(id, body, actor, origin));
  }
}
