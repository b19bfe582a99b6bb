import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { PREVAILED, PROCEEDING_KINDS, PROCEEDING_OUTCOMES, PROCEEDING_STATES } from '../../domain/model.js';
import { cases } from './cases.js';
import { organizations } from './organizations.js';
import { users } from './users.js';

export const proceedings = pgTable(
  'proceedings',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: PROCEEDING_KINDS }).notNull(),
    orgId: uuid('org_id').notNull().references(() => organizations.id),
    state: text('state', { enum: PROCEEDING_STATES }).notNull(),
    outcome: text('outcome', { enum: PROCEEDING_OUTCOMES }),
    paused: boolean('paused').notNull().default(false),
    extensionCount: integer('extension_count').notNull().default(0),
    extendedDays: integer('extended_days').notNull().default(0),
    assignedUserId: uuid('assigned_user_id').references(() => users.id),
    referredFromOrgId: uuid('referred_from_org_id').references(() => organizations.id),
    referralReason: text('referral_reason'),
    declineReason: text('decline_reason'),
    conclusionReason: text('conclusion_reason'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    concludedAt: timestamp('concluded_at', { withTimezone: true }),
    /** At conclusion: whether none of the proceeding's statutory clocks was breached (SPEC §6 onTimeRate). */
    onTime: boolean('on_time'),
    /** At conclusion, when staff say it: who prevailed (SPEC §12, the ministry's 处理结果). */
    prevailed: text('prevailed', { enum: PREVAILED }),
  },
  (t) => [
    uniqueIndex('proceedings_case_seq_idx').on(t.caseId, t.seq),
    // SPEC §3: at most one proceeding of a case is open at a time, enforced by the database too.
    uniqueIndex('proceedings_one_open_idx').on(t.caseId).where(sql`${t.state} in ('received', 'accepted')`),
    index('proceedings_org_idx').on(t.orgId, t.state),
    // A staff member's own open cases (GET /cases?assignedTo=): the workbench's 指派给我的.
    index('proceedings_assigned_open_idx').on(t.assignedUserId).where(sql`${t.state} in ('received', 'accepted')`),
    // Statistics over partial months read proceedings by the day they were received, accepted or concluded.
    index('proceedings_received_idx').on(t.receivedAt),
    index('proceedings_accepted_idx').on(t.acceptedAt),
    index('proceedings_concluded_idx').on(t.concludedAt),
    check(
      'proceedings_outcome_check',
      sql`(${t.state} = 'concluded') = (${t.outcome} is not null)`,
    ),
    check('proceedings_paused_check', sql`not ${t.paused} or ${t.state} = 'accepted'`),
    check('proceedings_prevailed_check', sql`${t.prevailed} is null or ${t.state} = 'concluded'`),
  ],
);

export const hearings = pgTable(
  'hearings',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    proceedingId: uuid('proceeding_id').notNull().references(() => proceedings.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    place: text('place').notNull(),
  },
  (t) => [index('hearings_case_idx').on(t.caseId)],
);
