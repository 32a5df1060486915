import 'reflect-metadata';

import { FieldCipher } from '../../common/crypto/field-cipher';
import { rotateKeys } from '../../common/crypto/key-rotation';
import { print, runCli, withCliDatabase } from './print';

/**
 * npm run keys:rotate [-- --batch-size N]: re-encrypts personal data under
 * DATA_ENCRYPTION_KEY_VERSION, printing progress. Stopped at any point, it continues where it
 * was when run again. The old key stays in DATA_ENCRYPTION_PREVIOUS_KEYS until a run ends
 * with nothing left to rotate.
 */
async function main(): Promise<void> {
  const arg = process.argv.indexOf('--batch-size');
  const batchSize = arg > 0 ? Number(process.argv[arg + 1]) : 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    console.error('--batch-size must be a whole number from 1 to 10000');
    process.exit(2);
  }
  const options = { migrate: true, applicationName: 'j2-8243-keys-rotate' };
  await withCliDatabase(options, async (ds, { config }) => {
    const cipher = new FieldCipher(config.DATA_ENCRYPTION_KEY_VERSION, config.dataEncryptionKeys);
    print(
      `Re-encrypting personal data under key v${cipher.currentVersion}, ${batchSize} rows a batch.`,
    );
    const result = await rotateKeys(ds, cipher, {
      batchSize,
      onProgress: (p) => print(`${p.table}.${p.column}: ${p.done}/${p.total}`),
    });
    print(`Done: ${result.rotated} value(s) re-encrypted.`);
    if (result.failed.length > 0) {
      console.error(
        `${result.failed.length} value(s) no configured key opens (left unchanged):\n` +
          result.failed.map((f) => `  ${f.table}.${f.column} id ${f.id}`).join('\n'),
      );
      process.exitCode = 1;
    }
  });
}

runCli(main);
