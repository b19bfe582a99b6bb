/**
 * Child processes of the benchmark: every one is tracked and ended when the benchmark ends,
 * however it ends (normal exit, an error, Ctrl-C). Servers listen on 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { get } from 'node:http';

const children = new Set<ChildProcess>();
let cleanupInstalled = false;

function killAllNow(signal: NodeJS.Signals = 'SIGKILL') {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      try {
        // Commands lead their own process group (detached), so their children (npm → tsx → node) go too.
        process.kill(-c.pid!, signal);
      } catch {
        try {
          c.kill(signal);
        } catch {
          /* already gone */
        }
      }
    }
  }
}

/** Ends every child now (the benchmark failed). */
export function stopAllChildren(): void {
  killAllNow('SIGKILL');
}

/** Ends every child on exit, on Ctrl-C / SIGTERM, and on an uncaught error. */
export function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => killAllNow('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping the benchmark's processes`);
      killAllNow('SIGTERM');
      setTimeout(() => process.exit(130), 2000).unref();
    });
  }
  process.on('uncaughtException', (err) => {
    console.error(err);
    killAllNow('SIGKILL');
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    console.error(err);
    killAllNow('SIGKILL');
    process.exit(1);
  });
}

function track(c: ChildProcess): ChildProcess {
  children.add(c);
  c.once('exit', () => children.delete(c));
  return c;
}

/** Runs a command to completion with its output shown (build, seeding); rejects on a non-zero exit. */
export function runCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = track(spawn(cmd, args, { env, cwd, stdio: ['ignore', 'inherit', 'inherit'], detached: true }));
    c.once('error', reject);
    c.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} ended with ${signal ?? `exit code ${code}`}`))));
  });
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  name: string;
  port: number;
  pid: number;
  logPath: string;
  /** Milliseconds from spawn to the first successful answer to GET `readyPath`. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Starts a server as a child process on a free port and waits for its first successful answer
 * (polled every 5 ms) — the time from spawn to ready.
 */
export async function startServer(opts: { name: string; args: string[]; env: NodeJS.ProcessEnv; logPath: string; readyPath?: string; timeoutMs?: number }): Promise<Server> {
  const port = await freePort();
  const log = createWriteStream(opts.logPath);
  const t0 = performance.now();
  // A server is one process, in the benchmark's process group: Ctrl-C in a terminal reaches it too.
  const c = track(spawn(process.execPath, opts.args, { env: { ...opts.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] }));
  c.stdout!.pipe(log);
  c.stderr!.pipe(log);
  let exited: string | null = null;
  c.once('exit', (code, signal) => {
    exited = signal ?? `exit code ${code}`;
  });
  const deadline = t0 + (opts.timeoutMs ?? 120_000);
  const path = opts.readyPath ?? '/healthz';
  for (;;) {
    if (exited) throw new Error(`${opts.name} ended (${exited}) before it was ready; its log: ${opts.logPath}\n${tail(opts.logPath)}`);
    if (performance.now() > deadline) throw new Error(`${opts.name} was not ready within ${opts.timeoutMs ?? 120_000} ms; its log: ${opts.logPath}`);
    if ((await probe(port, path)) === 200) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const readyMs = performance.now() - t0;
  return {
    name: opts.name,
    port,
    pid: c.pid!,
    logPath: opts.logPath,
    readyMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) return resolve();
        const force = setTimeout(() => c.kill('SIGKILL'), 15_000);
        c.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        // SIGTERM: the server closes its database cleanly (PGlite writes its files on close).
        c.kill('SIGTERM');
      }),
  };
}

function probe(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path, timeout: 1000 }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', () => resolve(0));
    req.once('timeout', () => {
      req.destroy();
      resolve(0);
    });
  });
}

function tail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** VmRSS and VmHWM of a process in kB, from /proc (Linux). */
export function memoryOf(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Samples a process's resident memory every `intervalMs` while load runs; keeps the peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  peakKb = 0;
  constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}
  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }
  private sample() {
    const m = memoryOf(this.pid);
    if (m && m.rssKb > this.peakKb) this.peakKb = m.rssKb;
  }
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return this.peakKb;
  }
}

const TICK_US = 1e6 / 100; // USER_HZ: 100 on Linux

/** CPU time (user + system) of a process in µs, from /proc/<pid>/stat; 0 once it is gone. */
export function cpuOf(pid: number): number {
  try {
    // The command name (field 2) may hold spaces; the fields after it are counted from its ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_US; // utime, stime (fields 14 and 15)
  } catch {
    return 0;
  }
}

/** Every PostgreSQL server process on this machine, by pid, with its CPU time in µs. */
export function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    out.set(Number(entry), cpuOf(Number(entry)));
  }
  return out;
}

/**
 * CPU spent between start() and stop() by one process and by PostgreSQL (all its processes: the
 * backends serving the run and whatever else the cluster did meanwhile, such as autovacuum).
 * Processes that ended in between are lost; the backends of a pool live through a run.
 */
export class CpuMeter {
  #server = 0;
  #pg = new Map<number, number>();
  constructor(private readonly pid: number) {}
  start(): void {
    this.#server = cpuOf(this.pid);
    this.#pg = postgresCpu();
  }
  stop(): { serverUs: number; postgresUs: number } {
    let pg = 0;
    for (const [pid, us] of postgresCpu()) pg += us - (this.#pg.get(pid) ?? 0);
    return { serverUs: cpuOf(this.pid) - this.#server, postgresUs: pg };
  }
}
