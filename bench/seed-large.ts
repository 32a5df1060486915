import 'reflect-metadata';

import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';

import { faker } from '@faker-js/faker';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { Role } from '../src/common/auth/role';
import { FieldCipher } from '../src/common/crypto/field-cipher';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { hashPassword } from '../src/modules/users/password-hasher';
import { appendAuditEvents, verifyAuditChain } from './lib/audit-append';
import { Column, insertBatches, Timings } from './lib/batch-insert';
import { BENCH_PASSWORD, BenchUserSpec, benchUserSpecs } from './lib/bench-users';
import { maskUrl, positiveInt, requireDatabaseUrl, seconds, UsageError } from './lib/cli';
import { buildWorld, iso, StaffIds, World } from './lib/synthetic-world';
import { userEvents, worldEvents } from './lib/world-audit';

/**
 * seed:large: a synthetic incident with N claims for load tests, written straight to
 * PostgreSQL in batched multi-row INSERTs inside one transaction (all or nothing), with an
 * audit event for every row and change, chained after the current head of the audit log.
 *
 *   DATABASE_URL=postgres://... npm run seed:large -- --claims 100000 [--incident SYN-100000]
 *     [--seed 8243] [--as-of 2026-11-21] [--batch-size 5000] [--verify-audit]
 *
 * With DATA_ENCRYPTION_KEY set, identity documents, contacts and bank accounts are encrypted
 * with the project's FieldCipher (the app must then run with the same key); without it they
 * stay null.
 */

export interface SeedLargeOptions {
  databaseUrl: string;
  claims: number;
  incidentCode: string;
  seed: number;
  asOf: number;
  batchSize: number;
  verifyAudit: boolean;
  cipher: FieldCipher | null;
  log: (message: string) => void;
}

export interface SeedLargeResult {
  incidentCode: string;
  incidentId: string;
  created: boolean;
  totalMs: number;
}

const USAGE = `Usage: npm run seed:large -- --claims N [--incident CODE] [--seed N] [--as-of YYYY-MM-DD]
                                 [--batch-size N] [--verify-audit]`;

function parseOptions(argv: string[]): SeedLargeOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      claims: { type: 'string' },
      incident: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      'batch-size': { type: 'string' },
      'verify-audit': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const databaseUrl = requireDatabaseUrl('seed:large', 'npm run seed:large -- --claims 100000');
  const claims = positiveInt('claims', values.claims, 100_000);
  const incidentCode = values.incident ?? `SYN-${claims}`;
  if (!/^[A-Z0-9][A-Z0-9-]{1,31}$/.test(incidentCode)) {
    throw new UsageError('--incident must be 2 to 32 characters of A-Z, 0-9 and -');
  }
  const today = new Date();
  let asOf = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (values['as-of'] !== undefined) {
    asOf = Date.parse(`${values['as-of']}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values['as-of']) || Number.isNaN(asOf) || asOf > Date.now()) {
      throw new UsageError('--as-of must be a date (YYYY-MM-DD) not in the future');
    }
  }
  return {
    databaseUrl,
    claims,
    incidentCode,
    seed: positiveInt('seed', values.seed, 8243),
    asOf,
    batchSize: positiveInt('batch-size', values['batch-size'], 5000),
    verifyAudit: values['verify-audit'],
    cipher: cipherFromEnv(),
    log: (m) => console.log(m),
  };
}

/** The project's FieldCipher under DATA_ENCRYPTION_KEY (and its version), if one is set. */
function cipherFromEnv(): FieldCipher | null {
  if (!process.env.DATA_ENCRYPTION_KEY) return null;
  const config = loadConfig({
    DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY,
    DATA_ENCRYPTION_KEY_VERSION: process.env.DATA_ENCRYPTION_KEY_VERSION,
  });
  return new FieldCipher(config.DATA_ENCRYPTION_KEY_VERSION, config.dataEncryptionKeys);
}

/** faker's seed: the --seed mixed with the incident code, so two incidents never share keys. */
function fakerSeed(seed: number, code: string): number {
  return createHash('sha256').update(`${seed}:${code}`).digest().readUInt32BE(0);
}

async function migrate(url: string, log: (m: string) => void): Promise<void> {
  const ds = new DataSource({
    ...dataSourceOptions(loadConfig({ DATABASE_URL: url }), url, {
      poolSize: 1,
      applicationName: 'j2-seed-large-migrations',
    }),
    // Errors only: the app's logger would print every migration step at start.
    logger: 'simple-console',
    logging: ['error'],
  });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    if (applied.length > 0) log(`Applied ${applied.length} migration(s).`);
  } finally {
    await ds.destroy();
  }
}

/**
 * The bench staff, created once per database with one argon2 hash of the shared password
 * (hashed only if someone is missing), in a transaction of their own with their audit events.
 */
async function ensureStaff(
  client: Client,
  options: SeedLargeOptions,
  timings: Timings,
): Promise<{ staff: StaffIds; roleOf: Map<string, Role> }> {
  const specs = benchUserSpecs();
  const emails = specs.map((s) => s.email);
  const existing = await client.query<{ email: string }>(
    'SELECT email FROM users WHERE email = ANY($1::text[])',
    [emails],
  );
  const have = new Set(existing.rows.map((r) => r.email));
  const missing = specs.filter((s) => !have.has(s.email));
  if (missing.length > 0) {
    const started = performance.now();
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    options.log(`Hashed the bench password once (${(performance.now() - started).toFixed(0)} ms).`);
    const now = iso(Date.now());
    await client.query('BEGIN');
    try {
      const inserted = await client.query<{ email: string }>(
        `INSERT INTO users (id, email, full_name, role, password_hash, active, created_at, updated_at)
         SELECT u.id, u.email, u.full_name, u.role, $5, true, $6, $6
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::user_role[]) AS u(id, email, full_name, role)
         ON CONFLICT (email) DO NOTHING RETURNING email`,
        [
          missing.map((s) => s.id),
          missing.map((s) => s.email),
          missing.map((s) => s.fullName),
          missing.map((s) => s.role),
          passwordHash,
          now,
        ],
      );
      const created = new Set(inserted.rows.map((r) => r.email));
      await appendAuditEvents(
        client,
        userEvents(missing.filter((s: BenchUserSpec) => created.has(s.email))),
        { requestId: 'seed-large:staff', batchSize: options.batchSize, timings },
      );
      await client.query('COMMIT');
      options.log(`Created ${created.size} bench users (password: ${BENCH_PASSWORD}).`);
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
  const { rows } = await client.query<{ id: string; email: string; role: Role; active: boolean }>(
    'SELECT id, email, role, active FROM users WHERE email = ANY($1::text[]) ORDER BY email',
    [emails],
  );
  const ofRole = (role: Role) => rows.filter((r) => r.role === role && r.active).map((r) => r.id);
  const staff: StaffIds = {
    admins: ofRole(Role.Admin),
    caseWorkers: ofRole(Role.CaseWorker),
    lawyers: ofRole(Role.Lawyer),
  };
  if (!staff.admins.length || !staff.caseWorkers.length || !staff.lawyers.length) {
    throw new Error('The bench users exist but some role has no active user; fix them first');
  }
  return { staff, roleOf: new Map(rows.map((r) => [r.id, r.role])) };
}

const STAMPS: Column[] = [
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
  { name: 'version', type: 'int' },
];

async function insertWorld(client: Client, world: World, batchSize: number, timings: Timings) {
  const { incident, persons, claimants, programmes } = world;
  const opts = { batchSize, timings };
  const i = incident;
  await insertBatches(
    client,
    'incidents',
    [
      { name: 'id', type: 'uuid' },
      ...STAMPS,
      ...['code', 'title'].map((name) => ({ name, type: 'text' })),
      { name: 'occurred_at', type: 'timestamptz' },
      ...['aircraft', 'registration', 'operator', 'origin', 'destination', 'crash_site'].map(
        (name) => ({ name, type: 'text' }),
      ),
      { name: 'limitation_deadline', type: 'date' },
      ...['on_board', 'passengers', 'crew', 'fatalities', 'survivors'].map((n) => ({
        name: `declared_${n}`,
        type: 'int',
      })),
    ],
    [
      [
        i.id,
        iso(i.createdAt),
        iso(i.createdAt),
        1,
        i.code,
        i.title,
        iso(i.occurredAt),
        i.aircraft,
        i.registration,
        i.operator,
        i.origin,
        i.destination,
        i.crashSite,
        i.limitationDeadline,
        i.declared.onBoard,
        i.declared.passengers,
        i.declared.crew,
        i.declared.fatalities,
        i.declared.survivors,
      ],
    ],
    opts,
  );
  await insertBatches(
    client,
    'compensation_programmes',
    [
      { name: 'id', type: 'uuid' },
      ...STAMPS,
      { name: 'incident_id', type: 'uuid' },
      { name: 'name', type: 'text' },
      { name: 'payer', type: 'programme_payer' },
      { name: 'currency', type: 'text' },
      ...['amount_per_deceased', 'amount_per_injured', 'liability_limit', 'advance_minimum'].map(
        (name) => ({ name, type: 'numeric' }),
      ),
      { name: 'description', type: 'text' },
    ],
    programmes.map((p) => [
      p.id,
      iso(p.createdAt),
      iso(p.createdAt),
      1,
      incident.id,
      p.name,
      p.payer,
      p.currency,
      p.amountPerDeceased,
      p.amountPerInjured,
      p.liabilityLimit,
      p.advanceMinimum,
      p.description,
    ]),
    opts,
  );
  await insertBatches(
    client,
    'persons_on_board',
    [
      { name: 'id', type: 'uuid' },
      ...STAMPS,
      { name: 'incident_id', type: 'uuid' },
      { name: 'full_name', type: 'text' },
      { name: 'category', type: 'person_category' },
      { name: 'crew_role', type: 'text' },
      { name: 'seat', type: 'text' },
      { name: 'nationalities', type: 'varchar(2)[]' },
      { name: 'date_of_birth', type: 'date' },
      { name: 'outcome', type: 'person_outcome' },
      { name: 'injury_severity', type: 'injury_severity' },
      { name: 'identity_document_enc', type: 'text' },
    ],
    persons.map((p) => [
      p.id,
      iso(p.createdAt),
      iso(p.createdAt),
      1,
      incident.id,
      p.fullName,
      p.category,
      p.crewRole,
      p.seat,
      p.nationalities,
      p.dateOfBirth,
      p.outcome,
      p.injurySeverity,
      p.identityDocumentEnc,
    ]),
    opts,
  );
  await insertBatches(
    client,
    'claimants',
    [
      { name: 'id', type: 'uuid' },
      ...STAMPS,
      { name: 'person_id', type: 'uuid' },
      { name: 'full_name', type: 'text' },
      { name: 'relationship', type: 'claimant_relationship' },
      { name: 'date_of_birth', type: 'date' },
      { name: 'nationality', type: 'text' },
      { name: 'contact_enc', type: 'text' },
      { name: 'bank_account_enc', type: 'text' },
      { name: 'heir_share_percent', type: 'numeric' },
    ],
    claimants.map((c) => [
      c.id,
      iso(c.createdAt),
      iso(c.createdAt),
      1,
      persons[c.personIdx]!.id,
      c.fullName,
      c.relationship,
      c.dateOfBirth,
      c.nationality,
      c.contactEnc,
      c.bankAccountEnc,
      c.heirSharePercent,
    ]),
    opts,
  );
  await insertBatches(
    client,
    'representations',
    [
      { name: 'id', type: 'uuid' },
      { name: 'claimant_id', type: 'uuid' },
      { name: 'lawyer_id', type: 'uuid' },
      { name: 'started_at', type: 'timestamptz' },
      { name: 'ended_at', type: 'timestamptz' },
      { name: 'started_by', type: 'uuid' },
      { name: 'ended_by', type: 'uuid' },
    ],
    world.representations.map((r) => [
      r.id,
      r.claimantId,
      r.lawyerId,
      iso(r.startedAt),
      r.endedAt === null ? null : iso(r.endedAt),
      r.startedBy,
      r.endedBy,
    ]),
    opts,
  );
  await insertBatches(
    client,
    'claims',
    [
      { name: 'id', type: 'uuid' },
      ...STAMPS,
      { name: 'reference', type: 'text' },
      ...['incident_id', 'programme_id', 'claimant_id', 'person_id'].map((name) => ({
        name,
        type: 'uuid',
      })),
      { name: 'type', type: 'claim_type' },
      { name: 'status', type: 'claim_status' },
      { name: 'currency', type: 'text' },
      ...['amount_claimed', 'amount_assessed', 'amount_approved'].map((name) => ({
        name,
        type: 'numeric',
      })),
      { name: 'description', type: 'text' },
      ...['assigned_case_worker_id', 'assessed_by', 'approved_by', 'created_by'].map((name) => ({
        name,
        type: 'uuid',
      })),
      ...['submitted_at', 'decided_at', 'status_changed_at'].map((name) => ({
        name,
        type: 'timestamptz',
      })),
    ],
    world.claims.map((c) => [
      c.id,
      iso(c.createdAt),
      iso(c.statusChangedAt),
      c.version,
      c.reference,
      incident.id,
      programmes[c.programmeIdx]!.id,
      claimants[c.claimantIdx]!.id,
      persons[c.personIdx]!.id,
      c.type,
      c.status,
      c.currency,
      c.amountClaimed,
      c.amountAssessed,
      c.amountApproved,
      c.description,
      c.assignedCaseWorkerId,
      c.assessedBy,
      c.approvedBy,
      c.createdBy,
      c.submittedAt === null ? null : iso(c.submittedAt),
      c.decidedAt === null ? null : iso(c.decidedAt),
      iso(c.statusChangedAt),
    ]),
    opts,
  );
  await insertBatches(
    client,
    'claim_reference_counters',
    [
      { name: 'incident_id', type: 'uuid' },
      { name: 'last_number', type: 'int' },
    ],
    [[incident.id, world.claims.length]],
    opts,
  );
  await insertBatches(
    client,
    'claim_transitions',
    [
      { name: 'id', type: 'uuid' },
      { name: 'claim_id', type: 'uuid' },
      { name: 'from_status', type: 'claim_status' },
      { name: 'to_status', type: 'claim_status' },
      { name: 'actor_id', type: 'uuid' },
      { name: 'actor_role', type: 'text' },
      { name: 'reason', type: 'text' },
      { name: 'amount', type: 'numeric' },
      { name: 'at', type: 'timestamptz' },
    ],
    world.transitions.map((t) => [
      t.id,
      t.claimId,
      t.from,
      t.to,
      t.actorId,
      t.actorRole,
      t.reason,
      t.amount,
      iso(t.at),
    ]),
    opts,
  );
  await insertBatches(
    client,
    'documents',
    [
      { name: 'id', type: 'uuid' },
      ...STAMPS,
      { name: 'claim_id', type: 'uuid' },
      { name: 'claimant_id', type: 'uuid' },
      { name: 'type', type: 'document_type' },
      { name: 'file_name', type: 'text' },
      { name: 'mime_type', type: 'text' },
      { name: 'size_bytes', type: 'int' },
      { name: 'sha256', type: 'text' },
      { name: 'storage_key', type: 'text' },
      { name: 'status', type: 'document_status' },
      { name: 'uploaded_by', type: 'uuid' },
      { name: 'reviewed_by', type: 'uuid' },
      { name: 'reviewed_at', type: 'timestamptz' },
    ],
    world.documents.map((d) => [
      d.id,
      iso(d.createdAt),
      iso(d.reviewedAt ?? d.createdAt),
      d.reviewedAt === null ? 1 : 2,
      d.claimId,
      d.claimantId,
      d.type,
      d.fileName,
      d.mimeType,
      d.sizeBytes,
      d.sha256,
      d.storageKey,
      d.status,
      d.uploadedBy,
      d.reviewedBy,
      d.reviewedAt === null ? null : iso(d.reviewedAt),
    ]),
    opts,
  );
  await insertBatches(
    client,
    'payments',
    [
      { name: 'id', type: 'uuid' },
      { name: 'claim_id', type: 'uuid' },
      { name: 'kind', type: 'payment_kind' },
      { name: 'amount', type: 'numeric' },
      { name: 'currency', type: 'text' },
      // The synthetic world pays every claim in its own currency.
      { name: 'claim_amount', type: 'numeric' },
      { name: 'paid_at', type: 'timestamptz' },
      { name: 'method', type: 'text' },
      { name: 'reference', type: 'text' },
      { name: 'idempotency_key', type: 'text' },
      { name: 'recorded_by', type: 'uuid' },
      { name: 'created_at', type: 'timestamptz' },
    ],
    world.payments.map((p) => [
      p.id,
      p.claimId,
      p.kind,
      p.amount,
      p.currency,
      p.amount,
      iso(p.paidAt),
      p.method,
      p.reference,
      p.idempotencyKey,
      p.recordedBy,
      iso(p.paidAt),
    ]),
    opts,
  );
}

function printTimings(timings: Timings, log: (m: string) => void): void {
  log('');
  log(
    `${'table'.padEnd(26)}${'rows'.padStart(10)}${'seconds'.padStart(10)}${'rows/s'.padStart(10)}`,
  );
  for (const t of timings.tables.values()) {
    const rate = t.ms > 0 ? Math.round((t.rows * 1000) / t.ms) : 0;
    log(
      `${t.table.padEnd(26)}${String(t.rows).padStart(10)}${(t.ms / 1000).toFixed(2).padStart(10)}${String(rate).padStart(10)}`,
    );
  }
}

async function verify(client: Client, log: (m: string) => void): Promise<void> {
  const started = performance.now();
  const v = await verifyAuditChain(client);
  log(
    `Audit chain verification: valid=${v.valid}, checked=${v.checked}, ` +
      `firstInvalidSeq=${v.firstInvalidSeq} (${seconds(performance.now() - started)}).`,
  );
  if (!v.valid) process.exitCode = 1;
}

export async function seedLarge(options: SeedLargeOptions): Promise<SeedLargeResult> {
  const { log } = options;
  const started = performance.now();
  log(
    `seed:large ${options.incidentCode}: ${options.claims} claims into ${maskUrl(options.databaseUrl)}`,
  );
  await migrate(options.databaseUrl, log);

  const client = new Client({
    connectionString: options.databaseUrl,
    application_name: 'j2-seed-large',
  });
  await client.connect();
  try {
    const found = await client.query<{ id: string }>('SELECT id FROM incidents WHERE code = $1', [
      options.incidentCode,
    ]);
    if (found.rows[0]) {
      log(`Incident ${options.incidentCode} already exists: nothing to seed.`);
      if (options.verifyAudit) await verify(client, log);
      return {
        incidentCode: options.incidentCode,
        incidentId: found.rows[0].id,
        created: false,
        totalMs: performance.now() - started,
      };
    }
    const timings = new Timings();
    const { staff, roleOf } = await ensureStaff(client, options, timings);

    let phase = performance.now();
    faker.seed(fakerSeed(options.seed, options.incidentCode));
    const world = buildWorld({
      incidentCode: options.incidentCode,
      claims: options.claims,
      asOf: options.asOf,
      staff,
      cipher: options.cipher,
    });
    const byStatus = new Map<string, number>();
    for (const c of world.claims) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
    log(
      `Generated in ${seconds(performance.now() - phase)}: ${world.persons.length} persons, ` +
        `${world.claimants.length} claimants, ${world.claims.length} claims, ` +
        `${world.transitions.length} transitions, ${world.documents.length} documents, ` +
        `${world.payments.length} payments (personal data ${options.cipher ? 'encrypted' : 'left null'}).`,
    );
    log(`Claims by status: ${[...byStatus].map(([s, n]) => `${s} ${n}`).join(', ')}`);

    phase = performance.now();
    await client.query('BEGIN');
    try {
      await insertWorld(client, world, options.batchSize, timings);
      log(`Inserted the incident's rows in ${seconds(performance.now() - phase)}.`);
      phase = performance.now();
      const appended = await appendAuditEvents(client, worldEvents(world, roleOf), {
        requestId: `seed-large:${options.incidentCode}`,
        batchSize: options.batchSize,
        timings,
      });
      await client.query('COMMIT');
      log(
        `Appended ${appended.count} audit events (seq ${appended.firstSeq}..${appended.lastSeq}) ` +
          `in ${seconds(performance.now() - phase)}, of which hashing ${seconds(appended.hashMs)}; committed.`,
      );
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    // Fresh statistics: without them the planner estimates a 100,000-claim incident from an
    // empty table and picks nested loops that take seconds.
    const analyzing = performance.now();
    await client.query('ANALYZE');
    log(`ANALYZE in ${seconds(performance.now() - analyzing)}.`);
    printTimings(timings, log);
    const totalMs = performance.now() - started;
    const rows = [...timings.tables.values()].reduce((n, t) => n + t.rows, 0);
    log(
      `\nTotal ${seconds(totalMs)} for ${rows} rows (${Math.round((rows * 1000) / totalMs)} rows/s overall).`,
    );
    if (options.verifyAudit) await verify(client, log);
    return {
      incidentCode: options.incidentCode,
      incidentId: world.incident.id,
      created: true,
      totalMs,
    };
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  void (async () => {
    try {
      await seedLarge(parseOptions(process.argv.slice(2)));
    } catch (error) {
      if (error instanceof UsageError) {
        console.error(`${error.message}\n${USAGE}`);
        process.exitCode = 2;
      } else {
        console.error('seed:large failed:', error);
        process.exitCode = 1;
      }
    }
  })();
}
