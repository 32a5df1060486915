import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

import { Role } from '../src/common/auth/role';
import { execute, queryRows, sql } from '../src/common/database/sql';
import { AuditService } from '../src/modules/audit/audit.service';
import { ClaimStatus } from '../src/modules/claims/domain/claim-status';
import {
  DOCUMENT_STORAGE,
  DocumentStorage,
} from '../src/modules/documents/storage/document-storage';
import { createUser, TestUser } from './utils/auth';
import { openTestDocumentStore, StorageDriver, TestDocumentStore } from './utils/document-stores';
import { ClaimFixture, createClaimFixture } from './utils/fixtures';
import { multipart } from './utils/multipart';
import { API, startTestApp, TestApp } from './utils/test-app';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
  Buffer.alloc(2048, 0x20),
  Buffer.from('\n%%EOF\n'),
]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(512, 1),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(512, 2)]);
const ELF = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]),
  Buffer.alloc(4096, 0),
]);
const MZ = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4096, 0x90)]);

/** Where a store may keep a file: under a UUID, in a shard, staging or documents folder. */
const STORED_NAME = /^(?:[0-9a-f]{2}|\.staging|staging|documents)\/[0-9a-f]{8}-[0-9a-f-]{27}$/;

const DRIVERS: StorageDriver[] = ['local', 's3'];

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The same suite on the local directory and on an S3-compatible bucket (s3rver on loopback). */
describe.each(DRIVERS)('claim documents (%s storage)', (driver) => {
  let t: TestApp;
  let store: TestDocumentStore;
  let admin: TestUser;
  let caseWorker: TestUser;
  let lawyer: TestUser;
  let auditor: TestUser;
  let claim: ClaimFixture;
  let clientClaim: ClaimFixture;
  let foreignClaim: ClaimFixture;

  beforeAll(async () => {
    store = await openTestDocumentStore(driver);
    t = await startTestApp(store.env);
    admin = await createUser(t, Role.Admin);
    caseWorker = await createUser(t, Role.CaseWorker);
    lawyer = await createUser(t, Role.Lawyer);
    auditor = await createUser(t, Role.Auditor);
    claim = await createClaimFixture(t.ds);
    clientClaim = await createClaimFixture(t.ds, { lawyerId: lawyer.id });
    foreignClaim = await createClaimFixture(t.ds);
  });

  afterAll(async () => {
    await t.close();
    await store.close();
  });

  function upload(
    user: TestUser,
    claimId: string,
    file: { filename: string; data: Buffer; contentType?: string },
    type = 'death_certificate',
  ) {
    const { body, contentType } = multipart([
      { name: 'type', value: type },
      { name: 'file', ...file },
    ]);
    return t
      .http()
      .post(`${API}/claims/${claimId}/documents`)
      .set(user.auth)
      .set('Content-Type', contentType)
      .send(body);
  }

  async function documentRows(claimId: string): Promise<number> {
    const [{ count }] = await queryRows<{ count: number }>(
      t.ds,
      sql(`SELECT count(*)::int AS count FROM documents WHERE claim_id = :claimId`, { claimId }),
    );
    return count;
  }

  describe('upload', () => {
    it('stores a PDF under a server key with its hash, detected type and an audit event', async () => {
      const res = await upload(caseWorker, claim.claimId, {
        filename: 'death-certificate.pdf',
        data: PDF,
      }).expect(201);
      expect(res.body).toMatchObject({
        claimId: claim.claimId,
        type: 'death_certificate',
        fileName: 'death-certificate.pdf',
        mimeType: 'application/pdf',
        sizeBytes: PDF.length,
        sha256: sha256(PDF),
        status: 'received',
        uploadedBy: caseWorker.id,
        reviewedBy: null,
        version: 1,
      });
      const [row] = await queryRows<{ storage_key: string }>(
        t.ds,
        sql(`SELECT storage_key FROM documents WHERE id = :bodyId`, { bodyId: res.body.id }),
      );
      expect(row!.storage_key).toMatch(/^[0-9a-f-]{36}$/);
      const stored = await store.names();
      expect(stored.some((f) => f.endsWith(row!.storage_key))).toBe(true);
      expect(stored.some((f) => f.includes('death-certificate'))).toBe(false);

      const [event] = await queryRows<{
        action: string;
        actor_id: string;
        changes: Record<string, { after: unknown }>;
      }>(
        t.ds,
        sql(
          `SELECT action, actor_id, changes FROM audit_events WHERE entity_type = 'document' AND entity_id = :bodyId`,
          { bodyId: res.body.id },
        ),
      );
      expect(event).toMatchObject({ action: 'document.upload', actor_id: caseWorker.id });
      expect(event!.changes.fileName!.after).toBe('[redacted]');
      expect(event!.changes.sha256!.after).toBe(sha256(PDF));
    });

    it.each([
      ['an ELF executable', ELF],
      ['a Windows (MZ) executable', MZ],
      ['an HTML page', Buffer.from('<html><script>alert(1)</script></html>')],
    ])('refuses %s renamed .pdf with 415, leaving no row and no file', async (_, data) => {
      const rowsBefore = await documentRows(claim.claimId);
      const filesBefore = (await store.names()).length;
      const res = await upload(caseWorker, claim.claimId, {
        filename: 'invoice.pdf',
        contentType: 'application/pdf',
        data,
      }).expect(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 415, code: 'FILE_TYPE_NOT_ALLOWED' });
      expect(await documentRows(claim.claimId)).toBe(rowsBefore);
      expect(await store.names()).toHaveLength(filesBefore);
    });

    it('refuses a file over 20 MiB with 413, leaving no row and no file', async () => {
      const rowsBefore = await documentRows(claim.claimId);
      const filesBefore = (await store.names()).length;
      const big = Buffer.concat([PDF.subarray(0, 9), Buffer.alloc(20 * 1024 * 1024 + 1 - 9, 0x20)]);
      const res = await upload(caseWorker, claim.claimId, { filename: 'big.pdf', data: big });
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(await documentRows(claim.claimId)).toBe(rowsBefore);
      expect(await store.names()).toHaveLength(filesBefore);
    });

    it('accepts a file of exactly the limit', async () => {
      const exact = Buffer.concat([PDF.subarray(0, 9), Buffer.alloc(20 * 1024 * 1024 - 9, 0x20)]);
      const res = await upload(caseWorker, claim.claimId, { filename: 'edge.pdf', data: exact });
      expect(res.status).toBe(201);
      expect(res.body.sizeBytes).toBe(20 * 1024 * 1024);
    });

    it('neutralises a path-traversal file name and writes only inside the store', async () => {
      const res = await upload(caseWorker, claim.claimId, {
        filename: '../../etc/passwd.pdf',
        data: PDF,
      }).expect(201);
      expect(res.body.fileName).toBe('passwd.pdf');
      expect(existsSync(resolve(store.env.STORAGE_DIR ?? tmpdir(), '../../etc/passwd.pdf'))).toBe(
        false,
      );
      const names = await store.names();
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((name) => !STORED_NAME.test(name))).toEqual([]);
    });

    it('strips Windows paths, control and bidi characters, and limits the length', async () => {
      const evil = `C:\\Users\\x\\scan\u0007\u202Efdp.exe${'a'.repeat(300)}.pdf`;
      const res = await upload(caseWorker, claim.claimId, { filename: evil, data: PDF }).expect(
        201,
      );
      expect(res.body.fileName).not.toMatch(/[\\/\p{Cc}\u202e]/u);
      expect(res.body.fileName.startsWith('scanfdp.exe')).toBe(true);
      expect(res.body.fileName.endsWith('.pdf')).toBe(true);
      expect([...res.body.fileName].length).toBeLessThanOrEqual(200);
    });

    it('records the type found in the bytes, not the name or declared type', async () => {
      const res = await upload(caseWorker, claim.claimId, {
        filename: 'scan.pdf',
        contentType: 'application/pdf',
        data: PNG,
      }).expect(201);
      expect(res.body).toMatchObject({ mimeType: 'image/png', fileName: 'scan.pdf.png' });
      const jpeg = await upload(caseWorker, claim.claimId, {
        filename: 'photo.jpg',
        contentType: 'application/octet-stream',
        data: JPEG,
      }).expect(201);
      expect(jpeg.body).toMatchObject({ mimeType: 'image/jpeg', fileName: 'photo.jpg' });
    });

    it('refuses a request that is not multipart with 415', async () => {
      const res = await t
        .http()
        .post(`${API}/claims/${claim.claimId}/documents`)
        .set(caseWorker.auth)
        .send({ type: 'other', file: 'JVBERi0=' })
        .expect(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 400 for a missing file, an unknown type, an unknown field and an empty file', async () => {
      const noFile = multipart([{ name: 'type', value: 'other' }]);
      const r1 = await t
        .http()
        .post(`${API}/claims/${claim.claimId}/documents`)
        .set(caseWorker.auth)
        .set('Content-Type', noFile.contentType)
        .send(noFile.body)
        .expect(400);
      expect(r1.body.code).toBe('DOCUMENT_FILE_REQUIRED');

      const r2 = await upload(
        caseWorker,
        claim.claimId,
        { filename: 'a.pdf', data: PDF },
        'selfie',
      );
      expect(r2.status).toBe(400);
      expect(r2.body.errors).toEqual([expect.objectContaining({ field: 'type' })]);

      const extra = multipart([
        { name: 'type', value: 'other' },
        { name: 'owner', value: 'me' },
        { name: 'file', filename: 'a.pdf', data: PDF },
      ]);
      const r3 = await t
        .http()
        .post(`${API}/claims/${claim.claimId}/documents`)
        .set(caseWorker.auth)
        .set('Content-Type', extra.contentType)
        .send(extra.body)
        .expect(400);
      expect(r3.body.errors).toEqual([expect.objectContaining({ field: 'owner' })]);

      const r4 = await upload(caseWorker, claim.claimId, {
        filename: 'a.pdf',
        data: Buffer.alloc(0),
      });
      expect(r4.status).toBe(400);
      expect(r4.body.code).toBe('DOCUMENT_FILE_EMPTY');
    });

    it.each([ClaimStatus.Closed, ClaimStatus.Withdrawn])(
      'refuses uploads to a %s claim with 409',
      async (status) => {
        const finished = await createClaimFixture(t.ds, { status });
        const filesBefore = (await store.names()).length;
        const res = await upload(caseWorker, finished.claimId, { filename: 'a.pdf', data: PDF });
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('CLAIM_CLOSED');
        expect(await documentRows(finished.claimId)).toBe(0);
        expect(await store.names()).toHaveLength(filesBefore);
      },
    );

    it('removes the placed file when the transaction fails after it (no row, no file)', async () => {
      const audit = t.app.get(AuditService);
      const spy = jest
        .spyOn(audit, 'record')
        .mockRejectedValueOnce(new Error('simulated database failure'));
      try {
        const rowsBefore = await documentRows(claim.claimId);
        const filesBefore = (await store.names()).length;
        const res = await upload(caseWorker, claim.claimId, { filename: 'a.pdf', data: PDF });
        expect(res.status).toBe(500);
        expect(res.body.code).toBe('INTERNAL_ERROR');
        expect(JSON.stringify(res.body)).not.toContain('simulated');
        expect(await documentRows(claim.claimId)).toBe(rowsBefore);
        expect(await store.names()).toHaveLength(filesBefore);
      } finally {
        spy.mockRestore();
      }
    });

    it('removes the staged file when storage fails to commit it', async () => {
      const storage = t.app.get<DocumentStorage>(DOCUMENT_STORAGE);
      const spy = jest
        .spyOn(storage, 'commit')
        .mockRejectedValueOnce(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
      try {
        const rowsBefore = await documentRows(claim.claimId);
        const filesBefore = (await store.names()).length;
        const res = await upload(caseWorker, claim.claimId, { filename: 'a.pdf', data: PDF });
        expect(res.status).toBe(500);
        expect(await documentRows(claim.claimId)).toBe(rowsBefore);
        expect(await store.names()).toHaveLength(filesBefore);
      } finally {
        spy.mockRestore();
      }
    });

    it('answers 404 for a claim that does not exist', async () => {
      const res = await upload(caseWorker, randomUUID(), { filename: 'a.pdf', data: PDF });
      expect(res.status).toBe(404);
    });

    it('refuses auditors with 403', async () => {
      await upload(auditor, claim.claimId, { filename: 'a.pdf', data: PDF }).expect(403);
    });
  });

  describe('content', () => {
    let documentId: string;
    const name = 'Свидетельство о смерти; Aliyev (копия) 100%.pdf';

    beforeAll(async () => {
      const res = await upload(admin, claim.claimId, { filename: name, data: PDF }).expect(201);
      documentId = res.body.id;
    });

    it('streams the file as an attachment with its stored type, nosniff, and audits the read', async () => {
      const res = await t
        .http()
        .get(`${API}/documents/${documentId}/content`)
        .set(caseWorker.auth)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('private, no-store');
      const disposition = res.headers['content-disposition'] as string;
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(disposition).not.toMatch(/[^\x20-\x7e]/);
      const fallback = /filename="([^"]*)"/.exec(disposition)![1];
      expect(fallback).not.toContain('"');
      const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)![1]!;
      expect(decodeURIComponent(encoded)).toBe(name);

      const [{ count }] = await queryRows<{ count: number }>(
        t.ds,
        sql(
          `SELECT count(*)::int AS count FROM audit_events
          WHERE action = 'document.read_content' AND entity_id = :documentId AND actor_id = :caseWorkerId`,
          { documentId, caseWorkerId: caseWorker.id },
        ),
      );
      expect(count).toBe(1);
    });

    it('refuses auditors with 403 but shows them masked metadata', async () => {
      const res = await t
        .http()
        .get(`${API}/documents/${documentId}/content`)
        .set(auditor.auth)
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      const list = await t
        .http()
        .get(`${API}/claims/${claim.claimId}/documents`)
        .set(auditor.auth)
        .expect(200);
      const item = (list.body.items as { id: string; fileName: string; sha256: string }[]).find(
        (d) => d.id === documentId,
      );
      expect(item).toMatchObject({ fileName: '••••.pdf', sha256: sha256(PDF) });
    });

    it('reads back a file larger than one upload part byte for byte', async () => {
      // 6 MiB: more than the 5 MiB part of a multipart upload to S3.
      const large = Buffer.concat([PDF.subarray(0, 9), randomBytes(6 * 1024 * 1024)]);
      const created = await upload(caseWorker, claim.claimId, {
        filename: 'scan.pdf',
        data: large,
      }).expect(201);
      expect(created.body.sha256).toBe(sha256(large));
      const res = await t
        .http()
        .get(`${API}/documents/${created.body.id}/content`)
        .set(caseWorker.auth)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-length']).toBe(String(large.length));
      expect(sha256(res.body as Buffer)).toBe(sha256(large));
    });

    it('answers 404 for an unknown document', async () => {
      await t
        .http()
        .get(`${API}/documents/${randomUUID()}/content`)
        .set(caseWorker.auth)
        .expect(404);
    });
  });

  describe('lawyers', () => {
    let foreignDocumentId: string;

    beforeAll(async () => {
      const res = await upload(caseWorker, foreignClaim.claimId, {
        filename: 'foreign.pdf',
        data: PDF,
      }).expect(201);
      foreignDocumentId = res.body.id;
    });

    it('upload, list and read documents of their own clients', async () => {
      const created = await upload(
        lawyer,
        clientClaim.claimId,
        { filename: 'poa.pdf', data: PDF },
        'power_of_attorney',
      ).expect(201);
      const list = await t
        .http()
        .get(`${API}/claims/${clientClaim.claimId}/documents`)
        .set(lawyer.auth)
        .expect(200);
      expect(list.body.items.map((d: { id: string }) => d.id)).toContain(created.body.id);
      await t
        .http()
        .get(`${API}/documents/${created.body.id}/content`)
        .set(lawyer.auth)
        .expect(200);
    });

    it('get 404 for another claimant’s document, list and upload, and leave no file', async () => {
      const content = await t
        .http()
        .get(`${API}/documents/${foreignDocumentId}/content`)
        .set(lawyer.auth)
        .expect(404);
      expect(content.body.code).toBe('NOT_FOUND');
      await t
        .http()
        .get(`${API}/claims/${foreignClaim.claimId}/documents`)
        .set(lawyer.auth)
        .expect(404);
      const filesBefore = (await store.names()).length;
      await upload(lawyer, foreignClaim.claimId, { filename: 'x.pdf', data: PDF }).expect(404);
      expect(await store.names()).toHaveLength(filesBefore);
    });

    it('lose access when the representation ends', async () => {
      const ended = await createClaimFixture(t.ds, { lawyerId: lawyer.id });
      const doc = await upload(caseWorker, ended.claimId, { filename: 'a.pdf', data: PDF }).expect(
        201,
      );
      await execute(
        t.ds,
        sql(
          `UPDATE representations SET ended_at = now() WHERE claimant_id = :claimantId AND lawyer_id = :lawyerId`,
          { claimantId: ended.claimantId, lawyerId: lawyer.id },
        ),
      );
      await t.http().get(`${API}/documents/${doc.body.id}/content`).set(lawyer.auth).expect(404);
    });

    it('may not review documents', async () => {
      await t
        .http()
        .post(`${API}/documents/${foreignDocumentId}/review`)
        .set(lawyer.auth)
        .send({ status: 'verified' })
        .expect(403);
    });
  });

  describe('review', () => {
    async function freshDocument(): Promise<{ id: string; version: number }> {
      const res = await upload(caseWorker, claim.claimId, { filename: 'r.pdf', data: PDF }).expect(
        201,
      );
      return res.body as { id: string; version: number };
    }

    const review = (user: TestUser, id: string, body: object) =>
      t.http().post(`${API}/documents/${id}/review`).set(user.auth).send(body);

    it('verifies a document, records who and when, and audits it', async () => {
      const doc = await freshDocument();
      const res = await review(caseWorker, doc.id, { status: 'verified' }).expect(200);
      expect(res.body).toMatchObject({
        status: 'verified',
        reviewedBy: caseWorker.id,
        reviewReason: null,
        version: 2,
      });
      expect(res.body.reviewedAt).toEqual(expect.any(String));
      const [event] = await queryRows<{
        changes: Record<string, { before: unknown; after: unknown }>;
      }>(
        t.ds,
        sql(
          `SELECT changes FROM audit_events WHERE action = 'document.review' AND entity_id = :docId`,
          { docId: doc.id },
        ),
      );
      expect(event!.changes.status).toEqual({ before: 'received', after: 'verified' });
    });

    it('needs a reason to reject (400), then rejects with it', async () => {
      const doc = await freshDocument();
      const missing = await review(admin, doc.id, { status: 'rejected' }).expect(400);
      expect(missing.body.code).toBe('REASON_REQUIRED');
      await review(admin, doc.id, { status: 'rejected', reason: '   ' }).expect(400);
      const res = await review(admin, doc.id, {
        status: 'rejected',
        reason: 'Illegible scan',
      }).expect(200);
      expect(res.body).toMatchObject({ status: 'rejected', reviewReason: 'Illegible scan' });
    });

    it('keeps a rejected document rejected (409) and lets a verified one be revoked', async () => {
      const doc = await freshDocument();
      await review(caseWorker, doc.id, { status: 'verified' }).expect(200);
      await review(caseWorker, doc.id, { status: 'verified' }).expect(409);
      await review(caseWorker, doc.id, { status: 'rejected', reason: 'Forged stamp' }).expect(200);
      const res = await review(caseWorker, doc.id, { status: 'verified' }).expect(409);
      expect(res.body.code).toBe('DOCUMENT_REVIEW_NOT_ALLOWED');
    });

    it('honours an If-Match version when sent (412 when stale)', async () => {
      const doc = await freshDocument();
      await t
        .http()
        .post(`${API}/documents/${doc.id}/review`)
        .set(caseWorker.auth)
        .set('If-Match', '"7"')
        .send({ status: 'verified' })
        .expect(412);
      await t
        .http()
        .post(`${API}/documents/${doc.id}/review`)
        .set(caseWorker.auth)
        .set('If-Match', `"${doc.version}"`)
        .send({ status: 'verified' })
        .expect(200);
    });

    it('refuses unknown statuses and properties with 400', async () => {
      const doc = await freshDocument();
      await review(caseWorker, doc.id, { status: 'received' }).expect(400);
      await review(caseWorker, doc.id, { status: 'verified', note: 'x' }).expect(400);
    });
  });
});
