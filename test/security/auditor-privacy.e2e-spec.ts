import { randomUUID } from 'node:crypto';

import { Role } from '../../src/common/auth/role';
import { queryRows, sql } from '../../src/common/database/sql';
import { createUser, TestUser } from '../utils/auth';
import {
  createClaim,
  createIncident,
  createPerson,
  pay,
  TestIncident,
  transition,
} from '../utils/fixtures';
import { API, startTestApp, TestApp } from '../utils/test-app';

const tag = randomUUID().slice(0, 8);
/** Free text that may carry health or family details (section 12). */
const TEXT = {
  description: `Widow of the captain, two children, PTSD since the crash ${tag}`,
  note: `Psychiatric report received: severe depression ${tag}`,
  review: `Death certificate names a different cause ${tag}`,
  transition: `Please send the hospital discharge letter ${tag}`,
  payment: `Beneficiary died; estate to be reopened ${tag}`,
};
const redacted = (text: string) => `[redacted: ${[...text].length} characters]`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('auditors read free text about people redacted, and cannot search names (section 12)', () => {
  let t: TestApp;
  let admin: TestUser;
  let caseWorker: TestUser;
  let auditor: TestUser;
  let incident: TestIncident;
  let claimId: string;
  let paymentId: string;
  let documentId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    auditor = await createUser(t, Role.Auditor);
    incident = await createIncident(t, admin);
    const personId = await createPerson(t, caseWorker, incident.id, 'deceased');
    const claimant = await t
      .http()
      .post(`${API}/claimants`)
      .set(caseWorker.auth)
      .send({ personId, fullName: 'Redaction Claimant', relationship: 'spouse' })
      .expect(201);
    let claim = await createClaim(t, caseWorker, {
      claimantId: claimant.body.id,
      programmeId: incident.programmes.exGratia.id,
      type: 'death',
      amountClaimed: { amount: '40000.00', currency: 'AZN' },
      description: TEXT.description,
    });
    claimId = claim.id;
    for (const body of [
      { to: 'submitted' },
      { to: 'under_review' },
      { to: 'information_requested', reason: TEXT.transition },
    ]) {
      const res = await transition(t, caseWorker, claim, body).expect(200);
      claim = res.body;
    }
    await t
      .http()
      .post(`${API}/claims/${claimId}/notes`)
      .set(caseWorker.auth)
      .send({ body: TEXT.note, visibility: 'internal' })
      .expect(201);
    const upload = await t
      .http()
      .post(`${API}/claims/${claimId}/documents`)
      .set(caseWorker.auth)
      .field('type', 'death_certificate')
      .attach('file', PDF, 'certificate.pdf')
      .expect(201);
    documentId = upload.body.id;
    await t
      .http()
      .post(`${API}/documents/${documentId}/review`)
      .set(caseWorker.auth)
      .send({ status: 'rejected', reason: TEXT.review })
      .expect(200);
    const advance = await pay(
      t,
      admin,
      { ...claim, currency: 'AZN' } as never,
      'advance',
      '1000.00',
    );
    const reversal = await t
      .http()
      .post(`${API}/payments/${advance.id}/reversal`)
      .set(admin.auth)
      .send({ reason: TEXT.payment })
      .expect(201);
    paymentId = reversal.body.id;
  });
  afterAll(() => t.close());

  const read = async (user: TestUser) => {
    const get = async (path: string) =>
      (await t.http().get(`${API}${path}`).set(user.auth).expect(200)).body;
    return {
      claim: await get(`/claims/${claimId}`),
      list: await get(`/claims?claimantId=${(await get(`/claims/${claimId}`)).claimantId}`),
      notes: await get(`/claims/${claimId}/notes`),
      transitions: await get(`/claims/${claimId}/transitions`),
      documents: await get(`/claims/${claimId}/documents`),
      payments: await get(`/claims/${claimId}/payments`),
    };
  };

  it('shows the texts in clear to staff (the check below is not vacuous)', async () => {
    const seen = await read(admin);
    expect(seen.claim.description).toBe(TEXT.description);
    expect(seen.list.items[0].description).toBe(TEXT.description);
    expect(seen.notes.items[0].body).toBe(TEXT.note);
    expect(seen.transitions.items.map((i: { reason: string }) => i.reason)).toContain(
      TEXT.transition,
    );
    expect(seen.documents.items[0].reviewReason).toBe(TEXT.review);
    expect(seen.payments.items.find((p: { id: string }) => p.id === paymentId).reason).toBe(
      TEXT.payment,
    );
  });

  it('shows auditors each text as "[redacted: N characters]"', async () => {
    const seen = await read(auditor);
    expect(seen.claim.description).toBe(redacted(TEXT.description));
    expect(seen.list.items[0].description).toBe(redacted(TEXT.description));
    expect(seen.notes.items[0].body).toBe(redacted(TEXT.note));
    expect(seen.transitions.items.map((i: { reason: string | null }) => i.reason)).toEqual([
      null,
      null,
      redacted(TEXT.transition),
    ]);
    expect(seen.documents.items[0].reviewReason).toBe(redacted(TEXT.review));
    expect(seen.payments.items.find((p: { id: string }) => p.id === paymentId).reason).toBe(
      redacted(TEXT.payment),
    );
    const everything = JSON.stringify(seen);
    expect(everything).not.toContain(tag);
  });

  it('keeps the texts out of the audit log auditors read', async () => {
    const rows = await queryRows<{ action: string; changes: string }>(
      t.ds,
      sql(
        `SELECT action, changes::text AS changes FROM audit_events WHERE entity_id IN (:claimId, :paymentId, :documentId)`,
        { claimId, paymentId, documentId },
      ),
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['claim.create', 'document.review', 'payment.reverse']),
    );
    expect(rows.filter((r) => r.changes.includes(tag)).map((r) => r.action)).toEqual([]);
  });

  it('refuses ?q= on persons to auditors (400), and still serves it to staff', async () => {
    const path = `${API}/incidents/${incident.id}/persons?q=Person`;
    const refused = await t.http().get(path).set(auditor.auth).expect(400);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.errors).toEqual([{ field: 'q', message: expect.any(String) }]);
    const served = await t.http().get(path).set(caseWorker.auth).expect(200);
    expect(served.body.items.length).toBeGreaterThan(0);
    // Without q, auditors still list persons (masked).
    await t.http().get(`${API}/incidents/${incident.id}/persons`).set(auditor.auth).expect(200);
  });
});

describe('IBANs are checked by country structure and checksum (section 12)', () => {
  let t: TestApp;
  let caseWorker: TestUser;
  let personId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    const incident = await createIncident(t, admin);
    personId = await createPerson(t, caseWorker, incident.id, 'deceased');
  });
  afterAll(() => t.close());

  const create = (iban: string) =>
    t
      .http()
      .post(`${API}/claimants`)
      .set(caseWorker.auth)
      .send({
        personId,
        fullName: 'Iban Claimant',
        relationship: 'sibling',
        bankAccount: { iban, holder: 'Iban Claimant' },
      });

  it.each([
    ['FR053000600001123456789018A', 'a letter where France has digits'],
    ['XX4212345678901234', 'a country that has no IBAN'],
    ['MT38MALT01100001234MTLCAST001', 'too short for Malta'],
  ])('refuses %s (%s) with 400, though its check digits are right', async (iban) => {
    const res = await create(iban).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      { field: 'bankAccount.iban', message: expect.stringMatching(/IBAN/) },
    ]);
  });

  it('accepts an IBAN of a country outside the old list (Saudi Arabia)', async () => {
    await create('SA03 8000 0000 6080 1016 7519').expect(201);
  });
});
