import { randomUUID } from 'node:crypto';
import type { TestUser } from './auth';
import { API, TestApp } from './test-app';

/**
 * Claim work through the API for the reports suites: claimants, claims, transitions (with
 * If-Match) and payments (with Idempotency-Key), each step asserting it was accepted.
 */

export interface ReportClaim {
  id: string;
  reference: string;
  status: string;
  version: number;
  currency: string;
}

async function ok<T>(
  what: string,
  res: Promise<{ status: number; body: unknown }>,
  status: number,
): Promise<T> {
  const r = await res;
  if (r.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  }
  return r.body as T;
}

export function newClaimant(
  t: TestApp,
  user: TestUser,
  body: { personId: string; fullName: string; relationship: string },
): Promise<{ id: string }> {
  return ok('claimant', t.http().post(`${API}/claimants`).set(user.auth).send(body), 201);
}

export function newClaim(
  t: TestApp,
  user: TestUser,
  body: {
    claimantId: string;
    programmeId: string;
    type: string;
    amountClaimed: { amount: string; currency: string };
  },
): Promise<ReportClaim> {
  return ok('claim', t.http().post(`${API}/claims`).set(user.auth).send(body), 201);
}

export function move(
  t: TestApp,
  user: TestUser,
  claim: ReportClaim,
  body: { to: string; reason?: string; amount?: { amount: string; currency: string } },
): Promise<ReportClaim> {
  return ok(
    `transition to ${body.to}`,
    t
      .http()
      .post(`${API}/claims/${claim.id}/transitions`)
      .set(user.auth)
      .set('If-Match', `"${claim.version}"`)
      .send(body),
    200,
  );
}

/** Takes the claim through each status in turn; reasons and amounts as given. */
export async function moveThrough(
  t: TestApp,
  steps: [
    TestUser,
    { to: string; reason?: string; amount?: { amount: string; currency: string } },
  ][],
  claim: ReportClaim,
): Promise<ReportClaim> {
  let current = claim;
  for (const [user, body] of steps) current = await move(t, user, current, body);
  return current;
}

export function pay(
  t: TestApp,
  admin: TestUser,
  claim: ReportClaim,
  kind: 'advance' | 'award',
  amount: string,
): Promise<{ id: string }> {
  return ok(
    `${kind} payment`,
    t
      .http()
      .post(`${API}/claims/${claim.id}/payments`)
      .set(admin.auth)
      .set('Idempotency-Key', randomUUID())
      .send({ kind, amount: { amount, currency: claim.currency }, method: 'bank_transfer' }),
    201,
  );
}

export function reverse(t: TestApp, admin: TestUser, paymentId: string): Promise<{ id: string }> {
  return ok(
    'reversal',
    t
      .http()
      .post(`${API}/payments/${paymentId}/reversal`)
      .set(admin.auth)
      .send({ reason: 'Transfer returned by the beneficiary bank' }),
    201,
  );
}

export interface ListedPerson {
  id: string;
  fullName: string;
  outcome: string;
  category: string;
  nationalities: string[];
}

/** Every person on board of an incident, through the paged API. */
export async function listPersons(
  t: TestApp,
  user: TestUser,
  incidentId: string,
): Promise<ListedPerson[]> {
  const persons: ListedPerson[] = [];
  let cursor: string | null = null;
  do {
    const query: Record<string, string | number> = { limit: 200 };
    if (cursor) query.cursor = cursor;
    const page = await ok<{ items: ListedPerson[]; nextCursor: string | null }>(
      'persons',
      t.http().get(`${API}/incidents/${incidentId}/persons`).query(query).set(user.auth),
      200,
    );
    persons.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return persons;
}

/** Programmes of an incident by payer. */
export async function programmesByPayer(
  t: TestApp,
  user: TestUser,
  incidentId: string,
): Promise<Record<string, { id: string; currency: string | null; name: string }>> {
  const page = await ok<{
    items: { id: string; payer: string; currency: string | null; name: string }[];
  }>(
    'programmes',
    t.http().get(`${API}/incidents/${incidentId}/programmes`).query({ limit: 200 }).set(user.auth),
    200,
  );
  return Object.fromEntries(page.items.map((p) => [p.payer, p]));
}

/** Claim ids about a person, through the API. */
export async function claimsOfPerson(
  t: TestApp,
  user: TestUser,
  personId: string,
): Promise<{ id: string; status: string }[]> {
  const page = await ok<{ items: { id: string; status: string }[] }>(
    'claims',
    t.http().get(`${API}/claims`).query({ personId, limit: 200 }).set(user.auth),
    200,
  );
  return page.items;
}
