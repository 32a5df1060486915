/**
 * A refusal by a business rule. Pure: no Nest or TypeORM import, so domain code can throw it.
 * The global problem filter turns it into application/problem+json with `status`.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
