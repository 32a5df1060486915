import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataDirectoryLockedError, startEmbeddedPostgres } from './embedded-postgres';

describe('embedded database lock', () => {
  it('refuses a data directory held by another live process, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'j2-lock-'));
    // pid 1 is always alive: the directory looks held by a running service.
    writeFileSync(join(dir, 'pglite.lock'), '1');
    await expect(startEmbeddedPostgres(dir)).rejects.toThrow(DataDirectoryLockedError);
    await expect(startEmbeddedPostgres(dir)).rejects.toThrow(
      /in use by process 1\. .*DATABASE_URL/,
    );
    // The holder's lock is left alone.
    expect(readFileSync(join(dir, 'pglite.lock'), 'utf8')).toBe('1');
  });
});
