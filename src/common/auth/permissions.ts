import { Role } from './role';

const { Admin, CaseWorker, Lawyer, Auditor } = Role;
const ALL = [Admin, CaseWorker, Lawyer, Auditor];

/**
 * docs/api.md#roles-and-access as plain data: which roles may use each permission. Object-level scope
 * (a lawyer's own clients) and masking (auditors) are applied by the services on top of this.
 */
export const PERMISSIONS = {
  'users:manage': [Admin],
  'users:read': [Admin, Auditor],
  'users:read-self': ALL,
  'incidents:manage': [Admin],
  'incidents:read': ALL,
  'programmes:manage': [Admin],
  'programmes:read': ALL,
  'programme_events:read': [Admin, CaseWorker, Auditor],
  'exchange_rates:manage': [Admin],
  'exchange_rates:read': [Admin, CaseWorker, Auditor],
  'persons:manage': [Admin, CaseWorker],
  'persons:read': ALL,
  // Amounts and claim references only: no personal data to mask for auditors.
  'persons:read-compensation': ALL,
  'claimants:manage': [Admin, CaseWorker],
  'claimants:update': [Admin, CaseWorker, Lawyer],
  'claimants:read': ALL,
  'representations:manage': [Admin, CaseWorker],
  'claims:create': [Admin, CaseWorker, Lawyer],
  'claims:update': [Admin, CaseWorker, Lawyer],
  'claims:transition': [Admin, CaseWorker, Lawyer],
  'claims:read': ALL,
  'notes:create': [Admin, CaseWorker, Lawyer],
  'notes:read': ALL,
  'documents:upload': [Admin, CaseWorker, Lawyer],
  'documents:read-content': [Admin, CaseWorker, Lawyer],
  'documents:read': ALL,
  'documents:review': [Admin, CaseWorker],
  'payments:record': [Admin],
  'payments:reverse': [Admin],
  'payments:read': ALL,
  'audit:read': [Admin, Auditor],
  'reports:read': [Admin, CaseWorker, Auditor],
  'notifications:read': [Admin],
  'webhooks:manage': [Admin],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
