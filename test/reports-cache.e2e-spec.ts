import { Role } from '../src/common/auth/role';
import { createUser, TestUser } from './utils/auth';
import { API, seededIncidentId, startTestApp, TestApp } from './utils/test-app';

describe('report summary reuse', () => {
  let t: TestApp;
  let admin: TestUser;
  let incidentId: string;

  beforeAll(async () => {
    t = await startTestApp({ REPORT_CACHE_TTL_MS: '60000' });
    admin = await createUser(t, Role.Admin);
    incidentId = await seededIncidentId(t.ds);
  });
  afterAll(() => t.close());

  const summary = () =>
    t.http().get(`${API}/reports/incidents/${incidentId}/summary`).set(admin.auth).expect(200);

  it('computes one snapshot for a burst of readers and reuses it within the TTL', async () => {
    const burst = await Promise.all(Array.from({ length: 10 }, summary));
    const taken = new Set(burst.map((r) => r.body.generatedAt));
    expect(taken.size).toBe(1);
    const later = await summary();
    expect(later.body.generatedAt).toBe(burst[0]!.body.generatedAt);
    expect(later.body.manifest.recorded.onBoard).toBe(67);
  });
});
