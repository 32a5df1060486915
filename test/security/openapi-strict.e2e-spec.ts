import { Role } from '../../src/common/auth/role';
import { createUser, TestUser } from '../utils/auth';
import { createIncident, createPerson, TestIncident } from '../utils/fixtures';
import { endpointFor, OpenApiDocument, ResponseChecker, Schema } from '../utils/openapi';
import { API, startTestApp, TestApp } from '../utils/test-app';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Every schema object in a document, with where it is. */
function schemas(node: unknown, at = '#'): [string, Schema][] {
  if (Array.isArray(node)) return node.flatMap((n, i) => schemas(n, `${at}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  const here: [string, Schema][] = 'nullable' in node ? [[at, node as Schema]] : [];
  return [...here, ...Object.entries(node).flatMap(([k, v]) => schemas(v, `${at}/${k}`))];
}

describe('OpenAPI: every response valid under a strict OpenAPI 3.0.3 reading (section 12)', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let checker: ResponseChecker;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body as OpenApiDocument;
    checker = new ResponseChecker(doc);
  });
  afterAll(() => t.close());

  it('the checker is strict: null fails `nullable` beside allOf, and passes a oneOf with a null schema', () => {
    const money = {
      type: 'object',
      properties: { amount: { type: 'string' } },
      required: ['amount'],
    };
    let n = 0;
    // A path of its own for each schema: the checker caches a validator per operation.
    const endpointOf = (schema: Schema) => ({
      method: 'get' as const,
      path: `/x${n++}`,
      op: {
        operationId: 'x',
        responses: {
          '200': {
            content: {
              'application/json': { schema: { type: 'object', properties: { v: schema } } },
            },
          },
        },
      },
    });
    const strict = new ResponseChecker({
      openapi: '3.0.3',
      paths: {},
      components: { schemas: { Money: money } },
    });
    const seen = (v: unknown) => ({
      status: 200,
      contentType: 'application/json',
      body: { v },
      text: '',
    });
    const lenient = {
      nullable: true,
      type: 'object',
      allOf: [{ $ref: '#/components/schemas/Money' }],
    };
    expect(strict.check(endpointOf(lenient), seen(null))).not.toEqual([]);
    const fixed = {
      oneOf: [
        { $ref: '#/components/schemas/Money' },
        { type: 'object', nullable: true, enum: [null] },
      ],
    };
    expect(strict.check(endpointOf(fixed), seen(null))).toEqual([]);
    expect(strict.check(endpointOf(fixed), seen({ amount: '1.00' }))).toEqual([]);
    expect(strict.check(endpointOf(fixed), seen({}))).not.toEqual([]);
    // `nullable` beside no type means nothing.
    expect(
      strict.check(endpointOf({ nullable: true, allOf: [{ type: 'string' }] }), seen(null)),
    ).not.toEqual([]);
  });

  it('declares OpenAPI 3.0.3 and puts `nullable` only where it takes effect', () => {
    expect(doc.openapi).toBe('3.0.3');
    const idle = schemas(doc)
      .filter(([, s]) => s.nullable === true)
      .filter(([, s]) => typeof s.type !== 'string' || s.allOf || s.oneOf || s.anyOf || s.$ref)
      .filter(([, s]) => !(Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null))
      .map(([at]) => at);
    expect(idle).toEqual([]);
  });

  describe('a normal workflow, every answer checked against the served document', () => {
    let admin: TestUser;
    let caseWorker: TestUser;
    let auditor: TestUser;
    let incident: TestIncident;
    const violations: string[] = [];
    let checked = 0;

    async function call(
      user: TestUser,
      method: 'get' | 'post' | 'patch',
      url: string,
      body?: object,
      headers: Record<string, string> = {},
    ) {
      let req = t.http()[method](`${API}${url}`).set(user.auth);
      for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
      const res = body ? await req.send(body) : await req;
      const problems = checker.check(endpointFor(doc, method, `${API}${url}`), {
        status: res.status,
        contentType: String(res.headers['content-type'] ?? ''),
        body: res.body as unknown,
        text: res.text ?? '',
      });
      checked++;
      violations.push(...problems.map((p) => `${method.toUpperCase()} ${url} ${res.status}: ${p}`));
      return res;
    }

    beforeAll(async () => {
      admin = await createUser(t, Role.Admin);
      caseWorker = await createUser(t, Role.CaseWorker);
      auditor = await createUser(t, Role.Auditor);
      incident = await createIncident(t, admin);
    });

    it('answers every step as documented', async () => {
      const personId = await createPerson(t, caseWorker, incident.id, 'deceased');
      await call(caseWorker, 'get', `/persons/${personId}`);
      await call(auditor, 'get', `/incidents/${incident.id}/persons`);
      const claimant = await call(caseWorker, 'post', '/claimants', {
        personId,
        fullName: 'Strict Claimant',
        relationship: 'spouse',
      });
      expect(claimant.status).toBe(201);
      expect(claimant.body.contact).toBeNull();
      await call(caseWorker, 'get', `/claimants/${claimant.body.id}`);
      await call(auditor, 'get', `/claimants/${claimant.body.id}`);
      await call(caseWorker, 'get', `/claimants?personId=${personId}`);
      const created = await call(caseWorker, 'post', '/claims', {
        claimantId: claimant.body.id,
        programmeId: incident.programmes.exGratia.id,
        type: 'death',
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
      expect(created.body.amountApproved).toBeNull();
      let claim = created.body as { id: string; version: number };
      await call(caseWorker, 'get', `/claims/${claim.id}`);
      await call(auditor, 'get', `/claims?claimantId=${claimant.body.id}`);
      for (const to of ['submitted', 'under_review']) {
        const res = await call(
          caseWorker,
          'post',
          `/claims/${claim.id}/transitions`,
          { to },
          {
            'If-Match': `"${claim.version}"`,
          },
        );
        claim = res.body;
      }
      await call(caseWorker, 'get', `/claims/${claim.id}/transitions`);
      await call(caseWorker, 'post', `/claims/${claim.id}/notes`, {
        body: 'Called the family',
        visibility: 'internal',
      });
      await call(auditor, 'get', `/claims/${claim.id}/notes`);
      const upload = await t
        .http()
        .post(`${API}/claims/${claim.id}/documents`)
        .set(caseWorker.auth)
        .field('type', 'death_certificate')
        .attach('file', PDF, 'certificate.pdf')
        .expect(201);
      await call(caseWorker, 'get', `/claims/${claim.id}/documents`);
      await call(caseWorker, 'post', `/documents/${upload.body.id}/review`, { status: 'verified' });
      const payment = await call(
        admin,
        'post',
        `/claims/${claim.id}/payments`,
        { kind: 'advance', amount: { amount: '500.00', currency: 'AZN' }, method: 'bank_transfer' },
        { 'Idempotency-Key': `strict-${claim.id}` },
      );
      await call(admin, 'post', `/payments/${payment.body.id}/reversal`, { reason: 'Returned' });
      await call(auditor, 'get', `/claims/${claim.id}/payments`);
      await call(auditor, 'get', `/claims/${claim.id}`);
      await call(auditor, 'get', `/audit-events?entityId=${claim.id}`);
      await call(auditor, 'get', '/audit-events/verification');
      expect(checked).toBeGreaterThan(20);
      expect(violations).toEqual([]);
    });
  });
});
