import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';

import { Role } from '../src/common/auth/role';
import { Clock } from '../src/common/clock';
import { queryRows, sql } from '../src/common/database/sql';
import {
  J2_8243_INCIDENT,
  J2_8243_PERSONS,
  J2_8243_PROGRAMMES,
} from '../src/database/seeds/j2-8243.data';
import { CLAIM_STATUSES } from '../src/modules/claims/domain/claim-status';
import { CLAIM_TYPES } from '../src/modules/claims/domain/claim-type';
import { createUser, TestUser } from './utils/auth';
import {
  ClaimBody,
  claimsOfPerson,
  createClaim,
  createClaimant,
  createIncident,
  fileVerifiedDocuments,
  ListedPerson,
  listPersons,
  moveThrough,
  pay,
  programmesByPayer,
  reverse,
} from './utils/fixtures';
import { API, seededIncidentId, startTestApp, TestApp } from './utils/test-app';

interface Summary {
  incidentId: string;
  incidentCode: string;
  manifest: {
    declared: Record<string, number>;
    recorded: Record<string, number>;
    reconciled: boolean;
    discrepancies: { field: string; declared: number; recorded: number }[];
    byNationality: { nationality: string; onBoard: number; deceased: number; survived: number }[];
    alternativeCounts: unknown[];
  };
  claims: { total: number; byStatus: Record<string, number>; byType: Record<string, number> };
  amounts: {
    programmeId: string;
    programmeName: string;
    payer: string;
    currency: string;
    claims: number;
    claimed: string;
    approved: string;
    paid: string;
    paidIn: { amount: string; currency: string }[];
    toRecover: string;
  }[];
  coverage: {
    personsWithClaim: number;
    personsWithoutClaim: number;
    deceasedWithoutClaim: number;
    survivorsWithoutClaim: number;
  };
  limitation: {
    deadline: string;
    daysRemaining: number;
    programmes: {
      programmeId: string;
      programmeName: string;
      deadline: string;
      daysRemaining: number;
      personsWithoutClaim: number;
    }[];
  };
  generatedAt: string;
}

const NOW = new Date('2026-12-20T10:00:00.000Z');
const money = (value: Decimal.Value) => new Decimal(value).toFixed(2);

/** byNationality as the seed file describes it, a person under each of their nationalities. */
function nationalitiesOf(
  persons: readonly { nationalities: readonly string[]; outcome: string }[],
): Summary['manifest']['byNationality'] {
  const counts = new Map<string, { onBoard: number; deceased: number; survived: number }>();
  for (const p of persons) {
    for (const n of new Set(p.nationalities)) {
      const c = counts.get(n) ?? { onBoard: 0, deceased: 0, survived: 0 };
      c.onBoard++;
      if (p.outcome === 'deceased') c.deceased++;
      else c.survived++;
      counts.set(n, c);
    }
  }
  return [...counts.entries()]
    .map(([nationality, c]) => ({ nationality, ...c }))
    .sort((a, b) => b.onBoard - a.onBoard || (a.nationality < b.nationality ? -1 : 1));
}

describe('GET /reports/incidents/:id/summary', () => {
  let t: TestApp;
  let admin: TestUser;
  let caseWorker: TestUser;
  let auditor: TestUser;

  const summary = async (user: TestUser, incidentId: string): Promise<Summary> => {
    const res = await t
      .http()
      .get(`${API}/reports/incidents/${incidentId}/summary`)
      .set(user.auth)
      .expect(200);
    return res.body as Summary;
  };

  beforeAll(async () => {
    // No background worker: one test counts the statements and transactions of one request.
    t = await startTestApp({ WORKER_ENABLED: 'false' });
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(NOW));
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    auditor = await createUser(t, Role.Auditor);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  describe('on the seeded J2-8243 with claims filed through the API', () => {
    let incidentId: string;
    let before: Summary;
    let after: Summary;
    let persons: ListedPerson[];
    let chosen: {
      azDeceased1: ListedPerson;
      azDeceased2: ListedPerson;
      kzDeceased: ListedPerson;
      kgSurvivor: ListedPerson;
    };

    beforeAll(async () => {
      incidentId = await seededIncidentId(t.ds);
      persons = await listPersons(t, admin, incidentId);
      // Persons nobody has claimed for yet (other suites file claims on J2-8243 too).
      const unclaimed: ListedPerson[] = [];
      for (const p of persons) {
        if ((await claimsOfPerson(t, admin, p.id)).length === 0) unclaimed.push(p);
      }
      const pick = (nat: string, outcome: string, skip = 0) => {
        // Passengers: the MC99 programme covers no crew (its eligibility).
        const found = unclaimed.filter(
          (p) =>
            p.nationalities.includes(nat) && p.outcome === outcome && p.category === 'passenger',
        )[skip];
        if (!found) throw new Error(`no unclaimed ${outcome} person of ${nat} left in J2-8243`);
        return found;
      };
      chosen = {
        azDeceased1: pick('AZ', 'deceased'),
        azDeceased2: pick('AZ', 'deceased', 1),
        kzDeceased: pick('KZ', 'deceased'),
        kgSurvivor: pick('KG', 'survived'),
      };

      before = await summary(admin, incidentId);
      const programmes = await programmesByPayer(t, admin, incidentId);
      const azal = programmes.airline_ex_gratia!;
      const insurer = programmes.carrier_insurer!;
      const kazakhstan = programmes.host_state!;
      const russia = programmes.russian_federation!;
      const claimant = (person: ListedPerson, fullName: string, relationship: string) =>
        createClaimant(t, caseWorker, { personId: person.id, fullName, relationship });
      const claim = async (
        claimantId: string,
        programme: { id: string; currency: string | null },
        type: string,
        amount: string,
      ): Promise<ClaimBody> =>
        createClaim(t, caseWorker, {
          claimantId,
          programmeId: programme.id,
          type,
          // The Russian pledge has no currency yet: the claim is filed in roubles.
          amountClaimed: { amount, currency: programme.currency ?? 'RUB' },
        });

      // 1. Death claim, AZN 40,000 approved; advance 10,000 reversed; awards 25,000.25 (one reversed and paid again).
      const spouse = await claimant(chosen.azDeceased1, 'Leyla Əliyeva', 'spouse');
      let c1 = await claim(spouse.id, azal, 'death', '40000.00');
      c1 = await moveThrough(
        t,
        [
          [caseWorker, { to: 'submitted' }],
          [caseWorker, { to: 'under_review' }],
        ],
        c1,
      );
      const advance = await pay(t, admin, c1, 'advance', '10000.00');
      await reverse(t, admin, advance.id);
      await fileVerifiedDocuments(t, c1.id, [
        'death_certificate',
        'proof_of_kinship',
        'identity_document',
      ]);
      c1 = await moveThrough(
        t,
        [
          [caseWorker, { to: 'assessed', amount: { amount: '40000.00', currency: 'AZN' } }],
          [admin, { to: 'approved' }],
          [caseWorker, { to: 'offer_accepted' }],
        ],
        c1,
      );
      const award = await pay(t, admin, c1, 'award', '25000.25');
      await reverse(t, admin, award.id);
      await pay(t, admin, c1, 'award', '25000.25');

      // 2. Same person, MC99 insurer, rejected: still claimed, nothing approved.
      const child = await claimant(chosen.azDeceased1, 'Murad Əliyev', 'child');
      const c2 = await claim(child.id, insurer, 'death', '128821.00');
      await moveThrough(
        t,
        [
          [caseWorker, { to: 'submitted' }],
          [caseWorker, { to: 'under_review' }],
          [admin, { to: 'rejected', reason: 'Claimed twice for the same loss' }],
        ],
        c2,
      );

      // 3. Kazakh victim, state aid, withdrawn: not claimed, and the person stays uncovered.
      const parent = await claimant(chosen.kzDeceased, 'Ерлан Сапаров', 'parent');
      const c3 = await claim(parent.id, kazakhstan, 'death', '5000000.00');
      await moveThrough(
        t,
        [
          [caseWorker, { to: 'submitted' }],
          [caseWorker, { to: 'withdrawn', reason: 'Family asked to withdraw' }],
        ],
        c3,
      );

      // 4. and 5. A Kyrgyz survivor: an injury claim waiting for information, and a draft.
      const self = await claimant(chosen.kgSurvivor, 'Айгуль Токтогулова', 'self');
      const c4 = await claim(self.id, azal, 'injury', '20000.00');
      await moveThrough(
        t,
        [
          [caseWorker, { to: 'submitted' }],
          [caseWorker, { to: 'under_review' }],
          [caseWorker, { to: 'information_requested', reason: 'Hospital discharge letter' }],
        ],
        c4,
      );
      await claim(self.id, russia, 'property', '150000.50');

      // 6. Funeral expenses, submitted, with an advance of 1,000.
      const sibling = await claimant(chosen.azDeceased2, 'Səbinə Çələbi', 'sibling');
      let c6 = await claim(sibling.id, azal, 'funeral_expenses', '3500.75');
      c6 = await moveThrough(t, [[caseWorker, { to: 'submitted' }]], c6);
      await pay(t, admin, c6, 'advance', '1000.00');

      after = await summary(admin, incidentId);
    });

    it('reports the seeded manifest exactly as the seed file has it', () => {
      const recorded = {
        onBoard: J2_8243_PERSONS.length,
        passengers: J2_8243_PERSONS.filter((p) => p.category === 'passenger').length,
        crew: J2_8243_PERSONS.filter((p) => p.category === 'crew').length,
        fatalities: J2_8243_PERSONS.filter((p) => p.outcome === 'deceased').length,
        survivors: J2_8243_PERSONS.filter((p) => p.outcome === 'survived').length,
      };
      expect(after.incidentId).toBe(incidentId);
      expect(after.incidentCode).toBe(J2_8243_INCIDENT.code);
      expect(after.manifest.declared).toEqual(J2_8243_INCIDENT.declared);
      expect(after.manifest.recorded).toEqual(recorded);
      expect(after.manifest.reconciled).toBe(true);
      expect(after.manifest.discrepancies).toEqual([]);
      // The early report of 69 aboard, shown as it was published beside the declared 67.
      expect(after.manifest.alternativeCounts).toEqual(J2_8243_INCIDENT.alternativeCounts);
      expect(after.manifest.byNationality).toEqual(nationalitiesOf(J2_8243_PERSONS));
      // The real breakdown of J2-8243 (README), as a cross-check of the seed file itself.
      expect(after.manifest.byNationality).toEqual([
        { nationality: 'AZ', onBoard: 42, deceased: 25, survived: 17 },
        { nationality: 'RU', onBoard: 16, deceased: 7, survived: 9 },
        { nationality: 'KZ', onBoard: 6, deceased: 6, survived: 0 },
        { nationality: 'KG', onBoard: 3, deceased: 0, survived: 3 },
      ]);
    });

    it('gives the limitation deadline and days remaining at the clock’s date', () => {
      expect(after.limitation).toMatchObject({ deadline: '2026-12-25', daysRemaining: 5 });
      expect(after.generatedAt).toBe(NOW.toISOString());
    });

    it('gives the MC99 deadline with the passengers still without an MC99 claim', async () => {
      const mc99 = J2_8243_PROGRAMMES.find((p) => p.payer === 'carrier_insurer')!;
      // Counted here from the seed file and the claims table, independently of the report.
      const withMc99Claim = new Set(
        (
          await queryRows<{ person_id: string }>(
            t.ds,
            sql(
              `SELECT DISTINCT c.person_id FROM claims c
               JOIN compensation_programmes pr ON pr.id = c.programme_id
              WHERE pr.incident_id = :incidentId AND pr.name = :name AND c.status <> 'withdrawn'`,
              { incidentId, name: mc99.name },
            ),
          )
        ).map((r) => r.person_id),
      );
      const passengers = persons.filter((p) => p.category === 'passenger');
      expect(withMc99Claim.has(chosen.azDeceased1.id)).toBe(true);
      expect(after.limitation.programmes).toEqual([
        {
          programmeId: expect.any(String),
          programmeName: mc99.name,
          deadline: mc99.limitationDeadline,
          daysRemaining: 5,
          personsWithoutClaim: passengers.filter((p) => !withMc99Claim.has(p.id)).length,
        },
      ]);
      // The rejected MC99 claim of step 2 still covers its person; nothing else changed.
      expect(after.limitation.programmes[0]!.personsWithoutClaim).toBe(
        before.limitation.programmes[0]!.personsWithoutClaim - 1,
      );
    });

    it('counts exactly the claims the test filed on top of what was there', () => {
      const created: Record<string, number> = {
        offer_accepted: 1,
        rejected: 1,
        withdrawn: 1,
        information_requested: 1,
        draft: 1,
        submitted: 1,
      };
      const types: Record<string, number> = {
        death: 3,
        injury: 1,
        property: 1,
        funeral_expenses: 1,
      };
      expect(Object.keys(after.claims.byStatus).sort()).toEqual([...CLAIM_STATUSES].sort());
      expect(Object.keys(after.claims.byType).sort()).toEqual([...CLAIM_TYPES].sort());
      expect(after.claims.total).toBe(before.claims.total + 6);
      for (const status of CLAIM_STATUSES) {
        expect([status, after.claims.byStatus[status]]).toEqual([
          status,
          before.claims.byStatus[status]! + (created[status] ?? 0),
        ]);
      }
      for (const type of CLAIM_TYPES) {
        expect([type, after.claims.byType[type]]).toEqual([
          type,
          before.claims.byType[type]! + (types[type] ?? 0),
        ]);
      }
    });

    it('adds the amounts the test claimed, approved and paid to each programme', () => {
      // payer: [claims filed, claimed (drafts and withdrawn excluded), approved, paid less reversals]
      const delta: Record<string, [number, string, string, string]> = {
        airline_ex_gratia: [3, '63500.75', '40000.00', '26000.25'],
        carrier_insurer: [1, '128821.00', '0.00', '0.00'],
        host_state: [1, '0.00', '0.00', '0.00'],
        russian_federation: [1, '0.00', '0.00', '0.00'],
      };
      expect(after.amounts.map((a) => a.payer).sort()).toEqual(
        J2_8243_PROGRAMMES.map((p) => p.payer).sort(),
      );
      for (const a of after.amounts) {
        const b = before.amounts.find((x) => x.programmeId === a.programmeId)!;
        const seeded = J2_8243_PROGRAMMES.find((p) => p.payer === a.payer)!;
        const [claims, claimed, approved, paid] = delta[a.payer]!;
        expect(a).toEqual({
          programmeId: b.programmeId,
          programmeName: seeded.name,
          payer: seeded.payer,
          currency: seeded.currency ?? 'RUB',
          claims: b.claims + claims,
          claimed: money(new Decimal(b.claimed).plus(claimed)),
          approved: money(new Decimal(b.approved).plus(approved)),
          paid: money(new Decimal(b.paid).plus(paid)),
          // Everything was paid in the programme's own currency; nothing is owed back.
          paidIn:
            a.payer === 'airline_ex_gratia' ? [{ amount: a.paid, currency: 'AZN' }] : b.paidIn,
          toRecover: b.toRecover,
        });
        for (const value of [a.claimed, a.approved, a.paid]) expect(value).toMatch(/^\d+\.\d{2}$/);
      }
    });

    it('moves three persons into coverage; the withdrawn claim leaves its person uncovered', () => {
      expect(after.coverage).toEqual({
        personsWithClaim: before.coverage.personsWithClaim + 3,
        personsWithoutClaim: before.coverage.personsWithoutClaim - 3,
        deceasedWithoutClaim: before.coverage.deceasedWithoutClaim - 2,
        survivorsWithoutClaim: before.coverage.survivorsWithoutClaim - 1,
      });
      expect(after.coverage.personsWithClaim + after.coverage.personsWithoutClaim).toBe(
        J2_8243_PERSONS.length,
      );
    });

    it('agrees, figure by figure, with a count of the claim and payment rows made here', async () => {
      const claims = await queryRows<{
        id: string;
        person_id: string;
        programme_id: string;
        status: string;
        type: string;
        claimed: string | null;
        approved: string | null;
      }>(
        t.ds,
        sql(
          `SELECT id, person_id, programme_id, status::text AS status, type::text AS type,
                amount_claimed::text AS claimed, amount_approved::text AS approved
           FROM claims WHERE incident_id = :incidentId`,
          { incidentId },
        ),
      );
      const payments = await queryRows<{
        claim_id: string;
        amount: string;
        reversal_of: string | null;
      }>(
        t.ds,
        sql(
          `SELECT claim_id, amount::text AS amount, reversal_of FROM payments
          WHERE claim_id IN (SELECT id FROM claims WHERE incident_id = :incidentId)`,
          { incidentId },
        ),
      );

      expect(after.claims.total).toBe(claims.length);
      for (const status of CLAIM_STATUSES) {
        expect(after.claims.byStatus[status]).toBe(
          claims.filter((c) => c.status === status).length,
        );
      }
      for (const type of CLAIM_TYPES) {
        expect(after.claims.byType[type]).toBe(claims.filter((c) => c.type === type).length);
      }
      for (const a of after.amounts) {
        const mine = claims.filter((c) => c.programme_id === a.programmeId);
        const ids = new Set(mine.map((c) => c.id));
        let claimed = new Decimal(0);
        let approved = new Decimal(0);
        for (const c of mine) {
          if (c.status !== 'draft' && c.status !== 'withdrawn' && c.claimed)
            claimed = claimed.plus(c.claimed);
          if (c.approved) approved = approved.plus(c.approved);
        }
        let paid = new Decimal(0);
        for (const p of payments.filter((x) => ids.has(x.claim_id))) {
          paid = p.reversal_of ? paid.minus(p.amount) : paid.plus(p.amount);
        }
        expect({
          claims: a.claims,
          claimed: a.claimed,
          approved: a.approved,
          paid: a.paid,
        }).toEqual({
          claims: mine.length,
          claimed: money(claimed),
          approved: money(approved),
          paid: money(paid),
        });
      }
      const covered = new Set(
        claims.filter((c) => c.status !== 'withdrawn').map((c) => c.person_id),
      );
      const uncovered = persons.filter((p) => !covered.has(p.id));
      expect(after.coverage).toEqual({
        personsWithClaim: persons.length - uncovered.length,
        personsWithoutClaim: uncovered.length,
        deceasedWithoutClaim: uncovered.filter((p) => p.outcome === 'deceased').length,
        survivorsWithoutClaim: uncovered.filter((p) => p.outcome === 'survived').length,
      });
      expect(covered.has(chosen.kzDeceased.id)).toBe(false);
      expect(covered.has(chosen.azDeceased1.id)).toBe(true);
    });

    it('gives auditors the same figures (the summary holds no personal data)', async () => {
      expect(await summary(auditor, incidentId)).toEqual(after);
    });
  });

  describe('on an incident of its own', () => {
    it('counts dual nationals under each nationality and shows what does not reconcile', async () => {
      const incident = await createIncident(t, admin);
      const person = (body: Record<string, unknown>) =>
        t
          .http()
          .post(`${API}/incidents/${incident.id}/persons`)
          .set(caseWorker.auth)
          .send({ category: 'passenger', ...body })
          .expect(201)
          .then((r) => r.body as { id: string });
      const dual = await person({
        fullName: 'Anar Петров',
        nationalities: ['AZ', 'RU'],
        outcome: 'deceased',
      });
      await person({
        fullName: 'Dana Ospanova',
        nationalities: ['KZ'],
        outcome: 'survived',
        injurySeverity: 'minor',
      });
      await person({
        fullName: 'Kamal Quliyev',
        category: 'crew',
        crewRole: 'captain',
        nationalities: ['AZ'],
        outcome: 'deceased',
      });
      const claimant = await createClaimant(t, caseWorker, {
        personId: dual.id,
        fullName: 'Nərgiz Petrova',
        relationship: 'spouse',
      });
      const withdrawn = await createClaim(t, caseWorker, {
        claimantId: claimant.id,
        programmeId: incident.programmes.exGratia.id,
        type: 'death',
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
      await moveThrough(
        t,
        [[caseWorker, { to: 'withdrawn', reason: 'Filed in error' }]],
        withdrawn,
      );

      const s = await summary(caseWorker, incident.id);
      expect(s.manifest).toEqual({
        declared: { onBoard: 10, passengers: 8, crew: 2, fatalities: 5, survivors: 5 },
        recorded: { onBoard: 3, passengers: 2, crew: 1, fatalities: 2, survivors: 1 },
        reconciled: false,
        discrepancies: [
          { field: 'onBoard', declared: 10, recorded: 3 },
          { field: 'passengers', declared: 8, recorded: 2 },
          { field: 'crew', declared: 2, recorded: 1 },
          { field: 'fatalities', declared: 5, recorded: 2 },
          { field: 'survivors', declared: 5, recorded: 1 },
        ],
        byNationality: [
          { nationality: 'AZ', onBoard: 2, deceased: 2, survived: 0 },
          { nationality: 'KZ', onBoard: 1, deceased: 0, survived: 1 },
          { nationality: 'RU', onBoard: 1, deceased: 1, survived: 0 },
        ],
        // The incident records no published count that differs from its declared one.
        alternativeCounts: [],
      });
      expect(s.claims.total).toBe(1);
      expect(s.claims.byStatus.withdrawn).toBe(1);
      expect(s.coverage).toEqual({
        personsWithClaim: 0,
        personsWithoutClaim: 3,
        deceasedWithoutClaim: 2,
        survivorsWithoutClaim: 1,
      });
      expect(s.amounts).toEqual([
        expect.objectContaining({
          payer: 'airline_ex_gratia',
          claims: 1,
          claimed: '0.00',
          approved: '0.00',
          paid: '0.00',
        }),
        expect.objectContaining({
          payer: 'carrier_insurer',
          claims: 0,
          claimed: '0.00',
          approved: '0.00',
          paid: '0.00',
        }),
      ]);
    });

    it('takes every figure in one REPEATABLE READ, READ ONLY transaction', async () => {
      const incidentId = await seededIncidentId(t.ds);
      const levels: unknown[] = [];
      const statements: string[] = [];
      const escaped: string[] = [];
      let open = false;
      const transaction = t.ds.transaction.bind(t.ds) as (...args: unknown[]) => Promise<unknown>;
      const spies = [
        // Other transactions of the request (the rate limiter's) pass through untouched.
        jest.spyOn(t.ds, 'transaction').mockImplementation(((...args: unknown[]) => {
          if (args[0] !== 'REPEATABLE READ') return transaction(...args);
          const work = args[1] as (m: EntityManager) => Promise<unknown>;
          levels.push(args[0]);
          return transaction(args[0], async (manager: EntityManager) => {
            const query = manager.query.bind(manager);
            jest
              .spyOn(manager, 'query')
              .mockImplementation((sql: string, params?: Parameters<typeof query>[1]) => {
                statements.push(sql.trim());
                return query(sql, params);
              });
            open = true;
            try {
              return await work(manager);
            } finally {
              open = false;
            }
          });
        }) as never),
        // EntityManager.query delegates to DataSource.query with its query runner: a call that
        // escapes the transaction is one without the transaction's runner.
        (() => {
          const query = t.ds.query.bind(t.ds) as (...args: unknown[]) => Promise<unknown>;
          return jest.spyOn(t.ds, 'query').mockImplementation(((...args: unknown[]) => {
            const runner = args[2] as { isTransactionActive?: boolean } | undefined;
            const sql = String(args[0]);
            // The rate limiter publishes its counts on its own 250 ms timer, whatever the request.
            const limiter = sql.includes('rate_limit_buckets');
            if (open && !runner?.isTransactionActive && !limiter) escaped.push(sql);
            return query(...args);
          }) as never);
        })(),
      ];
      try {
        await summary(admin, incidentId);
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
      expect(levels).toEqual(['REPEATABLE READ']);
      expect(statements[0]).toBe('SET TRANSACTION READ ONLY');
      // The incident, the manifest, nationalities, claims, amounts, coverage, and the
      // programmes with a deadline with their persons without a claim.
      expect(statements).toHaveLength(9);
      expect(escaped).toEqual([]);
    });

    it('answers 404 for an unknown incident and 400 for a malformed id', async () => {
      const missing = await t
        .http()
        .get(`${API}/reports/incidents/00000000-0000-4000-8000-000000000000/summary`)
        .set(admin.auth)
        .expect(404);
      expect(missing.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      const bad = await t
        .http()
        .get(`${API}/reports/incidents/not-a-uuid/summary`)
        .set(admin.auth)
        .expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });
  });
});
