/**
 * Real server processes for the reliability tests: spawning and killing them, a small HTTP
 * client, a load generator that records every acknowledged write, and the checks that the
 * database kept exactly those writes and nothing half-written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { queryRows, type Database } from '../../src/db/client.js';
import { caseBody } from '../support/app.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ADMIN_PASSWORD = 'reliability-admin-9';
const STAFF_PASSWORD = 'reliability-staff-9';
/** Every process must share the signing secret, or a token issued by one is refused by the other. */
const JWT_SECRET = 'reliability-tests-shared-secret';

// ---------------------------------------------------------------------------------------------
// Processes

export interface ServerProcess {
  name: string;
  port: number;
  url: string;
  pid: number;
  /** The last 64 KiB the process wrote to stdout and stderr. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the whole process group: no shutdown hooks, no flushing. */
  crash(): Promise<void>;
  /** SIGTERM (graceful: closes the database), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

const live = new Map<number, ChildProcess>();

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

// A safety net: a test worker that exits (or is told to stop) takes its servers with it.
process.on('exit', () => {
  for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  const handler = () => {
    for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
    process.off(signal, handler);
    process.kill(process.pid, signal);
  };
  process.on(signal, handler);
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node --import tsx src/server.ts` in its own process group and waits for /readyz.
 * `env` holds DATABASE_URL or PGLITE_DIR; everything else is fixed here.
 */
export async function startServer(name: string, env: { DATABASE_URL?: string; PGLITE_DIR?: string }, port?: number): Promise<ServerProcess> {
  port ??= await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DEMO: 'false',
      REMINDER_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'warn',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD,
      JWT_SECRET,
      LOGIN_MAX_PER_ACCOUNT: '100000',
      LOGIN_MAX_PER_ADDRESS: '100000',
      ...env,
    },
  });
  const pid = child.pid!;
  live.set(pid, child);
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(pid);
      resolve({ code, signal });
    });
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });

  const url = `http://127.0.0.1:${port}`;
  const proc: ServerProcess = {
    name,
    port,
    url,
    pid,
    output: () => out,
    exited,
    async crash() {
      killGroup(pid, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (gone) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (gone) throw new Error(`${name} exited before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      await proc.crash();
      throw new Error(`${name} was not ready within 90 s:\n${out}`);
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return proc;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** pino lines at level error (50) or above in a process's output. */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      return false;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL databases

export interface PgDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database next to TEST_DATABASE_URL's; the servers migrate it. */
export async function createPgDatabase(adminUrl: string): Promise<PgDatabase> {
  const name = `tiaojie_rel_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface Reply {
  status: number;
  body: any;
  ms: number;
}

/** One request; throws when no HTTP answer came back (refused, reset, timed out). */
export async function call(base: string, method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<Reply> {
  const started = performance.now();
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (never expected).
  }
  return { status: res.status, body, ms: performance.now() - started };
}

async function expectStatus(p: Promise<Reply>, status: number, what: string): Promise<any> {
  const r = await p;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function login(base: string, username: string, password: string): Promise<string> {
  return (await expectStatus(call(base, 'POST', '/auth/login', { body: { username, password } }), 200, `login ${username}`)).token;
}

export interface Fixture {
  adminToken: string;
  org: { id: string; intakeCode: string };
  /** A mediator of `org`, signed in (tokens are checked per request, so they work on every process). */
  mediatorToken: string;
}

/** An organisation with a mediator, through the admin API of `base`. */
export async function createFixture(base: string, label: string): Promise<Fixture> {
  const adminToken = await login(base, 'admin', ADMIN_PASSWORD);
  const suffix = randomBytes(3).toString('hex');
  const org = await expectStatus(
    call(base, 'POST', '/organizations', { token: adminToken, body: { name: `可靠性测试调解委员会${label}${suffix}`, kind: 'union', regionCode: '451023' } }),
    201,
    'create organisation',
  );
  const username = `rel_${label}_${suffix}`;
  await expectStatus(
    call(base, 'POST', '/users', { token: adminToken, body: { username, password: STAFF_PASSWORD, name: '调解员', role: 'mediator', orgId: org.id } }),
    201,
    'create mediator',
  );
  return { adminToken, org: { id: org.id, intakeCode: org.intakeCode }, mediatorToken: await login(base, username, STAFF_PASSWORD) };
}

/** A walk-in filing, accepted at once; `tag` goes into the summary so that the case can be told apart. */
export function filingBody(orgId: string, tag: string) {
  return caseBody(orgId, { acceptNow: true, summary: `拖欠工资 ${tag}` });
}

/** `n` filings tagged seed0, seed1, …, through the servers in turn: the cases as filed, and their tags. */
export async function seedCases(urls: string[], token: string, orgId: string, n: number) {
  const pool: { id: string; version: number }[] = [];
  const tags = new Set<string>();
  for (let i = 0; i < n; i++) {
    const r = await call(urls[i % urls.length], 'POST', '/cases', { token, body: filingBody(orgId, `seed${i}`) });
    if (r.status !== 201) throw new Error(`seeding case ${i}: ${r.status} ${JSON.stringify(r.body)}`);
    pool.push({ id: r.body.id, version: r.body.version });
    tags.add(`seed${i}`);
  }
  return { pool, tags };
}

export function tagOfSummary(summary: string): string {
  return summary.split(' ').at(-1)!;
}

// ---------------------------------------------------------------------------------------------
// Load and the ledger of what clients were told

export type ActionKind = 'note' | 'schedule';

export interface Ledger {
  /** 201 filings: the case as the client saw it. */
  filed: { tag: string; caseId: string; number: string; version: number; via: string }[];
  /** 200 actions; `version` is the case version the response carried. */
  acted: { tag: string; caseId: string; action: ActionKind; version: number; via: string }[];
  /** 409 VERSION_CONFLICT: these must have changed nothing. */
  conflicts: { tag: string; caseId: string }[];
  /** Sent, but no HTTP answer came back (the server died): may or may not have happened, but never by halves. */
  unknownFilings: string[];
  unknownActions: { tag: string; caseId: string }[];
  /** Any other answer: always a failure. */
  unexpected: { op: string; status: number; body: unknown }[];
  latency: { op: 'file' | 'act'; status: number; ms: number; via: string }[];
}

export function emptyLedger(): Ledger {
  return { filed: [], acted: [], conflicts: [], unknownFilings: [], unknownActions: [], unexpected: [], latency: [] };
}

export interface LoadOptions {
  /** Base URLs; clients take turns over them. */
  targets: { name: string; url: string }[];
  clients: number;
  maxRequests: number;
  maxMs: number;
  /** Share of requests that are filings; the rest are actions. */
  filingShare: number;
  orgId: string;
  token: string;
  /** Cases to act on, with the version each client starts from; acknowledged filings join it when `actOnNewCases`. */
  pool: { id: string; version: number }[];
  actOnNewCases: boolean;
  ledger: Ledger;
  /** Set by whoever crashes the server: clients stop after their current request. */
  stopped?: () => boolean;
  /** Called after every acknowledged write. */
  onAck?: () => void;
}

export interface LoadResult {
  requests: number;
  ms: number;
}

let tagCounter = 0;
const newTag = (prefix: string) => `${prefix}${process.pid}x${++tagCounter}x${randomBytes(3).toString('hex')}`;

/**
 * Runs `clients` loops that file cases and post actions with the version they last saw, until
 * `maxRequests` requests were sent, `maxMs` passed or `stopped()`. Records every answer.
 */
export function runLoad(o: LoadOptions): { done: Promise<LoadResult>; /** Requests sent and not yet answered, now. */ inFlight(): number } {
  const started = performance.now();
  let sent = 0;
  let inFlight = 0;
  const pool = [...o.pool];
  const { ledger } = o;

  const client = async (n: number) => {
    const seen = new Map<string, number>(o.pool.map((c) => [c.id, c.version]));
    for (let i = 0; ; i++) {
      if (o.stopped?.() || sent >= o.maxRequests || performance.now() - started > o.maxMs) return;
      sent++;
      const target = o.targets[(n + i) % o.targets.length];
      const filing = Math.random() < o.filingShare;
      inFlight++;
      try {
        if (filing) {
          const tag = newTag('f');
          try {
            const r = await call(target.url, 'POST', '/cases', { token: o.token, body: filingBody(o.orgId, tag) });
            ledger.latency.push({ op: 'file', status: r.status, ms: r.ms, via: target.name });
            if (r.status === 201) {
              ledger.filed.push({ tag, caseId: r.body.id, number: r.body.number, version: r.body.version, via: target.name });
              seen.set(r.body.id, r.body.version);
              if (o.actOnNewCases) pool.push({ id: r.body.id, version: r.body.version });
              o.onAck?.();
            } else {
              ledger.unexpected.push({ op: 'file', status: r.status, body: r.body });
            }
          } catch {
            ledger.unknownFilings.push(tag);
            if (o.stopped?.()) return;
          }
        } else {
          const c = pool[Math.floor(Math.random() * pool.length)];
          const version = seen.get(c.id) ?? c.version;
          const tag = newTag('a');
          const action: ActionKind = Math.random() < 0.7 ? 'note' : 'schedule';
          const body =
            action === 'note'
              ? { action, version, text: tag, internal: i % 2 === 0 }
              : { action, version, at: new Date(Date.now() + 7 * 86_400_000).toISOString(), place: tag };
          try {
            const r = await call(target.url, 'POST', `/cases/${c.id}/actions`, { token: o.token, body });
            ledger.latency.push({ op: 'act', status: r.status, ms: r.ms, via: target.name });
            if (r.status === 200) {
              ledger.acted.push({ tag, caseId: c.id, action, version: r.body.version, via: target.name });
              seen.set(c.id, r.body.version);
              o.onAck?.();
            } else if (r.status === 409 && r.body?.error?.code === 'VERSION_CONFLICT') {
              ledger.conflicts.push({ tag, caseId: c.id });
              seen.set(c.id, r.body.error.details.currentVersion);
            } else {
              ledger.unexpected.push({ op: action, status: r.status, body: r.body });
            }
          } catch {
            ledger.unknownActions.push({ tag, caseId: c.id });
            if (o.stopped?.()) return;
          }
        }
      } finally {
        inFlight--;
      }
    }
  };

  const done = Promise.all(Array.from({ length: o.clients }, (_, n) => client(n))).then(() => ({ requests: sent, ms: performance.now() - started }));
  return { done, inFlight: () => inFlight };
}

export function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** A few lines of figures for the test output (never asserted on). */
export function figures(title: string, ledger: Ledger, ms: number): string {
  const lines = [`${title}: ${ledger.latency.length} answered requests in ${(ms / 1000).toFixed(1)} s = ${((ledger.latency.length * 1000) / ms).toFixed(1)} req/s`];
  for (const op of ['file', 'act'] as const) {
    const rows = ledger.latency.filter((l) => l.op === op);
    if (!rows.length) continue;
    const ok = rows.filter((l) => l.status < 300);
    const conflicts = rows.filter((l) => l.status === 409).length;
    const byVia = [...new Set(rows.map((r) => r.via))].map((v) => `${v}=${rows.filter((r) => r.via === v).length}`).join(' ');
    lines.push(
      `  ${op === 'file' ? 'POST /cases        ' : 'POST /cases/:id/act'} n=${rows.length} (${byVia}) ok=${ok.length} conflicts=${conflicts}` +
        ` median=${quantile(rows.map((r) => r.ms), 0.5).toFixed(0)} ms p95=${quantile(rows.map((r) => r.ms), 0.95).toFixed(0)} ms` +
        ` (successful: median ${quantile(ok.map((r) => r.ms), 0.5).toFixed(0)} ms)`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Checks through the API

export interface ApiFindings {
  /** Every case of the organisation, as the API lists it. */
  cases: { id: string; number: string; summary: string; version: number }[];
  problems: string[];
  /** Tags of unanswered requests that turned out to have happened. */
  unknownApplied: string[];
}

/**
 * Reads every case of the organisation through `base` and compares it with the ledger: every
 * acknowledged write exactly once, at the seq its version implies; no refused write; nothing
 * nobody sent; event chains intact.
 */
export async function checkThroughApi(base: string, token: string, orgId: string, ledger: Ledger, seedTags: Set<string>): Promise<ApiFindings> {
  const problems: string[] = [];
  const cases: ApiFindings['cases'] = [];
  let cursor: string | null = null;
  do {
    const page: Reply = await call(base, 'GET', `/cases?orgId=${orgId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    if (page.status !== 200) throw new Error(`list: ${page.status} ${JSON.stringify(page.body)}`);
    cases.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);

  const byId = new Map(cases.map((c) => [c.id, c]));
  const filedTags = new Set(ledger.filed.map((f) => f.tag));
  const unknownFilings = new Set(ledger.unknownFilings);
  const unknownApplied: string[] = [];
  for (const f of ledger.filed) {
    const c = byId.get(f.caseId);
    if (!c) problems.push(`acknowledged filing ${f.tag} (${f.number}) is missing`);
    else if (c.number !== f.number) problems.push(`filing ${f.tag} was acknowledged as ${f.number} but is ${c.number}`);
  }
  for (const c of cases) {
    const tag = tagOfSummary(c.summary);
    if (unknownFilings.has(tag)) unknownApplied.push(tag);
    else if (!filedTags.has(tag) && !seedTags.has(tag)) problems.push(`case ${c.number} (${tag}) was filed by nobody`);
  }

  const acked = new Map(ledger.acted.map((a) => [a.tag, a]));
  const refused = new Set(ledger.conflicts.map((c) => c.tag));
  const unknownActions = new Set(ledger.unknownActions.map((u) => u.tag));
  const ackedByCase = new Map<string, number>();
  for (const a of ledger.acted) ackedByCase.set(a.caseId, (ackedByCase.get(a.caseId) ?? 0) + 1);

  // A few cases at a time: enough to be quick, few enough not to swamp a two-core machine.
  const queue = [...cases];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const [detail, timeline, verify] = await Promise.all([
        call(base, 'GET', `/cases/${c.id}`, { token }),
        call(base, 'GET', `/cases/${c.id}/events`, { token }),
        call(base, 'GET', `/cases/${c.id}/verify`, { token }),
      ]);
      if (detail.status !== 200 || timeline.status !== 200 || verify.status !== 200) {
        problems.push(`case ${c.number}: reads answered ${detail.status}/${timeline.status}/${verify.status}`);
        continue;
      }
      const events = timeline.body.items as { seq: number; action: string; data: Record<string, unknown> }[];
      if (!verify.body.intact) problems.push(`case ${c.number}: chain broken at ${verify.body.brokenAt}: ${verify.body.problem}`);
      if (events.some((e, i) => e.seq !== i + 1)) problems.push(`case ${c.number}: seq is not 1..${events.length}: ${events.map((e) => e.seq).join(',')}`);
      if (events[0]?.action !== 'file' || events[1]?.action !== 'accept') problems.push(`case ${c.number}: does not start with file, accept`);
      // Filed with acceptNow: two events at version 1, then one event per version.
      if (detail.body.version !== events.length - 1) problems.push(`case ${c.number}: version ${detail.body.version} with ${events.length} events`);
      const seenTags = new Map<string, number>();
      for (const e of events.slice(2)) {
        const tag = String(e.action === 'note' ? e.data.text : e.data.place);
        seenTags.set(tag, (seenTags.get(tag) ?? 0) + 1);
        const a = acked.get(tag);
        if (a) {
          if (a.caseId !== c.id) problems.push(`action ${tag} for another case landed on ${c.number}`);
          // The response said version v: the case then had v + 1 events, this one the newest.
          if (e.seq !== a.version + 1) problems.push(`case ${c.number}: ${tag} acknowledged at version ${a.version} but recorded as seq ${e.seq}`);
        } else if (unknownActions.has(tag)) {
          unknownApplied.push(tag);
        } else if (refused.has(tag)) {
          problems.push(`case ${c.number}: ${tag} got 409 but was recorded`);
        } else {
          problems.push(`case ${c.number}: event ${e.seq} (${tag}) was sent by nobody`);
        }
      }
      for (const [tag, n] of seenTags) if (n > 1) problems.push(`case ${c.number}: ${tag} recorded ${n} times`);
      for (const a of ledger.acted.filter((x) => x.caseId === c.id)) {
        if (!seenTags.has(a.tag)) problems.push(`case ${c.number}: acknowledged ${a.action} ${a.tag} (version ${a.version}) is missing`);
      }
      const hearings = (detail.body.proceedings as { hearings?: unknown[] }[]).reduce((s, p) => s + (p.hearings?.length ?? 0), 0);
      const schedules = events.filter((e) => e.action === 'schedule').length;
      if (hearings !== schedules) problems.push(`case ${c.number}: ${schedules} schedule events but ${hearings} hearings`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));

  // Acknowledged versions of one case: each once, strictly increasing in the order they were recorded.
  for (const [caseId] of ackedByCase) {
    const versions = ledger.acted.filter((a) => a.caseId === caseId).map((a) => a.version);
    if (new Set(versions).size !== versions.length) problems.push(`case ${caseId}: two acknowledgements carry the same version`);
  }
  return { cases, problems, unknownApplied };
}

// ---------------------------------------------------------------------------------------------
// Checks in SQL

/** Migrations recorded by drizzle, and how many the journal lists. */
export async function migrationState(db: Database): Promise<{ applied: number; hashes: string; journal: number }> {
  const rows = await queryRows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations order by id`);
  const journal = JSON.parse(readFileSync(`${ROOT}/drizzle/meta/_journal.json`, 'utf8')) as { entries: unknown[] };
  return { applied: rows.length, hashes: rows.map((r) => r.hash).join(','), journal: journal.entries.length };
}

/**
 * Whole-database invariants that only hold if every transaction was all or nothing. Returns
 * the problems found (empty when sound).
 */
export async function checkInSql(db: Database): Promise<string[]> {
  const problems: string[] = [];
  const report = async (what: string, query: ReturnType<typeof sql>) => {
    const rows = await queryRows<Record<string, unknown>>(db, query);
    if (rows.length) problems.push(`${what}: ${JSON.stringify(rows.slice(0, 5))}${rows.length > 5 ? ` … (${rows.length})` : ''}`);
  };
  await report(
    'cases without applicants, claims, proceedings, handling organisation or events',
    sql`select c.number from cases c where
          not exists (select 1 from applicants a where a.case_id = c.id)
       or not exists (select 1 from claims cl where cl.case_id = c.id)
       or not exists (select 1 from proceedings p where p.case_id = c.id)
       or not exists (select 1 from case_orgs o where o.case_id = c.id)
       or not exists (select 1 from events e where e.case_id = c.id)`,
  );
  await report(
    'event count or seq range disagrees with the case row',
    sql`select c.number, c.event_count, count(e.id)::int as n, min(e.seq) as lo, max(e.seq) as hi
        from cases c left join events e on e.case_id = c.id
        group by c.id, c.number, c.event_count
        having count(e.id) <> c.event_count or min(e.seq) <> 1 or max(e.seq) <> c.event_count`,
  );
  await report(
    'chain head on the case row is not the newest event',
    sql`select c.number from cases c join events e on e.case_id = c.id and e.seq = c.event_count where e.hash <> c.last_event_hash`,
  );
  await report(
    'event does not link to its predecessor',
    sql`select e.case_id, e.seq from events e join events p on p.case_id = e.case_id and p.seq = e.seq - 1 where e.prev_hash <> p.hash`,
  );
  // Every case here was filed with acceptNow (two events, version 1); each action adds one of each.
  await report('version is not the number of actions + 1', sql`select number, version, event_count from cases where version <> event_count - 1`);
  await report(
    'hearings and schedule events disagree',
    sql`select c.number from cases c
        where (select count(*) from hearings h where h.case_id = c.id) <> (select count(*) from events e where e.case_id = c.id and e.action = 'schedule')`,
  );
  await report(
    'clocks missing on some cases',
    sql`select c.number, (select count(*) from clocks k where k.case_id = c.id)::int as n from cases c
        where (select count(*) from clocks k where k.case_id = c.id) <> (select max(n) from (select count(*) as n from clocks group by case_id) m)`,
  );
  // SPEC §10: what a party is told is written in the transaction of the event that tells it, so
  // neither a crash nor a second process leaves one without the other (src/cases/decide.ts).
  await report(
    'a notification of an event that is not there',
    sql`select n.key from notifications n
        where n.key like 'event:%' and not exists (select 1 from events e where e.case_id = n.case_id and e.seq = split_part(n.key, ':', 3)::int)`,
  );
  await report(
    'a session scheduled and the applicant not told',
    sql`select c.number, e.seq from events e join cases c on c.id = e.case_id
        where e.action = 'schedule' and not exists (select 1 from notifications n where n.case_id = e.case_id and n.key like 'event:' || e.case_id::text || ':' || e.seq::text || ':%')`,
  );
  await report(
    'case counter does not match the cases numbered',
    sql`select k.org_id, k.year, k.last, count(c.id)::int as n from case_counters k
        left join cases c on c.org_id = k.org_id and extract(year from c.received_at at time zone 'Asia/Shanghai') = k.year
        group by k.org_id, k.year, k.last having count(c.id) <> k.last`,
  );
  await report(
    'monthly statistics do not count every filing',
    sql`select c.org_id, count(*)::int as cases, (select coalesce(sum(received), 0) from stat_months s where s.org_id = c.org_id and s.category = '*')::int as received
        from cases c group by c.org_id
        having count(*) <> (select coalesce(sum(received), 0) from stat_months s where s.org_id = c.org_id and s.category = '*')`,
  );
  // Numbers are <intake>-<year>-<seq>: per organisation and year exactly 1..n.
  const numbers = await queryRows<{ org_id: string; number: string }>(db, sql`select org_id::text as org_id, number from cases`);
  const groups = new Map<string, number[]>();
  for (const n of numbers) {
    const parts = n.number.split('-');
    const key = `${n.org_id}/${parts.at(-2)}`;
    groups.set(key, [...(groups.get(key) ?? []), Number(parts.at(-1))]);
  }
  for (const [key, seqs] of groups) {
    const sorted = seqs.sort((a, b) => a - b);
    if (sorted.some((s, i) => s !== i + 1)) problems.push(`case numbers of ${key} are not 1..${sorted.length}`);
  }
  return problems;
}
