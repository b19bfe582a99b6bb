/**
 * SQL statements and time per request on the hot paths (issue 6): file a case, accept, settle,
 * case detail, case list (filters + cursor), deadline board. Builds the app in-process, counts
 * every statement the driver sends (BEGIN and COMMIT included, the sign-in lookup included) and
 * times N requests through app.inject (validation, auth and serialization included; no socket).
 *
 *   npx tsx scripts/query-count.ts                      # PGlite in memory
 *   npx tsx scripts/query-count.ts --url postgres://postgres@127.0.0.1:5432/postgres
 *   npx tsx scripts/query-count.ts --n 300 --background 2000 --json /tmp/after.json
 *
 * With --url it creates a throwaway database next to the one named, and drops it afterwards.
 *
 * --read-only URL measures the three read paths on an existing database (e.g. one filled by
 * `npm run seed:bulk`) without writing to it: no migrations, no sign-in (the token is issued
 * directly), as the busiest organisation's staff, over a spread of its cases and list cursors.
 *
 *   npx tsx scripts/query-count.ts --read-only postgres://postgres@127.0.0.1:5432/tiaojie_bench_1m --n 200
 * --sql prints the statements of one request of each path (to see what to merge).
 * --profile FILE writes a V8 CPU profile of the timed requests only (open it in Chrome DevTools,
 * or summarise it by self time).
 */
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { and, eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { buildApp } from '../src/app.js';
import { ensureAdmin } from '../src/bootstrap.js';
import { syncOfficialCalendars } from '../src/calendar/service.js';
import { testConfig } from '../src/config.js';
import { queryRows, type Database, type DbHandle } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import * as schema from '../src/db/schema/index.js';
import { users } from '../src/db/schema/index.js';
import { validCreditCode, validIdNumber } from '../tests/support/ids.js';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    'read-only': { type: 'string' },
    n: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    background: { type: 'string', default: '500' },
    json: { type: 'string' },
    sql: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const N = Number(args.n);
const WARMUP = Number(args.warmup);
const BACKGROUND = Number(args.background);

// ---------------------------------------------------------------------------------------------
// A database whose driver counts statements.

let statements = 0;
/**
 * Socket writes to the database (each one a send syscall): on this machine a loopback write costs
 * far more than the bytes in it, so how many a request makes matters as much as its statements.
 */
let socketWrites = 0;
{
  const proto = Socket.prototype as unknown as { _writeGeneric: (...a: unknown[]) => unknown };
  const original = proto._writeGeneric;
  proto._writeGeneric = function (this: Socket, ...a: unknown[]) {
    socketWrites++;
    capture?.push("  >> send");
    return original.apply(this, a);
  };
}
let capture: string[] | null = null;
/**
 * The pings each process sends itself on the users channel (src/auth/callers.ts) run beside the
 * requests, not in them: counted apart, and shown as a rate.
 */
let pings = 0;
const seen = (text: string) => {
  if (text.includes('pg_notify')) {
    pings++;
    return;
  }
  statements++;
  capture?.push(text.replace(/\s+/g, ' ').slice(0, 160));
};

async function countingDatabase(): Promise<DbHandle & { label: string }> {
  if (args['read-only']) {
    const client = postgres(args['read-only'], { max: 10, onnotice: () => {}, debug: (_conn, text) => seen(text) });
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    return { label: `PostgreSQL ${new URL(args['read-only']).pathname.slice(1)} (read only)`, db, driver: 'postgres', withStartupLock: (fn) => fn(), close: () => client.end({ timeout: 5 }) };
  }
  if (args.url) {
    const name = `tiaojie_qc_${randomBytes(4).toString('hex')}`;
    const admin = postgres(args.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(args.url);
    url.pathname = `/${name}`;
    // The same options as openDatabase, plus the counter.
    const client = postgres(url.toString(), { max: 10, onnotice: () => {}, debug: (_conn, text) => seen(text) });
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    return {
      label: `PostgreSQL (${name}, dropped afterwards)`,
      db,
      driver: 'postgres',
      withStartupLock: (fn) => fn(),
      async close() {
        await client.end({ timeout: 5 });
        const cleanup = postgres(args.url!, { max: 1, onnotice: () => {} });
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const client = new PGlite('memory://');
  const query = client.query.bind(client);
  client.query = ((text: string, ...rest: unknown[]) => {
    seen(text);
    return (query as (...a: unknown[]) => unknown)(text, ...rest);
  }) as typeof client.query;
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn: (tx: Parameters<Parameters<typeof client.transaction>[0]>[0]) => Promise<unknown>) =>
    transaction(async (tx) => {
      seen('BEGIN');
      const txQuery = tx.query.bind(tx);
      tx.query = ((text: string, ...rest: unknown[]) => {
        seen(text);
        return (txQuery as (...a: unknown[]) => unknown)(text, ...rest);
      }) as typeof tx.query;
      const result = await fn(tx);
      seen('COMMIT');
      return result;
    })) as typeof client.transaction;
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return { label: 'PGlite (memory)', db, driver: 'pglite', withStartupLock: (fn) => fn(), close: () => client.close() };
}

// ---------------------------------------------------------------------------------------------

const handle = await countingDatabase();
const readOnly = Boolean(args['read-only']);
if (!readOnly) {
  await runMigrations(handle);
  // As server.ts does at start: the official years are rows, as in production.
  await syncOfficialCalendars(handle.db);
}
const app = await buildApp({ config: testConfig(), db: handle.db, logger: false, passwordPolicy: { memoryCost: 1024 } });

async function call(method: 'GET' | 'POST', url: string, token?: string, body?: unknown) {
  const res = await app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { payload: body as object }) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

interface Row {
  path: string;
  statements: number;
  /** Socket writes to the database per request (app.inject makes none of its own). */
  writes: number;
  /** CPU time of this process (user + system) per request: less noisy than wall time on a shared machine. */
  cpu: number;
  mean: number;
  p50: number;
  p95: number;
}
const rows: Row[] = [];
const profiler = args.profile ? new Session() : null;
const profiles: object[] = [];
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
}
const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** Runs `once(i)` WARMUP + N times; statements are counted over the timed runs only. */
async function measure(path: string, once: (i: number) => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await once(i);
  capture = [];
  await once(WARMUP);
  if (args.sql) console.log(`\n-- ${path}: ${capture.length} statements\n${capture.map((s) => `   ${s}`).join('\n')}`);
  capture = null;
  const times: number[] = [];
  const before = statements;
  const writesBefore = socketWrites;
  if (profiler) await profiler.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await once(WARMUP + 1 + i);
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  if (profiler) profiles.push((await profiler.post('Profiler.stop')).profile);
  const counted = (statements - before) / N;
  times.sort((a, b) => a - b);
  rows.push({ path, statements: counted, writes: (socketWrites - writesBefore) / N, cpu: (cpu.user + cpu.system) / 1000 / N, mean: times.reduce((s, t) => s + t, 0) / N, p50: pct(times, 0.5), p95: pct(times, 0.95) });
}

/** The write paths and the reads, on a fresh database this script fills. */
async function fresh() {
  await ensureAdmin(handle.db, { username: 'admin', password: 'bench-password-1', policy: { memoryCost: 1024 } });
  const login = async (username: string) => (await call('POST', '/auth/login', undefined, { username, password: 'bench-password-1' })).token as string;
  const adminToken = await login('admin');
  const org = await call('POST', '/organizations', adminToken, { name: '基准测试调解中心', kind: 'mediation_center', regionCode: '451023' });
  await call('POST', '/users', adminToken, { username: 'qc.mediator', password: 'bench-password-1', name: '调解员', role: 'mediator', orgId: org.id });
  const staff = await login('qc.mediator');

  let seq = 0;
  const caseBody = () => ({
    orgId: org.id,
    categories: ['wages'],
    summary: '拖欠三个月工资',
    incidentDate: '2025-01-10',
    employmentEndedOn: '2025-01-05',
    applicants: [
      { name: '李四', idNumber: validIdNumber(++seq), phone: '13812345678', claims: [{ category: 'wages', description: '2024年10月至12月工资', amountFen: 1_500_000 }] },
      { name: '王五', idNumber: validIdNumber(++seq), claims: [{ category: 'wages', description: '加班费', amountFen: 300_000 }] },
    ],
    respondent: { name: '平果某建筑有限公司', creditCode: validCreditCode(seq) },
  });
  const agreement = { amountFen: 1_800_000, terms: '分两期支付', instalments: [{ dueOn: '2031-01-10', amountFen: 900_000 }, { dueOn: '2031-02-10', amountFen: 900_000 }] };

  // Background: cases in every state, so lists and the board have something to page through.
  const background: { id: string; version: number }[] = [];
  for (let i = 0; i < BACKGROUND; i++) {
    let c = await call('POST', '/cases', staff, caseBody());
    if (i % 3 > 0) c = await call('POST', `/cases/${c.id}/actions`, staff, { action: 'accept', version: c.version });
    if (i % 3 > 1) c = await call('POST', `/cases/${c.id}/actions`, staff, { action: 'settle', version: c.version, agreement });
    background.push({ id: c.id, version: c.version });
  }

  const filed: { id: string; version: number }[] = [];
  await measure('file (POST /cases)', async () => {
    const c = await call('POST', '/cases', staff, caseBody());
    filed.push({ id: c.id, version: c.version });
  });
  const accepted: { id: string; version: number }[] = [];
  await measure('accept (POST /cases/:id/actions)', async (i) => {
    const c = await call('POST', `/cases/${filed[i].id}/actions`, staff, { action: 'accept', version: filed[i].version });
    accepted.push({ id: c.id, version: c.version });
  });
  await measure('settle (POST /cases/:id/actions)', async (i) => {
    await call('POST', `/cases/${accepted[i].id}/actions`, staff, { action: 'settle', version: accepted[i].version, agreement });
  });
  const all = [...background, ...filed];
  await measure('detail (GET /cases/:id)', (i) => call('GET', `/cases/${all[(i * 7919) % all.length].id}`, staff));
  const firstPage = await call('GET', '/cases?status=open&limit=20', staff);
  await measure('list (GET /cases?status=open&category&cursor)', (i) =>
    call('GET', i % 2 ? '/cases?status=open&category=wages&limit=20' : `/cases?status=open&category=wages&limit=20&cursor=${firstPage.nextCursor}`, staff),
  );
  await measure('deadlines (GET /deadlines)', (i) => call('GET', i % 2 ? '/deadlines?limit=50' : '/deadlines?status=due_soon&limit=50', staff));
  // A signed-in read beside the hot paths: the caller check is all it shares with them.
  await measure('timeline (GET /cases/:id/events)', (i) => call('GET', `/cases/${all[(i * 7919) % all.length].id}/events`, staff));
}

/** The read paths on an existing database, as the staff of its busiest organisation; writes nothing. */
async function existing() {
  const [org] = await queryRows<{ id: string }>(
    handle.db,
    sql`select co.org_id as id from case_orgs co join organizations o on o.id = co.org_id where o.kind <> 'court' group by 1 order by count(*) desc limit 1`,
  );
  const [user] = await handle.db.select().from(users).where(and(eq(users.orgId, org.id), eq(users.disabled, false))).limit(1);
  const staff = app.issueToken(user);
  const ids = (await queryRows<{ id: string }>(handle.db, sql`select case_id as id from case_orgs where org_id = ${org.id} order by md5(case_id::text) limit 400`)).map((r) => r.id);
  // The cursors GET /cases hands out page after page (20 a page), newest first, as the load benchmark pages.
  const cursors = (
    await queryRows<{ id: string }>(
      handle.db,
      sql`select id from (select c.id, row_number() over (order by c.id desc) as rn from cases c where c.id in (select case_id from case_orgs where org_id = ${org.id}) and c.status = 'open') x where rn % 20 = 0 order by id desc limit 200`,
    )
  ).map((r) => r.id);
  console.log(`organisation ${org.id}: ${ids.length} cases sampled, ${cursors.length} list cursors`);
  await measure('detail (GET /cases/:id)', (i) => call('GET', `/cases/${ids[i % ids.length]}`, staff));
  await measure('list (GET /cases?status=open&limit=20&cursor)', (i) => call('GET', `/cases?status=open&limit=20&cursor=${cursors[i % cursors.length]}`, staff));
  await measure('deadlines (GET /deadlines?limit=50)', () => call('GET', '/deadlines?limit=50', staff));
  await measure('deadlines (GET /deadlines?status=due_soon)', () => call('GET', '/deadlines?status=due_soon&limit=50', staff));
}

const started = performance.now();
if (readOnly) await existing();
else await fresh();
const elapsed = (performance.now() - started) / 1000;

console.log(`\nquery-count — ${handle.label}; ${readOnly ? 'existing data' : `${BACKGROUND} background cases`}; ${N} timed requests per path after ${WARMUP} warm-up; app.inject, one at a time`);
console.log(`${'path'.padEnd(48)} ${'stmts/req'.padStart(9)} ${'writes/req'.padStart(10)} ${'cpu ms'.padStart(8)} ${'mean ms'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
for (const r of rows) {
  console.log(
    `${r.path.padEnd(48)} ${r.statements.toFixed(1).padStart(9)} ${r.writes.toFixed(1).padStart(10)} ${r.cpu.toFixed(2).padStart(8)} ${r.mean.toFixed(2).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)}`,
  );
}
console.log(`users-channel pings: ${pings} in ${elapsed.toFixed(0)} s (${(pings / elapsed).toFixed(1)}/s), not counted above`);
if (args.profile) {
  // One profile per path, merged by concatenating samples is not possible; write them side by side.
  profiles.forEach((p, i) => writeFileSync(args.profile!.replace(/(\.cpuprofile)?$/, `.${i}.cpuprofile`), JSON.stringify(p)));
  console.log(`profiles: ${rows.map((r, i) => `${i} = ${r.path}`).join('; ')}`);
}
if (args.json) writeFileSync(args.json, JSON.stringify({ database: handle.driver, at: new Date().toISOString(), n: N, background: BACKGROUND, rows }, null, 2));

await app.close();
await handle.close();
