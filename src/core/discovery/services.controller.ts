import { RequirePermission } from 'src/core/auth/auth.decorators';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServicesService } from './services.service';
import { ServicesResponseDto } from './dto/service-response.dto';

@ApiTags('discovery')
@RequirePermission('services:read')
@Controller('api/services')
export class ServicesController {
  constructor(private readonly service: ServicesService) {}

  /** Which modules run where, and whether each answers its health check. */
  @Get()
  @ApiOkResponse({ type: ServicesResponseDto })
  listServices(): Promise<ServicesResponseDto> {
    return this.service.list();
  }
}
