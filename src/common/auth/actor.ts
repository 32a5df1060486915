import type { Role } from './role';

/**
 * Who is asking, carried explicitly from the controller into the service so that access
 * checks and audit events never depend on ambient state.
 */
export interface Actor {
  userId: string | null;
  role: Role | null;
  requestId: string | null;
  ip: string | null;
  /** The caller's own X-Request-Id, when it is well-formed (setup-app.ts). */
  clientRequestId?: string | null;
}

export interface AuthenticatedActor extends Actor {
  userId: string;
  role: Role;
}

export const SYSTEM_ACTOR: Actor = { userId: null, role: null, requestId: null, ip: null };
