import { authenticator } from 'otplib';

import { Role } from '../../src/common/auth/role';
import { execute, queryRows, sql } from '../../src/common/database/sql';
import { createUser, TestUser } from '../utils/auth';
import { API, startTestApp, TestApp } from '../utils/test-app';

/** The code for the time step `offset` steps from now (the service accepts one step either side). */
const codeAt = (secret: string, offset = 0) =>
  authenticator.clone({ epoch: Date.now() + offset * 30_000 }).generate(secret);

describe('TOTP second factor (RFC 6238, section 12)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MFA_REQUIRED_ROLES: 'admin', LOGIN_RATE_LIMIT_PER_MINUTE: '10' });
  });
  beforeEach(() => execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login%'`)));
  afterAll(async () => {
    await execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login%'`));
    await t.close();
  });

  const login = (email: string, password: string) =>
    t.http().post(`${API}/auth/login`).send({ email, password });
  const enrol = (token: string) =>
    t.http().post(`${API}/auth/mfa/enrolment`).set('Authorization', `Bearer ${token}`).send({});
  const activate = (token: string, code: string) =>
    t
      .http()
      .post(`${API}/auth/mfa/activation`)
      .set('Authorization', `Bearer ${token}`)
      .send({ code });
  const complete = (mfaToken: string, code: string) =>
    t.http().post(`${API}/auth/login/mfa`).send({ mfaToken, code });

  async function enrolled(user: TestUser): Promise<string> {
    const res = await enrol(user.token).expect(200);
    expect(res.body).toEqual({
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      otpauthUrl: expect.stringMatching(/^otpauth:\/\/totp\/.+\?.*secret=[A-Z2-7]{32}/),
    });
    expect(res.body.otpauthUrl).toContain('algorithm=SHA1');
    expect(res.body.otpauthUrl).toContain('digits=6');
    expect(res.body.otpauthUrl).toContain('period=30');
    await activate(user.token, codeAt(res.body.secret)).expect(204);
    return res.body.secret as string;
  }

  it('enrols, activates, and then signs in only with a code', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const secret = await enrolled(user);
    const first = await login(user.email, user.password).expect(200);
    expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    // The mfaToken is not an access token.
    await t
      .http()
      .get(`${API}/auth/me`)
      .set('Authorization', `Bearer ${first.body.mfaToken}`)
      .expect(401);
    const wrong = await complete(first.body.mfaToken, '000000');
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_MFA_CODE');
    const done = await complete(first.body.mfaToken, codeAt(secret, 1)).expect(200);
    expect(done.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
    });
    await t
      .http()
      .get(`${API}/auth/me`)
      .set('Authorization', `Bearer ${done.body.accessToken}`)
      .expect(200);
  });

  it('refuses a code replayed within its time step', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const secret = await enrolled(user);
    const code = codeAt(secret, 1);
    const a = await login(user.email, user.password).expect(200);
    await complete(a.body.mfaToken, code).expect(200);
    const b = await login(user.email, user.password).expect(200);
    const replay = await complete(b.body.mfaToken, code);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('INVALID_MFA_CODE');
  });

  it('uses up an mfaToken once a code has completed a sign-in', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const { body } = await enrol(user.token).expect(200);
    // Steps relative to one instant: activation takes the previous step, which leaves the
    // current and the next one valid and unused for the sign-ins below.
    const base = Date.now();
    const code = (steps: number) =>
      authenticator.clone({ epoch: base + steps * 30_000 }).generate(body.secret);
    await activate(user.token, code(-1)).expect(204);
    const a = await login(user.email, user.password).expect(200);
    const b = await login(user.email, user.password).expect(200);
    // A wrong code leaves the challenge usable.
    await complete(a.body.mfaToken, '000000').expect(401);
    await complete(a.body.mfaToken, code(0)).expect(200);
    // A valid, unused code cannot mint a second session from the same challenge...
    const again = await complete(a.body.mfaToken, code(1));
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('INVALID_MFA_TOKEN');
    // ...nor from a challenge issued before that sign-in completed.
    const older = await complete(b.body.mfaToken, code(1));
    expect(older.status).toBe(401);
    expect(older.body.code).toBe('INVALID_MFA_TOKEN');
    // A new challenge takes that code.
    const c = await login(user.email, user.password).expect(200);
    await complete(c.body.mfaToken, code(1)).expect(200);
  });

  it('keeps the secret encrypted at rest', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const secret = await enrolled(user);
    const [row] = await queryRows(
      t.ds,
      sql(`SELECT mfa_secret_enc FROM users WHERE id = :userId`, { userId: user.id }),
    );
    expect(row.mfa_secret_enc).toMatch(/^v\d+\./);
    expect(row.mfa_secret_enc).not.toContain(secret);
  });

  it('refuses a wrong activation code, and a second enrolment once active', async () => {
    const user = await createUser(t, Role.CaseWorker);
    const res = await enrol(user.token).expect(200);
    const bad = await activate(user.token, codeAt(res.body.secret, 5));
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('INVALID_MFA_CODE');
    await activate(user.token, codeAt(res.body.secret)).expect(204);
    expect((await enrol(user.token)).body.code).toBe('MFA_ALREADY_ACTIVE');
  });

  it('refuses a forged or expired mfaToken', async () => {
    const res = await complete(
      'eyJhbGciOiJIUzI1NiJ9.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      '123456',
    );
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('INVALID_MFA_TOKEN');
  });

  it('lets an admin without a factor (MFA_REQUIRED_ROLES=admin) sign in only to enrol', async () => {
    const admin = await createUser(t, Role.Admin);
    const session = await login(admin.email, admin.password).expect(200);
    expect(session.body).toMatchObject({
      accessToken: expect.any(String),
      mfaEnrolmentRequired: true,
    });
    const auth = { Authorization: `Bearer ${session.body.accessToken}` };
    const refused = await t.http().get(`${API}/users`).set(auth).expect(403);
    expect(refused.body.code).toBe('MFA_ENROLMENT_REQUIRED');
    const enrolment = await t
      .http()
      .post(`${API}/auth/mfa/enrolment`)
      .set(auth)
      .send({})
      .expect(200);
    await t
      .http()
      .post(`${API}/auth/mfa/activation`)
      .set(auth)
      .send({ code: codeAt(enrolment.body.secret) })
      .expect(204);
    // The enrolment session is over: a full session needs the code.
    await t.http().get(`${API}/auth/me`).set(auth).expect(401);
    const next = await login(admin.email, admin.password).expect(200);
    expect(next.body.mfaRequired).toBe(true);
    const full = await complete(next.body.mfaToken, codeAt(enrolment.body.secret, 1)).expect(200);
    await t
      .http()
      .get(`${API}/users`)
      .set('Authorization', `Bearer ${full.body.accessToken}`)
      .expect(200);
  });

  it('limits wrong codes like wrong passwords: 429 after 10', async () => {
    const user = await createUser(t, Role.CaseWorker);
    await enrolled(user);
    const challenge = await login(user.email, user.password).expect(200);
    for (let i = 0; i < 10; i++) await complete(challenge.body.mfaToken, '000000').expect(401);
    const limited = await complete(challenge.body.mfaToken, '000000');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
