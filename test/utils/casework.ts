import { randomBytes, randomUUID } from 'node:crypto';
import type { TestUser } from './auth';
import { API, TestApp } from './test-app';

/**
 * Factories for claimants and claims suites. Each suite works in an incident of its own, so
 * the seeded J2-8243 manifest and other suites' counts stay untouched.
 */

export interface Programmes {
  /** AZN, 40,000 per deceased, 20,000 per injured, no liability limit. */
  exGratia: { id: string; currency: 'AZN' };
  /** XDR with the MC99 limit of 128,821. */
  insurer: { id: string; currency: 'XDR' };
}

export interface TestIncident {
  id: string;
  code: string;
  programmes: Programmes;
}

export async function createIncident(t: TestApp, admin: TestUser): Promise<TestIncident> {
  const code = `T${randomBytes(4).toString('hex').toUpperCase()}`;
  const incident = await t
    .http()
    .post(`${API}/incidents`)
    .set(admin.auth)
    .send({
      code,
      title: `Test incident ${code}`,
      occurredAt: '2024-12-25T06:28:00Z',
      declared: { onBoard: 10, passengers: 8, crew: 2, fatalities: 5, survivors: 5 },
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
    ).body as { id: string };
  const exGratia = await programme({
    name: 'Ex gratia',
    payer: 'airline_ex_gratia',
    currency: 'AZN',
    amountPerDeceased: '40000.00',
    amountPerInjured: '20000.00',
  });
  const insurer = await programme({
    name: 'Carrier liability (MC99)',
    payer: 'carrier_insurer',
    currency: 'XDR',
    liabilityLimit: '128821.00',
  });
  return {
    id: incident.body.id,
    code,
    programmes: {
      exGratia: { id: exGratia.id, currency: 'AZN' },
      insurer: { id: insurer.id, currency: 'XDR' },
    },
  };
}

export async function createPerson(
  t: TestApp,
  user: TestUser,
  incidentId: string,
  outcome: 'deceased' | 'survived',
): Promise<string> {
  const res = await t
    .http()
    .post(`${API}/incidents/${incidentId}/persons`)
    .set(user.auth)
    .send({
      fullName: `Person ${randomUUID().slice(0, 8)}`,
      category: 'passenger',
      nationalities: ['AZ'],
      outcome,
      ...(outcome === 'survived' ? { injurySeverity: 'serious' } : {}),
    })
    .expect(201);
  return res.body.id as string;
}

export async function createClaimant(
  t: TestApp,
  user: TestUser,
  body: Record<string, unknown>,
): Promise<{ id: string; version: number }> {
  const res = await t.http().post(`${API}/claimants`).set(user.auth).send(body);
  if (res.status !== 201) throw new Error(`claimant: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number };
}

export async function represent(
  t: TestApp,
  admin: TestUser,
  claimantId: string,
  lawyerId: string,
): Promise<void> {
  await t
    .http()
    .post(`${API}/claimants/${claimantId}/representations`)
    .set(admin.auth)
    .send({ lawyerId })
    .expect(201);
}

export interface ClaimBody {
  id: string;
  reference: string;
  status: string;
  version: number;
  [field: string]: unknown;
}

export async function createClaim(
  t: TestApp,
  user: TestUser,
  body: Record<string, unknown>,
): Promise<ClaimBody> {
  const res = await t.http().post(`${API}/claims`).set(user.auth).send(body);
  if (res.status !== 201) throw new Error(`claim: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ClaimBody;
}

/** POST /claims/:id/transitions with the claim's current version; returns the raw response. */
export function transition(
  t: TestApp,
  user: TestUser,
  claim: { id: string; version: number },
  body: Record<string, unknown>,
) {
  return t
    .http()
    .post(`${API}/claims/${claim.id}/transitions`)
    .set(user.auth)
    .set('If-Match', `"${claim.version}"`)
    .send(body);
}

/**
 * Verified documents written straight into the table: the upload and review routes belong to
 * the documents feature, and these suites test the claim lifecycle, not uploads.
 */
export async function fileVerifiedDocuments(
  t: TestApp,
  claimId: string,
  types: readonly string[],
): Promise<void> {
  for (const type of types) {
    await t.ds.query(
      `INSERT INTO documents (claim_id, type, file_name, mime_type, size_bytes, sha256, storage_key, status)
       VALUES ($1, $2, $3, 'application/pdf', 1024, $4, $5, 'verified')`,
      [claimId, type, `${type}.pdf`, randomBytes(32).toString('hex'), `test/${randomUUID()}`],
    );
  }
}
