import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { DUPLICATE_REASONS } from '../../domain/model.js';
import { cases } from './cases.js';
import { users } from './users.js';

/**
 * Possible duplicate claims (SPEC §12): a filing that names a worker (ID number or phone) who
 * already has an open case against the same employer (credit code, or the same name). The filing
 * is accepted all the same; both cases show the other to their staff until one of them says it is
 * not a duplicate. One row per pair: `caseId` is the later filing, `otherCaseId` the open case it
 * resembled. The open cases are found through the partial indexes on cases.respondent_credit_code
 * and cases.respondent_name (open cases only, so they stay small).
 */
export const caseDuplicates = pgTable(
  'case_duplicates',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    otherCaseId: uuid('other_case_id').notNull().references(() => cases.id),
    /** What the two filings share besides the employer: the worker's ID number, or only a phone. */
    reason: text('reason', { enum: DUPLICATE_REASONS }).notNull(),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull(),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
    dismissedBy: uuid('dismissed_by').references(() => users.id),
  },
  (t) => [uniqueIndex('case_duplicates_pair_idx').on(t.caseId, t.otherCaseId), index('case_duplicates_other_idx').on(t.otherCaseId)],
);
