import { randomUUID } from 'node:crypto';

import { queryRows, sql } from '../src/common/database/sql';
import { AppUnderTest, startApp } from './utils/reliability';
import { API } from './utils/test-app';

/** The address the service took as the client's, read from the audit event of a failed login. */
async function clientAddress(t: AppUnderTest, forwardedFor: string): Promise<string | null> {
  await t
    .http()
    .post(`${API}/auth/login`)
    .set('X-Forwarded-For', forwardedFor)
    .send({ email: `nobody-${randomUUID()}@example.org`, password: 'not-the-password-1' })
    .expect(401);
  const [event] = await queryRows<{ ip: string | null }>(
    t.ds,
    sql(`SELECT ip FROM audit_events WHERE action = 'auth.login_failed' ORDER BY seq DESC LIMIT 1`),
  );
  return event?.ip ?? null;
}

describe.each([
  ['unset', {}, '203.0.113.7', /^(::ffff:)?127\.0\.0\.1$/],
  ['a trusted range (loopback)', { TRUST_PROXY: 'loopback' }, '203.0.113.7', /^203\.0\.113\.7$/],
  [
    'one hop',
    { TRUST_PROXY: '1' },
    '198.51.100.9, 203.0.113.7',
    /^203\.0\.113\.7$/, // the address the one trusted proxy saw; the rest is the client's word
  ],
  ['a range the proxy is not in', { TRUST_PROXY: '10.0.0.0/8' }, '203.0.113.7', /^(::ffff:)?127\./],
])('TRUST_PROXY %s', (_, env: Record<string, string>, forwardedFor, expected) => {
  let t: AppUnderTest;

  beforeAll(async () => {
    t = await startApp({ env: { ...env, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
  });
  afterAll(() => t.close());

  it(`takes the client address from X-Forwarded-For "${forwardedFor}" as configured`, async () => {
    expect(await clientAddress(t, forwardedFor)).toMatch(expected);
  });
});

describe('DOCS_ENABLED', () => {
  it.each([
    ['true', 200],
    ['false', 404],
  ])('%s: /docs and /docs-json answer %i', async (enabled, status) => {
    const t = await startApp({ env: { DOCS_ENABLED: enabled } });
    try {
      await t.http().get('/docs-json').expect(status);
      await t.http().get('/docs').expect(status);
      await t.http().get('/health/live').expect(200);
    } finally {
      await t.close();
    }
  });
});
