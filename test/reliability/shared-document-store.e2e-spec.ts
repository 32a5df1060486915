import { createHash, randomBytes } from 'node:crypto';

import { Role } from '../../src/common/auth/role';
import { createUser, TestUser } from '../utils/auth';
import { openTestDocumentStore, TestDocumentStore } from '../utils/document-stores';
import { ClaimFixture, createClaimFixture } from '../utils/fixtures';
import { multipart } from '../utils/multipart';
import { AppUnderTest, describeOnServer, startApp } from '../utils/reliability';
import { API } from '../utils/test-app';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size)]);

/**
 * Two app processes on two machines share documents only through object storage: here two
 * instances on one database and one bucket (s3rver on loopback) serve each other's uploads.
 */
describeOnServer('two instances, one database, one bucket', () => {
  let store: TestDocumentStore;
  let a: AppUnderTest;
  let b: AppUnderTest;
  let caseWorker: TestUser;
  let claim: ClaimFixture;

  beforeAll(async () => {
    store = await openTestDocumentStore('s3');
    a = await startApp({ env: store.env });
    b = await startApp({ env: store.env });
    caseWorker = await createUser(a, Role.CaseWorker);
    claim = await createClaimFixture(a.ds);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await store?.close();
  });

  const upload = (app: AppUnderTest, data: Buffer) => {
    const { body, contentType } = multipart([
      { name: 'type', value: 'medical_report' },
      { name: 'file', filename: 'report.pdf', data },
    ]);
    return app
      .http()
      .post(`${API}/claims/${claim.claimId}/documents`)
      .set(caseWorker.auth)
      .set('Content-Type', contentType)
      .send(body);
  };

  const download = (app: AppUnderTest, id: string) =>
    app
      .http()
      .get(`${API}/documents/${id}/content`)
      .set(caseWorker.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it("each serves the other's upload, byte for byte", async () => {
    const toA = pdf(300 * 1024);
    const toB = pdf(6 * 1024 * 1024);
    const onA = await upload(a, toA).expect(201);
    const onB = await upload(b, toB).expect(201);

    const fromB = await download(b, onA.body.id).expect(200);
    expect(sha256(fromB.body as Buffer)).toBe(sha256(toA));
    const fromA = await download(a, onB.body.id).expect(200);
    expect(sha256(fromA.body as Buffer)).toBe(sha256(toB));

    const names = await store.names();
    expect(names.filter((n) => n.startsWith('staging/'))).toEqual([]);
    expect(names.filter((n) => n.startsWith('documents/'))).toHaveLength(2);
  });

  it('a refused upload on one leaves no object that the other could see', async () => {
    const before = await store.names();
    const refused = await upload(b, Buffer.from('MZ not a pdf at all')).expect(415);
    expect(refused.body.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(await store.names()).toEqual(before);
  });
});
