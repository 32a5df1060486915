import { DomainError } from '../../../common/errors/domain-error';

/** Every way the rules of a person on board can refuse a request. */
export enum PersonErrorCode {
  /** The outcome would contradict claims or claimants already recorded for the person. */
  OutcomeConflict = 'PERSON_OUTCOME_CONFLICT',
}

/** HTTP status per code. A Record, so adding a code without a status fails to compile. */
export const PERSON_ERROR_STATUS: Record<PersonErrorCode, number> = {
  // A conflict with what is on file: withdraw or correct those records first.
  [PersonErrorCode.OutcomeConflict]: 409,
};

export class PersonRuleError extends DomainError {
  declare readonly code: PersonErrorCode;

  constructor(code: PersonErrorCode, message: string) {
    super(code, PERSON_ERROR_STATUS[code], message);
    this.name = 'PersonRuleError';
  }
}
