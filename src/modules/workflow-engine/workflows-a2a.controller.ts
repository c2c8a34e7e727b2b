import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from 'src/core/auth/auth.decorators';
import { AssignmentService } from 'src/modules/workflow-engine/assignment.service';
import { AssignAgentsDto, AssignmentResultDto } from 'src/modules/workflow-engine/dto/assignment.dto';

@ApiTags('a2a')
@Controller('a2a/workflows')
export class WorkflowsA2aController {
  constructor(private readonly assignment: AssignmentService) {}

  /** For each agent step, the agent discovery picks for its capability (with its score and alternatives). */
  @Post('assign')
  @HttpCode(200)
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: AssignmentResultDto })
  assignWorkflowAgents(@Body() dto: AssignAgentsDto): Promise<AssignmentResultDto> {
    return this.assignment.assign(dto.workflowId);
  }
}
