import { EntityManager } from 'typeorm';

import { queryRows, sql } from '../../common/database/sql';
import { LINKED_ADVANCES_PAID, SIGNED_PAYMENT, sumMoney } from './ledger-sql';

export interface PaymentTotals {
  /** Net payments on the claim itself, in its currency (exact decimal string). */
  paid: string;
  advances: string;
  awards: string;
  /** Net payments on the advance claims linked to it: offset against its award. */
  linkedAdvances: string;
}

/**
 * Sums the claim's ledger in SQL NUMERIC (exact), in the claim's currency, a reversal counting
 * against the kind it reverses. Callers that must not race a concurrent payment hold the
 * claim's row lock and its person's ledger lock (payments.service.ts) first.
 */
export async function paymentTotals(
  manager: EntityManager,
  claimId: string,
): Promise<PaymentTotals> {
  const [row] = await queryRows<PaymentTotals>(
    manager,
    sql(
      `SELECT
       (SELECT ${sumMoney(SIGNED_PAYMENT('p'))} FROM payments p WHERE p.claim_id = c.id) AS paid,
       (SELECT ${sumMoney(SIGNED_PAYMENT('p'), "p.kind = 'advance'")} FROM payments p WHERE p.claim_id = c.id) AS advances,
       (SELECT ${sumMoney(SIGNED_PAYMENT('p'), "p.kind = 'award'")} FROM payments p WHERE p.claim_id = c.id) AS awards,
       ${LINKED_ADVANCES_PAID('c')} AS "linkedAdvances"
     FROM claims c WHERE c.id = :claimId`,
      { claimId },
    ),
  );
  return row ?? { paid: '0.00', advances: '0.00', awards: '0.00', linkedAdvances: '0.00' };
}
