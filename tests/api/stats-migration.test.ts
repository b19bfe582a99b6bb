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
import { rebuildStatistics } from '../../src/stats/rebuild.js';
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

/**
 * Migration 0013 adds the ministry's cuts to the rollups (how each proceeding ended, who prevailed,
 * final awards) and fills them in from the proceedings and agreements already recorded: to what a
 * rebuild from those rows counts. Checked by writing rows in the layout before 0013, with rollups
 * the actions had kept, and migrating.
 */
describe('migration 0013 (the ministry’s cuts in the rollups)', () => {
  let db0013: DbHandle;
  const M = '01890000-0000-7000-8000-0000000000b1';
  const C = '01890000-0000-7000-8000-0000000000b2';
  const FILER = '01890000-0000-7000-8000-0000000000b3';
  const NEW = ['prevailed_worker', 'prevailed_employer', 'prevailed_partly', 'final_awards', 'ended_by_mediation', 'ended_by_arbitral_settlement', 'ended_by_award'];

  beforeAll(async () => {
    db0013 = await databaseBefore('0013');
  });
  afterAll(() => db0013.close());

  const newCounters = async (table: 'stat_months' | 'stat_years') => {
    const period = table === 'stat_months' ? 'month' : 'year';
    const columns = sql.join(NEW.map((c) => sql.identifier(c)), sql`, `);
    return queryRows<Record<string, unknown>>(
      db0013.db,
      sql`select ${sql.identifier(period)}::text as period, org_id::text as org, kind, category, ${columns} from ${sql.identifier(table)}
          where ${sql.join(NEW.map((c) => sql`${sql.identifier(c)} <> 0`), sql` or `)} order by 1, 2, 3, 4`,
    );
  };

  it('counts how the recorded proceedings ended and the final awards, as a rebuild does, and leaves the other counters as they were', async () => {
    const db = db0013.db;
    await db.execute(sql`insert into organizations (id, name, kind, region_code, intake_code) values
      (${M}, '甲调解委员会', 'union', '450102', 'm0013'), (${C}, '乙仲裁委', 'arbitration_commission', '450100', 'c0013')`);
    await db.execute(sql`insert into users (id, username, password_hash, role, name) values (${FILER}, 'filer.0013', 'x', 'admin', '录入')`);
    // [case, categories, proceeding kind, org, outcome, concluded at, agreement final]: the instants sit on
    // month and year boundaries in China time (16:00Z is midnight in Beijing).
    const rows: [number, string[], string, string, string, string, boolean | null][] = [
      [1, ['wages', 'termination'], 'mediation', M, 'settled', '2025-03-31T16:30:00Z', null], // 2025-04-01 in China
      [2, ['wages'], 'mediation', M, 'failed', '2025-04-03T02:00:00Z', null],
      [3, ['wages'], 'arbitration', C, 'awarded', '2025-12-31T16:10:00Z', true], // 2026-01-01 in China
      [4, ['social_insurance'], 'arbitration', C, 'awarded', '2025-06-03T02:00:00Z', false],
      [5, ['wages'], 'arbitration', C, 'settled', '2025-06-04T02:00:00Z', null],
      [6, ['termination'], 'litigation', C, 'settled', '2025-06-05T02:00:00Z', null],
    ];
    for (const [n, categories, kind, org, outcome, at, final] of rows) {
      const caseId = `01890000-0000-7000-8000-00000000c00${n}`;
      const proceedingId = `01890000-0000-7000-8000-00000000d00${n}`;
      await db.execute(sql`insert into cases (id, number, org_id, kind, channel, categories, summary, incident_date, respondent_name, filed_by,
          current_org_id, current_state, current_kind, claimed_fen, applicant_count, last_occurred_at, last_event_hash, received_at)
        values (${caseId}, ${`M13-${n}`}, ${org}, 'individual', 'walk_in', ${`{${categories.join(',')}}`}::text[], '统计', '2025-01-01', '某公司', ${FILER},
          ${org}, 'concluded', ${kind}, 1000, 1, ${at}, ${'0'.repeat(64)}, '2025-02-01T02:00:00Z')`);
      await db.execute(sql`insert into proceedings (id, case_id, seq, kind, org_id, state, outcome, received_at, accepted_at, concluded_at, on_time)
        values (${proceedingId}, ${caseId}, 1, ${kind}, ${org}, 'concluded', ${outcome}, '2025-02-01T02:00:00Z', '2025-02-02T02:00:00Z', ${at}, true)`);
      if (outcome === 'settled' || outcome === 'awarded') {
        await db.execute(sql`insert into agreements (id, case_id, proceeding_id, org_id, amount_fen, terms, final, recorded_at)
          values (${`01890000-0000-7000-8000-00000000e00${n}`}, ${caseId}, ${proceedingId}, ${org}, 500, '协议', ${final}, ${at})`);
      }
    }
    // A rollup row the actions had kept (not all of them: the backfill must also add rows it finds missing).
    await db.execute(sql`insert into stat_months (month, org_id, kind, category, concluded, agreed_fen) values ('2025-04-01', ${M}, 'mediation', '*', 2, 500)`);
    await db.execute(sql`insert into stat_years (year, org_id, kind, category, concluded, agreed_fen) values ('2025-01-01', ${M}, 'mediation', '*', 2, 500)`);

    await runMigrations(db0013);

    const migrated = { months: await newCounters('stat_months'), years: await newCounters('stat_years') };
    expect(migrated.months.find((r) => r.period === '2025-04-01' && r.org === M && r.category === '*')).toMatchObject({ ended_by_mediation: 1, final_awards: 0 });
    expect(migrated.months.find((r) => r.period === '2026-01-01' && r.org === C && r.category === 'wages')).toMatchObject({ ended_by_award: 1, final_awards: 1 });
    const [kept] = await queryRows<{ concluded: number; agreed: number }>(
      db,
      sql`select concluded, agreed_fen::float8 as agreed from stat_months where month = '2025-04-01' and org_id = ${M} and kind = 'mediation' and category = '*'`,
    );
    expect(kept).toEqual({ concluded: 2, agreed: 500 });

    await rebuildStatistics(db);
    expect({ months: await newCounters('stat_months'), years: await newCounters('stat_years') }).toEqual(migrated);
  });
});
