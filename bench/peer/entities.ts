import { Exclude } from 'class-transformer';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/*
 * The peer's entities: the same tables as the app, mapped the way the NestJS "Database" and
 * TypeORM guides show (decorated classes, relations loaded with `relations`), with explicit
 * column names instead of the app's naming strategy.
 */

@Entity('compensation_programmes')
export class Programme {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  name: string;

  @Column()
  payer: string;

  @Column({ type: 'varchar', nullable: true })
  currency: string | null;

  @Column()
  status: string;

  @Column({ name: 'liability_limit', type: 'numeric', nullable: true })
  liabilityLimit: string | null;
}

@Entity('claimants')
export class Claimant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'full_name' })
  fullName: string;

  @Column()
  relationship: string;

  /** Encrypted personal data: never serialised (the class-serializer guide's @Exclude). */
  @Exclude()
  @Column({ name: 'contact_enc', type: 'text', nullable: true })
  contact: string | null;

  @Exclude()
  @Column({ name: 'bank_account_enc', type: 'text', nullable: true })
  bankAccount: string | null;
}

@Entity('claims')
export class Claim {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  reference: string;

  @Column()
  type: string;

  @Column()
  status: string;

  @Column()
  currency: string;

  @Column({ name: 'amount_claimed', type: 'numeric', nullable: true })
  amountClaimed: string | null;

  @Column({ name: 'amount_assessed', type: 'numeric', nullable: true })
  amountAssessed: string | null;

  @Column({ name: 'amount_approved', type: 'numeric', nullable: true })
  amountApproved: string | null;

  @Column({ type: 'varchar', nullable: true })
  description: string | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt: Date;

  @ManyToOne(() => Programme)
  @JoinColumn({ name: 'programme_id' })
  programme: Programme;

  @ManyToOne(() => Claimant)
  @JoinColumn({ name: 'claimant_id' })
  claimant: Claimant;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('claim_transitions')
export class ClaimTransition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  @Column({ name: 'from_status' })
  fromStatus: string;

  @Column({ name: 'to_status' })
  toStatus: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_role', type: 'varchar', nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
