import { createHash } from 'node:crypto';

import { DocumentErrorCode, DocumentRuleError } from './domain/document-errors';
import { SNIFF_BYTES } from './domain/file-type';

/**
 * Watches an upload as it streams to storage: counts and hashes every byte, keeps the first
 * few for type detection, and stops the stream once it exceeds the size limit.
 */
export class UploadInspector {
  private readonly hash = createHash('sha256');
  private leading = Buffer.alloc(0);
  private digest: string | null = null;
  sizeBytes = 0;

  constructor(private readonly limitBytes: number) {}

  async *inspect(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<Buffer> {
    for await (const data of source) {
      const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data);
      this.sizeBytes += chunk.length;
      if (this.sizeBytes > this.limitBytes) throw fileTooLarge(this.limitBytes);
      if (this.leading.length < SNIFF_BYTES) {
        this.leading = Buffer.concat([this.leading, chunk.subarray(0, SNIFF_BYTES)]).subarray(
          0,
          SNIFF_BYTES,
        );
      }
      this.hash.update(chunk);
      yield chunk;
    }
  }

  /** The first bytes of the content, for magic-number detection. */
  get head(): Buffer {
    return this.leading;
  }

  /** SHA-256 of everything inspected, lower-case hex; read once the stream has ended. */
  get sha256(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }
}

export function fileTooLarge(limitBytes: number): DocumentRuleError {
  return new DocumentRuleError(
    DocumentErrorCode.FileTooLarge,
    `The file is larger than the ${formatBytes(limitBytes)} a document may have`,
    'file',
  );
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}
