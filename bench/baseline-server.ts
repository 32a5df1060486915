import { createServer, IncomingMessage, ServerResponse } from 'node:http';

import { Pool } from 'pg';

/**
 * The stack's ceiling on this machine: plain node:http and a `pg` Pool, and nothing else: no
 * framework, auth, rate limit, validation, audit or logging. One statement per request:
 * - GET /claims/:id: the claim row by primary key, as JSON;
 * - GET /claims?status=S&limit=N: the first page of claims in that status, oldest first;
 * - POST /claims/:id/transitions {to, reason} with If-Match: "<version>": the status change and
 *   its claim_transitions row in one statement (a data-modifying CTE), 412 on a stale version.
 *
 *   DATABASE_URL=postgres://... PORT=4100 [DB_POOL_SIZE=10] npx ts-node -T bench/baseline-server.ts
 *
 * GET /health answers 200 once the pool reaches the database.
 */

const UUID = /^\/claims\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const TRANSITION =
  /^\/claims\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/transitions$/i;
const STATUS = /^[a-z_]{1,40}$/;

const LIST = `SELECT * FROM claims WHERE status = $1::claim_status
  ORDER BY created_at, id LIMIT $2`;
const MOVE = `WITH moved AS (
    UPDATE claims SET status = $2::claim_status, version = version + 1,
           status_changed_at = now(), updated_at = now()
     WHERE id = $1 AND version = $3
       AND (status, $2::claim_status) IN (('under_review', 'information_requested'),
                                          ('information_requested', 'under_review'))
    RETURNING *, (SELECT status FROM claims WHERE id = $1) AS from_status),
  logged AS (
    INSERT INTO claim_transitions (claim_id, from_status, to_status, reason)
    SELECT id, from_status, status, $4 FROM moved)
  SELECT * FROM moved`;

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

function main(): void {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required');
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 4100);
  const pool = new Pool({
    connectionString: url,
    max: Number(process.env.DB_POOL_SIZE ?? 10),
    application_name: 'j2-bench-baseline',
  });
  pool.on('error', (error) => console.error('pool error:', error.message));

  const fail = (res: ServerResponse) => (error: Error) => send(res, 500, { error: error.message });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const match = req.method === 'GET' ? UUID.exec(path) : null;
    if (match) {
      pool
        .query('SELECT * FROM claims WHERE id = $1', [match[1]])
        .then(
          ({ rows }) =>
            rows[0] ? send(res, 200, rows[0]) : send(res, 404, { error: 'not found' }),
          fail(res),
        );
      return;
    }
    const url = new URL(path, 'http://baseline');
    if (req.method === 'GET' && url.pathname === '/claims') {
      const status = url.searchParams.get('status') ?? '';
      const limit = Number(url.searchParams.get('limit') ?? 50);
      if (!STATUS.test(status) || !Number.isInteger(limit) || limit < 1 || limit > 200) {
        send(res, 400, { error: 'bad query' });
        return;
      }
      pool
        .query(LIST, [status, limit])
        .then(({ rows }) => send(res, 200, { items: rows, nextCursor: null }), fail(res));
      return;
    }
    const transition = req.method === 'POST' ? TRANSITION.exec(url.pathname) : null;
    if (transition) {
      const version = Number(/^"(\d{1,9})"$/.exec(String(req.headers['if-match']))?.[1] ?? NaN);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let body: { to?: unknown; reason?: unknown };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          send(res, 400, { error: 'bad body' });
          return;
        }
        if (!Number.isInteger(version) || typeof body.to !== 'string' || !STATUS.test(body.to)) {
          send(res, 400, { error: 'bad request' });
          return;
        }
        const reason = typeof body.reason === 'string' ? body.reason.slice(0, 2000) : null;
        pool
          .query(MOVE, [transition[1], body.to, version, reason])
          .then(
            ({ rows }) => (rows[0] ? send(res, 200, rows[0]) : send(res, 412, { error: 'stale' })),
            fail(res),
          );
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/health') {
      pool.query('SELECT 1').then(
        () => send(res, 200, { status: 'ok' }),
        () => send(res, 503, { status: 'down' }),
      );
      return;
    }
    send(res, 404, { error: 'not found' });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => console.log(`baseline listening on 127.0.0.1:${port}`));

  const stop = () => {
    server.close();
    server.closeAllConnections();
    void pool.end().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
