import { EntityManager } from 'typeorm';

import { CiphertextError, FieldCipher } from '../../common/crypto/field-cipher';
import { queryRows, sql } from '../../common/database/sql';
import type { Contact } from '../claimants/domain/contact';
import { Language } from './domain/notification-types';

/** Who can be told about a claim, read in the transaction of the change. */

export interface ClaimantAudience {
  language: Language;
  /** The claimant, when they have an e-mail address and consented to messages. */
  consentingClaimantId: string | null;
  /** Active lawyers representing the claimant (active users only). */
  lawyerIds: string[];
}

export const CONTACT_PURPOSE = 'claimant.contact';

export function contactEmail(cipher: FieldCipher, contactEnc: string | null): string | null {
  if (!contactEnc) return null;
  try {
    return cipher.decryptJson<Contact>(contactEnc, CONTACT_PURPOSE).email ?? null;
  } catch (error) {
    // A ciphertext no key opens is a fault of its own (reported where it is read in full);
    // here it only means nobody can be written to.
    if (error instanceof CiphertextError) return null;
    throw error;
  }
}

export async function claimantAudience(
  manager: EntityManager,
  cipher: FieldCipher,
  claimantId: string,
): Promise<ClaimantAudience> {
  const [row] = await queryRows<{
    language: Language | null;
    consent: boolean;
    contactEnc: string | null;
    lawyerIds: string[];
  }>(
    manager,
    sql(
      `SELECT cl.preferred_language AS language, cl.notifications_consent AS consent,
            cl.contact_enc AS "contactEnc",
            ARRAY(SELECT r.lawyer_id::text FROM representations r JOIN users u ON u.id = r.lawyer_id
                   WHERE r.claimant_id = cl.id AND r.ended_at IS NULL AND u.active
                   ORDER BY r.started_at, r.id) AS "lawyerIds"
       FROM claimants cl WHERE cl.id = :claimantId`,
      { claimantId },
    ),
  );
  if (!row) return { language: Language.En, consentingClaimantId: null, lawyerIds: [] };
  const reachable = row.consent && contactEmail(cipher, row.contactEnc) !== null;
  return {
    language: row.language ?? Language.En,
    consentingClaimantId: reachable ? claimantId : null,
    lawyerIds: row.lawyerIds,
  };
}

/** The user, when active and of this role. */
export async function activeUser(
  manager: EntityManager,
  userId: string | null,
  role: string,
): Promise<string | null> {
  if (!userId) return null;
  const rows = await queryRows<{ id: string }>(
    manager,
    sql(`SELECT id FROM users WHERE id = :userId AND active AND role = :role`, { userId, role }),
  );
  return rows[0]?.id ?? null;
}

export async function activeAdmins(manager: EntityManager): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    manager,
    sql(`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY created_at, id`),
  );
  return rows.map((r) => r.id);
}

/**
 * The case workers of an incident: active case workers assigned to any of its claims, or,
 * while none is, every active case worker (the model has no incident team; a reminder that
 * reaches too many is better than one that reaches nobody).
 */
export async function incidentCaseWorkers(
  manager: EntityManager,
  incidentId: string,
): Promise<string[]> {
  const assigned = await queryRows<{ id: string }>(
    manager,
    sql(
      `SELECT u.id FROM users u
      WHERE u.role = 'case_worker' AND u.active
        AND EXISTS (SELECT 1 FROM claims c WHERE c.incident_id = :incidentId AND c.assigned_case_worker_id = u.id)
      ORDER BY u.created_at, u.id`,
      { incidentId },
    ),
  );
  if (assigned.length > 0) return assigned.map((r) => r.id);
  const all = await queryRows<{ id: string }>(
    manager,
    sql(`SELECT id FROM users WHERE role = 'case_worker' AND active ORDER BY created_at, id`),
  );
  return all.map((r) => r.id);
}

/** Live webhook subscriptions that asked for this event type. */
export async function subscribers(manager: EntityManager, eventType: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    manager,
    sql(
      `SELECT id FROM webhook_subscriptions
      WHERE deleted_at IS NULL AND :eventType = ANY(events) ORDER BY created_at, id`,
      { eventType },
    ),
  );
  return rows.map((r) => r.id);
}
