import { randomUUID } from 'node:crypto';

import { CallHandler, ExecutionContext, RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { Client } from 'pg';
import { defer, firstValueFrom, lastValueFrom, of } from 'rxjs';
import { QueryFailedError } from 'typeorm';

import { Role } from '../../src/common/auth/role';
import { queryRows, sql } from '../../src/common/database/sql';
import {
  MAX_ATTEMPTS,
  TransactionRetryInterceptor,
} from '../../src/common/database/transaction-retry.interceptor';
import { toProblem } from '../../src/common/errors/to-problem';
import { ClaimStatus } from '../../src/modules/claims/domain/claim-status';
import { createUser, TestUser } from '../utils/auth';
import { createClaimFixture } from '../utils/fixtures';
import {
  AppUnderTest,
  describeOnServer,
  faultAttempts,
  faultyNote,
  installFaultInjector,
  itOnServer,
  PROBLEM_JSON,
  removeFaultInjector,
  resetFaultAttempts,
  sleep,
  startApp,
  TcpProxy,
  usingServer,
} from '../utils/reliability';
import { API } from '../utils/test-app';

/** What the pg pool behind TypeORM was built with. */
interface PoolOptions {
  max: number;
  connectionTimeoutMillis: number;
  statement_timeout: number;
  idle_in_transaction_session_timeout: number;
  application_name: string;
}
function poolOptions(t: AppUnderTest): PoolOptions {
  return (t.ds.driver as unknown as { master: { options: PoolOptions } }).master.options;
}

const pgError = (code: string) =>
  new QueryFailedError('INSERT ...', [], Object.assign(new Error(`pg ${code}`), { code }));

function httpContext(method: string): ExecutionContext {
  const request = { method, id: 'req-1', isMultipart: () => false };
  return {
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe('database settings come from the configuration', () => {
  let t: AppUnderTest;

  beforeAll(async () => {
    t = await startApp({
      env: {
        // The embedded database takes one connection (test/global-setup.ts sets 1).
        ...(usingServer() ? { DB_POOL_SIZE: '3' } : {}),
        DB_CONNECT_TIMEOUT_MS: '1234',
        DB_STATEMENT_TIMEOUT_MS: '4321',
        DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5432',
        DB_APPLICATION_NAME: 'j2-rel-settings',
      },
    });
  });
  afterAll(() => t.close());

  it('hands pool size, connect timeout, timeouts and application_name to the pg pool', () => {
    expect(poolOptions(t)).toMatchObject({
      max: usingServer() ? 3 : 1,
      connectionTimeoutMillis: 1234,
      statement_timeout: 4321,
      idle_in_transaction_session_timeout: 5432,
      application_name: 'j2-rel-settings',
    });
  });

  itOnServer(
    'the server session runs with them (SHOW; PGlite ignores start-up parameters)',
    async () => {
      const show = async (name: string) =>
        (await queryRows<Record<string, string>>(t.ds, sql(`SHOW ${name}`)))[0]![name];
      expect(await show('statement_timeout')).toBe('4321ms');
      expect(await show('idle_in_transaction_session_timeout')).toBe('5432ms');
      expect(await show('application_name')).toBe('j2-rel-settings');
    },
  );
});

describeOnServer('timeouts are enforced and answer 503', () => {
  let t: AppUnderTest;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startApp({
      env: { DB_STATEMENT_TIMEOUT_MS: '300', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '300' },
    });
    admin = await createUser(t, Role.Admin);
    await installFaultInjector(t.ds);
  });
  afterAll(async () => {
    await removeFaultInjector(t.ds);
    await t.close();
  });

  it('a statement over statement_timeout is cancelled (57014) and maps to 503', async () => {
    const started = Date.now();
    const error = await queryRows(t.ds, sql(`SELECT pg_sleep(3)`)).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(toProblem(error).problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('a request whose query runs too long answers 503 problem+json and writes nothing', async () => {
    const claim = await createClaimFixture(t.ds);
    await resetFaultAttempts(t.ds);
    const marker = randomUUID();
    const res = await t
      .http()
      .post(`${API}/claims/${claim.claimId}/notes`)
      .set(admin.auth)
      .send({ body: faultyNote('00000', 0, 2000, marker), visibility: 'internal' });
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    const [row] = await queryRows<{ n: number }>(
      t.ds,
      sql(`SELECT count(*)::int AS n FROM notes WHERE claim_id = :claimId`, {
        claimId: claim.claimId,
      }),
    );
    expect(row!.n).toBe(0);
  });

  it('a transaction left idle is ended by idle_in_transaction_session_timeout', async () => {
    const runner = t.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('SELECT 1');
      await sleep(800);
      await expect(runner.query('SELECT 1')).rejects.toThrow();
    } finally {
      await runner.release().catch(() => undefined);
    }
    // The pool drops the dead session and the service carries on.
    expect(await queryRows(t.ds, sql(`SELECT 1 AS ok`))).toEqual([{ ok: 1 }]);
  });
});

describe('serialization failures and deadlocks are retried (TransactionRetryInterceptor)', () => {
  const interceptor = new TransactionRetryInterceptor();

  function handler(fail: (attempt: number) => Error | null): CallHandler & { attempts: number } {
    const h = {
      attempts: 0,
      handle: () =>
        defer(() => {
          h.attempts++;
          const error = fail(h.attempts);
          if (error) throw error;
          return of('done');
        }),
    };
    return h;
  }

  it.each(['40001', '40P01'])('runs the handler again after %s and succeeds', async (code) => {
    const h = handler((n) => (n <= 2 ? pgError(code) : null));
    await expect(lastValueFrom(interceptor.intercept(httpContext('POST'), h))).resolves.toBe(
      'done',
    );
    expect(h.attempts).toBe(3);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts; the error answers 409 problem`, async () => {
    const h = handler(() => pgError('40001'));
    const error = await firstValueFrom(interceptor.intercept(httpContext('POST'), h)).catch(
      (e: unknown) => e,
    );
    expect(h.attempts).toBe(MAX_ATTEMPTS);
    expect(toProblem(error).problem).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('does not retry other errors, nor reads', async () => {
    const unique = handler(() => pgError('23505'));
    await expect(
      lastValueFrom(interceptor.intercept(httpContext('POST'), unique)),
    ).rejects.toBeInstanceOf(QueryFailedError);
    expect(unique.attempts).toBe(1);
    const read = handler(() => pgError('40001'));
    await expect(
      lastValueFrom(interceptor.intercept(httpContext('GET'), read)),
    ).rejects.toBeInstanceOf(QueryFailedError);
    expect(read.attempts).toBe(1);
  });

  describe('through the real app: a database that fails on cue', () => {
    let t: AppUnderTest;
    let admin: TestUser;

    beforeAll(async () => {
      t = await startApp();
      admin = await createUser(t, Role.Admin);
      await installFaultInjector(t.ds);
    });
    afterAll(async () => {
      await removeFaultInjector(t.ds);
      await t.close();
    });

    async function noteRows(claimId: string): Promise<{ notes: number; events: number }> {
      const [row] = await queryRows<{ notes: number; events: number }>(
        t.ds,
        sql(
          `SELECT (SELECT count(*)::int FROM notes WHERE claim_id = :claimId) AS notes,
                (SELECT count(*)::int FROM audit_events
                  WHERE entity_id = :claimId::text AND action = 'note.create') AS events`,
          { claimId },
        ),
      );
      return row!;
    }

    it.each(['40001', '40P01'])(
      'a write that fails twice with %s is retried and stored once, with one audit event',
      async (code) => {
        const claim = await createClaimFixture(t.ds);
        await resetFaultAttempts(t.ds);
        const res = await t
          .http()
          .post(`${API}/claims/${claim.claimId}/notes`)
          .set(admin.auth)
          .send({ body: faultyNote(code, 2), visibility: 'internal' });
        expect(res.status).toBe(201);
        expect(await faultAttempts(t.ds)).toBe(3);
        expect(await noteRows(claim.claimId)).toEqual({ notes: 1, events: 1 });
      },
    );

    it('a write that keeps failing answers 409 problem+json after three attempts, nothing stored', async () => {
      const claim = await createClaimFixture(t.ds);
      await resetFaultAttempts(t.ds);
      const res = await t
        .http()
        .post(`${API}/claims/${claim.claimId}/notes`)
        .set(admin.auth)
        .send({ body: faultyNote('40001', 99), visibility: 'internal' });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 409, code: 'CONFLICT' });
      expect(await faultAttempts(t.ds)).toBe(MAX_ATTEMPTS);
      expect(await noteRows(claim.claimId)).toEqual({ notes: 0, events: 0 });
    });

    it('an unexpected database error answers 500 with a request id and nothing else', async () => {
      const claim = await createClaimFixture(t.ds);
      await resetFaultAttempts(t.ds);
      const res = await t
        .http()
        .post(`${API}/claims/${claim.claimId}/notes`)
        .set(admin.auth)
        .send({ body: faultyNote('XX000', 1), visibility: 'internal' });
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(Object.keys(res.body as object).sort()).toEqual(
        ['code', 'detail', 'requestId', 'status', 'title', 'type'].sort(),
      );
      expect(JSON.stringify(res.body)).not.toMatch(/injected|INSERT|notes|rel-fault/i);
      expect(await faultAttempts(t.ds)).toBe(1);
    });

    it('wraps every route that writes, and no read, in the retry', () => {
      const routes = { writes: 0, retried: 0, readsRetried: [] as string[] };
      for (const module of t.app.get(ModulesContainer).values()) {
        for (const controller of module.controllers.values()) {
          const prototype = (controller.metatype as { prototype: Record<string, unknown> })
            .prototype;
          for (const name of Object.getOwnPropertyNames(prototype)) {
            const handler = prototype[name];
            const method = Reflect.getMetadata(METHOD_METADATA, handler as object) as
              RequestMethod | undefined;
            if (name === 'constructor' || method === undefined) continue;
            const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler as object) ??
              []) as unknown[];
            const retried = interceptors.some((i) => i instanceof TransactionRetryInterceptor);
            if (method === RequestMethod.GET) {
              if (retried) routes.readsRetried.push(name);
            } else {
              routes.writes++;
              if (retried) routes.retried++;
            }
          }
        }
      }
      expect(routes.writes).toBeGreaterThan(20);
      expect(routes.retried).toBe(routes.writes);
      expect(routes.readsRetried).toEqual([]);
    });
  });
});

describeOnServer('a real deadlock between the service and another session is retried', () => {
  let t: AppUnderTest;
  let admin: TestUser;
  let other: Client;
  const applicationName = `j2-rel-deadlock-${process.pid}`;

  beforeAll(async () => {
    t = await startApp({ env: { DB_APPLICATION_NAME: applicationName } });
    admin = await createUser(t, Role.Admin);
    other = new Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await t.close();
  });

  it('the payment that lost the deadlock runs again and is recorded once', async () => {
    const claim = await createClaimFixture(t.ds, {
      status: ClaimStatus.Approved,
      amountAssessed: '1000.00',
      amountApproved: '1000.00',
    });
    // The other session takes the audit append lock; the payment locks the claim row, then
    // waits for that lock; the other session then asks for the claim row: a cycle. The
    // payment's session detects it first (it waited first) and is the one rolled back.
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock($1)', [824_320_241_225]);
    const payment = t
      .http()
      .post(`${API}/claims/${claim.claimId}/payments`)
      .set(admin.auth)
      .set('Idempotency-Key', randomUUID())
      .send({
        kind: 'advance',
        amount: { amount: '100.00', currency: 'AZN' },
        method: 'bank_transfer',
      })
      .then((res) => res);
    const deadline = Date.now() + 10_000;
    for (;;) {
      // Waiting for the audit append lock itself: the app's background worker shares its
      // pool and may wait on an advisory lock of its own (the job queue's).
      const waiting = (await other.query(
        `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE a.application_name = $1 AND l.locktype = 'advisory' AND NOT l.granted
            AND ((l.classid::bigint << 32) | l.objid::bigint) = $2`,
        [applicationName, 824_320_241_225],
      )) as { rowCount: number | null };
      if (waiting.rowCount) break;
      if (Date.now() > deadline) throw new Error('the payment never waited for the audit lock');
      await sleep(20);
    }
    await other.query('SELECT id FROM claims WHERE id = $1 FOR UPDATE', [claim.claimId]);
    await other.query('COMMIT');
    const res = await payment;
    expect(res.status).toBe(201);
    const [row] = await queryRows<{ payments: number; events: number }>(
      t.ds,
      sql(
        `SELECT (SELECT count(*)::int FROM payments WHERE claim_id = :claimId) AS payments,
              (SELECT count(*)::int FROM audit_events a JOIN payments p ON a.entity_id = p.id::text
                WHERE p.claim_id = :claimId AND a.action = 'payment.record') AS events`,
        { claimId: claim.claimId },
      ),
    );
    expect(row).toEqual({ payments: 1, events: 1 });
  });
});

describeOnServer('the database goes away and comes back (TCP proxy in front of the server)', () => {
  const CONNECT_TIMEOUT_MS = 1000;
  const STATEMENT_TIMEOUT_MS = 1000;
  let proxy: TcpProxy;
  let t: AppUnderTest;
  let admin: TestUser;

  beforeAll(async () => {
    const around = await TcpProxy.around(process.env.DATABASE_URL!);
    proxy = around.proxy;
    t = await startApp({
      env: {
        DATABASE_URL: around.url,
        DB_POOL_SIZE: '4',
        DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
        DB_APPLICATION_NAME: 'j2-rel-outage',
      },
    });
    admin = await createUser(t, Role.Admin);
  });
  afterAll(async () => {
    await proxy.restore();
    await t.close();
    await proxy.stop();
  });

  async function timed(path: string, auth = true) {
    const started = Date.now();
    const req = t.http().get(path);
    if (auth) req.set(admin.auth);
    const res = await req;
    return { res, ms: Date.now() - started };
  }

  async function expectUnavailable(limitMs: number) {
    const api = await timed(`${API}/incidents`);
    expect(api.res.status).toBe(503);
    expect(api.res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(api.res.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(api.ms).toBeLessThan(limitMs);
    const write = await t
      .http()
      .post(`${API}/incidents`)
      .set(admin.auth)
      .send({
        code: `OUT-${Date.now()}`,
        title: 'Written during an outage',
        occurredAt: '2025-01-01T00:00:00Z',
        declared: { onBoard: 1, passengers: 1, crew: 0, fatalities: 0, survivors: 1 },
      });
    expect(write.status).toBe(503);
    expect(write.headers['content-type']).toMatch(PROBLEM_JSON);
    const health = await timed('/health', false);
    expect(health.res.status).toBe(503);
    expect(health.res.body).toMatchObject({ status: 'error' });
    expect(health.ms).toBeLessThan(limitMs + 2000);
    return api.ms;
  }

  async function expectRecovered() {
    // Recovery needs no restart: the pool opens fresh connections on the next request.
    const api = await timed(`${API}/incidents`);
    expect(api.res.status).toBe(200);
    const health = await timed('/health', false);
    expect(health.res.status).toBe(200);
    expect(health.res.body).toMatchObject({ status: 'ok' });
  }

  it('works through the proxy', async () => {
    await expectRecovered();
  });

  it('server gone (connections reset, new ones refused): 503 at once; back: 200', async () => {
    await proxy.cut('refuse');
    const ms = await expectUnavailable(CONNECT_TIMEOUT_MS);
    console.log(`database refused: the API answered 503 in ${ms} ms`);
    await proxy.restore();
    await expectRecovered();
  });

  it('packets dropped (connect never answers): 503 within the connect timeout; back: 200', async () => {
    await proxy.cut('blackhole');
    const ms = await expectUnavailable(CONNECT_TIMEOUT_MS + 1500);
    expect(ms).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 50);
    console.log(`database black-holed: the API answered 503 in ${ms} ms`);
    await proxy.restore();
    await expectRecovered();
  });

  it('connections frozen mid-flight (a partition): 503 once the dead-connection timeout passes; back: 200', async () => {
    // The pool holds open connections; the proxy stops carrying bytes but closes nothing, so
    // no error ever arrives: only the client's own timer (statement + connect timeout) ends it.
    await expectRecovered();
    await proxy.cut('freeze');
    const ms = await expectUnavailable(STATEMENT_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 1500);
    console.log(`database frozen: the API answered 503 in ${ms} ms`);
    await proxy.restore();
    await expectRecovered();
  });

  it('an outage in the middle of a write leaves the audit chain whole', async () => {
    const stamp = Date.now();
    const writesCodes = Array.from({ length: 12 }, (_, i) => `MID-${stamp}-${i}`);
    const writes = writesCodes.map((code) =>
      t
        .http()
        .post(`${API}/incidents`)
        .set(admin.auth)
        .send({
          code,
          title: 'Written around an outage',
          occurredAt: '2025-01-01T00:00:00Z',
          declared: { onBoard: 1, passengers: 1, crew: 0, fatalities: 0, survivors: 1 },
        }),
    );
    await sleep(5);
    await proxy.cut('refuse');
    const answers = await Promise.all(writes);
    for (const res of answers) expect([201, 503]).toContain(res.status);
    await proxy.restore();
    await expectRecovered();
    const auditor = await createUser(t, Role.Auditor);
    const check = await t.http().get(`${API}/audit-events/verification`).set(auditor.auth);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ valid: true, firstInvalidSeq: null });
    const told = answers.filter((r) => r.status === 201).map((r) => r.body.code as string);
    const stored = await queryRows<{ code: string; events: number }>(
      t.ds,
      sql(
        `SELECT i.code, count(a.seq)::int AS events FROM incidents i
         LEFT JOIN audit_events a ON a.entity_id = i.id::text AND a.action = 'incident.create'
        WHERE i.code = ANY(:writesCodes) GROUP BY i.code`,
        { writesCodes },
      ),
    );
    // Every incident the client was told about exists; every stored one has its one event.
    expect(stored.map((s) => s.code)).toEqual(expect.arrayContaining(told));
    for (const s of stored) expect(s.events).toBe(1);
  });
});
