/** User roles (docs/api.md#roles-and-access). Plain enum so pure domain code may import it. */
export enum Role {
  Admin = 'admin',
  CaseWorker = 'case_worker',
  Lawyer = 'lawyer',
  Auditor = 'auditor',
}

export const ROLES: readonly Role[] = Object.values(Role);
