import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam } from 'src/core/id-params';
import { CurrentPrincipal, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { ApiKeysService } from './api-keys.service';
import type { RequestOrigin } from './audit.service';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyDto, toApiKeyResponse } from './dto/api-key.dto';
import { Origin } from './request-origin.decorator';

@ApiTags('api-keys')
@Controller('api/keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Creates a key for a service or script. The key is in this response only. */
  @Post()
  @RequirePermission('apikeys:write')
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async createApiKey(
    @Body() body: CreateApiKeyDto,
    @CurrentPrincipal() creator: Principal,
    @Origin() origin: RequestOrigin,
  ): Promise<CreatedApiKeyDto> {
    const { entity, key } = await this.keys.create(body, creator, origin);
    return { ...toApiKeyResponse(entity), key };
  }

  @Get()
  @RequirePermission('apikeys:read')
  @ApiOkResponse({ type: [ApiKeyResponseDto] })
  async listApiKeys(): Promise<ApiKeyResponseDto[]> {
    return (await this.keys.list()).map(toApiKeyResponse);
  }

  @Delete(':id')
  @RequirePermission('apikeys:write')
  @HttpCode(204)
  revokeApiKey(@UuidParam() id: string, @CurrentPrincipal() actor: Principal, @Origin() origin: RequestOrigin): Promise<void> {
    return this.keys.revoke(id, actor, origin);
  }
}
