import { DataSource } from 'typeorm';

import { AuditService } from '../../modules/audit/audit.service';
import { MFA_SECRET_PURPOSE } from '../../modules/auth/mfa';
import { BANK_ACCOUNT, CONTACT } from '../../modules/claimants/personal-data';
import { IDENTITY } from '../../modules/persons/personal-data';
import { SYSTEM_ACTOR } from '../auth/actor';
import { execute, queryRows, sql } from '../database/sql';
import { CiphertextError, FieldCipher } from './field-cipher';

/** Every column that holds personal data encrypted with FieldCipher, and its purpose. */
export const ENCRYPTED_COLUMNS = [
  { table: 'persons_on_board', column: 'identity_document_enc', purpose: IDENTITY },
  { table: 'claimants', column: 'contact_enc', purpose: CONTACT },
  { table: 'claimants', column: 'bank_account_enc', purpose: BANK_ACCOUNT },
  { table: 'users', column: 'mfa_secret_enc', purpose: MFA_SECRET_PURPOSE },
] as const;

export interface RotationProgress {
  table: string;
  column: string;
  /** Rows of this column re-encrypted so far in this run. */
  done: number;
  /** Rows of this column under an older key when the run reached it. */
  total: number;
}

export interface RotationResult {
  rotated: number;
  /** Rows whose ciphertext no configured key opens (left as they are, named by id). */
  failed: { table: string; column: string; id: string }[];
}

/**
 * Re-encrypts every personal-data value not yet under the current key version, in batches of
 * `batchSize`, each batch one transaction with its own audit event. Resumable by construction:
 * each batch reads the rows still under an older key, so a run stopped at any point (killed,
 * the database gone) is continued by running it again. A row changed by the service meanwhile
 * is skipped (its new value is already under the current key): the update is conditional on
 * the ciphertext it read. Reads work throughout, as long as the old key is listed in
 * DATA_ENCRYPTION_PREVIOUS_KEYS.
 */
export async function rotateKeys(
  dataSource: DataSource,
  cipher: FieldCipher,
  options: { batchSize: number; onProgress?: (p: RotationProgress) => void },
): Promise<RotationResult> {
  const audit = new AuditService(dataSource);
  const current = `v${cipher.currentVersion}.`;
  const result: RotationResult = { rotated: 0, failed: [] };
  for (const { table, column, purpose } of ENCRYPTED_COLUMNS) {
    const stale = `${column} IS NOT NULL AND left(${column}, ${current.length}) <> :current`;
    const [{ total }] = await queryRows<{ total: number }>(
      dataSource,
      sql(`SELECT count(*)::int AS total FROM ${table} WHERE ${stale}`, { current }),
    );
    let done = 0;
    // Rows no key opens are passed over (keyset on id), never retried in a loop.
    let after = '00000000-0000-0000-0000-000000000000';
    options.onProgress?.({ table, column, done, total });
    for (;;) {
      const batch = await dataSource.transaction(async (manager) => {
        const rows = await queryRows<{ id: string; value: string }>(
          manager,
          sql(
            `SELECT id::text AS id, ${column} AS value FROM ${table}
            WHERE ${stale} AND id > :after ORDER BY ${table}.id LIMIT :batchSize`,
            { current, after, batchSize: options.batchSize },
          ),
        );
        let rotated = 0;
        for (const row of rows) {
          let clear: string;
          try {
            clear = cipher.decrypt(row.value, purpose);
          } catch (error) {
            if (!(error instanceof CiphertextError)) throw error;
            result.failed.push({ table, column, id: row.id });
            continue;
          }
          const { count } = await execute(
            manager,
            sql(`UPDATE ${table} SET ${column} = :fresh WHERE id = :rowId AND ${column} = :stale`, {
              rowId: row.id,
              fresh: cipher.encrypt(clear, purpose),
              stale: row.value,
            }),
          );
          rotated += count;
        }
        if (rotated > 0) {
          await audit.record(manager, SYSTEM_ACTOR, {
            action: 'keys.rotate',
            entityType: table,
            entityId: null,
            changes: { column, rows: rotated, toVersion: cipher.currentVersion },
          });
        }
        return { rows, rotated };
      });
      done += batch.rotated;
      result.rotated += batch.rotated;
      if (batch.rows.length === 0) break;
      after = batch.rows[batch.rows.length - 1]!.id;
      options.onProgress?.({ table, column, done, total });
      if (batch.rows.length < options.batchSize) break;
    }
  }
  return result;
}
