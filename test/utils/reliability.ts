import 'reflect-metadata';

import { connect, createServer, Server, Socket } from 'node:net';
import { Writable } from 'node:stream';

import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { Db, execute, queryRows, sql } from '../../src/common/database/sql';
import { loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/setup-app';
import { TestApp } from './test-app';

/**
 * Helpers for the reliability suites (issue 9): apps with their own settings or log
 * destination, a TCP proxy that can cut the database off, captured logs.
 */

export interface AppUnderTest extends TestApp {
  /** Base URL when started with `listen: true` (the shutdown tests need a real socket). */
  url: string | null;
}

export interface StartOptions {
  /** Settings on top of the test environment (DATABASE_URL, pool size, timeouts...). */
  env?: Record<string, string>;
  /** Where the app's pino logger writes. */
  logDestination?: Writable;
  /** Listen on a loopback port instead of serving supertest only. */
  listen?: boolean;
}

/** The real application (createApp, as main.ts builds it) with settings of the test's own. */
export async function startApp(options: StartOptions = {}): Promise<AppUnderTest> {
  const config = loadConfig({ ...process.env, ...options.env });
  const app = await createApp(config, config.databaseUrl, {
    logDestination: options.logDestination,
  });
  let url: string | null = null;
  if (options.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
    url = url.replace('[::1]', '127.0.0.1');
  } else {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }
  const ds = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    ds,
    url,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}

/**
 * The global setup serves either a PostgreSQL server (DATABASE_URL given; its database name
 * must contain "test") or the embedded PGlite, whose database is always "postgres".
 */
export function usingServer(): boolean {
  const url = process.env.DATABASE_URL;
  return !!url && /test/i.test(new URL(url).pathname);
}

const SERVER_ONLY =
  '[skipped on the embedded database: needs a PostgreSQL server; set DATABASE_URL to run it]';

/**
 * A describe block that runs only when `when` holds, and otherwise is skipped with its reason
 * in its name and on stderr (jest lists a skipped suite only as a count and hides its console).
 * With itWhen, the one way a test is skipped here: lint refuses a bare describe.skip or it.skip.
 */
export function describeWhen(when: boolean, reason: string, name: string, fn: () => void): void {
  if (when) {
    describe(name, fn);
    return;
  }
  process.stderr.write(`\n${name} ${reason}\n`);
  // eslint-disable-next-line jest/no-disabled-tests -- the sanctioned skip: its reason is printed
  describe.skip(`${name} ${reason}`, fn);
}

/** A test that runs only when `when` holds; otherwise skipped with its reason (describeWhen). */
export function itWhen(
  when: boolean,
  reason: string,
  name: string,
  fn: () => Promise<void>,
  timeout?: number,
): void {
  if (when) {
    it(name, fn, timeout);
    return;
  }
  process.stderr.write(`\n${name} ${reason}\n`);
  // eslint-disable-next-line jest/no-disabled-tests -- the sanctioned skip: its reason is printed
  it.skip(`${name} ${reason}`, fn, timeout);
}

/** A describe block that runs against a PostgreSQL server only and says so when skipped. */
export function describeOnServer(name: string, fn: () => void): void {
  describeWhen(usingServer(), SERVER_ONLY, name, fn);
}

/** A test that runs against a PostgreSQL server only and says so when skipped. */
export function itOnServer(name: string, fn: () => Promise<void>, timeout?: number): void {
  itWhen(usingServer(), SERVER_ONLY, name, fn, timeout);
}

/** Lines written by pino, kept in memory for assertions. */
export class CapturedLog extends Writable {
  readonly chunks: string[] = [];

  override _write(chunk: Buffer | string, _encoding: string, done: () => void): void {
    this.chunks.push(chunk.toString());
    done();
  }

  get text(): string {
    return this.chunks.join('');
  }

  get lines(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export type ProxyMode = 'open' | 'refuse' | 'blackhole' | 'freeze';

/**
 * A TCP proxy in front of the database server, to take the database away from a running app
 * and give it back. `refuse` closes every connection and refuses new ones (a restart, a
 * crashed server); `blackhole` closes every connection and accepts new ones without ever
 * answering (a firewall dropping packets), so only the pool's connect timeout ends the wait;
 * `freeze` keeps every connection open but carries nothing more either way (a partition:
 * neither side sees an error) and black-holes new ones.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private mode: ProxyMode = 'open';
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** The database URL with the proxy in place of the server's address. */
  static async around(databaseUrl: string): Promise<{ proxy: TcpProxy; url: string }> {
    const target = new URL(databaseUrl);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    return { proxy, url: url.toString() };
  }

  async start(): Promise<void> {
    this.mode = 'open';
    await this.listen();
  }

  /** Drops (or freezes) every connection; then refuses or black-holes new ones. */
  async cut(mode: Exclude<ProxyMode, 'open'>): Promise<void> {
    this.mode = mode;
    if (mode === 'freeze') {
      for (const socket of this.sockets) {
        socket.unpipe();
        socket.pause();
      }
      return;
    }
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (mode === 'refuse') await this.stopListening();
  }

  async restore(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.mode = 'open';
    if (!this.server) await this.listen();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await this.stopListening();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((done, fail) => {
      server.once('error', fail);
      server.listen(this.port, '127.0.0.1', () => {
        const address = server.address();
        if (typeof address === 'object' && address) this.port = address.port;
        done();
      });
    });
  }

  private stopListening(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    return new Promise((done) => server.close(() => done()));
  }

  private accept(client: Socket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    if (this.mode !== 'open') return; // read nothing, answer nothing
    const upstream = connect(this.targetPort, this.targetHost);
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

export const PROBLEM_JSON = /^application\/problem\+json/;

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * A fault injector on `notes` for the suites that need the database to fail on cue. A note
 * whose body starts with `rel-fault:<SQLSTATE>:<failures>:<sleep ms>:` makes the INSERT sleep,
 * then raise that SQLSTATE on the first <failures> attempts counted by a sequence (sequences
 * ignore rollbacks, so retries are counted). Any other note is untouched.
 */
export async function installFaultInjector(ds: DataSource): Promise<void> {
  await execute(ds, sql(`CREATE SEQUENCE IF NOT EXISTS rel_fault_attempts`));
  await execute(
    ds,
    sql(`
    CREATE OR REPLACE FUNCTION rel_fault_inject() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      parts text[];
    BEGIN
      IF NEW.body LIKE 'rel-fault:%' THEN
        parts := string_to_array(NEW.body, ':');
        IF parts[4]::int > 0 THEN
          PERFORM pg_sleep(parts[4]::int / 1000.0);
        END IF;
        IF nextval('rel_fault_attempts') <= parts[3]::int THEN
          RAISE EXCEPTION 'injected fault' USING ERRCODE = parts[2];
        END IF;
      END IF;
      RETURN NEW;
    END $$`),
  );
  await execute(ds, sql(`DROP TRIGGER IF EXISTS rel_fault_inject ON notes`));
  await execute(
    ds,
    sql(
      `CREATE TRIGGER rel_fault_inject BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION rel_fault_inject()`,
    ),
  );
}

export async function removeFaultInjector(ds: Db): Promise<void> {
  await execute(ds, sql(`DROP TRIGGER IF EXISTS rel_fault_inject ON notes`));
  await execute(ds, sql(`DROP FUNCTION IF EXISTS rel_fault_inject()`));
  await execute(ds, sql(`DROP SEQUENCE IF EXISTS rel_fault_attempts`));
}

/** Starts counting attempts afresh; returns how many INSERTs the last plan saw. */
export async function resetFaultAttempts(ds: DataSource): Promise<void> {
  await execute(ds, sql(`SELECT setval('rel_fault_attempts', 1, false)`));
}

export async function faultAttempts(ds: DataSource): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    ds,
    sql(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END::int AS n FROM rel_fault_attempts`),
  );
  return row!.n;
}

/** The body of a note that fails `failures` times with `sqlState`, after `sleepMs`. */
export function faultyNote(sqlState: string, failures: number, sleepMs = 0, tail = ''): string {
  return `rel-fault:${sqlState}:${failures}:${sleepMs}:${tail}`;
}
