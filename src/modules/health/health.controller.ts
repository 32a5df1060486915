import { Controller, Get, HttpException, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { NoAnonymousLimit, Public } from '../../common/auth/decorators';
import { ShutdownState } from '../../common/lifecycle/shutdown-state';

@ApiTags('health')
@NoAnonymousLimit()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Readiness: the database answers and the service is not shutting down' })
  @ApiOkResponse({ description: '{ status: "ok", details: { database: { status: "up" } } }' })
  @ApiServiceUnavailableResponse({
    description: 'status "error" (database down) or "shutting_down"',
  })
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    if (this.shutdown.shuttingDown) {
      void reply.status(503);
      return { status: 'shutting_down' };
    }
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      void reply.status(503);
      return error.getResponse();
    }
  }
}
