import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ShutdownState } from '../src/common/lifecycle/shutdown-state';
import { AppUnderTest, describeOnServer, startApp, TcpProxy } from './utils/reliability';

/** docs/operations.md: /health/live and /health/ready beside the old /health. */
describe('health probes', () => {
  let t: AppUnderTest;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('live: 200 while the process serves', async () => {
    const res = await t.http().get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('ready: 200 with the database and the document store up', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, storage: { status: 'up' } },
    });
  });

  it('/health keeps its shape (database only)', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
    expect(res.body.details.storage).toBeUndefined();
  });
});

describe('ready checks the document store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'j2-ready-'));
  let t: AppUnderTest;

  beforeAll(async () => {
    // A store that cannot exist: its parent is a regular file.
    writeFileSync(join(dir, 'file'), 'x');
    t = await startApp({
      env: { STORAGE_DRIVER: 'local', STORAGE_DIR: join(dir, 'file', 'store') },
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ready: 503 naming storage as down; live and /health stay 200', async () => {
    const ready = await t.http().get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({
      status: 'error',
      details: { database: { status: 'up' }, storage: { status: 'down', message: 'unavailable' } },
    });
    expect(JSON.stringify(ready.body)).not.toContain(dir);
    await t.http().get('/health/live').expect(200);
    await t.http().get('/health').expect(200);
  });
});

describe('while shutting down', () => {
  let t: AppUnderTest;

  beforeAll(async () => {
    t = await startApp();
    t.app.get(ShutdownState).begin();
  });
  afterAll(() => t.close());

  it('ready answers 503 shutting_down, live still 200, other routes 503 problem', async () => {
    const ready = await t.http().get('/health/ready').expect(503);
    expect(ready.body).toEqual({ status: 'shutting_down' });
    await t.http().get('/health/live').expect(200);
    const other = await t.http().get('/api/v1/incidents').expect(503);
    expect(other.body.code).toBe('SERVICE_UNAVAILABLE');
  });
});

describeOnServer('the database is cut and comes back (TCP proxy in front of the server)', () => {
  let proxy: TcpProxy;
  let t: AppUnderTest;

  beforeAll(async () => {
    const around = await TcpProxy.around(process.env.DATABASE_URL!);
    proxy = around.proxy;
    t = await startApp({
      env: { DATABASE_URL: around.url, DB_POOL_SIZE: '2', DB_CONNECT_TIMEOUT_MS: '1000' },
    });
  });
  afterAll(async () => {
    await t.close();
    await proxy.stop();
  });

  it('ready: 200, then 503 with the database down while cut, then 200; live 200 throughout', async () => {
    await t.http().get('/health/ready').expect(200);

    await proxy.cut('refuse');
    const down = await t.http().get('/health/ready').expect(503);
    expect(down.body).toMatchObject({
      status: 'error',
      details: { database: { status: 'down' }, storage: { status: 'up' } },
    });
    await t.http().get('/health/live').expect(200);

    await proxy.restore();
    const up = await t.http().get('/health/ready').expect(200);
    expect(up.body.details.database.status).toBe('up');
    await t.http().get('/health/live').expect(200);
  });

  it('packets dropped (connect never answers): ready 503, live 200; back: 200', async () => {
    await proxy.cut('blackhole');
    await t.http().get('/health/ready').expect(503);
    await t.http().get('/health/live').expect(200);
    await proxy.restore();
    await t.http().get('/health/ready').expect(200);
  });
});
