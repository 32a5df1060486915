import { Role } from '../src/common/auth/role';
import { queryRows, sql } from '../src/common/database/sql';
import { createUser, TestUser } from './utils/auth';
import {
  ClaimBody,
  createClaim,
  createClaimant,
  createIncident,
  createPerson,
  fileVerifiedDocuments,
  represent,
  TestIncident,
  transition,
} from './utils/fixtures';
import { API, startTestApp, TestApp } from './utils/test-app';

describe('Claims and their lifecycle', () => {
  let t: TestApp;
  let admin: TestUser;
  let caseWorker: TestUser;
  let otherCaseWorker: TestUser;
  let lawyer: TestUser;
  let foreignLawyer: TestUser;
  let auditor: TestUser;
  let incident: TestIncident;
  let deceasedId: string;
  let survivorId: string;
  /** A spouse of the deceased person, represented by `lawyer`. */
  let clientId: string;
  /** The survivor claiming for themself, no lawyer. */
  let survivorClaimantId: string;
  /** Every claim the lawyer's client or the survivor filed: the foreign lawyer sees none. */
  const claimIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    otherCaseWorker = await createUser(t, Role.CaseWorker);
    lawyer = await createUser(t, Role.Lawyer);
    foreignLawyer = await createUser(t, Role.Lawyer);
    auditor = await createUser(t, Role.Auditor);
    incident = await createIncident(t, admin);
    deceasedId = await createPerson(t, caseWorker, incident.id, 'deceased');
    survivorId = await createPerson(t, caseWorker, incident.id, 'survived');
    clientId = (
      await createClaimant(t, caseWorker, {
        personId: deceasedId,
        fullName: 'Nigar Huseynova',
        relationship: 'spouse',
        heirSharePercent: '100',
      })
    ).id;
    survivorClaimantId = (
      await createClaimant(t, caseWorker, {
        personId: survivorId,
        fullName: 'Rashad Mammadov',
        relationship: 'self',
      })
    ).id;
    await represent(t, admin, clientId, lawyer.id);
  });
  afterAll(() => t.close());

  const deathClaim = () => ({
    claimantId: clientId,
    programmeId: incident.programmes.exGratia.id,
    type: 'death',
    amountClaimed: { amount: '40000.00', currency: 'AZN' },
    description: 'Compensation for the death of a spouse',
  });
  const injuryClaim = () => ({
    claimantId: survivorClaimantId,
    programmeId: incident.programmes.exGratia.id,
    type: 'injury',
    amountClaimed: { amount: '20000', currency: 'AZN' },
  });
  const get = (user: TestUser, path: string) => t.http().get(`${API}${path}`).set(user.auth);

  /** Takes a transition that must succeed and returns the claim after it. */
  async function move(
    user: TestUser,
    claim: ClaimBody,
    body: Record<string, unknown>,
  ): Promise<ClaimBody> {
    const res = await transition(t, user, claim, body);
    if (res.status !== 200)
      throw new Error(`${body.to}: ${res.status} ${JSON.stringify(res.body)}`);
    expect(res.body).toMatchObject({ status: body.to, version: claim.version + 1 });
    expect(res.headers.etag).toBe(`"${claim.version + 1}"`);
    return res.body as ClaimBody;
  }

  it('takes a lawyer’s death claim for their client from draft to offer_accepted', async () => {
    let claim = await createClaim(t, lawyer, deathClaim());
    claimIds.push(claim.id);
    expect(claim).toMatchObject({
      reference: expect.stringMatching(new RegExp(`^${incident.code}-C-\\d{5}$`)),
      incidentId: incident.id,
      personId: deceasedId,
      claimantId: clientId,
      status: 'draft',
      currency: 'AZN',
      amountClaimed: { amount: '40000.00', currency: 'AZN' },
      amountAssessed: null,
      amountApproved: null,
      createdBy: lawyer.id,
      allowedTransitions: ['submitted', 'withdrawn'],
      // A represented claimant also owes a power of attorney.
      missingDocuments: [
        'death_certificate',
        'proof_of_kinship',
        'identity_document',
        'power_of_attorney',
      ],
      paid: '0.00',
      outstanding: null,
      version: 1,
    });

    const edited = await t
      .http()
      .patch(`${API}/claims/${claim.id}`)
      .set(lawyer.auth)
      .set('If-Match', '"1"')
      .send({ amountClaimed: { amount: '45000.50', currency: 'AZN' } })
      .expect(200);
    expect(edited.body).toMatchObject({
      amountClaimed: { amount: '45000.50', currency: 'AZN' },
      version: 2,
    });
    claim = edited.body;

    claim = await move(lawyer, claim, { to: 'submitted' });
    expect(claim.submittedAt).toEqual(expect.any(String));
    claim = await move(caseWorker, claim, { to: 'under_review' });
    expect(claim).toMatchObject({
      assignedCaseWorkerId: caseWorker.id,
      allowedTransitions: expect.arrayContaining(['information_requested', 'withdrawn']),
    });
    expect(claim.allowedTransitions).not.toContain('assessed');

    const early = await transition(t, caseWorker, claim, {
      to: 'assessed',
      amount: { amount: '40000.00', currency: 'AZN' },
    }).expect(422);
    expect(early.body).toMatchObject({ code: 'REQUIRED_DOCUMENTS_MISSING' });

    await fileVerifiedDocuments(t, claim.id, [
      'death_certificate',
      'proof_of_kinship',
      'identity_document',
      'power_of_attorney',
    ]);
    const reviewed = await get(caseWorker, `/claims/${claim.id}`).expect(200);
    expect(reviewed.body).toMatchObject({ missingDocuments: [] });
    expect(reviewed.body.allowedTransitions).toContain('assessed');

    claim = await move(caseWorker, claim, {
      to: 'assessed',
      amount: { amount: '40000.00', currency: 'AZN' },
    });
    expect(claim).toMatchObject({
      amountAssessed: { amount: '40000.00', currency: 'AZN' },
      assessedBy: caseWorker.id,
    });

    claim = await move(admin, claim, { to: 'approved' });
    expect(claim).toMatchObject({
      amountApproved: { amount: '40000.00', currency: 'AZN' },
      approvedBy: admin.id,
      decidedAt: expect.any(String),
      paid: '0.00',
      outstanding: '40000.00',
    });
    const lawyerView = await get(lawyer, `/claims/${claim.id}`).expect(200);
    expect(lawyerView.body.allowedTransitions.sort()).toEqual(['offer_accepted', 'offer_declined']);
    expect(lawyerView.headers.etag).toBe(`"${claim.version}"`);

    claim = await move(lawyer, claim, { to: 'offer_accepted' });
    expect(claim.allowedTransitions).toEqual([]);

    const history = await get(lawyer, `/claims/${claim.id}/transitions`).expect(200);
    expect(
      history.body.items.map((h: { from: string; to: string }) => `${h.from}>${h.to}`),
    ).toEqual([
      'draft>submitted',
      'submitted>under_review',
      'under_review>assessed',
      'assessed>approved',
      'approved>offer_accepted',
    ]);
    expect(history.body.items[2]).toMatchObject({
      actorId: caseWorker.id,
      actorRole: 'case_worker',
      amount: { amount: '40000.00', currency: 'AZN' },
    });
    expect(history.body.nextCursor).toBeNull();
    const events = await queryRows<{ action: string }>(
      t.ds,
      sql(
        `SELECT action FROM audit_events WHERE entity_type = 'claim' AND entity_id = :claimId ORDER BY seq`,
        { claimId: claim.id },
      ),
    );
    expect(events.map((e) => e.action)).toEqual([
      'claim.create',
      'claim.update',
      ...Array(5).fill('claim.transition'),
    ]);
  });

  it('approves with four eyes: the assessor may not approve', async () => {
    let claim = await createClaim(t, caseWorker, injuryClaim());
    claimIds.push(claim.id);
    claim = await move(caseWorker, claim, { to: 'submitted' });
    claim = await move(admin, claim, { to: 'under_review' });
    await fileVerifiedDocuments(t, claim.id, ['medical_report', 'identity_document']);
    claim = await move(admin, claim, {
      to: 'assessed',
      amount: { amount: '15000', currency: 'AZN' },
    });
    const same = await transition(t, admin, claim, { to: 'approved' }).expect(422);
    expect(same.body.code).toBe('FOUR_EYES_REQUIRED');
  });

  it('rejects an injury claim, takes the appeal and re-opens review with a clean decision', async () => {
    let claim = await createClaim(t, caseWorker, injuryClaim());
    claimIds.push(claim.id);
    expect(claim.missingDocuments).toEqual(['medical_report', 'identity_document']);
    claim = await move(caseWorker, claim, { to: 'submitted' });
    claim = await move(caseWorker, claim, { to: 'under_review' });
    await fileVerifiedDocuments(t, claim.id, ['medical_report', 'identity_document']);
    claim = await move(caseWorker, claim, {
      to: 'assessed',
      amount: { amount: '5000.00', currency: 'AZN' },
    });
    claim = await move(caseWorker, claim, { to: 'under_review', reason: 'Second opinion' });

    const noReason = await transition(t, admin, claim, { to: 'rejected' }).expect(400);
    expect(noReason.body.code).toBe('REASON_REQUIRED');
    const byCaseWorker = await transition(t, caseWorker, claim, {
      to: 'rejected',
      reason: 'x',
    }).expect(403);
    expect(byCaseWorker.body.code).toBe('CLAIM_TRANSITION_FORBIDDEN');
    claim = await move(admin, claim, { to: 'rejected', reason: 'Injury not caused by the crash' });
    expect(claim.decidedAt).toEqual(expect.any(String));

    claim = await move(caseWorker, claim, {
      to: 'appealed',
      reason: 'New medical evidence from the Aktau hospital',
    });
    claim = await move(admin, claim, { to: 'under_review' });
    expect(claim).toMatchObject({
      amountAssessed: null,
      amountApproved: null,
      assessedBy: null,
      approvedBy: null,
      decidedAt: null,
    });
    const [row] = await queryRows<{ n: number }>(
      t.ds,
      sql(
        `SELECT count(*)::int AS n FROM claim_transitions WHERE claim_id = :claimId AND amount IS NOT NULL`,
        { claimId: claim.id },
      ),
    );
    expect(row!.n).toBe(1);
  });

  it('requests information and takes the lawyer’s answer; notes follow visibility', async () => {
    let claim = await createClaim(t, lawyer, deathClaim());
    claimIds.push(claim.id);
    claim = await move(lawyer, claim, { to: 'submitted' });
    claim = await move(caseWorker, claim, { to: 'under_review' });

    const wrongWorker = await transition(t, otherCaseWorker, claim, {
      to: 'information_requested',
      reason: 'x',
    }).expect(403);
    expect(wrongWorker.body.code).toBe('CLAIM_TRANSITION_FORBIDDEN');
    claim = await move(caseWorker, claim, {
      to: 'information_requested',
      reason: 'Please send the marriage certificate',
    });
    const lawyerView = await get(lawyer, `/claims/${claim.id}`).expect(200);
    expect(lawyerView.body.allowedTransitions).toEqual(
      expect.arrayContaining(['under_review', 'withdrawn']),
    );
    claim = await move(lawyer, claim, { to: 'under_review' });

    const notes = (user: TestUser, body: object) =>
      t.http().post(`${API}/claims/${claim.id}/notes`).set(user.auth).send(body);
    await notes(caseWorker, { body: 'Family seems credible', visibility: 'internal' }).expect(201);
    const shared = await notes(lawyer, {
      body: 'Certificate sent by courier',
      visibility: 'shared',
    }).expect(201);
    expect(shared.body).toMatchObject({ authorId: lawyer.id, visibility: 'shared' });
    const internal = await notes(lawyer, { body: 'secret', visibility: 'internal' }).expect(403);
    expect(internal.body.code).toBe('FORBIDDEN');
    await notes(auditor, { body: 'x', visibility: 'shared' }).expect(403);

    const seenByLawyer = await get(lawyer, `/claims/${claim.id}/notes`).expect(200);
    expect(seenByLawyer.body.items.map((n: { visibility: string }) => n.visibility)).toEqual([
      'shared',
    ]);
    const seenByAuditor = await get(auditor, `/claims/${claim.id}/notes`).expect(200);
    expect(seenByAuditor.body.items).toHaveLength(2);
    const [event] = await queryRows<{ changes: string }>(
      t.ds,
      sql(
        `SELECT changes::text AS changes FROM audit_events WHERE action = 'note.create' AND entity_id = :claimId`,
        { claimId: claim.id },
      ),
    );
    expect(event!.changes).not.toContain('credible');
  });

  it('withdraws a claim, after which nothing changes', async () => {
    let claim = await createClaim(t, lawyer, deathClaim());
    claimIds.push(claim.id);
    claim = await move(lawyer, claim, { to: 'submitted' });
    const noReason = await transition(t, lawyer, claim, { to: 'withdrawn' }).expect(400);
    expect(noReason.body.code).toBe('REASON_REQUIRED');
    claim = await move(lawyer, claim, { to: 'withdrawn', reason: 'Settled with the insurer' });
    expect(claim.allowedTransitions).toEqual([]);
    const again = await transition(t, admin, claim, { to: 'under_review' }).expect(409);
    expect(again.body.code).toBe('CLAIM_TRANSITION_NOT_ALLOWED');
    const reassign = await t
      .http()
      .patch(`${API}/claims/${claim.id}`)
      .set(admin.auth)
      .set('If-Match', `"${claim.version}"`)
      .send({ assignedCaseWorkerId: caseWorker.id })
      .expect(409);
    expect(reassign.body.code).toBe('CLAIM_NOT_EDITABLE');
  });

  describe('editing and assignment', () => {
    let claim: ClaimBody;

    beforeAll(async () => {
      claim = await createClaim(t, caseWorker, injuryClaim());
      claimIds.push(claim.id);
    });

    const patch = (user: TestUser, version: number | null, body: object) => {
      const req = t.http().patch(`${API}/claims/${claim.id}`).set(user.auth);
      if (version !== null) void req.set('If-Match', `"${version}"`);
      return req.send(body);
    };

    it('needs If-Match: 428 without, 412 when stale', async () => {
      const missing = await patch(caseWorker, null, { description: 'x' }).expect(428);
      expect(missing.body.code).toBe('PRECONDITION_REQUIRED');
      const stale = await patch(caseWorker, claim.version + 5, { description: 'x' }).expect(412);
      expect(stale.body.code).toBe('PRECONDITION_FAILED');
      // Stale comes before the rules: a death claim for a survivor would be a 422 otherwise.
      const staleAndRefused = await patch(caseWorker, claim.version + 5, { type: 'death' }).expect(
        412,
      );
      expect(staleAndRefused.body.code).toBe('PRECONDITION_FAILED');
      const refused = await patch(caseWorker, claim.version, { type: 'death' }).expect(422);
      expect(refused.body.code).not.toBe('PRECONDITION_FAILED');
      const noHeader = await t
        .http()
        .post(`${API}/claims/${claim.id}/transitions`)
        .set(caseWorker.auth)
        .send({ to: 'submitted' })
        .expect(428);
      expect(noHeader.body.code).toBe('PRECONDITION_REQUIRED');
      // A weak tag of the current version never matches (strong comparison): nothing moves.
      const weak = await t
        .http()
        .post(`${API}/claims/${claim.id}/transitions`)
        .set(caseWorker.auth)
        .set('If-Match', `W/"${claim.version}"`)
        .send({ to: 'submitted' })
        .expect(412);
      expect(weak.body.code).toBe('PRECONDITION_FAILED');
      const after = await t
        .http()
        .get(`${API}/claims/${claim.id}`)
        .set(caseWorker.auth)
        .expect(200);
      expect([after.body.status, after.body.version]).toEqual([claim.status, claim.version]);
    });

    it('refuses unknown properties and a claimant change with 400', async () => {
      for (const body of [
        { status: 'approved' },
        { claimantId: clientId },
        { reference: 'X' },
        { type: null },
        { amountClaimed: { amount: 100, currency: 'AZN' } },
        { amountClaimed: { amount: '1.234', currency: 'AZN' } },
      ]) {
        const res = await patch(caseWorker, claim.version, body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      const create = await t
        .http()
        .post(`${API}/claims`)
        .set(caseWorker.auth)
        .send({ ...injuryClaim(), status: 'approved', amountApproved: '1' })
        .expect(400);
      expect(create.body.code).toBe('VALIDATION_FAILED');
    });

    it('keeps the claim in the programme’s currency and incident (422)', async () => {
      const wrongCurrency = await t
        .http()
        .post(`${API}/claims`)
        .set(caseWorker.auth)
        .send({ ...injuryClaim(), amountClaimed: { amount: '100.00', currency: 'USD' } })
        .expect(422);
      expect(wrongCurrency.body.code).toBe('AMOUNT_CURRENCY_MISMATCH');
      const other = await createIncident(t, admin);
      const wrongIncident = await t
        .http()
        .post(`${API}/claims`)
        .set(caseWorker.auth)
        .send({ ...injuryClaim(), programmeId: other.programmes.exGratia.id })
        .expect(422);
      expect(wrongIncident.body.code).toBe('PROGRAMME_NOT_FOR_INCIDENT');
      // Moving to an XDR programme needs an XDR amount.
      const switched = await patch(caseWorker, claim.version, {
        programmeId: incident.programmes.insurer.id,
      }).expect(422);
      expect(switched.body.code).toBe('AMOUNT_CURRENCY_MISMATCH');
      const ok = await patch(caseWorker, claim.version, {
        programmeId: incident.programmes.insurer.id,
        amountClaimed: { amount: '100000', currency: 'XDR' },
      }).expect(200);
      expect(ok.body).toMatchObject({
        currency: 'XDR',
        amountClaimed: { amount: '100000.00', currency: 'XDR' },
      });
      claim = ok.body;
    });

    it('refuses a claim type the person’s outcome rules out (422)', async () => {
      const res = await t
        .http()
        .post(`${API}/claims`)
        .set(caseWorker.auth)
        .send({ ...injuryClaim(), type: 'death' })
        .expect(422);
      expect(res.body.code).toBe('CLAIM_TYPE_NOT_APPLICABLE');
    });

    it('assigns only an active case worker, and only by staff', async () => {
      const notCaseWorker = await patch(admin, claim.version, {
        assignedCaseWorkerId: lawyer.id,
      }).expect(422);
      expect(notCaseWorker.body.code).toBe('CASE_WORKER_NOT_ELIGIBLE');
      const ok = await patch(admin, claim.version, {
        assignedCaseWorkerId: otherCaseWorker.id,
      }).expect(200);
      expect(ok.body.assignedCaseWorkerId).toBe(otherCaseWorker.id);
      claim = ok.body;
    });

    it('freezes claim fields once submitted but still allows reassignment', async () => {
      claim = await move(caseWorker, claim, { to: 'submitted' });
      const frozen = await patch(caseWorker, claim.version, { description: 'late' }).expect(409);
      expect(frozen.body.code).toBe('CLAIM_NOT_EDITABLE');
      const reassigned = await patch(caseWorker, claim.version, {
        assignedCaseWorkerId: caseWorker.id,
      }).expect(200);
      expect(reassigned.body.assignedCaseWorkerId).toBe(caseWorker.id);
    });
  });

  it('lets exactly one of 20 concurrent transitions with the same If-Match through', async () => {
    const claim = await createClaim(t, caseWorker, injuryClaim());
    claimIds.push(claim.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => transition(t, caseWorker, claim, { to: 'submitted' })),
    );
    const ok = results.filter((r) => r.status === 200);
    const stale = results.filter((r) => r.status === 412);
    expect(ok).toHaveLength(1);
    expect(stale).toHaveLength(19);
    for (const r of stale) expect(r.body.code).toBe('PRECONDITION_FAILED');
    const [row] = await queryRows<{ n: number }>(
      t.ds,
      sql(`SELECT count(*)::int AS n FROM claim_transitions WHERE claim_id = :claimId`, {
        claimId: claim.id,
      }),
    );
    expect(row!.n).toBe(1);
  });

  it('issues unique, consecutive references under 20 concurrent creations', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http().post(`${API}/claims`).set(caseWorker.auth).send(injuryClaim()),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const references = results.map((r) => r.body.reference as string);
    claimIds.push(...results.map((r) => r.body.id as string));
    expect(new Set(references).size).toBe(20);
    const numbers = references.map((r) => Number(r.slice(-5))).sort((a, b) => a - b);
    expect(numbers[19]! - numbers[0]!).toBe(19);
  });

  it('lists with filters and cursor pagination', async () => {
    const first = await get(
      caseWorker,
      `/claims?personId=${survivorId}&type=injury&status=draft&limit=5`,
    ).expect(200);
    expect(first.body.items).toHaveLength(5);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(
      caseWorker,
      `/claims?personId=${survivorId}&type=injury&status=draft&limit=5&cursor=${first.body.nextCursor}`,
    ).expect(200);
    const ids = [...first.body.items, ...second.body.items].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(10);
    for (const c of [...first.body.items, ...second.body.items]) {
      expect(c).toMatchObject({ personId: survivorId, type: 'injury', status: 'draft' });
      expect(c.allowedTransitions).toEqual(['submitted', 'withdrawn']);
    }
    const mine = await get(lawyer, `/claims?limit=200`).expect(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    for (const c of mine.body.items) expect(c.claimantId).toBe(clientId);
    const bad = await get(caseWorker, `/claims?status=lost`).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('shows a foreign lawyer none of it: 404 on every read, absent from lists', async () => {
    const list = await get(foreignLawyer, `/claims?limit=200`).expect(200);
    expect(list.body.items).toEqual([]);
    expect(claimIds.length).toBeGreaterThan(20);
    for (const id of claimIds.slice(0, 6)) {
      for (const path of [`/claims/${id}`, `/claims/${id}/transitions`, `/claims/${id}/notes`]) {
        const res = await get(foreignLawyer, path).expect(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      await transition(
        t,
        foreignLawyer,
        { id, version: 1 },
        { to: 'withdrawn', reason: 'x' },
      ).expect(404);
      await t
        .http()
        .patch(`${API}/claims/${id}`)
        .set(foreignLawyer.auth)
        .set('If-Match', '"1"')
        .send({ description: 'x' })
        .expect(404);
      await t
        .http()
        .post(`${API}/claims/${id}/notes`)
        .set(foreignLawyer.auth)
        .send({ body: 'x', visibility: 'shared' })
        .expect(404);
    }
    const file = await t
      .http()
      .post(`${API}/claims`)
      .set(foreignLawyer.auth)
      .send(deathClaim())
      .expect(404);
    expect(file.body.code).toBe('NOT_FOUND');
  });

  it('lets auditors read claims but move none', async () => {
    const claim = await get(auditor, `/claims/${claimIds[0]}`).expect(200);
    expect(claim.body.allowedTransitions).toEqual([]);
    const res = await transition(t, auditor, claim.body, { to: 'closed' }).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });
});
