import { randomUUID } from 'node:crypto';

import Decimal from 'decimal.js';

import { Role } from '../src/common/auth/role';
import { Clock } from '../src/common/clock';
import { execute, queryRows, sql } from '../src/common/database/sql';
import {
  J2_8243_INCIDENT,
  J2_8243_PERSONS,
  J2_8243_PROGRAMMES,
} from '../src/database/seeds/j2-8243.data';
import { SIGNED_PAYMENT } from '../src/modules/payments/ledger-sql';
import { createUser, TestUser } from './utils/auth';
import { ClaimView, expectStatus, MoneyWork } from './utils/fixtures';
import { parseCsv } from './utils/reports-csv';
import { API, seededIncidentId, startTestApp, TestApp } from './utils/test-app';

/**
 * Programme status and the Russian pledge as a tracked obligation (docs/api.md#programme-status),
 * through the API on a real PostgreSQL.
 */

const event = (kind: string, occurredOn: string, summary = `${kind} on ${occurredOn}`) => ({
  occurredOn,
  kind,
  summary,
  source: {
    title: `Report of ${occurredOn}`,
    publisher: 'Test Wire',
    publishedOn: occurredOn,
    url: 'https://news.example.org/report',
  },
});

interface Programme {
  id: string;
  status: string;
  currency: string | null;
  version: number;
  pledgedAt: string | null;
  openedAt: string | null;
  closedAt: string | null;
  amountPerDeceased: string | null;
}

describe('programme status and the pledge', () => {
  let t: TestApp;
  let admin: TestUser;
  let approver: TestUser;
  let caseWorker: TestUser;
  let lawyer: TestUser;
  let auditor: TestUser;
  let work: MoneyWork;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await createUser(t, Role.Admin);
    approver = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    lawyer = await createUser(t, Role.Lawyer);
    auditor = await createUser(t, Role.Auditor);
    work = new MoneyWork(t, admin, caseWorker, approver);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const read = (id: string, user = admin) =>
    expectStatus<Programme>(
      'programme',
      t.http().get(`${API}/programmes/${id}`).set(user.auth),
      200,
    );
  const patch = (p: { id: string; version: number }, body: Record<string, unknown>) =>
    t
      .http()
      .patch(`${API}/programmes/${p.id}`)
      .set(admin.auth)
      .set('If-Match', `"${p.version}"`)
      .send(body);
  const auditOf = (programmeId: string) =>
    queryRows<{ action: string; changes: Record<string, unknown> }>(
      t.ds,
      sql(
        `SELECT action, changes FROM audit_events WHERE entity_type = 'programme' AND entity_id = :programmeId ORDER BY seq`,
        { programmeId },
      ),
    );

  describe('the whole path of a pledge', () => {
    let incidentId: string;
    let programme: Programme;
    let first: ClaimView;
    let second: ClaimView;

    beforeAll(async () => {
      incidentId = await work.incident();
      const id = await work.programme(incidentId, {
        payer: 'russian_federation',
        status: 'pledged',
        pledgedAt: '2025-10-09',
      });
      programme = await read(id);
    });

    it('is created pledged, without a currency or amounts', () => {
      expect(programme).toMatchObject({
        status: 'pledged',
        currency: null,
        pledgedAt: '2025-10-09',
        openedAt: null,
        amountPerDeceased: null,
      });
    });

    it('registers claims in their own currency, reviews them, and refuses assessment and payment (409)', async () => {
      const file = async () => {
        const person = await work.person(incidentId);
        return work.claim({
          claimantId: await work.claimant(person, { relationship: 'spouse' }),
          programmeId: programme.id,
          amountClaimed: { amount: '3000000.00', currency: 'RUB' },
        });
      };
      first = await file();
      second = await file();
      expect(first.currency).toBe('RUB');
      first = await work.underReview(first);
      first = await work.move(caseWorker, first, {
        to: 'information_requested',
        reason: 'Certified death certificate',
      });
      first = await work.move(caseWorker, first, { to: 'under_review' });
      // The assigned case worker may not assess while the programme is pledged.
      const seen = await expectStatus<{ allowedTransitions: string[] }>(
        'claim',
        t.http().get(`${API}/claims/${first.id}`).set(caseWorker.auth),
        200,
      );
      expect(seen.allowedTransitions).toEqual(['information_requested', 'withdrawn']);
      const assess = await work
        .transition(caseWorker, first, {
          to: 'assessed',
          amount: { amount: '1.00', currency: 'RUB' },
        })
        .expect(409);
      expect(assess.body.code).toBe('PROGRAMME_NOT_OPEN');
      const advance = await work
        .pay(first.id, 'advance', { amount: '1.00', currency: 'RUB' })
        .expect(409);
      expect(advance.body.code).toBe('PROGRAMME_NOT_OPEN');
      second = await work.underReview(second);
    });

    it('records the amount and opens with a currency, each change with its event and audit event', async () => {
      const res = await patch(programme, {
        currency: 'RUB',
        amountPerDeceased: '5000000.00',
        event: event('amount_set', '2026-02-01', 'Amounts per victim published'),
      }).expect(200);
      programme = res.body as Programme;
      expect(programme).toMatchObject({
        status: 'pledged',
        currency: 'RUB',
        amountPerDeceased: '5000000.00',
      });
      expect(res.headers.etag).toBe(`"${programme.version}"`);
      programme = (
        await patch(programme, { status: 'open', event: event('opened', '2026-03-01') }).expect(200)
      ).body as Programme;
      expect(programme).toMatchObject({
        status: 'open',
        openedAt: '2026-03-01',
        pledgedAt: '2025-10-09',
      });
      const events = await expectStatus<{ items: { kind: string; occurredOn: string }[] }>(
        'events',
        t.http().get(`${API}/programmes/${programme.id}/events`).set(caseWorker.auth),
        200,
      );
      expect(events.items.map((e) => [e.kind, e.occurredOn])).toEqual([
        ['amount_set', '2026-02-01'],
        ['opened', '2026-03-01'],
      ]);
      const audit = await auditOf(programme.id);
      expect(audit.map((a) => a.action)).toEqual([
        'programme.create',
        'programme.update',
        'programme.update',
      ]);
      expect(audit[2]!.changes).toMatchObject({
        status: { before: 'pledged', after: 'open' },
        programmeEventId: expect.any(String),
      });
    });

    it('then assesses, approves and pays', async () => {
      first = await work.assess(await work.claimNow(first.id), '3000000.00');
      first = await expectStatus<ClaimView>('approve', work.approve(first), 200);
      first = await work.move(caseWorker, first, { to: 'offer_accepted' });
      await expectStatus(
        'award',
        work.pay(first.id, 'award', { amount: '3000000.00', currency: 'RUB' }),
        201,
      );
      second = await work.assess(await work.claimNow(second.id), '2000000.00');
      second = await expectStatus<ClaimView>('approve', work.approve(second), 200);
      second = await work.move(caseWorker, second, { to: 'offer_accepted' });
    });

    it('stops payments again while suspended, and resumes them', async () => {
      programme = (
        await patch(programme, {
          status: 'suspended',
          event: event('suspended', '2026-04-01'),
        }).expect(200)
      ).body as Programme;
      const refused = await work
        .pay(second.id, 'award', { amount: '1000.00', currency: 'RUB' })
        .expect(409);
      expect(refused.body.code).toBe('PROGRAMME_NOT_OPEN');
      expect((await work.ledger(second.id)).rows).toBe(0);
      programme = (
        await patch(programme, {
          status: 'open',
          event: event('statement', '2026-05-01', 'Payments resume'),
        }).expect(200)
      ).body as Programme;
      // Resuming keeps the first opening date.
      expect(programme.openedAt).toBe('2026-03-01');
      await expectStatus(
        'award',
        work.pay(second.id, 'award', { amount: '2000000.00', currency: 'RUB' }),
        201,
      );
      const audit = await auditOf(programme.id);
      expect(audit.filter((a) => a.action === 'programme.update')).toHaveLength(4);
      const [{ n }] = await queryRows(
        t.ds,
        sql(`SELECT count(*)::int AS n FROM programme_events WHERE programme_id = :programmeId`, {
          programmeId: programme.id,
        }),
      );
      expect(n).toBe(4);
    });
  });

  describe('PATCH /programmes/:id refuses', () => {
    let programme: Programme;
    beforeAll(async () => {
      const incidentId = await work.incident();
      programme = await read(
        await work.programme(incidentId, { payer: 'russian_federation', status: 'pledged' }),
      );
    });

    it('without If-Match (428) and with a stale one (412)', async () => {
      const missing = await t
        .http()
        .patch(`${API}/programmes/${programme.id}`)
        .set(admin.auth)
        .send({ description: 'x' })
        .expect(428);
      expect(missing.body.code).toBe('PRECONDITION_REQUIRED');
      const stale = await patch(
        { ...programme, version: programme.version + 5 },
        { description: 'x' },
      ).expect(412);
      expect(stale.body.code).toBe('PRECONDITION_FAILED');
      // Stale comes first: a change decided on an old reading is not weighed against the rules.
      const staleAndRefused = await patch(
        { ...programme, version: programme.version + 5 },
        { status: 'closed', event: event('closed', '2026-01-01') },
      ).expect(412);
      expect(staleAndRefused.body.code).toBe('PRECONDITION_FAILED');
    });

    it('an event dated after today, through PATCH or POST (400), and writes nothing', async () => {
      const tomorrowAnywhere = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const suspended = event('suspended', tomorrowAnywhere);
      const viaPatch = await patch(programme, {
        status: 'suspended',
        event: { ...suspended, source: { ...suspended.source, publishedOn: '2026-01-01' } },
      }).expect(400);
      expect(viaPatch.body.code).toBe('VALIDATION_FAILED');
      expect(viaPatch.body.errors).toEqual([
        { field: 'occurredOn', message: 'must not be in the future' },
      ]);
      const published = event('statement', '2026-01-01');
      const viaPost = await t
        .http()
        .post(`${API}/programmes/${programme.id}/events`)
        .set(admin.auth)
        .send({ ...published, source: { ...published.source, publishedOn: tomorrowAnywhere } })
        .expect(400);
      expect(viaPost.body.errors).toEqual([
        { field: 'source.publishedOn', message: 'must not be in the future' },
      ]);
      expect(await read(programme.id)).toEqual(programme);
      const [{ n }] = await queryRows(
        t.ds,
        sql(`SELECT count(*)::int AS n FROM programme_events WHERE programme_id = :programmeId`, {
          programmeId: programme.id,
        }),
      );
      expect(n).toBe(0);
    });

    it('an open programme without a currency (422)', async () => {
      const res = await patch(programme, {
        status: 'open',
        event: event('opened', '2026-01-01'),
      }).expect(422);
      expect(res.body.code).toBe('PROGRAMME_CURRENCY_REQUIRED');
    });

    it('a status change without its event (400)', async () => {
      const res = await patch(programme, { status: 'suspended' }).expect(400);
      expect(res.body.code).toBe('PROGRAMME_EVENT_REQUIRED');
    });

    it('a change the lifecycle does not have (409), and writes nothing when refused', async () => {
      const res = await patch(programme, {
        status: 'closed',
        event: event('closed', '2026-01-01'),
      }).expect(409);
      expect(res.body.code).toBe('PROGRAMME_STATUS_CHANGE_NOT_ALLOWED');
      expect(await read(programme.id)).toEqual(programme);
      const [{ n }] = await queryRows(
        t.ds,
        sql(`SELECT count(*)::int AS n FROM programme_events WHERE programme_id = :programmeId`, {
          programmeId: programme.id,
        }),
      );
      expect(n).toBe(0);
    });

    it('anyone but an administrator (403), and unknown fields (400)', async () => {
      for (const user of [caseWorker, lawyer, auditor]) {
        await t
          .http()
          .patch(`${API}/programmes/${programme.id}`)
          .set(user.auth)
          .set('If-Match', `"${programme.version}"`)
          .send({ description: 'x' })
          .expect(403);
      }
      const unknown = await patch(programme, { colour: 'red' }).expect(400);
      expect(unknown.body.code).toBe('VALIDATION_FAILED');
      const badEvent = await patch(programme, {
        status: 'suspended',
        event: { ...event('suspended', '2026-01-01'), source: { title: 'x' } },
      }).expect(400);
      expect(badEvent.body.code).toBe('VALIDATION_FAILED');
    });

    it('events from lawyers (403) and events that are edited (the record is append-only)', async () => {
      await t.http().get(`${API}/programmes/${programme.id}/events`).set(lawyer.auth).expect(403);
      const created = await expectStatus<{ id: string }>(
        'event',
        t
          .http()
          .post(`${API}/programmes/${programme.id}/events`)
          .set(admin.auth)
          .send(event('statement', '2025-12-01')),
        201,
      );
      await expect(
        execute(
          t.ds,
          sql(`UPDATE programme_events SET summary = 'rewritten' WHERE id = :id`, {
            id: created.id,
          }),
        ),
      ).rejects.toThrow(/append-only/);
    });
  });

  describe('the status report for J2-8243’s Russian programme', () => {
    const NOW = new Date('2026-11-29T09:00:00.000Z');
    let incidentId: string;
    let russia: Programme;
    let report: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    let represented: { personId: string; claimId: string };

    beforeAll(async () => {
      jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => NOW);
      incidentId = await seededIncidentId(t.ds);
      const [row] = await queryRows(
        t.ds,
        sql(
          `SELECT id FROM compensation_programmes WHERE incident_id = :incidentId AND payer = 'russian_federation'`,
          { incidentId },
        ),
      );
      russia = await read(row.id);
      // A handful of claims on the seed: persons nobody has claimed for yet.
      const free = await queryRows<{ id: string }>(
        t.ds,
        sql(
          `SELECT p.id FROM persons_on_board p
          WHERE p.incident_id = :incidentId AND p.outcome = 'deceased'
            AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.person_id = p.id)
          ORDER BY p.full_name LIMIT 3`,
          { incidentId },
        ),
      );
      expect(free).toHaveLength(3);
      const file = async (personId: string, withLawyer: boolean) => {
        const claimant = await work.claimant(personId, { relationship: 'parent' });
        if (withLawyer) {
          await t
            .http()
            .post(`${API}/claimants/${claimant}/representations`)
            .set(admin.auth)
            .send({ lawyerId: lawyer.id })
            .expect(201);
        }
        return work.claim({
          claimantId: claimant,
          programmeId: russia.id,
          type: 'death',
          amountClaimed: { amount: '1000000.00', currency: 'RUB' },
        });
      };
      const a = await file(free[0]!.id, true);
      represented = { personId: free[0]!.id, claimId: a.id };
      await work.underReview(a);
      await file(free[1]!.id, false);
      const withdrawn = await file(free[2]!.id, false);
      await work.move(caseWorker, withdrawn, { to: 'withdrawn', reason: 'Filed in error' });
      // The first of them also received the airline's ex gratia payment.
      const [azal] = await queryRows(
        t.ds,
        sql(
          `SELECT id FROM compensation_programmes WHERE incident_id = :incidentId AND payer = 'airline_ex_gratia'`,
          { incidentId },
        ),
      );
      let exGratia = await work.claim({
        claimantId: await work.claimant(free[0]!.id, { relationship: 'spouse' }),
        programmeId: azal.id,
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
      exGratia = await work.assessed(exGratia, '40000.00');
      exGratia = await expectStatus<ClaimView>('approve', work.approve(exGratia), 200);
      exGratia = await work.move(caseWorker, exGratia, { to: 'offer_accepted' });
      await expectStatus(
        'award',
        work.pay(exGratia.id, 'award', { amount: '40000.00', currency: 'AZN' }),
        201,
      );

      report = await expectStatus(
        'status report',
        t.http().get(`${API}/reports/programmes/${russia.id}/status`).set(admin.auth),
        200,
      );
    });

    it('says where the pledge stands', () => {
      const seeded = J2_8243_PROGRAMMES.find((p) => p.payer === 'russian_federation')!;
      expect(report.programme).toEqual({
        id: russia.id,
        name: seeded.name,
        payer: 'russian_federation',
        status: 'pledged',
        pledgedAt: '2025-10-09',
        openedAt: null,
        daysSincePledge: 416, // 9 October 2025 to 29 November 2026
        currency: null,
        amountsSet: false,
      });
      expect(report.amounts).toBeNull();
      expect(report.generatedAt).toBe(NOW.toISOString());
    });

    it('counts everyone on board as eligible, by nationality, from the seed file', () => {
      const byNationality = new Map<string, number>();
      for (const p of J2_8243_PERSONS) {
        for (const n of new Set(p.nationalities))
          byNationality.set(n, (byNationality.get(n) ?? 0) + 1);
      }
      expect(report.eligible).toEqual({
        persons: J2_8243_PERSONS.length,
        deceased: J2_8243_PERSONS.filter((p) => p.outcome === 'deceased').length,
        survived: J2_8243_PERSONS.filter((p) => p.outcome === 'survived').length,
        byNationality: [...byNationality.entries()]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .map(([nationality, persons]) => ({ nationality, persons })),
      });
    });

    it('counts the registered claims, persons and lawyers as the claims table has them', async () => {
      const claims = await queryRows<{
        status: string;
        person_id: string;
        claimant_id: string;
        lawyer: boolean;
      }>(
        t.ds,
        sql(
          `SELECT c.status::text AS status, c.person_id, c.claimant_id,
                EXISTS (SELECT 1 FROM representations r WHERE r.claimant_id = c.claimant_id AND r.ended_at IS NULL) AS lawyer
           FROM claims c WHERE c.programme_id = :russiaId`,
          { russiaId: russia.id },
        ),
      );
      const standing = claims.filter((c) => c.status !== 'withdrawn');
      const claimants = new Map(standing.map((c) => [c.claimant_id, c.lawyer]));
      const byStatus: Record<string, number> = {};
      for (const s of [
        'draft',
        'submitted',
        'under_review',
        'information_requested',
        'assessed',
        'approved',
        'offer_accepted',
        'offer_declined',
        'rejected',
        'appealed',
        'closed',
        'withdrawn',
      ]) {
        byStatus[s] = claims.filter((c) => c.status === s).length;
      }
      expect(report.registered).toEqual({
        persons: new Set(standing.map((c) => c.person_id)).size,
        claims: claims.length,
        byStatus,
        claimantsWithLawyer: [...claimants.values()].filter(Boolean).length,
        claimantsWithoutLawyer: [...claimants.values()].filter((l) => !l).length,
      });
      expect(report.registered.byStatus.withdrawn).toBeGreaterThanOrEqual(1);
      expect(report.registered.claimantsWithLawyer).toBeGreaterThanOrEqual(1);

      const covered = new Set(standing.map((c) => c.person_id));
      const without = J2_8243_PERSONS.length - covered.size;
      const [{ deceased }] = await queryRows(
        t.ds,
        sql(
          `SELECT count(*)::int AS deceased FROM persons_on_board p
          WHERE p.incident_id = :incidentId AND p.outcome = 'deceased' AND NOT (p.id = ANY(:covered::uuid[]))`,
          { incidentId, covered: [...covered] },
        ),
      );
      expect(report.personsWithoutClaim).toEqual({
        count: without,
        deceased,
        survived: without - deceased,
      });
    });

    it('sums what was claimed in roubles before the pledge had a currency', async () => {
      const [row] = await queryRows(
        t.ds,
        sql(
          `SELECT SUM(amount_claimed) FILTER (WHERE status NOT IN ('draft', 'withdrawn'))::numeric(20,2)::text AS claimed
           FROM claims WHERE programme_id = :russiaId AND currency = 'RUB'`,
          { russiaId: russia.id },
        ),
      );
      expect(report.amountsInOtherCurrencies).toEqual([
        { currency: 'RUB', claimed: row.claimed ?? '0.00', approved: '0.00', paid: '0.00' },
      ]);
    });

    it('shows what the same persons received from the other payers, from the ledger', async () => {
      const others = await queryRows<{ id: string; payer: string; currency: string }>(
        t.ds,
        sql(
          `SELECT pr.id, pr.payer::text AS payer, trim(pr.currency) AS currency FROM compensation_programmes pr
          WHERE pr.incident_id = :incidentId AND pr.id <> :russiaId ORDER BY pr.created_at, pr.id`,
          { incidentId, russiaId: russia.id },
        ),
      );
      const expected = [];
      for (const o of others) {
        const perPerson = await queryRows<{ net: string }>(
          t.ds,
          sql(
            `SELECT c.person_id, SUM(${SIGNED_PAYMENT('p')})::text AS net
             FROM payments p JOIN claims c ON c.id = p.claim_id
            WHERE c.programme_id = :oId GROUP BY c.person_id`,
            { oId: o.id },
          ),
        );
        expected.push({
          programmeId: o.id,
          payer: o.payer,
          currency: o.currency,
          personsPaid: perPerson.filter((r) => new Decimal(r.net).greaterThan(0)).length,
          paid: perPerson.reduce((s, r) => s.plus(r.net), new Decimal(0)).toFixed(2),
        });
      }
      expect(report.otherPayers).toEqual(expected);
      const azal = report.otherPayers.find(
        (o: { payer: string }) => o.payer === 'airline_ex_gratia',
      );
      expect(azal.personsPaid).toBeGreaterThanOrEqual(1);
    });

    it('gives the pledge’s public record with its source', () => {
      const seeded = J2_8243_PROGRAMMES.find((p) => p.payer === 'russian_federation')!;
      expect(report.timeline).toEqual(
        seeded.events.map((e) => ({
          id: expect.any(String),
          programmeId: russia.id,
          occurredOn: e.occurredOn,
          kind: e.kind,
          summary: e.summary,
          source: e.source,
          createdBy: null,
          createdAt: expect.any(String),
        })),
      );
    });

    it('reads the same for an auditor (it names no one) and as CSV', async () => {
      const audited = await expectStatus(
        'auditor',
        t.http().get(`${API}/reports/programmes/${russia.id}/status`).set(auditor.auth),
        200,
      );
      expect(audited).toEqual(report);
      const csv = await t
        .http()
        .get(`${API}/reports/programmes/${russia.id}/status`)
        .set(caseWorker.auth)
        .set('Accept', 'text/csv')
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const rows = parseCsv((csv.body as Buffer).subarray(3).toString('utf8'));
      expect(rows[0]).toEqual(['section', 'field', 'value']);
      const cell = (section: string, field: string) =>
        rows.find((r) => r[0] === section && r[1] === field)?.[2];
      expect(cell('programme', 'status')).toBe('pledged');
      expect(cell('eligible', 'persons')).toBe(String(report.eligible.persons));
      expect(cell('registered.byStatus', 'withdrawn')).toBe(
        String(report.registered.byStatus.withdrawn),
      );
      expect(cell('timeline', '2025-10-09 pledge')).toContain('Dushanbe');
    });

    it('is refused to lawyers (403), who see only their clients in what it links to', async () => {
      await t
        .http()
        .get(`${API}/reports/programmes/${russia.id}/status`)
        .set(lawyer.auth)
        .expect(403);
      const claims = await expectStatus<{ items: { id: string }[] }>(
        'lawyer claims',
        t
          .http()
          .get(`${API}/claims`)
          .query({ programmeId: russia.id, limit: 200 })
          .set(lawyer.auth),
        200,
      );
      expect(claims.items.map((c) => c.id)).toEqual([represented.claimId]);
      const position = await expectStatus<{
        programmes: { programmeId: string; claims: { id: string }[] }[];
      }>(
        'lawyer position',
        t.http().get(`${API}/persons/${represented.personId}/compensation`).set(lawyer.auth),
        200,
      );
      for (const p of position.programmes) {
        expect(p.claims.map((c) => c.id)).toEqual(
          p.programmeId === russia.id ? [represented.claimId] : [],
        );
      }
      await t.http().get(`${API}/programmes/${russia.id}/events`).set(lawyer.auth).expect(403);
    });
  });

  describe('the seed’s facts', () => {
    it('gives J2-8243 its sources and the early count of 69 aboard', async () => {
      const incident = await expectStatus<{ sources: unknown[]; alternativeCounts: unknown[] }>(
        'incident',
        t
          .http()
          .get(`${API}/incidents/${await seededIncidentId(t.ds)}`)
          .set(caseWorker.auth),
        200,
      );
      expect(incident.sources).toEqual(J2_8243_INCIDENT.sources);
      expect(incident.alternativeCounts).toEqual(J2_8243_INCIDENT.alternativeCounts);
    });

    it('opens the other programmes, each with the events its facts come from', async () => {
      const incidentId = await seededIncidentId(t.ds);
      for (const seeded of J2_8243_PROGRAMMES) {
        const [row] = await queryRows(
          t.ds,
          sql(
            `SELECT id FROM compensation_programmes WHERE incident_id = :incidentId AND name = :name`,
            { incidentId, name: seeded.name },
          ),
        );
        const programme = await read(row.id);
        expect(programme).toMatchObject({ status: seeded.status, currency: seeded.currency });
        const events = await expectStatus<{
          items: { occurredOn: string; kind: string; source: unknown }[];
        }>('events', t.http().get(`${API}/programmes/${row.id}/events`).set(auditor.auth), 200);
        const byDate = (a: { occurredOn: string }, b: { occurredOn: string }) =>
          a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0;
        expect([...events.items].sort(byDate).map((e) => [e.occurredOn, e.kind, e.source])).toEqual(
          [...seeded.events].sort(byDate).map((e) => [e.occurredOn, e.kind, e.source]),
        );
      }
    });

    it('gives every survivor an injury: all were hospitalised', async () => {
      const [{ n }] = await queryRows(
        t.ds,
        sql(`SELECT count(*)::int AS n FROM persons_on_board p JOIN incidents i ON i.id = p.incident_id
          WHERE i.code = 'J2-8243' AND p.outcome = 'survived' AND (p.injury_severity IS NULL OR p.injury_severity = 'none')`),
      );
      expect(n).toBe(0);
    });

    it('says in the API description that the persons’ details are fictional', async () => {
      const doc = await expectStatus<{ info: { description: string } }>(
        'openapi',
        t.http().get('/docs-json'),
        200,
      );
      expect(doc.info.description).toMatch(/fictional: names, dates of birth/);
    });
  });

  it('creates a programme as open by default (a currency is then required)', async () => {
    const incidentId = await work.incident();
    const res = await t
      .http()
      .post(`${API}/incidents/${incidentId}/programmes`)
      .set(admin.auth)
      .send({ name: `P ${randomUUID().slice(0, 6)}`, payer: 'other' })
      .expect(422);
    expect(res.body.code).toBe('PROGRAMME_CURRENCY_REQUIRED');
    const id = await work.programme(incidentId, { payer: 'other', currency: 'EUR' });
    expect((await read(id)).status).toBe('open');
  });
});
