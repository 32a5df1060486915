import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';

import { DomainError } from './domain-error';
import { CommonErrorCode } from './error-codes';
import { Problem, problem } from './problem';

export interface MappedError {
  problem: Problem;
  /** Unexpected errors are logged with their stack; expected refusals are not. */
  unexpected: boolean;
}

const HTTP_CODES: Record<number, CommonErrorCode> = {
  400: CommonErrorCode.MalformedRequest,
  401: CommonErrorCode.Unauthenticated,
  403: CommonErrorCode.Forbidden,
  404: CommonErrorCode.NotFound,
  405: CommonErrorCode.NotFound,
  406: CommonErrorCode.NotAcceptable,
  409: CommonErrorCode.Conflict,
  412: CommonErrorCode.PreconditionFailed,
  413: CommonErrorCode.PayloadTooLarge,
  415: CommonErrorCode.UnsupportedMediaType,
  428: CommonErrorCode.PreconditionRequired,
  429: CommonErrorCode.RateLimited,
  503: CommonErrorCode.ServiceUnavailable,
};

/** PostgreSQL SQLSTATEs a caller can cause, and what they mean to the caller. */
const PG_CODES: Record<string, [number, CommonErrorCode, string]> = {
  '23505': [409, CommonErrorCode.Duplicate, 'A record with the same unique value already exists'],
  '23503': [409, CommonErrorCode.Conflict, 'A referenced record does not exist or is still in use'],
  '23514': [422, CommonErrorCode.Conflict, 'The change breaks a data rule'],
  '22P02': [400, CommonErrorCode.MalformedRequest, 'A value has the wrong format'],
  '22001': [400, CommonErrorCode.MalformedRequest, 'A value is too long'],
  // Text with a NUL character (\u0000), which PostgreSQL cannot store, in a column or in JSON.
  '22021': [
    400,
    CommonErrorCode.MalformedRequest,
    'A value contains a character that cannot be stored',
  ],
  '22P05': [
    400,
    CommonErrorCode.MalformedRequest,
    'A value contains a character that cannot be stored',
  ],
  '22003': [400, CommonErrorCode.MalformedRequest, 'A number is out of range'],
  '22007': [400, CommonErrorCode.MalformedRequest, 'A date or time has the wrong format'],
  '22008': [400, CommonErrorCode.MalformedRequest, 'A date or time is out of range'],
  '40001': [409, CommonErrorCode.Conflict, 'A concurrent change interfered; retry the request'],
  '40P01': [409, CommonErrorCode.Conflict, 'A concurrent change interfered; retry the request'],
  '55P03': [409, CommonErrorCode.Conflict, 'The record is busy; retry the request'],
  '57014': [503, CommonErrorCode.ServiceUnavailable, 'The database took too long to answer'],
  '57P01': [503, CommonErrorCode.ServiceUnavailable, 'The database is restarting'],
  '57P03': [503, CommonErrorCode.ServiceUnavailable, 'The database is starting up'],
  '53300': [503, CommonErrorCode.ServiceUnavailable, 'The database has no free connection'],
};

// The last two are TypeORM's words when a connection died inside a transaction: its query
// runner let the broken connection go, and the transaction's next query finds it released.
const UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|connection timeout|Client has encountered a connection error|terminating connection|Query runner already released|query runner was already released/i;

/** Socket errors on the way to the database (the driver passes them through unwrapped). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Duck-typed, not `instanceof Error`: errors made by Node's own modules (net, dns) come from
 * another realm under a VM context such as jest's, and must map the same way there.
 */
export function databaseUnreachable(error: unknown): boolean {
  const e = error as { message?: unknown; code?: unknown } | null;
  if (typeof e !== 'object' || e === null) return false;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  return typeof e.message === 'string' && UNAVAILABLE.test(e.message);
}

function fastifyError(error: unknown): { statusCode: number; code: string } | undefined {
  const e = error as { statusCode?: unknown; code?: unknown };
  if (typeof e?.statusCode === 'number' && typeof e.code === 'string' && e.statusCode < 500) {
    return { statusCode: e.statusCode, code: e.code };
  }
  return undefined;
}

/** What a body of another media type is told (Fastify answers 415 before any route runs). */
const MEDIA_TYPES =
  'The request content type is not supported: send application/json (document uploads: multipart/form-data)';

const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than the service accepts',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: MEDIA_TYPES,
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but declared as JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body',
  FST_REQ_FILE_TOO_LARGE: 'The file is larger than the service accepts',
  FST_PARTS_LIMIT: 'The request has too many parts',
  FST_FILES_LIMIT: 'The request has too many files',
  FST_FIELDS_LIMIT: 'The request has too many fields',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'The request is not multipart/form-data',
};

/** The single table from any thrown value to the problem+json a caller sees. */
export function toProblem(error: unknown, requestId?: string): MappedError {
  const extra = requestId ? { requestId } : {};
  if (error instanceof DomainError) {
    return {
      problem: problem(error.status, error.code, error.message, { ...extra, errors: error.errors }),
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) {
      const response = error.getResponse();
      const detail =
        typeof response === 'object' && response !== null && 'message' in response
          ? String((response as { message: unknown }).message)
          : error.message;
      const code = HTTP_CODES[status] ?? CommonErrorCode.MalformedRequest;
      return {
        problem: problem(status, code, status === 415 ? MEDIA_TYPES : detail, extra),
        unexpected: false,
      };
    }
  }
  if (error instanceof QueryFailedError) {
    const sqlState = (error.driverError as { code?: string } | undefined)?.code ?? '';
    const mapped = PG_CODES[sqlState];
    if (mapped) {
      const [status, code, detail] = mapped;
      return { problem: problem(status, code, detail, extra), unexpected: status >= 500 };
    }
  }
  const fst = fastifyError(error);
  if (fst) {
    const code = HTTP_CODES[fst.statusCode] ?? CommonErrorCode.MalformedRequest;
    const detail = FASTIFY_DETAILS[fst.code] ?? 'The request could not be read';
    return { problem: problem(fst.statusCode, code, detail, extra), unexpected: false };
  }
  if (databaseUnreachable(error)) {
    return {
      problem: problem(
        503,
        CommonErrorCode.ServiceUnavailable,
        'The database is unavailable; retry shortly',
        extra,
      ),
      unexpected: true,
    };
  }
  return {
    problem: problem(
      500,
      CommonErrorCode.InternalError,
      'An unexpected error occurred; quote the request id when reporting it',
      extra,
    ),
    unexpected: true,
  };
}
