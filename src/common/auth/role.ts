/** User roles (DESIGN.md section 4). Plain enum so pure domain code may import it. */
export enum Role {
  Admin = 'admin',
  CaseWorker = 'case_worker',
  Lawyer = 'lawyer',
  Auditor = 'auditor',
}

export const ROLES: readonly Role[] = Object.values(Role);
