import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * Where the CPU time of a request goes, from a V8 CPU profile of the app under load (`npm run
 * bench -- --profile-app`, which writes a .cpuprofile into the run's log directory):
 *
 *   npx ts-node -T bench/profile-summary.ts <file.cpuprofile> --requests N [--top 25] [--json]
 *
 * Each sample is charged to the first frame, walking from the running function towards the
 * root, that belongs to one of the categories below, so time spent in Node's own modules or in
 * a small helper package is charged to the layer that called it (HMAC to JWT verification);
 * socket writes are a line of their own (SOCKET). Only the samples between the first and the
 * last one inside a Fastify route handler's call chain count (the load, not the start-up);
 * idle samples never do.
 * `--requests` is the number of requests served in that window (a bench scenario's warm-up plus
 * its measured requests, `warmupRequests + requests` in bench/results.json), so the table reads
 * in microseconds of CPU per request, as measured under the profiler (which adds its own cost).
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Categories in the order a frame (`functionName@url`) is tested against them; the first that
 * matches wins.
 */
const CATEGORIES: [string, RegExp][] = [
  [
    'JWT verification (jsonwebtoken)',
    /node_modules\/(jsonwebtoken|jws|jwa|@nestjs\/jwt|semver|ms|safe-buffer|buffer-equal-constant-time|ecdsa-sig-formatter|lodash\.[a-z]+)\//,
  ],
  ['access guard (own code)', /src\/modules\/auth\/(access\.guard|read-along|access-check)/],
  [
    'rate limit (throttler + limiter)',
    /@nestjs\/throttler|src\/modules\/auth\/(rate-limiter\.service|user-throttler\.guard)/,
  ],
  ['Nest guards machinery (Reflector, consumer)', /@nestjs\/core\/(guards|services\/reflector)/],
  [
    'interceptors + rxjs',
    /@nestjs\/core\/interceptors|src\/common\/(http\/etag|database\/transaction-retry)|node_modules\/rxjs\//,
  ],
  [
    'validation pipes (class-validator/transformer)',
    /node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\/|@nestjs\/common\/pipes|@nestjs\/core\/pipes/,
  ],
  [
    'request logging (pino, pino-http, nestjs-pino)',
    /node_modules\/(pino|pino-http|pino-std-serializers|nestjs-pino|sonic-boom|fast-redact|@pinojs\/redact|safe-stable-stringify|thread-stream|quick-format-unescaped|on-exit-leak-free|atomic-sleep|fast-safe-stringify|get-caller-file)\/|src\/common\/logging\//,
  ],
  ['helmet', /node_modules\/(@fastify\/helmet|helmet)\//],
  [
    'Express-style middleware (@fastify/middie)',
    /node_modules\/(@fastify\/middie|path-to-regexp)\//,
  ],
  [
    'metrics hook (prom-client)',
    /node_modules\/(prom-client|tdigest|bintrees)\/|src\/modules\/metrics\//,
  ],
  ['TypeORM', /node_modules\/typeorm\//],
  [
    'pg driver (+ resilient client)',
    /node_modules\/(pg|pg-pool|pg-protocol|pg-types|pg-cloudflare|pg-connection-string|pgpass|postgres-array|postgres-date|postgres-interval|postgres-bytea|split2)\/|src\/common\/database\/(resilient-pg-client|pool-query)/,
  ],
  [
    'response serialisation (JSON)',
    /^serialize@.*\/fastify\/lib\/reply\.js$|node_modules\/(fast-json-stringify|@fastify\/fast-json-stringify-compiler|json-schema-ref-resolver|fast-uri)\//,
  ],
  [
    'Fastify (routing, hooks, reply)',
    /node_modules\/(fastify|find-my-way|avvio|fastq|toad-cache|rfdc|process-warning|secure-json-parse|@fastify\/(error|ajv-compiler|forwarded|proxy-addr|merge-json-schemas)|light-my-request|abstract-logging|ret|safe-regex2|fast-querystring|fast-decode-uri-component|forwarded|proxy-addr|ipaddr\.js)\//,
  ],
  [
    'Nest core (router, params, exception zone)',
    /node_modules\/@nestjs\/(core|common|platform-fastify)\//,
  ],
  [
    'app: claim view (state machine, money, redaction)',
    /src\/modules\/claims\/|src\/common\/(money|privacy)\/|node_modules\/decimal\.js\//,
  ],
  ['app: other own code', /\/src\//],
  ['other packages', /node_modules\//],
];
const NODE = 'Node core (http, net, streams, timers)';
/**
 * Writes to a socket (the HTTP answer, a statement to PostgreSQL): the system call, and any time
 * the process spent preempted in it by the peer it woke (the sampler counts wall time there).
 */
const SOCKET = 'socket writes (system calls, incl. time preempted)';
const SOCKET_WRITES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String']);
const GC = '(garbage collector)';
const NATIVE = '(program: native, not attributed)';

function categoryOf(stack: readonly CallFrame[]): string {
  const leaf = stack[0]!;
  if (leaf.functionName === '(garbage collector)') return GC;
  if (leaf.functionName === '(program)') return NATIVE;
  if (leaf.url === '' && SOCKET_WRITES.has(leaf.functionName)) return SOCKET;
  for (const frame of stack) {
    const where = `${frame.functionName}@${frame.url}`;
    for (const [name, pattern] of CATEGORIES) if (pattern.test(where)) return name;
  }
  return NODE;
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      requests: { type: 'string' },
      top: { type: 'string', default: '25' },
      json: { type: 'boolean', default: false },
      /** Also lists each category's heaviest functions (self time). */
      detail: { type: 'boolean', default: false },
      /** `functionName@url` of a frame only requests run through (Fastify's route handler). */
      marker: { type: 'string', default: '^routeHandler@.*/fastify/lib/route\\.js$' },
    },
  });
  const file = positionals[0];
  if (!file) {
    console.error(
      'Usage: ts-node bench/profile-summary.ts <file.cpuprofile> --requests N [--top 25] [--json]',
    );
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackCache = new Map<number, CallFrame[]>();
  const stackOf = (id: number): CallFrame[] => {
    let stack = stackCache.get(id);
    if (!stack) {
      stack = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        stack.push(byId.get(at)!.callFrame);
      }
      stackCache.set(id, stack);
    }
    return stack;
  };

  // The load window: from the first to the last sample inside a route handler's call chain.
  const marker = new RegExp(values.marker!);
  const inHandler = (id: number) =>
    stackOf(id).some((f) => marker.test(`${f.functionName}@${f.url}`));
  const first = profile.samples.findIndex(inHandler);
  let last = profile.samples.length - 1;
  while (last > first && !inHandler(profile.samples[last]!)) last--;
  if (first < 0) throw new Error(`No sample under ${values.marker}: is this a profile under load?`);

  const totals = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const byCategoryFunction = new Map<string, Map<string, number>>();
  let busy = 0;
  let idle = 0;
  for (let i = first; i <= last; i++) {
    const id = profile.samples[i]!;
    // A sample's duration is the delta to the next sample.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const stack = stackOf(id);
    if (stack[0]!.functionName === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const category = categoryOf(stack);
    totals.set(category, (totals.get(category) ?? 0) + us);
    const leaf = stack[0]!;
    const where = leaf.url.replace(/^.*node_modules\//, '').replace(/^.*\/(dist\/)?src\//, 'src/');
    const key = `${leaf.functionName || '(anonymous)'} ${where}:${leaf.lineNumber + 1}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + us);
    const inCategory = byCategoryFunction.get(category) ?? new Map<string, number>();
    inCategory.set(key, (inCategory.get(key) ?? 0) + us);
    byCategoryFunction.set(category, inCategory);
  }

  const requests = values.requests ? Number(values.requests) : null;
  const per = (us: number) => (requests ? us / requests : null);
  const rows = [...totals.entries()].sort((a, b) => b[1] - a[1]);
  const summary = {
    file,
    windowSeconds: Math.round((busy + idle) / 1e4) / 100,
    busySeconds: Math.round(busy / 1e4) / 100,
    requests,
    busyUsPerRequest: requests ? Math.round(busy / requests) : null,
    categories: rows.map(([name, us]) => ({
      name,
      share: Math.round((us / busy) * 1000) / 10,
      usPerRequest: requests ? Math.round((per(us) ?? 0) * 10) / 10 : null,
    })),
    topFunctions: [...selfByFunction.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(values.top))
      .map(([name, us]) => ({ name, share: Math.round((us / busy) * 1000) / 10 })),
  };
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  console.log(
    `${file}\nwindow ${summary.windowSeconds} s, busy ${summary.busySeconds} s` +
      (requests ? `, ${requests} requests: ${summary.busyUsPerRequest} µs of CPU per request` : ''),
  );
  console.log('\n| where | µs per request | share |\n| --- | ---: | ---: |');
  for (const c of summary.categories) {
    console.log(`| ${c.name} | ${c.usPerRequest ?? ''} | ${c.share} % |`);
  }
  console.log(`\ntop ${values.top} functions by self time:`);
  for (const f of summary.topFunctions) console.log(`${String(f.share).padStart(5)} %  ${f.name}`);
  if (!values.detail) return;
  for (const [category] of rows) {
    console.log(`\n${category}:`);
    const functions = [...byCategoryFunction.get(category)!.entries()].sort((a, b) => b[1] - a[1]);
    for (const [name, us] of functions.slice(0, 12)) {
      console.log(`${(Math.round((us / busy) * 1000) / 10).toString().padStart(5)} %  ${name}`);
    }
  }
}

main();
