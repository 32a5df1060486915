import parsePrometheusTextFormat, { PrometheusFamily } from 'parse-prometheus-text-format';
import type { MetricObjectWithValues, MetricValueWithName } from 'prom-client';

import { Role } from '../src/common/auth/role';
import { execute, queryRows, sql } from '../src/common/database/sql';
import { ClaimStatus } from '../src/modules/claims/domain/claim-status';
import { MetricsService } from '../src/modules/metrics/metrics.service';
import { createUser, TestUser } from './utils/auth';
import { createClaimFixture } from './utils/fixtures';
import { AppUnderTest, startApp } from './utils/reliability';
import { API } from './utils/test-app';

const TOKEN = 'metrics-test-token-0123456789-abcdefghijkl';

/** One sample of a family, by exact labels (undefined when absent). */
function sample(
  families: PrometheusFamily[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const family = families.find((f) => f.name === name);
  const found = family?.metrics.find(
    (m) =>
      Object.keys(labels).length === Object.keys(m.labels ?? {}).length &&
      Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
  );
  return found?.value === undefined ? undefined : Number(found.value);
}

/** docs/operations.md: GET /metrics, Prometheus text behind the METRICS_TOKEN bearer. */
describe('GET /metrics', () => {
  let t: AppUnderTest;
  let admin: TestUser;

  beforeAll(async () => {
    // No worker: the outbox backlog must stay put between the scrape and the count below.
    t = await startApp({
      env: { METRICS_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: '100000', WORKER_ENABLED: 'false' },
    });
    admin = await createUser(t, Role.Admin);
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusTextFormat(res.text);
  };

  it('refuses a scrape without the token, with a wrong one, and with a user token: 401', async () => {
    for (const auth of [undefined, `Bearer ${TOKEN}x`, 'Bearer ', admin.auth.Authorization]) {
      const req = t.http().get('/metrics');
      if (auth) req.set('Authorization', auth);
      const res = await req.expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.text).not.toContain('http_requests_total');
    }
  });

  it('parses as Prometheus text with the request, pool, event-loop and claim metrics', async () => {
    await t.http().get('/health/live').expect(200);
    const families = await scrape();
    const byName = new Map(families.map((f) => [f.name, f]));
    expect(byName.get('http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(byName.get('http_requests_total')?.type).toBe('COUNTER');
    expect(byName.get('nodejs_eventloop_lag_seconds')?.type).toBe('GAUGE');
    expect(byName.get('nodejs_eventloop_lag_p99_seconds')?.type).toBe('GAUGE');
    expect(sample(families, 'db_pool_max_connections', { pool: 'primary' })).toBe(
      Number(process.env.DB_POOL_SIZE ?? 10),
    );
    expect(sample(families, 'db_pool_connections', { pool: 'primary' })).toBeGreaterThan(0);
    // No replica configured: no replica pool and no replica metrics.
    expect(sample(families, 'db_pool_connections', { pool: 'replica' })).toBeUndefined();
    expect(byName.has('db_replica_up')).toBe(false);
  });

  it('shows the notifications outbox by status as the database has it', async () => {
    // A message far in the future: no other suite's worker picks it up meanwhile.
    await execute(
      t.ds,
      sql(`INSERT INTO notifications (channel, template, recipient_type, recipient_id, language, payload,
         related_entity_type, related_entity_id, next_attempt_at)
       VALUES ('email', 'claim_status_changed', 'user', gen_random_uuid(), 'en', '{}', 'claim',
         gen_random_uuid(), now() + interval '30 days')`),
    );
    const families = await scrape();
    const rows = await queryRows<{ status: string; n: number }>(
      t.ds,
      sql(`SELECT status::text AS status, count(*)::int AS n FROM notifications GROUP BY status`),
    );
    const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
    expect(count('pending')).toBeGreaterThan(0);
    for (const status of ['pending', 'failed', 'dead']) {
      expect(sample(families, 'notifications_outbox_backlog', { status })).toBe(count(status));
    }
  });

  it('counts claims by status as the database does', async () => {
    await createClaimFixture(t.ds, { status: ClaimStatus.Submitted });
    const families = await scrape();
    const rows = await queryRows<{ status: string; n: number }>(
      t.ds,
      sql(`SELECT status::text AS status, count(*)::int AS n FROM claims GROUP BY status`),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { status, n } of rows) expect(sample(families, 'claims', { status })).toBe(n);
    expect(sample(families, 'claims', { status: 'appealed' })).toBe(
      rows.find((r) => r.status === 'appealed')?.n ?? 0,
    );
  });

  it('moves the request counter and the histogram by exactly the requests sent', async () => {
    const route = { method: 'GET', route: `${API}/incidents`, status_code: '200' };
    const unknown = { method: 'GET', route: 'unmatched', status_code: '404' };
    const histogramCount = async () => {
      const json = (await t.app
        .get(MetricsService)
        .registry.getSingleMetric('http_request_duration_seconds')!
        .get()) as MetricObjectWithValues<MetricValueWithName<string>>;
      const count = json.values.find(
        (v) =>
          v.metricName === 'http_request_duration_seconds_count' &&
          v.labels.route === route.route &&
          v.labels.status_code === '200' &&
          v.labels.method === 'GET',
      );
      return count?.value ?? 0;
    };

    const before = await scrape();
    const histogramBefore = await histogramCount();
    const sent = 7;
    for (let i = 0; i < sent; i++) {
      await t.http().get(`${API}/incidents`).set(admin.auth).expect(200);
    }
    for (let i = 0; i < 3; i++) await t.http().get(`/no-such-path-${i}`).expect(404);
    const after = await scrape();

    const counted = (families: PrometheusFamily[], labels: Record<string, string>) =>
      sample(families, 'http_requests_total', labels) ?? 0;
    expect(counted(after, route) - counted(before, route)).toBe(sent);
    expect(counted(after, unknown) - counted(before, unknown)).toBe(3);
    expect((await histogramCount()) - histogramBefore).toBe(sent);
    // Each path is not its own series: unknown paths share one label value.
    const routes = after
      .find((f) => f.name === 'http_requests_total')!
      .metrics.map((m) => m.labels?.route ?? '');
    expect(routes.filter((r) => r.includes('no-such-path'))).toEqual([]);
  });
});

describe('GET /metrics without METRICS_TOKEN configured', () => {
  let t: AppUnderTest;

  beforeAll(async () => {
    t = await startApp({ env: { METRICS_TOKEN: '' } });
  });
  afterAll(() => t.close());

  it('does not exist: 404, whatever the caller sends', async () => {
    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await t.http().get('/metrics').expect(404);
  });
});
