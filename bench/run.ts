import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { Client } from 'pg';

import { Role } from '../src/common/auth/role';
import { newAuditSigningKey } from '../src/config/local-secrets';
import { BENCH_PASSWORD, benchEmail } from './lib/bench-users';
import { maskUrl, positiveInt, requireDatabaseUrl, seconds, UsageError } from './lib/cli';
import {
  freePorts,
  RssSampler,
  Server,
  startServer,
  stopServer,
  waitHealthy,
} from './lib/processes';
import {
  ExportRun,
  load,
  LoadOptions,
  probe,
  rotatingGet,
  ScenarioResult,
  SkippedScenario,
  skipReason,
  Target,
  timedDownload,
  transactionsPerRequest,
  TransitionCounters,
  transitionRoundTrip,
} from './lib/scenarios';

/**
 * npm run bench: builds the app, seeds the synthetic incident for --claims N if it is absent,
 * starts the built app and the plain node:http + pg baseline side by side, and loads each with
 * autocannon for a fixed duration. Prints a table and writes bench/results.json.
 *
 *   DATABASE_URL=postgres://... npm run bench -- [--claims 100000] [--duration 20]
 *     [--connections 32] [--warmup 3] [--csv-runs 3] [--pool 10] [--skip-build]
 *
 * A scenario whose route answers 404 (not built yet) is skipped with a message.
 */

const ROOT = join(__dirname, '..');

/** The three services compared side by side: the bare stack, the documented way, the app. */
const TARGETS: readonly Target[] = ['baseline', 'peer', 'app'];
const SCENARIO = {
  read: (target: Target) =>
    target === 'app' ? 'app GET claim (case worker)' : `${target} GET /claims/:id`,
  list: (target: Target) =>
    target === 'app' ? 'app GET claims?status=under_review' : `${target} GET /claims?status=…`,
  transitions: (target: Target) => `${target} transition round trip`,
};
const USAGE = `Usage: npm run bench -- [--claims N] [--duration S] [--connections N] [--warmup S]
                         [--csv-runs N] [--pool N] [--incident CODE] [--seed N] [--skip-build]
                         [--skip-diagnostics] [--profile-app] [--only TEXT[,TEXT...]]
                         [--app-main FILE] [--out FILE]`;

interface RunOptions {
  databaseUrl: string;
  claims: number;
  incidentCode: string;
  seed: number;
  load: LoadOptions;
  csvRuns: number;
  pool: number;
  build: boolean;
  diagnostics: boolean;
  profileApp: boolean;
  /**
   * Runs only the scenarios whose name contains one of these texts (case-insensitive; `--only`
   * takes them comma-separated); all by default.
   */
  only: string[] | null;
  /** Another build of the app to run instead of dist/src/main.js (to compare two builds). */
  appMain: string | null;
  out: string;
}

function parseOptions(argv: string[]): RunOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      claims: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      'csv-runs': { type: 'string' },
      pool: { type: 'string' },
      incident: { type: 'string' },
      seed: { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      'skip-diagnostics': { type: 'boolean', default: false },
      'profile-app': { type: 'boolean', default: false },
      only: { type: 'string' },
      'app-main': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const databaseUrl = requireDatabaseUrl('bench', 'npm run bench -- --claims 2000 --duration 5');
  const claims = positiveInt('claims', values.claims, 100_000);
  const durationS = positiveInt('duration', values.duration, 20);
  return {
    databaseUrl,
    claims,
    incidentCode: values.incident ?? `SYN-${claims}`,
    seed: positiveInt('seed', values.seed, 8243),
    load: {
      connections: positiveInt('connections', values.connections, 32),
      durationS,
      warmupS:
        values.warmup === '0' ? 0 : positiveInt('warmup', values.warmup, Math.min(3, durationS)),
    },
    csvRuns: positiveInt('csv-runs', values['csv-runs'], 3),
    pool: positiveInt('pool', values.pool, 10),
    build: !values['skip-build'],
    diagnostics: !values['skip-diagnostics'],
    profileApp: values['profile-app'],
    only: values.only ? values.only.toLowerCase().split(',').filter(Boolean) : null,
    appMain: values['app-main'] ?? null,
    out: values.out ?? join(__dirname, 'results.json'),
  };
}

/**
 * The app's audit signing key for this bench database: AUDIT_SIGNING_KEY from the environment,
 * else one generated for the database on its first run and kept under data/bench (owner-only).
 * The app signs audit checkpoints with it, and the audit verification scenario holds every
 * checkpoint to the app's current key: a key per run made every earlier run's checkpoints
 * look forged, and the verification answered `valid: false`.
 */
function benchAuditSigningKey(databaseUrl: string): string {
  if (process.env.AUDIT_SIGNING_KEY) return process.env.AUDIT_SIGNING_KEY;
  const url = new URL(databaseUrl);
  const name = `${url.hostname}-${url.port || 5432}-${url.pathname.slice(1)}`.replace(
    /[^A-Za-z0-9._-]/g,
    '_',
  );
  const dir = join(ROOT, 'data', 'bench');
  const file = join(dir, `${name}.audit-signing-key`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = newAuditSigningKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  say(`kept a new audit signing key for this database in ${file}`);
  return key;
}

/** Whether the database server runs on this machine, where its backends' CPU can be read. */
function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '';
}

function say(message: string): void {
  console.log(`[bench] ${message}`);
}

function runOrFail(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(command, args, { cwd: ROOT, env, stdio: 'inherit' });
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  }
}

async function incidentId(db: Client, code: string): Promise<string | null> {
  const { rows } = await db.query<{ ready: boolean }>(
    `SELECT to_regclass('public.incidents') IS NOT NULL AS ready`,
  );
  if (!rows[0]?.ready) return null;
  const found = await db.query<{ id: string }>('SELECT id FROM incidents WHERE code = $1', [code]);
  return found.rows[0]?.id ?? null;
}

/** Signs in through the API; waits out the login limit (10 a minute per address) if hit. */
async function login(baseUrl: string, email: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: BENCH_PASSWORD }),
    });
    const body = await res.text();
    if (res.ok) return `Bearer ${(JSON.parse(body) as { accessToken: string }).accessToken}`;
    if (res.status === 429 && attempt <= 2) {
      const wait =
        Number(res.headers.get('retry-after')) || Number(/retry in (\d+)/.exec(body)?.[1]) || 60;
      say(`login limit reached; waiting ${wait} s`);
      await new Promise((r) => setTimeout(r, (wait + 1) * 1000));
      continue;
    }
    throw new Error(`login as ${email} failed: ${res.status} ${body.slice(0, 300)}`);
  }
}

interface Picks {
  claimIds: string[];
  lawyerEmail: string;
  lawyerClaimIds: string[];
  transitionEmail: string;
  transitionRole: Role;
  transitionPool: string[];
}

async function pick(db: Client, incident: string, connections: number): Promise<Picks> {
  // A fixed pseudo-random sample, the same on every run against the same data.
  const claims = await db.query<{ id: string }>(
    'SELECT id FROM claims WHERE incident_id = $1 ORDER BY md5(id::text) LIMIT 1000',
    [incident],
  );
  const lawyer = await db.query<{ email: string }>(
    `SELECT u.email FROM claims c
       JOIN representations r ON r.claimant_id = c.claimant_id AND r.ended_at IS NULL
       JOIN users u ON u.id = r.lawyer_id
      WHERE c.incident_id = $1 AND u.active
      GROUP BY u.email ORDER BY count(*) DESC, u.email LIMIT 1`,
    [incident],
  );
  const lawyerEmail = lawyer.rows[0]?.email;
  if (!lawyerEmail) throw new Error('No lawyer represents a claimant of this incident');
  const lawyerClaims = await db.query<{ id: string }>(
    `SELECT c.id FROM claims c
       JOIN representations r ON r.claimant_id = c.claimant_id AND r.ended_at IS NULL
       JOIN users u ON u.id = r.lawyer_id
      WHERE c.incident_id = $1 AND u.email = $2 ORDER BY md5(c.id::text) LIMIT 1000`,
    [incident, lawyerEmail],
  );
  // Transitions by the case worker assigned to the most claims under review, when they have
  // enough for one per connection; otherwise by an administrator, who may move any of them.
  const want = connections * 2;
  const cw = await db.query<{ email: string; n: number }>(
    `SELECT u.email, count(*)::int AS n FROM claims c JOIN users u ON u.id = c.assigned_case_worker_id
      WHERE c.incident_id = $1 AND c.status = 'under_review' AND u.active
      GROUP BY u.email ORDER BY n DESC, u.email LIMIT 1`,
    [incident],
  );
  const byCaseWorker = cw.rows[0] && cw.rows[0].n >= connections + 4 ? cw.rows[0].email : null;
  const pool = await db.query<{ id: string }>(
    `SELECT c.id FROM claims c LEFT JOIN users u ON u.id = c.assigned_case_worker_id
      WHERE c.incident_id = $1 AND c.status = 'under_review' AND ($2::text IS NULL OR u.email = $2)
      ORDER BY md5(c.id::text) LIMIT $3`,
    [incident, byCaseWorker, want],
  );
  return {
    claimIds: claims.rows.map((r) => r.id),
    lawyerEmail,
    lawyerClaimIds: lawyerClaims.rows.map((r) => r.id),
    transitionEmail: byCaseWorker ?? benchEmail(Role.Admin, 2),
    transitionRole: byCaseWorker ? Role.CaseWorker : Role.Admin,
    transitionPool: pool.rows.map((r) => r.id),
  };
}

/** A counter of the bench database's transactions, to relate database work to requests. */
function transactionCounter(db: Client): () => Promise<number> {
  return async () => {
    const { rows } = await db.query<{ n: string }>(
      `SELECT (xact_commit + xact_rollback)::text AS n FROM pg_stat_database
        WHERE datname = current_database()`,
    );
    return Number(rows[0]?.n ?? 0);
  };
}

/** Puts claims the round trip left in information_requested back under review. */
async function restoreUnderReview(
  baseUrl: string,
  auth: string,
  ids: readonly string[],
): Promise<number> {
  let restored = 0;
  for (const id of ids) {
    const res = await fetch(`${baseUrl}/api/v1/claims/${id}`, { headers: { authorization: auth } });
    if (!res.ok) continue;
    const claim = (await res.json()) as { status: string; version: number };
    if (claim.status !== 'information_requested') continue;
    const moved = await fetch(`${baseUrl}/api/v1/claims/${id}/transitions`, {
      method: 'POST',
      headers: {
        authorization: auth,
        'content-type': 'application/json',
        'if-match': `"${claim.version}"`,
      },
      body: JSON.stringify({ to: 'under_review' }),
    });
    if (moved.ok) restored++;
  }
  return restored;
}

function printTable(results: readonly ScenarioResult[], skipped: readonly SkippedScenario[]): void {
  const cols: [string, number][] = [
    ['scenario', 34],
    ['req/s', 9],
    ['p50 ms', 8],
    ['p99 ms', 8],
    ['requests', 10],
    ['non-2xx', 8],
    ['errors', 7],
    ['peak RSS MB', 12],
    ['CPU µs/req', 11],
    ['DB µs/req', 10],
  ];
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(cols[i]![1]) : c.padStart(cols[i]![1]))).join(' ');
  console.log('');
  console.log(line(cols.map(([h]) => h)));
  console.log('-'.repeat(cols.reduce((n, [, w]) => n + w + 1, -1)));
  for (const r of results) {
    console.log(
      line([
        r.name,
        String(r.requestsPerSec),
        String(r.latencyMs.p50),
        String(r.latencyMs.p99),
        String(r.requests),
        String(r.non2xx),
        String(r.errors + r.timeouts),
        String(r.peakRssMb),
        String(r.serverCpuUsPerRequest ?? '-'),
        String(r.databaseCpuUsPerRequest ?? '-'),
      ]),
    );
  }
  for (const s of skipped) console.log(line([s.name, 'skipped', '', '', '', '', '', '', '', '']));
}

interface Verification {
  status: number;
  valid?: boolean;
  checked?: number;
  firstInvalidSeq?: string | null;
  ms: number;
}

async function verifyAudit(
  baseUrl: string,
  headers: Record<string, string>,
): Promise<Verification> {
  say('audit verification: GET /api/v1/audit-events/verification');
  const startedAt = performance.now();
  let res = await fetch(`${baseUrl}/api/v1/audit-events/verification`, { headers });
  // A run longer than AUDIT_VERIFICATION_WAIT_MS answers 202: ask again at Location until done.
  while (res.status === 202) {
    const location = res.headers.get('location');
    if (!location) break;
    await res.body?.cancel();
    const wait = Number(res.headers.get('retry-after') ?? '1');
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait) * 1000));
    res = await fetch(`${baseUrl}${location}`, { headers });
  }
  const body = (await res.json()) as Omit<Verification, 'status' | 'ms'>;
  const verification = {
    status: res.status,
    ...body,
    ms: Math.round(performance.now() - startedAt),
  };
  say(`audit verification: ${JSON.stringify(verification)}`);
  return verification;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  say(`database ${maskUrl(options.databaseUrl)}, incident ${options.incidentCode}`);

  // Secrets for this run. A DATA_ENCRYPTION_KEY from the environment is passed to both the
  // seed and the app, so personal data the seed encrypts stays readable on later runs; without
  // one the seed leaves personal data null and the app gets a key generated for this run.
  const envKey = process.env.DATA_ENCRYPTION_KEY || undefined;
  const dataKey = envKey ?? randomBytes(32).toString('base64');
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: options.databaseUrl,
  };

  if (options.build) {
    say('building the app (npm run build)');
    runOrFail('npm', ['run', 'build'], process.env);
  }
  const mainJs = options.appMain ?? join(ROOT, 'dist', 'src', 'main.js');
  if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: run npm run build`);

  const db = new Client({ connectionString: options.databaseUrl, application_name: 'j2-bench' });
  await db.connect();
  const servers: Server[] = [];
  const stopAll = async () => {
    await Promise.all(servers.splice(0).map((s) => stopServer(s)));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    say(`${signal}: stopping the servers`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    let incident = await incidentId(db, options.incidentCode);
    if (!incident) {
      say(`incident ${options.incidentCode} is absent: seeding ${options.claims} claims`);
      runOrFail(
        process.execPath,
        [
          '-r',
          require.resolve('ts-node/register/transpile-only'),
          join(__dirname, 'seed-large.ts'),
          '--claims',
          String(options.claims),
          '--incident',
          options.incidentCode,
          '--seed',
          String(options.seed),
        ],
        { ...baseEnv, DATA_ENCRYPTION_KEY: envKey },
      );
      incident = await incidentId(db, options.incidentCode);
      if (!incident) throw new Error('The seed finished but the incident is not there');
    }

    const logDir = mkdtempSync(join(tmpdir(), 'j2-bench-'));
    const [appPort, basePort, peerPort] = (await freePorts(3)) as [number, number, number];
    // The peer verifies the app's own access tokens: same secret, issuer and audience.
    const jwtSecret = randomBytes(48).toString('base64');
    const app = startServer(
      'app',
      process.execPath,
      // A V8 CPU profile of the whole run, written to the log directory when the app exits.
      options.profileApp ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`, mainJs] : [mainJs],
      {
        ...baseEnv,
        NODE_ENV: 'production',
        // As `npm run start:prod` and the image start it (docs/operations.md#memory).
        MALLOC_MMAP_THRESHOLD_: '131072',
        HOST: '127.0.0.1',
        PORT: String(appPort),
        JWT_SECRET: jwtSecret,
        JWT_ACCESS_TTL_SECONDS: '3600',
        DATA_ENCRYPTION_KEY: dataKey,
        AUDIT_SIGNING_KEY: benchAuditSigningKey(options.databaseUrl),
        // The highest the config allows: the bench measures throughput, not the limiter.
        RATE_LIMIT_PER_MINUTE: '100000000',
        LOG_LEVEL: 'warn',
        SEED_ON_START: 'false',
        DB_POOL_SIZE: String(options.pool),
        ADMIN_EMAIL: benchEmail(Role.Admin, 1),
        ADMIN_PASSWORD: BENCH_PASSWORD,
        DATA_DIR: join(logDir, 'data'),
        STORAGE_DIR: join(logDir, 'storage'),
      },
      appPort,
      join(logDir, 'app.log'),
    );
    servers.push(app);
    const baseline = startServer(
      'baseline',
      process.execPath,
      [
        '-r',
        require.resolve('ts-node/register/transpile-only'),
        join(__dirname, 'baseline-server.ts'),
      ],
      { ...baseEnv, PORT: String(basePort), DB_POOL_SIZE: String(options.pool) },
      basePort,
      join(logDir, 'baseline.log'),
    );
    servers.push(baseline);
    const peer = startServer(
      'peer',
      process.execPath,
      [
        '-r',
        require.resolve('ts-node/register/transpile-only'),
        join(__dirname, 'peer', 'main.ts'),
      ],
      {
        ...baseEnv,
        NODE_ENV: 'production',
        PORT: String(peerPort),
        DB_POOL_SIZE: String(options.pool),
        JWT_SECRET: jwtSecret,
      },
      peerPort,
      join(logDir, 'peer.log'),
    );
    servers.push(peer);
    await Promise.all([
      waitHealthy(app, '/health', 120_000),
      waitHealthy(baseline, '/health', 60_000),
      waitHealthy(peer, '/api/v1/health', 60_000),
    ]);
    say(
      `app on ${app.baseUrl} (pid ${app.child.pid}), baseline on ${baseline.baseUrl}, ` +
        `peer on ${peer.baseUrl}; logs in ${logDir}`,
    );

    // The bench database's sessions (the loaded target's pool among them), for their CPU time;
    // a backend that ends during a scenario drops that scenario's figure (null).
    if (isLocal(options.databaseUrl)) {
      options.load.databaseBackends = async () =>
        (
          await db.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
          )
        ).rows.map((r) => r.pid);
    }
    const picks = await pick(db, incident, options.load.connections);
    const readEmail = [1, 2, 3]
      .map((n) => benchEmail(Role.CaseWorker, n))
      .find((e) => e !== picks.transitionEmail)!;
    const listEmail = [4, 5, 6]
      .map((n) => benchEmail(Role.CaseWorker, n))
      .find((e) => e !== picks.transitionEmail)!;
    const adminEmail = benchEmail(Role.Admin, 1);
    const tokens = new Map<string, string>();
    for (const email of new Set([
      readEmail,
      listEmail,
      picks.lawyerEmail,
      picks.transitionEmail,
      adminEmail,
    ])) {
      tokens.set(email, await login(app.baseUrl, email));
    }
    const auth = (email: string) => tokens.get(email)!;
    say(`signed in ${tokens.size} users; ${picks.claimIds.length} claims sampled`);

    const wanted = (name: string) =>
      !options.only || options.only.some((text) => name.toLowerCase().includes(text));
    const results: ScenarioResult[] = [];
    const xacts = transactionCounter(db);
    const skipped: SkippedScenario[] = [];
    const appPid = app.child.pid!;
    const run = async (
      name: string,
      check: { url: string; headers: Record<string, string> },
      go: () => Promise<ScenarioResult>,
    ) => {
      if (!wanted(name)) return;
      const p = await probe(check.url, check.headers);
      const why = skipReason(p);
      if (why) {
        say(`SKIP ${name}: ${why}`);
        skipped.push({ name, reason: why });
        return;
      }
      say(`${name}: ${options.load.durationS} s at ${options.load.connections} connections`);
      const r = await go();
      results.push(r);
      say(
        `  ${r.requestsPerSec} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, non-2xx ${r.non2xx}`,
      );
    };

    // Each comparison runs baseline, peer and app one after another on the same claims.
    const byTarget = {
      baseline: { server: baseline, prefix: '' },
      peer: { server: peer, prefix: '/api/v1' },
      app: { server: app, prefix: '/api/v1' },
    } as const;
    const pidOf = (target: Target) => byTarget[target].server.child.pid!;
    const urlOf = (target: Target) => byTarget[target].server.baseUrl;

    const asCaseWorker = { authorization: auth(readEmail) };
    const readHeaders = (target: Target) => (target === 'baseline' ? {} : asCaseWorker);
    for (const target of TARGETS) {
      const paths = picks.claimIds.map((id) => `${byTarget[target].prefix}/claims/${id}`);
      const name = SCENARIO.read(target);
      await run(name, { url: `${urlOf(target)}${paths[0]}`, headers: readHeaders(target) }, () =>
        load(
          name,
          {
            target,
            method: 'GET',
            path: `${byTarget[target].prefix}/claims/:id`,
            actor: target === 'baseline' ? 'none' : readEmail,
            pid: pidOf(target),
          },
          { url: urlOf(target), headers: readHeaders(target), requests: () => rotatingGet(paths) },
          options.load,
        ),
      );
    }
    const appPaths = picks.claimIds.map((id) => `/api/v1/claims/${id}`);
    const basePaths = picks.claimIds.map((id) => `/claims/${id}`);

    const lawyerPaths = picks.lawyerClaimIds.map((id) => `/api/v1/claims/${id}`);
    const asLawyer = { authorization: auth(picks.lawyerEmail) };
    await run(
      'app GET claim (lawyer, own client)',
      { url: `${app.baseUrl}${lawyerPaths[0]}`, headers: asLawyer },
      () =>
        load(
          'app GET claim (lawyer, own client)',
          {
            target: 'app',
            method: 'GET',
            path: '/api/v1/claims/:id',
            actor: picks.lawyerEmail,
            pid: appPid,
          },
          { url: app.baseUrl, headers: asLawyer, requests: () => rotatingGet(lawyerPaths) },
          options.load,
        ),
    );

    const asLister = { authorization: auth(listEmail) };
    const listHeaders = (target: Target) => (target === 'baseline' ? {} : asLister);
    for (const target of TARGETS) {
      const listPath = `${byTarget[target].prefix}/claims?status=under_review&limit=50`;
      const name = SCENARIO.list(target);
      await run(name, { url: `${urlOf(target)}${listPath}`, headers: listHeaders(target) }, () =>
        load(
          name,
          {
            target,
            method: 'GET',
            path: listPath,
            actor: target === 'baseline' ? 'none' : listEmail,
            pid: pidOf(target),
          },
          {
            url: urlOf(target),
            headers: listHeaders(target),
            requests: () => rotatingGet([listPath]),
          },
          options.load,
        ),
      );
    }

    const transitionAuth = auth(picks.transitionEmail);
    for (const target of TARGETS) {
      const name = SCENARIO.transitions(target);
      if (picks.transitionPool.length < options.load.connections) {
        const reason = `only ${picks.transitionPool.length} claims under review for ${options.load.connections} connections`;
        say(`SKIP ${name}: ${reason}`);
        skipped.push({ name, reason });
        continue;
      }
      const claimsPath = `${byTarget[target].prefix}/claims`;
      let counters: TransitionCounters = { ok: 0, stale412: 0, other: {} };
      await run(
        name,
        {
          url: `${urlOf(target)}${claimsPath}/${picks.transitionPool[0]}`,
          headers: { authorization: transitionAuth },
        },
        async () => {
          const r = await load(
            name,
            {
              target,
              method: 'GET + 2 x POST',
              path: `${claimsPath}/:id, ${claimsPath}/:id/transitions`,
              actor:
                target === 'baseline'
                  ? 'none'
                  : `${picks.transitionEmail} (${picks.transitionRole})`,
              pid: pidOf(target),
            },
            {
              url: urlOf(target),
              requests: () => {
                counters = { ok: 0, stale412: 0, other: {} };
                return transitionRoundTrip(
                  picks.transitionPool,
                  transitionAuth,
                  counters,
                  claimsPath,
                );
              },
            },
            options.load,
          );
          r.extra = {
            transitionsOk: counters.ok,
            transitionsPerSec: Math.round(counters.ok / options.load.durationS),
            stale412: counters.stale412,
            otherStatuses: counters.other,
            claimsInPool: picks.transitionPool.length,
          };
          say(
            `  ${r.extra.transitionsPerSec} transitions/s, 412 ${counters.stale412}, other ${JSON.stringify(counters.other)}`,
          );
          // Through the app, whichever target moved them: its rules and audit apply.
          const restored = await restoreUnderReview(
            app.baseUrl,
            transitionAuth,
            picks.transitionPool,
          );
          if (restored > 0) say(`  put ${restored} claims back under review`);
          return r;
        },
      );
    }

    const summaryPath = `/api/v1/reports/incidents/${incident}/summary`;
    const asAdmin = { authorization: auth(adminEmail) };
    await run(
      'app GET report summary',
      { url: `${app.baseUrl}${summaryPath}`, headers: asAdmin },
      () =>
        load(
          'app GET report summary',
          {
            target: 'app',
            method: 'GET',
            path: '/api/v1/reports/incidents/:id/summary',
            actor: adminEmail,
            pid: appPid,
          },
          {
            url: app.baseUrl,
            headers: asAdmin,
            requests: () => rotatingGet([summaryPath]),
            timeoutS: 60,
          },
          options.load,
        ),
    );

    // The CSV export: whole-incident downloads one at a time, timed to the last byte.
    const exportUrl = `${app.baseUrl}/api/v1/reports/incidents/${incident}/claims`;
    const csvHeaders = { ...asAdmin, accept: 'text/csv' };
    const exports: ExportRun[] = [];
    for (let i = 1; i <= (wanted('app CSV export') ? options.csvRuns : 0); i++) {
      const e = await timedDownload(exportUrl, csvHeaders, appPid);
      if (e.status === 404) {
        const reason = 'the route answers 404 (not built yet?)';
        say(`SKIP CSV export: ${reason}`);
        skipped.push({ name: 'app CSV export (whole incident)', reason });
        break;
      }
      exports.push(e);
      say(
        `CSV export ${i}/${options.csvRuns}: ${e.status} ${e.contentType}, ${(e.bytes / 1048576).toFixed(1)} MB, ` +
          `${e.lines} lines, first byte ${e.ttfbMs} ms, last byte ${e.ttlbMs} ms, peak RSS ${e.peakRssMb} MB`,
      );
    }

    // The audit chain recomputed end to end, as an auditor would ask for it (one request).
    const verification = wanted('audit verification')
      ? await verifyAudit(app.baseUrl, asAdmin)
      : null;

    // Why a read costs what it does: database transactions per request, app against baseline.
    let perRead: { app: number; baseline: number } | null = null;
    if (options.diagnostics && results.some((r) => r.name === 'app GET claim (case worker)')) {
      say(
        'diagnostic: database transactions per single-claim read (200 sequential reads each, ~35 s)',
      );
      const [appXacts, baseXacts] = await transactionsPerRequest(
        [
          { url: `${app.baseUrl}${appPaths[0]}`, headers: asCaseWorker },
          { url: `${baseline.baseUrl}${basePaths[0]}`, headers: {} },
        ],
        200,
        xacts,
      );
      perRead = { app: appXacts!, baseline: baseXacts! };
    }

    printTable(results, skipped);
    const rate = (name: string) => results.find((r) => r.name === name)?.requestsPerSec;
    const ratio = (a: number | undefined, b: number | undefined) =>
      a && b ? Math.round((a / b) * 1000) / 1000 : null;
    const ratios = Object.fromEntries(
      (Object.keys(SCENARIO) as (keyof typeof SCENARIO)[]).map((kind) => {
        const [base, peerRate, appRate] = TARGETS.map((t) => rate(SCENARIO[kind](t)));
        return [kind, { appToBaseline: ratio(appRate, base), appToPeer: ratio(appRate, peerRate) }];
      }),
    ) as Record<keyof typeof SCENARIO, { appToBaseline: number | null; appToPeer: number | null }>;
    console.log('');
    for (const [kind, r] of Object.entries(ratios)) {
      console.log(
        `${kind.padEnd(12)} app/baseline ${r.appToBaseline ?? '-'}, app/peer ${r.appToPeer ?? '-'}`,
      );
    }
    if (perRead) {
      console.log(
        `database transactions per single-claim read: app ${perRead.app}, baseline ${perRead.baseline}`,
      );
    }
    if (verification) {
      console.log(
        `audit verification: ${verification.checked} events, valid ${verification.valid}, ${verification.ms} ms`,
      );
    }
    for (const e of exports) {
      console.log(
        `CSV export: ${e.status}, ${e.bytes} bytes, ${e.lines} lines, TTFB ${e.ttfbMs} ms, TTLB ${e.ttlbMs} ms, peak RSS ${e.peakRssMb} MB`,
      );
    }

    const counts = await db.query<{ incident: number; total: number; audit: string }>(
      `SELECT (SELECT count(*) FROM claims WHERE incident_id = $1)::int AS incident,
              (SELECT count(*) FROM claims)::int AS total,
              (SELECT count(*) FROM audit_events)::text AS audit`,
      [incident],
    );
    const pg = await db.query<{ version: string; server_version: string }>(
      `SELECT version(), current_setting('server_version') AS server_version`,
    );
    const idleRss = new RssSampler(appPid).start().stop();
    const report = {
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? null,
        totalMemMb: Math.round(totalmem() / 1048576),
        platform: `${platform()} ${release()}`,
        node: process.version,
        postgres: pg.rows[0]?.server_version ?? null,
        postgresBuild: pg.rows[0]?.version ?? null,
      },
      run: {
        incidentCode: options.incidentCode,
        incidentId: incident,
        claimsRequested: options.claims,
        claimsInIncident: counts.rows[0]?.incident ?? null,
        claimsInDatabase: counts.rows[0]?.total ?? null,
        auditEventsInDatabase: Number(counts.rows[0]?.audit ?? 0),
        durationS: options.load.durationS,
        warmupS: options.load.warmupS,
        connections: options.load.connections,
        dbPoolSize: options.pool,
        rateLimitPerMinute: 100_000_000,
        appRssAfterMb: idleRss,
      },
      scenarios: results,
      singleClaimReadRatioAppToBaseline: ratios.read.appToBaseline,
      ratios,
      dbTransactionsPerSingleClaimRead: perRead,
      csvExport: exports,
      auditVerification: verification,
      skipped,
    };
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    say(`wrote ${options.out} (${seconds(Date.now() - started)} in all)`);
    if (options.profileApp) say(`the app's CPU profile will be in ${logDir} once it has stopped`);
  } finally {
    await stopAll();
    await db.end();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error('bench failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
});
