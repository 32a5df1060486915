import helmet from '@fastify/helmet';
import fastify, { FastifyInstance } from 'fastify';

import { SECURITY_HEADERS, securityHeadersOf, sendSecurityHeaders } from './security-headers';

/** The headers of a GET on a served route and on an unknown one, without the date. */
async function headersOf(app: FastifyInstance): Promise<Record<string, unknown>[]> {
  app.get('/thing', () => ({ ok: true }));
  await app.ready();
  const answers = [];
  for (const url of ['/thing', '/nothing-here']) {
    const { date: _date, ...headers } = (await app.inject({ method: 'GET', url })).headers;
    answers.push(headers);
  }
  await app.close();
  return answers;
}

describe('security headers, computed once', () => {
  it('are exactly those @fastify/helmet sends, on served and unknown routes alike', async () => {
    const plugin = fastify();
    await plugin.register(helmet, SECURITY_HEADERS);
    const once = fastify();
    await sendSecurityHeaders(once, SECURITY_HEADERS);
    const expected = await headersOf(plugin);
    expect(await headersOf(once)).toEqual(expected);
    // Not vacuous: helmet's headers are there.
    expect(expected[0]).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
    });
  });

  it('include what helmet removes', async () => {
    const { removed } = await securityHeadersOf(SECURITY_HEADERS);
    expect(removed).toContain('x-powered-by');
  });
});
