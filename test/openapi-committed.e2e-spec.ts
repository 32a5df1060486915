import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startTestApp, TestApp } from './utils/test-app';

const ROOT = join(__dirname, '..');

/** The first place where two JSON values differ, as a path, for a readable failure. */
function firstDifference(a: unknown, b: unknown, path = '#'): string | null {
  if (
    typeof a !== typeof b ||
    Array.isArray(a) !== Array.isArray(b) ||
    (a === null) !== (b === null)
  ) {
    return path;
  }
  if (typeof a !== 'object' || a === null) return a === b ? null : path;
  const keys = new Set([...Object.keys(a), ...Object.keys(b as object)]);
  for (const key of keys) {
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
    );
    if (found) return found;
  }
  return null;
}

/**
 * openapi.json is the contract clients are generated from (src/api-client) and what the
 * linters check (npm run check): it must be the document the service serves. After an API
 * change, `npm run openapi:write` rewrites it.
 */
describe('the committed OpenAPI document', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is the document /docs-json serves (run npm run openapi:write after an API change)', async () => {
    const served = (await t.http().get('/docs-json').expect(200)).body as unknown;
    const committed = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8')) as unknown;
    expect(firstDifference(committed, served)).toBeNull();
  });

  it('is what the typed client was generated from (npm run client:generate)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'j2-client-'));
    try {
      // The package.json script's own command and options, writing to a scratch file.
      const scripts = (
        JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts;
      const [command, ...args] = scripts['client:generate']!.split(' ');
      const output = args.indexOf('-o') + 1;
      args[output] = join(dir, 'schema.d.ts');
      execFileSync(join(ROOT, 'node_modules', '.bin', command!), args, {
        cwd: ROOT,
        stdio: 'ignore',
      });
      expect(readFileSync(join(dir, 'schema.d.ts'), 'utf8')).toBe(
        readFileSync(join(ROOT, 'test', 'client', 'schema.d.ts'), 'utf8'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
