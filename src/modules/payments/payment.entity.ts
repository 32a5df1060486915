import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { Claim } from '../claims/claim.entity';
import type { AppliedRate } from '../exchange-rates/domain/exchange-rate';
import { ExchangeRate } from '../exchange-rates/exchange-rate.entity';
import { PaymentKind } from './domain/payment-kind';

// Declared in domain/ so pure rules can use it; re-exported for existing importers.
export { PaymentKind };

/**
 * Append-only ledger entry. A correction is a new entry with `reversalOf` set and a reason;
 * nothing is updated or deleted. The amount is always positive; a reversal subtracts.
 */
@Entity('payments')
@Index('uq_payments_idempotency_key', ['idempotencyKey'], { unique: true })
@Index('uq_payments_reversal_of', ['reversalOf'], {
  unique: true,
  where: '"reversal_of" IS NOT NULL',
})
@Index('ix_payments_claim_created_id', ['claimId', 'createdAt', 'id'])
@Check('ck_payments_amount_positive', '"amount" > 0')
@Check('ck_payments_claim_amount_positive', '"claim_amount" > 0')
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  claimId: string;

  @ManyToOne(() => Claim, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'fk_payments_claim' })
  claim?: Claim;

  @Column({ type: 'enum', enum: PaymentKind, enumName: 'payment_kind' })
  kind: PaymentKind;

  @Column({ type: 'numeric', precision: 15, scale: 2 })
  amount: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** The amount's value in the claim's currency: every cap and total uses it. */
  @Column({ type: 'numeric', precision: 15, scale: 2 })
  claimAmount: string;

  /** The recorded rate the amount was converted at; null when paid in the claim's currency. */
  @Column({ type: 'uuid', nullable: true })
  exchangeRateId: string | null;

  @ManyToOne(() => ExchangeRate, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'exchange_rate_id', foreignKeyConstraintName: 'fk_payments_exchange_rate' })
  rate?: ExchangeRate | null;

  /** A copy of that rate as applied (rates are never edited; the copy makes the row self-contained). */
  @Column({ type: 'jsonb', nullable: true })
  exchangeRate: AppliedRate | null;

  @Column({ type: 'timestamptz', precision: 3 })
  paidAt: Date;

  @Column({ type: 'varchar', length: 40 })
  method: string;

  /** The payer's own reference (bank transfer id, cheque number). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reference: string | null;

  /** Client-chosen key; the unique index makes a replay return the first result. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  idempotencyKey: string | null;

  /** sha256 of the canonical request body, to tell a replay from a different request. */
  @Column({ type: 'char', length: 64, nullable: true })
  requestHash: string | null;

  @Column({ type: 'uuid', nullable: true })
  reversalOf: string | null;

  @ManyToOne(() => Payment, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'reversal_of', foreignKeyConstraintName: 'fk_payments_reversal_of' })
  reversed?: Payment | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
