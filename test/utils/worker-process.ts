import 'reflect-metadata';

import { Clock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/app-config';
import { ReminderSweep } from '../../src/modules/notifications/reminders/reminder-sweep';
import { startWorker } from '../../src/worker';

/*
 * A worker process for the suites, built exactly as `npm run worker` builds it (startWorker).
 * The test harness may fix its clock (TEST_NOW, the test's equivalent of jest.spyOn on the
 * Clock: production code has no such switch) and, on a "sweep" line on stdin, runs the
 * reminder sweep at once and answers "swept <keys as JSON>". It prints "ready" when started.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, WORKER_ENABLED: 'true' });
  const app = await startWorker(config);
  if (process.env.TEST_NOW) {
    const now = new Date(process.env.TEST_NOW);
    app.get(Clock).now = () => now;
  }
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (line.trim() !== 'sweep') continue;
      app
        .get(ReminderSweep)
        .run()
        .then(
          (keys) => process.stdout.write(`swept ${JSON.stringify(keys)}\n`),
          (error: unknown) => process.stdout.write(`failed ${String(error)}\n`),
        );
    }
  });
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
