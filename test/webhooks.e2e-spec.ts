import { Webhook } from 'standardwebhooks';

import { Role } from '../src/common/auth/role';
import { queryRows, sql } from '../src/common/database/sql';
import { ClaimStatus } from '../src/modules/claims/domain/claim-status';
import { createUser, TestUser } from './utils/auth';
import { createClaimFixture } from './utils/fixtures';
import {
  fastWorkerEnv,
  settleOutbox,
  SmtpSink,
  startSmtpSink,
  startWebhookReceiver,
  waitFor,
  WebhookReceiver,
} from './utils/notify';
import { API, startTestApp, TestApp } from './utils/test-app';

/*
 * Webhooks (docs/api.md#notifications-and-webhooks): Standard Webhooks signatures checked by the reference
 * library with the secret shown once; retries with growing delays until `dead`; the SSRF
 * rules; no personal data in a delivery.
 */

describe('webhooks', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: TestUser;
  let good: WebhookReceiver;
  let failing: WebhookReceiver;
  let secret: string;
  let goodId: string;
  let failingId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(fastWorkerEnv(sink.url));
    await settleOutbox(t.ds);
    admin = await createUser(t, Role.Admin);
    good = await startWebhookReceiver(() => 204);
    failing = await startWebhookReceiver(() => 500);
  });
  afterAll(async () => {
    for (const id of [goodId, failingId].filter(Boolean)) {
      await t.http().delete(`${API}/webhook-subscriptions/${id}`).set(admin.auth);
    }
    await t.close();
    await good.close();
    await failing.close();
    await sink.close();
  });

  const subscribe = (body: object, user = admin) =>
    t.http().post(`${API}/webhook-subscriptions`).set(user.auth).send(body);

  it('creates a subscription and shows its secret once, stored encrypted', async () => {
    const res = await subscribe({
      url: good.url,
      events: ['claim.status_changed', 'payment.recorded'],
    }).expect(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    secret = res.body.secret;
    goodId = res.body.id;
    const list = await t.http().get(`${API}/webhook-subscriptions`).set(admin.auth).expect(200);
    const listed = list.body.items.find((s: { id: string }) => s.id === goodId);
    expect(listed).toEqual({
      id: goodId,
      url: good.url,
      events: ['claim.status_changed', 'payment.recorded'],
      createdBy: admin.id,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(6));
    const [row] = await queryRows(
      t.ds,
      sql(`SELECT secret_enc FROM webhook_subscriptions WHERE id = :goodId`, { goodId }),
    );
    expect(row.secret_enc).not.toContain(secret.slice(6));
    const own = await subscribe({
      url: good.url,
      events: ['document.uploaded'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }).expect(201);
    expect(own.body.secret).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    await t
      .http()
      .delete(`${API}/webhook-subscriptions/${own.body.id}`)
      .set(admin.auth)
      .expect(204);
  });

  it('refuses bad input and other roles', async () => {
    for (const body of [
      { url: 'ftp://example.org/x', events: ['claim.status_changed'] },
      { url: 'not a url', events: ['claim.status_changed'] },
      { url: good.url, events: [] },
      { url: good.url, events: ['claim.exploded'] },
      { url: good.url, events: ['claim.status_changed'], secret: 'whsec_short' },
      { url: good.url, events: ['claim.status_changed'], extra: 1 },
    ]) {
      const res = await subscribe(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const caseWorker = await createUser(t, Role.CaseWorker);
    await subscribe({ url: good.url, events: ['claim.status_changed'] }, caseWorker).expect(403);
  });

  it('signs every delivery so the Standard Webhooks library verifies it; no personal data', async () => {
    const fixture = await createClaimFixture(t.ds, {
      status: 'approved' as never,
      amountApproved: '900.00',
      amountAssessed: '900.00',
    });
    const [claim] = await queryRows(
      t.ds,
      sql(`SELECT reference, version FROM claims WHERE id = :claimId`, {
        claimId: fixture.claimId,
      }),
    );
    await t
      .http()
      .post(`${API}/claims/${fixture.claimId}/payments`)
      .set(admin.auth)
      .set('Idempotency-Key', `wh-${fixture.claimId}`)
      .send({
        kind: 'advance',
        amount: { amount: '100.00', currency: 'AZN' },
        method: 'bank_transfer',
      })
      .expect(201);
    const delivered = await waitFor('the payment webhook', () =>
      good.received.find((r) => r.body.includes(fixture.claimId)),
    );
    const verified = new Webhook(secret).verify(delivered.body, {
      'webhook-id': String(delivered.headers['webhook-id']),
      'webhook-timestamp': String(delivered.headers['webhook-timestamp']),
      'webhook-signature': String(delivered.headers['webhook-signature']),
    }) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(verified.type).toBe('payment.recorded');
    expect(verified.timestamp).toEqual(expect.any(String));
    expect(verified.data).toEqual({
      claimId: fixture.claimId,
      reference: claim.reference,
      paymentId: expect.any(String),
      kind: 'advance',
      amount: { amount: '100.00', currency: 'AZN' },
    });
    const [row] = await queryRows(
      t.ds,
      sql(`SELECT recipient_id::text AS r, status FROM notifications WHERE id = :notificationId`, {
        notificationId: delivered.headers['webhook-id'],
      }),
    );
    expect(row.r).toBe(goodId);
    // A signature made with another secret does not verify.
    expect(() =>
      new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').verify(delivered.body, {
        'webhook-id': String(delivered.headers['webhook-id']),
        'webhook-timestamp': String(delivered.headers['webhook-timestamp']),
        'webhook-signature': String(delivered.headers['webhook-signature']),
      }),
    ).toThrow();
    for (const r of good.received) {
      expect(
        new Webhook(secret).verify(r.body, {
          'webhook-id': String(r.headers['webhook-id']),
          'webhook-timestamp': String(r.headers['webhook-timestamp']),
          'webhook-signature': String(r.headers['webhook-signature']),
        }),
      ).toBeTruthy();
    }
  });

  it('retries a failing receiver with growing delays, then the message is dead', async () => {
    const res = await subscribe({ url: failing.url, events: ['claim.status_changed'] }).expect(201);
    failingId = res.body.id;
    const fixture = await createClaimFixture(t.ds, { status: ClaimStatus.Submitted });
    const [{ version }] = await queryRows(
      t.ds,
      sql(`SELECT version FROM claims WHERE id = :claimId`, { claimId: fixture.claimId }),
    );
    await t
      .http()
      .post(`${API}/claims/${fixture.claimId}/transitions`)
      .set(admin.auth)
      .set('If-Match', `"${version}"`)
      .send({ to: 'under_review' })
      .expect(200);
    const [notification] = await waitFor('the failing delivery to go dead', async () =>
      (
        await queryRows<{ id: string; status: string; attempts: number; last_error: string }>(
          t.ds,
          sql(
            `SELECT id::text, status, attempts, last_error FROM notifications
          WHERE recipient_id = :failingId AND related_entity_id = :claimId AND status = 'dead'`,
            { failingId, claimId: fixture.claimId },
          ),
        )
      ).filter(Boolean).length > 0
        ? await queryRows(
            t.ds,
            sql(
              `SELECT id::text, status, attempts, last_error FROM notifications
              WHERE recipient_id = :failingId AND related_entity_id = :claimId`,
              { failingId, claimId: fixture.claimId },
            ),
          )
        : null,
    );
    expect(notification).toMatchObject({
      status: 'dead',
      attempts: 4,
      last_error: 'The receiver answered HTTP 500',
    });
    const attempts = failing.received.filter((r) => r.headers['webhook-id'] === notification.id);
    expect(attempts).toHaveLength(4);
    // Every attempt carries the same id (a receiver drops duplicates by it).
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    // Retry n waits at least base x 2^(n-1) (base 300 ms here), so the gaps grow.
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(300);
    expect(gaps[1]).toBeGreaterThanOrEqual(600);
    expect(gaps[2]).toBeGreaterThanOrEqual(1200);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    const dead = await t
      .http()
      .get(`${API}/notifications?status=dead&relatedEntityId=${fixture.claimId}`)
      .set(admin.auth)
      .expect(200);
    const mine = dead.body.items.filter(
      (n: { recipient: { id: string } }) => n.recipient.id === failingId,
    );
    expect(mine).toEqual([
      expect.objectContaining({
        id: notification.id,
        channel: 'webhook',
        template: 'claim.status_changed',
        recipient: { type: 'webhook_subscription', id: failingId },
        attempts: 4,
        lastError: 'The receiver answered HTTP 500',
      }),
    ]);
  });

  it('stops delivering to a deleted subscription', async () => {
    await t.http().delete(`${API}/webhook-subscriptions/${failingId}`).set(admin.auth).expect(204);
    await t.http().delete(`${API}/webhook-subscriptions/${failingId}`).set(admin.auth).expect(404);
    failingId = '';
    const list = await t
      .http()
      .get(`${API}/webhook-subscriptions?limit=200`)
      .set(admin.auth)
      .expect(200);
    expect(list.body.items.map((s: { url: string }) => s.url)).not.toContain(failing.url);
  });
});

describe('webhook SSRF rules in production', () => {
  let prod: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    prod = await startTestApp({ NODE_ENV: 'production', WORKER_ENABLED: 'false' });
    admin = await createUser(prod, Role.Admin);
  });
  afterAll(() => prod.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.0.0.5/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'https://192.168.1.10/hook',
  ])('refuses %s', async (url) => {
    const res = await prod
      .http()
      .post(`${API}/webhook-subscriptions`)
      .set(admin.auth)
      .send({ url, events: ['claim.status_changed'] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
  });

  it('allows them with WEBHOOK_ALLOW_PRIVATE=true', async () => {
    const open = await startTestApp({
      NODE_ENV: 'production',
      WORKER_ENABLED: 'false',
      WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    try {
      const user = await createUser(open, Role.Admin);
      const res = await open
        .http()
        .post(`${API}/webhook-subscriptions`)
        .set(user.auth)
        .send({ url: 'http://127.0.0.1:9/hook', events: ['limitation.reminder'] })
        .expect(201);
      await open
        .http()
        .delete(`${API}/webhook-subscriptions/${res.body.id}`)
        .set(user.auth)
        .expect(204);
    } finally {
      await open.close();
    }
  });
});
