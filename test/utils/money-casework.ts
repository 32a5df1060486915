import { randomBytes, randomUUID } from 'node:crypto';
import type { TestUser } from './auth';
import { fileVerifiedDocuments } from './casework';
import { API, TestApp } from './test-app';
import { SIGNED_PAYMENT, sumMoney } from '../../src/modules/payments/ledger-sql';

/**
 * Claim work through the API for the money suites (DESIGN.md section 9): an incident with
 * programmes as a test describes them, persons, heirs, claims walked to assessment, and
 * payments and rates. Every step asserts it was accepted, so a failing step names itself.
 */

export interface Money {
  amount: string;
  currency: string;
}

export interface ClaimView {
  id: string;
  reference: string;
  status: string;
  version: number;
  currency: string;
  claimantId: string;
  personId: string;
  amountApproved: Money | null;
  paid: string;
  advancesPaid: string;
  outstanding: string | null;
  approvedAboveAssessed: boolean;
  exceedsLiabilityLimit: boolean;
  principalClaimId: string | null;
}

export interface PaymentView {
  id: string;
  kind: string;
  amount: Money;
  claimAmount: Money;
  exchangeRate: {
    id: string;
    base: string;
    quote: string;
    rate: string;
    rateDate: string;
    source: string;
  } | null;
}

type Res = { status: number; body: unknown };

export async function expectStatus<T>(
  what: string,
  res: PromiseLike<Res>,
  status: number,
): Promise<T> {
  const r = await res;
  if (r.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  }
  return r.body as T;
}

export class MoneyWork {
  constructor(
    private readonly t: TestApp,
    private readonly admin: TestUser,
    private readonly caseWorker: TestUser,
    /** A second administrator, so approvals are never by the assessor. */
    private readonly approver: TestUser,
  ) {}

  async incident(): Promise<string> {
    const code = `M${randomBytes(4).toString('hex').toUpperCase()}`;
    const body = await expectStatus<{ id: string }>(
      'incident',
      this.t
        .http()
        .post(`${API}/incidents`)
        .set(this.admin.auth)
        .send({
          code,
          title: `Money incident ${code}`,
          occurredAt: '2024-12-25T06:28:00Z',
          declared: { onBoard: 10, passengers: 8, crew: 2, fatalities: 6, survivors: 4 },
        }),
      201,
    );
    return body.id;
  }

  async programme(incidentId: string, body: Record<string, unknown>): Promise<string> {
    const res = await expectStatus<{ id: string }>(
      'programme',
      this.t
        .http()
        .post(`${API}/incidents/${incidentId}/programmes`)
        .set(this.admin.auth)
        .send({ name: `Programme ${randomUUID().slice(0, 8)}`, ...body }),
      201,
    );
    return res.id;
  }

  async person(
    incidentId: string,
    body: { category?: string; outcome?: string; nationalities?: string[] } = {},
  ): Promise<string> {
    const outcome = body.outcome ?? 'deceased';
    const res = await expectStatus<{ id: string }>(
      'person',
      this.t
        .http()
        .post(`${API}/incidents/${incidentId}/persons`)
        .set(this.caseWorker.auth)
        .send({
          fullName: `Person ${randomUUID().slice(0, 8)}`,
          category: body.category ?? 'passenger',
          nationalities: body.nationalities ?? ['AZ'],
          outcome,
          ...(outcome === 'survived' ? { injurySeverity: 'serious' } : {}),
          ...(body.category === 'crew' ? { crewRole: 'cabin_crew' } : {}),
        }),
      201,
    );
    return res.id;
  }

  async claimant(
    personId: string,
    body: { relationship?: string; heirSharePercent?: string } = {},
  ): Promise<string> {
    const res = await expectStatus<{ id: string }>(
      'claimant',
      this.t
        .http()
        .post(`${API}/claimants`)
        .set(this.caseWorker.auth)
        .send({
          personId,
          fullName: `Heir ${randomUUID().slice(0, 8)}`,
          relationship: body.relationship ?? 'child',
          ...(body.heirSharePercent ? { heirSharePercent: body.heirSharePercent } : {}),
        }),
      201,
    );
    return res.id;
  }

  /** POST /claims as the case worker; the raw response (for refusals). */
  fileClaim(body: Record<string, unknown>) {
    return this.t.http().post(`${API}/claims`).set(this.caseWorker.auth).send(body);
  }

  async claim(body: {
    claimantId: string;
    programmeId: string;
    amountClaimed: Money;
    type?: string;
    principalClaimId?: string;
  }): Promise<ClaimView> {
    return expectStatus<ClaimView>('claim', this.fileClaim({ type: 'death', ...body }), 201);
  }

  transition(
    user: TestUser,
    claim: { id: string; version: number },
    body: Record<string, unknown>,
  ) {
    return this.t
      .http()
      .post(`${API}/claims/${claim.id}/transitions`)
      .set(user.auth)
      .set('If-Match', `"${claim.version}"`)
      .send(body);
  }

  async move(user: TestUser, claim: ClaimView, body: Record<string, unknown>): Promise<ClaimView> {
    return expectStatus<ClaimView>(
      `transition to ${String(body.to)}`,
      this.transition(user, claim, body),
      200,
    );
  }

  async underReview(claim: ClaimView): Promise<ClaimView> {
    let c = await this.move(this.caseWorker, claim, { to: 'submitted' });
    c = await this.move(this.caseWorker, c, { to: 'under_review' });
    return c;
  }

  /** Submitted, reviewed, documents on file, assessed at `amount` by the case worker. */
  async assessed(claim: ClaimView, amount: string): Promise<ClaimView> {
    return this.assess(await this.underReview(claim), amount);
  }

  /** A claim under review: documents on file, then assessed at `amount`. */
  async assess(claim: ClaimView, amount: string): Promise<ClaimView> {
    await fileVerifiedDocuments(this.t, claim.id, [
      'death_certificate',
      'proof_of_kinship',
      'identity_document',
      'medical_report',
    ]);
    return this.move(this.caseWorker, claim, {
      to: 'assessed',
      amount: { amount, currency: claim.currency },
    });
  }

  /** Approval by the second administrator; the raw response. */
  approve(claim: ClaimView, body: Record<string, unknown> = {}) {
    return this.transition(this.approver, claim, { to: 'approved', ...body });
  }

  async claimNow(id: string): Promise<ClaimView> {
    return expectStatus<ClaimView>(
      'claim read',
      this.t.http().get(`${API}/claims/${id}`).set(this.admin.auth),
      200,
    );
  }

  pay(
    claimId: string,
    kind: 'advance' | 'award',
    amount: Money,
    paidAt?: string,
    key: string = randomUUID(),
  ) {
    return this.t
      .http()
      .post(`${API}/claims/${claimId}/payments`)
      .set(this.admin.auth)
      .set('Idempotency-Key', key)
      .send({ kind, amount, method: 'bank_transfer', ...(paidAt ? { paidAt } : {}) });
  }

  reverse(paymentId: string, reason = 'Transfer returned by the beneficiary bank') {
    return this.t
      .http()
      .post(`${API}/payments/${paymentId}/reversal`)
      .set(this.admin.auth)
      .send({ reason });
  }

  async rate(base: string, quote: string, rate: string, rateDate: string): Promise<{ id: string }> {
    return expectStatus<{ id: string }>(
      'exchange rate',
      this.t
        .http()
        .post(`${API}/exchange-rates`)
        .set(this.admin.auth)
        .send({ base, quote, rate, rateDate, source: 'Test rate source' }),
      201,
    );
  }

  /** The claim's ledger, summed in SQL from the rows themselves (independent of the service). */
  async ledger(claimId: string): Promise<{ rows: number; net: string }> {
    const [row] = (await this.t.ds.query(
      `SELECT count(*)::int AS rows,
              ${sumMoney(SIGNED_PAYMENT('payments'))} AS net
         FROM payments WHERE claim_id = $1`,
      [claimId],
    )) as { rows: number; net: string }[];
    return row!;
  }
}
