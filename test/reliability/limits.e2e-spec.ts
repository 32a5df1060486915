import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

import { Role } from '../../src/common/auth/role';
import { queryRows, sql } from '../../src/common/database/sql';
import { MAX_PAGE_SIZE } from '../../src/common/pagination/pagination';
import { createUser, TestUser } from '../utils/auth';
import { oneOfEverything } from '../utils/fixtures';
import type { KnownIds } from '../utils/fuzz';
import { endpoints, OpenApiDocument, resolve, Schema } from '../utils/openapi';
import { AppUnderTest, PROBLEM_JSON, startApp } from '../utils/reliability';

/*
 * Limits everywhere (issue 9): every input field has a bound, every list a capped page, and
 * oversized or malformed requests are refused as problem+json before they cost anything.
 */

const ROOT = join(__dirname, '..', '..');

/** Every DTO module: src/modules/<feature>/dto/*.ts, plus the shared page and money DTOs. */
function dtoFiles(): string[] {
  const modules = join(ROOT, 'src', 'modules');
  const files = readdirSync(modules, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const dir = join(modules, d.name, 'dto');
      try {
        return readdirSync(dir)
          .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
          .map((f) => join(dir, f));
      } catch {
        return [];
      }
    });
  return [
    ...files,
    join(ROOT, 'src', 'common', 'pagination', 'pagination.ts'),
    join(ROOT, 'src', 'common', 'money', 'money.dto.ts'),
  ];
}

/** Validators that accept only a bounded string on their own (format, enum, custom rule). */
const BOUNDED_STRING = new Set([
  'maxLength',
  'length',
  'isUuid',
  'isEnum',
  'isIn',
  'isIso8601',
  'isDateString',
  'isISO31661Alpha2',
  'isEmail',
  'isBoolean',
  'isAmount',
  'isPhone',
  'isIban',
  'isPercent',
]);

/** A regex admits unbounded input if it has *, + or an open {n,} quantifier. */
function boundedRegex(pattern: unknown): boolean {
  const source = pattern instanceof RegExp ? pattern.source : String(pattern);
  return !/(?<!\\)[*+]|\{\d+,\}/.test(source);
}

interface PropertyReport {
  dto: string;
  property: string;
  problem: string;
}

function auditClass(file: string, cls: { name: string; prototype: object }): PropertyReport[] {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(
    cls as never,
    '',
    true,
    false,
  ) as ValidationMetadata[];
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metadatas) {
    byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  }
  const reports: PropertyReport[] = [];
  const where = `${relative(ROOT, file)} ${cls.name}`;
  for (const [property, ms] of byProperty) {
    const names = new Set(ms.map((m) => m.name ?? m.type));
    const conditional = ms.some((m) => m.type === 'conditionalValidation');
    const nested = ms.some((m) => m.type === 'nestedValidation');
    const eachValidator = ms.some((m) => m.each);
    const designType = Reflect.getMetadata('design:type', cls.prototype, property) as unknown;
    const isArray = names.has('isArray') || designType === Array || eachValidator;
    const isNumber =
      names.has('isInt') ||
      names.has('isNumber') ||
      (designType === Number && !names.has('isString'));
    const isString =
      !isArray &&
      !isNumber &&
      (names.has('isString') || names.has('matches') || designType === String);
    if (isArray && !names.has('arrayMaxSize')) {
      reports.push({ dto: where, property, problem: 'array without @ArrayMaxSize' });
    }
    if (isNumber && !names.has('max')) {
      reports.push({ dto: where, property, problem: 'number without @Max' });
    }
    if (isString) {
      const bounded =
        [...names].some((n) => BOUNDED_STRING.has(n)) ||
        ms.some((m) => m.name === 'matches' && boundedRegex(m.constraints?.[0]));
      if (!bounded)
        reports.push({ dto: where, property, problem: 'string without a length bound' });
    }
    if (nested && !conditional && !names.has('isObject') && !names.has('isDefined')) {
      reports.push({
        dto: where,
        property,
        problem: 'required nested object without @IsObject (a missing one passes validation)',
      });
    }
  }
  return reports;
}

describe('every input field is bounded (class-validator metadata of every DTO)', () => {
  const classes: { file: string; cls: { name: string; prototype: object } }[] = [];

  beforeAll(() => {
    for (const file of dtoFiles()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(file) as Record<string, unknown>;
      for (const value of Object.values(exported)) {
        if (typeof value === 'function' && value.prototype) {
          classes.push({ file, cls: value as { name: string; prototype: object } });
        }
      }
    }
  });

  it('found the DTOs with validation rules', () => {
    const validated = classes.filter(
      ({ cls }) =>
        getMetadataStorage().getTargetValidationMetadatas(cls as never, '', true, false).length > 0,
    );
    expect(validated.length).toBeGreaterThanOrEqual(20);
  });

  it('strings have a length bound, arrays a size bound, numbers a maximum, required objects @IsObject', () => {
    const reports = classes.flatMap(({ file, cls }) => auditClass(file, cls));
    expect(reports.map((r) => `${r.dto}.${r.property}: ${r.problem}`)).toEqual([]);
  });
});

describe('requests are bounded on the wire', () => {
  let t: AppUnderTest;
  let admin: TestUser;
  let ids: KnownIds;
  let doc: OpenApiDocument;
  const storageDir = mkdtempSync(join(tmpdir(), 'j2-limits-storage-'));

  beforeAll(async () => {
    t = await startApp({
      env: { RATE_LIMIT_PER_MINUTE: '100000', STORAGE_DIR: storageDir },
    });
    admin = await createUser(t, Role.Admin);
    ids = await oneOfEverything(t, admin);
    doc = (await t.http().get('/docs-json').expect(200)).body as OpenApiDocument;
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(storageDir, { recursive: true, force: true });
  });

  const SEGMENT: Record<string, keyof KnownIds> = {
    incidents: 'incident',
    persons: 'person',
    claimants: 'claimant',
    claims: 'claim',
    documents: 'document',
    payments: 'payment',
    users: 'user',
    programmes: 'programme',
  };
  function fill(path: string): string {
    return path.replace(/\{(\w+)\}/g, (_, name: string, at: number) => {
      if (name === 'lawyerId') return ids.lawyer;
      const before = path.slice(0, at).split('/').filter(Boolean).pop() ?? '';
      return ids[SEGMENT[before] ?? 'claim'];
    });
  }

  /** GET operations whose 200 answer is a page of items. */
  function pagedReads() {
    return endpoints(doc).filter((e) => {
      if (e.method !== 'get') return false;
      const schema = resolve(doc, e.op.responses['200']?.content?.['application/json']?.schema);
      return Boolean((schema.properties as Record<string, Schema> | undefined)?.items);
    });
  }

  it('no read answers a bare, unbounded array', () => {
    const bare = endpoints(doc).filter((e) => {
      const schema = resolve(doc, e.op.responses['200']?.content?.['application/json']?.schema);
      return schema.type === 'array';
    });
    expect(bare.map((e) => `${e.method} ${e.path}`)).toEqual([]);
  });

  it(`every paged read documents limit with a maximum of at most ${MAX_PAGE_SIZE}`, () => {
    const reads = pagedReads();
    expect(reads.length).toBeGreaterThanOrEqual(12);
    const missing = reads.filter((e) => {
      const limit = e.op.parameters?.find((p) => p.in === 'query' && p.name === 'limit');
      const max = limit?.schema?.maximum;
      return typeof max !== 'number' || max > MAX_PAGE_SIZE;
    });
    expect(missing.map((e) => `${e.method} ${e.path}`)).toEqual([]);
  });

  it(`every paged read refuses limit=${MAX_PAGE_SIZE + 1}, 0 and junk (400), and never returns more than asked`, async () => {
    const problems: string[] = [];
    for (const e of pagedReads()) {
      const path = fill(e.path);
      for (const limit of [String(MAX_PAGE_SIZE + 1), '0', '-1', '1e9', 'all']) {
        const res = await t.http().get(path).query({ limit }).set(admin.auth);
        if (res.status !== 400 || !PROBLEM_JSON.test(res.headers['content-type'] ?? '')) {
          problems.push(`${e.path}?limit=${limit} -> ${res.status}`);
        }
      }
      const max = await t.http().get(path).query({ limit: MAX_PAGE_SIZE }).set(admin.auth);
      if (max.status !== 200) problems.push(`${e.path}?limit=${MAX_PAGE_SIZE} -> ${max.status}`);
      else if ((max.body.items as unknown[]).length > MAX_PAGE_SIZE) {
        problems.push(`${e.path} returned more than ${MAX_PAGE_SIZE}`);
      }
      const one = await t.http().get(path).query({ limit: 1 }).set(admin.auth);
      if (one.status !== 200 || (one.body.items as unknown[]).length > 1) {
        problems.push(`${e.path}?limit=1 -> ${one.status}, ${one.body.items?.length} items`);
      }
    }
    expect(problems).toEqual([]);
  });

  const problemOf = (res: { status: number; headers: Record<string, string>; body: unknown }) => ({
    status: res.status,
    problem: PROBLEM_JSON.test(res.headers['content-type'] ?? ''),
    code: (res.body as { code?: string }).code,
  });

  it('a JSON body over BODY_LIMIT_BYTES answers 413 problem+json', async () => {
    const res = await t
      .http()
      .post(`/api/v1/claims/${ids.claim}/notes`)
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ body: 'x'.repeat(1024 * 1024 + 1), visibility: 'internal' }));
    expect(problemOf(res)).toEqual({ status: 413, problem: true, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('a request line over the 16 KiB header limit answers 431 problem+json', async () => {
    const res = await t
      .http()
      .get(`/api/v1/claims?cursor=${'c'.repeat(20_000)}`)
      .set(admin.auth);
    expect(problemOf(res)).toEqual({ status: 431, problem: true, code: 'MALFORMED_REQUEST' });
  });

  it('an overlong or undecodable path parameter answers 400 problem+json', async () => {
    const long = await t
      .http()
      .get(`/api/v1/claims/${'a'.repeat(150)}`)
      .set(admin.auth);
    expect(problemOf(long)).toEqual({ status: 400, problem: true, code: 'MALFORMED_REQUEST' });
    expect(long.text).not.toContain('a'.repeat(150));
    const bad = await t.http().get('/api/v1/claims/%E0%A4%A').set(admin.auth);
    expect(problemOf(bad)).toEqual({ status: 400, problem: true, code: 'MALFORMED_REQUEST' });
  });

  it('deeply nested or prototype-polluting JSON answers 400 problem+json', async () => {
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const nested = await t
      .http()
      .post(`/api/v1/claims/${ids.claim}/notes`)
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send(deep);
    expect(problemOf(nested).status).toBe(400);
    expect(problemOf(nested).problem).toBe(true);
    const polluted = await t
      .http()
      .post(`/api/v1/claims/${ids.claim}/notes`)
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send('{"body":"x","visibility":"internal","__proto__":{"admin":true}}');
    expect(problemOf(polluted).status).toBe(400);
    expect(problemOf(polluted).problem).toBe(true);
  });

  it('a file over UPLOAD_LIMIT_BYTES answers 413 problem+json and stores nothing', async () => {
    const small = await startApp({
      env: {
        STORAGE_DIR: storageDir,
        UPLOAD_LIMIT_BYTES: '2048',
        DB_APPLICATION_NAME: 'j2-rel-upload',
      },
    });
    const documents = async () =>
      (
        await queryRows<{ n: number }>(
          t.ds,
          sql(`SELECT count(*)::int AS n FROM documents WHERE claim_id = :claim`, {
            claim: ids.claim,
          }),
        )
      )[0]!.n;
    const before = await documents();
    try {
      const boundary = '----limits';
      const res = await small
        .http()
        .post(`/api/v1/claims/${ids.claim}/documents`)
        .set(admin.auth)
        .set('content-type', `multipart/form-data; boundary=${boundary}`)
        .send(
          Buffer.concat([
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nother\r\n` +
                `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
            ),
            Buffer.alloc(4096, 0x20),
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]),
        );
      expect(problemOf(res)).toEqual({ status: 413, problem: true, code: 'PAYLOAD_TOO_LARGE' });
      expect(await documents()).toBe(before);
    } finally {
      await small.close();
    }
  });
});
