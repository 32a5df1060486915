import { EntityManager } from 'typeorm';

export interface PaymentTotals {
  /** Payments less reversals, exact decimal string. */
  paid: string;
  advances: string;
  awards: string;
}

/**
 * Sums the ledger in SQL NUMERIC (exact), a reversal counting against the kind it reverses.
 * Callers that must not race a concurrent payment hold the claim's row lock first.
 */
export async function paymentTotals(
  manager: EntityManager,
  claimId: string,
): Promise<PaymentTotals> {
  const [row] = (await manager.query(
    `SELECT
       COALESCE(SUM(CASE WHEN reversal_of IS NULL THEN amount ELSE -amount END), 0)::numeric(15,2)::text AS paid,
       COALESCE(SUM(CASE WHEN kind = 'advance' THEN (CASE WHEN reversal_of IS NULL THEN amount ELSE -amount END) END), 0)::numeric(15,2)::text AS advances,
       COALESCE(SUM(CASE WHEN kind = 'award' THEN (CASE WHEN reversal_of IS NULL THEN amount ELSE -amount END) END), 0)::numeric(15,2)::text AS awards
     FROM payments WHERE claim_id = $1`,
    [claimId],
  )) as PaymentTotals[];
  return row ?? { paid: '0.00', advances: '0.00', awards: '0.00' };
}
