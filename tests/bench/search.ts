/**
 * Latency of GET /cases?q= (docs/SEARCH.md) on a database filled by `npm run seed:bulk`, one
 * request at a time through app.inject (authentication, validation and serialization included),
 * for each kind of search, as a staff member of the busiest organisation and as the supervisor of
 * the busiest province (and, to see the scope keys work, of a small county and a small
 * organisation). Each run searches another value drawn from the caller's own cases.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/tiaojie_search npx tsx tests/bench/search.ts
 *   … -- --iterations 60 --explain    (--explain prints each kind's plans, from auto_explain, once)
 *
 * Start it with the environment the bulk data was generated with: the phones and ID numbers are
 * hashed under SEARCH_HASH_KEY (or the key derived from JWT_SECRET).
 */
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, queryRows, type Database } from '../../src/db/client.js';
import * as schema from '../../src/db/schema/index.js';
import { users } from '../../src/db/schema/index.js';

const { values: args } = parseArgs({
  options: { iterations: { type: 'string', default: '40' }, warmup: { type: 'string', default: '5' }, explain: { type: 'boolean', default: false } },
});
const iterations = Number(args.iterations);
const warmup = Number(args.warmup);

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SEED_DEMO: 'false', REMINDER_INTERVAL_SECONDS: '0' });
const handle = openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: 2 });
const db = handle.db;
const app = await buildApp({ config, db, logger: false });

interface Persona {
  label: string;
  token: string;
  /** The caller's own cases, as SQL over case_orgs co. */
  scope: ReturnType<typeof sql>;
  /** A place name of another province: found nowhere in scope. */
  elsewhere: string;
}

async function staffOf(orgId: string) {
  const [u] = await db.select().from(users).where(eq(users.orgId, orgId)).limit(1);
  return app.issueToken(u);
}
async function supervisorOf(region: string) {
  const [u] = await db.select().from(users).where(eq(users.username, `bulk.sup.${region}`));
  if (!u) throw new Error(`no bulk supervisor for ${region}: run npm run seed:bulk`);
  return app.issueToken(u);
}

const [busiest] = await queryRows<{ org_id: string; name: string; n: number }>(
  db,
  sql`select co.org_id, o.name, count(*)::int as n from case_orgs co join organizations o on o.id = co.org_id group by 1, 2 order by 3 desc limit 1`,
);
const [small] = await queryRows<{ org_id: string; name: string; n: number }>(
  db,
  sql`select co.org_id, o.name, count(*)::int as n from case_orgs co join organizations o on o.id = co.org_id group by 1, 2 having count(*) between 300 and 2000 order by 3 limit 1`,
);
const [province] = await queryRows<{ p: string; n: number }>(db, sql`select left(region_code, 2) as p, count(*)::int as n from case_orgs group by 1 order by 2 desc limit 1`);
const [county] = await queryRows<{ c: string; n: number }>(db, sql`select region_code as c, count(*)::int as n from case_orgs group by 1 having count(*) > 1000 order by 2 limit 1`);
const [{ cases }] = await queryRows<{ cases: number }>(db, sql`select count(*)::int as cases from cases`);

const personas: Persona[] = [
  { label: `staff, ${busiest.name} (${busiest.n} cases)`, token: await staffOf(busiest.org_id), scope: sql`co.org_id = ${busiest.org_id}::uuid`, elsewhere: '成都' },
  { label: `supervisor, province ${province.p} (${province.n} cases)`, token: await supervisorOf(province.p), scope: sql`left(co.region_code, 2) = ${province.p}`, elsewhere: '成都' },
  { label: `supervisor, county ${county.c} (${county.n} cases)`, token: await supervisorOf(county.c.slice(0, 4)), scope: sql`co.region_code = ${county.c}`, elsewhere: '深圳' },
  { label: `staff, ${small.name} (${small.n} cases)`, token: await staffOf(small.org_id), scope: sql`co.org_id = ${small.org_id}::uuid`, elsewhere: '深圳' },
];

/** Values drawn from a persona's own cases: numbers, applicants' names, phones, ID numbers. */
async function samples(p: Persona) {
  const rows = await queryRows<{ number: string; name: string; phone: string | null; id_number: string | null }>(
    db,
    sql`select c.number, a.name, a.phone, a.id_number from (select co.case_id from case_orgs co where ${p.scope} order by random() limit 300) s
        join cases c on c.id = s.case_id join applicants a on a.case_id = c.id and a.position = 1`,
  );
  const pick = <T>(list: T[]) => list.filter(Boolean);
  return {
    numbers: rows.map((r) => r.number),
    names: rows.map((r) => r.name),
    phones: pick(rows.map((r) => r.phone)) as string[],
    ids: pick(rows.map((r) => r.id_number)) as string[],
  };
}

const INDUSTRY = ['建筑', '物流', '餐饮', '电子', '服装', '家具', '食品', '纺织', '商贸', '保安', '酒店', '劳务'];
const EMPLOYER = ['宏达电子', '鑫源物流', '华泰建筑', '恒通餐饮', '德信服装', '嘉禾家具', '顺发食品', '瑞丰纺织'];
const COMMON = ['有限公司', '李', '公司', '王'];

type Kind = { kind: string; values: string[]; pages?: 2 };
function kinds(p: Persona, s: Awaited<ReturnType<typeof samples>>): Kind[] {
  return [
    { kind: 'case number', values: s.numbers },
    { kind: 'number prefix (~100 cases)', values: s.numbers.map((n) => n.slice(0, -2)) },
    { kind: 'number prefix (organisation)', values: s.numbers.map((n) => n.split('-')[0]) },
    { kind: 'party name (2 characters)', values: s.names },
    { kind: 'employer, part (2 characters)', values: INDUSTRY },
    { kind: 'employer, part (4 characters)', values: EMPLOYER },
    { kind: 'common terms (有限公司, 李, 公司, 王)', values: COMMON },
    { kind: 'common term, second page', values: COMMON, pages: 2 },
    { kind: `place of another province (${p.elsewhere})`, values: [p.elsewhere] },
    { kind: 'phone', values: s.phones },
    { kind: 'ID number', values: s.ids },
  ];
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const fmt = (ms: number) => ms.toFixed(1).padStart(7);

async function search(token: string, q: string, pages = 1): Promise<{ ms: number; found: number }> {
  let cursor: string | null = null;
  let ms = 0;
  let found = 0;
  for (let page = 0; page < pages; page++) {
    const t0 = performance.now();
    const res: { statusCode: number; body: string; json(): { items: unknown[]; nextCursor: string | null } } = await app.inject({
      method: 'GET',
      url: `/cases?limit=20&q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ''}`,
      headers: { authorization: `Bearer ${token}` },
    });
    // The last page's time: the second page of a common term is measured on its own.
    ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${q}: ${res.statusCode} ${res.body}`);
    const body = res.json();
    found = body.items.length;
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return { ms, found };
}

console.log(`\nTiaojie search benchmark — ${new Date().toISOString()}`);
console.log(`database: ${handle.driver}, ${cases.toLocaleString('en')} cases; ${iterations} timed requests per line after ${warmup} warm-up, one at a time; limit 20\n`);
const all: number[] = [];
for (const p of personas) {
  console.log(`${p.label}`);
  console.log(`  ${'kind'.padEnd(42)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'max ms'.padStart(7)}  rows/page`);
  const s = await samples(p);
  for (const k of kinds(p, s)) {
    if (!k.values.length) continue;
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < warmup + iterations; i++) {
      const { ms, found } = await search(p.token, k.values[i % k.values.length], k.pages);
      if (i >= warmup) {
        times.push(ms);
        rows += found;
      }
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    console.log(`  ${k.kind.padEnd(42)} ${fmt(pct(times, 0.5))} ${fmt(pct(times, 0.95))} ${fmt(times[times.length - 1])}  ${(rows / times.length).toFixed(1)}`);
  }
  console.log('');
}
all.sort((a, b) => a - b);
console.log(`every request: p50 ${pct(all, 0.5).toFixed(1)} ms, p95 ${pct(all, 0.95).toFixed(1)} ms, max ${all[all.length - 1].toFixed(1)} ms (${all.length} requests)`);

if (args.explain) {
  if (!config.DATABASE_URL) throw new Error('--explain reads auto_explain from PostgreSQL: set DATABASE_URL');
  // One connection that explains, with ANALYZE and BUFFERS, every statement it runs, as notices.
  const plans: string[] = [];
  const client = postgres(config.DATABASE_URL, {
    max: 1,
    connection: {
      session_preload_libraries: 'auto_explain',
      'auto_explain.log_min_duration': '0',
      'auto_explain.log_analyze': 'on',
      'auto_explain.log_buffers': 'on',
      'auto_explain.log_timing': 'on',
      'auto_explain.log_level': 'notice',
    } as Record<string, string>,
    onnotice: (n) => plans.push(String(n.message)),
  });
  const explained = drizzle(client, { schema }) as unknown as Database;
  const xapp = await buildApp({ config, db: explained, logger: false });
  const show = async (label: string, token: string, q: string, pages = 1) => {
    let cursor: string | null = null;
    for (let page = 0; page < pages; page++) {
      plans.length = 0;
      const url: string = `/cases?limit=20&q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await xapp.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      cursor = (res.json() as { nextCursor: string | null }).nextCursor;
    }
    // The statements of the search itself (the caller's check by id comes first).
    const mine = plans.filter((text) => text.includes('case_search') || text.includes('c.number'));
    console.log(`\n### ${label}: q=${q}${pages > 1 ? ` (page ${pages})` : ''}\n`);
    for (const text of mine) console.log(text.replace(/^duration: [\d.]+ ms\s+plan:\n/, ''), '\n');
  };
  for (const p of personas.slice(0, 2)) {
    const s = await samples(p);
    await show(`${p.label}, case number`, p.token, s.numbers[0]);
    await show(`${p.label}, number prefix`, p.token, s.numbers[1].slice(0, -2));
    await show(`${p.label}, party name`, p.token, s.names[0]);
    await show(`${p.label}, employer part`, p.token, '建筑');
    await show(`${p.label}, common term`, p.token, '有限公司');
    await show(`${p.label}, common term`, p.token, '李', 2);
    await show(`${p.label}, place of another province`, p.token, p.elsewhere);
    await show(`${p.label}, phone`, p.token, s.phones[0]);
    await show(`${p.label}, ID number`, p.token, s.ids[0]);
  }
  await xapp.close();
  await client.end();
}
await app.close();
await handle.close();
