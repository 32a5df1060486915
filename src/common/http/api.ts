import { applyDecorators, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiParam, ApiResponse, OpenAPIObject } from '@nestjs/swagger';

import { invalid } from '../errors/errors';

/** A UUID path parameter: anything else is a 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        invalid(`${name} must be a UUID`, [{ field: name, message: 'must be a UUID' }]),
    }),
  );

const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemDto' };

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or invalid input',
  401: 'No or bad access token',
  403: 'Your role may not do this',
  404: 'Not found, or not visible to you',
  409: 'Conflicts with the current state',
  412: 'If-Match is stale: read again and retry',
  413: 'Body or file too large',
  415: 'Content or file type not allowed',
  422: 'A business rule refused the request',
  428: 'If-Match is required',
  429: 'Rate limited',
  503: 'Database unavailable or shutting down',
};

/** Documents the problem+json answers a route can give. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...[...new Set([400, 401, 429, 503, ...statuses])].map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
      }),
    ),
  );
}

/** A public route under the general per-address limit: it may answer 429 and nothing else 4xx. */
export const ApiRateLimited = () =>
  ApiResponse({
    status: 429,
    description: DESCRIPTIONS[429],
    content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
  });

/**
 * Any operation that takes a body can be refused before it runs: a body over the limit (413)
 * or of a media type it does not read (415). Added to the generated document in one place,
 * as fastify answers them for every such route (found by test/reliability/fuzz.e2e-spec.ts).
 */
export function documentBodyRefusals(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const op of [item.post, item.put, item.patch, item.delete]) {
      if (!op?.requestBody) continue;
      for (const status of [413, 415]) {
        op.responses[String(status)] ??= {
          description: DESCRIPTIONS[status]!,
          content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
        };
      }
    }
  }
  return document;
}

/** A protected route: bearer token, plus the problems every protected route can answer. */
export function ApiAuthed(...statuses: number[]) {
  return applyDecorators(ApiBearerAuth(), ApiProblems(403, ...statuses));
}

export const ApiIdParam = (name = 'id', description = 'Identifier') =>
  ApiParam({ name, format: 'uuid', description });

export const ApiIfMatch = () =>
  ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag (version) you last read, e.g. "3"',
  });

type SchemaNode = Record<string, unknown>;

/**
 * In OpenAPI 3.0.3 `nullable: true` adds null to its own schema's `type` only: an `allOf: [$ref]`
 * beside it (how @nestjs/swagger writes a nullable nested DTO) still refuses null, so a strict
 * validator rejects `amountApproved: null` or `contact: null`. Every such schema becomes
 * `oneOf: [the reference, a schema that is null only]`, once for the whole document, and the
 * document says it is 3.0.3. Found by test/security/openapi-strict.e2e-spec.ts.
 */
export function strictNullables(document: OpenAPIObject): OpenAPIObject {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (typeof node !== 'object' || node === null) return node;
    const out: SchemaNode = {};
    for (const [key, value] of Object.entries(node as SchemaNode)) out[key] = visit(value);
    const inner = (out.allOf as unknown[] | undefined) ?? (out.$ref ? [{ $ref: out.$ref }] : null);
    if (out.nullable !== true || !inner) return out;
    const { nullable: _n, allOf: _a, $ref: _r, type, ...rest } = out;
    const only = inner.length === 1 ? inner[0] : { allOf: inner };
    return {
      ...rest,
      oneOf: [
        only,
        { type: typeof type === 'string' ? type : 'object', nullable: true, enum: [null] },
      ],
    };
  };
  const fixed = visit(document) as OpenAPIObject;
  fixed.openapi = '3.0.3';
  return fixed;
}
