import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { maskName } from '../../common/privacy/mask';

/** Names of claimants and persons on board as the caller may see them: masked for auditors. */
export function nameMasker(actor: Actor): (name: string) => string {
  return actor.role === Role.Auditor ? maskName : (name) => name;
}
