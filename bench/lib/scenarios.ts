import { request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';

import autocannon from 'autocannon';

import { cpuTimeMs, RssSampler } from './processes';

export interface LoadOptions {
  connections: number;
  durationS: number;
  warmupS: number;
  /**
   * The process ids of the database's server backends (PostgreSQL on this machine), to charge
   * their CPU time to the scenario; absent where the server is not local.
   */
  databaseBackends?: () => Promise<number[]>;
}

export type Target = 'baseline' | 'peer' | 'app';

export interface ScenarioResult {
  name: string;
  target: Target;
  method: string;
  path: string;
  actor: string;
  connections: number;
  durationS: number;
  requests: number;
  requestsPerSec: number;
  latencyMs: { p50: number; p99: number; mean: number; max: number };
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  peakRssMb: number;
  /**
   * CPU time of the serving process per request during the measured part (user + system, from
   * /proc, without a profiler), in microseconds; null where /proc is not available.
   */
  serverCpuUsPerRequest: number | null;
  /**
   * CPU time of the database's backends per request during the measured part (every session
   * of the bench database open when it started, so the loaded target's pool and idle others),
   * in microseconds; background processes (WAL writer, checkpointer) are not counted.
   */
  databaseCpuUsPerRequest: number | null;
  /** Requests of the warm-up (not recorded), to relate a CPU profile of the whole run to requests. */
  warmupRequests: number;
  loadAvg1mBefore: number;
  extra?: Record<string, unknown>;
}

export interface SkippedScenario {
  name: string;
  reason: string;
}

export interface Probe {
  status: number;
  body: string;
}

/** One request, to learn whether a route exists and answers before loading it. */
export async function probe(
  url: string,
  headers: Record<string, string>,
  init: { method?: string; body?: string } = {},
): Promise<Probe> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.body,
    signal: AbortSignal.timeout(120_000),
  });
  return { status: res.status, body: await res.text() };
}

/** Why a probed scenario cannot run, or null when it can. */
export function skipReason(p: Probe): string | null {
  if (p.status >= 200 && p.status < 300) return null;
  const detail = p.body.slice(0, 300).replace(/\s+/g, ' ');
  return p.status === 404
    ? `the route answers 404 (not built yet, or the resource is not visible): ${detail}`
    : `the probe answered ${p.status}: ${detail}`;
}

/**
 * Runs autocannon for a warm-up (not recorded) and then the measured duration, sampling the
 * serving process's peak RSS during the measured part.
 */
export async function load(
  name: string,
  meta: { target: Target; method: string; path: string; actor: string; pid: number },
  base: {
    url: string;
    /** Called once per run, so the warm-up and the measured run keep separate state. */
    requests: () => autocannon.Request[];
    headers?: Record<string, string>;
    timeoutS?: number;
  },
  options: LoadOptions,
): Promise<ScenarioResult> {
  const run = (duration: number) =>
    autocannon({
      url: base.url,
      connections: options.connections,
      requests: base.requests(),
      headers: base.headers,
      timeout: base.timeoutS ?? 10,
      duration,
    });
  let warmupRequests = 0;
  if (options.warmupS > 0) {
    const warm = await run(options.warmupS);
    warmupRequests = warm.requests.total;
    // Let the warm-up's last requests finish on the server before measuring.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const loadAvg1mBefore = Math.round(loadavg()[0]! * 100) / 100;
  const sampler = new RssSampler(meta.pid).start();
  const backends = (await options.databaseBackends?.()) ?? [];
  const backendsBefore = new Map(backends.map((pid) => [pid, cpuTimeMs(pid)]));
  const cpuBefore = cpuTimeMs(meta.pid);
  const r = await run(options.durationS);
  const cpuAfter = cpuTimeMs(meta.pid);
  // Sessions that ended meanwhile (an idle pool connection timing out) are left out.
  let databaseCpuMs: number | null = backends.length > 0 ? 0 : null;
  for (const [pid, before] of backendsBefore) {
    const after = cpuTimeMs(pid);
    if (databaseCpuMs !== null && before !== null && after !== null) {
      databaseCpuMs += after - before;
    }
  }
  const peakRssMb = sampler.stop();
  // Let the last requests finish on the server before the next scenario.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const statusCodes = Object.fromEntries(
    Object.entries(r.statusCodeStats as unknown as Record<string, { count: number }>).map(
      ([code, s]) => [code, s.count],
    ),
  );
  const requests = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const { pid: _pid, ...described } = meta;
  return {
    name,
    ...described,
    connections: options.connections,
    durationS: options.durationS,
    requests,
    requestsPerSec: Math.round(r.requests.average),
    latencyMs: {
      p50: r.latency.p50,
      p99: r.latency.p99,
      mean: Math.round(r.latency.average * 100) / 100,
      max: r.latency.max,
    },
    statusCodes,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    peakRssMb,
    serverCpuUsPerRequest:
      cpuBefore === null || cpuAfter === null || requests === 0
        ? null
        : Math.round(((cpuAfter - cpuBefore) * 1000) / requests),
    databaseCpuUsPerRequest:
      databaseCpuMs === null || requests === 0
        ? null
        : Math.round((databaseCpuMs * 1000) / requests),
    warmupRequests,
    loadAvg1mBefore,
  };
}

/** GETs cycling through a list of paths, one per request. */
export function rotatingGet(paths: readonly string[]): autocannon.Request[] {
  let i = 0;
  return [
    {
      method: 'GET',
      setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }),
    },
  ];
}

export interface TransitionCounters {
  ok: number;
  stale412: number;
  other: Record<string, number>;
}

interface TransitionContext {
  claim?: string;
  version?: number;
  status?: string;
}

/**
 * The transition round trip, one claim per connection: read the claim (version and status),
 * then move it under_review -> information_requested and back, each with If-Match. A claim is
 * leased from the pool at the start of a round and returned at its end, so while the pool
 * holds at least one claim per connection no two connections race for the same claim.
 */
export function transitionRoundTrip(
  pool: readonly string[],
  auth: string,
  counters: TransitionCounters,
  /** Where the claims are: `/api/v1/claims` on the app and the peer, `/claims` on the baseline. */
  claimsPath = '/api/v1/claims',
): autocannon.Request[] {
  const free = [...pool];
  let spill = 0;
  const lease = () => free.pop() ?? pool[spill++ % pool.length]!;
  const ctxOf = (context: object) => context as TransitionContext;
  const remember = (status: number, body: string, context: object) => {
    if (status !== 200) return;
    const claim = JSON.parse(body) as { version: number; status: string };
    ctxOf(context).version = claim.version;
    ctxOf(context).status = claim.status;
  };
  const move = (last: boolean): autocannon.Request => ({
    method: 'POST',
    setupRequest: (req, context) => {
      const ctx = ctxOf(context);
      const to = ctx.status === 'under_review' ? 'information_requested' : 'under_review';
      return {
        ...req,
        path: `${claimsPath}/${ctx.claim}/transitions`,
        headers: {
          authorization: auth,
          'content-type': 'application/json',
          'if-match': `"${ctx.version ?? 0}"`,
        },
        body: JSON.stringify({ to, reason: 'Benchmark: please confirm the bank details.' }),
      };
    },
    onResponse: (status, body, context) => {
      if (status === 200) counters.ok++;
      else if (status === 412) counters.stale412++;
      else counters.other[status] = (counters.other[status] ?? 0) + 1;
      remember(status, body, context);
      if (last) {
        const claim = ctxOf(context).claim;
        if (claim && !free.includes(claim)) free.push(claim);
      }
    },
  });
  return [
    {
      method: 'GET',
      setupRequest: (req, context) => {
        const ctx = ctxOf(context);
        ctx.claim ??= lease();
        return { ...req, path: `${claimsPath}/${ctx.claim}`, headers: { authorization: auth } };
      },
      onResponse: remember,
    },
    move(false),
    move(true),
  ];
}

export interface ExportRun {
  status: number;
  contentType: string | null;
  bytes: number;
  lines: number;
  ttfbMs: number;
  ttlbMs: number;
  peakRssMb: number;
}

/** One full download, timed to the first and the last byte, with the server's peak RSS. */
export function timedDownload(
  url: string,
  headers: Record<string, string>,
  pid: number,
): Promise<ExportRun> {
  return new Promise((resolve, reject) => {
    const sampler = new RssSampler(pid).start();
    const started = performance.now();
    const req = httpRequest(url, { headers, timeout: 600_000 }, (res) => {
      const ttfbMs = performance.now() - started;
      let bytes = 0;
      let lines = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? null,
          bytes,
          lines,
          ttfbMs: Math.round(ttfbMs),
          ttlbMs: Math.round(performance.now() - started),
          peakRssMb: sampler.stop(),
        }),
      );
      res.on('error', (error) => {
        sampler.stop();
        reject(error);
      });
    });
    req.on('timeout', () => req.destroy(new Error('export timed out')));
    req.on('error', (error) => {
      sampler.stop();
      reject(error);
    });
    req.end();
  });
}

/**
 * Database transactions one request costs, for each target in turn, from pg_stat_database
 * around `count` sequential requests on otherwise idle servers. PostgreSQL 15 backends publish
 * their counters up to 10 s after going idle, so each reading waits that out first.
 */
export async function transactionsPerRequest(
  targets: readonly { url: string; headers: Record<string, string> }[],
  count: number,
  readCounter: () => Promise<number>,
): Promise<number[]> {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 11_000));
  await settle();
  let previous = await readCounter();
  const perRequest: number[] = [];
  for (const { url, headers } of targets) {
    for (let i = 0; i < count; i++) {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    }
    await settle();
    const now = await readCounter();
    // The previous reading is itself one transaction of this database.
    perRequest.push(Math.round(((now - previous - 1) / count) * 100) / 100);
    previous = now;
  }
  return perRequest;
}
