import { Role } from '../src/common/auth/role';
import { queryRows, sql } from '../src/common/database/sql';
import { createUser, TestUser } from './utils/auth';
import { createClaimant, createIncident, createPerson, represent } from './utils/fixtures';
import { API, startTestApp, TestApp } from './utils/test-app';

const IBAN = 'AZ21NABZ00000000137010001944';
const PHONE = '+994 50 555 12 34';
const EMAIL = 'leyla.claimant@example.org';

describe('Claimants and representation', () => {
  let t: TestApp;
  let admin: TestUser;
  let caseWorker: TestUser;
  let lawyer: TestUser;
  let foreignLawyer: TestUser;
  let auditor: TestUser;
  let incidentId: string;
  let deceasedId: string;
  let survivorId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    lawyer = await createUser(t, Role.Lawyer);
    foreignLawyer = await createUser(t, Role.Lawyer);
    auditor = await createUser(t, Role.Auditor);
    incidentId = (await createIncident(t, admin)).id;
    deceasedId = await createPerson(t, caseWorker, incidentId, 'deceased');
    survivorId = await createPerson(t, caseWorker, incidentId, 'survived');
  });
  afterAll(() => t.close());

  const get = (user: TestUser, path: string) => t.http().get(`${API}${path}`).set(user.auth);
  const patch = (user: TestUser, id: string, version: number | null, body: object) => {
    const req = t.http().patch(`${API}/claimants/${id}`).set(user.auth);
    if (version !== null) void req.set('If-Match', `"${version}"`);
    return req.send(body);
  };

  describe('personal data', () => {
    let claimantId: string;

    beforeAll(async () => {
      const res = await t
        .http()
        .post(`${API}/claimants`)
        .set(caseWorker.auth)
        .send({
          personId: deceasedId,
          fullName: 'Leyla Aliyeva',
          relationship: 'spouse',
          dateOfBirth: '1985-03-02',
          nationality: 'az',
          contact: { email: EMAIL, phone: PHONE, address: 'Nizami 10, Baku' },
          bankAccount: { iban: 'az21 nabz 0000 0000 1370 1000 1944', holder: 'Leyla Aliyeva' },
          heirSharePercent: 50,
        })
        .expect(201);
      claimantId = res.body.id;
      expect(res.body).toMatchObject({
        personId: deceasedId,
        fullName: 'Leyla Aliyeva',
        relationship: 'spouse',
        nationality: 'AZ',
        heirSharePercent: '50.00',
        representations: [],
        version: 1,
      });
      // A write response carries masks: full data leaves only through the audited read.
      expect(res.body.bankAccount).toEqual({ iban: '••••1944', holder: 'L. A.' });
      expect(res.body.contact.email).not.toContain('leyla');
    });

    it('stores contact and bank details encrypted: no plaintext anywhere in the rows', async () => {
      const rows = await queryRows<{
        row: string;
      }>(t.ds, sql(`SELECT c::text AS row FROM claimants c`));
      expect(rows.length).toBeGreaterThan(0);
      const all = rows.map((r) => r.row).join('\n');
      for (const secret of [IBAN, 'NABZ', '555 12 34', '5551234', EMAIL, 'Nizami']) {
        expect(all).not.toContain(secret);
      }
      const audit = await queryRows<{ changes: string }>(
        t.ds,
        sql(`SELECT changes::text AS changes FROM audit_events WHERE entity_id = :claimantId`, {
          claimantId,
        }),
      );
      const logged = audit.map((a) => a.changes).join('\n');
      for (const secret of [IBAN, EMAIL, 'Leyla', '1985-03-02']) {
        expect(logged).not.toContain(secret);
      }
    });

    it('shows contact and bank details in full on a single read, and audits that read', async () => {
      const res = await get(caseWorker, `/claimants/${claimantId}`).expect(200);
      expect(res.body.contact).toEqual({ email: EMAIL, phone: PHONE, address: 'Nizami 10, Baku' });
      expect(res.body.bankAccount).toEqual({ iban: IBAN, holder: 'Leyla Aliyeva' });
      expect(res.headers.etag).toBe('"1"');
      const [event] = await queryRows<{ actor_id: string; changes: { fields: string[] } }>(
        t.ds,
        sql(
          `SELECT actor_id, changes FROM audit_events
          WHERE action = 'claimant.read_personal_data' AND entity_id = :claimantId
          ORDER BY seq DESC LIMIT 1`,
          { claimantId },
        ),
      );
      expect(event).toMatchObject({ actor_id: caseWorker.id });
      expect(event!.changes.fields).toEqual(['contact', 'bankAccount']);
    });

    it('masks names and personal data for auditors, on reads and in lists', async () => {
      const one = await get(auditor, `/claimants/${claimantId}`).expect(200);
      expect(one.body).toMatchObject({
        fullName: 'L. A.',
        dateOfBirth: '1985-**-**',
        bankAccount: { iban: '••••1944', holder: 'L. A.' },
      });
      expect(JSON.stringify(one.body)).not.toContain(EMAIL);
      const list = await get(auditor, `/claimants?personId=${deceasedId}`).expect(200);
      expect(list.body.items.map((c: { fullName: string }) => c.fullName)).toContain('L. A.');
    });

    it('masks personal data in lists for every role', async () => {
      const res = await get(caseWorker, `/claimants?personId=${deceasedId}`).expect(200);
      const item = res.body.items.find((c: { id: string }) => c.id === claimantId);
      expect(item.fullName).toBe('Leyla Aliyeva');
      expect(item.bankAccount.iban).toBe('••••1944');
      expect(JSON.stringify(res.body)).not.toContain(EMAIL);
      expect(res.body.nextCursor).toBeNull();
    });

    it('refuses a malformed IBAN, e-mail or phone with 400', async () => {
      const base = { personId: survivorId, fullName: 'X Y', relationship: 'self' };
      for (const extra of [
        { bankAccount: { iban: 'AZ22NABZ00000000137010001944', holder: 'X Y' } },
        { contact: { email: 'not-an-email' } },
        { contact: { phone: '12' } },
      ]) {
        const res = await t
          .http()
          .post(`${API}/claimants`)
          .set(caseWorker.auth)
          .send({ ...base, ...extra })
          .expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('rules', () => {
    it('accepts self for a survivor and refuses it for a deceased person (422)', async () => {
      await createClaimant(t, caseWorker, {
        personId: survivorId,
        fullName: 'Survivor Self',
        relationship: 'self',
      });
      const res = await t
        .http()
        .post(`${API}/claimants`)
        .set(caseWorker.auth)
        .send({ personId: deceasedId, fullName: 'Ghost', relationship: 'self' })
        .expect(422);
      expect(res.body).toMatchObject({ status: 422, code: 'SELF_REQUIRES_SURVIVOR' });
    });

    it('requires the guardian to be another claimant of the same person (422)', async () => {
      const otherPerson = await createPerson(t, caseWorker, incidentId, 'deceased');
      const stranger = await createClaimant(t, caseWorker, {
        personId: otherPerson,
        fullName: 'Stranger Parent',
        relationship: 'parent',
      });
      const bad = await t
        .http()
        .post(`${API}/claimants`)
        .set(caseWorker.auth)
        .send({
          personId: deceasedId,
          fullName: 'Minor Child',
          relationship: 'child',
          dateOfBirth: '2015-01-01',
          guardianClaimantId: stranger.id,
        })
        .expect(422);
      expect(bad.body.code).toBe('GUARDIAN_INVALID');
      const guardian = await createClaimant(t, caseWorker, {
        personId: deceasedId,
        fullName: 'Guardian Parent',
        relationship: 'parent',
      });
      const ok = await createClaimant(t, caseWorker, {
        personId: deceasedId,
        fullName: 'Minor Child',
        relationship: 'child',
        guardianClaimantId: guardian.id,
      });
      expect(ok).toMatchObject({ guardianClaimantId: guardian.id });
    });

    it('refuses heir shares of one deceased person above 100 percent (422)', async () => {
      const person = await createPerson(t, caseWorker, incidentId, 'deceased');
      await createClaimant(t, caseWorker, {
        personId: person,
        fullName: 'Heir One',
        relationship: 'child',
        heirSharePercent: '60',
      });
      const res = await t
        .http()
        .post(`${API}/claimants`)
        .set(caseWorker.auth)
        .send({
          personId: person,
          fullName: 'Heir Two',
          relationship: 'child',
          heirSharePercent: '40.01',
        })
        .expect(422);
      expect(res.body).toMatchObject({ code: 'HEIR_SHARES_EXCEED_100' });
      const second = await createClaimant(t, caseWorker, {
        personId: person,
        fullName: 'Heir Two',
        relationship: 'child',
        heirSharePercent: '40',
      });
      // Raising a share on PATCH is checked against the others too.
      const raised = await patch(caseWorker, second.id, second.version, {
        heirSharePercent: '40.5',
      }).expect(422);
      expect(raised.body.code).toBe('HEIR_SHARES_EXCEED_100');
    });

    it('lets only one of two concurrent heirs through when together they exceed 100', async () => {
      const person = await createPerson(t, caseWorker, incidentId, 'deceased');
      const send = (name: string) =>
        t
          .http()
          .post(`${API}/claimants`)
          .set(caseWorker.auth)
          .send({ personId: person, fullName: name, relationship: 'child', heirSharePercent: 60 });
      const results = await Promise.all([send('Heir A'), send('Heir B')]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 422]);
      expect(results.find((r) => r.status === 422)!.body.code).toBe('HEIR_SHARES_EXCEED_100');
      const [{ total }] = await queryRows<{ total: string }>(
        t.ds,
        sql(
          `SELECT sum(heir_share_percent)::text AS total FROM claimants WHERE person_id = :person`,
          { person },
        ),
      );
      expect(total).toBe('60.00');
    });

    it('refuses unknown properties with 400 and stores nothing', async () => {
      const res = await t
        .http()
        .post(`${API}/claimants`)
        .set(caseWorker.auth)
        .send({ personId: survivorId, fullName: 'Unknown Z', relationship: 'spouse', isVip: true })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const rows = await queryRows(
        t.ds,
        sql(`SELECT 1 FROM claimants WHERE full_name = 'Unknown Z'`),
      ); /*TUPLE []*/
      expect(rows).toHaveLength(0);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'isVip' })]),
      );
    });

    it('lets no lawyer or auditor register a claimant (403)', async () => {
      for (const user of [lawyer, auditor]) {
        const res = await t
          .http()
          .post(`${API}/claimants`)
          .set(user.auth)
          .send({ personId: survivorId, fullName: 'Z', relationship: 'spouse' })
          .expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
    });
  });

  describe('updates and lawyers', () => {
    let client: { id: string; version: number };
    let stranger: { id: string; version: number };

    beforeAll(async () => {
      const person = await createPerson(t, caseWorker, incidentId, 'deceased');
      client = await createClaimant(t, caseWorker, {
        personId: person,
        fullName: 'Client Parent',
        relationship: 'parent',
        contact: { email: 'client@example.org', phone: '+7 701 123 45 67' },
      });
      stranger = await createClaimant(t, caseWorker, {
        personId: person,
        fullName: 'Other Sibling',
        relationship: 'sibling',
      });
      await represent(t, admin, client.id, lawyer.id);
    });

    it('needs If-Match: 428 without, 412 when stale', async () => {
      const missing = await patch(caseWorker, client.id, null, { nationality: 'KZ' }).expect(428);
      expect(missing.body.code).toBe('PRECONDITION_REQUIRED');
      const stale = await patch(caseWorker, client.id, 99, { nationality: 'KZ' }).expect(412);
      expect(stale.body.code).toBe('PRECONDITION_FAILED');
      // Stale comes before the rules: 'self' for a deceased person would be a 422 otherwise.
      const staleAndRefused = await patch(caseWorker, client.id, 99, {
        relationship: 'self',
      }).expect(412);
      expect(staleAndRefused.body.code).toBe('PRECONDITION_FAILED');
      // Required fields cannot be cleared; an empty change is refused rather than versioned.
      for (const body of [{ fullName: null }, { relationship: null }, {}]) {
        const res = await patch(caseWorker, client.id, client.version, body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('refuses a lawyer changing anything but contact and bank details; the row is unchanged', async () => {
      const before = await queryRows<{ row: string }>(
        t.ds,
        sql(`SELECT c::text AS row FROM claimants c WHERE id = :clientId`, { clientId: client.id }),
      );
      for (const body of [
        { fullName: 'Renamed' },
        { relationship: 'spouse' },
        { heirSharePercent: '100', contact: { phone: '+7 701 000 00 00' } },
      ]) {
        const res = await patch(lawyer, client.id, client.version, body).expect(403);
        expect(res.body.code).toBe('CLAIMANT_FIELDS_NOT_EDITABLE');
      }
      const after = await queryRows<{ row: string }>(
        t.ds,
        sql(`SELECT c::text AS row FROM claimants c WHERE id = :clientId`, { clientId: client.id }),
      );
      expect(after).toEqual(before);
    });

    it('lets a lawyer change their client’s contact and bank details', async () => {
      const res = await patch(lawyer, client.id, client.version, {
        contact: { phone: '+7 701 999 88 77' },
        bankAccount: { iban: 'KZ86125KZT5004100100', holder: 'Client Parent' },
      }).expect(200);
      expect(res.body.version).toBe(client.version + 1);
      client = res.body;
      const full = await get(lawyer, `/claimants/${client.id}`).expect(200);
      // Contact fields not sent are kept.
      expect(full.body.contact).toEqual({ email: 'client@example.org', phone: '+7 701 999 88 77' });
      expect(full.body.bankAccount).toEqual({
        iban: 'KZ86125KZT5004100100',
        holder: 'Client Parent',
      });
      expect(full.body.representations).toEqual([
        { lawyerId: lawyer.id, startedAt: expect.any(String) },
      ]);
    });

    it('hides other claimants from a lawyer: 404 on read and update, absent from lists', async () => {
      const read = await get(lawyer, `/claimants/${stranger.id}`).expect(404);
      expect(read.body.code).toBe('NOT_FOUND');
      const update = await patch(lawyer, stranger.id, stranger.version, {
        contact: { email: 'x@example.org' },
      }).expect(404);
      expect(update.body.code).toBe('NOT_FOUND');
      const mine = await get(lawyer, `/claimants`).expect(200);
      expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([client.id]);
      const foreign = await get(foreignLawyer, `/claimants`).expect(200);
      expect(foreign.body.items).toEqual([]);
      await get(foreignLawyer, `/claimants/${client.id}`).expect(404);
    });

    it('lets a case worker change any field, and audits without personal values', async () => {
      const res = await patch(caseWorker, stranger.id, stranger.version, {
        fullName: 'Other Sibling Renamed',
        nationality: 'RU',
      }).expect(200);
      expect(res.body).toMatchObject({ fullName: 'Other Sibling Renamed', nationality: 'RU' });
      const [event] = await queryRows<{ changes: Record<string, unknown> }>(
        t.ds,
        sql(
          `SELECT changes FROM audit_events WHERE action = 'claimant.update' AND entity_id = :strangerId`,
          { strangerId: stranger.id },
        ),
      );
      expect(event!.changes).toEqual({
        fullName: { before: '[redacted]', after: '[redacted]' },
        nationality: { before: null, after: 'RU' },
      });
    });
  });

  describe('representations', () => {
    let claimantId: string;

    beforeAll(async () => {
      claimantId = (
        await createClaimant(t, caseWorker, {
          personId: survivorId,
          fullName: 'Represented Survivor',
          relationship: 'self',
        })
      ).id;
    });

    it('accepts only an active lawyer (422 otherwise)', async () => {
      const inactive = await createUser(t, Role.Lawyer, { active: false });
      for (const lawyerId of [caseWorker.id, inactive.id, '00000000-0000-4000-8000-000000000000']) {
        const res = await t
          .http()
          .post(`${API}/claimants/${claimantId}/representations`)
          .set(admin.auth)
          .send({ lawyerId })
          .expect(422);
        expect(res.body.code).toBe('LAWYER_NOT_ELIGIBLE');
      }
    });

    it('starts, refuses a duplicate (409), ends and keeps the history', async () => {
      const started = await t
        .http()
        .post(`${API}/claimants/${claimantId}/representations`)
        .set(caseWorker.auth)
        .send({ lawyerId: foreignLawyer.id })
        .expect(201);
      expect(started.body).toMatchObject({
        claimantId,
        lawyerId: foreignLawyer.id,
        endedAt: null,
        startedBy: caseWorker.id,
      });
      await get(foreignLawyer, `/claimants/${claimantId}`).expect(200);
      const duplicate = await t
        .http()
        .post(`${API}/claimants/${claimantId}/representations`)
        .set(admin.auth)
        .send({ lawyerId: foreignLawyer.id })
        .expect(409);
      expect(duplicate.body.code).toBe('REPRESENTATION_EXISTS');

      const ended = await t
        .http()
        .delete(`${API}/claimants/${claimantId}/representations/${foreignLawyer.id}`)
        .set(admin.auth)
        .expect(200);
      expect(ended.body).toMatchObject({ endedBy: admin.id, endedAt: expect.any(String) });
      await get(foreignLawyer, `/claimants/${claimantId}`).expect(404);
      const again = await t
        .http()
        .delete(`${API}/claimants/${claimantId}/representations/${foreignLawyer.id}`)
        .set(admin.auth)
        .expect(404);
      expect(again.body.code).toBe('NOT_FOUND');

      const rows = await queryRows<{ ended_at: Date | null }>(
        t.ds,
        sql(
          `SELECT ended_at FROM representations WHERE claimant_id = :claimantId AND lawyer_id = :foreignLawyerId`,
          { claimantId, foreignLawyerId: foreignLawyer.id },
        ),
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.ended_at).not.toBeNull();
      const claimant = await get(caseWorker, `/claimants/${claimantId}`).expect(200);
      expect(claimant.body.representations).toEqual([]);
      const actions = await queryRows<{ action: string }>(
        t.ds,
        sql(
          `SELECT action FROM audit_events WHERE entity_id = :claimantId AND action LIKE 'representation.%' ORDER BY seq`,
          { claimantId },
        ),
      );
      expect(actions.map((a) => a.action)).toEqual(['representation.start', 'representation.end']);
    });

    it('lets no lawyer manage representations (403)', async () => {
      const res = await t
        .http()
        .post(`${API}/claimants/${claimantId}/representations`)
        .set(lawyer.auth)
        .send({ lawyerId: lawyer.id })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });
  });
});
