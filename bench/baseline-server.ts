import { createServer, IncomingMessage, ServerResponse } from 'node:http';

import { Pool } from 'pg';

/**
 * The stack's ceiling on this machine: plain node:http and a `pg` Pool answering
 * GET /claims/:id with the same primary-key read the app makes (the claim row by id, as
 * JSON), and nothing else: no framework, auth, rate limit, validation or logging.
 *
 *   DATABASE_URL=postgres://... PORT=4100 [DB_POOL_SIZE=10] npx ts-node -T bench/baseline-server.ts
 *
 * GET /health answers 200 once the pool reaches the database.
 */

const UUID = /^\/claims\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

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

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const match = req.method === 'GET' ? UUID.exec(req.url ?? '') : null;
    if (match) {
      pool.query('SELECT * FROM claims WHERE id = $1', [match[1]]).then(
        ({ rows }) => (rows[0] ? send(res, 200, rows[0]) : send(res, 404, { error: 'not found' })),
        (error: Error) => send(res, 500, { error: error.message }),
      );
      return;
    }
    if (req.method === 'GET' && req.url === '/health') {
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
