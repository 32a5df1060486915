import { Ajv, ValidateFunction } from 'ajv';
import * as formats from 'ajv-formats';

/*
 * The service's OpenAPI document (GET /docs-json) as data for tests: its operations, and
 * validators that hold a response to what the document promises. ajv 8 and ajv-formats come
 * with fastify (@fastify/ajv-compiler).
 */

export type Schema = { [keyword: string]: unknown };

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface MediaType {
  schema?: Schema;
}

export interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { description?: string; content?: Record<string, MediaType> }>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Endpoint {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  op: Operation;
}

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;

export function endpoints(doc: OpenApiDocument): Endpoint[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method]! })),
  );
}

/** Follows `$ref`s (and single-element allOf wrappers) to the schema they name. */
export function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  let s: Schema = schema ?? {};
  for (let i = 0; i < 10; i++) {
    if (typeof s.$ref === 'string') {
      s = doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] ?? {};
    } else if (Array.isArray(s.allOf) && s.allOf.length === 1 && !s.type) {
      s = { ...(s.allOf[0] as Schema), ...omit(s, 'allOf') };
    } else {
      return s;
    }
  }
  return s;
}

function omit(s: Schema, ...keys: string[]): Schema {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !keys.includes(k)));
}

/**
 * OpenAPI 3.0.3 schema to JSON Schema for ajv, read as strictly as the specification does:
 * `nullable: true` adds null to the schema's own `type` and to nothing else (beside no `type`
 * it means nothing, and an `allOf`, `oneOf`, `enum` or `$ref` next to it still applies to a
 * null), and a `$ref`'s siblings are ignored. References point into the registered
 * components, and with `closed` every object that lists its properties refuses undocumented
 * ones. (A lenient reading, null allowed wherever `nullable` appears, once hid responses
 * that a strict validator refuses.)
 */
export function toJsonSchema(schema: unknown, closed: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, closed));
  if (typeof schema !== 'object' || schema === null) return schema;
  const s = schema as Schema;
  if (typeof s.$ref === 'string') {
    return { $ref: s.$ref.replace('#/components/schemas/', 'api#/components/schemas/') };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === 'nullable' || key === 'example' || key === 'writeOnly' || key === 'readOnly') {
      continue;
    }
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, toJsonSchema(v, closed)]),
      );
    } else {
      out[key] = toJsonSchema(value, closed);
    }
  }
  if (closed && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  if (s.nullable === true && typeof s.type === 'string') out.type = [s.type, 'null'];
  return out;
}

/** The documented operation a concrete request hits, e.g. `get /api/v1/claims/<uuid>`. */
export function endpointFor(doc: OpenApiDocument, method: string, url: string): Endpoint {
  const path = url.split('?')[0]!;
  const found = endpoints(doc).find(
    (e) =>
      e.method === method.toLowerCase() &&
      new RegExp(`^${e.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(path),
  );
  if (!found) throw new Error(`${method} ${path} is not in the OpenAPI document`);
  return found;
}

/** A response, as the test saw it. */
export interface SeenResponse {
  status: number;
  contentType: string;
  body: unknown;
  text: string;
}

/** Holds responses to the document: documented status, content type and body schema. */
export class ResponseChecker {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    formats.default(this.ajv as never);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(
      {
        $id: 'api',
        components: {
          schemas: Object.fromEntries(
            Object.entries(doc.components.schemas).map(([k, v]) => [k, toJsonSchema(v, true)]),
          ),
        },
      },
      'api',
    );
  }

  /** Everything wrong with `res` as an answer of `endpoint`; empty when it is as documented. */
  check(endpoint: Endpoint, res: SeenResponse): string[] {
    const documented = endpoint.op.responses[String(res.status)] ?? endpoint.op.responses.default;
    if (!documented) {
      return [
        `status ${res.status} is not documented (${Object.keys(endpoint.op.responses).join(', ')})`,
      ];
    }
    const problems: string[] = [];
    if (res.status >= 500) problems.push(`status ${res.status}`);
    const mediaType = res.contentType.split(';')[0]!.trim().toLowerCase();
    if (res.status >= 400 && mediaType !== 'application/problem+json') {
      problems.push(`error ${res.status} answered as ${mediaType || 'no content type'}`);
    }
    const content = documented.content;
    if (!content) {
      if (res.status === 204 && res.text.length > 0) problems.push('204 with a body');
      return problems;
    }
    const media = content[mediaType];
    if (!media) {
      problems.push(
        `content type ${mediaType || '(none)'} for ${res.status} is not documented (${Object.keys(content).join(', ')})`,
      );
      return problems;
    }
    if (!media.schema || !/json/.test(mediaType)) return problems;
    const key = `${endpoint.method} ${endpoint.path} ${res.status} ${mediaType}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(media.schema, true) as Schema);
      this.cache.set(key, validate);
    }
    if (!validate(res.body)) {
      problems.push(
        `body does not match the ${res.status} schema: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}`,
      );
    }
    return problems;
  }
}
