import { createUser } from './utils/auth';
import {
  buildFixture,
  Caller,
  Fixture,
  MATRIX,
  sendCall,
  servedRoutes,
  Target,
} from './utils/route-table';
import { startTestApp, TestApp } from './utils/test-app';

/**
 * docs/api.md#roles-and-access as a table (test/utils/route-table.ts): every route, for every role and
 * for anonymous callers, on an object inside and outside a lawyer's scope. A route the app
 * serves without a row fails the suite.
 */
describe('authorization matrix (docs/api.md#roles-and-access)', () => {
  let t: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      METRICS_TOKEN: 'matrix-metrics-token-0123456789abcdef',
    });
    f = await buildFixture(t);
  });
  afterAll(() => t.close());

  it('has a row for every route the app serves, and no row for a route it does not', async () => {
    const served = (await servedRoutes(t)).sort();
    expect(served.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !served.includes(r))).toEqual([]);
  });

  it('answers every route, role and object exactly as the table says', async () => {
    const mismatches: string[] = [];
    const callers: Caller[] = ['anonymous', 'admin', 'case_worker', 'lawyer', 'auditor'];
    for (const [route, row] of Object.entries(MATRIX)) {
      for (const caller of callers) {
        for (const target of ['own', 'foreign'] as Target[]) {
          const expected =
            caller === 'lawyer' && target === 'foreign'
              ? (row.expect.lawyerForeign ?? row.expect.lawyer)
              : row.expect[caller];
          // Logout would end the caller's session for the rest of the table: give it a fresh one.
          const user =
            caller === 'anonymous'
              ? undefined
              : route.endsWith('/logout')
                ? await createUser(t, f.users[caller].role)
                : f.users[caller];
          const res = await sendCall(t, route, await row.call(f, target, t), user);
          // Refusals of access only: a wrong password (401) or a lifecycle rule the role may
          // not take (403 CLAIM_TRANSITION_FORBIDDEN) are answers from a route the caller reached.
          const refused =
            res.status === 404 ||
            (res.status === 403 && res.body.code === 'FORBIDDEN') ||
            (res.status === 401 && res.body.code === 'UNAUTHENTICATED');
          const got = refused ? res.status : 'ok';
          if (got !== expected || res.status >= 500) {
            mismatches.push(
              `${route} as ${caller} on ${target}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
            );
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
