import { parse } from 'csv-parse/sync';

import { Role } from '../../src/common/auth/role';
import { createUser, TestUser } from '../utils/auth';
import { createClaim, createClaimant, createIncident, TestIncident } from '../utils/fixtures';
import { rawBody } from '../utils/reports-csv';
import { API, startTestApp, TestApp } from '../utils/test-app';

/** What a spreadsheet may run as a formula at the start of a cell or of a line inside one. */
const TRIGGER = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Names that smuggle a formula past a check of the first character only. */
const NAMES = [
  '\n=2+5',
  'Leyla\n=HYPERLINK("http://evil.example","x")',
  'Ali\r\n+cmd|calc',
  'Aysel\r@SUM(A1:A9)',
  'Kamran\n\t=1+1',
  'Rauf\n-2+3',
  'Plain, "quoted" name',
];

describe('CSV export: line breaks cannot smuggle a formula (section 12)', () => {
  let t: TestApp;
  let caseWorker: TestUser;
  let incident: TestIncident;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    incident = await createIncident(t, admin);
    const person = await t
      .http()
      .post(`${API}/incidents/${incident.id}/persons`)
      .set(caseWorker.auth)
      .send({
        fullName: 'Person Csv',
        category: 'passenger',
        nationalities: ['AZ'],
        outcome: 'deceased',
      })
      .expect(201);
    for (const fullName of NAMES) {
      const claimant = await createClaimant(t, caseWorker, {
        personId: person.body.id,
        fullName,
        relationship: 'sibling',
      });
      await createClaim(t, caseWorker, {
        claimantId: claimant.id,
        programmeId: incident.programmes.exGratia.id,
        type: 'death',
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
    }
  });
  afterAll(() => t.close());

  it('parses into exactly one record per claim, with no cell or line in a cell starting a formula', async () => {
    const res = await t
      .http()
      .get(`${API}/reports/incidents/${incident.id}/claims`)
      .set(caseWorker.auth)
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse(rawBody)
      .expect(200);
    const text = (res.body as Buffer).toString('utf8');
    // A library parser, strict about quotes: what a careful consumer would read.
    const records = parse(text, { bom: true, relax_quotes: false }) as string[][];
    const [header, ...rows] = records;
    expect(rows).toHaveLength(NAMES.length);
    for (const row of rows) expect(row).toHaveLength(header!.length);

    const starts = rows.flatMap((row) =>
      row.flatMap((cell) => cell.split(/\r\n|\r|\n/).filter((line) => TRIGGER.test(line))),
    );
    expect(starts).toEqual([]);

    // A naive reader that splits on line breaks sees no new row starting with a formula either.
    const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    expect(lines.filter((line) => TRIGGER.test(line) || /^"[=+\-@\t\r]/.test(line))).toEqual([]);

    // The names are still readable: quoted, and only a leading quote mark added.
    const names = rows.map((row) => row[header!.indexOf('claimantName')]);
    expect(names).toContain("\n'=2+5");
    expect(names).toContain('Plain, "quoted" name');
  });

  it('quotes every cell holding a comma, quote, CR or LF', async () => {
    const res = await t
      .http()
      .get(`${API}/reports/incidents/${incident.id}/claims`)
      .set(caseWorker.auth)
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse(rawBody)
      .expect(200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text).toContain(`"\n'=2+5"`);
    expect(text).toContain(`"Aysel\r'@SUM(A1:A9)"`);
    expect(text).toContain(`"Plain, ""quoted"" name"`);
  });
});
