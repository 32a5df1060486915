import { createHmac } from 'node:crypto';

import { JwtService } from '@nestjs/jwt';

import { Role } from '../../src/common/auth/role';
import { execute, queryRows, sql } from '../../src/common/database/sql';
import { createUser, TestUser } from '../utils/auth';
import { API, startTestApp, TestApp } from '../utils/test-app';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('sessions: an absolute lifetime, and tokens without exp refused (section 12)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ SESSION_MAX_SECONDS: '600', JWT_ACCESS_TTL_SECONDS: '900' });
  });
  afterAll(() => t.close());

  const me = (token: string) =>
    t.http().get(`${API}/auth/me`).set('Authorization', `Bearer ${token}`);
  const refresh = (refreshToken: string) =>
    t.http().post(`${API}/auth/refresh`).send({ refreshToken });

  it('refuses an access token without exp, though its signature is right', async () => {
    const user = await createUser(t, Role.Auditor);
    await me(user.token).expect(200);
    const claims = new JwtService().decode(user.token) as Record<string, unknown>;
    const { exp: _exp, ...noExp } = claims;
    const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(noExp)}`;
    const token = `${body}.${createHmac('sha256', process.env.JWT_SECRET!).update(body).digest('base64url')}`;
    const res = await me(token).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('never lets an access token outlive its session', async () => {
    const user = await createUser(t, Role.Auditor);
    const claims = new JwtService().decode(user.token) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(600);
    const res = await refresh(user.refreshToken).expect(200);
    expect(res.body.expiresIn).toBeLessThanOrEqual(600);
  });

  it('ends a session SESSION_MAX_SECONDS after sign-in, however often it was refreshed', async () => {
    const user: TestUser = await createUser(t, Role.Auditor);
    let pair = { accessToken: user.token, refreshToken: user.refreshToken };
    for (let i = 0; i < 3; i++) pair = (await refresh(pair.refreshToken).expect(200)).body;
    await me(pair.accessToken).expect(200);
    // The sign-in was longer ago than the session may last: move its start back in time.
    await execute(
      t.ds,
      sql(
        `UPDATE refresh_tokens SET session_expires_at = now() - interval '1 second' WHERE user_id = :userId`,
        { userId: user.id },
      ),
    );
    const refused = await refresh(pair.refreshToken).expect(401);
    expect(refused.body.code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('carries the session’s end unchanged through every refresh', async () => {
    const user = await createUser(t, Role.Auditor);
    const ends = async () =>
      (
        await queryRows<{ e: Date }>(
          t.ds,
          sql(
            `SELECT DISTINCT session_expires_at AS e FROM refresh_tokens WHERE user_id = :userId`,
            { userId: user.id },
          ),
        )
      ).map((r) => r.e.getTime());
    const [first] = await ends();
    expect(first! - Date.now()).toBeLessThanOrEqual(600_000);
    expect(first! - Date.now()).toBeGreaterThan(590_000);
    await refresh(user.refreshToken).expect(200);
    expect(await ends()).toEqual([first]);
  });
});

describe('POST /auth/password: one’s own password, ending every other session (section 12)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '10' });
  });
  beforeEach(() => execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login%'`)));
  afterAll(async () => {
    await execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login%'`));
    await t.close();
  });

  const login = (email: string, password: string) =>
    t.http().post(`${API}/auth/login`).send({ email, password });
  const change = (token: string, body: object) =>
    t.http().post(`${API}/auth/password`).set('Authorization', `Bearer ${token}`).send(body);
  const NEW = 'Basalt-Orchard-Juniper-93';

  it('changes the password, keeps this session and ends the others', async () => {
    const user = await createUser(t, Role.Lawyer);
    const other = (await login(user.email, user.password).expect(200)).body;
    await change(user.token, { currentPassword: user.password, newPassword: NEW }).expect(204);
    // This session goes on; the other one, access and refresh token alike, is over.
    await t.http().get(`${API}/auth/me`).set(user.auth).expect(200);
    await t
      .http()
      .get(`${API}/auth/me`)
      .set('Authorization', `Bearer ${other.accessToken}`)
      .expect(401);
    await t
      .http()
      .post(`${API}/auth/refresh`)
      .send({ refreshToken: other.refreshToken })
      .expect(401);
    await login(user.email, user.password).expect(401);
    await login(user.email, NEW).expect(200);
    const events = await queryRows(
      t.ds,
      sql(
        `SELECT action, changes::text AS changes FROM audit_events WHERE entity_id = :userId AND action = 'user.password_change'`,
        { userId: user.id },
      ),
    );
    expect(events).toHaveLength(1);
    expect(events[0].changes).not.toContain(NEW);
  });

  it('refuses a wrong current password (403), and counts it toward the sign-in limit', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const res = await change(user.token, { currentPassword: 'not-my-password', newPassword: NEW });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CURRENT_PASSWORD_WRONG');
    for (let i = 0; i < 9; i++) {
      await change(user.token, { currentPassword: `wrong-${i}`, newPassword: NEW }).expect(403);
    }
    const limited = await change(user.token, { currentPassword: user.password, newPassword: NEW });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('refuses a weak new password (400 naming newPassword) and the same password (422)', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const weak = await change(user.token, {
      currentPassword: user.password,
      newPassword: 'password12345',
    }).expect(400);
    expect(weak.body.errors).toEqual([{ field: 'newPassword', message: expect.any(String) }]);
    const same = await change(user.token, {
      currentPassword: user.password,
      newPassword: user.password,
    }).expect(422);
    expect(same.body.code).toBe('PASSWORD_UNCHANGED');
  });

  it('needs a signed-in caller', async () => {
    await t
      .http()
      .post(`${API}/auth/password`)
      .send({ currentPassword: 'x', newPassword: NEW })
      .expect(401);
  });
});
