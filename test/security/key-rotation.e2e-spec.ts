import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { authenticator } from 'otplib';

import { Role } from '../../src/common/auth/role';
import { FieldCipher } from '../../src/common/crypto/field-cipher';
import {
  ENCRYPTED_COLUMNS,
  rotateKeys,
  RotationProgress,
} from '../../src/common/crypto/key-rotation';
import { execute, queryRows, sql } from '../../src/common/database/sql';
import { createUser, TestUser } from '../utils/auth';
import { createIncident, createPerson } from '../utils/fixtures';
import { describeOnServer } from '../utils/reliability';
import { API, startTestApp, TestApp } from '../utils/test-app';

const KEY1 = process.env.DATA_ENCRYPTION_KEY!;
const KEY2 = Buffer.alloc(32, 0x77).toString('base64');
const V2 = {
  DATA_ENCRYPTION_KEY: KEY2,
  DATA_ENCRYPTION_KEY_VERSION: '2',
  DATA_ENCRYPTION_PREVIOUS_KEYS: `1:${KEY1}`,
};
const keys = (entries: [number, string][]) =>
  new Map(entries.map(([v, k]) => [v, Buffer.from(k, 'base64')] as const));

/** Values not under key version `v`, across every encrypted column of the database. */
async function notUnder(t: TestApp, v: number): Promise<number> {
  let n = 0;
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    const [row] = await queryRows(
      t.ds,
      sql(
        `SELECT count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL AND ${column} NOT LIKE :stalePrefix`,
        { stalePrefix: `v${v}.%` },
      ),
    );
    n += row.n as number;
  }
  return n;
}

/** Values no key opens: other suites corrupt a ciphertext on purpose (bad-input). */
async function unreadable(t: TestApp): Promise<number> {
  const cipher = new FieldCipher(
    2,
    keys([
      [1, KEY1],
      [2, KEY2],
    ]),
  );
  let n = 0;
  for (const { table, column, purpose } of ENCRYPTED_COLUMNS) {
    const rows = await queryRows<{ value: string }>(
      t.ds,
      sql(`SELECT ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL`),
    );
    for (const { value } of rows) {
      try {
        cipher.decrypt(value, purpose);
      } catch {
        n++;
      }
    }
  }
  return n;
}

/** Back to version 1 for the suites that follow (they run with key 1 only). */
async function rotateBack(t: TestApp): Promise<void> {
  await rotateKeys(
    t.ds,
    new FieldCipher(
      1,
      keys([
        [2, KEY2],
        [1, KEY1],
      ]),
    ),
    { batchSize: 500 },
  );
}

describe('npm run keys:rotate: re-encryption from key version 1 to 2 (section 12)', () => {
  let v1: TestApp;
  let v2: TestApp;
  let admin: TestUser;
  let mfaUser: TestUser;
  let mfaSecret: string;
  const claimants: { id: string; body: unknown }[] = [];
  const persons: { id: string; identityDocument: string }[] = [];

  beforeAll(async () => {
    v1 = await startTestApp();
    // Suites share one database: start this one's sign-in counters from zero.
    await execute(v1.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login%'`));
    admin = await createUser(v1, Role.Admin);
    const incident = await createIncident(v1, admin);
    for (let i = 0; i < 4; i++) {
      const res = await v1
        .http()
        .post(`${API}/incidents/${incident.id}/persons`)
        .set(admin.auth)
        .send({
          fullName: `Rotation Person ${i}`,
          category: 'passenger',
          nationalities: ['AZ'],
          outcome: 'survived',
          identityDocument: `passport ROT${i}`,
        })
        .expect(201);
      persons.push({ id: res.body.id, identityDocument: `passport ROT${i}` });
    }
    const deceased = await createPerson(v1, admin, incident.id, 'deceased');
    for (let i = 0; i < 5; i++) {
      const created = await v1
        .http()
        .post(`${API}/claimants`)
        .set(admin.auth)
        .send({
          personId: deceased,
          fullName: `Rotation Claimant ${i}`,
          relationship: 'sibling',
          contact: { email: `rotation-${i}@example.org`, phone: '+994501234567' },
          bankAccount: { iban: 'AZ21NABZ00000000137010001944', holder: `Holder ${i}` },
        })
        .expect(201);
      const read = await v1.http().get(`${API}/claimants/${created.body.id}`).set(admin.auth);
      claimants.push({ id: created.body.id, body: read.body });
    }
    mfaUser = await createUser(v1, Role.CaseWorker);
    const enrolment = await v1
      .http()
      .post(`${API}/auth/mfa/enrolment`)
      .set(mfaUser.auth)
      .send({})
      .expect(200);
    mfaSecret = enrolment.body.secret;
    await v1
      .http()
      .post(`${API}/auth/mfa/activation`)
      .set(mfaUser.auth)
      .send({ code: authenticator.generate(mfaSecret) })
      .expect(204);
    v2 = await startTestApp(V2);
  });
  afterAll(async () => {
    await rotateBack(v2 ?? v1);
    await v2?.close();
    await v1.close();
  });

  /** Every record above, read in full through the app: equal to what was written. */
  async function readsWork(t: TestApp, auth: { Authorization: string }) {
    for (const p of persons) {
      const res = await t.http().get(`${API}/persons/${p.id}`).set(auth).expect(200);
      expect(res.body.identityDocument).toBe(p.identityDocument);
    }
    for (const c of claimants) {
      const res = await t.http().get(`${API}/claimants/${c.id}`).set(auth).expect(200);
      expect({ ...res.body, version: 0, updatedAt: '' }).toEqual({
        ...(c.body as object),
        version: 0,
        updatedAt: '',
      });
    }
  }

  it('is resumable: a run stopped after two batches leaves every value readable, and a second run finishes', async () => {
    const cipher = v2.app.get(FieldCipher);
    expect(cipher.currentVersion).toBe(2);
    const before = await notUnder(v2, 2);
    expect(before).toBeGreaterThanOrEqual(4 + 10 + 1);

    let batches = 0;
    await expect(
      rotateKeys(v2.ds, cipher, {
        batchSize: 3,
        onProgress: (p) => {
          if (p.done > 0 && ++batches === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const left = await notUnder(v2, 2);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(before);
    // Mixed versions: the app under key 2 (key 1 kept for reading) reads them all.
    await readsWork(v2, admin.auth);

    const progress: RotationProgress[] = [];
    const result = await rotateKeys(v2.ds, cipher, {
      batchSize: 3,
      onProgress: (p) => progress.push(p),
    });
    const broken = await unreadable(v2);
    expect(result.failed).toHaveLength(broken);
    const mine = new Set([...persons.map((p) => p.id), ...claimants.map((c) => c.id), mfaUser.id]);
    expect(result.failed.filter((f) => mine.has(f.id))).toEqual([]);
    expect(result.rotated).toBe(left - broken);
    expect(await notUnder(v2, 2)).toBe(broken);
    // Progress per column, from 0 to its total (less the values no key opens).
    const last = new Map(progress.map((p) => [`${p.table}.${p.column}`, p]));
    for (const p of last.values()) {
      const skipped = result.failed.filter((f) => f.table === p.table && f.column === p.column);
      expect(p.done + skipped.length).toBe(p.total);
    }
    expect(progress.some((p) => p.done > 0 && p.done < p.total)).toBe(true);
  });

  it('leaves nothing on key 1: an app with key 2 only reads everything, the second factor included', async () => {
    const only2 = await startTestApp({
      DATA_ENCRYPTION_KEY: KEY2,
      DATA_ENCRYPTION_KEY_VERSION: '2',
    });
    try {
      await readsWork(only2, admin.auth);
      const challenge = await only2
        .http()
        .post(`${API}/auth/login`)
        .send({ email: mfaUser.email, password: mfaUser.password })
        .expect(200);
      const code = authenticator.clone({ epoch: Date.now() + 30_000 }).generate(mfaSecret);
      await only2
        .http()
        .post(`${API}/auth/login/mfa`)
        .send({ mfaToken: challenge.body.mfaToken, code })
        .expect(200);
    } finally {
      await only2.close();
    }
  });

  it('writes an audit event per batch, and the chain stays valid', async () => {
    const [row] = await queryRows(
      v2.ds,
      sql(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'keys.rotate' AND changes->>'toVersion' = '2'`,
      ),
    );
    expect(row.n).toBeGreaterThan(0);
    const auditor = await createUser(v2, Role.Auditor);
    const verification = await v2
      .http()
      .get(`${API}/audit-events/verification`)
      .set(auditor.auth)
      .expect(200);
    expect(verification.body.valid).toBe(true);
  });
});

describeOnServer('npm run keys:rotate as a command', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await rotateBack(t);
    await t.close();
  });

  let broken = 0;

  it('prints progress per column and re-encrypts everything', async () => {
    broken = await unreadable(t);
    const run = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join('src', 'database', 'cli', 'keys-rotate.ts'),
        '--batch-size',
        '2',
      ],
      {
        cwd: join(__dirname, '..', '..'),
        env: { ...process.env, ...V2, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    // Values no key opens are named, left alone, and make the command fail.
    expect(run.status).toBe(broken > 0 ? 1 : 0);
    if (broken === 0) expect(run.stderr).toBe('');
    else expect(run.stderr).toMatch(new RegExp(`^${broken} value\\(s\\) no configured key opens`));
    expect(run.stdout).toMatch(/Re-encrypting personal data under key v2/);
    expect(run.stdout).toMatch(/^claimants\.bank_account_enc: \d+\/\d+$/m);
    expect(run.stdout).toMatch(/^Done: \d+ value\(s\) re-encrypted\.$/m);
  }, 150_000);

  it('left no value under key 1', async () => {
    expect(await notUnder(t, 2)).toBe(broken);
  });
});
