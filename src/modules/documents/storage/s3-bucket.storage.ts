import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

import type { AppConfig } from '../../../config/app-config';
import type { DocumentStorage, StagedFile } from './document-storage';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STAGING = 'staging/';
const DOCUMENTS = 'documents/';

/**
 * S3's smallest multipart part. With one part in flight an upload holds at most about two parts
 * in memory (the one being sent and the one being read), whatever the size of the file.
 */
const PART_SIZE = 5 * 1024 * 1024;

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, Ceph...), so that any number of app processes
 * on any number of machines serve the same documents. Same two phases as the local directory:
 * `stage` streams the upload to `staging/<token>` (multipart, aborted on failure, so a failed
 * upload leaves no object), `commit` copies it server-side to `documents/<key>` and deletes the
 * staged object; the caller commits its row only after that, and removes both on any failure.
 * Keys are server-generated UUIDs only.
 */
export class S3BucketStorage implements DocumentStorage {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  static fromConfig(config: AppConfig): S3BucketStorage {
    const client = new S3Client({
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true',
      credentials:
        config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
          ? {
              accessKeyId: config.S3_ACCESS_KEY_ID,
              secretAccessKey: config.S3_SECRET_ACCESS_KEY,
            }
          : undefined,
      maxAttempts: 3,
      // A store that does not answer fails the request (500) instead of holding it for ever.
      requestHandler: { connectionTimeout: 5000, requestTimeout: 60_000 },
    });
    return new S3BucketStorage(client, config.S3_BUCKET!);
  }

  async stage(content: AsyncIterable<Uint8Array>): Promise<StagedFile> {
    const staged = { token: randomUUID() };
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: this.stagedKey(staged),
        Body: Readable.from(content),
        ContentType: 'application/octet-stream',
      },
      partSize: PART_SIZE,
      queueSize: 1,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      await this.discard(staged).catch(() => undefined);
      throw error;
    }
    return staged;
  }

  async commit(staged: StagedFile, key: string): Promise<void> {
    const source = this.stagedKey(staged);
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: this.documentKey(key),
        CopySource: `${this.bucket}/${source}`,
      }),
    );
    await this.discard(staged);
  }

  async discard(staged: StagedFile): Promise<void> {
    await this.delete(this.stagedKey(staged));
  }

  async remove(key: string): Promise<void> {
    await this.delete(this.documentKey(key));
  }

  async open(key: string): Promise<Readable> {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.documentKey(key) }),
    );
    if (!(object.Body instanceof Readable)) throw new Error('The object store sent no body');
    return object.Body;
  }

  async sweepStaged(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let swept = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: STAGING,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        const name = object.Key?.slice(STAGING.length) ?? '';
        if (UUID.test(name) && object.LastModified && object.LastModified.getTime() < cutoff) {
          await this.delete(object.Key!);
          swept++;
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return swept;
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  /** Closes the client's connections (application shutdown). */
  onApplicationShutdown(): void {
    this.client.destroy();
  }

  /** S3 answers a delete of a missing key with success: "never throws for a file already gone". */
  private async delete(objectKey: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
  }

  private stagedKey(staged: StagedFile): string {
    return `${STAGING}${checkedUuid(staged.token)}`;
  }

  private documentKey(key: string): string {
    return `${DOCUMENTS}${checkedUuid(key)}`;
  }
}

function checkedUuid(value: string): string {
  if (!UUID.test(value)) throw new Error('Storage keys are server-generated UUIDs');
  return value;
}
