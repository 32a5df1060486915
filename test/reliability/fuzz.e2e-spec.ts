import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';

import { Role } from '../../src/common/auth/role';
import { execute, sql } from '../../src/common/database/sql';
import { AuthService } from '../../src/modules/auth/auth.service';
import { User } from '../../src/modules/users/user.entity';
import { createUser, TestUser } from '../utils/auth';
import { oneOfEverything } from '../utils/fixtures';
import { FuzzRequest, KnownIds, propertySweep, requestArbitrary } from '../utils/fuzz';
import { Endpoint, endpoints, OpenApiDocument, ResponseChecker } from '../utils/openapi';
import { AppUnderTest, startApp } from '../utils/reliability';

/*
 * Every operation of the OpenAPI document (GET /docs-json of the running app), at least
 * FUZZ_RUNS (100) generated requests each: well-formed and hostile parameters and bodies, an
 * admin token on most, none or a forged one on some. Every answer must be a status the
 * document lists for the operation, in a documented media type, with a body that matches the
 * documented schema (objects closed: no undocumented fields), errors as problem+json without
 * stack traces or SQL, and never a 5xx. Seeded: FUZZ_SEED reproduces a run.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? 8243);
const LEAK =
  /\bat [\w.<>]+ \(|\.(ts|js):\d+|QueryFailedError|TypeORM|\bSELECT\b|\bINSERT\b|\bUPDATE\b .* SET|duplicate key|violates|pg_/i;

describe('OpenAPI-driven fuzzing: every answer as documented, never a 5xx', () => {
  let t: AppUnderTest;
  let admin: TestUser;
  let adminEntity: User;
  let doc: OpenApiDocument;
  let checker: ResponseChecker;
  let ids: KnownIds;
  const storageDir = mkdtempSync(join(tmpdir(), 'j2-fuzz-storage-'));
  const summary: string[] = [];

  beforeAll(async () => {
    t = await startApp({
      env: { RATE_LIMIT_PER_MINUTE: '100000', STORAGE_DIR: storageDir },
    });
    admin = await createUser(t, Role.Admin);
    adminEntity = await t.ds.manager.findOneByOrFail(User, { id: admin.id });
    ids = await oneOfEverything(t, admin);
    doc = (await t.http().get('/docs-json').expect(200)).body as OpenApiDocument;
    checker = new ResponseChecker(doc);
  }, 60_000);

  afterAll(async () => {
    // Sign-in attempts from 127.0.0.1 must not hold back the suites that follow.
    await execute(t.ds, sql(`DELETE FROM rate_limit_buckets WHERE key LIKE 'login:%'`));
    // Nor the webhook subscriptions it created (to example hosts) fill the outbox of later ones.
    await execute(
      t.ds,
      sql(`UPDATE webhook_subscriptions SET deleted_at = now() WHERE deleted_at IS NULL`),
    );
    await t.close();
    rmSync(storageDir, { recursive: true, force: true });
    if (summary.length > 0) console.log(`fuzz summary (seed ${SEED}):\n${summary.join('\n')}`);
  });

  async function tokenFor(endpoint: Endpoint): Promise<string> {
    // Signing out ends the session: each fuzzed sign-out gets a session of its own.
    if (endpoint.path.endsWith('/auth/logout')) {
      return (await t.app.get(AuthService).startSession(adminEntity)).accessToken;
    }
    return admin.token;
  }

  async function send(endpoint: Endpoint, req: FuzzRequest) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query)) {
      for (const value of Array.isArray(v) ? v : [v]) search.append(k, value);
    }
    const url = search.size > 0 ? `${req.path}?${search.toString()}` : req.path;
    const call = t.http()[req.method](url).timeout(20_000);
    if (req.auth === 'admin') call.set('Authorization', `Bearer ${await tokenFor(endpoint)}`);
    if (req.auth === 'garbage')
      call.set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.e30.forged-token');
    for (const [k, v] of Object.entries(req.headers)) call.set(k, v);
    const body = req.body;
    if (body?.kind === 'json') {
      call.set('content-type', 'application/json').send(JSON.stringify(body.value) ?? 'null');
    } else if (body?.kind === 'raw') {
      call.set('content-type', body.contentType).send(body.text);
    } else if (body?.kind === 'multipart') {
      call.set('content-type', body.contentType).send(body.data);
    }
    const res = await call;
    return {
      status: res.status,
      contentType: String(res.headers['content-type'] ?? ''),
      body: res.body as unknown,
      text: typeof res.text === 'string' ? res.text : '',
    };
  }

  /** The property sweep, with the resource's current version where If-Match is needed. */
  async function sweep(endpoint: Endpoint): Promise<FuzzRequest[]> {
    const needsVersion = (endpoint.op.parameters ?? []).some((p) => /^if-match$/i.test(p.name));
    let ifMatch: string | undefined;
    if (needsVersion) {
      const path = propertySweep(doc, endpoint, ids, undefined)[0]?.path;
      const read = path ? await t.http().get(path).set(admin.auth) : undefined;
      if (read?.status === 200) ifMatch = `"${(read.body as { version: number }).version}"`;
    }
    return propertySweep(doc, endpoint, ids, ifMatch);
  }

  it('the document lists every operation the fuzzer will cover', () => {
    expect(endpoints(doc).length).toBeGreaterThanOrEqual(40);
  });

  // One test per operation, generated from the document fetched at run time.
  const OPERATIONS = [
    'get /api/v1/audit-events',
    'get /api/v1/audit-events/verification',
    'get /api/v1/audit-events/checkpoints',
    'post /api/v1/auth/login',
    'post /api/v1/auth/refresh',
    'post /api/v1/auth/logout',
    'post /api/v1/auth/login/mfa',
    'post /api/v1/auth/password',
    'post /api/v1/auth/mfa/enrolment',
    'post /api/v1/auth/mfa/activation',
    'get /api/v1/auth/me',
    'get /api/v1/users',
    'post /api/v1/users',
    'get /api/v1/users/{id}',
    'patch /api/v1/users/{id}',
    'get /health',
    'get /health/live',
    'get /health/ready',
    'get /metrics',
    'get /api/v1/incidents',
    'post /api/v1/incidents',
    'get /api/v1/incidents/{id}',
    'patch /api/v1/incidents/{id}',
    'get /api/v1/incidents/{id}/persons',
    'post /api/v1/incidents/{id}/persons',
    'get /api/v1/persons/{id}',
    'get /api/v1/persons/{id}/compensation',
    'patch /api/v1/persons/{id}',
    'get /api/v1/incidents/{id}/programmes',
    'post /api/v1/incidents/{id}/programmes',
    'get /api/v1/programmes/{id}',
    'patch /api/v1/programmes/{id}',
    'get /api/v1/programmes/{id}/events',
    'post /api/v1/programmes/{id}/events',
    'get /api/v1/exchange-rates',
    'post /api/v1/exchange-rates',
    'get /api/v1/claimants',
    'post /api/v1/claimants',
    'get /api/v1/claimants/{id}',
    'patch /api/v1/claimants/{id}',
    'post /api/v1/claimants/{id}/representations',
    'delete /api/v1/claimants/{id}/representations/{lawyerId}',
    'get /api/v1/claims',
    'post /api/v1/claims',
    'get /api/v1/claims/{id}',
    'patch /api/v1/claims/{id}',
    'post /api/v1/claims/{id}/transitions',
    'get /api/v1/claims/{id}/transitions',
    'get /api/v1/claims/{id}/notes',
    'post /api/v1/claims/{id}/notes',
    'get /api/v1/claims/{id}/documents',
    'post /api/v1/claims/{id}/documents',
    'get /api/v1/documents/{id}/content',
    'post /api/v1/documents/{id}/review',
    'get /api/v1/claims/{id}/payments',
    'post /api/v1/claims/{id}/payments',
    'post /api/v1/payments/{id}/reversal',
    'get /api/v1/reports/incidents/{id}/summary',
    'get /api/v1/reports/incidents/{id}/deadlines',
    'get /api/v1/reports/incidents/{id}/claims',
    'get /api/v1/reports/programmes/{id}/status',
    'get /api/v1/reports/case-workers',
    'get /api/v1/notifications',
    'get /api/v1/webhook-subscriptions',
    'post /api/v1/webhook-subscriptions',
    'delete /api/v1/webhook-subscriptions/{id}',
  ];

  it('covers exactly the operations the document lists', () => {
    const listed = endpoints(doc).map((e) => `${e.method} ${e.path}`);
    expect(listed.filter((o) => !OPERATIONS.includes(o))).toEqual([]);
    expect(OPERATIONS.filter((o) => !listed.includes(o))).toEqual([]);
  });

  it.each(OPERATIONS.map((o, i) => [o, i] as const))(
    '%s',
    async (operation, index) => {
      const [method, path] = operation.split(' ') as [Endpoint['method'], string];
      const endpoint = endpoints(doc).find((e) => e.method === method && e.path === path);
      if (!endpoint) throw new Error(`${operation} is not in the OpenAPI document`);
      const random = fc.sample(requestArbitrary(doc, endpoint, ids), {
        numRuns: RUNS,
        seed: SEED + index,
      });
      const requests = [...(await sweep(endpoint)), ...random];
      const violations = new Map<string, { count: number; example: string }>();
      const statuses = new Map<number, number>();
      for (const req of requests) {
        const res = await send(endpoint, req);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const problems = checker.check(endpoint, res);
        if (res.status >= 400 && LEAK.test(JSON.stringify(res.body ?? ''))) {
          problems.push('error body shows internals (stack, SQL or driver text)');
        }
        for (const problem of problems) {
          const seen = violations.get(problem);
          if (seen) seen.count++;
          else {
            violations.set(problem, {
              count: 1,
              example: `${req.method.toUpperCase()} ${req.path} [${req.note}] -> ${res.status} ${res.text.slice(0, 300)}`,
            });
          }
        }
      }
      summary.push(
        `${operation}: ${requests.length} requests, ${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
      );
      expect(random.length).toBeGreaterThanOrEqual(RUNS);
      expect(
        [...violations].map(([problem, v]) => `${problem} (${v.count}×), e.g. ${v.example}`),
      ).toEqual([]);
    },
    120_000,
  );
});
