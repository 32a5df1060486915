import { Client } from 'pg';

import { SIGNED_PAYMENT, sumMoney } from '../../src/modules/payments/ledger-sql';

/**
 * Ledger and audit invariants checked straight in the database, over a connection of the
 * test's own (the app's pool may have been cut or terminated just before).
 */

export interface LedgerViolation {
  claimId: string;
  approved: string;
  paid: string;
}

export async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Claims whose non-reversed payments total more than the approved amount. */
export async function overpaidClaims(
  client: Client,
  claimIds: string[],
): Promise<LedgerViolation[]> {
  const { rows } = await client.query<LedgerViolation>(
    `SELECT c.id AS "claimId", c.amount_approved::text AS approved,
            ${sumMoney(SIGNED_PAYMENT('p'))} AS paid
       FROM claims c LEFT JOIN payments p ON p.claim_id = c.id
      WHERE c.id = ANY($1::uuid[])
      GROUP BY c.id, c.amount_approved
     HAVING COALESCE(SUM(${SIGNED_PAYMENT('p')}), 0) > COALESCE(c.amount_approved, c.amount_claimed)`,
    [claimIds],
  );
  return rows;
}

/** Payments of these claims without exactly one audit event of their own, and vice versa. */
export async function paymentsWithoutEvent(client: Client, claimIds: string[]): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT p.id FROM payments p
      WHERE p.claim_id = ANY($1::uuid[])
        AND (SELECT count(*) FROM audit_events a
              WHERE a.entity_type = 'payment' AND a.entity_id = p.id::text
                AND a.action = CASE WHEN p.reversal_of IS NULL THEN 'payment.record'
                                    ELSE 'payment.reverse' END) <> 1`,
    [claimIds],
  );
  return rows.map((r) => r.id);
}

/** Transitions of these claims without exactly one `claim.transition` event naming them. */
export async function transitionsWithoutEvent(
  client: Client,
  claimIds: string[],
): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT t.id FROM claim_transitions t
      WHERE t.claim_id = ANY($1::uuid[])
        AND (SELECT count(*) FROM audit_events a
              WHERE a.action = 'claim.transition' AND a.entity_id = t.claim_id::text
                AND a.changes->>'transitionId' = t.id::text) <> 1`,
    [claimIds],
  );
  return rows.map((r) => r.id);
}

/** Audit events about these claims' payments and transitions that have no row behind them. */
export async function eventsWithoutChange(client: Client, claimIds: string[]): Promise<string[]> {
  const { rows } = await client.query<{ seq: string }>(
    `SELECT a.seq::text AS seq FROM audit_events a
      WHERE (a.action = 'claim.transition' AND a.entity_id = ANY($1::text[])
             AND NOT EXISTS (SELECT 1 FROM claim_transitions t
                              WHERE t.id::text = a.changes->>'transitionId'))
         OR (a.action IN ('payment.record', 'payment.reverse')
             AND a.changes->'claimId'->>'after' = ANY($1::text[])
             AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.id::text = a.entity_id))`,
    [claimIds],
  );
  return rows.map((r) => r.seq);
}

/** Claims whose version does not equal 1 + their accepted transitions (a lost update). */
export async function versionsOutOfStep(client: Client, claimIds: string[]): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT c.id FROM claims c
      WHERE c.id = ANY($1::uuid[])
        AND c.version <> 1 + (SELECT count(*) FROM claim_transitions t WHERE t.claim_id = c.id)`,
    [claimIds],
  );
  return rows.map((r) => r.id);
}
