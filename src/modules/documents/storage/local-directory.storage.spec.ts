import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { LocalDirectoryStorage } from './local-directory.storage';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

async function* failing(): AsyncGenerator<Buffer> {
  yield Buffer.from('partial');
  throw new Error('client went away');
}

async function read(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString();
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('LocalDirectoryStorage', () => {
  let root: string;
  let storage: LocalDirectoryStorage;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'storage-spec-'));
    storage = new LocalDirectoryStorage(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stages, commits under the key, and reads back', async () => {
    const staged = await storage.stage(chunks('hello ', 'world'));
    const key = randomUUID();
    await storage.commit(staged, key);
    expect(await read(await storage.open(key))).toBe('hello world');
    const [only] = files(root);
    expect(only).toBe(join(root, key.slice(0, 2), key));
    expect(statSync(only!).mode & 0o777).toBe(0o600);
  });

  it('keeps a staged file out of sight until committed, and discards it', async () => {
    const staged = await storage.stage(chunks('x'));
    expect(files(root)).toHaveLength(1);
    expect(files(root)[0]).toContain('.staging');
    await storage.discard(staged);
    await storage.discard(staged);
    expect(files(root)).toHaveLength(0);
  });

  it('leaves nothing behind when the content stream fails', async () => {
    await expect(storage.stage(failing())).rejects.toThrow('client went away');
    expect(files(root)).toHaveLength(0);
  });

  it('removes a committed file, and tolerates one already gone', async () => {
    const key = randomUUID();
    await storage.commit(await storage.stage(chunks('x')), key);
    await storage.remove(key);
    await storage.remove(key);
    expect(files(root)).toHaveLength(0);
    await expect(storage.open(key)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    '../../etc/passwd',
    'a/b',
    '',
    '..',
    `${randomUUID()}/../x`,
    randomUUID().toUpperCase(),
  ])('refuses the key %j', async (key) => {
    await expect(storage.open(key)).rejects.toThrow(/server-generated UUIDs/);
    await expect(storage.remove(key)).rejects.toThrow(/server-generated UUIDs/);
    const staged = await storage.stage(chunks('x'));
    await expect(storage.commit(staged, key)).rejects.toThrow(/server-generated UUIDs/);
    expect(existsSync(join(root, '..', 'etc'))).toBe(false);
  });

  it('sweeps only staged files older than asked', async () => {
    const old = await storage.stage(chunks('old'));
    await storage.stage(chunks('new'));
    const oldPath = files(root).find((f) => f.endsWith(old.token))!;
    const past = new Date(Date.now() - 2 * 3600_000);
    utimesSync(oldPath, past, past);
    expect(await storage.sweepStaged(3600_000)).toBe(1);
    expect(files(root).map((f) => readFileSync(f, 'utf8'))).toEqual(['new']);
  });

  it('sweeps nothing before the first upload', async () => {
    expect(await new LocalDirectoryStorage(join(root, 'nothing-yet')).sweepStaged(0)).toBe(0);
  });
});
