import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { getDataSourceToken } from '@nestjs/typeorm';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';

import { Role } from '../src/common/auth/role';
import { loadConfig } from '../src/config/app-config';
import { prepareDatabase } from '../src/database/runtime';
import { AuthService } from '../src/modules/auth/auth.service';
import { ClaimNotifier } from '../src/modules/notifications/claim-notifier';
import { OutboxDelivery } from '../src/modules/notifications/delivery/outbox-delivery';
import {
  Language,
  NotificationChannel,
  RecipientType,
} from '../src/modules/notifications/domain/notification-types';
import { OutboxWriter } from '../src/modules/notifications/outbox-writer';
import { hashPassword } from '../src/modules/users/password-hasher';
import { User } from '../src/modules/users/user.entity';
import { createApp } from '../src/setup-app';

/*
 * Outbox benchmark (`npm run bench:outbox`, a PostgreSQL server in DATABASE_URL):
 * 1. throughput: N e-mail notifications delivered by one worker to a local SMTP sink
 *    (smtp-server on loopback, parsing every message), in messages a second;
 * 2. the latency a transition's outbox write adds: the same transitions (information requested
 *    and back, each writing 2 e-mails and 1 webhook) with the notifier, and with it replaced by
 *    a no-op, interleaved in rounds.
 * Options: --messages N (default 2000), --transitions N per variant (default 300).
 */

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function main(): Promise<void> {
  const messages = option('messages', 2000);
  const transitions = option('transitions', 300);
  if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to a PostgreSQL server');
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _s, done) {
      void simpleParser(stream).then(() => {
        received++;
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}/?ignoreTLS=true`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    SEED_ON_START: 'false',
    JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('base64'),
    DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY ?? randomBytes(32).toString('base64'),
    WORKER_ENABLED: 'false',
    WORKER_POLL_INTERVAL_MS: '20',
    SMTP_URL: smtpUrl,
    RATE_LIMIT_PER_MINUTE: '100000000',
  };
  const config = loadConfig(env);
  await prepareDatabase(
    { config, databaseUrl: config.databaseUrl, close: async () => undefined },
    () => undefined,
    false,
  );
  const app = await createApp(config, config.databaseUrl);
  await app.init();
  const ds = app.get<DataSource>(getDataSourceToken());
  const fastify = app.getHttpAdapter().getInstance();
  const user = async (role: Role) => {
    const u = ds.manager.create(User, {
      email: `bench-outbox-${role}-${randomBytes(4).toString('hex')}@bench.invalid`,
      fullName: `Bench ${role}`,
      role,
      passwordHash: await hashPassword('Caspian-bench-lantern-8243'),
      active: true,
    });
    await ds.manager.insert(User, u);
    const saved = await ds.manager.findOneByOrFail(User, { id: u.id });
    const tokens = await app.get(AuthService).startSession(saved);
    return { id: saved.id, auth: `Bearer ${tokens.accessToken}` };
  };
  const call = async (
    method: 'GET' | 'POST',
    url: string,
    who: string,
    body?: object,
    headers = {},
  ) => {
    const res = await fastify.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: who, ...headers },
      ...(body ? { payload: body } : {}),
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  };

  // 1. Throughput of one worker.
  const lawyer = await user(Role.Lawyer);
  const ids: string[] = [];
  await ds.transaction(async (manager) => {
    const drafts = Array.from({ length: messages }, () => ({
      channel: NotificationChannel.Email,
      template: 'claim.status_changed',
      recipientType: RecipientType.User,
      recipientId: lawyer.id,
      language: Language.En,
      payload: {
        claimId: lawyer.id,
        reference: 'BENCH-C-00001',
        from: 'under_review',
        to: 'assessed',
        at: new Date().toISOString(),
        audience: 'lawyer',
      },
      relatedEntityType: 'bench',
      relatedEntityId: lawyer.id,
    }));
    await app.get(OutboxWriter).write(manager, drafts);
  });
  ids.push(lawyer.id);
  const delivery = app.get(OutboxDelivery);
  const started = Date.now();
  delivery.start();
  for (;;) {
    const [{ left }] = (await ds.query(
      `SELECT count(*)::int AS left FROM notifications WHERE related_entity_id = $1 AND status <> 'sent'`,
      [lawyer.id],
    )) as { left: number }[];
    if (left === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (Date.now() - started) / 1000;
  await delivery.stop(5000);
  const throughput = Math.round(messages / seconds);
  console.log(
    `outbox throughput: ${messages} messages in ${seconds.toFixed(2)} s = ${throughput}/s (received ${received})`,
  );

  // 2. Transition latency with and without the outbox write.
  const admin = await user(Role.Admin);
  const caseWorker = await user(Role.CaseWorker);
  const code = `BO${randomBytes(3).toString('hex').toUpperCase()}`;
  const incident = await call('POST', '/incidents', admin.auth, {
    code,
    title: 'Outbox bench',
    occurredAt: '2025-01-01T00:00:00Z',
    declared: { onBoard: 1, passengers: 1, crew: 0, fatalities: 1, survivors: 0 },
  });
  const programme = await call('POST', `/incidents/${String(incident.id)}/programmes`, admin.auth, {
    name: 'Bench programme',
    payer: 'other',
    currency: 'AZN',
  });
  const person = await call('POST', `/incidents/${String(incident.id)}/persons`, caseWorker.auth, {
    fullName: 'Bench Person',
    category: 'passenger',
    nationalities: ['AZ'],
    outcome: 'deceased',
  });
  const claimant = await call('POST', '/claimants', caseWorker.auth, {
    personId: person.id,
    fullName: 'Bench Claimant',
    relationship: 'spouse',
    contact: { email: 'bench-claimant@bench.invalid' },
    notificationsConsent: true,
  });
  await call('POST', `/claimants/${String(claimant.id)}/representations`, admin.auth, {
    lawyerId: lawyer.id,
  });
  const hook = await call('POST', '/webhook-subscriptions', admin.auth, {
    url: 'http://127.0.0.1:9/bench',
    events: ['claim.status_changed'],
  });
  let claim = await call('POST', '/claims', caseWorker.auth, {
    claimantId: claimant.id,
    programmeId: programme.id,
    type: 'death',
    amountClaimed: { amount: '100.00', currency: 'AZN' },
  });
  const move = async (body: object) => {
    const t0 = process.hrtime.bigint();
    claim = await call('POST', `/claims/${String(claim.id)}/transitions`, caseWorker.auth, body, {
      'if-match': `"${String(claim.version)}"`,
    });
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  await move({ to: 'submitted' });
  await move({ to: 'under_review' });
  const notifier = app.get(ClaimNotifier);
  const real = notifier.transitioned.bind(notifier);
  const timings: Record<'with' | 'without', number[]> = { with: [], without: [] };
  const rounds = 6;
  for (let round = 0; round < rounds; round++) {
    for (const variant of ['with', 'without'] as const) {
      notifier.transitioned = variant === 'with' ? real : async () => 0;
      for (let i = 0; i < transitions / rounds / 2; i++) {
        timings[variant].push(await move({ to: 'information_requested', reason: 'bench' }));
        timings[variant].push(await move({ to: 'under_review' }));
      }
    }
  }
  notifier.transitioned = real;
  const summary = (v: number[]) => ({
    transitions: v.length,
    p50: Number(percentile(v, 50).toFixed(2)),
    p95: Number(percentile(v, 95).toFixed(2)),
    mean: Number((v.reduce((a, b) => a + b, 0) / v.length).toFixed(2)),
  });
  const latency = { with: summary(timings.with), without: summary(timings.without) };
  console.log(`transition with its outbox write:    ${JSON.stringify(latency.with)} ms`);
  console.log(`transition without the outbox write: ${JSON.stringify(latency.without)} ms`);
  await call('GET', '/webhook-subscriptions', admin.auth);
  await fastify.inject({
    method: 'DELETE',
    url: `/api/v1/webhook-subscriptions/${String(hook.id)}`,
    headers: { authorization: admin.auth },
  });
  const results = {
    date: new Date().toISOString().slice(0, 10),
    throughput: {
      messages,
      seconds: Number(seconds.toFixed(2)),
      perSecond: throughput,
      batchSize: config.WORKER_BATCH_SIZE,
    },
    transitionLatencyMs: latency,
    rowsPerTransition: 3,
  };
  writeFileSync(join(__dirname, 'outbox-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await app.close();
  await new Promise<void>((r) => smtp.close(() => r()));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
