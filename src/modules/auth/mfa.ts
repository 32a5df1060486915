import { EntityManager } from 'typeorm';

import { FieldCipher } from '../../common/crypto/field-cipher';
import { execute, sql } from '../../common/database/sql';
import { User } from '../users/user.entity';
import { matchedStep } from './domain/totp';

/** Purpose bound to the TOTP secret's ciphertext (FieldCipher associated data). */
export const MFA_SECRET_PURPOSE = 'user.mfaSecret';

/**
 * Checks a TOTP code against the user's secret and consumes its time step, atomically: a code
 * of a step already used (the same code replayed, or an older one) is refused, even by two
 * requests at once. `enable` also turns the factor on (activation). With `lastStep` (a sign-in
 * challenge's) the code is accepted only while no other code was accepted since the challenge.
 */
export async function acceptTotp(
  manager: EntityManager,
  cipher: FieldCipher,
  user: Pick<User, 'id' | 'mfaSecretEnc'>,
  code: string,
  now: Date,
  enable = false,
  lastStep?: string | null,
): Promise<boolean> {
  if (!user.mfaSecretEnc) return false;
  const step = matchedStep(
    code,
    cipher.decrypt(user.mfaSecretEnc, MFA_SECRET_PURPOSE),
    now.getTime(),
  );
  if (step === null) return false;
  const { rows } = await execute(
    manager,
    sql(
      `UPDATE users SET mfa_last_step = :step
           ${enable ? ', mfa_enabled_at = now(), version = version + 1, updated_at = now()' : ''}
      WHERE id = :userId AND (mfa_last_step IS NULL OR mfa_last_step < :step)
        ${lastStep === undefined ? '' : 'AND mfa_last_step IS NOT DISTINCT FROM CAST(:lastStep AS bigint)'}
      RETURNING id`,
      { userId: user.id, step, ...(lastStep === undefined ? {} : { lastStep }) },
    ),
  );
  return rows.length === 1;
}
