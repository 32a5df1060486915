import { DomainError, FieldError } from '../../../common/errors/domain-error';

/** Every way the claimant and representation rules can refuse a request. */
export enum ClaimantErrorCode {
  SelfRequiresSurvivor = 'SELF_REQUIRES_SURVIVOR',
  HeirShareRequiresDeceased = 'HEIR_SHARE_REQUIRES_DECEASED',
  HeirSharesExceed100 = 'HEIR_SHARES_EXCEED_100',
  GuardianInvalid = 'GUARDIAN_INVALID',
  LawyerNotEligible = 'LAWYER_NOT_ELIGIBLE',
  RepresentationExists = 'REPRESENTATION_EXISTS',
  FieldsNotEditable = 'CLAIMANT_FIELDS_NOT_EDITABLE',
}

/** HTTP status per code. A Record, so adding a code without a status fails to compile. */
export const CLAIMANT_ERROR_STATUS: Record<ClaimantErrorCode, number> = {
  [ClaimantErrorCode.SelfRequiresSurvivor]: 422,
  [ClaimantErrorCode.HeirShareRequiresDeceased]: 422,
  [ClaimantErrorCode.HeirSharesExceed100]: 422,
  [ClaimantErrorCode.GuardianInvalid]: 422,
  [ClaimantErrorCode.LawyerNotEligible]: 422,
  // The same lawyer already acts for the claimant.
  [ClaimantErrorCode.RepresentationExists]: 409,
  // A lawyer may change contact and bank details only: the role may not touch the rest.
  [ClaimantErrorCode.FieldsNotEditable]: 403,
};

export class ClaimantRuleError extends DomainError {
  declare readonly code: ClaimantErrorCode;

  constructor(code: ClaimantErrorCode, message: string, errors?: FieldError[]) {
    super(code, CLAIMANT_ERROR_STATUS[code], message, errors);
    this.name = 'ClaimantRuleError';
  }
}
