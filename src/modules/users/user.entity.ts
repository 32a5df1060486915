import { Column, Entity, Index } from 'typeorm';

import { Role } from '../../common/auth/role';
import { BaseEntity } from '../../common/database/base.entity';

@Entity('users')
@Index('uq_users_email', ['email'], { unique: true })
@Index('ix_users_created_id', ['createdAt', 'id'])
export class User extends BaseEntity {
  /** Stored lower-cased, so uniqueness is case-insensitive. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  /** argon2id PHC string; never leaves the service. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Bumped on deactivation and password change: access tokens of older epochs stop working. */
  @Column({ type: 'integer', default: 0 })
  tokenEpoch: number;

  /** TOTP shared secret, encrypted (FieldCipher, purpose `user.mfaSecret`); null until enrolment. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  mfaSecretEnc: string | null;

  /** When the second factor was turned on; null while there is none (or it is only enrolled). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  mfaEnabledAt: Date | null;

  /** The last TOTP time step accepted: a code of this step or an earlier one is refused. */
  @Column({ type: 'bigint', nullable: true })
  mfaLastStep: string | null;
}
