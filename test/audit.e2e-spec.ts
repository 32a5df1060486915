import fc from 'fast-check';

import { Role } from '../src/common/auth/role';
import { execute, queryOne, queryRows, sql } from '../src/common/database/sql';
import { chainHash } from '../src/modules/audit/domain/audit-chain';
import { createUser, TestUser } from './utils/auth';
import { API, startTestApp, TestApp } from './utils/test-app';

describe('tamper-evident audit log', () => {
  let t: TestApp;
  let admin: TestUser;
  let auditor: TestUser;
  let incidentId: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await createUser(t, Role.Admin);
    auditor = await createUser(t, Role.Auditor);
    const incident = await t
      .http()
      .post(`${API}/incidents`)
      .set(admin.auth)
      .send({
        code: `AUD-${Date.now()}`,
        title: 'Audit fixture',
        occurredAt: '2025-04-01T00:00:00Z',
        declared: { onBoard: 60, passengers: 60, crew: 0, fatalities: 0, survivors: 60 },
      })
      .expect(201);
    incidentId = incident.body.id;
  });
  afterAll(() => t.close());

  const verify = async () =>
    (await t.http().get(`${API}/audit-events/verification`).set(auditor.auth).expect(200)).body;
  const maxSeq = async () =>
    BigInt(
      (await queryOne<{ m: string }>(
        t.ds,
        sql(`SELECT COALESCE(max(seq),0)::text AS m FROM audit_events`),
      ))!.m,
    );

  it('records who did what, from where, with personal data redacted', async () => {
    const res = await t
      .http()
      .post(`${API}/incidents/${incidentId}/persons`)
      .set(admin.auth)
      .set('x-request-id', 'audit-trace-0001')
      .send({
        fullName: 'Secret Name Person',
        category: 'passenger',
        nationalities: ['AZ'],
        outcome: 'survived',
        identityDocument: 'passport P9988776',
      })
      .expect(201);
    const page = await t
      .http()
      .get(`${API}/audit-events?entityType=person&entityId=${res.body.id}`)
      .set(auditor.auth)
      .expect(200);
    expect(page.body.items).toHaveLength(1);
    const event = page.body.items[0];
    expect(event).toMatchObject({
      action: 'person.create',
      actorId: admin.id,
      actorRole: 'admin',
      // The caller's id is kept beside the service's own (section 12).
      requestId: res.headers['x-request-id'],
      clientRequestId: 'audit-trace-0001',
      entityType: 'person',
    });
    expect(event.ip).toBeTruthy();
    const text = JSON.stringify(event);
    expect(text).not.toContain('Secret Name');
    expect(text).not.toContain('P9988776');
    expect(event.changes.fullName).toEqual({ before: null, after: '[redacted]' });
    expect(event.changes.outcome).toEqual({ before: null, after: 'survived' });
  });

  it('is readable by admins and auditors only', async () => {
    for (const role of [Role.CaseWorker, Role.Lawyer]) {
      const user = await createUser(t, role);
      await t.http().get(`${API}/audit-events`).set(user.auth).expect(403);
      await t.http().get(`${API}/audit-events/verification`).set(user.auth).expect(403);
    }
    await t.http().get(`${API}/audit-events`).set(admin.auth).expect(200);
  });

  it('filters by actor and time and pages with a cursor', async () => {
    const first = await t
      .http()
      .get(`${API}/audit-events?actorId=${admin.id}&limit=1`)
      .set(auditor.auth)
      .expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await t
      .http()
      .get(`${API}/audit-events?actorId=${admin.id}&limit=1&cursor=${first.body.nextCursor}`)
      .set(auditor.auth)
      .expect(200);
    expect(BigInt(second.body.items[0].seq)).toBeGreaterThan(BigInt(first.body.items[0].seq));
    const future = await t
      .http()
      .get(`${API}/audit-events?from=2999-01-01T00:00:00Z`)
      .set(auditor.auth)
      .expect(200);
    expect(future.body.items).toEqual([]);
    await t.http().get(`${API}/audit-events?cursor=abc`).set(auditor.auth).expect(400);
  });

  it('keeps a linear chain under 50 concurrent mutations: exactly 50 new events, all valid', async () => {
    const before = await maxSeq();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t
          .http()
          .post(`${API}/incidents/${incidentId}/persons`)
          .set(admin.auth)
          .send({
            fullName: `Concurrent ${i}`,
            category: 'passenger',
            nationalities: ['KZ'],
            outcome: 'survived',
          }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const rows = await queryRows<{ seq: string; action: string }>(
      t.ds,
      sql(
        `SELECT seq::text AS seq, action FROM audit_events WHERE seq > :seq ORDER BY audit_events.seq`,
        { seq: before.toString() },
      ),
    );
    expect(rows).toHaveLength(50);
    expect(rows.every((r: { action: string }) => r.action === 'person.create')).toBe(true);
    expect(rows.map((r: { seq: string }) => BigInt(r.seq))).toEqual(
      Array.from({ length: 50 }, (_, i) => before + BigInt(i + 1)),
    );
    expect(await verify()).toEqual({
      valid: true,
      checked: Number(await maxSeq()),
      firstInvalidSeq: null,
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the application’s own connection', async () => {
    const seq = (await maxSeq()).toString();
    await expect(
      execute(t.ds, sql(`UPDATE audit_events SET action = 'x' WHERE seq = :seq`, { seq })),
    ).rejects.toThrow(/append-only/);
    await expect(
      execute(t.ds, sql(`DELETE FROM audit_events WHERE seq = :seq`, { seq })),
    ).rejects.toThrow(/append-only/);
    await expect(execute(t.ds, sql(`TRUNCATE audit_events`))).rejects.toThrow(/append-only/);
    expect((await verify()).valid).toBe(true);
  });

  describe('tampering behind the application’s back is detected at the first affected event', () => {
    type Tamper = 'edit' | 'delete' | 'swap' | 'rehash';
    const COLUMNS =
      'seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, request_id, client_request_id, ip, changes, prev_hash, hash';

    /** Runs `work` with the append-only triggers off, as a superuser would, and always restores them. */
    async function withTriggersOff<T>(work: () => Promise<T>): Promise<T> {
      await execute(t.ds, sql(`ALTER TABLE audit_events DISABLE TRIGGER USER`));
      try {
        return await work();
      } finally {
        await execute(t.ds, sql(`ALTER TABLE audit_events ENABLE TRIGGER USER`));
      }
    }

    async function tamperAndVerify(
      kind: Tamper,
      seq: bigint,
    ): Promise<{ valid: boolean; firstInvalidSeq: string | null }> {
      const s = seq.toString();
      const next = (seq + 1n).toString();
      const saved = await queryRows(
        t.ds,
        sql(`SELECT ${COLUMNS} FROM audit_events WHERE seq IN (:s, :next) ORDER BY seq`, {
          s,
          next,
        }),
      );
      try {
        await withTriggersOff(async () => {
          if (kind === 'edit')
            await execute(
              t.ds,
              sql(
                `UPDATE audit_events SET changes = jsonb_set(changes, '{tampered}', 'true') WHERE seq = :s`,
                { s },
              ),
            );
          if (kind === 'delete')
            await execute(t.ds, sql(`DELETE FROM audit_events WHERE seq = :s`, { s }));
          if (kind === 'rehash') {
            // A forger who knows the formula recomputes this row's hash: the next link still breaks.
            const [row] = saved;
            const body = {
              seq: s,
              occurredAt: row.occurred_at.toISOString(),
              actorId: row.actor_id,
              actorRole: row.actor_role,
              action: 'forged',
              entityType: row.entity_type,
              entityId: row.entity_id,
              requestId: row.request_id,
              ...(row.client_request_id !== null ? { clientRequestId: row.client_request_id } : {}),
              ip: row.ip,
              changes: row.changes,
            };
            await execute(
              t.ds,
              sql(`UPDATE audit_events SET action = 'forged', hash = :forgedHash WHERE seq = :s`, {
                s,
                forgedHash: chainHash(row.prev_hash, body),
              }),
            );
          }
          if (kind === 'swap') {
            await execute(t.ds, sql(`UPDATE audit_events SET seq = -1 WHERE seq = :s`, { s }));
            await execute(
              t.ds,
              sql(`UPDATE audit_events SET seq = :s WHERE seq = :next`, { s, next }),
            );
            await execute(
              t.ds,
              sql(`UPDATE audit_events SET seq = :next WHERE seq = -1`, { next }),
            );
          }
        });
        return await verify();
      } finally {
        await withTriggersOff(async () => {
          await execute(
            t.ds,
            sql(`DELETE FROM audit_events WHERE seq IN (:s, :next, -1)`, { s, next }),
          );
          for (const row of saved) {
            await execute(
              t.ds,
              sql(
                `INSERT INTO audit_events (${COLUMNS}) VALUES (:seq,:occurred_at,:actor_id,:actor_role,:action,:entity_type,:entity_id,:request_id,:client_request_id,:ip,:changes,:prev_hash,:hash)`,
                {
                  seq: row.seq,
                  occurred_at: row.occurred_at,
                  actor_id: row.actor_id,
                  actor_role: row.actor_role,
                  action: row.action,
                  entity_type: row.entity_type,
                  entity_id: row.entity_id,
                  request_id: row.request_id,
                  client_request_id: row.client_request_id,
                  ip: row.ip,
                  changes: JSON.stringify(row.changes),
                  prev_hash: row.prev_hash,
                  hash: row.hash,
                },
              ),
            );
          }
        });
      }
    }

    it('over 100 random trials of edits, deletions, swaps and re-hashed edits', async () => {
      const last = await maxSeq();
      const first = last > 300n ? last - 300n : 1n;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Tamper>('edit', 'delete', 'swap', 'rehash'),
          fc.bigInt({ min: first, max: last - 1n }),
          async (kind, seq) => {
            // A signed checkpoint on the row pins its hash (section 12).
            const pinned =
              (
                await queryRows(
                  t.ds,
                  sql(`SELECT 1 FROM audit_checkpoints WHERE seq = :seq`, { seq: seq.toString() }),
                )
              ).length > 0;
            const result = await tamperAndVerify(kind, seq);
            expect(result.valid).toBe(false);
            // A re-hashed row matches its own hash; the break shows at the next link, unless a
            // checkpoint pins the row itself.
            expect(result.firstInvalidSeq).toBe(
              (kind === 'rehash' && !pinned ? seq + 1n : seq).toString(),
            );
          },
        ),
        { numRuns: 100 },
      );
      expect(await verify()).toMatchObject({ valid: true, firstInvalidSeq: null });
    });
  });
});
