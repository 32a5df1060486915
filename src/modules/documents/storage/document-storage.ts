import type { Readable } from 'node:stream';

/** Injection token for the configured DocumentStorage. */
export const DOCUMENT_STORAGE = Symbol('DOCUMENT_STORAGE');

/** A file written under a temporary name, not yet visible under any key. */
export interface StagedFile {
  readonly token: string;
}

/**
 * Where document bytes live. Writes are two-phase so an upload leaves no file unless its
 * database row commits: `stage` writes under a temporary name, `commit` moves the staged
 * file under its final key (atomically), `discard` drops a staged file. Keys are always
 * server-generated UUIDs; implementations refuse anything else.
 */
export interface DocumentStorage {
  stage(content: AsyncIterable<Uint8Array>): Promise<StagedFile>;
  commit(staged: StagedFile, key: string): Promise<void>;
  /** Never throws for a file already gone. */
  discard(staged: StagedFile): Promise<void>;
  /** Never throws for a file already gone. */
  remove(key: string): Promise<void>;
  /** Opens the file for reading; rejects when it does not exist. */
  open(key: string): Promise<Readable>;
  /** Drops staged files older than `olderThanMs` (left by a crash mid-upload); returns how many. */
  sweepStaged(olderThanMs: number): Promise<number>;
  /** Resolves when the store can be written to (readiness probe); rejects otherwise. */
  check(): Promise<void>;
}
