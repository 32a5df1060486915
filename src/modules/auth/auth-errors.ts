import { DomainError } from '../../common/errors/domain-error';

/** Every way sign-in, sessions, password change and the second factor can refuse a request. */
export enum AuthErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  /** The current password sent to POST /auth/password is wrong. */
  CurrentPasswordWrong = 'CURRENT_PASSWORD_WRONG',
  /** The new password equals the current one. */
  PasswordUnchanged = 'PASSWORD_UNCHANGED',
  /** An mfaToken that is malformed, expired, used or not for this purpose. */
  InvalidMfaToken = 'INVALID_MFA_TOKEN',
  /** A TOTP code that is wrong, outside the time window, or already used. */
  InvalidMfaCode = 'INVALID_MFA_CODE',
  MfaAlreadyActive = 'MFA_ALREADY_ACTIVE',
  MfaNotEnrolled = 'MFA_NOT_ENROLLED',
  /** The role must use a second factor: this session may only enrol one. */
  MfaEnrolmentRequired = 'MFA_ENROLMENT_REQUIRED',
}

/** HTTP status per code. A Record, so adding a code without a status fails to compile. */
export const AUTH_ERROR_STATUS: Record<AuthErrorCode, number> = {
  [AuthErrorCode.InvalidCredentials]: 401,
  [AuthErrorCode.InvalidRefreshToken]: 401,
  [AuthErrorCode.CurrentPasswordWrong]: 403,
  [AuthErrorCode.PasswordUnchanged]: 422,
  [AuthErrorCode.InvalidMfaToken]: 401,
  [AuthErrorCode.InvalidMfaCode]: 401,
  [AuthErrorCode.MfaAlreadyActive]: 409,
  [AuthErrorCode.MfaNotEnrolled]: 409,
  [AuthErrorCode.MfaEnrolmentRequired]: 403,
};

export class AuthError extends DomainError {
  declare readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string) {
    super(code, AUTH_ERROR_STATUS[code], message);
    this.name = 'AuthError';
  }
}
