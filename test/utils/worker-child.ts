import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A worker child process (worker-process.ts) and the lines it printed. */
export interface WorkerChild {
  process: ChildProcess;
  lines: string[];
  /** Resolves with the first line starting with `prefix`. */
  line(prefix: string, timeoutMs?: number): Promise<string>;
  send(line: string): void;
  /** SIGKILL: no shutdown hook runs, as in a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export function startWorkerChild(env: Record<string, string>): WorkerChild {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'worker-process.ts')],
    {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    process: child,
    lines,
    async line(prefix, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find((l) => l.startsWith(prefix));
        if (found) return found;
        if (child.exitCode !== null) throw new Error(`worker exited (${child.exitCode})`);
        if (Date.now() > deadline) throw new Error(`worker never printed "${prefix}"`);
        await new Promise((done) => setTimeout(done, 50));
      }
    },
    send(line) {
      child.stdin!.write(`${line}\n`);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
