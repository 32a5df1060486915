import { createHmac, randomUUID } from 'node:crypto';

import { JwtService } from '@nestjs/jwt';

import { Role } from '../src/common/auth/role';
import { execute, queryOne, queryRows, sql } from '../src/common/database/sql';
import { RateLimiterService } from '../src/modules/auth/rate-limiter.service';
import { createUser, TestUser } from './utils/auth';
import { API, startTestApp, TestApp } from './utils/test-app';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function forge(header: object, payload: object, key: string): string {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

describe('authentication', () => {
  let t: TestApp;
  let admin: TestUser;
  const secret = () => process.env.JWT_SECRET!;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '10' });
    admin = await createUser(t, Role.Admin);
    // Suites share one database: start this one's sign-in counters from zero.
    await execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login:%'`));
  });
  afterAll(() => t.close());

  const me = (token: string) =>
    t.http().get(`${API}/auth/me`).set('Authorization', `Bearer ${token}`);
  const login = (email: string, password: string) =>
    t.http().post(`${API}/auth/login`).send({ email, password });

  it('signs in with email and password and answers /auth/me', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const res = await login(user.email.toUpperCase(), user.password).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    const profile = await me(res.body.accessToken).expect(200);
    expect(profile.body).toMatchObject({
      id: user.id,
      email: user.email,
      role: 'case_worker',
      active: true,
    });
    expect(profile.body).not.toHaveProperty('passwordHash');
  });

  it('refuses a wrong password and an unknown account alike (401)', async () => {
    const user = await createUser(t, Role.Lawyer);
    const wrong = await login(user.email, 'not-the-password-at-all').expect(401);
    const unknown = await login(`nobody-${randomUUID()}@test.invalid`, 'whatever-password').expect(
      401,
    );
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body).toMatchObject({ code: wrong.body.code, detail: wrong.body.detail });
  });

  it('requires a token on every non-public route', async () => {
    const res = await t.http().get(`${API}/incidents`).expect(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  describe('tampered tokens answer 401', () => {
    let claims: Record<string, unknown>;
    let good: string;

    beforeAll(async () => {
      good = admin.token;
      claims = new JwtService().decode(good);
      await me(good).expect(200);
    });

    it('alg none', async () => {
      const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
      await me(token).expect(401);
    });

    it('a wrong key', async () => {
      await me(
        forge({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-another-secret-123'),
      ).expect(401);
    });

    it('HS512 with the right key (algorithm not pinned)', async () => {
      const body = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims)}`;
      const token = `${body}.${createHmac('sha512', secret()).update(body).digest('base64url')}`;
      await me(token).expect(401);
    });

    it('an expiry in the past', async () => {
      const now = Math.floor(Date.now() / 1000);
      await me(
        forge(
          { alg: 'HS256', typ: 'JWT' },
          { ...claims, iat: now - 3600, exp: now - 60 },
          secret(),
        ),
      ).expect(401);
    });

    it('a wrong audience', async () => {
      await me(
        forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'someone-else' }, secret()),
      ).expect(401);
    });

    it('a wrong issuer', async () => {
      await me(
        forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: 'someone-else' }, secret()),
      ).expect(401);
    });

    it('a tampered payload (role raised, signature kept)', async () => {
      const [header, , signature] = good.split('.');
      const user = await createUser(t, Role.Lawyer);
      const lawyerClaims = new JwtService().decode(user.token) as Record<string, unknown>;
      await me(`${header}.${b64({ ...lawyerClaims, role: 'admin' })}.${signature}`).expect(401);
    });
  });

  it('rotates refresh tokens: each works once, and a replay revokes the whole session', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const first = await t
      .http()
      .post(`${API}/auth/refresh`)
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    await me(first.body.accessToken).expect(200);

    const replay = await t
      .http()
      .post(`${API}/auth/refresh`)
      .send({ refreshToken: user.refreshToken })
      .expect(401);
    expect(replay.body.code).toBe('INVALID_REFRESH_TOKEN');
    // The newer tokens of the same session are dead too.
    await t
      .http()
      .post(`${API}/auth/refresh`)
      .send({ refreshToken: first.body.refreshToken })
      .expect(401);
    await me(first.body.accessToken).expect(401);
    await me(user.token).expect(401);
    const events = await queryRows<{ action: string }>(
      t.ds,
      sql(`SELECT action FROM audit_events WHERE entity_id = :userId ORDER BY seq`, {
        userId: user.id,
      }),
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'auth.refresh',
      'auth.refresh_reuse',
    ]);
  });

  it('logout ends the session: its access and refresh tokens stop working', async () => {
    const user = await createUser(t, Role.Auditor);
    await t.http().post(`${API}/auth/logout`).set(user.auth).expect(204);
    await me(user.token).expect(401);
    await t
      .http()
      .post(`${API}/auth/refresh`)
      .send({ refreshToken: user.refreshToken })
      .expect(401);
  });

  it('deactivation ends every session of the user at once', async () => {
    const user = await createUser(t, Role.Lawyer);
    await me(user.token).expect(200);
    const current = await t.http().get(`${API}/users/${user.id}`).set(admin.auth).expect(200);
    await t
      .http()
      .patch(`${API}/users/${user.id}`)
      .set(admin.auth)
      .set('If-Match', current.headers.etag)
      .send({ active: false })
      .expect(200);
    await me(user.token).expect(401);
    await t
      .http()
      .post(`${API}/auth/refresh`)
      .send({ refreshToken: user.refreshToken })
      .expect(401);
    expect((await login(user.email, user.password).expect(401)).body.code).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('answers the 11th login attempt in a minute for one account with 429', async () => {
    const user = await createUser(t, Role.CaseWorker);
    // Clearing the address counter before each attempt isolates the per-account limit.
    const clearAddress = () =>
      execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login:address:%'`));
    for (let i = 0; i < 10; i++) {
      await clearAddress();
      await login(user.email, `wrong-password-${i}`).expect(401);
    }
    await clearAddress();
    const res = await login(user.email, user.password).expect(429);
    expect(res.body.code).toBe('RATE_LIMITED');
  });

  it('logs and audits logins without the password', async () => {
    const user = await createUser(t, Role.CaseWorker);
    await execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login:address:%'`));
    await login(user.email, 'Definitely-Wrong-Password-1').expect(401);
    await login(user.email, user.password).expect(200);
    const rows = await queryRows<{
      action: string;
      changes: string;
      ip: string;
      request_id: string;
    }>(
      t.ds,
      sql(
        `SELECT action, changes::text AS changes, ip, request_id FROM audit_events WHERE entity_id = :userId ORDER BY seq`,
        { userId: user.id },
      ),
    );
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'auth.login_failed',
      'auth.login',
    ]);
    for (const row of rows) {
      expect(row.changes).not.toContain('Definitely-Wrong');
      expect(row.changes).not.toContain(user.password);
      expect(row.ip).toBeTruthy();
      expect(row.request_id).toBeTruthy();
    }
  });
});

describe('general rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '30' });
  });
  afterAll(() => t.close());

  it('answers requests beyond the per-user limit with 429 problem+json, counted per user', async () => {
    const user = await createUser(t, Role.Auditor);
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      statuses.push((await t.http().get(`${API}/auth/me`).set(user.auth)).status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(200));
    expect(statuses.slice(30)).toEqual(Array(5).fill(429));
    const limited = await t.http().get(`${API}/auth/me`).set(user.auth).expect(429);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect(limited.body.code).toBe('RATE_LIMITED');
    // Another user still has their whole allowance.
    const other = await createUser(t, Role.Auditor);
    await t.http().get(`${API}/auth/me`).set(other.auth).expect(200);
  });

  it('counts each hit once when the 250 ms publish and a request near the limit publish at once', async () => {
    const limiter = new RateLimiterService(t.ds);
    try {
      const key = `race-${randomUUID()}`;
      // Limit 5: exact from the 4th hit. Three hits are counted locally only.
      for (let i = 0; i < 3; i++) await limiter.increment(key, 60_000, 5, 0, 'default');
      // The timer publishes those three while the 4th hit publishes too.
      const timer = (limiter as unknown as { sync(): Promise<void> }).sync();
      const fourth = await limiter.increment(key, 60_000, 5, 0, 'default');
      await timer;
      const [row] = await queryRows<{ hits: number }>(
        t.ds,
        sql(`SELECT hits FROM rate_limit_buckets WHERE key = :bucketKey`, {
          bucketKey: `throttle:default:${key}`,
        }),
      );
      expect(row!.hits).toBe(4);
      expect(fourth).toMatchObject({ totalHits: 4, isBlocked: false });
    } finally {
      limiter.onModuleDestroy();
    }
  });
});

describe('login limit per address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '10' });
    await execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login:address:%'`));
  });
  afterAll(() => t.close());

  it('answers the 11th attempt from one address, across different accounts, with 429', async () => {
    for (let i = 0; i < 10; i++) {
      await t
        .http()
        .post(`${API}/auth/login`)
        .send({ email: `probe-${i}-${randomUUID()}@test.invalid`, password: 'x-password-x' })
        .expect(401);
    }
    const res = await t
      .http()
      .post(`${API}/auth/login`)
      .send({ email: `probe-${randomUUID()}@test.invalid`, password: 'x-password-x' })
      .expect(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    await execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login:address:%'`));
  });
});

describe('users and mass assignment', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, Role.Admin);
  });
  afterAll(() => t.close());

  const row = async (id: string) =>
    (await queryOne<{ role: string; active: boolean; full_name: string; version: number }>(
      t.ds,
      sql(`SELECT role, active, full_name, version FROM users WHERE id = :id`, { id }),
    ))!;

  it('creates a user with an argon2id hash of the required strength', async () => {
    const res = await t
      .http()
      .post(`${API}/users`)
      .set(admin.auth)
      .send({
        email: `New.Worker-${Date.now()}@Example.org`,
        fullName: 'New Worker',
        role: 'case_worker',
        password: 'Mangrove-Sunrise-Ledger-81',
      })
      .expect(201);
    expect(res.body.email).toBe(res.body.email.toLowerCase());
    expect(res.body).not.toHaveProperty('password');
    const [stored] = await queryRows(
      t.ds,
      sql(`SELECT password_hash FROM users WHERE id = :bodyId`, { bodyId: res.body.id }),
    );
    const [, algo, , params] = stored.password_hash.split('$');
    expect(algo).toBe('argon2id');
    const p = Object.fromEntries(params.split(',').map((kv: string) => kv.split('=')));
    expect(Number(p.m)).toBeGreaterThanOrEqual(19456);
    expect(Number(p.t)).toBeGreaterThanOrEqual(2);
    expect(Number(p.p)).toBe(1);
  });

  it.each([
    ['too short', 'Short-pw-1'],
    ['too long', 'x'.repeat(129)],
    ['common', 'password12345'],
  ])('refuses a %s password with 400 naming the field', async (_case, password) => {
    const res = await t
      .http()
      .post(`${API}/users`)
      .set(admin.auth)
      .send({ email: `p-${randomUUID()}@example.org`, fullName: 'X', role: 'lawyer', password })
      .expect(400);
    expect(res.body.errors[0].field).toBe('password');
  });

  it('never deletes a user', async () => {
    await t.http().delete(`${API}/users/${admin.id}`).set(admin.auth).expect(404);
  });

  it('refuses a non-admin changing their own role or active flag, and the row is unchanged', async () => {
    const lawyer = await createUser(t, Role.Lawyer);
    const before = await row(lawyer.id);
    for (const body of [{ role: 'admin' }, { active: false }, { fullName: 'Renamed' }]) {
      const res = await t
        .http()
        .patch(`${API}/users/${lawyer.id}`)
        .set(lawyer.auth)
        .set('If-Match', `"${before.version}"`)
        .send(body)
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect(await row(lawyer.id)).toEqual(before);
  });

  it('refuses an admin changing their own role or active flag (422), row unchanged', async () => {
    const before = await row(admin.id);
    const res = await t
      .http()
      .patch(`${API}/users/${admin.id}`)
      .set(admin.auth)
      .set('If-Match', `"${before.version}"`)
      .send({ role: 'lawyer' })
      .expect(422);
    expect(res.body.code).toBe('CANNOT_CHANGE_OWN_ACCESS');
    expect(await row(admin.id)).toEqual(before);
  });

  it('refuses properties outside the allowance (400), row unchanged', async () => {
    const worker = await createUser(t, Role.CaseWorker);
    const before = await row(worker.id);
    for (const body of [
      { passwordHash: 'x' },
      { tokenEpoch: 9 },
      { id: randomUUID() },
      { email: 'other@example.org' },
    ]) {
      const res = await t
        .http()
        .patch(`${API}/users/${worker.id}`)
        .set(admin.auth)
        .set('If-Match', `"${before.version}"`)
        .send(body)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await row(worker.id)).toEqual(before);
  });

  it('lets case workers and lawyers read themselves only', async () => {
    const worker = await createUser(t, Role.CaseWorker);
    await t.http().get(`${API}/users/${worker.id}`).set(worker.auth).expect(200);
    await t.http().get(`${API}/users/${admin.id}`).set(worker.auth).expect(403);
    await t.http().get(`${API}/users`).set(worker.auth).expect(403);
  });
});
