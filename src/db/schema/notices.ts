import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases.js';
import { users } from './users.js';

/**
 * Notices to a person that an action on a case caused (issue 19: `assign` tells the assignee), an
 * outbox written in the same transaction as the event that caused it and delivered by the
 * reminders' sweep through the same notifier, exactly once: one row per case event and recipient
 * (the unique index), claimed with FOR UPDATE SKIP LOCKED, marked delivered in the claiming
 * transaction.
 */
export const notices = pgTable(
  'notices',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: uuid('user_id').notNull().references(() => users.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind', { enum: ['assigned'] }).notNull(),
    /** The case event that caused it. */
    eventSeq: integer('event_seq').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('notices_event_user_idx').on(t.caseId, t.eventSeq, t.userId),
    index('notices_pending_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null`),
  ],
);
