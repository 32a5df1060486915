import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Client } from 'pg';

import { itOnServer } from './utils/reliability';

const MAIN = resolve(__dirname, '..', 'src', 'main.ts');

/** Runs the real entry point (src/main.ts) to its exit; cwd is empty so no .env is read. */
function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'j2-start-'));
  const child = spawn(
    process.execPath,
    ['-r', require.resolve('ts-node/register/transpile-only'), MAIN],
    {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        TS_NODE_PROJECT: resolve(__dirname, '..', 'tsconfig.json'),
        NODE_ENV: 'development',
        LOG_FORMAT: 'json',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((done) =>
    child.on('exit', (code) => {
      rmSync(cwd, { recursive: true, force: true });
      done({ code, output });
    }),
  );
}

const WEAK = { ADMIN_EMAIL: 'first.admin@example.org', ADMIN_PASSWORD: 'password1234' };

/**
 * The whole configuration, the administrator's password policy included, is checked before
 * anything touches a database: a refused ADMIN_PASSWORD stops the start with a message naming
 * it, and no migration, seed or data directory comes of it.
 */
describe('a refused setting stops the start before the database is touched', () => {
  it('embedded default: exit 1, the reason on stderr, no data directory created', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'j2-start-data-'));
    const dataDir = join(parent, 'data');
    try {
      const { code, output } = await start({ ...WEAK, DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(output).toContain('Invalid configuration');
      expect(output).toMatch(/ADMIN_PASSWORD: is too common or too easy to guess/);
      expect(output).not.toContain('password1234');
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  itOnServer(
    'PostgreSQL server: exit 1, and the empty database still has no migrations table',
    async () => {
      const server = new URL(process.env.DATABASE_URL!);
      const name = `j2_start_${randomBytes(4).toString('hex')}_test`;
      const admin = new Client({ connectionString: server.toString() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      try {
        const target = new URL(server.toString());
        target.pathname = `/${name}`;
        const { code, output } = await start({
          ...WEAK,
          DATABASE_URL: target.toString(),
          JWT_SECRET: randomBytes(48).toString('base64'),
          DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        });
        expect(code).toBe(1);
        expect(output).toMatch(/ADMIN_PASSWORD: is too common/);
        const db = new Client({ connectionString: target.toString() });
        await db.connect();
        const { rows } = await db.query(`SELECT to_regclass('migrations') AS t`);
        await db.end();
        expect(rows[0].t).toBeNull();
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
        await admin.end();
      }
    },
  );
});
