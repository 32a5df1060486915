import { randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { access, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { DocumentStorage, StagedFile } from './document-storage';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STAGING = '.staging';

/**
 * Files in a local directory: `<root>/<first two hex digits of the key>/<key>`, staged under
 * `<root>/.staging/` on the same file system so that commit is an atomic rename. Files and
 * directories are owner-only. Paths are built from validated UUIDs only, never from input.
 */
export class LocalDirectoryStorage implements DocumentStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async stage(content: AsyncIterable<Uint8Array>): Promise<StagedFile> {
    const staged = { token: randomUUID() };
    const path = this.stagedPath(staged);
    await mkdir(join(this.root, STAGING), { recursive: true, mode: 0o700 });
    try {
      await pipeline(content, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await this.discard(staged);
      throw error;
    }
    return staged;
  }

  async commit(staged: StagedFile, key: string): Promise<void> {
    const target = this.keyPath(key);
    await mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
    await rename(this.stagedPath(staged), target);
  }

  async discard(staged: StagedFile): Promise<void> {
    await unlinkIfPresent(this.stagedPath(staged));
  }

  async remove(key: string): Promise<void> {
    await unlinkIfPresent(this.keyPath(key));
  }

  async open(key: string): Promise<Readable> {
    const handle = await open(this.keyPath(key), 'r');
    return handle.createReadStream();
  }

  async sweepStaged(olderThanMs: number): Promise<number> {
    const dir = join(this.root, STAGING);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    const cutoff = Date.now() - olderThanMs;
    let swept = 0;
    for (const name of names.filter((n) => UUID.test(n))) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < cutoff) {
        await unlinkIfPresent(path);
        swept++;
      }
    }
    return swept;
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    await access(this.root, constants.W_OK);
  }

  private stagedPath(staged: StagedFile): string {
    return join(this.root, STAGING, checkedUuid(staged.token));
  }

  private keyPath(key: string): string {
    const id = checkedUuid(key);
    return join(this.root, id.slice(0, 2), id);
  }
}

function checkedUuid(value: string): string {
  if (!UUID.test(value)) throw new Error('Storage keys are server-generated UUIDs');
  return value;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}
