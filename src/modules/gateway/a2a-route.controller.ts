import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from 'src/core/auth/auth.decorators';
import { A2aRouteService } from './a2a-route.service';
import { A2aRouteRequestDto, A2aRouteResponseDto } from './dto/a2a-route.dto';

@ApiTags('a2a')
@Controller('a2a/route')
export class A2aRouteController {
  constructor(private readonly router: A2aRouteService) {}

  /** Delivers a JSON-RPC 2.0 message to its target over the bus; answers the target's reply or a JSON-RPC error (HTTP 200 either way). */
  @Post()
  @HttpCode(200)
  @RequirePermission('a2a:route')
  @ApiBody({ type: A2aRouteRequestDto })
  @ApiOkResponse({ type: A2aRouteResponseDto })
  routeA2aMessage(@Body() body: unknown): Promise<A2aRouteResponseDto> {
    return this.router.route(body);
  }
}
