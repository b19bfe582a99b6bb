/**
 * npm run bench:stats — latency of the closure statistics for typical supervisor queries on a
 * database filled by `npm run seed:bulk`. Measures through app.inject (auth, validation,
 * serialization included), prints p50/p95 per query, and the same query computed by a full
 * recount from the proceedings (no rollups) as the in-run baseline.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/tiaojie_bench_1m npm run bench:stats
 *   PGLITE_DIR=/work/pglite-1m npm run bench:stats -- --iterations 30
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { chinaDate } from '../../src/domain/time.js';
import { closureStats, type StatsQuery } from '../../src/stats/service.js';
import { createUser } from '../../src/users/service.js';
import { users } from '../../src/db/schema/index.js';
import { eq } from 'drizzle-orm';

const { values: args } = parseArgs({
  options: { iterations: { type: 'string', default: '40' }, warmup: { type: 'string', default: '5' }, 'baseline-iterations': { type: 'string', default: '3' } },
});
const iterations = Number(args.iterations);
const warmup = Number(args.warmup);
const baselineIterations = Number(args['baseline-iterations']);

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SEED_DEMO: 'false', REMINDER_INTERVAL_SECONDS: '0' });
const handle = openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
await runMigrations(handle);
const db = handle.db;
const app = await buildApp({ config, db, logger: false });

const [{ cases: caseCount }] = await queryRows<{ cases: number }>(db, sql`select count(*)::float8 as cases from cases`);
// The busiest province and county, and the last whole calendar year in the data.
const [province] = await queryRows<{ p: string }>(db, sql`select left(o.region_code, 2) as p from case_orgs co join organizations o on o.id = co.org_id group by 1 order by count(*) desc limit 1`);
const [county] = await queryRows<{ c: string }>(db, sql`select o.region_code as c from case_orgs co join organizations o on o.id = co.org_id group by 1 order by count(*) desc limit 1`);
const [{ y }] = await queryRows<{ y: number }>(db, sql`select extract(year from max(received_at))::int - 1 as y from cases`);
const year = Number(y);
const today = chinaDate(new Date());

async function supervisorToken(regionCode: string): Promise<{ token: string; caller: Parameters<typeof closureStats>[1] }> {
  const username = `bench.supervisor.${regionCode || 'cn'}`;
  let [u] = await db.select().from(users).where(eq(users.username, username));
  if (!u) u = await createUser({ db, passwordPolicy: { memoryCost: 1024 } }, { username, password: 'bench-password-1', role: 'supervisor', name: '基准测试', regionCode });
  return { token: app.issueToken(u), caller: { userId: u.id, role: 'supervisor', orgId: null, regionCode, name: u.name } };
}

const workloads: { name: string; region: string; query: StatsQuery }[] = [
  { name: `province ${province.p}, ${year}, by organisation`, region: province.p, query: { from: `${year}-01-01`, to: `${year}-12-31`, groupBy: 'org' } },
  { name: `county ${county.c}, 12 months, by month`, region: county.c, query: { from: `${year}-01-01`, to: `${year}-12-31`, groupBy: 'month' } },
  { name: `national, ${year}, by region`, region: '', query: { from: `${year}-01-01`, to: `${year}-12-31`, groupBy: 'region' } },
  { name: `province ${province.p}, year to date, by month`, region: province.p, query: { from: `${today.slice(0, 4)}-01-01`, to: today, groupBy: 'month' } },
  { name: `province ${province.p}, 1 Mar–15 Jun ${year} (partial months), by kind`, region: province.p, query: { from: `${year}-03-01`, to: `${year}-06-15`, groupBy: 'kind' } },
];

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const fmt = (ms: number) => ms.toFixed(1).padStart(8);

console.log(`\nTiaojie statistics benchmark — ${new Date().toISOString()}`);
console.log(`database: ${handle.driver}, ${caseCount.toLocaleString('en')} cases; ${iterations} timed runs after ${warmup} warm-up; machine: 2 cores (shared)\n`);
console.log(`${'workload'.padEnd(58)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'recount ms'.padStart(11)} ${'speed-up'.padStart(9)}`);
for (const w of workloads) {
  const { token, caller } = await supervisorToken(w.region);
  const qs = new URLSearchParams(Object.entries(w.query).map(([k, v]) => [k, String(v)])).toString();
  const times: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url: `/stats/closure?${qs}`, headers: { authorization: `Bearer ${token}` } });
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${w.name}: ${res.statusCode} ${res.body}`);
    if (i >= warmup) times.push(ms);
  }
  times.sort((a, b) => a - b);
  // Baseline: the same figures recounted from the proceedings, as if there were no rollups.
  const base: number[] = [];
  for (let i = 0; i < baselineIterations; i++) {
    const t0 = performance.now();
    await closureStats({ db }, caller, w.query, 'recount');
    base.push(performance.now() - t0);
  }
  base.sort((a, b) => a - b);
  const p50 = pct(times, 0.5);
  const baseMedian = base.length ? pct(base, 0.5) : NaN;
  const recount = base.length ? fmt(baseMedian).padStart(11) : '—'.padStart(11);
  const speedUp = base.length ? `${(baseMedian / p50).toFixed(1)}×` : '—';
  console.log(`${w.name.padEnd(58)} ${fmt(p50)} ${fmt(pct(times, 0.95))} ${fmt(times.at(-1)!)} ${recount} ${speedUp.padStart(9)}`);
}
await app.close();
await handle.close();
