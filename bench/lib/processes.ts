import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * `count` distinct free TCP ports on the loopback interface: all are held open until each is
 * known, since a port closed at once may be handed out again by the next request for one.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.on('error', reject);
            server.listen(0, '127.0.0.1', () => {
              const address = server.address();
              resolve(typeof address === 'object' && address ? address.port : 0);
            });
          }),
      ),
    );
  } finally {
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
  }
}

export interface Server {
  name: string;
  child: ChildProcess;
  baseUrl: string;
  logPath: string;
}

/** Starts a server process with its output in a log file; the caller must stop() it. */
export function startServer(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  logPath: string,
): Server {
  const log = createWriteStream(logPath);
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name, child, baseUrl: `http://127.0.0.1:${port}`, logPath };
}

function tail(path: string, lines = 30): string {
  if (!existsSync(path)) return '';
  return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Polls GET <path> until 200; fails early, with the log's tail, if the process exits. */
export async function waitHealthy(server: Server, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(
        `${server.name} exited (${server.child.exitCode ?? server.child.signalCode}) before it was ready; ` +
          `log ${server.logPath}:\n${tail(server.logPath)}`,
      );
    }
    try {
      const res = await fetch(`${server.baseUrl}${path}`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${server.name} was not healthy within ${timeoutMs} ms; log ${server.logPath}:\n${tail(server.logPath)}`,
  );
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export async function stopServer(server: Server, graceMs = 15_000): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * CPU time (user + system) a process has used so far, in milliseconds, from /proc/<pid>/stat
 * (clock ticks of 10 ms); null where /proc is not available.
 */
export function cpuTimeMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

interface MemoryStatus {
  rssKb: number;
  hwmKb: number;
}

function readStatus(pid: number): MemoryStatus | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * Peak resident memory of a process during a measurement: VmRSS sampled every 100 ms, and
 * the kernel's own high-water mark (VmHWM) after resetting it through clear_refs where the
 * kernel lets us, which also catches peaks between samples.
 */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peakKb = 0;
  private hwmReset = false;

  constructor(private readonly pid: number) {}

  start(): this {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      this.hwmReset = true;
    } catch {
      this.hwmReset = false;
    }
    this.peakKb = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
    return this;
  }

  /** Peak RSS in MB since start(). */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    const last = this.sample();
    const peak = Math.max(this.peakKb, this.hwmReset && last ? last.hwmKb : 0);
    return Math.round(peak / 102.4) / 10;
  }

  private sample(): MemoryStatus | null {
    const s = readStatus(this.pid);
    if (s) this.peakKb = Math.max(this.peakKb, s.rssKb);
    return s;
  }
}
