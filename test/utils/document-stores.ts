import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export type StorageDriver = 'local' | 's3';

/**
 * A document store for a test app: a temporary directory, or a bucket of an S3-compatible
 * server (s3rver, in this process, on loopback) that any number of app instances can share.
 */
export interface TestDocumentStore {
  driver: StorageDriver;
  /** Settings that point an app at this store. */
  env: Record<string, string>;
  /** Every stored file by its name inside the store (`ab/<uuid>`, `documents/<uuid>`...). */
  names(): Promise<string[]>;
  close(): Promise<void>;
}

export async function openTestDocumentStore(driver: StorageDriver): Promise<TestDocumentStore> {
  return driver === 's3' ? openS3Store() : openLocalStore();
}

function openLocalStore(): TestDocumentStore {
  const root = mkdtempSync(join(tmpdir(), 'j2-storage-'));
  return {
    driver: 'local',
    env: { STORAGE_DRIVER: 'local', STORAGE_DIR: root },
    names: async () =>
      existsSync(root)
        ? readdirSync(root, { recursive: true, withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => relative(root, join(e.parentPath, e.name)))
        : [],
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * s3rver stores what a streamed PutObject sends in the SDK's default aws-chunked encoding as
 * is; real S3 and MinIO decode it. For s3rver only, the SDK computes checksums only when an
 * operation requires one (these are the SDK's own variables, read when a client is created).
 */
function sdkSettingsForS3rver(): void {
  process.env.AWS_REQUEST_CHECKSUM_CALCULATION = 'WHEN_REQUIRED';
  process.env.AWS_RESPONSE_CHECKSUM_VALIDATION = 'WHEN_REQUIRED';
}

async function openS3Store(): Promise<TestDocumentStore> {
  sdkSettingsForS3rver();
  const directory = mkdtempSync(join(tmpdir(), 'j2-s3rver-'));
  const bucket = `j2-documents-${randomUUID().slice(0, 8)}`;
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    STORAGE_DRIVER: 's3',
    S3_ENDPOINT: endpoint,
    S3_REGION: 'us-east-1',
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true',
  };
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    driver: 's3',
    env,
    names: async () => {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
        );
        names.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return names;
    },
    close: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
