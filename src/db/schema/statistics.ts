import { bigint, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations.js';

/** The counters of SPEC §6 (see STAT_COUNTERS in src/domain/statistics.ts). */
const counterColumns = () => ({
  orgId: uuid('org_id').notNull().references(() => organizations.id),
  kind: text('kind').notNull(),
  category: text('category').notNull(),
  received: integer('received').notNull().default(0),
  accepted: integer('accepted').notNull().default(0),
  declined: integer('declined').notNull().default(0),
  concluded: integer('concluded').notNull().default(0),
  settled: integer('settled').notNull().default(0),
  onTime: integer('on_time').notNull().default(0),
  acceptedConcluded: integer('accepted_concluded').notNull().default(0),
  claimedFen: bigint('claimed_fen', { mode: 'number' }).notNull().default(0),
  agreedFen: bigint('agreed_fen', { mode: 'number' }).notNull().default(0),
  paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
  workers: integer('workers').notNull().default(0),
  prevailedWorker: integer('prevailed_worker').notNull().default(0),
  prevailedEmployer: integer('prevailed_employer').notNull().default(0),
  prevailedPartly: integer('prevailed_partly').notNull().default(0),
  finalAwards: integer('final_awards').notNull().default(0),
  endedByMediation: integer('ended_by_mediation').notNull().default(0),
  endedByArbitralSettlement: integer('ended_by_arbitral_settlement').notNull().default(0),
  endedByAward: integer('ended_by_award').notNull().default(0),
});

/**
 * Monthly rollups of SPEC §6, kept in step with each action in the same transaction. Keyed by
 * the first day of the month, the organisation, the proceeding kind and a dispute category
 * ('*' = all categories).
 */
export const statMonths = pgTable('stat_months', { month: date('month').notNull(), ...counterColumns() }, (t) => [
  primaryKey({ columns: [t.category, t.month, t.orgId, t.kind] }),
  index('stat_months_org_idx').on(t.orgId, t.category, t.month),
]);

/**
 * The same counters per calendar year (keyed by its 1 January), written with the monthly rows:
 * a year's figures or a national view read one row per organisation instead of twelve.
 */
export const statYears = pgTable('stat_years', { year: date('year').notNull(), ...counterColumns() }, (t) => [
  primaryKey({ columns: [t.category, t.year, t.orgId, t.kind] }),
]);

/**
 * Exact histograms of whole days (measure 'resolution': accepted → concluded; 'handoff':
 * referral → accepted) per month and per year (`grain`, with `period` its first day). `counts[d + 1]`
 * is how many took d days (SQL arrays start at 1), so a period's distribution is one row per
 * organisation, kind and category, merged by tiaojie_hist_add (migration 0006).
 */
export const statHistograms = pgTable(
  'stat_histograms',
  {
    grain: text('grain').notNull(),
    period: date('period').notNull(),
    orgId: uuid('org_id').notNull().references(() => organizations.id),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    measure: text('measure').notNull(),
    counts: integer('counts').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.grain, t.category, t.period, t.orgId, t.kind, t.measure] })],
);
