import { randomBytes } from 'node:crypto';

import { Role } from '../src/common/auth/role';
import { execute, queryRows, sql } from '../src/common/database/sql';
import { createUser, TestUser } from './utils/auth';
import {
  ClaimBody,
  createClaim,
  createClaimant,
  createIncident,
  createPerson,
  represent,
  TestIncident,
  transition,
} from './utils/fixtures';
import { fastWorkerEnv, settleOutbox, SmtpSink, startSmtpSink, waitFor } from './utils/notify';
import { API, startTestApp, TestApp } from './utils/test-app';

/*
 * Section 11's e-mail, end to end on a real SMTP server on loopback: the claim's lawyer and its
 * consenting claimant hear of each status change in the claimant's language, a claimant
 * without consent hears nothing, and no message carries a note, a reason or a name.
 */

const tag = randomBytes(4).toString('hex');
const CANARY = {
  note: `CANARYNOTE${tag} internal: claimant seems unreliable`,
  reason: `CANARYREASON${tag} please send the psychiatric report`,
  claimantName: `Canaryname${tag} Əliyeva`,
};

describe('notifications: the outbox delivers e-mail to the right people', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: TestUser;
  let caseWorker: TestUser;
  let lawyer: TestUser;
  let otherLawyer: TestUser;
  let incident: TestIncident;
  const consenting = { email: `consenting-${tag}@example.org`, id: '' };
  const silent = { email: `silent-${tag}@example.org`, id: '' };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(fastWorkerEnv(sink.url));
    await settleOutbox(t.ds);
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    lawyer = await createUser(t, Role.Lawyer);
    otherLawyer = await createUser(t, Role.Lawyer);
    incident = await createIncident(t, admin);
    const person = await createPerson(t, caseWorker, incident.id, 'deceased');
    consenting.id = (
      await createClaimant(t, caseWorker, {
        personId: person,
        fullName: CANARY.claimantName,
        relationship: 'spouse',
        contact: { email: consenting.email },
        preferredLanguage: 'ru',
        notificationsConsent: true,
      })
    ).id;
    silent.id = (
      await createClaimant(t, caseWorker, {
        personId: person,
        fullName: `Silent ${tag}`,
        relationship: 'child',
        contact: { email: silent.email },
        preferredLanguage: 'ru',
      })
    ).id;
    await represent(t, admin, consenting.id, lawyer.id);
    await represent(t, admin, silent.id, otherLawyer.id);
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  async function fileAndReview(claimantId: string, filer: TestUser): Promise<ClaimBody> {
    let claim = await createClaim(t, filer, {
      claimantId,
      programmeId: incident.programmes.exGratia.id,
      type: 'death',
      amountClaimed: { amount: '40000.00', currency: 'AZN' },
      description: `CANARYDESC${tag}`,
    });
    await t
      .http()
      .post(`${API}/claims/${claim.id}/notes`)
      .set(caseWorker.auth)
      .send({ body: CANARY.note, visibility: 'internal' })
      .expect(201);
    for (const [who, body] of [
      [filer, { to: 'submitted' }],
      [caseWorker, { to: 'under_review' }],
      [caseWorker, { to: 'information_requested', reason: CANARY.reason, dueDate: '2099-01-01' }],
    ] as const) {
      const res = await transition(t, who, claim, body);
      if (res.status !== 200 && body.to === 'information_requested') {
        // A due date more than 180 days ahead is refused: use the default.
        expect(res.body.code).toBe('DUE_DATE_OUT_OF_RANGE');
        claim = (await transition(t, who, claim, { to: body.to, reason: body.reason }).expect(200))
          .body;
      } else {
        expect(res.status).toBe(200);
        claim = res.body;
      }
    }
    return (await transition(t, filer, claim, { to: 'under_review' }).expect(200)).body;
  }

  it('tells the lawyer and the consenting claimant, in the claimant’s language, with stable ids', async () => {
    const claim = await fileAndReview(consenting.id, lawyer);
    // The claimant hears of all four changes; the lawyer of the two made by the case worker.
    const claimantMail = await waitFor('four messages to the claimant', () =>
      sink.to(consenting.email).length >= 4 ? sink.to(consenting.email) : null,
    );
    const lawyerMail = await waitFor('two messages to the lawyer', () =>
      sink.to(lawyer.email).length >= 2 ? sink.to(lawyer.email) : null,
    );
    expect(claimantMail).toHaveLength(4);
    expect(lawyerMail).toHaveLength(2);
    for (const mail of [...claimantMail, ...lawyerMail]) {
      expect(mail.language).toBe('ru');
      expect(mail.subject).toContain(claim.reference);
      expect(mail.subject.startsWith('Заявление')).toBe(true);
      expect(mail.messageId).toBe(`<${mail.notificationId}@compensation.invalid>`);
    }
    const [{ due }] = await queryRows(
      t.ds,
      sql(
        `SELECT due_date::text AS due FROM claim_transitions WHERE claim_id = :claimId AND due_date IS NOT NULL`,
        { claimId: claim.id },
      ),
    );
    // Messages of one batch travel in parallel: compare as a set, not in order.
    expect(claimantMail.map((m) => m.subject).sort()).toEqual(
      [
        `Заявление ${claim.reference}: подано`,
        `Заявление ${claim.reference}: на рассмотрении`,
        `Заявление ${claim.reference}: на рассмотрении`,
        `Заявление ${claim.reference}: запрошены сведения до ${due}`,
      ].sort(),
    );
    const info = claimantMail.find((m) => m.subject.includes('запрошены'))!;
    expect(info.text).toContain('Пожалуйста, предоставьте запрошенные сведения до');
    const rows = await queryRows<{
      id: string;
      recipient_type: string;
      recipient_id: string;
      status: string;
      template: string;
    }>(
      t.ds,
      sql(
        `SELECT id::text, recipient_type, recipient_id::text, status, template FROM notifications
        WHERE related_entity_id = :claimId AND channel = 'email' ORDER BY created_at, id`,
        { claimId: claim.id },
      ),
    );
    const ids = new Set(rows.map((r) => r.id));
    for (const mail of [...claimantMail, ...lawyerMail])
      expect(ids.has(mail.notificationId)).toBe(true);
    expect(rows.filter((r) => r.recipient_id === consenting.id)).toHaveLength(4);
    // The case workers hear that a lawyer filed the claim and answered the request.
    expect(rows.filter((r) => r.recipient_id === caseWorker.id).map((r) => r.template)).toEqual(
      expect.arrayContaining(['claim.filed', 'claim.information_provided']),
    );
    await waitFor(
      'every message of the claim sent',
      async () =>
        (
          await queryRows<{ n: number }>(
            t.ds,
            sql(
              `SELECT count(*)::int AS n FROM notifications
              WHERE related_entity_id = :claimId AND channel = 'email' AND status <> 'sent'`,
              { claimId: claim.id },
            ),
          )
        )[0]!.n === 0,
    );
  });

  it('writes nothing to a claimant without consent, while their lawyer is told', async () => {
    const claim = await fileAndReview(silent.id, otherLawyer);
    await waitFor('the other lawyer’s messages', () => sink.to(otherLawyer.email).length >= 2);
    const rows = await queryRows<{ n: number }>(
      t.ds,
      sql(`SELECT count(*)::int AS n FROM notifications WHERE recipient_id = :silentId`, {
        silentId: silent.id,
      }),
    );
    expect(rows[0]!.n).toBe(0);
    expect(sink.to(silent.email)).toEqual([]);
    expect(claim.status).toBe('under_review');
  });

  it('puts no note, reason, description, name or address into any message', () => {
    const mine = sink.mails.filter((m) =>
      [consenting.email, lawyer.email, otherLawyer.email, caseWorker.email].includes(m.to),
    );
    expect(mine.length).toBeGreaterThanOrEqual(8);
    for (const mail of mine) {
      for (const canary of [
        CANARY.note,
        'CANARYNOTE',
        'CANARYREASON',
        'CANARYDESC',
        'Canaryname',
        consenting.email,
      ]) {
        expect(`${mail.subject}\n${mail.text}`).not.toContain(canary);
      }
    }
  });

  it('stops writing once the claimant withdraws consent (a lawyer may record it)', async () => {
    const [{ version }] = await queryRows(
      t.ds,
      sql(`SELECT version FROM claimants WHERE id = :consentingId`, {
        consentingId: consenting.id,
      }),
    );
    const res = await t
      .http()
      .patch(`${API}/claimants/${consenting.id}`)
      .set(lawyer.auth)
      .set('If-Match', `"${version}"`)
      .send({ notificationsConsent: false })
      .expect(200);
    expect(res.body).toMatchObject({ notificationsConsent: false, preferredLanguage: 'ru' });
    const before = sink.to(consenting.email).length;
    const claim = await createClaim(t, lawyer, {
      claimantId: consenting.id,
      programmeId: incident.programmes.exGratia.id,
      type: 'death',
      amountClaimed: { amount: '100.00', currency: 'AZN' },
    });
    await transition(t, lawyer, claim, { to: 'submitted' }).expect(200);
    const rows = await queryRows<{ n: number }>(
      t.ds,
      sql(
        `SELECT count(*)::int AS n FROM notifications WHERE related_entity_id = :claimId AND recipient_id = :consentingId`,
        { claimId: claim.id, consentingId: consenting.id },
      ),
    );
    expect(rows[0]!.n).toBe(0);
    expect(sink.to(consenting.email)).toHaveLength(before);
  });

  it('writes no notification for a transition that rolls back', async () => {
    const claim = await createClaim(t, otherLawyer, {
      claimantId: silent.id,
      programmeId: incident.programmes.exGratia.id,
      type: 'death',
      amountClaimed: { amount: '100.00', currency: 'AZN' },
    });
    // The audit event is the transition's last write: failing it rolls back the notifications
    // written just before it, in the same transaction.
    await execute(
      t.ds,
      sql(`
      CREATE OR REPLACE FUNCTION notify_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.entity_id = '${claim.id}' AND NEW.action = 'claim.transition' THEN
          RAISE EXCEPTION 'refused by the test';
        END IF;
        RETURN NEW;
      END $$`),
    );
    await execute(
      t.ds,
      sql(
        `CREATE TRIGGER notify_test_refuse BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION notify_test_refuse()`,
      ),
    );
    try {
      const res = await transition(t, otherLawyer, claim, { to: 'submitted' });
      expect(res.status).toBe(500);
    } finally {
      await execute(t.ds, sql(`DROP TRIGGER notify_test_refuse ON audit_events`));
      await execute(t.ds, sql(`DROP FUNCTION notify_test_refuse()`));
    }
    const [row] = await queryRows(
      t.ds,
      sql(`SELECT status, version FROM claims WHERE id = :claimId`, { claimId: claim.id }),
    );
    expect(row).toEqual({ status: 'draft', version: claim.version });
    const [{ n }] = await queryRows(
      t.ds,
      sql(`SELECT count(*)::int AS n FROM notifications WHERE related_entity_id = :claimId`, {
        claimId: claim.id,
      }),
    );
    expect(n).toBe(0);
    // The same transition, accepted, writes its notifications.
    await transition(t, otherLawyer, claim, { to: 'submitted' }).expect(200);
    const [{ m }] = await queryRows(
      t.ds,
      sql(`SELECT count(*)::int AS m FROM notifications WHERE related_entity_id = :claimId`, {
        claimId: claim.id,
      }),
    );
    expect(m).toBeGreaterThan(0);
  });

  it('lists notifications for administrators only, filtered and paged', async () => {
    const [{ id: claimId }] = await queryRows(
      t.ds,
      sql(
        `SELECT related_entity_id::text AS id FROM notifications WHERE recipient_id = :consentingId LIMIT 1`,
        { consentingId: consenting.id },
      ),
    );
    const first = await t
      .http()
      .get(`${API}/notifications?relatedEntityId=${claimId}&status=sent&limit=2`)
      .set(admin.auth)
      .expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    for (const item of first.body.items) {
      expect(item).toMatchObject({
        status: 'sent',
        channel: expect.stringMatching(/^(email|webhook)$/),
        relatedEntity: { type: 'claim', id: claimId },
        attempts: expect.any(Number),
        nextAttemptAt: null,
      });
      expect(JSON.stringify(item)).not.toContain('@');
    }
    const second = await t
      .http()
      .get(
        `${API}/notifications?relatedEntityId=${claimId}&status=sent&limit=2&cursor=${first.body.nextCursor}`,
      )
      .set(admin.auth)
      .expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    await t.http().get(`${API}/notifications`).set(lawyer.auth).expect(403);
    await t.http().get(`${API}/notifications`).set(caseWorker.auth).expect(403);
    const bad = await t.http().get(`${API}/notifications?status=lost`).set(admin.auth).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
