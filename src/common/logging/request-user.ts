import type { FastifyInstance } from 'fastify';

/**
 * `request.user`, set by the access guard to the signed-in user (RequestUser) and read by the
 * rate limiter, actorOf and the request log (request-log.ts), declared up front so every
 * request object has the same shape.
 */
export function declareRequestUser(fastify: FastifyInstance): void {
  fastify.decorateRequest('user', null);
}
