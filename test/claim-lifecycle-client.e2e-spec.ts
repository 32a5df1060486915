import { randomUUID } from 'node:crypto';

import { Role } from '../src/common/auth/role';
import { ApiClient, apiClient, ifMatch } from './client/api-client';
import type { components } from './client/schema';
import { createUser } from './utils/auth';
import { startTestApp, TestApp } from './utils/test-app';

type Claim = components['schemas']['ClaimResponseDto'];

/** A PDF as the upload check recognises it: by its first bytes, not its name. */
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

/**
 * One death claim from filing to closure, driven only through a client generated from the
 * committed openapi.json, as the people who use the service would: a lawyer files it and
 * the evidence, a case worker reviews, assesses, two administrators approve under four eyes,
 * the family accepts, the payment is recorded and the claim is closed. If the document and
 * the service disagreed on a path, a field or a status, this suite would not compile or pass.
 */
describe('a death claim through the generated client', () => {
  let t: TestApp;
  let baseUrl: string;
  let admin: ApiClient;
  let secondAdmin: ApiClient;
  let caseWorker: ApiClient;
  let lawyer: ApiClient;
  let lawyerId: string;

  /** Signs in through POST /auth/login with the generated client and returns a client for the session. */
  async function signIn(role: Role): Promise<{ client: ApiClient; id: string }> {
    const user = await createUser(t, role);
    const { data, error } = await apiClient(baseUrl).POST('/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    if (!data || !('accessToken' in data)) throw new Error(`sign-in: ${JSON.stringify(error)}`);
    return { client: apiClient(baseUrl, data.accessToken), id: user.id };
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = await t.app.getUrl();
    admin = (await signIn(Role.Admin)).client;
    secondAdmin = (await signIn(Role.Admin)).client;
    caseWorker = (await signIn(Role.CaseWorker)).client;
    const signedIn = await signIn(Role.Lawyer);
    lawyer = signedIn.client;
    lawyerId = signedIn.id;
  });
  afterAll(() => t.close());

  it('walks filing, evidence, review, assessment, four-eyes approval, acceptance, payment and closure', async () => {
    // An administrator records the incident and the programme that will pay.
    const code = `LC${randomUUID().slice(0, 6).toUpperCase()}`;
    const incident = await admin.POST('/api/v1/incidents', {
      body: {
        code,
        title: `Lifecycle incident ${code}`,
        occurredAt: '2024-12-25T06:28:00Z',
        declared: { onBoard: 2, passengers: 2, crew: 0, fatalities: 1, survivors: 1 },
      },
    });
    expect(incident.response.status).toBe(201);
    const programme = await admin.POST('/api/v1/incidents/{id}/programmes', {
      params: { path: { id: incident.data!.id } },
      body: {
        name: 'Ex gratia',
        payer: 'airline_ex_gratia',
        currency: 'AZN',
        amountPerDeceased: '40000.00',
      },
    });
    expect(programme.response.status).toBe(201);

    // A case worker registers the person who died and the widow, who has a lawyer.
    const person = await caseWorker.POST('/api/v1/incidents/{id}/persons', {
      params: { path: { id: incident.data!.id } },
      body: {
        fullName: 'Kamran Lifecycle',
        category: 'passenger',
        nationalities: ['AZ'],
        outcome: 'deceased',
      },
    });
    expect(person.response.status).toBe(201);
    const claimant = await caseWorker.POST('/api/v1/claimants', {
      body: { personId: person.data!.id, fullName: 'Leyla Lifecycle', relationship: 'spouse' },
    });
    expect(claimant.response.status).toBe(201);
    const representation = await caseWorker.POST('/api/v1/claimants/{id}/representations', {
      params: { path: { id: claimant.data!.id } },
      body: { lawyerId },
    });
    expect(representation.response.status).toBe(201);

    // The lawyer files the claim and uploads the evidence a death claim with a lawyer needs.
    const filed = await lawyer.POST('/api/v1/claims', {
      body: {
        claimantId: claimant.data!.id,
        programmeId: programme.data!.id,
        type: 'death',
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      },
    });
    expect(filed.response.status).toBe(201);
    let claim: Claim = filed.data!;
    expect(claim).toMatchObject({ status: 'draft', type: 'death', currency: 'AZN' });

    for (const type of [
      'death_certificate',
      'proof_of_kinship',
      'identity_document',
      'power_of_attorney',
    ] as const) {
      const form = new FormData();
      form.append('type', type);
      form.append('file', new Blob([PDF], { type: 'application/pdf' }), `${type}.pdf`);
      const uploaded = await lawyer.POST('/api/v1/claims/{id}/documents', {
        params: { path: { id: claim.id } },
        body: { type, file: '' },
        bodySerializer: () => form,
      });
      expect(uploaded.response.status).toBe(201);
      // The case worker looks at each one and verifies it.
      const reviewed = await caseWorker.POST('/api/v1/documents/{id}/review', {
        params: { path: { id: uploaded.data!.id } },
        body: { status: 'verified' },
      });
      expect(reviewed.data).toMatchObject({ status: 'verified' });
    }
    const documents = await caseWorker.GET('/api/v1/claims/{id}/documents', {
      params: { path: { id: claim.id } },
    });
    expect(documents.data!.items.map((d) => d.status)).toEqual([
      'verified',
      'verified',
      'verified',
      'verified',
    ]);

    /** One step of the lifecycle by `who`, with the version last read as If-Match. */
    const move = async (
      who: ApiClient,
      body: components['schemas']['TransitionClaimDto'],
      expected = 200,
    ) => {
      const res = await who.POST('/api/v1/claims/{id}/transitions', {
        params: { path: { id: claim.id }, header: ifMatch(claim.version) },
        body,
      });
      expect(res.response.status).toBe(expected);
      if (res.data) claim = res.data;
      return res;
    };

    await move(lawyer, { to: 'submitted' });
    await move(caseWorker, { to: 'under_review' });
    await move(caseWorker, { to: 'assessed', amount: { amount: '40000.00', currency: 'AZN' } });

    // Four eyes: the first administrator may approve only what someone else assessed; here an
    // administrator reassesses, so the other one has to approve.
    await move(admin, { to: 'under_review', reason: 'Recheck the amount against the programme' });
    await move(admin, { to: 'assessed', amount: { amount: '40000.00', currency: 'AZN' } });
    const ownApproval = await move(admin, { to: 'approved' }, 422);
    expect(ownApproval.error).toMatchObject({ code: 'FOUR_EYES_REQUIRED' });
    await move(secondAdmin, { to: 'approved' });
    expect(claim.amountApproved).toEqual({ amount: '40000.00', currency: 'AZN' });

    await move(lawyer, { to: 'offer_accepted' });

    const payment = await admin.POST('/api/v1/claims/{id}/payments', {
      params: { path: { id: claim.id }, header: { 'Idempotency-Key': randomUUID() } },
      body: {
        kind: 'award',
        amount: { amount: '40000.00', currency: 'AZN' },
        method: 'bank_transfer',
        reference: 'AWARD-1',
      },
    });
    expect(payment.response.status).toBe(201);
    expect(payment.data).toMatchObject({ kind: 'award', amount: { amount: '40000.00' } });

    const current = await caseWorker.GET('/api/v1/claims/{id}', {
      params: { path: { id: claim.id } },
    });
    claim = current.data!;
    await move(secondAdmin, { to: 'closed' });
    expect(claim.status).toBe('closed');
    expect(claim.allowedTransitions).toEqual([]);

    // The history is the path the claim took, and the lawyer can read it.
    const history = await lawyer.GET('/api/v1/claims/{id}/transitions', {
      params: { path: { id: claim.id } },
    });
    expect(history.data!.items.map((h) => h.to)).toEqual([
      'submitted',
      'under_review',
      'assessed',
      'under_review',
      'assessed',
      'approved',
      'offer_accepted',
      'closed',
    ]);
  });
});
