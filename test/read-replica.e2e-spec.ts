import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { Role } from '../src/common/auth/role';
import { queryRows, sql } from '../src/common/database/sql';
import { ReportingDatabase, ReportServer } from '../src/database/reporting-database';
import { createUser, TestUser } from './utils/auth';
import {
  ClaimBody,
  createClaim,
  createClaimant,
  createIncident,
  createPerson,
  TestIncident,
  transition,
} from './utils/fixtures';
import {
  AppUnderTest,
  describeWhen,
  sleep,
  startApp,
  TcpProxy,
  usingServer,
} from './utils/reliability';
import { API } from './utils/test-app';

/**
 * docs/operations.md: with DATABASE_REPLICA_URL, reports and CSV exports read from the
 * replica; access checks and read-after-write stay on the primary. Needs a streaming hot
 * standby of the test server: TEST_REPLICA_URL names it (host, port, user; the database is
 * DATABASE_URL's), as `.ci/run` does with scripts/test-replica.sh.
 */
const replicaServer = process.env.TEST_REPLICA_URL;
const SKIPPED =
  '[skipped: needs a PostgreSQL server (DATABASE_URL) and a hot standby of it (TEST_REPLICA_URL, see scripts/test-replica.sh)]';
const describeWithReplica = (name: string, fn: () => void) =>
  describeWhen(!!replicaServer && usingServer(), SKIPPED, name, fn);

/** The test database on the replica server. */
function replicaUrl(): string {
  const url = new URL(replicaServer!);
  url.pathname = new URL(process.env.DATABASE_URL!).pathname;
  return url.toString();
}

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Polls `check` until it holds: replication is asynchronous (bounded, not a timing claim). */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`Gave up waiting: ${what}`);
}

const replicaHas = (sql: string, params: unknown[]) =>
  withClient(replicaUrl(), async (c) => (await c.query(sql, params)).rowCount! > 0);

describeWithReplica('reports read from the read replica', () => {
  const applicationName = `j2-replica-${randomBytes(3).toString('hex')}`;
  let t: AppUnderTest;
  let caseWorker: TestUser;
  let incident: TestIncident;
  let claimantId: string;
  const served: ReportServer[] = [];

  beforeAll(async () => {
    t = await startApp({
      env: {
        DATABASE_REPLICA_URL: replicaUrl(),
        DB_APPLICATION_NAME: applicationName,
        RATE_LIMIT_PER_MINUTE: '100000',
      },
    });
    t.app.get(ReportingDatabase).onConnection((server) => served.push(server));
    const admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    incident = await createIncident(t, admin);
    const personId = await createPerson(t, caseWorker, incident.id, 'deceased');
    claimantId = (
      await createClaimant(t, caseWorker, {
        personId,
        fullName: 'Replica Claimant',
        relationship: 'spouse',
      })
    ).id;
    // Everything above has reached the replica before the scenarios start.
    await eventually('the claimant on the replica', () =>
      replicaHas('SELECT 1 FROM claimants WHERE id = $1', [claimantId]),
    );
  });

  afterAll(async () => {
    await withClient(replicaUrl(), (c) => c.query('SELECT pg_wal_replay_resume()'));
    await t.close();
  });

  const summary = () =>
    t.http().get(`${API}/reports/incidents/${incident.id}/summary`).set(caseWorker.auth);
  const claimsReport = () =>
    t.http().get(`${API}/reports/incidents/${incident.id}/claims`).set(caseWorker.auth);
  const claimsCsv = () =>
    t
      .http()
      .get(`${API}/reports/incidents/${incident.id}/claims`)
      .set(caseWorker.auth)
      .set('Accept', 'text/csv');

  it("a report's queries run on the replica: its session there, none on the primary", async () => {
    served.length = 0;
    await summary().expect(200);
    await claimsReport().expect(200);
    expect(served).toEqual(expect.arrayContaining(['replica']));
    expect(served).not.toContain('primary');
    const sessions = (url: string) =>
      withClient(url, async (c) =>
        (
          await c.query(
            `SELECT query FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
            [`${applicationName}-reports`],
          )
        ).rows.map((r: { query: string }) => r.query),
      );
    const onReplica = await sessions(replicaUrl());
    expect(onReplica.length).toBeGreaterThan(0);
    // A session's last statement is the claims report's own SQL (pg_stat_activity keeps only
    // its first track_activity_query_size bytes, 1 kB by default: match its opening).
    expect(onReplica.join('\n')).toMatch(
      /c\.claimant_id AS "claimantId", cl\.full_name AS "claimantName"/,
    );
    expect(await sessions(process.env.DATABASE_URL!)).toEqual([]);
  });

  it('with replay paused: a write and the transition right after it see the write; reports do not yet', async () => {
    await withClient(replicaUrl(), async (c) => {
      await c.query('SELECT pg_wal_replay_pause()');
      await eventually('replay paused', async () => {
        const { rows } = await c.query(`SELECT pg_get_wal_replay_pause_state() AS state`);
        return rows[0].state === 'paused';
      });
    });

    let claim: ClaimBody;
    try {
      claim = await createClaim(t, caseWorker, {
        claimantId,
        programmeId: incident.programmes.exGratia.id,
        type: 'death',
        amountClaimed: { amount: '40000.00', currency: 'AZN' },
      });
      // Access check, row lock and guards read the primary: the claim just written is there.
      const submitted = await transition(t, caseWorker, claim, { to: 'submitted' }).expect(200);
      expect(submitted.body.status).toBe('submitted');
      const read = await t.http().get(`${API}/claims/${claim.id}`).set(caseWorker.auth);
      expect(read.status).toBe(200);
      expect(read.body.status).toBe('submitted');

      // Reports read the replica, which has not replayed the claim yet.
      const page = await claimsReport().expect(200);
      expect(page.body.items.map((i: { claimId: string }) => i.claimId)).not.toContain(claim.id);
      const csv = await claimsCsv().expect(200);
      expect(csv.text).not.toContain(claim.reference);
      expect((await summary().expect(200)).body.claims.total).toBe(0);
    } finally {
      await withClient(replicaUrl(), (c) => c.query('SELECT pg_wal_replay_resume()'));
    }

    // Replay resumed: the reports catch up by themselves.
    await eventually('the report to list the claim', async () => {
      const page = await claimsReport().expect(200);
      return page.body.items.some(
        (i: { claimId: string; status: string }) =>
          i.claimId === claim.id && i.status === 'submitted',
      );
    });
    expect((await claimsCsv().expect(200)).text).toContain(claim.reference);
    expect((await summary().expect(200)).body.claims.byStatus.submitted).toBe(1);
  });
});

describeWithReplica('the replica goes away and comes back (TCP proxy in front of it)', () => {
  let proxy: TcpProxy;
  let t: AppUnderTest;
  let caseWorker: TestUser;
  let incidentId: string;
  const served: ReportServer[] = [];

  beforeAll(async () => {
    const around = await TcpProxy.around(replicaUrl());
    proxy = around.proxy;
    // The replica is away before the service even starts: it must start and serve all the same.
    await proxy.cut('refuse');
    t = await startApp({
      env: {
        DATABASE_REPLICA_URL: around.url,
        DB_REPLICA_RETRY_MS: '0',
        DB_CONNECT_TIMEOUT_MS: '1000',
        METRICS_TOKEN: 'replica-metrics-token-0123456789abcdef',
      },
    });
    t.app.get(ReportingDatabase).onConnection((server) => served.push(server));
    caseWorker = await createUser(t, Role.CaseWorker);
    const [row] = await queryRows<{
      id: string;
    }>(t.ds, sql(`SELECT id FROM incidents WHERE code = 'J2-8243'`));
    incidentId = row!.id;
  });

  afterAll(async () => {
    await t.close();
    await proxy.stop();
  });

  const report = () =>
    t.http().get(`${API}/reports/incidents/${incidentId}/deadlines`).set(caseWorker.auth);
  const replicaUp = async () => {
    const res = await t
      .http()
      .get('/metrics')
      .set('Authorization', 'Bearer replica-metrics-token-0123456789abcdef')
      .expect(200);
    return /^db_replica_up (\d)/m.exec(res.text)?.[1];
  };

  it('started without it: reports answer from the primary; ready stays 200', async () => {
    served.length = 0;
    await report().expect(200);
    expect(served).toContain('primary');
    expect(served).not.toContain('replica');
    await t.http().get('/health/ready').expect(200);
    expect(await replicaUp()).toBe('0');
  });

  it('back: reports read from the replica again', async () => {
    await proxy.restore();
    served.length = 0;
    await report().expect(200);
    expect(served).toContain('replica');
    expect(served).not.toContain('primary');
    expect(await replicaUp()).toBe('1');
  });

  it('gone again (connections reset, new ones refused): reports fall back, not fail', async () => {
    await proxy.cut('refuse');
    const pool = t.app.get(ReportingDatabase).replicaPool!;
    await eventually(
      'the dead replica connections to leave the pool',
      async () => pool.totalCount === 0,
    );
    served.length = 0;
    await report().expect(200);
    await report().expect(200);
    expect(served).toContain('primary');
    expect(served).not.toContain('replica');
    // Everything else never touched the replica.
    await t.http().get(`${API}/auth/me`).set(caseWorker.auth).expect(200);
    await t.http().get('/health/ready').expect(200);
  });
});
