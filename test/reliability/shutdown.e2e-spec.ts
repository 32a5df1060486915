import { Agent, request as httpRequest } from 'node:http';

import { Client } from 'pg';

import { Role } from '../../src/common/auth/role';
import { queryRows, sql } from '../../src/common/database/sql';
import { ShutdownState } from '../../src/common/lifecycle/shutdown-state';
import { createUser, TestUser } from '../utils/auth';
import { createClaimFixture } from '../utils/fixtures';
import { AppUnderTest, PROBLEM_JSON, sleep, startApp, usingServer } from '../utils/reliability';
import { API } from '../utils/test-app';

/*
 * Graceful shutdown inside one process (scripts/sigterm-under-load.ts proves the same on the
 * built service under load, with a real SIGTERM). main.ts on SIGTERM: ShutdownState.begin(),
 * then app.close(), which closes the listener, waits for in-flight requests, closes the pool.
 */

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request on a keep-alive agent, as a load balancer's connection pool sends. */
function send(
  url: string,
  agent: Agent,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: unknown },
): Promise<Answer> {
  return new Promise((done, fail) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpRequest(
      `${url}${options.path}`,
      {
        method: options.method ?? 'GET',
        agent,
        headers: {
          ...options.headers,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

describe('graceful shutdown', () => {
  describe('once shutdown has begun', () => {
    let t: AppUnderTest;
    let admin: TestUser;

    beforeAll(async () => {
      t = await startApp();
      admin = await createUser(t, Role.Admin);
      t.app.get(ShutdownState).begin();
    });
    afterAll(() => t.close());

    it('/health answers 503 shutting_down and closes the connection', async () => {
      const res = await t.http().get('/health').expect(503);
      expect(res.body).toEqual({ status: 'shutting_down' });
      expect(res.headers.connection).toBe('close');
    });

    it.each([
      ['an authenticated read', 'get', `${API}/incidents`, true],
      ['a write', 'post', `${API}/incidents`, true],
      ['sign-in', 'post', `${API}/auth/login`, false],
    ] as const)(
      '%s answers 503 problem+json without running, and closes the connection',
      async (_name, method, path, auth) => {
        const before = await queryRows(t.ds, sql(`SELECT count(*)::int AS n FROM audit_events`));
        const req = t.http()[method](path);
        if (auth) req.set(admin.auth);
        const res = await req.send(method === 'post' ? { any: 'thing' } : undefined);
        expect(res.status).toBe(503);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.headers.connection).toBe('close');
        expect(res.body).toMatchObject({
          status: 503,
          code: 'SERVICE_UNAVAILABLE',
          requestId: expect.any(String),
        });
        // Refused before the guards: not even a denied-access event was written.
        expect(await queryRows(t.ds, sql(`SELECT count(*)::int AS n FROM audit_events`))).toEqual(
          before,
        );
      },
    );
  });

  describe('a request in flight when shutdown begins', () => {
    let t: AppUnderTest;
    let admin: TestUser;
    let other: Client;

    beforeAll(async () => {
      t = await startApp({ listen: true });
      admin = await createUser(t, Role.Admin);
      other = new Client({ connectionString: process.env.DATABASE_URL });
      await other.connect();
    });
    afterAll(async () => {
      await other.query('ROLLBACK').catch(() => undefined);
      await other.end();
      await t.close().catch(() => undefined);
    });

    it('finishes with its normal answer; new connections are refused; then the pool closes', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 4 });
      const claim = await createClaimFixture(t.ds);
      // Warm a keep-alive connection, as a balancer's pool would have one.
      expect((await send(t.url!, agent, { path: '/health' })).status).toBe(200);

      // Another session locks the notes table for a second, so the note is in flight during the
      // shutdown. (On the embedded database any open transaction holds every other session.)
      await other.query('BEGIN');
      await other.query('LOCK TABLE notes IN EXCLUSIVE MODE');
      const started = Date.now();
      let closed = false;
      let closedBeforeCommit: boolean | undefined;
      let committedAt = Infinity;
      setTimeout(() => {
        closedBeforeCommit = closed;
        committedAt = Date.now();
        void other.query('COMMIT');
      }, 1000);
      const slow = send(t.url!, agent, {
        method: 'POST',
        path: `${API}/claims/${claim.claimId}/notes`,
        headers: admin.auth,
        body: { body: 'Written while the service stops', visibility: 'internal' },
      });
      await sleep(200);
      t.app.get(ShutdownState).begin();
      const closing = t.app.close().then(() => {
        closed = true;
        return Date.now();
      });

      // Until the listener closes, a new connection hears `shutting_down`; then it is refused
      // (or reset, when it was still in the listen backlog as the listener closed).
      let refused = false;
      for (const deadline = Date.now() + 3000; !refused && Date.now() < deadline;) {
        const probe = await send(t.url!, new Agent(), { path: '/health' }).catch(
          (e: NodeJS.ErrnoException) => e.code,
        );
        if (probe === 'ECONNREFUSED' || probe === 'ECONNRESET') refused = true;
        else expect(probe).toMatchObject({ status: 503, body: '{"status":"shutting_down"}' });
        await sleep(10);
      }
      expect(refused).toBe(true);
      // On a server the listener closed while the note was still held in the database. (On the
      // embedded database the held session also holds the rate limiter's final flush, which
      // runs in a destroy hook before the listener closes.)
      if (usingServer()) expect(Date.now()).toBeLessThan(committedAt);

      const answer = await slow;
      // close() waited for it: it had not finished when the database let the note through.
      expect(closedBeforeCommit).toBe(false);
      const answeredAt = Date.now();
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.body)).toMatchObject({ body: 'Written while the service stops' });
      // The connection is released with the answer, so close() need not wait for it.
      expect(answer.headers.connection).toBe('close');
      const closedAt = await closing;
      expect(answeredAt - started).toBeGreaterThanOrEqual(1000);
      expect(closedAt - answeredAt).toBeLessThan(2000);
      expect(t.ds.isInitialized).toBe(false);
      agent.destroy();
    });
  });
});
