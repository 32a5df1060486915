import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { authenticator } from 'otplib';

import { Role } from '../../src/common/auth/role';
import { execute, queryRows, sql } from '../../src/common/database/sql';
import { createUser, TestUser } from '../utils/auth';
import { createClaim, createIncident, createPerson, transition } from '../utils/fixtures';
import {
  AppUnderTest,
  CapturedLog,
  faultyNote,
  installFaultInjector,
  removeFaultInjector,
  resetFaultAttempts,
  startApp,
} from '../utils/reliability';
import { API } from '../utils/test-app';

/*
 * Canary values (a password, access and refresh tokens, an IBAN, an identity document number,
 * contact details, a diagnosis written in a note, a file name, a description and reasons) go
 * through every route that accepts them, on the happy path and on the failing ones (bad
 * input, wrong password, rate limit, a database error mid-write); the app logs at trace level
 * into a captured stream. None of the canaries may appear in the log, on the console, or in
 * audit_events.changes.
 */

const tag = randomBytes(5).toString('hex').toUpperCase();

/** A GB IBAN with valid check digits and an account number of this run's own. */
function canaryIban(): string {
  const bban = `WEST${String(randomInt(10 ** 13, 10 ** 14))}`;
  const digits = `${bban}GB00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return `GB${String(98 - rest).padStart(2, '0')}${bban}`;
}

const CANARY = {
  password: `Canary-Passphrase-${tag}-lantern`,
  newPassword: `Canary-Renewed-${tag}-harbour`,
  ownPassword: `Canary-Own-Choice-${tag}-juniper`,
  iban: canaryIban(),
  identityDocument: `passport CANARYDOC${tag}`,
  address: `Canary Street ${tag}, Baku`,
  phone: `+994 50 ${randomInt(100, 999)} ${randomInt(10, 99)} ${randomInt(10, 99)}`,
  diagnosis: `diagnosis CANARYDX${tag}: traumatic brain injury`,
  fileName: `CANARYFILE${tag}-psychiatric-report.pdf`,
  description: `CANARYDESC${tag} widow with two children, PTSD`,
  reason: `CANARYREASON${tag} medical records show amputation`,
} as const;

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
  Buffer.alloc(256, 0x20),
  Buffer.from('\n%%EOF\n'),
]);

describe('logs and the audit trail carry no secrets or personal data', () => {
  const log = new CapturedLog();
  const consoleLines: string[] = [];
  const storageDir = mkdtempSync(join(tmpdir(), 'j2-canary-storage-'));
  const spies: jest.SpyInstance[] = [];
  let t: AppUnderTest;
  let admin: TestUser;
  let firstSeq = '0';
  /** Tokens issued during the run: canaries too. */
  const tokens: string[] = [];

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      spies.push(
        jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          consoleLines.push(
            args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '),
          );
        }),
      );
    }
    t = await startApp({
      env: {
        LOG_LEVEL: 'trace',
        STORAGE_DIR: storageDir,
        LOGIN_RATE_LIMIT_PER_MINUTE: '10',
        RATE_LIMIT_PER_MINUTE: '100000',
      },
      logDestination: log,
    });
    await execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login:%'`));
    const [{ max }] = await queryRows<{ max: string }>(
      t.ds,
      sql(`SELECT COALESCE(max(seq), 0)::text AS max FROM audit_events`),
    );
    firstSeq = max;
    admin = await createUser(t, Role.Admin);
    tokens.push(admin.token, admin.refreshToken);
    await installFaultInjector(t.ds);
    await exercise();
  }, 120_000);

  afterAll(async () => {
    await removeFaultInjector(t.ds);
    await execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login:%'`));
    await t.close();
    for (const spy of spies) spy.mockRestore();
    rmSync(storageDir, { recursive: true, force: true });
  });

  const api = () => t.http();
  const statuses: Record<string, number> = {};
  const note = (step: string, status: number) => {
    statuses[step] = status;
  };

  /** Every route that takes one of the canaries, on the paths that succeed and those that fail. */
  async function exercise(): Promise<void> {
    // Passwords: user creation, sign-in right and wrong, password change, rate-limited sign-in.
    const created = await api()
      .post(`${API}/users`)
      .set(admin.auth)
      .send({
        email: `canary-${tag.toLowerCase()}@example.org`,
        fullName: 'Canary Case Worker',
        role: 'case_worker',
        password: CANARY.password,
      });
    note('create user', created.status);
    const userId = created.body.id as string;
    const login = await api()
      .post(`${API}/auth/login`)
      .send({ email: `canary-${tag.toLowerCase()}@example.org`, password: CANARY.password });
    note('login', login.status);
    tokens.push(login.body.accessToken, login.body.refreshToken);
    note(
      'login wrong password',
      (
        await api()
          .post(`${API}/auth/login`)
          .send({ email: `canary-${tag.toLowerCase()}@example.org`, password: CANARY.newPassword })
      ).status,
    );
    note(
      'login unknown account',
      (
        await api()
          .post(`${API}/auth/login`)
          .send({ email: `nobody-${tag.toLowerCase()}@example.org`, password: CANARY.password })
      ).status,
    );
    // Refresh once (new pair), then reuse the old token (the family is revoked).
    const refreshed = await api()
      .post(`${API}/auth/refresh`)
      .send({ refreshToken: login.body.refreshToken });
    note('refresh', refreshed.status);
    tokens.push(refreshed.body.accessToken, refreshed.body.refreshToken);
    note(
      'refresh reuse',
      (await api().post(`${API}/auth/refresh`).send({ refreshToken: login.body.refreshToken }))
        .status,
    );
    // A revoked access token and a forged one are refused (logged as denied, token left out).
    note(
      'revoked token',
      (
        await api()
          .get(`${API}/auth/me`)
          .set('Authorization', `Bearer ${refreshed.body.accessToken}`)
      ).status,
    );
    note(
      'forged token',
      (await api().get(`${API}/auth/me`).set('Authorization', `Bearer ${login.body.accessToken}x`))
        .status,
    );
    const current = await api().get(`${API}/users/${userId}`).set(admin.auth);
    note(
      'change password',
      (
        await api()
          .patch(`${API}/users/${userId}`)
          .set(admin.auth)
          .set('If-Match', `"${current.body.version}"`)
          .send({ password: CANARY.newPassword })
      ).status,
    );
    // One's own password change, and a TOTP second factor: its secret and mfaToken are canaries.
    const self = await createUser(t, Role.CaseWorker);
    tokens.push(self.token, self.refreshToken);
    note(
      'own password change',
      (
        await api()
          .post(`${API}/auth/password`)
          .set(self.auth)
          .send({ currentPassword: self.password, newPassword: CANARY.ownPassword })
      ).status,
    );
    note(
      'own password change, wrong current password',
      (
        await api()
          .post(`${API}/auth/password`)
          .set(self.auth)
          .send({ currentPassword: CANARY.password, newPassword: `${CANARY.ownPassword}-2` })
      ).status,
    );
    const enrolment = await api().post(`${API}/auth/mfa/enrolment`).set(self.auth).send({});
    note('mfa enrolment', enrolment.status);
    const secret = enrolment.body.secret as string;
    tokens.push(secret, enrolment.body.otpauthUrl);
    // Codes are taken relative to one instant, so a step boundary passing mid-test cannot turn
    // the replayed code into a fresh one.
    const enrolledAt = Date.now();
    const code = (steps: number) =>
      authenticator.clone({ epoch: enrolledAt + steps * 30_000 }).generate(secret);
    note(
      'mfa activation',
      (
        await api()
          .post(`${API}/auth/mfa/activation`)
          .set(self.auth)
          .send({ code: code(0) })
      ).status,
    );
    const challenge = await api()
      .post(`${API}/auth/login`)
      .send({ email: self.email, password: CANARY.ownPassword });
    note('login with a second factor', challenge.status);
    tokens.push(challenge.body.mfaToken);
    note(
      'login code replayed',
      (
        await api()
          .post(`${API}/auth/login/mfa`)
          .send({ mfaToken: challenge.body.mfaToken, code: code(0) })
      ).status,
    );
    const completed = await api()
      .post(`${API}/auth/login/mfa`)
      .send({ mfaToken: challenge.body.mfaToken, code: code(1) });
    note('login code', completed.status);
    tokens.push(completed.body.accessToken, completed.body.refreshToken);

    for (let i = 0; i < 11; i++) {
      const res = await api()
        .post(`${API}/auth/login`)
        .send({ email: `canary-${tag.toLowerCase()}@example.org`, password: CANARY.password });
      note('login until rate-limited', res.status);
    }
    const session = await api()
      .post(`${API}/auth/logout`)
      .set('Authorization', `Bearer ${login.body.accessToken}`);
    note('logout', session.status);

    // Identity document: create, read in full (audited), change, bad input.
    const incident = await createIncident(t, admin);
    const person = await api()
      .post(`${API}/incidents/${incident.id}/persons`)
      .set(admin.auth)
      .send({
        fullName: 'Canary Person',
        category: 'passenger',
        nationalities: ['AZ'],
        outcome: 'survived',
        injurySeverity: 'serious',
        identityDocument: CANARY.identityDocument,
      });
    note('create person', person.status);
    note(
      'read person',
      (await api().get(`${API}/persons/${person.body.id}`).set(admin.auth)).status,
    );
    note(
      'person bad input',
      (
        await api()
          .patch(`${API}/persons/${person.body.id}`)
          .set(admin.auth)
          .set('If-Match', `"${person.body.version}"`)
          .send({ identityDocument: `${CANARY.identityDocument}${'9'.repeat(120)}` })
      ).status,
    );
    note(
      'change person',
      (
        await api()
          .patch(`${API}/persons/${person.body.id}`)
          .set(admin.auth)
          .set('If-Match', `"${person.body.version}"`)
          .send({ identityDocument: `${CANARY.identityDocument}-2` })
      ).status,
    );

    // Bank account and contact: create, read in full, change, bad input.
    const deceased = await createPerson(t, admin, incident.id, 'deceased');
    const claimant = await api()
      .post(`${API}/claimants`)
      .set(admin.auth)
      .send({
        personId: deceased,
        fullName: 'Canary Claimant',
        relationship: 'spouse',
        contact: { address: CANARY.address, phone: CANARY.phone },
        bankAccount: { iban: CANARY.iban, holder: 'Canary Claimant' },
      });
    note('create claimant', claimant.status);
    note(
      'read claimant',
      (await api().get(`${API}/claimants/${claimant.body.id}`).set(admin.auth)).status,
    );
    note(
      'claimant bad IBAN',
      (
        await api()
          .patch(`${API}/claimants/${claimant.body.id}`)
          .set(admin.auth)
          .set('If-Match', `"${claimant.body.version}"`)
          .send({ bankAccount: { iban: `${CANARY.iban}0`, holder: 'x' } })
      ).status,
    );
    note(
      'change claimant',
      (
        await api()
          .patch(`${API}/claimants/${claimant.body.id}`)
          .set(admin.auth)
          .set('If-Match', `"${claimant.body.version}"`)
          .send({ bankAccount: { iban: CANARY.iban.replace(/(.{4})/g, '$1 '), holder: 'C' } })
      ).status,
    );

    // Free text about people: claim description, notes, a file name, reasons.
    const claim = await createClaim(t, admin, {
      claimantId: claimant.body.id,
      programmeId: incident.programmes.exGratia.id,
      type: 'death',
      amountClaimed: { amount: '40000.00', currency: 'AZN' },
      description: CANARY.description,
    });
    note(
      'change description',
      (
        await api()
          .patch(`${API}/claims/${claim.id}`)
          .set(admin.auth)
          .set('If-Match', `"${claim.version}"`)
          .send({ description: `${CANARY.description} (revised)` })
      ).status,
    );
    note(
      'note',
      (
        await api()
          .post(`${API}/claims/${claim.id}/notes`)
          .set(admin.auth)
          .send({ body: CANARY.diagnosis, visibility: 'internal' })
      ).status,
    );
    await resetFaultAttempts(t.ds);
    note(
      'note hitting a database error',
      (
        await api()
          .post(`${API}/claims/${claim.id}/notes`)
          .set(admin.auth)
          .send({ body: faultyNote('XX000', 1, 0, CANARY.diagnosis), visibility: 'internal' })
      ).status,
    );
    note(
      'note too long',
      (
        await api()
          .post(`${API}/claims/${claim.id}/notes`)
          .set(admin.auth)
          .send({ body: `${CANARY.diagnosis}${'.'.repeat(10_001)}`, visibility: 'internal' })
      ).status,
    );
    const boundary = `----canary${tag}`;
    const upload = await api()
      .post(`${API}/claims/${claim.id}/documents`)
      .set(admin.auth)
      .set('content-type', `multipart/form-data; boundary=${boundary}`)
      .send(
        Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nmedical_report\r\n` +
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${CANARY.fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
          ),
          PDF,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      );
    note('upload', upload.status);
    note(
      'download',
      (await api().get(`${API}/documents/${upload.body.id}/content`).set(admin.auth)).status,
    );
    note(
      'review with a reason',
      (
        await api()
          .post(`${API}/documents/${upload.body.id}/review`)
          .set(admin.auth)
          .send({ status: 'rejected', reason: CANARY.reason })
      ).status,
    );
    const caseWorker = await createUser(t, Role.CaseWorker);
    const fresh = await api().get(`${API}/claims/${claim.id}`).set(admin.auth);
    const withdrawn = await transition(
      t,
      caseWorker,
      fresh.body as { id: string; version: number },
      {
        to: 'withdrawn',
        reason: CANARY.reason,
      },
    );
    note('transition with a reason', withdrawn.status);
  }

  function canaries(): [string, string][] {
    return [
      ...Object.entries(CANARY),
      ['iban (spaced)', CANARY.iban.replace(/(.{4})/g, '$1 ').trim()],
      ...tokens.filter(Boolean).map((token, i): [string, string] => [`token ${i}`, token]),
    ];
  }

  it('exercised every route, on the happy and the failing paths', () => {
    expect(statuses).toMatchObject({
      'create user': 201,
      login: 200,
      'login wrong password': 401,
      'login unknown account': 401,
      refresh: 200,
      'refresh reuse': 401,
      'revoked token': 401,
      'forged token': 401,
      'change password': 200,
      'own password change': 204,
      'own password change, wrong current password': 403,
      'mfa enrolment': 200,
      'mfa activation': 204,
      'login with a second factor': 200,
      'login code replayed': 401,
      'login code': 200,
      'login until rate-limited': 429,
      'create person': 201,
      'read person': 200,
      'person bad input': 400,
      'change person': 200,
      'create claimant': 201,
      'read claimant': 200,
      'claimant bad IBAN': 400,
      'change claimant': 200,
      'change description': 200,
      note: 201,
      'note hitting a database error': 500,
      'note too long': 400,
      upload: 201,
      download: 200,
      'review with a reason': 200,
      'transition with a reason': 200,
    });
  });

  it('captured a real log at trace level (the check below is not vacuous)', () => {
    const messages = log.lines.map((l) => String(l.msg));
    expect(messages).toEqual(expect.arrayContaining(['request completed', 'Login failed']));
    expect(messages).toEqual(expect.arrayContaining(['Request failed', 'Query failed']));
    expect(log.lines.length).toBeGreaterThan(50);
  });

  it('request lines name the signed-in user and role, and no one for anonymous requests', () => {
    const completed = log.lines.filter((l) => l.msg === 'request completed');
    const path = (l: Record<string, unknown>) => (l.req as { path?: string } | undefined)?.path;
    const byAdmin = completed.filter((l) => l.userId === admin.id);
    expect(byAdmin.length).toBeGreaterThan(5);
    expect(byAdmin.every((l) => l.role === 'admin')).toBe(true);
    const logins = completed.filter((l) => path(l) === `${API}/auth/login`);
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.filter((l) => 'userId' in l || 'role' in l)).toEqual([]);
  });

  it('health checks and metric scrapes (every few seconds) are not logged', async () => {
    await api().get('/health').expect(200);
    await api().get('/health/live').expect(200);
    await api().get('/health/ready').expect(200);
    await api().get('/metrics');
    const probes = log.lines.filter((l) =>
      ['/health', '/health/live', '/health/ready', '/metrics'].includes(
        (l.req as { path?: string } | undefined)?.path ?? '',
      ),
    );
    expect(probes).toEqual([]);
  });

  it('no canary appears in the log or on the console', () => {
    const text = `${log.text}\n${consoleLines.join('\n')}`;
    const found = canaries().filter(([, value]) => text.includes(value));
    expect(found.map(([name]) => name)).toEqual([]);
  });

  it('no canary appears in audit_events.changes', async () => {
    const rows = await queryRows<{ seq: string; action: string; changes: string }>(
      t.ds,
      sql(
        `SELECT seq::text AS seq, action, changes::text AS changes FROM audit_events WHERE seq > :firstSeq`,
        { firstSeq },
      ),
    );
    expect(rows.length).toBeGreaterThan(10);
    const found = rows.flatMap((row) =>
      canaries()
        .filter(([, value]) => row.changes.includes(value))
        .map(([name]) => `${name} in ${row.action} #${row.seq}`),
    );
    expect(found).toEqual([]);
  });
});
