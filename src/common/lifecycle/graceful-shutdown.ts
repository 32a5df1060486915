import type { FastifyInstance } from 'fastify';

import { CommonErrorCode } from '../errors/error-codes';
import { problem, PROBLEM_CONTENT_TYPE } from '../errors/problem';
import { ShutdownState } from './shutdown-state';

/** Probes answer for themselves while shutting down: live 200, /health and ready 503. */
const PROBES = new Set(['/health', '/health/live', '/health/ready']);

/**
 * While the service shuts down (main.ts on SIGTERM: ShutdownState.begin(), then app.close()):
 * requests already running finish normally; a request that arrives on a keep-alive connection
 * still open is refused with 503 problem+json before it runs (the health probes answer
 * for themselves: /health and /health/ready `shutting_down`, /health/live 200); and every answer from then on closes its connection, those of the
 * requests in flight included. Without that, a keep-alive connection whose request was in
 * flight stays open after its answer and holds fastify's close() until the keep-alive timeout
 * (72 s), past the grace period. Proved by scripts/sigterm-under-load.ts and
 * test/reliability/shutdown.e2e-spec.ts.
 */
export function refuseWhileShuttingDown(fastify: FastifyInstance, shutdown: ShutdownState): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (shutdown.shuttingDown) void reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!shutdown.shuttingDown || PROBES.has(request.routeOptions.url ?? '')) return done();
    void reply
      .status(503)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(
        problem(503, CommonErrorCode.ServiceUnavailable, 'The service is shutting down; retry', {
          requestId: String(request.id),
        }),
      );
  });
}
