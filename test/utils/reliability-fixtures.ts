import { Role } from '../../src/common/auth/role';
import type { TestUser } from './auth';
import { createUser } from './auth';
import { createClaim, createClaimant, createIncident, createPerson } from './casework';
import type { KnownIds } from './fuzz';
import type { AppUnderTest } from './reliability';
import { API } from './test-app';

export const SMALL_PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
  Buffer.alloc(512, 0x20),
  Buffer.from('\n%%EOF\n'),
]);

/** A multipart body with the `type` field and one PDF file. */
export function pdfUpload(type: string, fileName: string): { contentType: string; data: Buffer } {
  const boundary = `----rel${Date.now().toString(36)}`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    data: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\n${type}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      SMALL_PDF,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

/**
 * One of everything, in an incident of the caller's own (never the seeded J2-8243): a person,
 * a claimant, an approved claim with a document and a payment, a lawyer and a spare user.
 * The app needs STORAGE_DIR pointing at a temporary directory.
 */
export async function oneOfEverything(t: AppUnderTest, admin: TestUser): Promise<KnownIds> {
  const target = await createUser(t, Role.CaseWorker);
  const lawyer = await createUser(t, Role.Lawyer);
  const incident = await createIncident(t, admin);
  const person = await createPerson(t, admin, incident.id, 'deceased');
  const claimant = await createClaimant(t, admin, {
    personId: person,
    fullName: 'Fixture Heir',
    relationship: 'spouse',
  });
  const claim = await createClaim(t, admin, {
    claimantId: claimant.id,
    programmeId: incident.programmes.exGratia.id,
    type: 'death',
    amountClaimed: { amount: '40000.00', currency: 'AZN' },
  });
  const upload = pdfUpload('death_certificate', 'certificate.pdf');
  const document = await t
    .http()
    .post(`${API}/claims/${claim.id}/documents`)
    .set(admin.auth)
    .set('content-type', upload.contentType)
    .send(upload.data);
  if (document.status !== 201) throw new Error(`upload: ${document.status} ${document.text}`);
  // Approved, so that payments and later transitions have something to work on.
  await t.ds.query(
    `UPDATE claims SET status = 'approved', amount_assessed = '40000.00', amount_approved = '40000.00'
      WHERE id = $1`,
    [claim.id],
  );
  const payment = await t
    .http()
    .post(`${API}/claims/${claim.id}/payments`)
    .set(admin.auth)
    .set('Idempotency-Key', `fixture-${claim.id}`)
    .send({ kind: 'advance', amount: { amount: '100.00', currency: 'AZN' }, method: 'cash' });
  if (payment.status !== 201) throw new Error(`payment: ${payment.status} ${payment.text}`);
  return {
    incident: incident.id,
    person,
    claimant: claimant.id,
    claim: claim.id,
    document: document.body.id as string,
    payment: payment.body.id as string,
    user: target.id,
    lawyer: lawyer.id,
    programme: incident.programmes.exGratia.id,
  };
}
