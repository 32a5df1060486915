/**
 * The one way the service sums its ledger in SQL. A payment row holds a positive amount; a
 * reversal entry subtracts the amount of the payment it reverses. Sums use `claim_amount`, the
 * payment's value in the claim's currency, so caps and totals never mix currencies.
 */

/** A payment's signed value in its claim's currency, for `SUM(...)` over rows aliased `alias`. */
export const SIGNED_PAYMENT = (alias: string) =>
  `CASE WHEN ${alias}.reversal_of IS NULL THEN ${alias}.claim_amount ELSE -${alias}.claim_amount END`;

/** A payment's signed value in the currency actually paid (see `currency`). */
export const SIGNED_PAID_AMOUNT = (alias: string) =>
  `CASE WHEN ${alias}.reversal_of IS NULL THEN ${alias}.amount ELSE -${alias}.amount END`;

/** `SUM(expr)`, optionally filtered, as an exact two-digit decimal string (never a float). */
export const sumMoney = (expr: string, filter?: string) =>
  `COALESCE(SUM(${expr})${filter ? ` FILTER (WHERE ${filter})` : ''}, 0)::numeric(20,2)::text`;

/**
 * Statuses in which a claim ended without an award: its net advances are owed back
 * (`toRecover`), and the advance claims linked to it no longer offset anything.
 */
export const ENDED_WITHOUT_AWARD = `('withdrawn', 'rejected')`;

/**
 * Net payments, in claim currency, on the advance claims linked to the claim aliased `claim`
 * (those that did not themselves end without an award): offset against its award.
 */
export const LINKED_ADVANCES_PAID = (claim: string) => `(
  SELECT ${sumMoney(SIGNED_PAYMENT('lap'))}
    FROM claims la JOIN payments lap ON lap.claim_id = la.id
   WHERE la.principal_claim_id = ${claim}.id AND la.status::text NOT IN ${ENDED_WITHOUT_AWARD})`;
