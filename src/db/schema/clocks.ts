import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CLOCK_KINDS, CLOCK_STATUSES } from '../../domain/clockRules.js';
import { cases } from './cases.js';
import { organizations } from './organizations.js';
import { users } from './users.js';

/**
 * SPEC §5: one row per year of the State Council's holiday announcement. Either the official data
 * of the chinese-days package (`official`, source 'chinese-days', no one entered it) or an
 * administrator's entry of the notice (`official` false, with who entered it, when, and the
 * source they named, e.g. 国办发明电〔2025〕7号). Either way the year counts as announced: its
 * clocks are not provisional.
 */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  holidays: text('holidays').array().notNull(),
  makeupWorkdays: text('makeup_workdays').array().notNull(),
  /** The holiday each holiday and make-up working day belongs to, e.g. { "2031-01-23": "春节" }. */
  dayNames: jsonb('day_names').$type<Record<string, string>>().notNull().default({}),
  /** True only for the chinese-days package's data. */
  official: boolean('official').notNull(),
  /** 'chinese-days', or what the administrator named: the notice's title and number. */
  source: text('source').notNull(),
  /** The text the administrator entered (the notice as pasted, or typed dates), kept as given. */
  notice: text('notice'),
  /** Who entered the year (null for the package's data). */
  loadedBy: uuid('loaded_by').references(() => users.id),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A statutory period running on a case (SPEC §5); rules in src/domain/clockRules.ts. */
export const clocks = pgTable(
  'clocks',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    proceedingId: uuid('proceeding_id'),
    agreementId: uuid('agreement_id'),
    kind: text('kind', { enum: CLOCK_KINDS }).notNull(),
    ruleId: text('rule_id').notNull(),
    unit: text('unit').notNull(),
    length: integer('length').notNull(),
    startedOn: date('started_on').notNull(),
    dueOn: date('due_on').notNull(),
    /** running | paused | met | breached; a running clock past its due date is shown breached. */
    status: text('status', { enum: CLOCK_STATUSES }).notNull(),
    pauses: jsonb('pauses').$type<{ from: string; to: string | null }[]>().notNull().default([]),
    pausedDays: integer('paused_days').notNull().default(0),
    extensionDays: integer('extension_days').notNull().default(0),
    extensions: integer('extensions').notNull().default(0),
    stoppedOn: date('stopped_on'),
    calendarYears: integer('calendar_years').array().notNull(),
    provisional: boolean('provisional').notNull(),
    explanation: jsonb('explanation').$type<string[]>().notNull(),
    /** The organisation whose board shows the clock, and its region, for scoping. */
    orgId: uuid('org_id').notNull().references(() => organizations.id),
    regionCode: text('region_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('clocks_case_idx').on(t.caseId),
    // The deadline board: open clocks of an organisation (or a region) in due-date order; paused
    // clocks are few, so status is filtered rather than indexed.
    index('clocks_board_org_idx').on(t.orgId, t.dueOn, t.id).where(sql`${t.status} in ('running', 'paused')`),
    index('clocks_board_region_idx').on(t.regionCode, t.dueOn, t.id).where(sql`${t.status} in ('running', 'paused')`),
    // A province's or the nation's board in due order: walk open clocks by due date, filtering the
    // region in the index, instead of sorting every open clock of the region.
    index('clocks_board_due_idx').on(t.dueOn, t.id, t.regionCode).where(sql`${t.status} in ('running', 'paused')`),
    index('clocks_sweep_idx').on(t.dueOn).where(sql`${t.status} = 'running'`),
  ],
);

/** One reminder per clock and threshold, ever: the unique key is what makes it exactly once. */
export const reminders = pgTable(
  'reminders',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    clockId: uuid('clock_id').notNull().references(() => clocks.id),
    threshold: text('threshold', { enum: ['due_soon', 'breached'] }).notNull(),
    dueOn: date('due_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('reminders_clock_threshold_idx').on(t.clockId, t.threshold),
    index('reminders_pending_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null`),
  ],
);
