import { randomUUID } from 'node:crypto';

import { Role } from '../../src/common/auth/role';
import { AuthService } from '../../src/modules/auth/auth.service';
import { hashPassword } from '../../src/modules/users/password-hasher';
import { User } from '../../src/modules/users/user.entity';
import type { TestApp } from './test-app';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  token: string;
  refreshToken: string;
  auth: { Authorization: string };
}

const PASSWORD = 'Caspian-harbour-lantern-42';
let cachedHash: Promise<string> | undefined;

/**
 * A user created straight in the database and signed in through AuthService (the same code
 * login uses), so suites do not spend the login rate limit.
 */
export async function createUser(
  t: TestApp,
  role: Role,
  overrides: Partial<Pick<User, 'fullName' | 'email' | 'active'>> = {},
): Promise<TestUser> {
  cachedHash ??= hashPassword(PASSWORD);
  const user = t.ds.manager.create(User, {
    email: overrides.email ?? `${role}-${randomUUID()}@test.invalid`,
    fullName: overrides.fullName ?? `Test ${role}`,
    role,
    passwordHash: await cachedHash,
    active: overrides.active ?? true,
  });
  await t.ds.manager.insert(User, user);
  const saved = await t.ds.manager.findOneByOrFail(User, { id: user.id });
  const tokens = await t.app.get(AuthService).startSession(saved);
  return {
    id: saved.id,
    email: saved.email,
    password: PASSWORD,
    role,
    token: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    auth: { Authorization: `Bearer ${tokens.accessToken}` },
  };
}
