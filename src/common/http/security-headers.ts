import helmet, { FastifyHelmetOptions } from '@fastify/helmet';
import fastify, { FastifyInstance } from 'fastify';

/** Helmet's options for every response; the docs UI needs inline styles and scripts. */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      scriptSrc: ["'self'", "'unsafe-inline'"],
    },
  },
};

/** What helmet sets on a response: headers to add, and headers to remove. */
export interface SecurityHeaders {
  set: [string, string][];
  removed: string[];
}

/**
 * The headers @fastify/helmet sends with these options, learnt once from helmet itself on a
 * throwaway Fastify instance. With one global configuration (no per-route helmet options, no
 * CSP nonces) they are the same on every response; the plugin rebuilt them for every request,
 * parsing the CSP directives again each time.
 */
export async function securityHeadersOf(options: FastifyHelmetOptions): Promise<SecurityHeaders> {
  const probe = fastify();
  const headers: SecurityHeaders = { set: [], removed: [] };
  try {
    // Before helmet's own hooks, so that what it removes is seen too.
    probe.addHook('onRequest', (_request, reply, done) => {
      const remove = reply.raw.removeHeader.bind(reply.raw);
      reply.raw.removeHeader = (name: string) => {
        headers.removed.push(name.toLowerCase());
        remove(name);
      };
      done();
    });
    await probe.register(helmet, options);
    probe.get('/', (_request, reply) => {
      // Helmet writes to the raw response: record what it did there.
      const raw = reply.raw;
      for (const name of raw.getHeaderNames()) {
        headers.set.push([name, String(raw.getHeader(name))]);
      }
      return reply.send('');
    });
    await probe.inject({ method: 'GET', url: '/' });
  } finally {
    await probe.close();
  }
  if (headers.set.length === 0) throw new Error('helmet set no header: its options are wrong');
  return headers;
}

/** Sends the security headers on every response, as @fastify/helmet registered globally would. */
export async function sendSecurityHeaders(
  app: FastifyInstance,
  options: FastifyHelmetOptions,
): Promise<void> {
  const { set, removed } = await securityHeadersOf(options);
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const name of removed) raw.removeHeader(name);
    for (const [name, value] of set) raw.setHeader(name, value);
    done();
  });
}
