import type { Actor } from '../auth/actor';
import { Role } from '../auth/role';

/**
 * Free text that may carry health or family details (a claim's description, a note, a review,
 * transition or payment reason) as an auditor sees it: only its length. Everyone else, whose
 * role lets them read the record at all, reads it in full.
 */
export function redactForAuditor(actor: Pick<Actor, 'role'>, text: string | null): string | null {
  if (text === null || actor.role !== Role.Auditor) return text;
  return `[redacted: ${[...text].length} characters]`;
}
