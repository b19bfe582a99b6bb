/**
 * A PostgreSQL 15 cluster of a test's own: initdb under a temporary directory, on a free port of
 * 127.0.0.1, run as the `postgres` OS user (initdb and the server refuse root), stopped and
 * removed by the test. Every command has a time limit.
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid?.() === 0;

/** The uid and gid of the `postgres` OS user (when running as root), else null. */
const postgresUser = (() => {
  if (!isRoot) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
})();

/** Runs a command as the postgres OS user (runuser from root; as oneself otherwise); rejects on a non-zero exit or after `timeoutMs`. */
export function asPostgres(cmd: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, LANG: 'C.UTF-8', TZ: 'UTC' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')}: ${signal ? `killed (${signal}) after ${timeoutMs} ms` : `exit ${code}`}\n${err}${out}`));
    });
  });
}

/** A temporary directory the postgres user owns. */
export function tempDirForPostgres(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (postgresUser) chownSync(dir, postgresUser.uid, postgresUser.gid);
  return dir;
}

export function mkdirForPostgres(dir: string): string {
  mkdirSync(dir, { recursive: true });
  if (postgresUser) chownSync(dir, postgresUser.uid, postgresUser.gid);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * pg_ctl leaves the server running on its own: a watchdog, detached, stops it at once if the
 * test's process dies without stopping it (killed outright, or the run cut short), and removes
 * the test's temporary directory.
 */
function stopWhenTestIsGone(dataDir: string, tempRoot: string) {
  const pgCtl = join(PG_BIN, 'pg_ctl');
  const stop = isRoot ? `runuser -u postgres -- ${pgCtl}` : pgCtl;
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; [ -f '${dataDir}/postmaster.pid' ] && ${stop} -D '${dataDir}' -m immediate stop >/dev/null 2>&1; rm -rf '${tempRoot}'; exit 0`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

export interface Cluster {
  dataDir: string;
  port: number;
  url(db?: string): string;
  start(): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  log(): string;
}

/** A cluster whose data directory is `dataDir` (made by initdb, or restored into it), on its own port; `socketDir` is the test's temporary directory. */
export function clusterAt(dataDir: string, port: number, socketDir: string): Cluster {
  const logFile = `${dataDir}.log`;
  let running = false;
  return {
    dataDir,
    port,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    async start() {
      // Port and socket on the command line: a restored directory carries the original's settings.
      await asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1`, 'start'], 90_000);
      running = true;
      stopWhenTestIsGone(dataDir, socketDir);
    },
    async stop(mode = 'fast') {
      if (!running) return;
      running = false;
      await asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop'], 90_000);
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
}

/** initdb a new cluster with the given extra postgresql.conf lines. */
export async function initCluster(root: string, name: string, conf: string[]): Promise<Cluster> {
  const dataDir = join(root, name);
  await asPostgres(join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions'], 120_000);
  appendFileSync(join(dataDir, 'postgresql.conf'), `\n# the test's own\n${conf.join('\n')}\n`);
  return clusterAt(dataDir, await freePort(), root);
}
