import { randomBytes } from 'node:crypto';

import { Role } from '../src/common/auth/role';
import { queryRows, sql } from '../src/common/database/sql';
import { createUser, TestUser } from './utils/auth';
import {
  createClaim,
  createClaimant,
  createIncident,
  createPerson,
  represent,
  transition,
} from './utils/fixtures';
import { settleOutbox, SmtpSink, startSmtpSink, waitFor } from './utils/notify';
import { describeOnServer } from './utils/reliability';
import { startTestApp, TestApp } from './utils/test-app';
import { startWorkerChild } from './utils/worker-child';

/*
 * A worker killed (SIGKILL) between claiming a batch and marking it sent loses nothing: after
 * a restart every message is delivered at least once, each under its own stable id. The SMTP
 * server takes the messages in but withholds its answer, so the worker is caught mid-batch.
 */

describeOnServer('crash safety of outbox delivery', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: TestUser;
  let caseWorker: TestUser;
  let lawyer: TestUser;
  const email = `crash-${randomBytes(4).toString('hex')}@example.org`;
  let claimId = '';

  beforeAll(async () => {
    sink = await startSmtpSink();
    // No worker in this process: only the child processes deliver.
    t = await startTestApp({ WORKER_ENABLED: 'false' });
    await settleOutbox(t.ds);
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    lawyer = await createUser(t, Role.Lawyer);
    const incident = await createIncident(t, admin);
    const person = await createPerson(t, caseWorker, incident.id, 'deceased');
    const claimant = await createClaimant(t, caseWorker, {
      personId: person,
      fullName: 'Crash Claimant',
      relationship: 'parent',
      contact: { email },
      notificationsConsent: true,
    });
    await represent(t, admin, claimant.id, lawyer.id);
    let claim = await createClaim(t, caseWorker, {
      claimantId: claimant.id,
      programmeId: incident.programmes.exGratia.id,
      type: 'death',
      amountClaimed: { amount: '500.00', currency: 'AZN' },
    });
    claimId = claim.id;
    for (const to of ['submitted', 'under_review']) {
      claim = (await transition(t, caseWorker, claim, { to }).expect(200)).body;
    }
    claim = (
      await transition(t, caseWorker, claim, { to: 'information_requested', reason: 'x' }).expect(
        200,
      )
    ).body;
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const rowsOfClaim = async () =>
    await queryRows<{ id: string; status: string; attempts: number }>(
      t.ds,
      sql(
        `SELECT id::text, status, attempts FROM notifications
        WHERE related_entity_id = :claimId AND channel = 'email' ORDER BY id`,
        { claimId },
      ),
    );

  it('delivers every message at least once, under its stable id, after the worker is killed mid-batch', async () => {
    const written = await rowsOfClaim();
    // Three changes, each to the lawyer and the consenting claimant.
    expect(written).toHaveLength(6);
    expect(written.every((r) => r.status === 'pending')).toBe(true);

    sink.hold = true;
    const env = {
      SMTP_URL: sink.url,
      WORKER_POLL_INTERVAL_MS: '50',
      WORKER_BATCH_SIZE: '50',
      WORKER_LEASE_SECONDS: '2',
    };
    const first = startWorkerChild(env);
    await first.line('ready');
    // The worker has claimed its batch and handed messages to the SMTP server, which has not
    // answered: nothing can have been marked sent.
    await waitFor('messages in flight', () => sink.held >= 2);
    const inFlight = await rowsOfClaim();
    expect(inFlight.filter((r) => r.status === 'sent')).toEqual([]);
    expect(inFlight.filter((r) => r.attempts === 1).length).toBeGreaterThanOrEqual(2);
    await first.kill();
    const seenBeforeCrash = new Set(sink.mails.map((m) => m.notificationId));

    sink.hold = false;
    const second = startWorkerChild(env);
    try {
      await second.line('ready');
      await waitFor(
        'every message sent after the restart',
        async () => (await rowsOfClaim()).every((r) => r.status === 'sent'),
        60_000,
      );
    } finally {
      await second.stop();
    }
    const ids = written.map((r) => r.id);
    const received = sink.mails.filter((m) => ids.includes(m.notificationId));
    // Every message arrived, each always under its own id and Message-ID.
    expect(new Set(received.map((m) => m.notificationId))).toEqual(new Set(ids));
    for (const m of received)
      expect(m.messageId).toBe(`<${m.notificationId}@compensation.invalid>`);
    // The ones caught in the crash were delivered again: duplicates a receiver drops by id.
    const redelivered = received.filter((m) => seenBeforeCrash.has(m.notificationId));
    expect(redelivered.length).toBeGreaterThan(seenBeforeCrash.size);
    const after = await rowsOfClaim();
    expect(after.every((r) => r.attempts >= 1)).toBe(true);
    expect(after.filter((r) => seenBeforeCrash.has(r.id)).every((r) => r.attempts === 2)).toBe(
      true,
    );
  });
});
