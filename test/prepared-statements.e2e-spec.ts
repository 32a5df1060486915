import { Role } from '../src/common/auth/role';
import { PREPARED } from '../src/common/database/resilient-pg-client';
import { queryRows, sql } from '../src/common/database/sql';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ClaimStatus } from '../src/modules/claims/domain/claim-status';
import { createUser, TestUser } from './utils/auth';
import { createClaimFixture, setClaimStatus } from './utils/fixtures';
import { AppUnderTest, describeOnServer, startApp } from './utils/reliability';
import { API } from './utils/test-app';

/**
 * The hot point reads (the access check and the single-claim read) run as named prepared
 * statements on a PostgreSQL server: planned once per connection, then only executed. After
 * five executions PostgreSQL may switch to a generic plan, so each check reads more often.
 */
describeOnServer('prepared statements on the hot reads', () => {
  let t: AppUnderTest;
  let caseWorker: TestUser;
  let lawyer: TestUser;

  /** The session's prepared statements: with one pooled connection, the app's own session. */
  const prepared = async () =>
    (
      await queryRows<{
        statement: string;
      }>(t.ds, sql(`SELECT statement FROM pg_prepared_statements`))
    ).map((row) => row.statement);

  beforeAll(async () => {
    t = await startApp({ env: { DB_POOL_SIZE: '1', DB_PREPARED_STATEMENTS: 'true' } });
    caseWorker = await createUser(t, Role.CaseWorker);
    lawyer = await createUser(t, Role.Lawyer);
  });
  afterAll(() => t.close());

  it('reads a claim through prepared statements, with fresh data on every read', async () => {
    const claim = await createClaimFixture(t.ds);
    const read = () => t.http().get(`${API}/claims/${claim.claimId}`).set(caseWorker.auth);

    const bodies = [];
    for (let i = 0; i < 7; i++) bodies.push((await read().expect(200)).body as unknown);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);

    const statements = await prepared();
    expect(statements.every((s) => s.startsWith(PREPARED))).toBe(true);
    expect(statements.some((s) => s.includes('FROM users u'))).toBe(true);
    expect(statements.some((s) => s.includes('FROM claims c'))).toBe(true);

    // A plan is kept, never a result.
    await setClaimStatus(t.ds, claim.claimId, ClaimStatus.InformationRequested);
    expect((await read().expect(200)).body).toMatchObject({
      id: claim.claimId,
      status: ClaimStatus.InformationRequested,
    });
  });

  it("keeps a lawyer's scope under the generic plan: own client 200, anyone else 404", async () => {
    const own = await createClaimFixture(t.ds, { lawyerId: lawyer.id });
    const foreign = await createClaimFixture(t.ds);
    for (let i = 0; i < 8; i++) {
      await t.http().get(`${API}/claims/${own.claimId}`).set(lawyer.auth).expect(200);
      const res = await t.http().get(`${API}/claims/${foreign.claimId}`).set(lawyer.auth);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
  });

  it('leaves list queries unprepared: their best plan depends on the filters', async () => {
    await t
      .http()
      .get(`${API}/claims?status=under_review&limit=5`)
      .set(caseWorker.auth)
      .expect(200);
    expect((await prepared()).some((s) => s.includes('LIMIT'))).toBe(false);
  });
});

describe('prepared statements can be off', () => {
  const prepares = (env: Record<string, string | undefined>) => {
    const config = loadConfig({ ...process.env, ...env });
    const options = dataSourceOptions(config, 'postgres://127.0.0.1:1/postgres');
    return (options.extra as { prepareMarkedStatements: boolean }).prepareMarkedStatements;
  };
  const server = 'postgres://postgres@127.0.0.1:5432/claims';

  it('on a server by default, and not with DB_PREPARED_STATEMENTS=false', () => {
    expect(prepares({ DATABASE_URL: server, DB_PREPARED_STATEMENTS: undefined })).toBe(true);
    expect(prepares({ DATABASE_URL: server, DB_PREPARED_STATEMENTS: 'false' })).toBe(false);
  });

  it('never on the embedded database: its socket server shares one session', () => {
    expect(prepares({ DATABASE_URL: undefined, DB_PREPARED_STATEMENTS: 'true' })).toBe(false);
  });
});
