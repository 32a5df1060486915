import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Logger } from '@nestjs/common';

import { Role } from '../src/common/auth/role';
import { execute, queryRows, sql } from '../src/common/database/sql';
import { maskName } from '../src/common/privacy/mask';
import { ClaimsReportService, CSV_BATCH_SIZE } from '../src/modules/reports/claims-report.service';
import { createUser, TestUser } from './utils/auth';
import {
  ClaimBody,
  createClaim,
  createClaimant,
  createIncident,
  fileVerifiedDocuments,
  moveThrough,
  pay,
  TestIncident,
} from './utils/fixtures';
import { csvObjects, parseCsv, rawBody } from './utils/reports-csv';
import { API, startTestApp, TestApp } from './utils/test-app';

const COLUMNS = [
  'reference',
  'claimantName',
  'personName',
  'programmeName',
  'payer',
  'status',
  'type',
  'currency',
  'claimed',
  'assessed',
  'approved',
  'paid',
  'paidIn',
  'advancesPaid',
  'outstanding',
  'toRecover',
  'submittedAt',
  'decidedAt',
  'statusChangedAt',
  'createdAt',
  'claimId',
  'claimantId',
  'personId',
  'programmeId',
  'assignedCaseWorkerId',
];

interface Row {
  claimId: string;
  reference: string;
  claimantName: string;
  personName: string;
  status: string;
  claimed: string | null;
  assessed: string | null;
  approved: string | null;
  paid: string;
  outstanding: string | null;
  [field: string]: unknown;
}

/** Claimant names that break naive CSV writers or run as formulas in a spreadsheet. */
const AWKWARD = {
  commaQuoteNewline: 'Smith, "Junior"\nsecond line',
  cyrillic: 'Ирина Сергеевна Петрова',
  azerbaijani: 'Gülşən Əhmədova-Çağlayan Işıqlı Göyüş',
  formula: '=HYPERLINK("http://evil.example/x","Open")',
  plus: '+994 50 555 55 55',
  minus: '-2+3',
  at: '@SUM(A1:A9)',
};
const PERSON_NAME = "=cmd|' /C calc'!A0 Qəmbərov";

describe('GET /reports/incidents/:id/claims', () => {
  let t: TestApp;
  let admin: TestUser;
  let caseWorker: TestUser;
  let auditor: TestUser;
  let incident: TestIncident;
  const claims: Record<string, ClaimBody> = {};

  const csv = (user: TestUser, incidentId: string, query: Record<string, string> = {}) =>
    t
      .http()
      .get(`${API}/reports/incidents/${incidentId}/claims`)
      .query(query)
      .set(user.auth)
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse(rawBody);

  const page = (user: TestUser, incidentId: string, query: Record<string, string | number> = {}) =>
    t.http().get(`${API}/reports/incidents/${incidentId}/claims`).query(query).set(user.auth);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    auditor = await createUser(t, Role.Auditor);
    incident = await createIncident(t, admin);
    const person = await t
      .http()
      .post(`${API}/incidents/${incident.id}/persons`)
      .set(caseWorker.auth)
      .send({
        fullName: PERSON_NAME,
        category: 'passenger',
        nationalities: ['AZ'],
        outcome: 'deceased',
      })
      .expect(201);
    for (const [key, fullName] of Object.entries(AWKWARD)) {
      const claimant = await createClaimant(t, caseWorker, {
        personId: person.body.id,
        fullName,
        relationship: 'sibling',
      });
      claims[key] = await createClaim(t, caseWorker, {
        claimantId: claimant.id,
        programmeId: incident.programmes.exGratia.id,
        type: 'death',
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
    }
    // One claim all the way to a part-paid award: every amount column filled.
    let paid = claims.azerbaijani!;
    paid = await moveThrough(
      t,
      [
        [caseWorker, { to: 'submitted' }],
        [caseWorker, { to: 'under_review' }],
      ],
      paid,
    );
    await fileVerifiedDocuments(t, paid.id, [
      'death_certificate',
      'proof_of_kinship',
      'identity_document',
    ]);
    paid = await moveThrough(
      t,
      [
        [caseWorker, { to: 'assessed', amount: { amount: '38000.50', currency: 'AZN' } }],
        [admin, { to: 'approved' }],
        [caseWorker, { to: 'offer_accepted' }],
      ],
      paid,
    );
    await pay(t, admin, paid, 'award', '12000.25');
    claims.azerbaijani = paid;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  describe('as JSON pages', () => {
    it('lists every claim with names, programme and amounts, oldest first, page by page', async () => {
      const seen: Row[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: Record<string, string | number> = cursor ? { limit: 3, cursor } : { limit: 3 };
        const res: { body: { items: Row[]; nextCursor: string | null } } = await page(
          caseWorker,
          incident.id,
          query,
        ).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen.map((r) => r.claimId)).toEqual(Object.values(claims).map((c) => c.id));
      expect(seen.map((r) => r.claimantName)).toEqual(Object.values(AWKWARD));
      expect(seen.find((r) => r.claimId === claims.azerbaijani!.id)).toEqual({
        claimId: claims.azerbaijani!.id,
        reference: claims.azerbaijani!.reference,
        claimantId: expect.any(String),
        claimantName: AWKWARD.azerbaijani,
        personId: expect.any(String),
        personName: PERSON_NAME,
        programmeId: incident.programmes.exGratia.id,
        programmeName: 'Ex gratia',
        payer: 'airline_ex_gratia',
        status: 'offer_accepted',
        type: 'death',
        currency: 'AZN',
        claimed: '40000.00',
        assessed: '38000.50',
        approved: '38000.50',
        paid: '12000.25',
        paidIn: '12000.25 AZN',
        advancesPaid: '0.00',
        outstanding: '26000.25',
        toRecover: '0.00',
        assignedCaseWorkerId: caseWorker.id,
        submittedAt: expect.any(String),
        decidedAt: expect.any(String),
        statusChangedAt: expect.any(String),
        createdAt: expect.any(String),
      });
      expect(seen.find((r) => r.claimId === claims.cyrillic!.id)).toMatchObject({
        status: 'draft',
        claimed: '40000.00',
        assessed: null,
        approved: null,
        paid: '0.00',
        outstanding: null,
        submittedAt: null,
      });
    });

    it('filters by status and programme', async () => {
      const accepted = await page(admin, incident.id, { status: 'offer_accepted' }).expect(200);
      expect(accepted.body.items.map((r: Row) => r.claimId)).toEqual([claims.azerbaijani!.id]);
      const insurer = await page(admin, incident.id, {
        programmeId: incident.programmes.insurer.id,
      }).expect(200);
      expect(insurer.body).toEqual({ items: [], nextCursor: null });
    });

    it('masks claimant and person names for auditors', async () => {
      const res = await page(auditor, incident.id, { limit: 200 }).expect(200);
      expect(res.body.items.map((r: Row) => r.claimantName)).toEqual(
        Object.values(AWKWARD).map(maskName),
      );
      for (const r of res.body.items as Row[]) expect(r.personName).toBe(maskName(PERSON_NAME));
    });

    it('refuses a page over 200, a forged cursor and an unknown status', async () => {
      expect((await page(admin, incident.id, { limit: 201 }).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      await page(admin, incident.id, { cursor: 'bm90LWEtY3Vyc29y' }).expect(400);
      await page(admin, incident.id, { status: 'lost' }).expect(400);
    });

    it('answers 404 for an unknown incident, in JSON and in CSV', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      await page(admin, unknown).expect(404);
      const res = await csv(admin, unknown).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('as CSV', () => {
    it('streams a UTF-8 file with a BOM, as an attachment, never cached', async () => {
      const res = await csv(caseWorker, incident.id).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        new RegExp(`^attachment; filename="${incident.code}-claims-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
      );
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers.vary).toMatch(/Accept/);
      expect(res.headers['content-length']).toBeUndefined();
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = body.subarray(3).toString('utf8');
      expect(parseCsv(text)[0]).toEqual(COLUMNS);
      expect(text.split('\r\n')[0]).toBe(COLUMNS.join(','));
    });

    it('writes commas, quotes, line breaks, Cyrillic and Azerbaijani letters exactly, and neutralises formulas', async () => {
      const res = await csv(caseWorker, incident.id).expect(200);
      const rows = csvObjects((res.body as Buffer).subarray(3).toString('utf8'));
      expect(rows.map((r) => r.claimId)).toEqual(Object.values(claims).map((c) => c.id));
      expect(rows.map((r) => r.claimantName)).toEqual([
        'Smith, "Junior"\nsecond line',
        'Ирина Сергеевна Петрова',
        'Gülşən Əhmədova-Çağlayan Işıqlı Göyüş',
        `'=HYPERLINK("http://evil.example/x","Open")`,
        `'+994 50 555 55 55`,
        `'-2+3`,
        `'@SUM(A1:A9)`,
      ]);
      for (const r of rows) expect(r.personName).toBe(`'${PERSON_NAME}`);
      // Nothing a spreadsheet would evaluate is left at the start of any cell.
      for (const r of rows) {
        for (const cell of Object.values(r))
          expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
      }
      const paid = rows.find((r) => r.claimId === claims.azerbaijani!.id)!;
      expect(paid).toMatchObject({
        status: 'offer_accepted',
        currency: 'AZN',
        claimed: '40000.00',
        assessed: '38000.50',
        approved: '38000.50',
        paid: '12000.25',
        paidIn: '12000.25 AZN',
        advancesPaid: '0.00',
        outstanding: '26000.25',
        toRecover: '0.00',
        assignedCaseWorkerId: caseWorker.id,
      });
      const draft = rows.find((r) => r.claimId === claims.cyrillic!.id)!;
      expect(draft).toMatchObject({
        assessed: '',
        approved: '',
        outstanding: '',
        submittedAt: '',
        paid: '0.00',
      });
    });

    it('agrees with the JSON pages cell for cell', async () => {
      const json = (await page(caseWorker, incident.id, { limit: 200 }).expect(200)).body
        .items as Row[];
      const rows = csvObjects(
        ((await csv(caseWorker, incident.id).expect(200)).body as Buffer)
          .subarray(3)
          .toString('utf8'),
      );
      const neutral = (v: unknown) => {
        const s = v === null ? '' : String(v);
        return /^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
      };
      expect(rows).toEqual(
        json.map((r) => Object.fromEntries(COLUMNS.map((c) => [c, neutral(r[c])]))),
      );
    });

    it('masks names for auditors in the file too', async () => {
      const res = await csv(auditor, incident.id).expect(200);
      const rows = csvObjects((res.body as Buffer).subarray(3).toString('utf8'));
      // Masks keep first letters, so the initial of a formula is still neutralised.
      expect(rows.map((r) => r.claimantName)).toEqual([
        maskName(AWKWARD.commaQuoteNewline),
        'И. С. П.',
        'G. Ə. I. G.',
        `'=.`,
        `'+. 5. 5. 5. 5.`,
        `'-.`,
        `'@.`,
      ]);
      expect(rows.map((r) => r.personName)).toEqual(rows.map(() => `'${maskName(PERSON_NAME)}`));
    });

    it('records the export in the audit log', async () => {
      await csv(admin, incident.id, { status: 'draft' }).expect(200);
      const [event] = await queryRows<{ actor_id: string; changes: Record<string, unknown> }>(
        t.ds,
        sql(
          `SELECT actor_id, changes FROM audit_events
          WHERE action = 'report.claims_export' AND entity_id = :incidentId ORDER BY seq DESC LIMIT 1`,
          { incidentId: incident.id },
        ),
      );
      expect(event).toEqual({
        actor_id: admin.id,
        changes: { format: 'csv', status: 'draft', programmeId: null },
      });
    });

    it('keeps JSON when CSV is not preferred', async () => {
      const res = await t
        .http()
        .get(`${API}/reports/incidents/${incident.id}/claims`)
        .set(admin.auth)
        .set('Accept', 'application/json, text/csv;q=0.5')
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });
  });

  describe('a large export', () => {
    const TOTAL = 10_050;
    let big: TestIncident;

    let port: number;

    beforeAll(async () => {
      // Raw HTTP clients below (supertest cannot stop reading half-way): listen on a real port.
      const server = t.app.getHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
      big = await createIncident(t, admin);
      // Bulk rows straight into the tables: the claims API would take minutes for 10,000 claims,
      // and what is under test here is the export's batching, not the lifecycle.
      const [person] = await queryRows(
        t.ds,
        sql(
          `INSERT INTO persons_on_board (incident_id, full_name, category, nationalities, outcome)
         VALUES (:bigId, 'Bulk Person', 'passenger', '{AZ}', 'deceased') RETURNING id`,
          { bigId: big.id },
        ),
      );
      const [claimant] = await queryRows(
        t.ds,
        sql(
          `INSERT INTO claimants (person_id, full_name, relationship) VALUES (:personId, 'Bulk, "Claimant"', 'parent') RETURNING id`,
          { personId: person.id },
        ),
      );
      await execute(
        t.ds,
        sql(
          `INSERT INTO claims (reference, incident_id, programme_id, claimant_id, person_id, type, status,
                             currency, amount_claimed, created_at)
         SELECT :code::text || '-C-' || lpad(g::text, 5, '0'), :bigId, :exGratiaId, :claimantId, :personId, 'death', 'submitted', 'AZN',
                (g % 1000) + 0.25, now() - make_interval(secs => (:total::int - g) / 1000.0)
           FROM generate_series(1, :total::int) AS g`,
          {
            code: big.code,
            bigId: big.id,
            exGratiaId: big.programmes.exGratia.id,
            claimantId: claimant.id,
            personId: person.id,
            total: TOTAL,
          },
        ),
      );
    });

    it(`streams ${TOTAL} claims in batches of ${CSV_BATCH_SIZE}, each row once, in order`, async () => {
      const fetch = jest.spyOn(ClaimsReportService.prototype as never, 'fetch');
      const res = await csv(admin, big.id).expect(200);
      const rows = parseCsv((res.body as Buffer).subarray(3).toString('utf8'));
      expect(rows).toHaveLength(TOTAL + 1);
      const refs = rows.slice(1).map((r) => r[0]);
      expect(refs[0]).toBe(`${big.code}-C-00001`);
      expect(refs[TOTAL - 1]).toBe(`${big.code}-C-${TOTAL}`);
      expect(new Set(refs).size).toBe(TOTAL);
      expect(refs).toEqual([...refs].sort());
      expect(rows[1]![1]).toBe('Bulk, "Claimant"');
      expect(fetch).toHaveBeenCalledTimes(Math.ceil((TOTAL + 1) / CSV_BATCH_SIZE));
      fetch.mockRestore();
    });

    it('logs a failure after the headers were sent and cuts the download short', async () => {
      const service = t.app.get(ClaimsReportService) as unknown as {
        fetch: (...args: unknown[]) => Promise<unknown[]>;
      };
      const fetch = service.fetch.bind(service);
      let calls = 0;
      const spy = jest.spyOn(service, 'fetch').mockImplementation(async (...args: unknown[]) => {
        if (++calls === 3) throw new Error('database went away');
        return fetch(...args);
      });
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const outcome = await new Promise<{ status: number; bytes: number; error: string | null }>(
        (resolve) => {
          let bytes = 0;
          const req = httpRequest(
            {
              host: '127.0.0.1',
              port,
              path: `${API}/reports/incidents/${big.id}/claims`,
              headers: { ...admin.auth, Accept: 'text/csv' },
            },
            (res) => {
              res.on('data', (chunk: Buffer) => (bytes += chunk.length));
              res.on('end', () => resolve({ status: res.statusCode!, bytes, error: null }));
              res.on('error', (err) =>
                resolve({ status: res.statusCode!, bytes, error: err.message }),
              );
              res.on('aborted', () =>
                resolve({ status: res.statusCode!, bytes, error: 'aborted' }),
              );
            },
          );
          req.on('error', (err) => resolve({ status: 0, bytes: 0, error: err.message }));
          req.end();
        },
      );
      spy.mockRestore();
      expect(outcome.status).toBe(200);
      expect(outcome.error).not.toBeNull();
      expect(outcome.bytes).toBeGreaterThan(0);
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({
          err: expect.objectContaining({ message: 'database went away' }),
        }),
        'CSV export failed after the response started',
      );
      logged.mockRestore();
      // The connection went back to the pool: the service still answers.
      await page(admin, big.id, { limit: 1 }).expect(200);
    });

    it('stops querying when the client goes away', async () => {
      const service = t.app.get(ClaimsReportService) as unknown as {
        fetch: () => Promise<unknown[]>;
      };
      const fetch = jest.spyOn(service, 'fetch');
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: `${API}/reports/incidents/${big.id}/claims`,
            headers: { ...admin.auth, Accept: 'text/csv' },
          },
          (res) => {
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          },
        );
        req.on('error', (err) =>
          err.message.includes('socket hang up') ? resolve() : reject(err),
        );
        req.end();
      });
      // The whole export takes about two seconds here: wait longer than that.
      await new Promise((r) => setTimeout(r, 1500));
      const callsAfterAbort = fetch.mock.calls.length;
      await new Promise((r) => setTimeout(r, 1500));
      expect(fetch.mock.calls.length).toBe(callsAfterAbort);
      expect(callsAfterAbort).toBeLessThan(Math.ceil(TOTAL / CSV_BATCH_SIZE));
      fetch.mockRestore();
      await page(admin, big.id, { limit: 1 }).expect(200);
    });
  });
});
