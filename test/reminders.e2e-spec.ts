import { randomBytes } from 'node:crypto';

import { Role } from '../src/common/auth/role';
import { Clock } from '../src/common/clock';
import { queryRows, sql } from '../src/common/database/sql';
import { ReminderSweep } from '../src/modules/notifications/reminders/reminder-sweep';
import { createUser, TestUser } from './utils/auth';
import { createClaim, createClaimant, createPerson, represent, transition } from './utils/fixtures';
import { fastWorkerEnv, settleOutbox, SmtpSink, startSmtpSink, waitFor } from './utils/notify';
import { describeOnServer } from './utils/reliability';
import { API, startTestApp, TestApp } from './utils/test-app';
import { startWorkerChild, WorkerChild } from './utils/worker-child';

/*
 * Scheduled reminders with an injected clock (docs/api.md#notifications-and-webhooks): the 30-day limitation
 * reminder fires once and lists exactly the persons without a claim in that programme; two
 * worker processes sweeping at once do not both send it; information requests are reminded
 * 14 and 3 days ahead and when overdue, and the overdue ones show in the deadlines report.
 */

const DAY = 86_400_000;

interface Scene {
  incidentId: string;
  deadline: string;
  programmes: { exGratia: string; insurer: string };
  names: string[];
  caseWorker: TestUser;
  lawyer: TestUser;
  /** p1's ex gratia claim, under review, assigned to the case worker. */
  claim: { id: string; version: number; reference: string };
}

/**
 * An incident whose limitation deadline is `occurredAt` + 2 years, two programmes, three
 * deceased persons: p1 claims in ex gratia, p2's ex gratia claim is withdrawn, p3 claims in
 * the insurer's programme only. The case worker is assigned to p1's claim.
 */
async function buildScene(t: TestApp, admin: TestUser, occurredAt: string): Promise<Scene> {
  const code = `RM${randomBytes(4).toString('hex').toUpperCase()}`;
  const incident = await t
    .http()
    .post(`${API}/incidents`)
    .set(admin.auth)
    .send({
      code,
      title: `Reminders ${code}`,
      occurredAt,
      declared: { onBoard: 3, passengers: 3, crew: 0, fatalities: 3, survivors: 0 },
    })
    .expect(201);
  const programme = async (name: string, payer: string, currency: string) =>
    (
      await t
        .http()
        .post(`${API}/incidents/${incident.body.id}/programmes`)
        .set(admin.auth)
        .send({ name, payer, currency })
        .expect(201)
    ).body.id as string;
  const programmes = {
    exGratia: await programme('Ex gratia', 'airline_ex_gratia', 'AZN'),
    insurer: await programme('Carrier liability (MC99)', 'carrier_insurer', 'XDR'),
  };
  const caseWorker = await createUser(t, Role.CaseWorker);
  const lawyer = await createUser(t, Role.Lawyer);
  const persons: string[] = [];
  const claimants: string[] = [];
  for (let i = 0; i < 3; i++) {
    const person = await createPerson(t, caseWorker, incident.body.id, 'deceased');
    persons.push(person);
    const claimant = await createClaimant(t, caseWorker, {
      personId: person,
      fullName: `Heir ${i}`,
      relationship: 'spouse',
    });
    claimants.push(claimant.id);
  }
  await represent(t, admin, claimants[0]!, lawyer.id);
  const file = (i: number, programmeId: string, currency: string) =>
    createClaim(t, caseWorker, {
      claimantId: claimants[i],
      programmeId,
      type: 'death',
      amountClaimed: { amount: '100.00', currency },
    });
  let claim = await file(0, programmes.exGratia, 'AZN');
  claim = (await transition(t, caseWorker, claim, { to: 'submitted' }).expect(200)).body;
  claim = (await transition(t, caseWorker, claim, { to: 'under_review' }).expect(200)).body;
  const withdrawn = await file(1, programmes.exGratia, 'AZN');
  await transition(t, caseWorker, withdrawn, { to: 'withdrawn', reason: 'family decided' }).expect(
    200,
  );
  await file(2, programmes.insurer, 'XDR');
  const names = (
    await queryRows<{ full_name: string }>(
      t.ds,
      sql(
        `SELECT full_name FROM persons_on_board WHERE id = ANY(:persons::uuid[]) ORDER BY array_position(:persons::uuid[], id)`,
        { persons },
      ),
    )
  ).map((r) => r.full_name);
  const [{ deadline }] = await queryRows(
    t.ds,
    sql(`SELECT limitation_deadline::text AS deadline FROM incidents WHERE id = :bodyId`, {
      bodyId: incident.body.id,
    }),
  );
  return {
    incidentId: incident.body.id,
    deadline,
    programmes,
    names,
    caseWorker,
    lawyer,
    claim: { id: claim.id, version: claim.version, reference: claim.reference },
  };
}

const listed = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2).replace(/ \((deceased|survived)\)$/, ''))
    .sort();

describe('reminders driven by an injected clock', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: TestUser;
  let scene: Scene;
  let clock: jest.SpyInstance<Date, []>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(fastWorkerEnv(sink.url));
    await settleOutbox(t.ds);
    admin = await createUser(t, Role.Admin);
    scene = await buildScene(t, admin, '2031-01-10T06:00:00Z');
    clock = jest.spyOn(t.app.get(Clock), 'now');
  });
  afterAll(async () => {
    clock.mockRestore();
    await t.close();
    await sink.close();
  });

  const sweep = () => t.app.get(ReminderSweep).run();
  const mine = (keys: string[]) =>
    keys.filter((k) => Object.values(scene.programmes).some((p) => k.includes(p)));

  it('fires nothing 31 days before the deadline, after the 90-day reminder', async () => {
    expect(scene.deadline).toBe('2033-01-10');
    clock.mockReturnValue(new Date('2032-10-12T09:00:00Z')); // 90 days before
    expect(mine(await sweep()).sort()).toEqual(
      [
        `limitation:${scene.programmes.exGratia}:2033-01-10:90`,
        `limitation:${scene.programmes.insurer}:2033-01-10:90`,
      ].sort(),
    );
    clock.mockReturnValue(new Date('2032-12-10T09:00:00Z')); // 31 days before
    expect(mine(await sweep())).toEqual([]);
  });

  it('fires the 30-day reminder once per programme, listing exactly the persons without a claim in it', async () => {
    clock.mockReturnValue(new Date('2032-12-11T23:59:00Z')); // 30 days before
    const first = mine(await sweep());
    expect(first.sort()).toEqual(
      [
        `limitation:${scene.programmes.exGratia}:2033-01-10:30`,
        `limitation:${scene.programmes.insurer}:2033-01-10:30`,
      ].sort(),
    );
    expect(mine(await sweep())).toEqual([]);
    clock.mockReturnValue(new Date('2032-12-12T10:00:00Z')); // 29 days: still the 30-day one
    expect(mine(await sweep())).toEqual([]);

    const mail = await waitFor('both 30-day reminders', () => {
      const got = sink
        .to(scene.caseWorker.email)
        .filter((m) => m.subject.startsWith('Limitation deadline in 30 day(s)'));
      return got.length >= 2 ? got : null;
    });
    expect(mail).toHaveLength(2);
    const [p1, p2, p3] = scene.names;
    const exGratia = mail.find((m) => m.subject.includes('Ex gratia'))!;
    const insurer = mail.find((m) => m.subject.includes('MC99'))!;
    expect(listed(exGratia.text)).toEqual([p2!, p3!].sort());
    expect(listed(insurer.text)).toEqual([p1!, p2!].sort());
    expect(exGratia.text).toContain('2 person(s) on board have no claim in it yet');
    const rows = await queryRows<{ programme: string; recipient: string }>(
      t.ds,
      sql(
        `SELECT related_entity_id::text AS programme, recipient_id::text AS recipient, template
         FROM notifications WHERE related_entity_id = ANY(:programmeIds::uuid[]) AND template = 'limitation.reminder'
          AND channel = 'email'
          AND payload->>'daysRemaining' = '30'`,
        { programmeIds: Object.values(scene.programmes) },
      ),
    );
    // Only the incident's case worker (the one assigned to its claims) hears of it.
    expect(rows.map((r) => r.recipient)).toEqual([scene.caseWorker.id, scene.caseWorker.id]);
  });

  it('reminds of an information request 14 and 3 days ahead and when overdue, each once', async () => {
    clock.mockRestore();
    const due = new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10);
    const asked = await transition(t, scene.caseWorker, scene.claim, {
      to: 'information_requested',
      reason: 'the death certificate is illegible',
      dueDate: due,
    }).expect(200);
    expect(asked.body.informationDueDate).toBe(due);
    clock = jest.spyOn(t.app.get(Clock), 'now');
    const at = (daysFromDue: number) =>
      new Date(Date.parse(`${due}T12:00:00Z`) + daysFromDue * DAY);
    const stages: string[] = [];
    for (const [day, expected] of [
      [-15, null],
      [-14, '14'],
      [-10, null],
      [-3, '3'],
      [0, null],
      [1, 'overdue'],
      [5, null],
    ] as const) {
      clock.mockReturnValue(at(day));
      const fired = (await sweep()).filter((k) => k.startsWith('information_request:'));
      const own = fired.filter((k) => !k.includes(':limitation'));
      if (expected) {
        expect(own).toHaveLength(1);
        expect(own[0]).toMatch(new RegExp(`:${expected}$`));
        stages.push(expected);
      }
    }
    expect(stages).toEqual(['14', '3', 'overdue']);
    const rows = await queryRows<{ recipient: string; overdue: string }>(
      t.ds,
      sql(
        `SELECT recipient_id::text AS recipient, payload->>'overdue' AS overdue FROM notifications
        WHERE related_entity_id = :claimId AND template = 'information_request.reminder'
          AND channel = 'email' ORDER BY created_at, id`,
        { claimId: scene.claim.id },
      ),
    );
    // Each of the three goes to the claim's lawyer and its case worker.
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.recipient))).toEqual(
      new Set([scene.lawyer.id, scene.caseWorker.id]),
    );
    expect(rows.filter((r) => r.overdue === 'true')).toHaveLength(2);

    clock.mockReturnValue(at(2));
    const report = await t
      .http()
      .get(`${API}/reports/incidents/${scene.incidentId}/deadlines`)
      .set(admin.auth)
      .expect(200);
    expect(report.body.overdueInformationRequests).toEqual({
      total: 1,
      items: [
        expect.objectContaining({
          claimId: scene.claim.id,
          reference: scene.claim.reference,
          dueDate: due,
          daysOverdue: 2,
          assignedCaseWorkerId: scene.caseWorker.id,
        }),
      ],
    });
    expect(report.body.informationRequested.total).toBe(1);
  });
});

describe('limitation reminders follow each programme’s own deadline and eligibility', () => {
  let t: TestApp;
  let clock: jest.SpyInstance<Date, []>;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000', WORKER_ENABLED: 'false' });
    clock = jest.spyOn(t.app.get(Clock), 'now');
  });
  afterAll(async () => {
    clock.mockRestore();
    await t.close();
  });

  it('reminds of the MC99-like programme only, listing the passengers without a claim in it', async () => {
    const admin = await createUser(t, Role.Admin);
    const caseWorker = await createUser(t, Role.CaseWorker);
    const code = `RP${randomBytes(4).toString('hex').toUpperCase()}`;
    const incident = await t
      .http()
      .post(`${API}/incidents`)
      .set(admin.auth)
      .send({
        code,
        title: `Programme deadlines ${code}`,
        occurredAt: '2034-03-01T06:00:00Z',
        declared: { onBoard: 3, passengers: 2, crew: 1, fatalities: 3, survivors: 0 },
      })
      .expect(201);
    const programme = async (body: Record<string, unknown>) =>
      (
        await t
          .http()
          .post(`${API}/incidents/${incident.body.id}/programmes`)
          .set(admin.auth)
          .send(body)
          .expect(201)
      ).body.id as string;
    const insurer = await programme({
      name: 'Carrier liability (MC99)',
      payer: 'carrier_insurer',
      currency: 'XDR',
      eligibility: { categories: ['passenger'] },
      limitationDeadline: '2036-03-01',
    });
    const exGratia = await programme({
      name: 'Ex gratia',
      payer: 'airline_ex_gratia',
      currency: 'AZN',
    });
    const person = async (category: string) =>
      (
        await t
          .http()
          .post(`${API}/incidents/${incident.body.id}/persons`)
          .set(caseWorker.auth)
          .send({
            fullName: `P ${randomBytes(3).toString('hex')}`,
            category,
            nationalities: ['AZ'],
            outcome: 'deceased',
            ...(category === 'crew' ? { crewRole: 'captain' } : {}),
          })
          .expect(201)
      ).body.id as string;
    const covered = await person('passenger');
    const waiting = await person('passenger');
    await person('crew'); // MC99 does not cover crew: never listed
    const claimant = await createClaimant(t, caseWorker, {
      personId: covered,
      fullName: 'Heir',
      relationship: 'spouse',
    });
    await createClaim(t, caseWorker, {
      claimantId: claimant.id,
      programmeId: insurer,
      type: 'death',
      amountClaimed: { amount: '100.00', currency: 'XDR' },
    });

    clock.mockReturnValue(new Date('2036-01-31T09:00:00Z')); // 30 days before 2036-03-01
    const fired = (await t.app.get(ReminderSweep).run()).filter(
      (k) => k.includes(insurer) || k.includes(exGratia),
    );
    expect(fired).toEqual([`limitation:${insurer}:2036-03-01:30`]);
    const [row] = await queryRows(
      t.ds,
      sql(
        `SELECT payload FROM notifications WHERE related_entity_id = :insurer AND template = 'limitation.reminder' AND channel = 'email' LIMIT 1`,
        { insurer },
      ),
    );
    expect(row.payload).toMatchObject({ personsWithoutClaim: 1, personIds: [waiting] });
  });
});

describeOnServer('two worker processes sweeping at once', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: TestUser;
  let scene: Scene;
  const workers: WorkerChild[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ WORKER_ENABLED: 'false' });
    admin = await createUser(t, Role.Admin);
    scene = await buildScene(t, admin, '2031-02-10T06:00:00Z');
    const env = {
      ...fastWorkerEnv(sink.url),
      TEST_NOW: '2033-01-11T08:00:00Z', // 30 days before 2033-02-10
    };
    workers.push(startWorkerChild(env), startWorkerChild(env));
    await Promise.all(workers.map((w) => w.line('ready')));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t.close();
    await sink.close();
  });

  it('fires the 30-day reminder once between them and it is sent once', async () => {
    for (const w of workers) w.send('sweep');
    const answers = await Promise.all(workers.map((w) => w.line('swept ')));
    const fired = answers
      .flatMap((a) => JSON.parse(a.slice('swept '.length)) as string[])
      .filter((k) => Object.values(scene.programmes).some((p) => k.includes(p)));
    expect(fired.sort()).toEqual(
      [
        `limitation:${scene.programmes.exGratia}:2033-02-10:30`,
        `limitation:${scene.programmes.insurer}:2033-02-10:30`,
      ].sort(),
    );
    const mail = await waitFor('the two reminders', () => {
      const got = sink.to(scene.caseWorker.email);
      return got.length >= 2 ? got : null;
    });
    await waitFor('both reminders marked sent', async () => {
      const [{ n }] = await queryRows(
        t.ds,
        sql(
          `SELECT count(*)::int AS n FROM notifications WHERE related_entity_id = ANY(:programmeIds::uuid[]) AND channel = 'email' AND status = 'sent'`,
          { programmeIds: Object.values(scene.programmes) },
        ),
      );
      return n === 2;
    });
    const [{ total }] = await queryRows(
      t.ds,
      sql(
        `SELECT count(*)::int AS total FROM notifications
        WHERE related_entity_id = ANY(:programmeIds::uuid[]) AND channel = 'email'`,
        { programmeIds: Object.values(scene.programmes) },
      ),
    );
    expect(total).toBe(2);
    expect(new Set(sink.to(scene.caseWorker.email).map((m) => m.notificationId)).size).toBe(2);
    expect(mail.every((m) => m.subject.startsWith('Limitation deadline in 30 day(s)'))).toBe(true);
  });
});
