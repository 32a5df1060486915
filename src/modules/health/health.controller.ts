import { Controller, Get, HttpException, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';

import { NoAnonymousLimit, Public } from '../../common/auth/decorators';
import { ApiRateLimited } from '../../common/http/api';
import { ShutdownState } from '../../common/lifecycle/shutdown-state';
import type { DocumentStorage } from '../documents/storage/document-storage';
import { DOCUMENT_STORAGE } from '../documents/storage/document-storage';

/** How long a probe waits for the database or the document store before calling it down. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * Probes for balancers and orchestrators (docs/operations.md). `/health/live`: the process
 * serves (restart it when this fails). `/health/ready`: send it traffic (the database and the
 * document store answer, and it is not shutting down). `/health` stays as it was: database and
 * shutdown only.
 */
@ApiTags('health')
@NoAnonymousLimit()
// Outside the per-address limit for anonymous callers, inside the general one.
@ApiRateLimited()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Readiness: the database answers and the service is not shutting down' })
  @ApiOkResponse({ description: '{ status: "ok", details: { database: { status: "up" } } }' })
  @ApiServiceUnavailableResponse({
    description: 'status "error" (database down) or "shutting_down"',
  })
  check(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.probe(reply, [() => this.database()]);
  }

  @Get('live')
  @Public()
  @ApiOperation({
    summary:
      'Liveness: the process serves requests (200 even while shutting down or while the database is away)',
  })
  @ApiOkResponse({ description: '{ status: "ok" }' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary: 'Readiness: the database and the document store answer; 503 while shutting down',
  })
  @ApiOkResponse({
    description:
      '{ status: "ok", details: { database: { status: "up" }, storage: { status: "up" } } }',
  })
  @ApiServiceUnavailableResponse({
    description: 'status "error" (database or storage down, see details) or "shutting_down"',
  })
  ready(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.probe(reply, [() => this.database(), () => this.documentStore()]);
  }

  private async probe(
    reply: FastifyReply,
    checks: (() => Promise<HealthIndicatorResult>)[],
  ): Promise<unknown> {
    void reply.header('cache-control', 'no-store');
    if (this.shutdown.shuttingDown) {
      void reply.status(503);
      return { status: 'shutting_down' };
    }
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      void reply.status(503);
      return error.getResponse();
    }
  }

  private database(): Promise<HealthIndicatorResult> {
    return this.db.pingCheck('database', { timeout: PROBE_TIMEOUT_MS });
  }

  private async documentStore(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('storage');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.storage.check(),
        new Promise((_, fail) => {
          timer = setTimeout(() => fail(new Error('timeout')), PROBE_TIMEOUT_MS);
        }),
      ]);
      return indicator.up();
    } catch (error) {
      // The reason stays in the log of whoever looks; the probe only says which store is down.
      const message = (error as Error).message === 'timeout' ? 'timeout' : 'unavailable';
      return indicator.down({ message });
    } finally {
      clearTimeout(timer);
    }
  }
}
