import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { RefParam } from 'src/core/id-params';
import {
  CreateTemplateDto,
  InstantiateTemplateDto,
  TemplateResponseDto,
  toTemplateResponse,
} from 'src/modules/workflow-engine/dto/template.dto';
import { toWorkflowResponse, WorkflowResponseDto } from 'src/modules/workflow-engine/dto/workflow.dto';
import { TemplatesService } from 'src/modules/workflow-engine/templates.service';

@ApiTags('workflows')
@Controller('api/workflows/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Post()
  @RequirePermission('workflows:write')
  @ApiCreatedResponse({ type: TemplateResponseDto })
  async createWorkflowTemplate(@Body() dto: CreateTemplateDto): Promise<TemplateResponseDto> {
    return toTemplateResponse(await this.templates.create(dto));
  }

  /** The built-in templates and those users added. */
  @Get()
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: [TemplateResponseDto] })
  async listWorkflowTemplates(): Promise<TemplateResponseDto[]> {
    return (await this.templates.list()).map(toTemplateResponse);
  }

  @Get(':id')
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: TemplateResponseDto })
  async getWorkflowTemplate(@RefParam() id: string): Promise<TemplateResponseDto> {
    return toTemplateResponse(await this.templates.get(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('workflows:write')
  @ApiNoContentResponse()
  deleteWorkflowTemplate(@RefParam() id: string): Promise<void> {
    return this.templates.remove(id);
  }

  /** A new workflow from the template, its parameters checked against the template's schema. */
  @Post(':id/instantiate')
  @RequirePermission('workflows:write')
  @ApiCreatedResponse({ type: WorkflowResponseDto })
  async instantiateWorkflowTemplate(
    @RefParam() id: string,
    @Body() dto: InstantiateTemplateDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WorkflowResponseDto> {
    return toWorkflowResponse(...(await this.templates.instantiate(id, dto, principal)));
  }
}
