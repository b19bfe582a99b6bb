/**
 * npm run bench — Tiaojie under load, against the limits of its own stack on this machine, in one run.
 *
 *   npm run bench                                    # 1 million cases on PostgreSQL, PGlite at 100 000
 *   npm run bench -- --database-url postgres://postgres@127.0.0.1:5432/tiaojie_bench_20k --cases 20000 \
 *                    --pglite-cases 20000 --duration 5 --only detail,list
 *
 * 1. Makes sure the PostgreSQL database holds at least --cases cases (npm run seed:bulk adds the
 *    shortfall; a database still being seeded is refused).
 * 2. Builds the server (npm run build) and starts `node dist/src/server.js` as a child process on a
 *    free 127.0.0.1 port; time from spawn to its first answer is "ready".
 * 3. Starts the baselines: tests/bench/bare-server.ts (Fastify + postgres.js, hand-written SQL, same
 *    database work) and tests/bench/hello-server.ts (the HTTP ceiling); checks that the bare server
 *    answers and writes exactly as Tiaojie does (lib/verify.ts) before measuring anything.
 * 4. Per workload, Tiaojie then the bare server, each with autocannon (warm-up, then --duration s,
 *    --connections connections, one request in flight per connection), sampling the server's RSS.
 * 5. The same workloads on Tiaojie over PGlite (--pglite-dir, or a PGlite of --pglite-cases cases
 *    seeded under data/bench/), unless --skip-pglite.
 * 6. Prints one table, checks in the database that every acknowledged write committed, and writes
 *    the results to tests/bench/results/<timestamp>.json.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type autocannon from 'autocannon';
import postgres from 'postgres';
import {
  acceptBody,
  callerHeaders,
  DEADLINE_LIMIT,
  fileBody,
  LIST_FILTER,
  LIST_LIMIT,
  login,
  pickTargets,
  settleBody,
  type Identity,
  type Query,
  type Targets,
} from './lib/common.js';
import { runAmount, runLoad, type LoadResult } from './lib/load.js';
import { installCleanup, CpuMeter, memoryOf, RssSampler, runCommand, startServer, stopAllChildren, type Server } from './lib/procs.js';
import { compareReads, compareWrites, statsPath, type CheckResult } from './lib/verify.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const WORKLOADS = ['file', 'action', 'detail', 'list', 'deadlines', 'stats', 'hello'] as const;
type WorkloadName = (typeof WORKLOADS)[number];
const LABELS: Record<WorkloadName, string> = {
  file: 'file a case',
  action: 'action (accept/settle)',
  detail: 'case detail',
  list: 'case list + cursor',
  deadlines: 'deadline board',
  stats: 'statistics (province-year)',
  hello: 'hello world',
};
const WRITES: readonly WorkloadName[] = ['file', 'action'];

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/tiaojie_bench_1m' },
    cases: { type: 'string', default: '1000000' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '1' },
    connections: { type: 'string', default: '32' },
    orgs: { type: 'string' },
    only: { type: 'string' },
    'skip-pglite': { type: 'boolean', default: false },
    'pglite-dir': { type: 'string' },
    'pglite-cases': { type: 'string', default: '100000' },
    'skip-build': { type: 'boolean', default: false },
    'server-dir': { type: 'string' },
    'allow-mismatch': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`npm run bench -- [--database-url URL] [--cases N] [--duration S] [--warmup S] [--rounds N] [--connections N] [--orgs N]
                 [--only ${WORKLOADS.join(',')}] [--skip-pglite] [--pglite-dir DIR] [--pglite-cases N]
                 [--skip-build] [--server-dir DIR] [--allow-mismatch]      (see tests/bench/README.md)`);
  process.exit(0);
}

const int = (name: string, v: string | undefined, min: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return n;
};
const opts = {
  databaseUrl: args['database-url']!,
  cases: int('cases', args.cases, 1),
  duration: int('duration', args.duration, 1),
  warmup: int('warmup', args.warmup, 0),
  /** Each workload's runs are repeated, alternating servers; the table shows medians (a shared machine is noisy). */
  rounds: int('rounds', args.rounds, 1),
  connections: int('connections', args.connections, 1),
  orgs: int('orgs', args.orgs ?? args.connections, 1),
  pgliteCases: int('pglite-cases', args['pglite-cases'], 1),
  pgliteDir: args['pglite-dir'] ? resolve(args['pglite-dir']) : null,
  skipPglite: args['skip-pglite']!,
  skipBuild: args['skip-build']!,
  /** Another tree of Tiaojie to build and measure (e.g. an earlier revision, exported with git archive). */
  serverDir: args['server-dir'] ? resolve(args['server-dir']) : ROOT,
  allowMismatch: args['allow-mismatch']!,
};
const only = new Set<WorkloadName>(
  (args.only ? args.only.split(',').map((s) => s.trim()) : [...WORKLOADS]).map((w) => {
    if (!(WORKLOADS as readonly string[]).includes(w)) throw new Error(`--only: unknown workload ${w} (${WORKLOADS.join(', ')})`);
    return w as WorkloadName;
  }),
);
const dbUrl = new URL(opts.databaseUrl);
if (!['127.0.0.1', 'localhost', '[::1]', ''].includes(dbUrl.hostname)) throw new Error(`the benchmark runs against a database on this machine only, not ${dbUrl.hostname}`);
const dbName = decodeURIComponent(dbUrl.pathname.slice(1));
const redacted = opts.databaseUrl.replace(/\/\/[^@/]*@/, '//…@');

installCleanup();
const startedAt = new Date();
const loadAtStart = os.loadavg();
const git = (() => {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean).length;
    return { commit, changedFiles: changed };
  } catch {
    return null;
  }
})();
const revision =
  opts.serverDir !== ROOT
    ? `server from ${opts.serverDir}`
    : git
      ? `${git.commit}${git.changedFiles ? ` + ${git.changedFiles} changed files` : ''}`
      : 'unknown revision';
const logDir = mkdtempSync(join(os.tmpdir(), 'tiaojie-bench-'));
const say = (line: string) => console.log(line);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// Databases

function pgQuery(sql: postgres.Sql): Query {
  return async (text, params = []) => [...(await sql.unsafe(text, params as never[]))] as never;
}

async function ensurePostgres(): Promise<{ cases: number; seeded: boolean }> {
  const admin = new URL(opts.databaseUrl);
  admin.pathname = '/postgres';
  const a = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const [exists] = await a`select 1 from pg_database where datname = ${dbName}`;
    if (!exists) {
      say(`creating database ${dbName}`);
      await a.unsafe(`create database "${dbName.replace(/"/g, '""')}"`);
    }
  } finally {
    await a.end();
  }
  const db = postgres(opts.databaseUrl, { max: 1, onnotice: () => {} });
  let have = 0;
  try {
    const [busy] = await db`select 1 from pg_tables where tablename = '_bulk_org'`;
    if (busy) throw new Error(`${redacted} is being seeded right now (helper table _bulk_org exists); wait for npm run seed:bulk to finish`);
    const [t] = await db`select to_regclass('public.cases') is not null as ok`;
    if (t.ok) have = Number((await db`select count(*)::int as n from cases`)[0].n);
  } finally {
    await db.end();
  }
  if (have >= opts.cases) return { cases: have, seeded: false };
  const add = opts.cases - have;
  say(`${redacted} has ${have.toLocaleString('en')} cases, ${opts.cases.toLocaleString('en')} asked: seeding ${add.toLocaleString('en')} more (about 4 minutes a million)`);
  await runCommand('npm', ['run', 'seed:bulk', '--', '--cases', String(add), '--database-url', opts.databaseUrl], { ...process.env, DATABASE_URL: opts.databaseUrl });
  return { cases: have + add, seeded: true };
}

async function withPglite<T>(dir: string, fn: (q: Query) => Promise<T>): Promise<T> {
  const pg = new PGlite(dir);
  try {
    return await fn(async (text, params = []) => (await pg.query(text, params)).rows as never);
  } finally {
    await pg.close();
  }
}

async function ensurePglite(): Promise<{ dir: string; cases: number; seeded: boolean }> {
  const countIn = (dir: string) =>
    withPglite(dir, async (q) => {
      const [t] = await q<{ ok: boolean }>(`select to_regclass('public.cases') is not null as ok`);
      return t.ok ? Number((await q<{ n: number }>(`select count(*)::int as n from cases`))[0].n) : 0;
    });
  if (opts.pgliteDir) {
    // An existing data directory, e.g. seeded with PGLITE_DIR=DIR npm run seed:bulk: used as it is.
    if (!existsSync(join(opts.pgliteDir, 'PG_VERSION'))) throw new Error(`--pglite-dir ${opts.pgliteDir} is not a PGlite data directory`);
    return { dir: opts.pgliteDir, cases: await countIn(opts.pgliteDir), seeded: false };
  }
  const dir = join(ROOT, 'data', 'bench', `pglite-${opts.pgliteCases}`);
  const have = existsSync(join(dir, 'PG_VERSION')) ? await countIn(dir) : 0;
  if (have >= opts.pgliteCases) return { dir, cases: have, seeded: false };
  mkdirSync(dir, { recursive: true });
  say(`\nPGlite ${dir} has ${have.toLocaleString('en')} cases: seeding ${(opts.pgliteCases - have).toLocaleString('en')} more (about 8 minutes a million)`);
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: dir };
  delete env.DATABASE_URL;
  await runCommand('npm', ['run', 'seed:bulk', '--', '--cases', String(opts.pgliteCases - have)], env);
  return { dir, cases: await countIn(dir), seeded: true };
}

// ---------------------------------------------------------------------------------------------
// Servers

const JWT_SECRET = randomBytes(32).toString('hex');

function oursEnv(db: { url: string } | { pgliteDir: string }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    JWT_SECRET,
    // Production requires it; the benchmark's requests do not search by phone or ID number.
    SEARCH_HASH_KEY: randomBytes(32).toString('hex'),
    ADMIN_PASSWORD: randomBytes(16).toString('hex'),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    REMINDER_INTERVAL_SECONDS: '0',
    // The benchmark signs in as many accounts from one address, run after run; sign-in is not measured.
    LOGIN_MAX_PER_ACCOUNT: '1000000',
    LOGIN_MAX_PER_ADDRESS: '1000000',
    ...('url' in db ? { DATABASE_URL: db.url } : { PGLITE_DIR: db.pgliteDir }),
    // To try another pool size: DATABASE_POOL_SIZE=n npm run bench (BARE_POOL_SIZE for the bare server).
    ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
  };
}

/**
 * Preloaded into Tiaojie's process: when the benchmark is gone (killed outright, so no handler of
 * its own ran), the server is no longer its child and shuts itself down the usual way (SIGTERM).
 */
const PARENT_WATCH = `data:text/javascript,${encodeURIComponent(
  'const parent = process.ppid; setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, "SIGTERM"); }, 1000).unref();',
)}`;

/**
 * The node flags the server ships with (package.json config.nodeOptions and config.nodeFlags, as
 * npm start and the Dockerfile give them), or BENCH_SERVER_FLAGS.
 */
function serverFlags(): string[] {
  if (process.env.BENCH_SERVER_FLAGS !== undefined) return process.env.BENCH_SERVER_FLAGS.split(' ').filter(Boolean);
  const pkg = JSON.parse(readFileSync(join(opts.serverDir, 'package.json'), 'utf8')) as { config?: { nodeOptions?: string; nodeFlags?: string } };
  return `${pkg.config?.nodeOptions ?? ''} ${pkg.config?.nodeFlags ?? ''}`.split(' ').filter(Boolean);
}

function startOurs(name: string, db: { url: string } | { pgliteDir: string }) {
  return startServer({ name, args: [...serverFlags(), '--import', PARENT_WATCH, join(opts.serverDir, 'dist/src/server.js')], env: oursEnv(db), logPath: join(logDir, `${name.replace(/\W+/g, '-')}.log`), timeoutMs: 600_000 });
}

function startBaseline(name: string, file: string, env: NodeJS.ProcessEnv) {
  return startServer({
    name,
    // BENCH_BASELINE_FLAGS: node flags for the baselines (e.g. --cpu-prof, to profile them alongside ours).
    args: [...(process.env.BENCH_BASELINE_FLAGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', join(ROOT, 'tests/bench', file)],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...(process.env.BARE_POOL_SIZE ? { BARE_POOL_SIZE: process.env.BARE_POOL_SIZE } : {}), ...env },
    logPath: join(logDir, `${name.replace(/\W+/g, '-')}.log`),
  });
}

// ---------------------------------------------------------------------------------------------
// Workloads

interface Setup {
  targets: Targets;
  staff: Identity[];
  supervisor: Identity;
  getHeaders: Record<string, string>[];
  postHeaders: Record<string, string>[];
}

async function signIn(port: number, targets: Targets): Promise<Setup> {
  const staff: Identity[] = [];
  for (const o of targets.orgs) staff.push(await login(port, o.username));
  const supervisor = await login(port, targets.supervisor);
  const getHeaders = staff.map((s) => callerHeaders(s));
  return { targets, staff, supervisor, getHeaders, postHeaders: getHeaders.map((h) => ({ ...h, 'content-type': 'application/json' })) };
}

/** Cases a server filed, waiting for `accept` then `settle`, handed out round-robin over the organisations. */
class CasePool {
  private readonly byOrg: { id: string; version: number }[][];
  private turn = 0;
  exhausted = false;
  constructor(orgs: number) {
    this.byOrg = Array.from({ length: orgs }, () => []);
  }
  add(org: number, id: string, version: number) {
    this.byOrg[org].push({ id, version });
  }
  get size() {
    return this.byOrg.reduce((s, l) => s + l.length, 0);
  }
  take(): { org: number; id: string; version: number } | null {
    for (let i = 0; i < this.byOrg.length; i++) {
      const org = (this.turn + i) % this.byOrg.length;
      const c = this.byOrg[org].shift();
      if (c) {
        this.turn = org + 1;
        return { org, ...c };
      }
    }
    this.exhausted = true;
    return null;
  }
}

/** What every acknowledged write should have left in a database, checked at the end. */
interface Ledger {
  filed: number;
  accepted: number;
  settled: number;
  users: Set<string>;
  /**
   * Timed writing runs. When autocannon stops it drops the requests still in flight; the server
   * may commit them all the same, unacknowledged: at most `connections` per run.
   */
  cutRuns: number;
}

const CASE_ID = /"id":"([0-9a-f-]{36})"/;
let fileSeq = Math.floor(Math.random() * 1_000_000) * 100;

function fileRequests(s: Setup, pool: CasePool, ledger: Ledger): autocannon.Request[] {
  let i = 0;
  const orgs = s.targets.orgs;
  return [
    {
      method: 'POST',
      path: '/cases',
      setupRequest: (req, ctx) => {
        const o = i++ % orgs.length;
        ctx.org = o;
        return { ...req, method: 'POST', path: '/cases', headers: s.postHeaders[o], body: JSON.stringify(fileBody(fileSeq++, orgs[o])) };
      },
      onResponse: (status, body, ctx) => {
        if (status !== 201) return;
        ledger.filed++;
        const m = CASE_ID.exec(body);
        if (m) pool.add(ctx.org as number, m[1], 1);
      },
    },
  ];
}

function actionRequests(s: Setup, pool: CasePool, ledger: Ledger): autocannon.Request[] {
  let last: { org: number; id: string; version: number } | null = null;
  let n = 0;
  return [
    {
      method: 'POST',
      setupRequest: (req, ctx) => {
        // A dry pool stops the run (run.ts sizes it so that it does not); meanwhile repeat the last case (a counted 409).
        const c = pool.take() ?? last!;
        last = c;
        ctx.c = c;
        ctx.accepted = false;
        return { ...req, method: 'POST', path: `/cases/${c.id}/actions`, headers: s.postHeaders[c.org], body: JSON.stringify(acceptBody(c.version)) };
      },
      onResponse: (status, _body, ctx) => {
        ctx.accepted = status === 200;
        if (status === 200) ledger.accepted++;
      },
    },
    {
      method: 'POST',
      setupRequest: (req, ctx) => {
        if (!ctx.accepted) return null; // the accept failed (counted); start over with the next case
        const c = ctx.c as { org: number; id: string; version: number };
        return { ...req, method: 'POST', path: `/cases/${c.id}/actions`, headers: s.postHeaders[c.org], body: JSON.stringify(settleBody(c.version + 1, n++)) };
      },
      onResponse: (status) => {
        if (status === 200) ledger.settled++;
      },
    },
  ];
}

/** Items of every organisation, interleaved: org 0's first, org 1's first, …, org 0's second, … */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

/** Requests taken in turn from `items`, round and round; `distinct` is how many there are. */
function rotating(items: { path: string; headers: Record<string, string> }[]): autocannon.Request[] & { distinct: number } {
  let i = 0;
  return Object.assign([{ method: 'GET', setupRequest: (req: autocannon.Request) => ({ ...req, method: 'GET', ...items[i++ % items.length] }) }], { distinct: items.length });
}

function readRequests(s: Setup, w: 'detail' | 'list' | 'deadlines' | 'stats'): (autocannon.Request[] & { distinct?: number }) | null {
  const orgs = s.targets.orgs;
  switch (w) {
    case 'detail':
      return rotating(interleave(orgs.map((o, k) => o.detailIds.map((id) => ({ path: `/cases/${id}`, headers: s.getHeaders[k] })))));
    case 'list': {
      const items = interleave(orgs.map((o, k) => o.cursors.map((c) => ({ path: `/cases?${LIST_FILTER}&limit=${LIST_LIMIT}&cursor=${c}`, headers: s.getHeaders[k] }))));
      return items.length ? rotating(items) : null;
    }
    case 'deadlines':
      return rotating(orgs.map((_, k) => ({ path: `/deadlines?limit=${DEADLINE_LIMIT}`, headers: s.getHeaders[k] })));
    case 'stats':
      return [{ method: 'GET', path: statsPath(s.targets), headers: callerHeaders(s.supervisor) }];
  }
}

// ---------------------------------------------------------------------------------------------
// Running

type ServerName = 'ours·PG' | 'bare·PG' | 'ours·PGlite' | 'hello';
interface Measured extends LoadResult {
  peakRssMb: number;
  /** CPU per answered request in the timed part, in µs: the server process's, and PostgreSQL's (null for servers not on it). */
  serverUsPerReq: number;
  postgresUsPerReq: number | null;
  note?: string;
}
/** Per workload and server: the median run (by req/s) once every round is in. */
const results = new Map<WorkloadName, Partial<Record<ServerName, Measured>>>();
/** Every round's run, in order, per workload and server. */
const rounds = new Map<WorkloadName, Partial<Record<ServerName, Measured[]>>>();
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** The median of the per-round ratios a/b (rounds paired in order), with their range. */
function roundRatio(w: WorkloadName, a: ServerName, b: ServerName): { median: number; min: number; max: number } | null {
  const ra = rounds.get(w)?.[a];
  const rb = rounds.get(w)?.[b];
  if (!ra?.length || !rb?.length) return null;
  const rs = Array.from({ length: Math.min(ra.length, rb.length) }, (_, i) => ra[i].rps / rb[i].rps);
  return { median: median(rs), min: Math.min(...rs), max: Math.max(...rs) };
}

async function measure(w: WorkloadName, name: ServerName, server: Server, requests: autocannon.Request[], pool?: CasePool, ledger?: Ledger): Promise<Measured> {
  if (ledger) ledger.cutRuns += opts.warmup > 0 ? 2 : 1;
  process.stdout.write(`  ${LABELS[w].padEnd(27)} ${name.padEnd(12)} `);
  const sampler = new RssSampler(server.pid).start();
  const cpu = new CpuMeter(server.pid);
  const { result } = await runLoad({
    onTimed: () => cpu.start(),
    port: server.port,
    connections: opts.connections,
    duration: opts.duration,
    warmup: opts.warmup,
    requests,
    onTick: pool ? (stop) => pool.exhausted && stop() : undefined,
  });
  const peakRssMb = sampler.stop() / 1024;
  const used = cpu.stop();
  const answered = Math.max(1, result.ok + result.non2xx);
  const m: Measured = { ...result, peakRssMb, serverUsPerReq: used.serverUs / answered, postgresUsPerReq: name.endsWith('·PG') ? used.postgresUs / answered : null };
  if (pool?.exhausted) m.note = 'the pool of filed cases ran dry: run stopped early';
  say(`${m.rps.toFixed(1).padStart(9)} req/s  p50 ${m.p50.toFixed(1)} ms  p95 ${m.p95.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  errors ${m.errors}  cpu/req ${cpuCell(m)}${m.note ? `  (${m.note})` : ''}`);
  const runs = rounds.get(w) ?? {};
  (runs[name] ??= []).push(m);
  rounds.set(w, runs);
  const list = runs[name]!;
  const row = results.get(w) ?? {};
  row[name] = [...list].sort((a, b) => a.rps - b.rps)[Math.floor((list.length - 1) / 2)];
  results.set(w, row);
  await new Promise((r) => setTimeout(r, 1000));
  return m;
}

/** CPU per request as `server+postgres` µs (or the server's alone: PGlite and hello world have no separate database). */
const cpuCell = (m: Measured) => `${m.serverUsPerReq.toFixed(0)}${m.postgresUsPerReq === null ? '' : `+${m.postgresUsPerReq.toFixed(0)}`}`;

/** Files cases through `server` until the pool holds `want` (not measured); returns the filing rate. */
async function topUp(server: Server, s: Setup, pool: CasePool, ledger: Ledger, want: number): Promise<number> {
  const missing = want - pool.size;
  if (missing <= 0) return 0;
  process.stdout.write(`  (filing ${missing} cases for the action workload…`);
  const t0 = performance.now();
  const r = await runAmount(server.port, opts.connections, missing, fileRequests(s, pool, ledger));
  const ms = performance.now() - t0;
  say(` ${secs(ms)}${r.other ? `, ${r.other} refused` : ''})`);
  if (r.other) throw new Error(`${server.name} refused ${r.other} of the filings for the action workload; its log: ${server.logPath}`);
  return (r.ok / ms) * 1000;
}

interface Target {
  name: ServerName;
  server: Server;
  setup: Setup;
  pool: CasePool;
  ledger: Ledger;
}

/**
 * Waits (up to a minute) until no autovacuum worker is busy in the cluster. The write workloads
 * add tens of thousands of rows, and autovacuum then analyses and vacuums the tables they touched
 * while the next runs go on: that cost fell on whichever server was measured next, and the first
 * detail run of ours (measured right after the writes) showed it as a p95 of 600 ms against 40 in
 * the later rounds.
 */
async function quietDatabase(q: Query): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    const [busy] = await q<{ n: number }>(`select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum worker'`);
    if (!busy.n) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const waited = Date.now() - started;
  if (waited > 1000) say(`  (waited ${(waited / 1000).toFixed(1)} s for autovacuum to finish)`);
}

/** `settle` runs before every measured run (quietDatabase on PostgreSQL; PGlite has no background workers). */
async function runWorkloads(targets: Target[], settle: () => Promise<void> = async () => {}) {
  for (const w of ['file', 'action', 'detail', 'list', 'deadlines', 'stats'] as const) {
    if (!only.has(w)) continue;
    const primed = new Set<ServerName>();
    // Round after round, the servers alternating, so that each round's pair ran in the same minute.
    for (const t of Array.from({ length: opts.rounds }, () => targets).flat()) {
      await settle();
      if (w === 'file') {
        await measure(w, t.name, t.server, fileRequests(t.setup, t.pool, t.ledger), undefined, t.ledger);
      } else if (w === 'action') {
        // Enough filed cases for warm-up and run: two requests per case, at up to twice the filing rate
        // (measured by the file workload, or by filing a first batch now).
        let fileRate = results.get('file')?.[t.name]?.rps;
        if (!fileRate) fileRate = await topUp(t.server, t.setup, t.pool, t.ledger, t.pool.size + 4 * opts.connections);
        await topUp(t.server, t.setup, t.pool, t.ledger, Math.ceil((opts.warmup + opts.duration + 2) * fileRate) + 2 * opts.connections);
        t.pool.exhausted = false;
        await measure(w, t.name, t.server, actionRequests(t.setup, t.pool, t.ledger), t.pool, t.ledger);
      } else {
        const requests = readRequests(t.setup, w);
        if (!requests) {
          say(`  ${LABELS[w].padEnd(27)} ${t.name.padEnd(12)} skipped: no organisation has a second page of open cases`);
          continue;
        }
        if (!primed.has(t.name)) {
          // Every request of the sample once, not measured, before the first round: otherwise the server
          // measured first would also pay for reading the sample (12 800 cases for the detail) into
          // PostgreSQL's cache, and the one after it would find it there.
          primed.add(t.name);
          await runAmount(t.server.port, opts.connections, requests.distinct ?? 1, requests);
        }
        await measure(w, t.name, t.server, requests);
      }
    }
  }
}

/**
 * Every acknowledged write is in the database: the cases filed, accepted and settled, with their
 * events, and each case's chain head agrees with its events. Requests cut off in flight when a
 * run stopped may have committed too (at most `connections` per run), never fewer.
 */
async function checkLedger(q: Query, ledger: Ledger, since: Date) {
  const users = [...ledger.users].join(',');
  const [r] = await q<{ filed: number; accepted: number; concluded: number; heads: number }>(
    `select count(*)::int as filed,
            count(*) filter (where current_state = 'accepted')::int as accepted,
            count(*) filter (where current_state = 'concluded')::int as concluded,
            coalesce(sum(event_count), 0)::int as heads
       from cases where filed_by::text = any(string_to_array($1, ',')) and created_at >= $2`,
    [users, since.toISOString()],
  );
  const [ev] = await q<{ n: number }>(
    `select count(*)::int as n from events where case_id in (select id from cases where filed_by::text = any(string_to_array($1, ',')) and created_at >= $2)`,
    [users, since.toISOString()],
  );
  const expect = { filed: ledger.filed, concluded: ledger.settled, events: ledger.filed + ledger.accepted + ledger.settled };
  const found = { filed: Number(r.filed), accepted: Number(r.accepted), concluded: Number(r.concluded), events: Number(ev.n) };
  const slack = ledger.cutRuns * opts.connections;
  const within = (f: number, e: number) => f >= e && f <= e + slack;
  const ok = within(found.filed, expect.filed) && within(found.concluded, expect.concluded) && within(found.events, expect.events) && Number(r.heads) === found.events;
  return { ok, expect, found, inFlightAllowance: slack };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  say(`Tiaojie benchmark — ${startedAt.toISOString()} — ${revision}`);
  say(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB; node ${process.version}; logs in ${logDir}`);
  say(`load: autocannon, ${opts.connections} connections, ${opts.warmup} s warm-up + ${opts.duration} s per workload and server, loopback`);
  const [load1] = os.loadavg();
  say(`load average before the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}${load1 > os.cpus().length / 2 ? '  — other processes are busy on this machine; expect lower figures' : ''}\n`);

  const pgInfo = only.size === 1 && only.has('hello') ? { cases: 0, seeded: false } : await ensurePostgres();
  if (!opts.skipBuild) {
    say(`building the server (npm run build${opts.serverDir === ROOT ? '' : ` in ${opts.serverDir}`})`);
    await runCommand('npm', ['run', 'build'], process.env, opts.serverDir);
  }
  if (!existsSync(join(opts.serverDir, 'dist/src/server.js'))) throw new Error(`${join(opts.serverDir, 'dist/src/server.js')} is missing: run without --skip-build`);

  const pgSql = postgres(opts.databaseUrl, { max: 2, onnotice: () => {} });
  const q = pgQuery(pgSql);
  const [{ version: pgVersion }] = await q<{ version: string }>(`select current_setting('server_version') as version`);
  const targets = await pickTargets(q, opts.orgs);
  say(`PostgreSQL ${pgVersion}, ${redacted}: ${targets.totalCases.toLocaleString('en')} cases${pgInfo.seeded ? ' (seeded now)' : ''}`);
  say(`acting as staff of the ${targets.orgs.length} busiest mediation organisations (${targets.orgs.map((o) => o.cases).join('/')} cases each) and supervisor ${targets.supervisor} for ${targets.year}\n`);

  // Tiaojie and the baselines on PostgreSQL.
  const ours = await startOurs('ours·PG', { url: opts.databaseUrl });
  say(`ours·PG ready in ${ours.readyMs.toFixed(0)} ms (spawn → first answer)`);
  const bare = await startBaseline('bare·PG', 'bare-server.ts', { DATABASE_URL: opts.databaseUrl });
  const hello = only.has('hello') ? await startBaseline('hello', 'hello-server.ts', {}) : null;
  const setup = await signIn(ours.port, targets);
  const pgLedger: Ledger = { filed: 0, accepted: 0, settled: 0, users: new Set(setup.staff.map((s) => s.userId)), cutRuns: 0 };
  const since = new Date(Date.now() - 1000);

  let checks: CheckResult[] = [];
  if ([...only].some((w) => w !== 'hello')) {
    say('checking that the bare baseline answers and writes as Tiaojie does…');
    checks = [...(await compareReads(ours.port, bare.port, q, targets, (o) => setup.staff[targets.orgs.indexOf(o)], setup.supervisor))];
    for (const n of [fileSeq++ * 6 + 4, fileSeq++ * 6 + 1]) {
      checks.push(...(await compareWrites(ours.port, bare.port, q, setup.staff[0], targets.orgs[0], n)));
      pgLedger.filed += 2;
      pgLedger.accepted += 2;
      pgLedger.settled += 2;
    }
    const failed = checks.filter((c) => !c.ok);
    say(`  ${checks.length - failed.length} of ${checks.length} checks agree`);
    for (const f of failed) say(`  MISMATCH ${f.name}: ${f.detail}`);
    if (failed.length && !opts.allowMismatch) throw new Error('the bare baseline does not do the same work as Tiaojie; fix tests/bench/bare-server.ts (or pass --allow-mismatch)');
  }

  say('\nPostgreSQL:');
  const oursPool = new CasePool(targets.orgs.length);
  const barePool = new CasePool(targets.orgs.length);
  await runWorkloads([
    { name: 'ours·PG', server: ours, setup, pool: oursPool, ledger: pgLedger },
    { name: 'bare·PG', server: bare, setup, pool: barePool, ledger: pgLedger },
  ], () => quietDatabase(q));
  if (hello) await measure('hello', 'hello', hello, [{ method: 'GET', path: '/' }]);
  const memory: Record<string, { readyMs: number; peakRssMb: number; hwmMb: number }> = {};
  const peakOf = (name: ServerName) => Math.max(0, ...[...results.values()].map((r) => r[name]?.peakRssMb ?? 0));
  for (const [name, s] of [['ours·PG', ours], ['bare·PG', bare], ['hello', hello]] as const) {
    if (!s) continue;
    memory[name] = { readyMs: s.readyMs, peakRssMb: peakOf(name), hwmMb: (memoryOf(s.pid)?.hwmKb ?? 0) / 1024 };
  }
  await Promise.all([ours.stop(), bare.stop(), hello?.stop()]);
  const pgWrites = only.has('file') || only.has('action') || checks.length ? await checkLedger(q, pgLedger, since) : null;
  await pgSql.end();

  // Tiaojie on PGlite.
  let pglite: { dir: string; cases: number; seeded: boolean } | null = null;
  let pgliteWrites: Awaited<ReturnType<typeof checkLedger>> | null = null;
  const pgliteWorkloads = [...only].filter((w) => w !== 'hello');
  if (!opts.skipPglite && pgliteWorkloads.length) {
    pglite = await ensurePglite();
    const lt = await withPglite(pglite.dir, (pq) => pickTargets(pq, opts.orgs));
    say(`\nPGlite ${pglite.dir}: ${lt.totalCases.toLocaleString('en')} cases${pglite.seeded ? ' (seeded now)' : opts.pgliteDir ? '' : ' (kept for the next run)'}`);
    const server = await startOurs('ours·PGlite', { pgliteDir: pglite.dir });
    say(`ours·PGlite ready in ${server.readyMs.toFixed(0)} ms (spawn → first answer)`);
    const ls = await signIn(server.port, lt);
    const ledger: Ledger = { filed: 0, accepted: 0, settled: 0, users: new Set(ls.staff.map((s) => s.userId)), cutRuns: 0 };
    const lsince = new Date(Date.now() - 1000);
    await runWorkloads([{ name: 'ours·PGlite', server, setup: ls, pool: new CasePool(lt.orgs.length), ledger }]);
    memory['ours·PGlite'] = { readyMs: server.readyMs, peakRssMb: peakOf('ours·PGlite'), hwmMb: (memoryOf(server.pid)?.hwmKb ?? 0) / 1024 };
    await server.stop();
    if (only.has('file') || only.has('action')) pgliteWrites = await withPglite(pglite.dir, (pq) => checkLedger(pq, ledger, lsince));
  }

  // The table.
  const ratio = (a?: number, b?: number) => (a && b ? a / b : null);
  const fmtRatio = (r: number | null) => (r === null ? '' : r < 0.1 ? r.toPrecision(2) : r.toFixed(2));
  const rows: string[][] = [];
  const json: Record<string, unknown>[] = [];
  for (const w of WORKLOADS) {
    const r = results.get(w);
    if (!r) continue;
    const servers = (['ours·PG', 'bare·PG', 'ours·PGlite', 'hello'] as const).filter((n) => r[n]);
    const oursBareRounds = roundRatio(w, 'ours·PG', 'bare·PG');
    const oursBare = oursBareRounds?.median ?? ratio(r['ours·PG']?.rps, r['bare·PG']?.rps);
    const bareHello = ratio(r['bare·PG']?.rps, results.get('hello')?.hello?.rps);
    const liteRatio = roundRatio(w, 'ours·PGlite', 'ours·PG')?.median ?? ratio(r['ours·PGlite']?.rps, r['ours·PG']?.rps);
    const spread = oursBareRounds && opts.rounds > 1 ? ` (${fmtRatio(oursBareRounds.min)}–${fmtRatio(oursBareRounds.max)})` : '';
    servers.forEach((n, i) => {
      const m = r[n]!;
      rows.push([
        i === 0 ? LABELS[w] : '',
        n,
        m.rps.toFixed(1),
        m.p50.toFixed(1),
        m.p95.toFixed(1),
        m.p99.toFixed(1),
        String(m.errors),
        cpuCell(m),
        n === 'ours·PG' ? fmtRatio(oursBare) + spread : '',
        n === 'bare·PG' ? fmtRatio(bareHello) : '',
        n === 'ours·PGlite' ? fmtRatio(liteRatio) : '',
      ]);
    });
    json.push({ workload: w, label: LABELS[w], write: WRITES.includes(w), servers: r, rounds: rounds.get(w), ratios: { oursOverBare: oursBare, oursOverBareRounds: oursBareRounds, bareOverHello: bareHello, pgliteOverPostgres: liteRatio } });
  }
  const head = ['workload', 'server', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'cpu µs/req', 'ours/bare', 'bare/hello', 'PGlite/PG'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  say(`\nTiaojie benchmark, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${revision} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${loadAtStart[0].toFixed(2)} at start`);
  say(`PostgreSQL ${pgVersion}: ${targets.totalCases.toLocaleString('en')} cases${pglite ? `; PGlite: ${pglite.cases.toLocaleString('en')} cases` : ''}; ${opts.connections} connections, ${opts.duration} s per run after ${opts.warmup} s warm-up${opts.rounds > 1 ? `; ${opts.rounds} rounds per workload, servers alternating: medians, and ours/bare as the median of the rounds' ratios (their range in brackets)` : ''}`);
  say('cpu µs/req: CPU time per answered request in the timed run, server + PostgreSQL (all its processes) where the server uses PostgreSQL');
  say('ratios are of req/s: ours/bare = Tiaojie ÷ bare Fastify+postgres.js (same SQL work); bare/hello = bare ÷ hello world; PGlite/PG = Tiaojie on PGlite ÷ on PostgreSQL\n');
  say(line(head));
  say(widths.map((wd) => '-'.repeat(wd)).join('  '));
  for (const r of rows) say(line(r));
  say('');
  for (const [name, m] of Object.entries(memory)) {
    if (name === 'hello' || name === 'bare·PG') continue;
    say(`${name}: ready in ${m.readyMs.toFixed(0)} ms (spawn → first answer); peak RSS under load ${m.peakRssMb.toFixed(0)} MB (VmHWM over its life ${m.hwmMb.toFixed(0)} MB)`);
  }
  say(`node flags of our server: ${serverFlags().join(' ') || '(none)'}`);
  if (memory['bare·PG']) say(`bare·PG for comparison: peak RSS under load ${memory['bare·PG'].peakRssMb.toFixed(0)} MB`);
  for (const [name, wc] of [['PostgreSQL', pgWrites], ['PGlite', pgliteWrites]] as const) {
    if (!wc) continue;
    say(
      `writes committed (${name}): ${wc.ok ? 'yes' : 'NO'} — acknowledged ${wc.expect.filed} filings, ${wc.expect.concluded} settlements, ${wc.expect.events} events; ` +
        `in the database ${wc.found.filed} cases (${wc.found.accepted} accepted, ${wc.found.concluded} settled), ${wc.found.events} events` +
        ` (requests cut off when a run stopped may add up to ${wc.inFlightAllowance})`,
    );
  }
  if (checks.length) say(`bare baseline checked against Tiaojie: ${checks.filter((c) => c.ok).length}/${checks.length} checks agree`);

  const outDir = join(ROOT, 'tests/bench/results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        git,
        finishedAt: new Date().toISOString(),
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: os.totalmem() / 2 ** 30, node: process.version, platform: `${os.type()} ${os.release()}`, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
        options: { ...opts, databaseUrl: redacted, only: [...only] },
        postgres: { version: pgVersion, cases: targets.totalCases, seededNow: pgInfo.seeded },
        pglite: pglite ? { dir: pglite.dir, cases: pglite.cases, seededNow: pglite.seeded } : null,
        targets: { orgs: targets.orgs.map((o) => ({ id: o.id, cases: o.cases, detailIds: o.detailIds.length, cursors: o.cursors.length })), province: targets.province, year: targets.year },
        checks,
        workloads: json,
        servers: memory,
        writes: { postgres: pgWrites, pglite: pgliteWrites },
      },
      null,
      2,
    )}\n`,
  );
  say(`\nresults: ${file}`);
  if ((pgWrites && !pgWrites.ok) || (pgliteWrites && !pgliteWrites.ok)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  stopAllChildren();
  process.exit(1);
});
