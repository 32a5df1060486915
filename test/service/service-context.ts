import 'reflect-metadata';

import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AppModule } from '../../src/app.module';
import type { Actor } from '../../src/common/auth/actor';
import { Role } from '../../src/common/auth/role';
import { loadConfig } from '../../src/config/app-config';
import { hashPassword } from '../../src/modules/users/password-hasher';
import { User } from '../../src/modules/users/user.entity';

/**
 * The service tier: the application's modules wired by Nest (the real providers, TypeORM on the
 * test database, no mocked repository) without HTTP, for tests that call one service directly.
 * The background worker is off, so nothing else touches the rows a test makes.
 */
export interface ServiceContext {
  app: INestApplicationContext;
  ds: DataSource;
  close(): Promise<void>;
}

export async function startServiceContext(
  env: Record<string, string> = {},
): Promise<ServiceContext> {
  const config = loadConfig({ ...process.env, WORKER_ENABLED: 'false', ...env });
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, config.databaseUrl),
    { logger: false },
  );
  await app.init();
  return { app, ds: app.get<DataSource>(getDataSourceToken()), close: () => app.close() };
}

/** A user row and the actor a controller would hand a service for them. */
export async function actorFor(ds: DataSource, role: Role): Promise<Actor> {
  const user = ds.manager.create(User, {
    email: `${role}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}@service.test`,
    fullName: `Service test ${role}`,
    role,
    passwordHash: await hashPassword('Caspian-harbour-lantern-42'),
    active: true,
  });
  await ds.manager.insert(User, user);
  return { userId: user.id, role, requestId: 'service-test', ip: null, clientRequestId: null };
}
