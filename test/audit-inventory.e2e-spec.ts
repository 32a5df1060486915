import { randomUUID } from 'node:crypto';

import { authenticator } from 'otplib';

import { Role } from '../src/common/auth/role';
import { queryRows, sql } from '../src/common/database/sql';
import { createUser, TestUser } from './utils/auth';
import {
  buildFixture,
  Call,
  Caller,
  Fixture,
  MATRIX,
  sendCall,
  servedRoutes,
} from './utils/route-table';
import { API, startTestApp, TestApp } from './utils/test-app';

async function enrolTotp(t: TestApp, user: TestUser): Promise<{ secret: string }> {
  const res = await t.http().post(`${API}/auth/mfa/enrolment`).set(user.auth).send({}).expect(200);
  return res.body as { secret: string };
}

const totpCode = (secret: string, steps = 0) =>
  authenticator.clone({ epoch: Date.now() + steps * 30_000 }).generate(secret);

type Staff = Exclude<Caller, 'anonymous'>;

interface Audited {
  action: string;
  entityType: string;
  /** Who makes the call; the event must name them. */
  as: Staff;
  /** A call of its own when the matrix's would be refused (sign-in needs real credentials). */
  call?: (f: Fixture, t: TestApp, user: TestUser) => Call | Promise<Call>;
}

/** Every mutating route and the one event it must write (docs/api.md#audit-log). */
const AUDITED: Record<string, Audited> = {
  'POST /api/v1/auth/login': {
    action: 'auth.login',
    entityType: 'user',
    as: 'case_worker',
    call: (_f, _t, user) => ({
      path: `${API}/auth/login`,
      body: { email: user.email, password: user.password },
    }),
  },
  'POST /api/v1/auth/refresh': {
    action: 'auth.refresh',
    entityType: 'user',
    as: 'case_worker',
    call: (_f, _t, user) => ({
      path: `${API}/auth/refresh`,
      body: { refreshToken: user.refreshToken },
    }),
  },
  'POST /api/v1/auth/logout': { action: 'auth.logout', entityType: 'user', as: 'lawyer' },
  'POST /api/v1/auth/password': {
    action: 'user.password_change',
    entityType: 'user',
    as: 'case_worker',
    call: (_f, _t, user) => ({
      path: `${API}/auth/password`,
      body: { currentPassword: user.password, newPassword: 'Juniper-Harbour-Quartz-58' },
    }),
  },
  'POST /api/v1/auth/mfa/enrolment': {
    action: 'user.mfa_enrolment',
    entityType: 'user',
    as: 'case_worker',
    call: () => ({ path: `${API}/auth/mfa/enrolment`, body: {} }),
  },
  'POST /api/v1/auth/mfa/activation': {
    action: 'user.mfa_activation',
    entityType: 'user',
    as: 'case_worker',
    call: async (_f, t, user) => {
      const { secret } = await enrolTotp(t, user);
      return { path: `${API}/auth/mfa/activation`, body: { code: totpCode(secret) } };
    },
  },
  'POST /api/v1/auth/login/mfa': {
    action: 'auth.login',
    entityType: 'user',
    as: 'case_worker',
    call: async (_f, t, user) => {
      const { secret } = await enrolTotp(t, user);
      await t
        .http()
        .post(`${API}/auth/mfa/activation`)
        .set(user.auth)
        .send({ code: totpCode(secret) })
        .expect(204);
      const challenge = await t
        .http()
        .post(`${API}/auth/login`)
        .send({ email: user.email, password: user.password })
        .expect(200);
      // The activation used this time step's code: the next step's is still accepted.
      return {
        path: `${API}/auth/login/mfa`,
        body: { mfaToken: challenge.body.mfaToken, code: totpCode(secret, 1) },
      };
    },
  },
  'POST /api/v1/users': { action: 'user.create', entityType: 'user', as: 'admin' },
  'PATCH /api/v1/users/:id': { action: 'user.update', entityType: 'user', as: 'admin' },
  'POST /api/v1/incidents': { action: 'incident.create', entityType: 'incident', as: 'admin' },
  'PATCH /api/v1/incidents/:id': { action: 'incident.update', entityType: 'incident', as: 'admin' },
  'POST /api/v1/incidents/:id/programmes': {
    action: 'programme.create',
    entityType: 'programme',
    as: 'admin',
  },
  'PATCH /api/v1/programmes/:id': {
    action: 'programme.update',
    entityType: 'programme',
    as: 'admin',
  },
  'POST /api/v1/programmes/:id/events': {
    action: 'programme_event.create',
    entityType: 'programme',
    as: 'admin',
  },
  'POST /api/v1/exchange-rates': {
    action: 'exchange_rate.create',
    entityType: 'exchange_rate',
    as: 'admin',
  },
  'POST /api/v1/incidents/:id/persons': {
    action: 'person.create',
    entityType: 'person',
    as: 'case_worker',
  },
  'PATCH /api/v1/persons/:id': { action: 'person.update', entityType: 'person', as: 'case_worker' },
  'POST /api/v1/claimants': {
    action: 'claimant.create',
    entityType: 'claimant',
    as: 'case_worker',
  },
  'PATCH /api/v1/claimants/:id': {
    action: 'claimant.update',
    entityType: 'claimant',
    as: 'lawyer',
  },
  'POST /api/v1/claimants/:id/representations': {
    action: 'representation.start',
    entityType: 'claimant',
    as: 'case_worker',
  },
  'DELETE /api/v1/claimants/:id/representations/:lawyerId': {
    action: 'representation.end',
    entityType: 'claimant',
    as: 'admin',
  },
  'POST /api/v1/claims': { action: 'claim.create', entityType: 'claim', as: 'lawyer' },
  'PATCH /api/v1/claims/:id': { action: 'claim.update', entityType: 'claim', as: 'case_worker' },
  'POST /api/v1/claims/:id/transitions': {
    action: 'claim.transition',
    entityType: 'claim',
    as: 'case_worker',
  },
  'POST /api/v1/claims/:id/notes': { action: 'note.create', entityType: 'claim', as: 'lawyer' },
  'POST /api/v1/claims/:id/documents': {
    action: 'document.upload',
    entityType: 'document',
    as: 'lawyer',
  },
  'POST /api/v1/documents/:id/review': {
    action: 'document.review',
    entityType: 'document',
    as: 'case_worker',
  },
  'POST /api/v1/claims/:id/payments': {
    action: 'payment.record',
    entityType: 'payment',
    as: 'admin',
  },
  'POST /api/v1/payments/:id/reversal': {
    action: 'payment.reverse',
    entityType: 'payment',
    as: 'admin',
  },
  'POST /api/v1/webhook-subscriptions': {
    action: 'webhook_subscription.create',
    entityType: 'webhook_subscription',
    as: 'admin',
  },
  'DELETE /api/v1/webhook-subscriptions/:id': {
    action: 'webhook_subscription.delete',
    entityType: 'webhook_subscription',
    as: 'admin',
  },
};

describe('audit route inventory: every mutation writes exactly one event', () => {
  let t: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    });
    f = await buildFixture(t);
  });
  afterAll(() => t.close());

  it('has an entry for every mutating route the app serves', async () => {
    const mutating = (await servedRoutes(t)).filter((r) => !r.startsWith('GET ')).sort();
    expect(mutating.filter((r) => !(r in AUDITED))).toEqual([]);
    expect(Object.keys(AUDITED).filter((r) => !mutating.includes(r))).toEqual([]);
  });

  it.each(Object.entries(AUDITED))(
    '%s writes one %s event naming the actor',
    async (route, audited) => {
      const row = MATRIX[route]!;
      // A fresh user: sign-in, refresh and logout consume the session they act on.
      const user = await createUser(
        t,
        audited.as === 'case_worker' ? Role.CaseWorker : (audited.as as Role),
      );
      const actingUser = audited.as === 'lawyer' ? f.users.lawyer : user;
      const call = audited.call ? await audited.call(f, t, user) : await row.call(f, 'own', t);
      const requestId = `inventory-${randomUUID()}`;
      const res = await sendCall(
        t,
        route,
        call,
        route.endsWith('/logout') ? user : actingUser,
        requestId,
      );
      expect(res.status).toBeLessThan(300);
      const events = await queryRows(
        t.ds,
        sql(
          `SELECT action, entity_type, entity_id, actor_id, actor_role FROM audit_events WHERE client_request_id = :requestId`,
          { requestId },
        ),
      );
      const expectedActor = route.endsWith('/logout') || audited.call ? user : actingUser;
      expect(events).toEqual([
        {
          action: audited.action,
          entity_type: audited.entityType,
          entity_id: expect.any(String),
          actor_id: expectedActor.id,
          actor_role: expectedActor.role,
        },
      ]);
    },
  );

  it('writes no event for a refused mutation', async () => {
    const requestId = `inventory-${randomUUID()}`;
    const call = await MATRIX['POST /api/v1/incidents/:id/persons']!.call(f, 'own', t);
    const res = await sendCall(
      t,
      'POST /api/v1/incidents/:id/persons',
      { ...call, body: { fullName: '' } },
      f.users.admin,
      requestId,
    );
    expect(res.status).toBe(400);
    expect(
      await queryRows(
        t.ds,
        sql(`SELECT 1 FROM audit_events WHERE client_request_id = :requestId`, { requestId }),
      ),
    ).toEqual([]);
  });
});
