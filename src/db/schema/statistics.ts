import { bigint, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations.js';

/**
 * Monthly rollups of SPEC §6, kept in step with each action in the same transaction. Keyed by
 * the first day of the month, the organisation, the proceeding kind and a dispute category
 * ('*' = all categories).
 */
export const statMonths = pgTable(
  'stat_months',
  {
    month: date('month').notNull(),
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
  },
  (t) => [primaryKey({ columns: [t.category, t.month, t.orgId, t.kind] }), index('stat_months_org_idx').on(t.orgId, t.category, t.month)],
);

/** Exact histograms of whole days (resolution: accepted → concluded; handoff: referral → accepted). */
export const statDurations = pgTable(
  'stat_durations',
  {
    month: date('month').notNull(),
    orgId: uuid('org_id').notNull().references(() => organizations.id),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    measure: text('measure').notNull(),
    days: integer('days').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.measure, t.category, t.month, t.orgId, t.kind, t.days] })],
);
