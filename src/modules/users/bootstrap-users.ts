import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import { SYSTEM_ACTOR } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { AppConfig, ConfigError } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { passwordProblem } from './domain/password-policy';
import { hashPassword } from './password-hasher';
import { User } from './user.entity';

export interface DemoCredential {
  role: Role;
  email: string;
  password: string;
}

const DEMO_DOMAIN = 'demo.j2-8243.invalid';

async function createUser(
  ds: DataSource,
  email: string,
  fullName: string,
  role: Role,
  password: string,
) {
  const audit = new AuditService(ds);
  const passwordHash = await hashPassword(password);
  await ds.transaction(async (manager) => {
    const user = manager.create(User, { email, fullName, role, passwordHash, active: true });
    await manager.insert(User, user);
    await audit.record(manager, SYSTEM_ACTOR, {
      action: 'user.bootstrap',
      entityType: 'user',
      entityId: user.id,
      changes: { role, email },
    });
  });
}

/**
 * The first administrator comes from ADMIN_EMAIL / ADMIN_PASSWORD. On the embedded default
 * outside production, one demo user per role is also created, once, and their generated
 * credentials are returned so the caller can print them that one time.
 */
export async function ensureBootstrapUsers(
  ds: DataSource,
  config: AppConfig,
): Promise<DemoCredential[]> {
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const email = config.ADMIN_EMAIL.toLowerCase();
    if (!(await ds.manager.existsBy(User, { email }))) {
      const problem = passwordProblem(config.ADMIN_PASSWORD, [email]);
      if (problem) throw new ConfigError(`Invalid configuration:\n  ADMIN_PASSWORD: ${problem}`);
      await createUser(ds, email, 'Administrator', Role.Admin, config.ADMIN_PASSWORD);
    }
  }
  const demo: DemoCredential[] = [];
  if (config.embedded && !config.production) {
    for (const role of Object.values(Role)) {
      const email = `${role.replace('_', '-')}@${DEMO_DOMAIN}`;
      if (await ds.manager.existsBy(User, { email })) continue;
      const password = `demo-${randomBytes(15).toString('base64url')}`;
      await createUser(ds, email, `Demo ${role.replace('_', ' ')}`, role, password);
      demo.push({ role, email, password });
    }
  }
  return demo;
}
