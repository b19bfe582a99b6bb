import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases.js';
import { organizations } from './organizations.js';
import { users } from './users.js';

/**
 * The case timeline. Append-only: a trigger in the migrations refuses UPDATE, DELETE and
 * TRUNCATE. Each event carries the hash of its predecessor, so tampering is detectable.
 */
export const events = pgTable(
  'events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorOrgId: uuid('actor_org_id').references(() => organizations.id),
    proceedingId: uuid('proceeding_id'),
    internal: boolean('internal').notNull().default(false),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('events_case_seq_idx').on(t.caseId, t.seq), index('events_occurred_idx').on(t.occurredAt)],
);
