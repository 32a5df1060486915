import { randomUUID } from 'node:crypto';

import { Role } from '../src/common/auth/role';
import { execute, queryRows, sql } from '../src/common/database/sql';
import { createUser, TestUser } from './utils/auth';
import { API, startTestApp, TestApp } from './utils/test-app';

const PROBLEM = /^application\/problem\+json/;

describe('bad input answers problem+json and writes nothing', () => {
  let t: TestApp;
  let admin: TestUser;
  let incidentId: string;
  let counts: () => Promise<{
    incidents: number;
    persons: number;
    programmes: number;
    audit: number;
  }>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, Role.Admin);
    // Writes go to an incident of the suite's own: the seeded J2-8243 manifest stays intact.
    const incident = await t
      .http()
      .post(`${API}/incidents`)
      .set(admin.auth)
      .send({
        code: `BAD-${Date.now()}`,
        title: 'Bad input fixture',
        occurredAt: '2025-02-01T00:00:00Z',
        declared: { onBoard: 1, passengers: 1, crew: 0, fatalities: 0, survivors: 1 },
      })
      .expect(201);
    incidentId = incident.body.id;
    counts = async () => {
      const [row] = await queryRows<{
        incidents: number;
        persons: number;
        programmes: number;
        audit: number;
      }>(
        t.ds,
        sql(`SELECT
        (SELECT count(*)::int FROM incidents) AS incidents,
        (SELECT count(*)::int FROM persons_on_board) AS persons,
        (SELECT count(*)::int FROM compensation_programmes) AS programmes,
        (SELECT count(*)::int FROM audit_events WHERE action <> 'access.denied') AS audit`),
      );
      return row!;
    };
  });
  afterAll(() => t.close());

  const validPerson = {
    fullName: 'Valid Person',
    category: 'passenger',
    nationalities: ['AZ'],
    outcome: 'survived',
  };
  const validProgramme = {
    name: 'Test programme',
    payer: 'other',
    currency: 'AZN',
    amountPerDeceased: '100.00',
  };

  it.each([
    ['an unknown property', { ...validPerson, role: 'admin' }, 'role', /should not exist/],
    ['a wrong type', { ...validPerson, nationalities: 'AZ' }, 'nationalities', /array/],
    ['a missing field', { ...validPerson, outcome: undefined }, 'outcome', /outcome/],
    ['a bad enum value', { ...validPerson, category: 'pilot' }, 'category', /category/],
    ['a non-ISO nationality', { ...validPerson, nationalities: ['XX'] }, 'nationalities', /ISO/],
    ['an overlong name', { ...validPerson, fullName: 'x'.repeat(201) }, 'fullName', /shorter/],
    [
      'severity for the deceased',
      { ...validPerson, outcome: 'deceased', injurySeverity: 'minor' },
      'injurySeverity',
      /survivors/,
    ],
  ])('refuses a person with %s (400, field named)', async (_case, body, field, message) => {
    const before = await counts();
    const res = await t
      .http()
      .post(`${API}/incidents/${incidentId}/persons`)
      .set(admin.auth)
      .send(body)
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({
      type: expect.any(String),
      title: 'Bad Request',
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([{ field, message: expect.stringMatching(message) }]),
    );
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a float amount', { ...validProgramme, amountPerDeceased: 100.5 }, 'amountPerDeceased'],
    ['three decimals', { ...validProgramme, amountPerDeceased: '1.005' }, 'amountPerDeceased'],
    ['a negative amount', { ...validProgramme, amountPerDeceased: '-5.00' }, 'amountPerDeceased'],
    ['an unknown currency', { ...validProgramme, currency: 'BTC' }, 'currency'],
  ])('refuses a programme with %s', async (_case, body, field) => {
    const before = await counts();
    const res = await t
      .http()
      .post(`${API}/incidents/${incidentId}/programmes`)
      .set(admin.auth)
      .send(body)
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('refuses a malformed UUID in the path with 400', async () => {
    const res = await t.http().get(`${API}/persons/not-a-uuid`).set(admin.auth).expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'id', message: 'must be a UUID' }],
    });
  });

  it.each([
    ['get', `/persons/${randomUUID()}`],
    ['get', `/incidents/${randomUUID()}`],
    ['get', `/incidents/${randomUUID()}/persons`],
    ['post', `/incidents/${randomUUID()}/persons`],
  ])('answers 404 to an unknown id (%s %s) and writes nothing', async (method, path) => {
    const before = await counts();
    const req =
      method === 'get'
        ? t.http().get(API + path)
        : t
            .http()
            .post(API + path)
            .send(validPerson);
    const res = await req.set(admin.auth).expect(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not Found' });
    expect(await counts()).toEqual(before);
  });

  it('answers 404 problem+json to an unknown route', async () => {
    const res = await t.http().get(`${API}/no-such-thing`).set(admin.auth).expect(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
  });

  it('refuses invalid JSON with 400', async () => {
    const res = await t
      .http()
      .post(`${API}/incidents/${incidentId}/persons`)
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send('{"fullName": ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('MALFORMED_REQUEST');
  });

  it('refuses a body that is not JSON with 415, even when its text is JSON', async () => {
    const before = await counts();
    for (const [type, body] of [
      ['text/plain', JSON.stringify(validPerson)],
      ['application/x-www-form-urlencoded', 'fullName=Plain+Form&category=passenger'],
      ['application/xml', '<person/>'],
    ]) {
      const res = await t
        .http()
        .post(`${API}/incidents/${incidentId}/persons`)
        .set(admin.auth)
        .set('content-type', type!)
        .send(body);
      expect([type, res.status, res.body.code]).toEqual([type, 415, 'UNSUPPORTED_MEDIA_TYPE']);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.detail).toContain('application/json');
    }
    expect(await counts()).toEqual(before);
  });

  it('takes an empty body sent as JSON for no body: fine without one, 400 naming fields with one', async () => {
    const before = await counts();
    const noBody = await t
      .http()
      .post(`${API}/incidents/${incidentId}/persons`)
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send('');
    expect([noBody.status, noBody.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(noBody.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['fullName', 'category', 'outcome']),
    );
    expect(await counts()).toEqual(before);
    // A route without a body does not mind the header (many clients send it on every request).
    const user = await createUser(t, Role.CaseWorker);
    await t
      .http()
      .post(`${API}/auth/logout`)
      .set(user.auth)
      .set('content-type', 'application/json')
      .send('')
      .expect(204);
    await t.http().get(`${API}/auth/me`).set(user.auth).expect(401);
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await t
      .http()
      .post(`${API}/incidents/${incidentId}/persons`)
      .set(admin.auth)
      .send({ ...validPerson, fullName: 'x'.repeat(1024 * 1024 + 10) })
      .expect(413);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a duplicate incident code with 409', async () => {
    const res = await t
      .http()
      .post(`${API}/incidents`)
      .set(admin.auth)
      .send({
        code: 'J2-8243',
        title: 'Duplicate',
        occurredAt: '2024-12-25T06:28:00Z',
        declared: { onBoard: 1, passengers: 1, crew: 0, fatalities: 1, survivors: 0 },
      })
      .expect(409);
    expect(res.body.code).toBe('DUPLICATE');
  });

  it('requires If-Match on PATCH (428), refuses a stale one (412) and applies a fresh one', async () => {
    const created = await t
      .http()
      .post(`${API}/incidents/${incidentId}/persons`)
      .set(admin.auth)
      .send(validPerson)
      .expect(201);
    const url = `${API}/persons/${created.body.id}`;
    expect(
      (await t.http().patch(url).set(admin.auth).send({ seat: '3C' }).expect(428)).body.code,
    ).toBe('PRECONDITION_REQUIRED');
    expect(
      (
        await t
          .http()
          .patch(url)
          .set(admin.auth)
          .set('If-Match', '"99"')
          .send({ seat: '3C' })
          .expect(412)
      ).body.code,
    ).toBe('PRECONDITION_FAILED');
    // If-Match compares strongly: a weak tag of the current version does not match either.
    const weak = await t
      .http()
      .patch(url)
      .set(admin.auth)
      .set('If-Match', `W/"${created.body.version}"`)
      .send({ seat: '3C' });
    expect([weak.status, weak.body.code]).toEqual([412, 'PRECONDITION_FAILED']);
    const ok = await t
      .http()
      .patch(url)
      .set(admin.auth)
      .set('If-Match', `"${created.body.version}"`)
      .send({ seat: '3C' })
      .expect(200);
    expect(ok.body).toMatchObject({ seat: '3C', version: created.body.version + 1 });
    expect(ok.headers.etag).toBe(`"${created.body.version + 1}"`);
    await t
      .http()
      .patch(url)
      .set(admin.auth)
      .set('If-Match', `"${created.body.version}"`)
      .send({ seat: '4D' })
      .expect(412);
  });

  it('answers an unexpected failure with 500, a request id, and no internals', async () => {
    const created = await t
      .http()
      .post(`${API}/incidents/${incidentId}/persons`)
      .set(admin.auth)
      .send({ ...validPerson, identityDocument: 'passport X1' })
      .expect(201);
    // Corrupt the ciphertext behind the application's back.
    await execute(
      t.ds,
      sql(
        `UPDATE persons_on_board SET identity_document_enc = 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA' WHERE id = :bodyId`,
        { bodyId: created.body.id },
      ),
    );
    const res = await t
      .http()
      .get(`${API}/persons/${created.body.id}`)
      .set(admin.auth)
      .set('x-request-id', 'trace-me-12345')
      .expect(500);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toEqual({
      type: 'urn:problem-type:internal-error',
      title: 'Internal Server Error',
      status: 500,
      code: 'INTERNAL_ERROR',
      detail: expect.not.stringMatching(/cipher|stack|at /i),
      // The service's own id, which its logs carry; the caller's is kept beside it (section 12).
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(res.headers['x-request-id']).toBe(res.body.requestId);
  });

  it('sends security headers and a request id on every answer', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
