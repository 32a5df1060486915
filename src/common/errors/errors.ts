import { DomainError, FieldError } from './domain-error';
import { CommonErrorCode } from './error-codes';

/** Shorthands for the refusals every feature needs. */
export const notFound = (what: string) =>
  new DomainError(CommonErrorCode.NotFound, 404, `${what} not found`);

export const forbidden = (detail = 'Your role may not do this') =>
  new DomainError(CommonErrorCode.Forbidden, 403, detail);

export const conflict = (detail: string, code: string = CommonErrorCode.Conflict) =>
  new DomainError(code, 409, detail);

export const invalid = (detail: string, errors?: FieldError[]) =>
  new DomainError(CommonErrorCode.ValidationFailed, 400, detail, errors);

export const businessRule = (code: string, detail: string) => new DomainError(code, 422, detail);

export const preconditionRequired = () =>
  new DomainError(
    CommonErrorCode.PreconditionRequired,
    428,
    'This change needs an If-Match header with the version you last read',
  );

export const preconditionFailed = () =>
  new DomainError(
    CommonErrorCode.PreconditionFailed,
    412,
    'The resource has changed since you read it; read it again and retry',
  );

/** 429 with the seconds to wait, sent as Retry-After by the problem filter. */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    detail = `Too many requests; retry in ${retryAfterSeconds} s`,
  ) {
    super(CommonErrorCode.RateLimited, 429, detail);
    this.name = 'RateLimitedError';
  }
}
