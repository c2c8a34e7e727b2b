import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { UuidParam } from 'src/core/id-params';
import {
  CreateScheduleDto,
  ScheduleFireDto,
  ScheduleListQueryDto,
  ScheduleResponseDto,
  toScheduleFire,
  toScheduleResponse,
} from 'src/modules/workflow-engine/dto/schedule.dto';
import { SchedulesService } from 'src/modules/workflow-engine/schedules.service';

@ApiTags('workflows')
@Controller('api/schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  /** Runs a workflow on a cron schedule in a time zone, with overlap and catch-up policies. */
  @Post()
  @RequirePermission('workflows:execute')
  @ApiCreatedResponse({ type: ScheduleResponseDto })
  async createSchedule(@Body() dto: CreateScheduleDto, @CurrentPrincipal() principal: Principal): Promise<ScheduleResponseDto> {
    const schedule = await this.schedules.create(dto, principal);
    return toScheduleResponse(schedule, this.schedules.nextFires(schedule));
  }

  @Get()
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: [ScheduleResponseDto] })
  async listSchedules(@Query() query: ScheduleListQueryDto): Promise<ScheduleResponseDto[]> {
    return (await this.schedules.list(query.workflowId)).map((s) => toScheduleResponse(s, this.schedules.nextFires(s)));
  }

  @Get(':id')
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: ScheduleResponseDto })
  async getSchedule(@UuidParam() id: string): Promise<ScheduleResponseDto> {
    const schedule = await this.schedules.get(id);
    return toScheduleResponse(schedule, this.schedules.nextFires(schedule));
  }

  /** Every tick of the schedule, newest first: started (with its run), skipped (and why) or queued. */
  @Get(':id/fires')
  @RequirePermission('workflows:read')
  @ApiOkResponse({ type: [ScheduleFireDto] })
  async listScheduleFires(@UuidParam() id: string): Promise<ScheduleFireDto[]> {
    return (await this.schedules.fires(id)).map(toScheduleFire);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @RequirePermission('workflows:execute')
  @ApiOkResponse({ type: ScheduleResponseDto })
  async pauseSchedule(@UuidParam() id: string): Promise<ScheduleResponseDto> {
    const schedule = await this.schedules.setPaused(id, true);
    return toScheduleResponse(schedule, []);
  }

  /** Resumes from now: ticks that passed while paused do not fire. */
  @Post(':id/resume')
  @HttpCode(200)
  @RequirePermission('workflows:execute')
  @ApiOkResponse({ type: ScheduleResponseDto })
  async resumeSchedule(@UuidParam() id: string): Promise<ScheduleResponseDto> {
    const schedule = await this.schedules.setPaused(id, false);
    return toScheduleResponse(schedule, this.schedules.nextFires(schedule));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('workflows:execute')
  @ApiNoContentResponse()
  deleteSchedule(@UuidParam() id: string): Promise<void> {
    return this.schedules.remove(id);
  }
}
