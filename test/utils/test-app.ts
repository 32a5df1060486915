import 'reflect-metadata';

import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { queryRows, sql } from '../../src/common/database/sql';
import { loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/setup-app';

export const API = '/api/v1';

export interface TestApp {
  app: NestFastifyApplication;
  ds: DataSource;
  /** supertest bound to the running app. */
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The real application from the same createApp() as main.ts, on the test database. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ ...process.env, ...env });
  const app = await createApp(config, config.databaseUrl);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const ds = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    ds,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}

export async function seededIncidentId(ds: DataSource): Promise<string> {
  const [row] = await queryRows<{
    id: string;
  }>(ds, sql(`SELECT id FROM incidents WHERE code = 'J2-8243'`));
  if (!row) throw new Error('J2-8243 is not seeded');
  return row.id;
}
