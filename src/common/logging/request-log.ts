import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

import { clientRequestIdOf, RequestUser } from '../auth/decorators';
import type { LoggedRequest } from './logger-options';

/** Asked every few seconds by balancers, orchestrators and Prometheus: not worth a line each. */
const UNLOGGED_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/**
 * One line per answered request at `info` (`request completed`; `request errored` for a 5xx;
 * `request aborted` when the client left first), with the server's request id, method, path
 * (never the query string), status, time in ms, and the signed-in user and role, from Fastify's
 * own hooks. When `info` is off (LOG_LEVEL warn and above) no hook is installed at all: the
 * request log then costs nothing per request. Not pino-http as Nest middleware: on Fastify that
 * runs through @fastify/middie and builds two child loggers per request whatever the level.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  if (!logger.isLevelEnabled('info')) return;
  /** `reply` is absent when the client left before the answer. */
  const line = (request: FastifyRequest, reply?: FastifyReply) => {
    if (UNLOGGED_PATHS.has(request.url.split('?')[0]!)) return;
    const user = (request as FastifyRequest & { user?: RequestUser }).user;
    const clientRequestId = clientRequestIdOf(request);
    const req: LoggedRequest = {
      id: request.id,
      method: request.method,
      url: request.url,
      remoteAddress: request.raw.socket?.remoteAddress,
    };
    const fields = {
      reqId: request.id,
      req,
      ...(user ? { userId: user.id, role: user.role } : {}),
      ...(clientRequestId ? { clientRequestId } : {}),
    };
    if (!reply) {
      logger.info(fields, 'request aborted');
      return;
    }
    const answered = {
      ...fields,
      res: { statusCode: reply.statusCode },
      responseTime: Math.round(reply.elapsedTime),
    };
    if (reply.statusCode >= 500) {
      logger.info(
        { ...answered, err: new Error(`failed with status code ${reply.statusCode}`) },
        'request errored',
      );
    } else {
      logger.info(answered, 'request completed');
    }
  };
  fastify.addHook('onResponse', (request, reply, done) => {
    line(request, reply);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    line(request);
    done();
  });
}
