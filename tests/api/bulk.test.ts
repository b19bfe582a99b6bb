import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { testConfig } from '../../src/config.js';
import { queryRows, type DbHandle } from '../../src/db/client.js';
import { generateBulk, type BulkReport } from '../../seeds/bulk.js';
import { foreignKeyChecks } from '../../seeds/bulk/generate.js';
import { checkInvariants, verifyBulk } from '../../seeds/bulk/verify.js';
import { freshDatabase } from '../support/db.js';
import { PASSWORD, TEST_PASSWORD_POLICY } from '../support/app.js';

const CASES = 2000;
let handle: DbHandle;
let passwordHash: string;
let report: BulkReport;
let firstRun: string;

const rows = <T>(text: string) => queryRows<T>(handle.db, sql.raw(text));
/** Everything that identifies the generated data: ids, numbers, hashes, dates, states. */
const fingerprint = async () =>
  (
    await rows<{ f: string }>(`select md5(
       (select string_agg(id::text || number || last_event_hash || status || received_at::text, ',' order by id) from cases) ||
       (select string_agg(id::text || state || received_at::text, ',' order by id) from proceedings) ||
       (select string_agg(hash, ',' order by case_id, seq) from events) ||
       (select string_agg(id::text || due_on::text || status, ',' order by id) from clocks)) as f`)
  )[0].f;

beforeAll(async () => {
  handle = await freshDatabase();
  passwordHash = await hashPassword(PASSWORD, TEST_PASSWORD_POLICY);
  // Same seed twice, the second time after --reset: the data must come out identical.
  await generateBulk(handle, { cases: CASES, seed: 7, passwordHash, batchSize: 1200 });
  firstRun = await fingerprint();
  report = await generateBulk(handle, { cases: CASES, seed: 7, passwordHash, reset: true, batchSize: 1200 });
});
afterAll(() => handle.close());

describe('bulk generator (seeds/bulk.ts)', () => {
  it('fills every table, deterministically per seed', async () => {
    expect(report.counts.cases).toBe(CASES);
    for (const t of ['proceedings', 'case_orgs', 'applicants', 'claims', 'agreements', 'instalments', 'payments', 'events', 'clocks', 'stat_months', 'stat_years', 'stat_histograms', 'case_counters']) {
      expect(report.counts[t], t).toBeGreaterThan(0);
    }
    expect(report.counts.events).toBeGreaterThan(3 * CASES);
    expect(report.counts.organizations).toBeGreaterThan(1500);
    expect(await fingerprint()).toBe(firstRun);
  });

  it('covers every proceeding kind, state and outcome, and both case statuses', async () => {
    const kinds = await rows<{ kind: string; state: string; outcome: string | null }>(`select distinct kind, state, outcome from proceedings`);
    const seen = new Set(kinds.map((r) => `${r.kind}:${r.outcome ?? r.state}`));
    for (const k of ['mediation:settled', 'mediation:failed', 'mediation:withdrawn', 'mediation:declined', 'confirmation:confirmed', 'arbitration:awarded', 'arbitration:settled', 'arbitration:withdrawn', 'arbitration:declined', 'litigation:judged', 'mediation:accepted', 'arbitration:accepted']) {
      expect(seen, k).toContain(k);
    }
    const statuses = await rows<{ status: string }>(`select distinct status from cases`);
    expect(statuses.map((s) => s.status).sort()).toEqual(['closed', 'open']);
  });

  it('numbers cases gaplessly per organisation and year, with the counters at the last number', async () => {
    const gaps = await rows<{ n: number }>(`
      select count(*)::int as n from (
        select c.org_id, split_part(c.number, '-', 2)::int as year, count(*) as n, max(split_part(c.number, '-', 3)::int) as hi,
               count(distinct split_part(c.number, '-', 3)) as d
        from cases c group by 1, 2) x
      left join case_counters cc on cc.org_id = x.org_id and cc.year = x.year
      where x.n <> x.hi or x.d <> x.n or cc.last is distinct from x.hi`);
    expect(gaps[0].n).toBe(0);
  });

  it('keeps every invariant the app relies on', async () => {
    const violations = await checkInvariants(handle);
    expect(Object.entries(violations).filter(([, n]) => n !== 0)).toEqual([]);
    // The two the brief names, spelled out.
    expect(violations['open proceeding that is not the newest']).toBe(0);
    expect(violations['open proceeding without its clock']).toBe(0);
    const twoOpen = await rows<{ n: number }>(`select count(*)::int as n from (select case_id from proceedings where state in ('received', 'accepted') group by 1 having count(*) > 1) x`);
    expect(twoOpen[0].n).toBe(0);
  });

  it('fails a batch that references a missing row, although it inserts with triggers off', async () => {
    const fk = await foreignKeyChecks(handle.db);
    const [c] = await rows<{ id: string }>(`select id::text from cases order by id limit 1`);
    const attempt = handle.db.transaction(async (tx) => {
      const run = (text: string) => tx.execute(sql.raw(text));
      await run(`set local session_replication_role = replica`);
      await run(`create unlogged table _bulk_refs (parent text, v uuid)`);
      await run(fk.capture('events', `insert into events (case_id, seq, action, actor_user_id, data, occurred_at, recorded_at, prev_hash, hash)
                 values ('${c.id}', 9999, 'note', '00000000-0000-7000-8000-000000000001', '{}', now(), now(), 'x', 'y')`));
      await run(fk.check);
    });
    const error = await attempt.then(() => null, (e: Error & { cause?: Error }) => e);
    expect(String(error?.cause?.message ?? error?.message)).toMatch(/references to no row: users\.id 00000000-0000-7000-8000-000000000001/);
    const [left] = await rows<{ n: number }>(`select count(*)::int as n from events where seq = 9999`);
    expect(left.n).toBe(0);
    // A reference to an existing row passes.
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`create unlogged table _bulk_refs (parent text, v uuid)`));
      await tx.execute(sql.raw(`insert into _bulk_refs values ('cases.id', '${c.id}')`));
      await tx.execute(sql.raw(fk.check));
      await tx.execute(sql.raw(`drop table _bulk_refs`));
    });
  });

  it('loads through the services, verifies its hash chains and matches the recount in the rollups', async () => {
    const r = await verifyBulk(handle, { sample: 40, regions: ['', '44'] });
    expect(r.problems).toEqual([]);
    expect(r.sampled).toBe(40);
    expect(r.statsChecks).toBeGreaterThan(10);
  });

  it('reports intact chains over HTTP to a bulk supervisor who signs in with the bulk password', async () => {
    const app = await buildApp({ config: testConfig(), db: handle.db, passwordPolicy: TEST_PASSWORD_POLICY, logger: false });
    try {
      const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'bulk.sup.cn', password: PASSWORD } });
      expect(login.statusCode, login.body).toBe(200);
      const auth = { authorization: `Bearer ${login.json().token}` };
      const sample = await rows<{ id: string }>(`select id::text from cases order by event_count desc, id limit 5`);
      for (const { id } of sample) {
        const res = await app.inject({ method: 'GET', url: `/cases/${id}/verify`, headers: auth });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().intact, res.body).toBe(true);
      }
      const list = await app.inject({ method: 'GET', url: '/deadlines?limit=20', headers: auth });
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
