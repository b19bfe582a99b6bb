/**
 * Migration 0006 carries an existing database's statistics over: stat_years are the sums of
 * stat_months, and stat_histograms gather stat_durations' (days, n) rows into one array per
 * month and per year. Checked by migrating to 0005, writing rollups in the old layout, and
 * migrating the rest of the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { sql } from 'drizzle-orm';
import { databaseBefore } from '../support/migrations.js';

let handle: DbHandle;
const ORG = '01890000-0000-7000-8000-000000000001';

beforeAll(async () => {
  handle = await databaseBefore('0006');
});
afterAll(() => handle.close());

describe('migration 0006 (stat_years, stat_histograms)', () => {
  it('rebuilds the new rollups from the old ones, to the same figures', async () => {
    const db = handle.db;
    await db.execute(sql`insert into organizations (id, name, kind, region_code, intake_code) values (${ORG}, '甲调解委员会', 'mediation', '450102', 'abc123')`);
    await db.execute(sql`
      insert into stat_months (month, org_id, kind, category, received, accepted, concluded, claimed_fen) values
        ('2025-03-01', ${ORG}, 'mediation', '*', 4, 3, 2, 1000),
        ('2025-04-01', ${ORG}, 'mediation', '*', 1, 1, 1, 500),
        ('2026-01-01', ${ORG}, 'mediation', '*', 2, 0, 0, 7)`);
    await db.execute(sql`
      insert into stat_durations (month, org_id, kind, category, measure, days, n) values
        ('2025-03-01', ${ORG}, 'mediation', '*', 'resolution', 0, 2),
        ('2025-03-01', ${ORG}, 'mediation', '*', 'resolution', 3, 1),
        ('2025-04-01', ${ORG}, 'mediation', '*', 'resolution', 1, 1),
        ('2025-04-01', ${ORG}, 'mediation', '*', 'handoff', 2, 1)`);

    await runMigrations(handle);

    const years = await queryRows<{ year: string; received: number; accepted: number; concluded: number; claimed: number }>(
      db,
      sql`select year::text as year, received, accepted, concluded, claimed_fen::float8 as claimed from stat_years order by year`,
    );
    expect(years).toEqual([
      { year: '2025-01-01', received: 5, accepted: 4, concluded: 3, claimed: 1500 },
      { year: '2026-01-01', received: 2, accepted: 0, concluded: 0, claimed: 7 },
    ]);
    const hist = await queryRows<{ grain: string; period: string; measure: string; counts: string }>(
      db,
      sql`select grain, period::text as period, measure, counts::text as counts from stat_histograms order by measure, grain, period`,
    );
    expect(hist).toEqual([
      { grain: 'month', period: '2025-04-01', measure: 'handoff', counts: '{0,0,1}' },
      { grain: 'year', period: '2025-01-01', measure: 'handoff', counts: '{0,0,1}' },
      { grain: 'month', period: '2025-03-01', measure: 'resolution', counts: '{2,0,0,1}' },
      { grain: 'month', period: '2025-04-01', measure: 'resolution', counts: '{0,1}' },
      { grain: 'year', period: '2025-01-01', measure: 'resolution', counts: '{2,1,0,1}' },
    ]);
    const [{ exists }] = await queryRows<{ exists: boolean }>(db, sql`select to_regclass('stat_durations') is not null as exists`);
    expect(exists).toBe(false);
  });

  it('adds histograms element by element, padding the shorter with zeros', async () => {
    const [{ sum, empty }] = await queryRows<{ sum: string; empty: string }>(
      handle.db,
      sql`select tiaojie_hist_add('{1,2}'::int[], '{0,0,0,5}'::int[])::text as sum, tiaojie_hist_add('{}'::int[], null)::text as empty`,
    );
    expect(sum).toBe('{1,2,0,5}');
    expect(empty).toBe('{}');
  });
});
