import { randomUUID } from 'node:crypto';

import { Role } from '../../src/common/auth/role';
import { execute, queryRows, sql } from '../../src/common/database/sql';
import { createUser, TestUser } from './auth';
import { API, TestApp } from './test-app';

/**
 * docs/api.md#roles-and-access as a table: every route, for every role and for anonymous callers, on
 * an object inside and outside a lawyer's scope. `ok` means access was granted (any answer
 * other than 401, 403 or 404); numbers are the refusal expected. A route the app serves
 * without a row here fails the suite.
 */
export type Caller = 'anonymous' | 'admin' | 'case_worker' | 'lawyer' | 'auditor';
export type Outcome = 'ok' | 401 | 403 | 404;
export type Target = 'own' | 'foreign';

export interface Fixture {
  incidentId: string;
  programmeId: string;
  persons: Record<Target, string>;
  claimants: Record<Target, string>;
  /** An under_review claim per target that stays put; rows that change claims make their own. */
  claims: Record<Target, string>;
  documents: Record<Target, string>;
  users: Record<Exclude<Caller, 'anonymous'>, TestUser>;
  otherUserId: string;
}

export interface Call {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  file?: { field: string; content: Buffer; name: string; fields: Record<string, string> };
}

export interface Row {
  /** Lawyer on an object of another lawyer's client; defaults to the lawyer's own outcome. */
  expect: Record<Caller, Outcome> & { lawyerForeign?: Outcome };
  call: (f: Fixture, target: Target, t: TestApp) => Call | Promise<Call>;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** A claim straight in the database, for rows whose call changes it. */
async function freshClaim(
  t: TestApp,
  f: Fixture,
  target: Target,
  status = 'draft',
  approved: string | null = null,
): Promise<string> {
  const [row] = await queryRows(
    t.ds,
    sql(
      `INSERT INTO claims (reference, incident_id, programme_id, claimant_id, person_id, type, status, currency, amount_claimed, amount_approved)
     VALUES (:reference, :incidentId, :programmeId, :claimantId, :personId, 'injury', :status, 'EUR', '1000.00', :approved) RETURNING id`,
      {
        reference: `MX-C-${randomUUID()}`,
        incidentId: f.incidentId,
        programmeId: f.programmeId,
        claimantId: f.claimants[target],
        personId: f.persons[target],
        status,
        approved,
      },
    ),
  );
  return row.id as string;
}

const ALL_OK: Record<Caller, Outcome> = {
  anonymous: 401,
  admin: 'ok',
  case_worker: 'ok',
  lawyer: 'ok',
  auditor: 'ok',
};
const ADMIN_ONLY: Record<Caller, Outcome> = {
  anonymous: 401,
  admin: 'ok',
  case_worker: 403,
  lawyer: 403,
  auditor: 403,
};
const STAFF: Record<Caller, Outcome> = {
  anonymous: 401,
  admin: 'ok',
  case_worker: 'ok',
  lawyer: 403,
  auditor: 403,
};
const PUBLIC: Record<Caller, Outcome> = {
  anonymous: 'ok',
  admin: 'ok',
  case_worker: 'ok',
  lawyer: 'ok',
  auditor: 'ok',
};

async function versionOf(t: TestApp, table: string, id: string): Promise<Record<string, string>> {
  const [row] = await queryRows(t.ds, sql(`SELECT version FROM ${table} WHERE id = :id`, { id }));
  return { 'If-Match': `"${row.version}"` };
}

const newPerson = () => ({
  fullName: `Matrix ${randomUUID().slice(0, 8)}`,
  category: 'passenger',
  nationalities: ['AZ'],
  outcome: 'survived',
});

export const MATRIX: Record<string, Row> = {
  'GET /health': { expect: PUBLIC, call: () => ({ path: '/health' }) },
  'GET /health/live': { expect: PUBLIC, call: () => ({ path: '/health/live' }) },
  'GET /health/ready': { expect: PUBLIC, call: () => ({ path: '/health/ready' }) },
  // Only the METRICS_TOKEN bearer opens it (the matrix app sets one): no user's token does.
  'GET /metrics': {
    expect: { anonymous: 401, admin: 401, case_worker: 401, lawyer: 401, auditor: 401 },
    call: () => ({ path: '/metrics' }),
  },
  'POST /api/v1/auth/login': {
    expect: PUBLIC,
    call: () => ({
      path: `${API}/auth/login`,
      body: { email: `nobody-${randomUUID()}@test.invalid`, password: 'x-password-x' },
    }),
  },
  'POST /api/v1/auth/refresh': {
    expect: PUBLIC,
    call: () => ({ path: `${API}/auth/refresh`, body: { refreshToken: 'A'.repeat(43) } }),
  },
  'POST /api/v1/auth/logout': { expect: ALL_OK, call: () => ({ path: `${API}/auth/logout` }) },
  'POST /api/v1/auth/login/mfa': {
    expect: PUBLIC,
    call: () => ({
      path: `${API}/auth/login/mfa`,
      body: { mfaToken: 'eyJhbGciOiJIUzI1NiJ9.e30.bm90LWEtdG9rZW4', code: '123456' },
    }),
  },
  // A wrong current password: reached (403 CURRENT_PASSWORD_WRONG), and the fixture's unchanged.
  'POST /api/v1/auth/password': {
    expect: ALL_OK,
    call: () => ({
      path: `${API}/auth/password`,
      body: { currentPassword: 'not-the-password', newPassword: 'Orchard-Lantern-Basalt-77' },
    }),
  },
  'POST /api/v1/auth/mfa/enrolment': {
    expect: ALL_OK,
    call: () => ({ path: `${API}/auth/mfa/enrolment`, body: {} }),
  },
  'POST /api/v1/auth/mfa/activation': {
    expect: ALL_OK,
    call: () => ({ path: `${API}/auth/mfa/activation`, body: { code: '000000' } }),
  },
  'GET /api/v1/auth/me': { expect: ALL_OK, call: () => ({ path: `${API}/auth/me` }) },

  'GET /api/v1/users': {
    expect: { ...ADMIN_ONLY, auditor: 'ok' },
    call: () => ({ path: `${API}/users` }),
  },
  'POST /api/v1/users': {
    expect: ADMIN_ONLY,
    call: () => ({
      path: `${API}/users`,
      body: {
        email: `m-${randomUUID()}@example.org`,
        fullName: 'Matrix User',
        role: 'lawyer',
        password: 'Orchard-Lantern-Basalt-77',
      },
    }),
  },
  'GET /api/v1/users/:id': {
    expect: { ...ADMIN_ONLY, auditor: 'ok' },
    call: (f) => ({ path: `${API}/users/${f.otherUserId}` }),
  },
  'PATCH /api/v1/users/:id': {
    expect: ADMIN_ONLY,
    call: async (f, _t, t) => ({
      path: `${API}/users/${f.otherUserId}`,
      body: { fullName: `Renamed ${Date.now()}` },
      headers: await versionOf(t, 'users', f.otherUserId),
    }),
  },

  'GET /api/v1/incidents': { expect: ALL_OK, call: () => ({ path: `${API}/incidents` }) },
  'POST /api/v1/incidents': {
    expect: ADMIN_ONLY,
    call: () => ({
      path: `${API}/incidents`,
      body: {
        code: `M-${randomUUID().slice(0, 8).toUpperCase()}`,
        title: 'Matrix incident',
        occurredAt: '2025-03-01T00:00:00Z',
        declared: { onBoard: 1, passengers: 1, crew: 0, fatalities: 0, survivors: 1 },
      },
    }),
  },
  'GET /api/v1/incidents/:id': {
    expect: ALL_OK,
    call: (f) => ({ path: `${API}/incidents/${f.incidentId}` }),
  },
  'PATCH /api/v1/incidents/:id': {
    expect: ADMIN_ONLY,
    call: async (f, _t, t) => ({
      path: `${API}/incidents/${f.incidentId}`,
      body: { title: `Matrix incident ${Date.now()}` },
      headers: await versionOf(t, 'incidents', f.incidentId),
    }),
  },
  'GET /api/v1/incidents/:id/programmes': {
    expect: ALL_OK,
    call: (f) => ({ path: `${API}/incidents/${f.incidentId}/programmes` }),
  },
  'POST /api/v1/incidents/:id/programmes': {
    expect: ADMIN_ONLY,
    call: (f) => ({
      path: `${API}/incidents/${f.incidentId}/programmes`,
      body: { name: `Programme ${randomUUID()}`, payer: 'other', currency: 'EUR' },
    }),
  },
  'GET /api/v1/programmes/:id': {
    expect: ALL_OK,
    call: (f) => ({ path: `${API}/programmes/${f.programmeId}` }),
  },
  'PATCH /api/v1/programmes/:id': {
    expect: ADMIN_ONLY,
    call: async (f, _t, t) => ({
      path: `${API}/programmes/${f.programmeId}`,
      body: { description: `Matrix ${Date.now()}` },
      headers: await versionOf(t, 'compensation_programmes', f.programmeId),
    }),
  },
  'GET /api/v1/programmes/:id/events': {
    expect: { ...ALL_OK, lawyer: 403 },
    call: (f) => ({ path: `${API}/programmes/${f.programmeId}/events` }),
  },
  'POST /api/v1/programmes/:id/events': {
    expect: ADMIN_ONLY,
    call: (f) => ({
      path: `${API}/programmes/${f.programmeId}/events`,
      body: {
        occurredOn: '2025-10-09',
        kind: 'statement',
        summary: 'Matrix statement',
        source: { title: 'Matrix', publisher: 'Matrix Press', publishedOn: '2025-10-09' },
      },
    }),
  },
  'GET /api/v1/exchange-rates': {
    expect: { ...ALL_OK, lawyer: 403 },
    call: () => ({ path: `${API}/exchange-rates?base=XDR` }),
  },
  'POST /api/v1/exchange-rates': {
    expect: ADMIN_ONLY,
    call: () => ({
      path: `${API}/exchange-rates`,
      body: { base: 'EUR', quote: 'KGS', rate: '98.5', rateDate: '2025-02-03', source: 'Matrix' },
    }),
  },
  'GET /api/v1/incidents/:id/persons': {
    expect: ALL_OK,
    call: (f) => ({ path: `${API}/incidents/${f.incidentId}/persons` }),
  },
  'POST /api/v1/incidents/:id/persons': {
    expect: STAFF,
    call: (f) => ({ path: `${API}/incidents/${f.incidentId}/persons`, body: newPerson() }),
  },
  'GET /api/v1/persons/:id': {
    expect: { ...ALL_OK, lawyerForeign: 404 },
    call: (f, target) => ({ path: `${API}/persons/${f.persons[target]}` }),
  },
  'GET /api/v1/persons/:id/compensation': {
    expect: { ...ALL_OK, lawyerForeign: 404 },
    call: (f, target) => ({ path: `${API}/persons/${f.persons[target]}/compensation` }),
  },
  'PATCH /api/v1/persons/:id': {
    expect: STAFF,
    call: async (f, target, t) => ({
      path: `${API}/persons/${f.persons[target]}`,
      body: { seat: '9F' },
      headers: await versionOf(t, 'persons_on_board', f.persons[target]),
    }),
  },

  'GET /api/v1/claimants': { expect: ALL_OK, call: () => ({ path: `${API}/claimants` }) },
  'POST /api/v1/claimants': {
    expect: STAFF,
    call: (f, target) => ({
      path: `${API}/claimants`,
      body: { personId: f.persons[target], fullName: 'Matrix Relative', relationship: 'spouse' },
    }),
  },
  'GET /api/v1/claimants/:id': {
    expect: { ...ALL_OK, lawyerForeign: 404 },
    call: (f, target) => ({ path: `${API}/claimants/${f.claimants[target]}` }),
  },
  'PATCH /api/v1/claimants/:id': {
    expect: { ...ALL_OK, auditor: 403, lawyerForeign: 404 },
    call: async (f, target, t) => ({
      path: `${API}/claimants/${f.claimants[target]}`,
      body: { contact: { phone: '+994501234567' } },
      headers: await versionOf(t, 'claimants', f.claimants[target]),
    }),
  },
  'POST /api/v1/claimants/:id/representations': {
    expect: STAFF,
    call: async (f, target, t) => {
      const lawyer = await createUser(t, Role.Lawyer);
      return {
        path: `${API}/claimants/${f.claimants[target]}/representations`,
        body: { lawyerId: lawyer.id },
      };
    },
  },
  'DELETE /api/v1/claimants/:id/representations/:lawyerId': {
    expect: STAFF,
    call: async (f, target, t) => {
      const lawyer = await createUser(t, Role.Lawyer);
      await execute(
        t.ds,
        sql(`INSERT INTO representations (claimant_id, lawyer_id) VALUES (:reference, :lawyerId)`, {
          reference: f.claimants[target],
          lawyerId: lawyer.id,
        }),
      );
      return { path: `${API}/claimants/${f.claimants[target]}/representations/${lawyer.id}` };
    },
  },

  'GET /api/v1/claims': { expect: ALL_OK, call: () => ({ path: `${API}/claims` }) },
  'POST /api/v1/claims': {
    expect: { ...ALL_OK, auditor: 403, lawyerForeign: 404 },
    call: (f, target) => ({
      path: `${API}/claims`,
      body: {
        claimantId: f.claimants[target],
        programmeId: f.programmeId,
        type: 'injury',
        amountClaimed: { amount: '1000.00', currency: 'EUR' },
      },
    }),
  },
  'GET /api/v1/claims/:id': {
    expect: { ...ALL_OK, lawyerForeign: 404 },
    call: (f, target) => ({ path: `${API}/claims/${f.claims[target]}` }),
  },
  'PATCH /api/v1/claims/:id': {
    expect: { ...ALL_OK, auditor: 403, lawyerForeign: 404 },
    call: async (f, target, t) => {
      const id = await freshClaim(t, f, target);
      return {
        path: `${API}/claims/${id}`,
        body: { description: 'Matrix edit' },
        headers: { 'If-Match': '"1"' },
      };
    },
  },
  'POST /api/v1/claims/:id/transitions': {
    expect: { ...ALL_OK, auditor: 403, lawyerForeign: 404 },
    call: async (f, target, t) => {
      const id = await freshClaim(t, f, target, 'under_review');
      return {
        path: `${API}/claims/${id}/transitions`,
        body: { to: 'withdrawn', reason: 'Matrix withdrawal' },
        headers: { 'If-Match': '"1"' },
      };
    },
  },
  'GET /api/v1/claims/:id/transitions': {
    expect: { ...ALL_OK, lawyerForeign: 404 },
    call: (f, target) => ({ path: `${API}/claims/${f.claims[target]}/transitions` }),
  },
  'GET /api/v1/claims/:id/notes': {
    expect: { ...ALL_OK, lawyerForeign: 404 },
    call: (f, target) => ({ path: `${API}/claims/${f.claims[target]}/notes` }),
  },
  'POST /api/v1/claims/:id/notes': {
    expect: { ...ALL_OK, auditor: 403, lawyerForeign: 404 },
    call: (f, target) => ({
      path: `${API}/claims/${f.claims[target]}/notes`,
      body: { body: 'Matrix note', visibility: 'shared' },
    }),
  },

  'GET /api/v1/claims/:id/documents': {
    expect: { ...ALL_OK, lawyerForeign: 404 },
    call: (f, target) => ({ path: `${API}/claims/${f.claims[target]}/documents` }),
  },
  'POST /api/v1/claims/:id/documents': {
    expect: { ...ALL_OK, auditor: 403, lawyerForeign: 404 },
    call: (f, target) => ({
      path: `${API}/claims/${f.claims[target]}/documents`,
      file: { field: 'file', content: PDF, name: 'evidence.pdf', fields: { type: 'other' } },
    }),
  },
  'GET /api/v1/documents/:id/content': {
    expect: { ...ALL_OK, auditor: 403, lawyerForeign: 404 },
    call: (f, target) => ({ path: `${API}/documents/${f.documents[target]}/content` }),
  },
  'POST /api/v1/documents/:id/review': {
    expect: STAFF,
    call: (f, target) => ({
      path: `${API}/documents/${f.documents[target]}/review`,
      body: { status: 'verified' },
    }),
  },

  'GET /api/v1/claims/:id/payments': {
    expect: { ...ALL_OK, lawyerForeign: 404 },
    call: (f, target) => ({ path: `${API}/claims/${f.claims[target]}/payments` }),
  },
  'POST /api/v1/claims/:id/payments': {
    expect: ADMIN_ONLY,
    call: async (f, target, t) => {
      const id = await freshClaim(t, f, target, 'offer_accepted', '1000.00');
      return {
        path: `${API}/claims/${id}/payments`,
        body: {
          kind: 'award',
          amount: { amount: '10.00', currency: 'EUR' },
          method: 'bank_transfer',
        },
        headers: { 'Idempotency-Key': `matrix-${randomUUID()}` },
      };
    },
  },
  'POST /api/v1/payments/:id/reversal': {
    expect: ADMIN_ONLY,
    call: async (f, target, t) => {
      const id = await freshClaim(t, f, target, 'offer_accepted', '1000.00');
      const [payment] = await queryRows(
        t.ds,
        sql(
          `INSERT INTO payments (claim_id, kind, amount, currency, claim_amount, paid_at, method) VALUES (:id, 'award', '10.00', 'EUR', '10.00', now(), 'bank_transfer') RETURNING id`,
          { id },
        ),
      );
      return {
        path: `${API}/payments/${payment.id}/reversal`,
        body: { reason: 'Matrix reversal' },
      };
    },
  },

  'GET /api/v1/reports/incidents/:id/summary': {
    expect: { ...STAFF, auditor: 'ok' },
    call: (f) => ({ path: `${API}/reports/incidents/${f.incidentId}/summary` }),
  },
  'GET /api/v1/reports/incidents/:id/deadlines': {
    expect: { ...STAFF, auditor: 'ok' },
    call: (f) => ({ path: `${API}/reports/incidents/${f.incidentId}/deadlines` }),
  },
  'GET /api/v1/reports/incidents/:id/claims': {
    expect: { ...STAFF, auditor: 'ok' },
    call: (f) => ({ path: `${API}/reports/incidents/${f.incidentId}/claims` }),
  },
  'GET /api/v1/reports/programmes/:id/status': {
    expect: { ...STAFF, auditor: 'ok' },
    call: (f) => ({ path: `${API}/reports/programmes/${f.programmeId}/status` }),
  },
  'GET /api/v1/reports/case-workers': {
    expect: { ...STAFF, auditor: 'ok' },
    call: () => ({ path: `${API}/reports/case-workers` }),
  },
  'GET /api/v1/audit-events': {
    expect: { ...ADMIN_ONLY, auditor: 'ok' },
    call: () => ({ path: `${API}/audit-events?limit=1` }),
  },
  'GET /api/v1/audit-events/checkpoints': {
    expect: { ...ADMIN_ONLY, auditor: 'ok' },
    call: () => ({ path: `${API}/audit-events/checkpoints?limit=1` }),
  },
  'GET /api/v1/audit-events/verification': {
    expect: { ...ADMIN_ONLY, auditor: 'ok' },
    call: () => ({ path: `${API}/audit-events/verification` }),
  },
  'GET /api/v1/notifications': {
    expect: ADMIN_ONLY,
    call: () => ({ path: `${API}/notifications?limit=1` }),
  },
  'GET /api/v1/webhook-subscriptions': {
    expect: ADMIN_ONLY,
    call: () => ({ path: `${API}/webhook-subscriptions` }),
  },
  'POST /api/v1/webhook-subscriptions': {
    expect: ADMIN_ONLY,
    call: () => ({
      path: `${API}/webhook-subscriptions`,
      // An event no suite sends, so the subscription left behind receives nothing.
      body: { url: 'http://127.0.0.1:9/matrix', events: ['limitation.reminder'] },
    }),
  },
  'DELETE /api/v1/webhook-subscriptions/:id': {
    expect: ADMIN_ONLY,
    call: async (_f, _target, t) => {
      const [row] = await queryRows(
        t.ds,
        sql(
          `INSERT INTO webhook_subscriptions (url, events, secret_enc) VALUES ('http://127.0.0.1:9/m', '{}', 'x') RETURNING id`,
        ),
      );
      return { path: `${API}/webhook-subscriptions/${row.id}` };
    },
  },
};

/** Routes the app serves, from its own OpenAPI document, as "METHOD /path/:param". */
export async function servedRoutes(t: TestApp): Promise<string[]> {
  const doc = (await t.http().get('/docs-json').expect(200)).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}

/** Two lawyers' clients (own and foreign) with claims and stored documents, in an incident of its own. */
export async function buildFixture(t: TestApp): Promise<Fixture> {
  const users = {
    admin: await createUser(t, Role.Admin),
    case_worker: await createUser(t, Role.CaseWorker),
    lawyer: await createUser(t, Role.Lawyer),
    auditor: await createUser(t, Role.Auditor),
  };
  const otherLawyer = await createUser(t, Role.Lawyer);
  const incident = await t
    .http()
    .post(`${API}/incidents`)
    .set(users.admin.auth)
    .send({
      code: `MX-${Date.now()}`,
      title: 'Matrix fixture',
      occurredAt: '2025-03-01T00:00:00Z',
      declared: { onBoard: 2, passengers: 2, crew: 0, fatalities: 1, survivors: 1 },
    })
    .expect(201);
  const person = async () =>
    (
      await t
        .http()
        .post(`${API}/incidents/${incident.body.id}/persons`)
        .set(users.admin.auth)
        .send(newPerson())
        .expect(201)
    ).body.id as string;
  const persons = { own: await person(), foreign: await person() };
  // Claimants and representations straight in the database: this table is about access, not claimant rules.
  const claimant = async (personId: string, lawyerId: string) => {
    const [row] = await queryRows(
      t.ds,
      sql(
        `INSERT INTO claimants (person_id, full_name, relationship) VALUES (:personId, 'Matrix Claimant', 'self') RETURNING id`,
        { personId },
      ),
    );
    await execute(
      t.ds,
      sql(`INSERT INTO representations (claimant_id, lawyer_id) VALUES (:rowId, :lawyerId)`, {
        rowId: row.id,
        lawyerId,
      }),
    );
    return row.id as string;
  };
  const claimants = {
    own: await claimant(persons.own, users.lawyer.id),
    foreign: await claimant(persons.foreign, otherLawyer.id),
  };
  const programme = await t
    .http()
    .post(`${API}/incidents/${incident.body.id}/programmes`)
    .set(users.admin.auth)
    .send({ name: 'Matrix programme', payer: 'other', currency: 'EUR' })
    .expect(201);
  const f: Fixture = {
    incidentId: incident.body.id,
    programmeId: programme.body.id,
    persons,
    claimants,
    claims: { own: '', foreign: '' },
    documents: { own: '', foreign: '' },
    users,
    otherUserId: otherLawyer.id,
  };
  for (const target of ['own', 'foreign'] as Target[]) {
    f.claims[target] = await freshClaim(t, f, target, 'under_review');
    const upload = await t
      .http()
      .post(`${API}/claims/${f.claims[target]}/documents`)
      .set(users.admin.auth)
      .field('type', 'other')
      .attach('file', PDF, 'fixture.pdf')
      .expect(201);
    f.documents[target] = upload.body.id;
  }
  return f;
}

/** Sends one table call as `user` (anonymous when absent) for a route key "METHOD /path". */
export async function sendCall(
  t: TestApp,
  route: string,
  call: Call,
  user?: TestUser,
  requestId?: string,
) {
  const method = route.split(' ')[0]!.toLowerCase() as 'get';
  let req = t.http()[method](call.path);
  if (user) req = req.set(user.auth);
  if (requestId) req = req.set('x-request-id', requestId);
  for (const [k, v] of Object.entries(call.headers ?? {})) req = req.set(k, v);
  if (call.file) {
    for (const [k, v] of Object.entries(call.file.fields)) req = req.field(k, v);
    req = req.attach(call.file.field, call.file.content, call.file.name);
  }
  return call.body !== undefined ? req.send(call.body as object) : req;
}
