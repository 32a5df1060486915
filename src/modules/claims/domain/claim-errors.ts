import { DomainError, FieldError } from '../../../common/errors/domain-error';

/** Every way the claim lifecycle can refuse a request. */
export enum ClaimErrorCode {
  TransitionNotAllowed = 'CLAIM_TRANSITION_NOT_ALLOWED',
  TransitionForbidden = 'CLAIM_TRANSITION_FORBIDDEN',
  ReasonRequired = 'REASON_REQUIRED',
  AmountRequired = 'AMOUNT_REQUIRED',
  ClaimIncomplete = 'CLAIM_INCOMPLETE',
  FourEyesRequired = 'FOUR_EYES_REQUIRED',
  AmountExceedsLiabilityLimit = 'AMOUNT_EXCEEDS_LIABILITY_LIMIT',
  AppealWindowClosed = 'APPEAL_WINDOW_CLOSED',
  RequiredDocumentsMissing = 'REQUIRED_DOCUMENTS_MISSING',
  PaymentsIncomplete = 'PAYMENTS_INCOMPLETE',
  AmountCurrencyMismatch = 'AMOUNT_CURRENCY_MISMATCH',
  AmountNotAccepted = 'AMOUNT_NOT_ACCEPTED',
  ClaimNotEditable = 'CLAIM_NOT_EDITABLE',
  ProgrammeNotForIncident = 'PROGRAMME_NOT_FOR_INCIDENT',
  ClaimTypeNotApplicable = 'CLAIM_TYPE_NOT_APPLICABLE',
  CaseWorkerNotEligible = 'CASE_WORKER_NOT_ELIGIBLE',
  ApprovedBelowPaid = 'APPROVED_BELOW_PAID',
  ProgrammeAmountExceeded = 'PROGRAMME_AMOUNT_EXCEEDED',
  NotEligible = 'NOT_ELIGIBLE',
  PrincipalClaimInvalid = 'PRINCIPAL_CLAIM_INVALID',
  ProgrammeNotOpen = 'PROGRAMME_NOT_OPEN',
}

/** HTTP status per code. A Record, so adding a code without a status fails to compile. */
export const CLAIM_ERROR_STATUS: Record<ClaimErrorCode, number> = {
  // No such edge from the current status: a conflict with the claim's state.
  [ClaimErrorCode.TransitionNotAllowed]: 409,
  // The edge exists, but not for this caller.
  [ClaimErrorCode.TransitionForbidden]: 403,
  // Missing request input, caught before any business rule.
  [ClaimErrorCode.ReasonRequired]: 400,
  // The request is well-formed but a business rule refuses it.
  [ClaimErrorCode.AmountRequired]: 422,
  [ClaimErrorCode.ClaimIncomplete]: 422,
  [ClaimErrorCode.FourEyesRequired]: 422,
  [ClaimErrorCode.AmountExceedsLiabilityLimit]: 422,
  [ClaimErrorCode.AppealWindowClosed]: 422,
  [ClaimErrorCode.RequiredDocumentsMissing]: 422,
  [ClaimErrorCode.PaymentsIncomplete]: 422,
  [ClaimErrorCode.AmountCurrencyMismatch]: 422,
  // An amount sent with a transition that sets none: malformed input, never silently dropped.
  [ClaimErrorCode.AmountNotAccepted]: 400,
  // The claim's fields are fixed once it leaves draft (assignment excepted until it ends).
  [ClaimErrorCode.ClaimNotEditable]: 409,
  [ClaimErrorCode.ProgrammeNotForIncident]: 422,
  [ClaimErrorCode.ClaimTypeNotApplicable]: 422,
  [ClaimErrorCode.CaseWorkerNotEligible]: 422,
  // An award cannot be less than what the claimant has already received.
  [ClaimErrorCode.ApprovedBelowPaid]: 422,
  // The programme's fixed amount per person (or an heir's share of it) is a hard cap.
  [ClaimErrorCode.ProgrammeAmountExceeded]: 422,
  [ClaimErrorCode.NotEligible]: 422,
  [ClaimErrorCode.PrincipalClaimInvalid]: 422,
  // Pledged, announced, suspended or closed: decisions wait for an open programme.
  [ClaimErrorCode.ProgrammeNotOpen]: 409,
};

export class ClaimRuleError extends DomainError {
  // `declare` narrows the inherited field's type without re-initialising it.
  declare readonly code: ClaimErrorCode;

  /**
   * `status` overrides the table where one code answers two situations: REASON_REQUIRED is
   * 400 when the edge always needs a reason (missing input), 422 when a business rule asks for
   * one (approving above the assessed amount).
   */
  constructor(
    code: ClaimErrorCode,
    message: string,
    options: { status?: number; errors?: FieldError[] } = {},
  ) {
    super(code, options.status ?? CLAIM_ERROR_STATUS[code], message, options.errors);
    this.name = 'ClaimRuleError';
  }
}
