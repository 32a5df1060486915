import 'reflect-metadata';
import { FieldCipher } from '../../common/crypto/field-cipher';
import { rotateKeys } from '../../common/crypto/key-rotation';
import { createDataSource } from '../data-source-options';
import { openRuntime, prepareDatabase } from '../runtime';
import { print } from './print';

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
  const runtime = await openRuntime(process.env, print);
  try {
    await prepareDatabase(runtime, print, false);
    const { config } = runtime;
    const cipher = new FieldCipher(config.DATA_ENCRYPTION_KEY_VERSION, config.dataEncryptionKeys);
    const ds = createDataSource(config, runtime.databaseUrl, {
      poolSize: 1,
      applicationName: 'j2-8243-keys-rotate',
    });
    await ds.initialize();
    try {
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
    } finally {
      await ds.destroy();
    }
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
