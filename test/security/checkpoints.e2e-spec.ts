import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

import { Role } from '../../src/common/auth/role';
import { execute, queryRows, sql } from '../../src/common/database/sql';
import { AuditCheckpointsService } from '../../src/modules/audit/audit-checkpoints.service';
import { AUDIT_COLUMNS, AuditRow, toChainedEvent } from '../../src/modules/audit/audit-rows';
import { chainHash } from '../../src/modules/audit/domain/audit-chain';
import { createUser, TestUser } from '../utils/auth';
import { API, startTestApp, TestApp } from '../utils/test-app';

const COLUMNS =
  'seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, request_id, client_request_id, ip, changes, prev_hash, hash';

interface Checkpoint {
  seq: string;
  hash: string;
  signedAt: string;
  signature: string;
}

describe('signed audit checkpoints (section 12)', () => {
  let t: TestApp;
  let admin: TestUser;
  let auditor: TestUser;
  let incidentId: string;

  beforeAll(async () => {
    t = await startTestApp({ AUDIT_CHECKPOINT_EVERY: '5' });
    admin = await createUser(t, Role.Admin);
    auditor = await createUser(t, Role.Auditor);
    const incident = await t
      .http()
      .post(`${API}/incidents`)
      .set(admin.auth)
      .send({
        code: `CKP-${Date.now()}`,
        title: 'Checkpoint fixture',
        occurredAt: '2025-04-01T00:00:00Z',
        declared: { onBoard: 99, passengers: 99, crew: 0, fatalities: 0, survivors: 99 },
      })
      .expect(201);
    incidentId = incident.body.id;
  });
  afterAll(() => t.close());

  const addEvents = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await t
        .http()
        .post(`${API}/incidents/${incidentId}/persons`)
        .set(admin.auth)
        .send({
          fullName: `Ckp ${i}`,
          category: 'passenger',
          nationalities: ['AZ'],
          outcome: 'survived',
        })
        .expect(201);
    }
  };
  const verification = async () =>
    (await t.http().get(`${API}/audit-events/verification`).set(auditor.auth).expect(200)).body;
  const checkpoints = async () =>
    (await t.http().get(`${API}/audit-events/checkpoints?limit=200`).set(auditor.auth).expect(200))
      .body as {
      publicKey: string;
      previousPublicKeys: string[];
      items: Checkpoint[];
      nextCursor: string | null;
    };
  const head = async () =>
    BigInt((await queryRows(t.ds, sql(`SELECT max(seq)::text AS m FROM audit_events`)))[0].m);

  async function withTriggersOff<T>(work: () => Promise<T>): Promise<T> {
    await execute(t.ds, sql(`ALTER TABLE audit_events DISABLE TRIGGER USER`));
    await execute(t.ds, sql(`ALTER TABLE audit_checkpoints DISABLE TRIGGER USER`));
    try {
      return await work();
    } finally {
      await execute(t.ds, sql(`ALTER TABLE audit_events ENABLE TRIGGER USER`));
      await execute(t.ds, sql(`ALTER TABLE audit_checkpoints ENABLE TRIGGER USER`));
    }
  }

  /** Runs `tamper` on the events from `from` on, and puts every row back afterwards. */
  async function tampered<T>(from: bigint, tamper: () => Promise<void>, check: () => Promise<T>) {
    const saved = await queryRows<Record<string, unknown>>(
      t.ds,
      sql(`SELECT ${COLUMNS} FROM audit_events WHERE seq >= :fromSeq ORDER BY seq`, {
        fromSeq: from.toString(),
      }),
    );
    try {
      await withTriggersOff(tamper);
      return await check();
    } finally {
      await withTriggersOff(async () => {
        await execute(
          t.ds,
          sql(`DELETE FROM audit_events WHERE seq >= :fromSeq`, { fromSeq: from.toString() }),
        );
        for (const row of saved) {
          const names = COLUMNS.split(', ');
          await execute(
            t.ds,
            sql(
              `INSERT INTO audit_events (${COLUMNS}) VALUES (${names.map((c) => `:${c}`).join(', ')})`,
              Object.fromEntries(
                names.map((c) => [c, c === 'changes' ? JSON.stringify(row[c]) : row[c]]),
              ),
            ),
          );
        }
      });
    }
  }

  it('signs every AUDIT_CHECKPOINT_EVERY-th event, verifiably with the published key', async () => {
    await addEvents(11);
    const page = await checkpoints();
    expect(page.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const key = createPublicKey(page.publicKey);
    expect(key.asymmetricKeyType).toBe('ed25519');
    const mine = page.items.filter((c) => BigInt(c.seq) % 5n === 0n);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    // Newest first.
    const seqs = page.items.map((c) => BigInt(c.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    for (const c of mine) {
      const [event] = await queryRows(
        t.ds,
        sql(`SELECT hash FROM audit_events WHERE seq = :seq`, { seq: c.seq }),
      );
      expect(c.hash).toBe(event.hash);
      expect(
        verify(
          null,
          Buffer.from(`${c.seq}:${c.hash}`, 'utf8'),
          key,
          Buffer.from(c.signature, 'base64'),
        ),
      ).toBe(true);
    }
    expect(await verification()).toMatchObject({ valid: true, firstInvalidSeq: null });
  });

  it('detects the newest events cut off down to below a checkpoint', async () => {
    await addEvents(3);
    // Some events after the newest checkpoint, so that cutting at it removes more than it.
    while ((await head()) % 5n === 0n) await addEvents(1);
    const [latest] = (await checkpoints()).items;
    const cut = BigInt(latest!.seq);
    expect(await head()).toBeGreaterThan(cut);
    const result = await tampered(
      cut,
      async () => {
        await execute(
          t.ds,
          sql(`DELETE FROM audit_events WHERE seq >= :fromSeq`, { fromSeq: cut.toString() }),
        );
      },
      verification,
    );
    // The chain that is left links up perfectly; only the checkpoint shows what is missing.
    expect(result).toMatchObject({ valid: false, firstInvalidSeq: cut.toString() });
    expect(await verification()).toMatchObject({ valid: true });
  });

  it('detects a chain rebuilt without the key (every hash after an edit recomputed)', async () => {
    await addEvents(6);
    const [latest] = (await checkpoints()).items;
    const pinned = BigInt(latest!.seq);
    const from = pinned - 2n;
    const result = await tampered(
      from,
      async () => {
        const rows = await queryRows<AuditRow>(
          t.ds,
          sql(
            `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE seq >= :fromSeq ORDER BY audit_events.seq`,
            { fromSeq: (from - 1n).toString() },
          ),
        );
        let prev = rows[0]!.hash;
        for (const row of rows.slice(1)) {
          const { prevHash: _p, hash: _h, ...body } = toChainedEvent(row);
          const forged = row.seq === from.toString() ? { ...body, action: 'forged' } : body;
          const hash = chainHash(prev, forged);
          await execute(
            t.ds,
            sql(
              `UPDATE audit_events SET action = :action, prev_hash = :prev, hash = :hash WHERE seq = :seq`,
              { seq: row.seq, action: forged.action, prev, hash },
            ),
          );
          prev = hash;
        }
      },
      verification,
    );
    expect(result).toMatchObject({ valid: false, firstInvalidSeq: pinned.toString() });
  });

  it('detects a checkpoint forged with another key', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    await addEvents(1);
    const top = await head();
    const [row] = await queryRows(
      t.ds,
      sql(`SELECT hash FROM audit_events WHERE seq = :fromSeq`, { fromSeq: top.toString() }),
    );
    const forgedSeq = (top + 1000000n).toString();
    try {
      await execute(
        t.ds,
        sql(
          `INSERT INTO audit_checkpoints (seq, hash, signed_at, signature) VALUES (:forgedSeq, :hash, now(), :signature)`,
          {
            forgedSeq,
            hash: row.hash,
            signature: sign(null, Buffer.from(`${forgedSeq}:${row.hash}`), other).toString(
              'base64',
            ),
          },
        ),
      );
      expect(await verification()).toMatchObject({ valid: false, firstInvalidSeq: forgedSeq });
    } finally {
      await withTriggersOff(() =>
        execute(t.ds, sql(`DELETE FROM audit_checkpoints WHERE seq = :forgedSeq`, { forgedSeq })),
      );
    }
    expect(await verification()).toMatchObject({ valid: true });
  });

  it('signs the head at least hourly, even between multiples', async () => {
    const service = t.app.get(AuditCheckpointsService);
    await addEvents(1);
    const top = await head();
    if (top % 5n === 0n) await addEvents(1);
    // Within the hour of the newest checkpoint: nothing to do.
    expect(await service.signHeadIfDue(new Date())).toBe(false);
    expect(await service.signHeadIfDue(new Date(Date.now() + 2 * 3600_000))).toBe(true);
    const [latest] = (await checkpoints()).items;
    expect(latest!.seq).toBe((await head()).toString());
  });

  it('refuses UPDATE and DELETE on checkpoints', async () => {
    await expect(execute(t.ds, sql(`UPDATE audit_checkpoints SET hash = hash`))).rejects.toThrow(
      /append-only/,
    );
    await expect(execute(t.ds, sql(`DELETE FROM audit_checkpoints`))).rejects.toThrow(
      /append-only/,
    );
  });

  it('still verifies checkpoints of a rotated key whose public key is listed, and only then', async () => {
    await addEvents(5);
    const before = await checkpoints();
    expect(before.previousPublicKeys).toEqual([]);
    const oldPublicKey = before.publicKey;
    const newKey = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'der' })
      .toString('base64');
    const restart = async (env: Record<string, string>) => {
      await t.close();
      t = await startTestApp({ AUDIT_CHECKPOINT_EVERY: '5', AUDIT_SIGNING_KEY: newKey, ...env });
    };
    const [{ oldest, newestOld }] = await queryRows(
      t.ds,
      sql(`SELECT min(seq)::text AS oldest, max(seq)::text AS "newestOld" FROM audit_checkpoints`),
    );
    try {
      // The new key alone: every checkpoint signed before reads as forged.
      await restart({});
      expect(await verification()).toMatchObject({ valid: false, firstInvalidSeq: oldest });

      // With the old public key listed (as a .env file writes it, newlines escaped): valid, and
      // new checkpoints are signed with the new key.
      await restart({ AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS: oldPublicKey.replace(/\n/g, '\\n') });
      await addEvents(5);
      const after = await checkpoints();
      expect(after.publicKey).not.toBe(oldPublicKey);
      expect(after.previousPublicKeys).toEqual([oldPublicKey]);
      const newest = after.items[0]!;
      const message = Buffer.from(`${newest.seq}:${newest.hash}`, 'utf8');
      const signature = Buffer.from(newest.signature, 'base64');
      expect(verify(null, message, createPublicKey(after.publicKey), signature)).toBe(true);
      expect(verify(null, message, createPublicKey(oldPublicKey), signature)).toBe(false);
      expect(await verification()).toMatchObject({ valid: true, firstInvalidSeq: null });
    } finally {
      // Back to the key every suite runs with: the checkpoints the new key signed would read
      // as forged to them.
      await withTriggersOff(() =>
        execute(t.ds, sql(`DELETE FROM audit_checkpoints WHERE seq > :newestOld`, { newestOld })),
      );
      await t.close();
      t = await startTestApp({ AUDIT_CHECKPOINT_EVERY: '5' });
    }
    expect(await verification()).toMatchObject({ valid: true, firstInvalidSeq: null });
  });

  it('is for admins and auditors only', async () => {
    const lawyer = await createUser(t, Role.Lawyer);
    await t.http().get(`${API}/audit-events/checkpoints`).set(lawyer.auth).expect(403);
    await t.http().get(`${API}/audit-events/checkpoints`).set(admin.auth).expect(200);
  });
});
