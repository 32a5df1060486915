import type { Readable } from 'node:stream';

import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

import { DocumentErrorCode, DocumentRuleError } from './domain/document-errors';

/** One part of an upload form, independent of the HTTP library that parsed it. */
export type UploadPart =
  | { kind: 'field'; name: string; value: string; truncated: boolean }
  | {
      kind: 'file';
      name: string;
      fileName: string | undefined;
      /** `truncated` is set when the parser cut the file at its size limit. */
      content: Readable & { truncated?: boolean };
    };

/**
 * The parts of a multipart/form-data request, in arrival order, as @fastify/multipart parses
 * them under the limits registered in setup-app (one file, a few small fields). Anything
 * else is 415 before a byte is read.
 */
export function multipartParts(request: FastifyRequest): AsyncIterable<UploadPart> {
  if (!request.isMultipart()) {
    throw new DocumentRuleError(
      DocumentErrorCode.NotMultipart,
      'Upload documents as multipart/form-data with the fields "file" and "type"',
    );
  }
  return adapt(request.parts());
}

async function* adapt(parts: AsyncIterable<Multipart>): AsyncGenerator<UploadPart> {
  for await (const part of parts) {
    if (part.type === 'file') {
      yield { kind: 'file', name: part.fieldname, fileName: part.filename, content: part.file };
    } else {
      yield {
        kind: 'field',
        name: part.fieldname,
        value: typeof part.value === 'string' ? part.value : String(part.value),
        truncated: part.valueTruncated,
      };
    }
  }
}
