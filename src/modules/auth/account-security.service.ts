import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { FieldCipher } from '../../common/crypto/field-cipher';
import { execute, sql } from '../../common/database/sql';
import { invalid, notFound } from '../../common/errors/errors';
import { AuditService } from '../audit/audit.service';
import { REDACTED } from '../audit/domain/audit-chain';
import { passwordProblem } from '../users/domain/password-policy';
import { hashPassword, verifyPassword } from '../users/password-hasher';
import { User } from '../users/user.entity';
import { AuthService } from './auth.service';
import { AuthError, AuthErrorCode } from './auth-errors';
import { newTotpSecret, totpUri } from './domain/totp';
import { MfaEnrolmentDto } from './dto/auth.dto';
import { acceptTotp, MFA_SECRET_PURPOSE } from './mfa';
import { SignInLimit } from './sign-in-limit';
import { revokeSession } from './tokens';

/** What signed-in users do to their own credentials: the password and the second factor. */
@Injectable()
export class AccountSecurityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly limit: SignInLimit,
    private readonly auth: AuthService,
  ) {}

  /**
   * Changes the caller's password after checking the current one (a wrong one counts toward
   * the sign-in limit), and ends every other session of theirs; this one goes on.
   */
  async changePassword(
    actor: Actor,
    sessionId: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.self(actor);
    const keys = this.limit.keys(actor, user.email);
    await this.limit.refuseWhileLocked(actor, keys);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      await this.limit.countFailure(keys);
      throw new AuthError(AuthErrorCode.CurrentPasswordWrong, 'The current password is wrong');
    }
    await this.limit.reset(keys);
    if (newPassword === currentPassword) {
      throw new AuthError(AuthErrorCode.PasswordUnchanged, 'The new password is the current one');
    }
    const problem = passwordProblem(newPassword, [user.email, user.fullName]);
    if (problem) {
      throw invalid('The new password is not acceptable', [
        { field: 'newPassword', message: `newPassword ${problem}` },
      ]);
    }
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await execute(
        manager,
        sql(
          `UPDATE users SET password_hash = :passwordHash, version = version + 1, updated_at = now() WHERE id = :userId`,
          { userId: user.id, passwordHash },
        ),
      );
      const { rows: ended } = await execute<{ family_id: string }>(
        manager,
        sql(
          `UPDATE refresh_tokens SET revoked_at = now()
          WHERE user_id = :userId AND family_id <> :sessionId AND revoked_at IS NULL
          RETURNING family_id`,
          { userId: user.id, sessionId },
        ),
      );
      await this.audit.record(manager, actor, {
        action: 'user.password_change',
        entityType: 'user',
        entityId: user.id,
        changes: {
          password: { before: REDACTED, after: REDACTED },
          otherSessionsEnded: new Set(ended.map((r) => r.family_id)).size,
        },
      });
    });
  }

  /**
   * A new TOTP secret for the caller, kept encrypted and inactive until a code made from it is
   * sent to activation. Enrolling again before activating replaces the secret.
   */
  async enrol(actor: Actor): Promise<MfaEnrolmentDto> {
    const user = await this.self(actor);
    if (user.mfaEnabledAt) {
      throw new AuthError(AuthErrorCode.MfaAlreadyActive, 'A second factor is already active');
    }
    const secret = newTotpSecret();
    await this.dataSource.transaction(async (manager) => {
      await execute(
        manager,
        sql(
          `UPDATE users SET mfa_secret_enc = :secretEnc, mfa_last_step = NULL, version = version + 1,
                updated_at = now()
          WHERE id = :userId AND mfa_enabled_at IS NULL`,
          { userId: user.id, secretEnc: this.cipher.encrypt(secret, MFA_SECRET_PURPOSE) },
        ),
      );
      await this.audit.record(manager, actor, {
        action: 'user.mfa_enrolment',
        entityType: 'user',
        entityId: user.id,
      });
    });
    return { secret, otpauthUrl: totpUri(user.email, secret) };
  }

  /**
   * Turns the enrolled factor on with a code from it. A session that could only enrol (the
   * role requires a factor) ends here: a full session starts with a sign-in that uses the code.
   */
  async activate(actor: Actor, sessionId: string, code: string): Promise<void> {
    const user = await this.self(actor);
    if (user.mfaEnabledAt) {
      throw new AuthError(AuthErrorCode.MfaAlreadyActive, 'A second factor is already active');
    }
    if (!user.mfaSecretEnc) {
      throw new AuthError(AuthErrorCode.MfaNotEnrolled, 'Enrol a second factor first');
    }
    const keys = this.limit.keys(actor, user.email);
    await this.limit.refuseWhileLocked(actor, keys);
    const endSession = this.auth.enrolmentOnly(user);
    const accepted = await this.dataSource.transaction(async (manager) => {
      if (!(await acceptTotp(manager, this.cipher, user, code, new Date(), true))) return false;
      if (endSession) {
        await revokeSession(manager, sessionId);
      }
      await this.audit.record(manager, actor, {
        action: 'user.mfa_activation',
        entityType: 'user',
        entityId: user.id,
        changes: { sessionEnded: endSession },
      });
      return true;
    });
    if (!accepted) {
      await this.limit.countFailure(keys);
      throw new AuthError(
        AuthErrorCode.InvalidMfaCode,
        'The code is wrong, expired or already used',
      );
    }
    await this.limit.reset(keys);
  }

  private async self(actor: Actor): Promise<User> {
    const user = await this.dataSource.manager.findOneBy(User, { id: actor.userId! });
    if (!user) throw notFound('User');
    return user;
  }
}
