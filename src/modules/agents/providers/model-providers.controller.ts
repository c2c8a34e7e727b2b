import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from 'src/core/auth/auth.decorators';
import { UuidParam } from 'src/core/id-params';
import { CreateModelProviderDto, ModelProviderDto, UpdateModelProviderDto } from 'src/modules/agents/dto/model-provider.dto';
import { ModelProvidersService } from 'src/modules/agents/providers/model-providers.service';

@ApiTags('agents')
@Controller('api/model-providers')
export class ModelProvidersController {
  constructor(private readonly providers: ModelProvidersService) {}

  @Get()
  @RequirePermission('agents:read')
  @ApiOperation({ summary: 'Model providers: registered ones and those implied by OPENAI_API_KEY, ANTHROPIC_API_KEY, ...' })
  @ApiOkResponse({ type: [ModelProviderDto] })
  async listModelProviders(): Promise<ModelProviderDto[]> {
    return this.providers.list();
  }

  @Post()
  @RequirePermission('agents:admin')
  @ApiOperation({ summary: 'Register a model provider (API key stored encrypted)' })
  @ApiCreatedResponse({ type: ModelProviderDto })
  async createModelProvider(@Body() dto: CreateModelProviderDto): Promise<ModelProviderDto> {
    return this.providers.create(dto);
  }

  @Put(':id')
  @RequirePermission('agents:admin')
  @ApiOkResponse({ type: ModelProviderDto })
  async updateModelProvider(@UuidParam() id: string, @Body() dto: UpdateModelProviderDto): Promise<ModelProviderDto> {
    return this.providers.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('agents:admin')
  @ApiNoContentResponse()
  async deleteModelProvider(@UuidParam() id: string): Promise<void> {
    await this.providers.remove(id);
  }
}
