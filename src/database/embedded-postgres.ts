import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Connections the socket server accepts; every pool on the embedded database must fit in it. */
export const EMBEDDED_MAX_CONNECTIONS = 10;

export class DataDirectoryLockedError extends Error {
  override name = 'DataDirectoryLockedError';
}

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite does not lock its directory, and two processes on one directory lose writes.
 * The lock file holds the owner's pid; a lock left by a dead process is taken over.
 */
function acquireLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && processAlive(owner)) {
        throw new DataDirectoryLockedError(
          `The embedded database in ${resolve(lockPath, '..')} is in use by process ${owner}. ` +
            'Stop that process, or set DATABASE_URL to use a PostgreSQL server.',
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirectoryLockedError(`Could not take the lock ${lockPath}`);
}

/**
 * Starts PGlite on `dataDir` and serves it on a loopback port, so the ordinary `pg` driver,
 * TypeORM and the migrations work exactly as against a server.
 */
export async function startEmbeddedPostgres(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const release = acquireLock(join(root, 'pglite.lock'));
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create(join(root, 'pgdata'));
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port,
      maxConnections: EMBEDDED_MAX_CONNECTIONS,
    });
    await server.start();
    const conn = server.getServerConn();
    let stopped = false;
    return {
      url: `postgres://postgres:postgres@${conn}/postgres`,
      dataDir: root,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await server.stop();
          await db.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
