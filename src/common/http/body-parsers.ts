import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Fastify's JSON parser, in the callback form it has (its type also allows a promise form). */
type JsonParser = (
  request: FastifyRequest,
  body: string,
  done: (error: Error | null, value?: unknown) => void,
) => void;

/**
 * The bodies this API reads: JSON, and multipart for document uploads (registered with the
 * upload plugin). Nest's own parsers are off (`bodyParser: false`): they would add
 * application/x-www-form-urlencoded, and Fastify reads text/plain by default; neither is a body
 * of this API, so both now answer 415 before anything runs.
 *
 * JSON goes through Fastify's parser (`__proto__` and `constructor` keys refused), with one
 * difference: an empty body declared as JSON counts as no body. Many clients set
 * `Content-Type: application/json` on every request, a DELETE or a logout included; a route
 * that needs a body still answers 400 naming the missing fields.
 */
export function readJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('text/plain');
  const parseJson = fastify.getDefaultJsonParser('error', 'error') as JsonParser;
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
