import { randomUUID } from 'node:crypto';

import fc from 'fast-check';

import { Endpoint, OpenApiDocument, Parameter, resolve, Schema } from './openapi';

/*
 * Request generators for the OpenAPI-driven fuzz suite: fast-check arbitraries built from the
 * documented parameter and body schemas, half of them well-formed and half hostile (wrong
 * types, huge and unicode strings, NUL bytes, unknown and missing properties, bad UUIDs,
 * negative and overflowing numbers, broken JSON, wrong media types).
 */

/** Real identifiers, so that well-formed requests reach past the 404 into the service. */
export interface KnownIds {
  incident: string;
  person: string;
  claimant: string;
  claim: string;
  document: string;
  payment: string;
  user: string;
  lawyer: string;
  programme: string;
}

export type Body =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; contentType: string; text: string }
  | { kind: 'multipart'; contentType: string; data: Buffer };

export interface FuzzRequest {
  method: Endpoint['method'];
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: Body;
  auth: 'admin' | 'none' | 'garbage';
  /** What was done to the request, for the report. */
  note: string;
}

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
  Buffer.alloc(512, 0x20),
  Buffer.from('\n%%EOF\n'),
]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(256, 1),
]);

/** Just over the default BODY_LIMIT_BYTES (1 MiB). */
const OVERSIZE = `{"a":"${'z'.repeat(1024 * 1024 + 16)}"}`;

const BAD_UUIDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000',
  '00000000-0000-0000-0000-0000000000000',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  '1 OR 1=1',
  '..%2F..%2Fetc%2Fpasswd',
];

/** Values no field expects: every type, sizes and characters a careless parser trips on. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'a\u0000b',
    '\u0000',
    '\uD800',
    '\u202Eevil\u202C',
    "' OR '1'='1' --",
    '<script>alert(1)</script>',
    '../../../../etc/passwd',
    '${jndi:ldap://x/a}',
    '%00%0d%0a',
    'null',
    '-1',
    '1e309',
    'NaN',
    '2024-02-30',
    '9999-12-31T23:59:59Z',
    '0000-00-00',
    '-1.00',
    '0.00',
    '1.001',
    '99999999999999999999.99',
    ' 10.00',
    '10,00',
    '"1"',
    ...BAD_UUIDS,
  ),
  fc.constantFrom('x'.repeat(256), 'é'.repeat(2_001), '𝔘'.repeat(5_000), 'y'.repeat(200_000)),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    -1,
    0,
    -0,
    1.5,
    2 ** 31,
    2 ** 53 + 1,
    Number.MAX_SAFE_INTEGER,
    1e308,
    -1e308,
    Number.MIN_VALUE,
  ),
  fc.constantFrom<unknown>(
    true,
    false,
    null,
    [],
    {},
    [1, 'a'],
    { $gt: '' },
    JSON.parse('{"__proto__": {"admin": true}}'),
    { constructor: { prototype: { admin: true } } },
  ),
  fc.constant(nested(60)),
);

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const amount = fc
  .tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 99 }))
  .map(([units, cents]) => `${units}.${String(cents).padStart(2, '0')}`);

const isoInstant = fc
  .date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2026-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());

const isoDate = isoInstant.map((s) => s.slice(0, 10));

/** Well-formed values for a documented schema (enums, formats, lengths, ranges, shapes). */
export function validValue(
  doc: OpenApiDocument,
  schema: Schema | undefined,
  ids: KnownIds,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  // The documented example is a well-formed value by definition: offer it half of the time.
  if (s.example !== undefined && s.type !== 'object' && !s.properties) {
    const generated = validValue(doc, { ...s, example: undefined }, ids, name, depth);
    return fc.oneof(fc.constant(s.example), generated);
  }
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const options = (s.anyOf ?? s.oneOf) as Schema[];
    return fc.oneof(...options.map((o) => validValue(doc, o, ids, name, depth + 1)));
  }
  if (Array.isArray(s.allOf)) {
    return validValue(doc, (s.allOf as Schema[])[0], ids, name, depth + 1);
  }
  const knownIds = Object.values(ids);
  switch (s.type) {
    case 'integer':
    case 'number':
      return fc.integer({
        min: typeof s.minimum === 'number' ? s.minimum : 0,
        max: typeof s.maximum === 'number' ? s.maximum : 1000,
      });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const max = typeof s.maxItems === 'number' ? Math.min(s.maxItems, 4) : 3;
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      return fc.array(validValue(doc, s.items as Schema, ids, name, depth + 1), {
        minLength: min,
        maxLength: Math.max(min, max),
      });
    }
    case 'object': {
      if (depth > 4 || !s.properties) return fc.constant({});
      const properties = s.properties as Record<string, Schema>;
      const required = (s.required as string[] | undefined) ?? [];
      // Where every property has an example, the examples together make a consistent whole
      // (declared counts that add up, for one): offer that object too.
      const entries = Object.entries(properties).map(([k, p]) => [k, resolve(doc, p)] as const);
      const whole = entries.every(([, p]) => p.example !== undefined)
        ? [fc.constant(Object.fromEntries(entries.map(([k, p]) => [k, p.example])))]
        : [];
      const record = fc.record(
        Object.fromEntries(
          Object.entries(properties)
            .filter(([, p]) => resolve(doc, p).format !== 'binary')
            .map(([k, p]) => [k, validValue(doc, p, ids, k, depth + 1)]),
        ),
        { requiredKeys: required.filter((k) => k in properties) },
      );
      return whole.length > 0 ? fc.oneof(...whole, record) : record;
    }
    default:
      break;
  }
  // Strings: formats first, then what the property name says, then the documented example.
  if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...knownIds), fc.uuid());
  if (s.format === 'date-time' || /At$/.test(name) || name === 'from' || name === 'to') {
    return isoInstant;
  }
  if (typeof s.pattern === 'string' && s.pattern.includes('\\d{0,12}')) return amount;
  if (/amount|Amount|liabilityLimit|advanceMinimum|amountPer/.test(name)) return amount;
  if (/dateOfBirth|Deadline|date$/.test(name)) return isoDate;
  if (name === 'email') return fc.emailAddress();
  if (name === 'heirSharePercent') return fc.constantFrom('25.00', '50', '100', '33.33');
  if (name === 'nationality') return fc.constantFrom('AZ', 'RU', 'KZ', 'KG', 'az');
  if (name === 'iban')
    return fc.constantFrom('AZ21NABZ00000000137010001944', 'GB82WEST12345698765432');
  if (name === 'phone') return fc.constantFrom('+994 50 123 45 67', '+7 701 123 4567');
  if (name === 'seat') return fc.constantFrom('12A', '1C', '30F');
  if (name === 'code') return fc.stringMatching(/^[A-Z][A-Z0-9-]{3,12}$/);
  if (name === 'password') return fc.constantFrom('Caspian-harbour-lantern-42', 'short');
  if (name === 'refreshToken') return fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);
  if (name === 'cursor') return fc.constantFrom('eyJ4IjoxfQ', '12', 'W10');
  const maxLength = typeof s.maxLength === 'number' ? Math.min(s.maxLength, 80) : 60;
  const minLength = typeof s.minLength === 'number' ? Math.min(s.minLength, maxLength) : 1;
  return fc.string({ minLength, maxLength });
}

/** Property paths of an object schema, nested objects included (for targeted mutations). */
function propertyPaths(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): string[][] {
  const s = resolve(doc, schema);
  if (!s.properties || depth > 3) return [];
  return Object.entries(s.properties as Record<string, Schema>).flatMap(([k, p]) => [
    [k],
    ...propertyPaths(doc, p, depth + 1).map((rest) => [k, ...rest]),
  ]);
}

function setPath(target: unknown, path: string[], value: unknown): unknown {
  const root: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  let node = root;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    node[key] =
      typeof child === 'object' && child !== null && !Array.isArray(child) ? { ...child } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return root;
}

function dropPath(target: unknown, key: string): unknown {
  if (typeof target !== 'object' || target === null) return target;
  const copy = { ...(target as Record<string, unknown>) };
  delete copy[key];
  return copy;
}

/** A JSON body: valid, or mutated in one of many ways. */
function jsonBody(
  doc: OpenApiDocument,
  schema: Schema,
  ids: KnownIds,
): fc.Arbitrary<[Body, string]> {
  const valid = validValue(doc, schema, ids);
  const paths = propertyPaths(doc, schema);
  const required = (resolve(doc, schema).required as string[] | undefined) ?? [];
  const json = (value: unknown, note: string): [Body, string] => [{ kind: 'json', value }, note];
  const strategies: fc.Arbitrary<[Body, string]>[] = [
    valid.map((v) => json(v, 'valid body')),
    valid.map((v) => json(v, 'valid body')),
    valid.map((v) => json({ ...(v as object), isAdmin: true }, 'unknown property')),
    fc
      .constantFrom<unknown>([], 'text', 42, null, true, [{}])
      .map((v) => json(v, `body ${JSON.stringify(v)}`)),
    fc
      .constantFrom('{', '{"a":', '{"a":1}}', 'nul', '\u0000', '{"a":"\\uZZZZ"}')
      .map((text): [Body, string] => [
        { kind: 'raw', contentType: 'application/json', text },
        `malformed JSON ${JSON.stringify(text)}`,
      ]),
    valid.map((v): [Body, string] => [
      { kind: 'raw', contentType: 'text/plain', text: JSON.stringify(v) },
      'text/plain body',
    ]),
    fc.constantFrom<[Body, string]>(
      [{ kind: 'raw', contentType: 'application/xml', text: '<a>1</a>' }, 'XML body'],
      [{ kind: 'raw', contentType: 'application/json', text: OVERSIZE }, 'body over 1 MiB'],
    ),
  ];
  if (paths.length > 0) {
    strategies.push(
      fc
        .tuple(valid, fc.constantFrom(...paths), hostileValue)
        .map(([v, path, bad]) =>
          json(setPath(v, path, bad), `${path.join('.')} = ${describe(bad)}`),
        ),
      fc
        .tuple(valid, fc.constantFrom(...paths), hostileValue)
        .map(([v, path, bad]) =>
          json(setPath(v, path, bad), `${path.join('.')} = ${describe(bad)}`),
        ),
    );
  }
  if (required.length > 0) {
    strategies.push(
      fc
        .tuple(valid, fc.constantFrom(...required))
        .map(([v, key]) => json(dropPath(v, key), `without ${key}`)),
    );
  }
  return fc.oneof(...strategies);
}

function multipartBody(ids: KnownIds): fc.Arbitrary<[Body, string]> {
  void ids;
  const files = fc.constantFrom(
    { name: 'certificate.pdf', data: PDF },
    { name: 'scan.png', data: PNG },
    { name: '../../../etc/passwd', data: PDF },
    { name: 'évidence ✓ 𝔘.pdf', data: PDF },
    { name: 'x'.repeat(400) + '.pdf', data: PDF },
    { name: 'tool.exe', data: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 0x90)]) },
    { name: 'empty.pdf', data: Buffer.alloc(0) },
    { name: 'noise.bin', data: Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256)) },
  );
  const type = fc.oneof(
    fc.constantFrom('death_certificate', 'medical_report', 'other'),
    hostileValue.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
  );
  return fc
    .record({
      file: fc.option(files, { nil: undefined }),
      type: fc.option(type, { nil: undefined }),
      extra: fc.boolean(),
      fileFirst: fc.boolean(),
    })
    .map(({ file, type: t, extra, fileFirst }): [Body, string] => {
      const boundary = `----fuzz${randomUUID().replace(/-/g, '')}`;
      const parts: Buffer[] = [];
      const field = (name: string, value: string) =>
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
        );
      const filePart = file
        ? Buffer.concat([
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name.replace(/"/g, '')}"\r\nContent-Type: application/pdf\r\n\r\n`,
            ),
            file.data,
            Buffer.from('\r\n'),
          ])
        : null;
      const typePart =
        t !== undefined ? field('type', t.replace(/\r?\n/g, ' ').slice(0, 2000)) : null;
      const ordered = fileFirst ? [filePart, typePart] : [typePart, filePart];
      for (const p of ordered) if (p) parts.push(p);
      if (extra) parts.push(field('status', 'verified'));
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      return [
        {
          kind: 'multipart',
          contentType: `multipart/form-data; boundary=${boundary}`,
          data: Buffer.concat(parts),
        },
        `multipart file=${file?.name.slice(0, 40) ?? 'none'} type=${describe(t)}${extra ? ' +field' : ''}`,
      ];
    });
}

function describe(value: unknown): string {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 40)}…(${text.length} chars)` : text;
}

/**
 * Node refuses a request line beyond its 16 KiB header limit (431) before the service sees it;
 * path and query values stay well below, the body carries the huge values.
 */
function fitsInUrl(value: string): boolean {
  try {
    return encodeURIComponent(value).length < 4000;
  } catch {
    return false; // a lone surrogate cannot be put in a URL at all
  }
}

const RESOURCE_OF_SEGMENT: Record<string, keyof KnownIds> = {
  incidents: 'incident',
  persons: 'person',
  claimants: 'claimant',
  claims: 'claim',
  documents: 'document',
  payments: 'payment',
  users: 'user',
  programmes: 'programme',
};

/** The real id a path parameter names, judged by the path segment before it. */
function knownPathId(path: string, param: string, ids: KnownIds): string {
  if (param === 'lawyerId') return ids.lawyer;
  const segments = path.split('/');
  const at = segments.indexOf(`{${param}}`);
  const resource = RESOURCE_OF_SEGMENT[segments[at - 1] ?? ''];
  return resource ? ids[resource] : ids.claim;
}

function pathValue(
  endpoint: Endpoint,
  param: string,
  ids: KnownIds,
): fc.Arbitrary<[string, string]> {
  const known = knownPathId(endpoint.path, param, ids);
  return fc.oneof(
    { weight: 7, arbitrary: fc.constant<[string, string]>([known, '']) },
    { weight: 2, arbitrary: fc.uuid().map((u): [string, string] => [u, `${param}=random uuid`]) },
    {
      weight: 2,
      arbitrary: hostileValue
        .filter((v) => typeof v === 'string' && v.length > 0 && fitsInUrl(v))
        .map((v): [string, string] => [v as string, `${param}=${describe(v)}`]),
    },
  );
}

function queryValue(
  doc: OpenApiDocument,
  p: Parameter,
  ids: KnownIds,
): fc.Arbitrary<[string | string[] | undefined, string]> {
  const valid = validValue(doc, p.schema, ids, p.name).map(
    (v): [string | string[] | undefined, string] => [String(v), ''],
  );
  const hostile = hostileValue
    .map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')))
    .filter(fitsInUrl)
    .map((v): [string | string[] | undefined, string] => [v, `${p.name}=${describe(v)}`]);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant<[undefined, string]>([undefined, '']) },
    { weight: 4, arbitrary: valid },
    { weight: 2, arbitrary: hostile },
    {
      weight: 1,
      arbitrary: fc.constant<[string[], string]>([['1', '2'], `${p.name} twice`]),
    },
  );
}

function headerValue(p: Parameter): fc.Arbitrary<[string | undefined, string]> {
  if (/^if-match$/i.test(p.name)) {
    return fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom<[string, string]>(['"1"', ''], ['"2"', '']) },
      {
        weight: 3,
        arbitrary: fc.constantFrom<[string | undefined, string]>(
          [undefined, 'no If-Match'],
          ['W/"1"', 'weak If-Match'],
          ['"999999999999"', 'huge If-Match'],
          ['*', 'If-Match *'],
          ['garbage', 'garbage If-Match'],
          ['"-1"', 'negative If-Match'],
        ),
      },
    );
  }
  if (/^idempotency-key$/i.test(p.name)) {
    return fc.oneof(
      { weight: 5, arbitrary: fc.uuid().map((u): [string, string] => [u, '']) },
      {
        weight: 3,
        arbitrary: fc.constantFrom<[string | undefined, string]>(
          [undefined, 'no Idempotency-Key'],
          ['short', 'short key'],
          ['k'.repeat(300), 'long key'],
          ['key with spaces and é', 'non-ASCII key'],
          ['00000000-0000-0000-0000-000000000001', 'fixed key'],
        ),
      },
    );
  }
  return fc.constant<[string, string]>(['x', '']);
}

/** A request for `endpoint`: mostly as documented, a good share deliberately not. */
export function requestArbitrary(
  doc: OpenApiDocument,
  endpoint: Endpoint,
  ids: KnownIds,
): fc.Arbitrary<FuzzRequest> {
  const params = endpoint.op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const headerParams = params.filter((p) => p.in === 'header');
  const content = endpoint.op.requestBody?.content ?? {};
  const body: fc.Arbitrary<[Body | undefined, string]> = content['multipart/form-data']
    ? multipartBody(ids)
    : content['application/json']?.schema
      ? jsonBody(doc, content['application/json'].schema, ids)
      : fc.constant([undefined, '']);
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => pathValue(endpoint, p.name, ids))),
      query: fc.tuple(...queryParams.map((p) => queryValue(doc, p, ids))),
      headers: fc.tuple(...headerParams.map((p) => headerValue(p))),
      body,
      auth: fc.constantFrom<FuzzRequest['auth']>(
        ...Array<FuzzRequest['auth']>(17).fill('admin'),
        'none',
        'none',
        'garbage',
      ),
    })
    .map(({ path, query, headers, body: [b, bodyNote], auth }) => {
      let url = endpoint.path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, encodeURIComponent(path[i]![0]));
      });
      const q: Record<string, string | string[]> = {};
      queryParams.forEach((p, i) => {
        const [value] = query[i]!;
        if (value !== undefined) q[p.name] = value;
      });
      const h: Record<string, string> = {};
      headerParams.forEach((p, i) => {
        const [value] = headers[i]!;
        if (value !== undefined) h[p.name] = value;
      });
      const notes = [
        ...path.map(([, n]) => n),
        ...query.map(([, n]) => n),
        ...headers.map(([, n]) => n),
        bodyNote,
        auth === 'admin' ? '' : `auth=${auth}`,
      ].filter(Boolean);
      return {
        method: endpoint.method,
        path: url,
        query: q,
        headers: h,
        body: b,
        auth,
        note: notes.join(', ') || 'as documented',
      };
    });
}

/**
 * Deterministic companions to the random requests: a well-formed request per body property
 * with that property set to null, and per string property with a NUL character in it. Random
 * sampling reaches these only now and then, and they are where a DTO that lets null or NUL
 * through to the service or the database shows itself.
 */
export function propertySweep(
  doc: OpenApiDocument,
  endpoint: Endpoint,
  ids: KnownIds,
  ifMatch: string | undefined,
): FuzzRequest[] {
  const schema = endpoint.op.requestBody?.content['application/json']?.schema;
  if (!schema) return [];
  const resolved = resolve(doc, schema);
  const properties = (resolved.properties ?? {}) as Record<string, Schema>;
  const [base] = fc.sample(validValue(doc, schema, ids), { numRuns: 1, seed: 1 });
  let path = endpoint.path;
  for (const p of (endpoint.op.parameters ?? []).filter((x) => x.in === 'path')) {
    path = path.replace(`{${p.name}}`, knownPathId(endpoint.path, p.name, ids));
  }
  const headers: Record<string, string> = {};
  for (const p of (endpoint.op.parameters ?? []).filter((x) => x.in === 'header')) {
    if (/^if-match$/i.test(p.name) && ifMatch) headers[p.name] = ifMatch;
    if (/^idempotency-key$/i.test(p.name)) headers[p.name] = randomUUID();
  }
  const requests: FuzzRequest[] = [];
  for (const [key, property] of Object.entries(properties)) {
    const values: [unknown, string][] = [[null, `${key} = null`]];
    if (resolve(doc, property).type === 'string') values.push([`x\u0000y`, `${key} = "x\\u0000y"`]);
    for (const [value, note] of values) {
      requests.push({
        method: endpoint.method,
        path,
        query: {},
        headers: { ...headers },
        body: { kind: 'json', value: { ...(base as object), [key]: value } },
        auth: 'admin',
        note: `sweep: ${note}`,
      });
    }
  }
  return requests;
}
