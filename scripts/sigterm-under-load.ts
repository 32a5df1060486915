/**
 * SIGTERM under load (issue 9): proves that the built service shuts down gracefully while it
 * is busy. Run after `npm run build`:
 *
 *   npx ts-node -T scripts/sigterm-under-load.ts                   # embedded DB, temp DATA_DIR
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/j2_ci_test \
 *     npx ts-node -T scripts/sigterm-under-load.ts                 # a PostgreSQL server
 *
 * It starts `node dist/src/main.js`, signs in as ADMIN_EMAIL, drives an authenticated GET with
 * autocannon, sends SIGTERM half-way and then checks, request by request (each one carries its
 * own X-Request-Id, which the service logs as `clientRequestId` beside its own id):
 *
 * - the process exits 0 before SHUTDOWN_GRACE_MS has passed, and its pool is closed;
 * - no request that the service accepted was cut off: every request id the service logged got
 *   a complete response at the client, the service logged no aborted request, and no request
 *   timed out. Exiting 0 means fastify's close() returned, which waits for every open
 *   connection, so nothing in flight was killed by the exit either;
 * - every request sent before SIGTERM was answered (200), apart from any the service never read;
 * - after SIGTERM a request is either finished (200: it was in flight), answered 503
 *   problem+json with `Connection: close` (it arrived on an open keep-alive connection while
 *   the service was closing), or refused at connect time (the listener was closed). The last
 *   kind were never accepted: they are counted and reported, not failures. A request written
 *   on a socket the service had already closed (ECONNRESET/EPIPE) is reported the same way,
 *   and the script checks the service never logged it.
 *
 * Exits 1 with the reasons when any check fails. Knobs (environment): SHUTDOWN_GRACE_MS
 * (10000), CONNECTIONS (24), DURATION_MS (3000), SIGTERM_AT_MS (1500), ROUTE
 * (/api/v1/incidents?limit=5).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import autocannon from 'autocannon';
import { Client } from 'pg';

import { newAuditSigningKey } from '../src/config/local-secrets';

const ROOT = resolve(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 24);
const DURATION_MS = Number(process.env.DURATION_MS ?? 3_000);
const SIGTERM_AT_MS = Number(process.env.SIGTERM_AT_MS ?? 1_500);
const ROUTE = process.env.ROUTE ?? '/api/v1/incidents?limit=5';
const ID_PREFIX = `load-${randomBytes(3).toString('hex')}-`;

interface Sent {
  at: number;
}
interface Received {
  at: number;
  status: number;
  contentType: string;
  connection: string;
}
interface ClientError {
  at: number;
  code: string;
}
interface ServerLine {
  msg?: string;
  reqId?: string;
  /** The caller's X-Request-Id, when it was a well-formed one. */
  clientRequestId?: string;
  res?: { statusCode?: number };
  level?: number;
  time?: number;
}

function log(message: string): void {
  process.stdout.write(`[sigterm] ${message}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

class App {
  readonly lines: ServerLine[] = [];
  readonly raw: string[] = [];
  exit: { at: number; code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    const collect = (stream: NodeJS.ReadableStream | null) => {
      if (!stream) return;
      createInterface({ input: stream }).on('line', (line) => {
        this.raw.push(line);
        if (!line.startsWith('{')) return;
        try {
          this.lines.push(JSON.parse(line) as ServerLine);
        } catch {
          // a partial or non-JSON line: kept in `raw` only
        }
      });
    };
    collect(child.stdout);
    collect(child.stderr);
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        this.exit = { at: Date.now(), code, signal };
        done();
      }),
    );
  }

  async waitForExit(timeoutMs: number): Promise<boolean> {
    const timer = sleep(timeoutMs).then(() => false);
    return Promise.race([this.exited.then(() => true), timer]);
  }

  tail(n = 40): string {
    return this.raw.slice(-n).join('\n');
  }
}

async function waitForHealth(base: string, app: App, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.exit) throw new Error(`the service exited during start-up:\n${app.tail()}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the service did not become healthy in ${timeoutMs} ms:\n${app.tail()}`);
}

async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function openConnections(databaseUrl: string, applicationName: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  if (!existsSync(MAIN)) {
    console.error(`[sigterm] ${MAIN} is missing: run \`npm run build\` first`);
    return 2;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'j2-sigterm-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const email = `sigterm-${randomBytes(4).toString('hex')}@example.org`;
  const password = `Sigterm-${randomBytes(12).toString('base64url')}`;
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const applicationName = `j2-sigterm-${randomBytes(3).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // The lines are parsed below.
    LOG_FORMAT: 'json',
    DATA_DIR: join(dataDir, 'data'),
    STORAGE_DIR: join(dataDir, 'data', 'storage'),
    ADMIN_EMAIL: email,
    ADMIN_PASSWORD: password,
    // Several thousand requests in three seconds from one user: lift the per-user limit.
    RATE_LIMIT_PER_MINUTE: '100000',
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    SEED_ON_START: 'true',
    DB_APPLICATION_NAME: applicationName,
    ...(databaseUrl
      ? {
          DATABASE_URL: databaseUrl,
          JWT_SECRET: randomBytes(48).toString('base64'),
          DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
          AUDIT_SIGNING_KEY: newAuditSigningKey(),
        }
      : {}),
  };
  log(
    `starting ${MAIN} on ${base} (${databaseUrl ? 'PostgreSQL server' : `embedded database in ${dataDir}`})`,
  );
  // cwd is the temporary directory, so no .env of the working tree is read.
  const app = new App(spawn(process.execPath, [MAIN], { cwd: dataDir, env, stdio: 'pipe' }));
  const failures: string[] = [];
  try {
    await waitForHealth(base, app, 60_000);
    const token = await login(base, email, password);
    log(`signed in; ${CONNECTIONS} connections on GET ${ROUTE} for ${DURATION_MS} ms`);

    const sent = new Map<string, Sent>();
    const received = new Map<string, Received>();
    const errors: ClientError[] = [];
    let counter = 0;
    let finish: (result: autocannon.Result) => void = () => undefined;
    let failRun: (error: unknown) => void = () => undefined;
    const finished = new Promise<autocannon.Result>((done, fail) => {
      finish = done;
      failRun = fail;
    });
    const instance = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: DURATION_MS / 1000,
        // Longer than the grace: a request held past it would show up as a timeout.
        timeout: Math.ceil(GRACE_MS / 1000) + 5,
        requests: [
          {
            method: 'GET',
            path: ROUTE,
            headers: { authorization: `Bearer ${token}` },
            // A connection carries one request at a time (no pipelining): its context holds
            // the id of the request it sent last, which the response answers.
            setupRequest: (request, context: { sentId?: string }) => {
              const id = `${ID_PREFIX}${++counter}`;
              sent.set(id, { at: Date.now() });
              context.sentId = id;
              return { ...request, headers: { ...request.headers, 'x-request-id': id } };
            },
            onResponse: (status, _body, context: { sentId?: string }, headers) => {
              const h = (headers ?? {}) as Record<string, string>;
              const id = context.sentId;
              // The service answers with its own request id, and logs the caller's beside it.
              if (!id || !h['x-request-id']) return;
              context.sentId = undefined;
              received.set(id, {
                at: Date.now(),
                status,
                contentType: h['content-type'] ?? '',
                connection: (h.connection ?? '').toLowerCase(),
              });
            },
          },
        ],
      },
      (error, result) => (error ? failRun(error) : finish(result)),
    );
    instance.on('reqError', (error: NodeJS.ErrnoException) => {
      errors.push({ at: Date.now(), code: error.code ?? error.message });
    });

    await sleep(SIGTERM_AT_MS);
    // Under load the pool holds sessions under the service's own application_name; the check
    // after the exit that none is left is meaningful only if some were there.
    const sessionsUnderLoad = databaseUrl ? await openConnections(databaseUrl, applicationName) : 0;
    const sigtermAt = Date.now();
    app.child.kill('SIGTERM');
    log(`SIGTERM sent after ${SIGTERM_AT_MS} ms`);

    const exitedInTime = await app.waitForExit(GRACE_MS + 5_000);
    const result = await finished;
    if (!exitedInTime) {
      app.child.kill('SIGKILL');
      await app.waitForExit(5_000);
    }

    // --- the service side: what it accepted, and how each request ended
    const serverStatus = new Map<string, number>();
    const aborted: string[] = [];
    for (const line of app.lines) {
      const id = line.clientRequestId;
      if (!id?.startsWith(ID_PREFIX)) continue;
      if (line.msg === 'request completed' || line.msg === 'request errored') {
        serverStatus.set(id, line.res?.statusCode ?? 0);
      } else if (line.msg === 'request aborted') {
        aborted.push(id);
      }
    }

    // --- the client side, by request id
    const before = [...sent].filter(([, s]) => s.at < sigtermAt);
    const unansweredBefore = before.filter(([id]) => !received.has(id));
    const unanswered = [...sent.keys()].filter((id) => !received.has(id));
    const acceptedButLost = [...serverStatus.keys()].filter((id) => !received.has(id));
    const acceptedUnanswered = unanswered.filter(
      (id) => serverStatus.has(id) || aborted.includes(id),
    );
    const statuses = new Map<string, number>();
    let inFlightAtSigterm = 0;
    const bad503: string[] = [];
    for (const [id, r] of received) {
      const phase = (sent.get(id)?.at ?? 0) < sigtermAt ? 'before' : 'after';
      statuses.set(`${phase} ${r.status}`, (statuses.get(`${phase} ${r.status}`) ?? 0) + 1);
      if (phase === 'before' && r.at >= sigtermAt && r.status === 200) inFlightAtSigterm++;
      if (r.status === 503) {
        if (!r.contentType.startsWith('application/problem+json') || r.connection !== 'close') {
          bad503.push(id);
        }
      }
    }
    const unexpectedStatus = [...received].filter(([id, r]) => {
      const phase = (sent.get(id)?.at ?? 0) < sigtermAt ? 'before' : 'after';
      return phase === 'before'
        ? r.status !== 200 && r.status !== 503
        : ![200, 503].includes(r.status);
    });
    const errorCodes = new Map<string, number>();
    for (const e of errors) {
      const key = `${e.at < sigtermAt ? 'before' : 'after'} ${e.code}`;
      errorCodes.set(key, (errorCodes.get(key) ?? 0) + 1);
    }
    const errorsBefore = errors.filter((e) => e.at < sigtermAt);
    const timeouts = errors.filter((e) => /timed out/i.test(e.code));
    const okBefore = statuses.get('before 200') ?? 0;
    const shutdownMs = app.exit ? app.exit.at - sigtermAt : NaN;

    log(
      `autocannon: ${result.requests.total} responses, ${result.errors} errors ` +
        `(${result.timeouts} timeouts), mean ${result.latency.mean} ms, p99 ${result.latency.p99} ms`,
    );
    log(
      `before SIGTERM: ${before.length} requests sent, ${okBefore} answered 200 ` +
        `(${Math.round(okBefore / (SIGTERM_AT_MS / 1000))} req/s)`,
    );
    log(`in flight at SIGTERM and finished after it: ${inFlightAtSigterm}`);
    log(`responses by phase and status: ${JSON.stringify(Object.fromEntries(statuses))}`);
    log(`client errors by phase and code: ${JSON.stringify(Object.fromEntries(errorCodes))}`);
    log(
      `requests never answered: ${unanswered.length} (of which the service logged ${acceptedUnanswered.length})`,
    );
    log(
      `service: exit ${app.exit?.code ?? 'none'}${app.exit?.signal ? ` (${app.exit.signal})` : ''} ` +
        `${Number.isNaN(shutdownMs) ? '' : `${shutdownMs} ms after SIGTERM`}; ` +
        `${serverStatus.size} requests logged, ${aborted.length} aborted`,
    );

    // --- the checks
    if (!exitedInTime || !app.exit) failures.push(`the service did not exit within ${GRACE_MS} ms`);
    else if (app.exit.code !== 0)
      failures.push(`the service exited ${app.exit.code ?? app.exit.signal}`);
    else if (shutdownMs > GRACE_MS)
      failures.push(`shutdown took ${shutdownMs} ms > ${GRACE_MS} ms`);
    if (okBefore === 0) failures.push('no request succeeded before SIGTERM: the load did not run');
    if (serverStatus.size < okBefore) {
      failures.push(
        `the service logged ${serverStatus.size} of the ${okBefore} requests answered before SIGTERM: the checks by request id would prove nothing`,
      );
    }
    if (timeouts.length > 0) failures.push(`${timeouts.length} requests timed out`);
    if (errorsBefore.length > 0) {
      failures.push(`${errorsBefore.length} client errors before SIGTERM`);
    }
    if (aborted.length > 0) failures.push(`the service logged ${aborted.length} aborted requests`);
    if (acceptedButLost.length > 0) {
      failures.push(
        `${acceptedButLost.length} requests accepted by the service got no complete response: ${acceptedButLost.slice(0, 5).join(', ')}`,
      );
    }
    if (acceptedUnanswered.length > 0) {
      failures.push(`${acceptedUnanswered.length} unanswered requests had been accepted`);
    }
    if (unexpectedStatus.length > 0) {
      failures.push(
        `unexpected statuses: ${unexpectedStatus
          .slice(0, 5)
          .map(([id, r]) => `${id}=${r.status}`)
          .join(', ')}`,
      );
    }
    if (bad503.length > 0) {
      failures.push(`${bad503.length} 503 answers were not problem+json with Connection: close`);
    }
    const lostBefore = unansweredBefore.filter(([id]) => serverStatus.has(id));
    if (lostBefore.length > 0) {
      failures.push(`${lostBefore.length} requests sent before SIGTERM were accepted but lost`);
    }
    if (!app.raw.some((l) => l.includes('SIGTERM: finishing in-flight requests'))) {
      failures.push('the service did not log that it began a graceful shutdown');
    }
    // The pool is closed: no session of the service's application_name is left on the server;
    // on the embedded database, the data directory's lock is released only after a clean stop.
    if (databaseUrl) {
      const left = await openConnections(databaseUrl, applicationName);
      log(`sessions of ${applicationName}: ${sessionsUnderLoad} under load, ${left} after exit`);
      if (sessionsUnderLoad === 0) failures.push('no pooled session was seen under load');
      if (left > 0) failures.push(`${left} database sessions were left open`);
    } else if (existsSync(join(dataDir, 'data', 'pglite.lock'))) {
      failures.push('the embedded database was not stopped (its lock file is still there)');
    }
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    if (!app.exit) {
      app.child.kill('SIGKILL');
      await app.waitForExit(5_000);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(`[sigterm] FAILED:\n  - ${failures.join('\n  - ')}`);
    console.error(`[sigterm] last lines of the service log:\n${app.tail(30)}`);
    return 1;
  }
  log('PASSED: graceful shutdown under load');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[sigterm] crashed:', error);
    process.exit(1);
  },
);
