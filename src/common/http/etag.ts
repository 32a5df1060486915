import type { FastifyInstance } from 'fastify';

/**
 * Any single resource with a `version` answers with `ETag: "<version>"` for If-Match. Set just
 * before the body is serialised (Fastify's preSerialization, which sees every object a route
 * answers), not by a Nest interceptor: an interceptor wraps every route's handler in RxJS
 * observables and async-context bindings, which cost more than the rest of this check.
 */
export function sendEtags(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (_request, reply, payload, done) => {
    const version = (payload as { version?: unknown } | null)?.version;
    if (typeof version === 'number') void reply.header('ETag', `"${version}"`);
    done(null, payload);
  });
}
