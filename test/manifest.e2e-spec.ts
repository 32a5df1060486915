import { Role } from '../src/common/auth/role';
import { J2_8243_PERSONS } from '../src/database/seeds/j2-8243.data';
import { createUser, TestUser } from './utils/auth';
import { API, seededIncidentId, startTestApp, TestApp } from './utils/test-app';

interface PersonItem {
  id: string;
  fullName: string;
  category: string;
  outcome: string;
  nationalities: string[];
}

describe('J2-8243 manifest (seeded)', () => {
  let t: TestApp;
  let incidentId: string;
  let caseWorker: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    incidentId = await seededIncidentId(t.ds);
    caseWorker = await createUser(t, Role.CaseWorker);
  });
  afterAll(() => t.close());

  async function allPersons(query = ''): Promise<PersonItem[]> {
    const items: PersonItem[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: PersonItem[]; nextCursor: string | null } } = await t
        .http()
        .get(
          `${API}/incidents/${incidentId}/persons?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`,
        )
        .set(caseWorker.auth)
        .expect(200);
      items.push(...(res.body.items as PersonItem[]));
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('shows the incident with its declared counts and limitation deadline', async () => {
    const res = await t
      .http()
      .get(`${API}/incidents/${incidentId}`)
      .set(caseWorker.auth)
      .expect(200);
    expect(res.body).toMatchObject({
      code: 'J2-8243',
      registration: '4K-AZ65',
      declared: { onBoard: 67, passengers: 62, crew: 5, fatalities: 38, survivors: 29 },
      limitationDeadline: '2026-12-25',
    });
    expect(res.headers.etag).toBe(`"${res.body.version}"`);
  });

  it('records 67 persons: 62 passengers, 5 crew, 38 deceased, 29 survived', async () => {
    const persons = await allPersons();
    const count = (f: (p: PersonItem) => boolean) => persons.filter(f).length;
    expect(persons).toHaveLength(67);
    expect(count((p) => p.category === 'passenger')).toBe(62);
    expect(count((p) => p.category === 'crew')).toBe(5);
    expect(count((p) => p.outcome === 'deceased')).toBe(38);
    expect(count((p) => p.outcome === 'survived')).toBe(29);
  });

  it.each([
    ['AZ', 'passenger', 22, 15],
    ['RU', 'passenger', 7, 9],
    ['KZ', 'passenger', 6, 0],
    ['KG', 'passenger', 0, 3],
    ['AZ', 'crew', 3, 2],
  ])(
    'has the real breakdown for %s %s: %i died, %i survived',
    async (nat, category, died, survived) => {
      const deceased = await allPersons(
        `&nationality=${nat}&category=${category}&outcome=deceased`,
      );
      const alive = await allPersons(`&nationality=${nat}&category=${category}&outcome=survived`);
      expect(deceased).toHaveLength(died);
      expect(alive).toHaveLength(survived);
      for (const p of [...deceased, ...alive]) expect(p.nationalities).toContain(nat);
    },
  );

  it('finds persons by a piece of their name, case-insensitively', async () => {
    const target = J2_8243_PERSONS[10]!.fullName;
    const piece = target.split(' ')[0]!.toLowerCase();
    const found = await allPersons(`&q=${encodeURIComponent(piece)}`);
    expect(found.map((p) => p.fullName)).toContain(target);
    expect(found.every((p) => p.fullName.toLowerCase().includes(piece))).toBe(true);
  });

  it('treats LIKE wildcards in q as plain text', async () => {
    expect(await allPersons('&q=%25')).toHaveLength(0);
  });
});

describe('persons pagination', () => {
  let t: TestApp;
  let incidentId: string;
  let caseWorker: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    incidentId = await seededIncidentId(t.ds);
    caseWorker = await createUser(t, Role.CaseWorker);
  });
  afterAll(() => t.close());

  const page = (query: string) =>
    t.http().get(`${API}/incidents/${incidentId}/persons?${query}`).set(caseWorker.auth);

  it('defaults to 50 per page and walks every person exactly once with the cursor', async () => {
    const first = await page('').expect(200);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await page(`cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items).toHaveLength(17);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((p: PersonItem) => p.id);
    expect(new Set(ids).size).toBe(67);
  });

  it('keeps a cursor stable while new persons are added', async () => {
    // Its own incident: the seeded manifest stays exactly as the seed records it.
    const admin = await createUser(t, Role.Admin);
    const incident = await t
      .http()
      .post(`${API}/incidents`)
      .set(admin.auth)
      .send({
        code: `PAGE-${Date.now()}`,
        title: 'Pagination fixture',
        occurredAt: '2025-01-01T00:00:00Z',
        declared: { onBoard: 25, passengers: 25, crew: 0, fatalities: 0, survivors: 25 },
      })
      .expect(201);
    const addPerson = (n: number) =>
      t
        .http()
        .post(`${API}/incidents/${incident.body.id}/persons`)
        .set(admin.auth)
        .send({
          fullName: `Fixture Person ${n}`,
          category: 'passenger',
          nationalities: ['AZ'],
          outcome: 'survived',
        })
        .expect(201);
    for (let n = 0; n < 25; n++) await addPerson(n);
    const list = (query: string) =>
      t
        .http()
        .get(`${API}/incidents/${incident.body.id}/persons?${query}`)
        .set(caseWorker.auth)
        .expect(200);
    const first = await list('limit=10');
    const expected = await list(`limit=10&cursor=${first.body.nextCursor}`);
    await addPerson(25);
    const again = await list(`limit=10&cursor=${first.body.nextCursor}`);
    expect(again.body.items.map((p: PersonItem) => p.id)).toEqual(
      expected.body.items.map((p: PersonItem) => p.id),
    );
    const last = await list(`limit=10&cursor=${again.body.nextCursor}`);
    expect(last.body.items).toHaveLength(6);
    expect(last.body.items[5].fullName).toBe('Fixture Person 25');
    expect(last.body.nextCursor).toBeNull();
  });

  it.each(['limit=0', 'limit=201', 'limit=abc', 'limit=1.5'])(
    'refuses %s with 400',
    async (query) => {
      const res = await page(query).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.errors[0].field).toBe('limit');
    },
  );

  it('accepts the bounds 1 and 200', async () => {
    expect((await page('limit=1').expect(200)).body.items).toHaveLength(1);
    expect((await page('limit=200').expect(200)).body.items).toHaveLength(67);
  });

  it.each(['garbage', Buffer.from('["x","y"]').toString('base64url'), 'eyJ'])(
    'answers 400 to a bad cursor %s',
    async (cursor) => {
      const res = await page(`cursor=${cursor}`).expect(400);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.errors).toEqual([{ field: 'cursor', message: 'cursor is malformed' }]);
    },
  );
});
