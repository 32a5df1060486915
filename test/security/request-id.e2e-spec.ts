import { Role } from '../../src/common/auth/role';
import { queryRows, sql } from '../../src/common/database/sql';
import { createUser, TestUser } from '../utils/auth';
import { API, startTestApp, TestApp } from '../utils/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids: the server’s own in every audit event, the client’s only when well-formed (section 12)', () => {
  let t: TestApp;
  let admin: TestUser;
  let incidentId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, Role.Admin);
    const incident = await t
      .http()
      .post(`${API}/incidents`)
      .set(admin.auth)
      .send({
        code: `RID-${Date.now()}`,
        title: 'Request id fixture',
        occurredAt: '2025-04-01T00:00:00Z',
        declared: { onBoard: 9, passengers: 9, crew: 0, fatalities: 0, survivors: 9 },
      })
      .expect(201);
    incidentId = incident.body.id;
  });
  afterAll(() => t.close());

  async function createPerson(clientId?: string) {
    let req = t.http().post(`${API}/incidents/${incidentId}/persons`).set(admin.auth);
    if (clientId !== undefined) req = req.set('x-request-id', clientId);
    const res = await req
      .send({
        fullName: 'Rid Person',
        category: 'passenger',
        nationalities: ['AZ'],
        outcome: 'survived',
      })
      .expect(201);
    const [event] = await queryRows<{ request_id: string; client_request_id: string | null }>(
      t.ds,
      sql(`SELECT request_id, client_request_id FROM audit_events WHERE entity_id = :bodyId`, {
        bodyId: res.body.id,
      }),
    );
    return { res, event: event! };
  }

  it('keeps a client id that matches ^[A-Za-z0-9._-]{1,64}$ beside a server id of its own', async () => {
    const first = await createPerson('trace.me_1-A');
    const second = await createPerson('trace.me_1-A');
    for (const { res, event } of [first, second]) {
      expect(event.request_id).toMatch(UUID);
      expect(event.client_request_id).toBe('trace.me_1-A');
      expect(res.headers['x-request-id']).toBe(event.request_id);
    }
    // A client cannot make two requests look like one in the audit log.
    expect(first.event.request_id).not.toBe(second.event.request_id);
  });

  it('accepts a one-character id', async () => {
    const { event } = await createPerson('x');
    expect(event.client_request_id).toBe('x');
  });

  it.each([
    ['a space', 'trace me please'],
    ['a quote and angle brackets', '"><script>1</script>'],
    ['65 characters', 'a'.repeat(65)],
    ['a non-ASCII letter', 'trace-ü-123456'],
    ['a newline escape attempt', 'abc%0d%0aForged: yes'],
  ])('drops a client id with %s', async (_case, clientId) => {
    const { event } = await createPerson(clientId);
    expect(event.request_id).toMatch(UUID);
    expect(event.client_request_id).toBeNull();
  });

  it('shows both ids to auditors in the audit log', async () => {
    const auditor = await createUser(t, Role.Auditor);
    const { res } = await createPerson('case-4711');
    const page = await t
      .http()
      .get(`${API}/audit-events?entityType=person&entityId=${res.body.id}`)
      .set(auditor.auth)
      .expect(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({
        requestId: res.headers['x-request-id'],
        clientRequestId: 'case-4711',
      }),
    ]);
  });
});
