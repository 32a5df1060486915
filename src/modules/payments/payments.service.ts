import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { invalid, notFound } from '../../common/errors/errors';
import { Currency, formatAmount } from '../../common/money/money';
import { mapPage, Page, PageQueryDto, paginate } from '../../common/pagination/pagination';
import { redactForAuditor } from '../../common/privacy/redact';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { Claim } from '../claims/claim.entity';
import { findVisibleClaim } from '../claims/claim-access';
import { lockPersonInProgramme } from '../claims/person-programme-lock';
import { utcDate } from '../exchange-rates/domain/exchange-rate';
import { ExchangeRatesService } from '../exchange-rates/exchange-rates.service';
import { Incident } from '../incidents/incident.entity';
import { ClaimNotifier } from '../notifications/claim-notifier';
import { CompensationProgramme } from '../programmes/compensation-programme.entity';
import { assertOpen } from '../programmes/domain/programme-status';
import { paymentRequestHash } from './domain/idempotency';
import { PaymentErrorCode, PaymentRuleError } from './domain/payment-errors';
import { PaymentMethod } from './domain/payment-kind';
import {
  assertPayable,
  checkPayment,
  checkReversal,
  PrincipalForPayment,
} from './domain/payment-rules';
import { CreatePaymentDto, PaymentResponseDto, ReversePaymentDto } from './dto/payment.dto';
import { Payment } from './payment.entity';
import { paymentTotals } from './payment-totals';

/** A paidAt this far ahead of the server clock is still "now" on the payer's side. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * A payment dated before the incident's day cannot be compensation for it: a typing error in
 * the year, most likely. Earlier than the claim is allowed (a payment made before it was filed
 * here and recorded afterwards).
 */
async function refuseBeforeIncident(
  manager: EntityManager,
  incidentId: string,
  paidAt: Date,
): Promise<void> {
  const incident = await manager.findOneByOrFail(Incident, { id: incidentId });
  const incidentDay = utcDate(incident.occurredAt);
  if (utcDate(paidAt) < incidentDay) {
    throw invalid(`A payment for this incident cannot be dated before ${incidentDay}`, [
      { field: 'paidAt', message: `must not be before the incident (${incidentDay})` },
    ]);
  }
}

export interface RecordedPayment {
  payment: PaymentResponseDto;
  /** True when the Idempotency-Key named a payment already recorded: nothing new was written. */
  replayed: boolean;
}

/** The claim's currency, as a payment row knows it: the other side of its rate, if any. */
function claimCurrencyOf(p: Payment): string {
  const rate = p.exchangeRate;
  if (!rate) return p.currency;
  return rate.base === p.currency ? rate.quote : rate.base;
}

export function toPaymentResponse(p: Payment): PaymentResponseDto {
  return {
    id: p.id,
    claimId: p.claimId,
    kind: p.kind,
    amount: { amount: formatAmount(p.amount), currency: p.currency as Currency },
    claimAmount: {
      amount: formatAmount(p.claimAmount),
      currency: claimCurrencyOf(p) as Currency,
    },
    exchangeRate: p.exchangeRate,
    paidAt: p.paidAt.toISOString(),
    method: p.method as PaymentMethod,
    reference: p.reference,
    reversalOf: p.reversalOf,
    reason: p.reason,
    recordedBy: p.recordedBy,
    createdAt: p.createdAt.toISOString(),
  };
}

/**
 * The append-only payments ledger. Every write locks the claim row first, so the cap check
 * and the insert see every other payment on the claim; nothing here updates or deletes.
 */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly rates: ExchangeRatesService,
    private readonly notifier: ClaimNotifier,
  ) {}

  async list(
    actor: Actor,
    claimId: string,
    query: PageQueryDto,
  ): Promise<Page<PaymentResponseDto>> {
    await findVisibleClaim(this.dataSource.manager, actor, claimId);
    const qb = this.payments
      .createQueryBuilder('payment')
      .where('payment.claimId = :claimId', { claimId });
    return mapPage(await paginate(qb, query), (p) => ({
      ...toPaymentResponse(p),
      reason: redactForAuditor(actor, p.reason),
    }));
  }

  /**
   * Records a payment once per Idempotency-Key. A replay of the same request returns the
   * stored payment; the key with a different request is refused. The unique index on the key
   * decides between concurrent first attempts, on any number of app instances.
   */
  async record(
    actor: Actor,
    claimId: string,
    idempotencyKey: string,
    dto: CreatePaymentDto,
  ): Promise<RecordedPayment> {
    const paidAt = dto.paidAt ? new Date(dto.paidAt) : null;
    if (paidAt && paidAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
      throw invalid('A payment cannot be recorded before it is made', [
        { field: 'paidAt', message: 'must not be in the future' },
      ]);
    }
    const requestHash = paymentRequestHash({ claimId, ...dto });
    const replay = await this.findReplay(this.dataSource.manager, idempotencyKey, requestHash);
    if (replay) return replay;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const claim = await findVisibleClaim(manager, actor, claimId, { lock: true });
        // The first request with this key may have committed while this one waited for the lock.
        const earlier = await this.findReplay(manager, idempotencyKey, requestHash);
        if (earlier) return earlier;
        assertPayable(claim.status);
        const programme = await manager.findOneByOrFail(CompensationProgramme, {
          id: claim.programmeId,
        });
        assertOpen(programme.status, 'payment');
        if (paidAt) await refuseBeforeIncident(manager, claim.incidentId, paidAt);
        await lockPersonInProgramme(manager, claim.programmeId, claim.personId);
        const when = paidAt ?? new Date();
        // Paid in another currency: its value in the claim's, at the rate of the payment date.
        const converted = await this.rates.convertPayment(
          manager,
          formatAmount(dto.amount.amount),
          dto.amount.currency,
          claim.currency,
          utcDate(when),
        );
        checkPayment(
          claim,
          { kind: dto.kind, amount: converted.amount },
          await paymentTotals(manager, claimId),
          await this.principalOf(manager, claim),
        );
        const payment = manager.create(Payment, {
          claimId,
          kind: dto.kind,
          amount: formatAmount(dto.amount.amount),
          currency: dto.amount.currency,
          claimAmount: converted.amount,
          exchangeRateId: converted.rate?.id ?? null,
          exchangeRate: converted.rate,
          paidAt: when,
          method: dto.method,
          reference: dto.reference ?? null,
          idempotencyKey,
          requestHash,
          reversalOf: null,
          reason: null,
          recordedBy: actor.userId,
        });
        await manager.insert(Payment, payment);
        const saved = await manager.findOneByOrFail(Payment, { id: payment.id });
        await this.notifier.paymentRecorded(manager, actor, claim, saved);
        await this.audit.record(manager, actor, {
          action: 'payment.record',
          entityType: 'payment',
          entityId: saved.id,
          changes: diffChanges(null, auditable(saved)),
        });
        return { payment: toPaymentResponse(saved), replayed: false };
      });
    } catch (error) {
      if (!isUniqueViolation(error, 'uq_payments_idempotency_key')) throw error;
      // Another request (another claim, or another instance) committed this key first.
      const stored = await this.findReplay(this.dataSource.manager, idempotencyKey, requestHash);
      if (stored) return stored;
      throw new PaymentRuleError(
        PaymentErrorCode.IdempotencyKeyInFlight,
        'A request with this Idempotency-Key is still being processed; retry shortly',
      );
    }
  }

  /** A reversal is a new entry for the same kind and amount; a payment is reversed at most once. */
  async reverse(
    actor: Actor,
    paymentId: string,
    dto: ReversePaymentDto,
  ): Promise<PaymentResponseDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const target = await manager.findOneBy(Payment, { id: paymentId });
        if (!target) throw notFound('Payment');
        const claim = await findVisibleClaim(manager, actor, target.claimId, { lock: true });
        const recovery = checkReversal(claim.status, target.kind);
        if (target.reversalOf !== null) {
          throw new PaymentRuleError(
            PaymentErrorCode.ReversalNotReversible,
            'A reversal cannot itself be reversed; record a new payment instead',
          );
        }
        if (await manager.existsBy(Payment, { reversalOf: target.id })) throw alreadyReversed();
        const reversal = manager.create(Payment, {
          claimId: target.claimId,
          kind: target.kind,
          amount: target.amount,
          currency: target.currency,
          // The reversal undoes exactly what the payment counted, at the payment's own rate.
          claimAmount: target.claimAmount,
          exchangeRateId: target.exchangeRateId,
          exchangeRate: target.exchangeRate,
          paidAt: new Date(),
          method: target.method,
          reference: null,
          idempotencyKey: null,
          requestHash: null,
          reversalOf: target.id,
          reason: dto.reason.trim(),
          recordedBy: actor.userId,
        });
        await manager.insert(Payment, reversal);
        const saved = await manager.findOneByOrFail(Payment, { id: reversal.id });
        await this.audit.record(manager, actor, {
          action: 'payment.reverse',
          entityType: 'payment',
          entityId: saved.id,
          // The reason may tell a family's circumstances: the log keeps only that one was given.
          changes: {
            ...diffChanges(null, auditable(saved), ['reason']),
            ...(recovery ? { recovery } : {}),
          },
        });
        return toPaymentResponse(saved);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_payments_reversal_of')) throw alreadyReversed();
      throw error;
    }
  }

  /** An advance claim's approved principal bounds it too (payment-rules.ts). */
  private async principalOf(
    manager: EntityManager,
    claim: Claim,
  ): Promise<PrincipalForPayment | null> {
    if (claim.principalClaimId === null) return null;
    const principal = await manager.findOneByOrFail(Claim, { id: claim.principalClaimId });
    const totals = await paymentTotals(manager, principal.id);
    return { ...principal, paid: totals.paid, linkedAdvances: totals.linkedAdvances };
  }

  private async findReplay(
    manager: EntityManager,
    idempotencyKey: string,
    requestHash: string,
  ): Promise<RecordedPayment | null> {
    const stored = await manager.findOneBy(Payment, { idempotencyKey });
    if (!stored) return null;
    if (stored.requestHash !== requestHash) {
      throw new PaymentRuleError(
        PaymentErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was already used for a different payment request',
        'Idempotency-Key',
      );
    }
    return { payment: toPaymentResponse(stored), replayed: true };
  }
}

function alreadyReversed(): PaymentRuleError {
  return new PaymentRuleError(
    PaymentErrorCode.AlreadyReversed,
    'This payment has already been reversed',
  );
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string; constraint?: string } | undefined;
  return driver?.code === '23505' && driver.constraint === constraint;
}

function auditable(p: Payment): Record<string, unknown> {
  return {
    claimId: p.claimId,
    kind: p.kind,
    amount: formatAmount(p.amount),
    currency: p.currency,
    claimAmount: formatAmount(p.claimAmount),
    exchangeRate: p.exchangeRate,
    paidAt: p.paidAt,
    method: p.method,
    reference: p.reference,
    reversalOf: p.reversalOf,
    reason: p.reason,
  };
}
