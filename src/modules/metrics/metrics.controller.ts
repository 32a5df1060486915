import { createHash, timingSafeEqual } from 'node:crypto';

import { Controller, Get, Headers, Logger, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { Public } from '../../common/auth/decorators';
import { DomainError } from '../../common/errors/domain-error';
import { CommonErrorCode } from '../../common/errors/error-codes';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from './metrics.service';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Prometheus scrape endpoint. Not a user route: it takes the METRICS_TOKEN bearer, not a user's
 * access token. Without METRICS_TOKEN configured it does not exist (404, like any unknown path).
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiBearerAuth('metricsToken')
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format); needs the METRICS_TOKEN bearer',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({ description: 'No or wrong METRICS_TOKEN bearer' })
  @ApiNotFoundResponse({ description: 'METRICS_TOKEN is not configured: no metrics endpoint' })
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const token = this.config.METRICS_TOKEN;
    if (!token) throw new DomainError(CommonErrorCode.NotFound, 404, 'Not found');
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    if (!match || !timingSafeEqual(digest(match[1]!), digest(token))) {
      this.logger.warn({ ip: reply.request.ip }, 'Metrics scrape refused: no or wrong token');
      void reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new DomainError(
        CommonErrorCode.Unauthenticated,
        401,
        'The metrics endpoint needs the METRICS_TOKEN bearer token',
      );
    }
    const { contentType, body } = await this.metrics.exposition();
    void reply.header('content-type', contentType).header('cache-control', 'no-store');
    return body;
  }
}
