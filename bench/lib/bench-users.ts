import { createHash } from 'node:crypto';

import { Role } from '../../src/common/auth/role';

/**
 * The synthetic staff that seed:large creates once per database and the benchmark signs in
 * as. They share one known password (the data is synthetic; never use it for real data).
 */
export const BENCH_PASSWORD = 'Caspian-bench-lantern-8243';
export const BENCH_EMAIL_DOMAIN = 'bench.j2-8243.invalid';

export const BENCH_STAFF: Readonly<Record<Role, number>> = {
  [Role.Admin]: 3,
  [Role.CaseWorker]: 20,
  [Role.Lawyer]: 50,
  [Role.Auditor]: 2,
};

export interface BenchUserSpec {
  id: string;
  email: string;
  fullName: string;
  role: Role;
}

const LABEL: Record<Role, string> = {
  [Role.Admin]: 'admin',
  [Role.CaseWorker]: 'case-worker',
  [Role.Lawyer]: 'lawyer',
  [Role.Auditor]: 'auditor',
};

export function benchEmail(role: Role, n: number): string {
  return `${LABEL[role]}-${String(n).padStart(3, '0')}@${BENCH_EMAIL_DOMAIN}`;
}

/** A stable UUID (v4 layout) derived from a name, so reseeding yields the same keys. */
export function stableUuid(name: string): string {
  const h = createHash('sha256').update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function benchUserSpecs(): BenchUserSpec[] {
  const specs: BenchUserSpec[] = [];
  for (const role of Object.values(Role)) {
    for (let n = 1; n <= BENCH_STAFF[role]; n++) {
      const email = benchEmail(role, n);
      specs.push({
        id: stableUuid(`bench-user:${email}`),
        email,
        fullName: `Bench ${LABEL[role].replace('-', ' ')} ${n}`,
        role,
      });
    }
  }
  return specs;
}
