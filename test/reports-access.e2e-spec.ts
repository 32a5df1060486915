import { Role } from '../src/common/auth/role';
import { createUser, TestUser } from './utils/auth';
import { API, seededIncidentId, startTestApp, TestApp } from './utils/test-app';

/** docs/api.md#roles-and-access: reports are for admins, case workers and auditors; never for lawyers. */
describe('access to reports', () => {
  let t: TestApp;
  let users: Record<'admin' | 'case_worker' | 'lawyer' | 'auditor', TestUser>;
  let routes: { name: string; path: string; accept?: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    users = {
      admin: await createUser(t, Role.Admin),
      case_worker: await createUser(t, Role.CaseWorker),
      lawyer: await createUser(t, Role.Lawyer),
      auditor: await createUser(t, Role.Auditor),
    };
    const id = await seededIncidentId(t.ds);
    routes = [
      { name: 'summary', path: `${API}/reports/incidents/${id}/summary` },
      { name: 'deadlines', path: `${API}/reports/incidents/${id}/deadlines` },
      { name: 'claims (JSON)', path: `${API}/reports/incidents/${id}/claims` },
      { name: 'claims (CSV)', path: `${API}/reports/incidents/${id}/claims`, accept: 'text/csv' },
      { name: 'case workers', path: `${API}/reports/case-workers` },
    ];
  });
  afterAll(() => t.close());

  const call = (route: { path: string; accept?: string }, user?: TestUser) => {
    let req = t.http().get(route.path);
    if (user) req = req.set(user.auth);
    if (route.accept) req = req.set('Accept', route.accept);
    return req;
  };

  it('refuses lawyers with 403 on every report route, in problem+json', async () => {
    for (const route of routes) {
      const res = await call(route, users.lawyer);
      expect([route.name, res.status]).toEqual([route.name, 403]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    }
  });

  it('refuses lawyers before looking the incident up: 403, not 404, for an unknown one', async () => {
    const res = await call(
      { path: `${API}/reports/incidents/00000000-0000-4000-8000-000000000000/summary` },
      users.lawyer,
    );
    expect(res.status).toBe(403);
  });

  it('refuses anonymous callers with 401', async () => {
    for (const route of routes) {
      const res = await call(route);
      expect([route.name, res.status, res.body.code]).toEqual([route.name, 401, 'UNAUTHENTICATED']);
    }
  });

  it('serves admins, case workers and auditors', async () => {
    for (const role of ['admin', 'case_worker', 'auditor'] as const) {
      for (const route of routes) {
        const res = await call(route, users[role]);
        expect([role, route.name, res.status]).toEqual([role, route.name, 200]);
      }
    }
  });

  it('documents the four report routes in OpenAPI', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const path of [
      '/api/v1/reports/incidents/{id}/summary',
      '/api/v1/reports/incidents/{id}/deadlines',
      '/api/v1/reports/incidents/{id}/claims',
      '/api/v1/reports/case-workers',
    ]) {
      expect(doc.paths[path]?.get?.responses).toHaveProperty('403');
    }
    const claims = doc.paths['/api/v1/reports/incidents/{id}/claims']!.get!.responses['200'] as {
      content: Record<string, unknown>;
    };
    expect(Object.keys(claims.content).sort()).toEqual(['application/json', 'text/csv']);
  });
});
