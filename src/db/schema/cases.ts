import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { CASE_KINDS, CASE_OUTCOMES, CASE_STATUSES, CATEGORIES, CHANNELS, PROCEEDING_KINDS, PROCEEDING_STATES } from '../../domain/model.js';
import { organizations } from './organizations.js';
import { users } from './users.js';

export const cases = pgTable(
  'cases',
  {
    /** UUIDv7: time-ordered, so "newest first" is index order. */
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    orgId: uuid('org_id').notNull().references(() => organizations.id),
    kind: text('kind', { enum: CASE_KINDS }).notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('open'),
    outcome: text('outcome', { enum: CASE_OUTCOMES }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    categories: text('categories').array().notNull(),
    summary: text('summary').notNull(),
    incidentDate: date('incident_date').notNull(),
    employmentEndedOn: date('employment_ended_on'),
    respondentName: text('respondent_name').notNull(),
    respondentCreditCode: text('respondent_credit_code'),
    respondentContact: text('respondent_contact'),
    respondentAddress: text('respondent_address'),
    filedBy: uuid('filed_by').notNull().references(() => users.id),
    version: integer('version').notNull().default(1),
    /** Denormalised from the newest proceeding, for lists and filters. */
    currentOrgId: uuid('current_org_id').notNull().references(() => organizations.id),
    currentState: text('current_state', { enum: PROCEEDING_STATES }).notNull(),
    currentKind: text('current_kind', { enum: PROCEEDING_KINDS }).notNull(),
    claimedFen: bigint('claimed_fen', { mode: 'number' }).notNull(),
    applicantCount: integer('applicant_count').notNull(),
    /** When the newest event happened: back-dated acts may not precede it. */
    lastOccurredAt: timestamp('last_occurred_at', { withTimezone: true }).notNull(),
    /** Head of the event hash chain, so appending needs no extra read. */
    eventCount: integer('event_count').notNull().default(0),
    lastEventHash: text('last_event_hash').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('cases_current_org_idx').on(t.currentOrgId, t.id),
    // An employer's open cases, for possible duplicate claims at filing (SPEC §12): small, as only open cases are in them.
    index('cases_open_respondent_code_idx').on(t.respondentCreditCode).where(sql`${t.status} = 'open'`),
    index('cases_open_respondent_name_idx').on(t.respondentName).where(sql`${t.status} = 'open'`),
    check('cases_closed_check', sql`(${t.status} = 'closed') = (${t.outcome} is not null)`),
    check('cases_categories_check', sql`${t.categories} <@ array[${sql.raw(CATEGORIES.map((c) => `'${c}'`).join(','))}]::text[]`),
  ],
);

/** Every organisation that has had a proceeding of a case: the basis of staff and supervisor visibility. */
export const caseOrgs = pgTable(
  'case_orgs',
  {
    caseId: uuid('case_id').notNull().references(() => cases.id),
    orgId: uuid('org_id').notNull().references(() => organizations.id),
    regionCode: text('region_code').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.caseId] }),
    // With the region, a supervisor's "is this case in my region" check is answered from the index.
    index('case_orgs_case_idx').on(t.caseId, t.regionCode),
    index('case_orgs_region_idx').on(t.regionCode, t.caseId),
  ],
);

export const applicants = pgTable(
  'applicants',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    idNumber: text('id_number'),
    phone: text('phone'),
    /** The worker's account, when the applicant has one (online filing). */
    userId: uuid('user_id').references(() => users.id),
  },
  (t) => [index('applicants_case_idx').on(t.caseId, t.position), index('applicants_user_idx').on(t.userId)],
);

export const claims = pgTable(
  'claims',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    applicantId: uuid('applicant_id').notNull().references(() => applicants.id),
    category: text('category', { enum: CATEGORIES }).notNull(),
    description: text('description').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  },
  (t) => [index('claims_case_idx').on(t.caseId), check('claims_amount_check', sql`${t.amountFen} >= 0`)],
);

/** Case numbers are sequential per organisation and year: this row is locked while one is taken. */
export const caseCounters = pgTable(
  'case_counters',
  {
    orgId: uuid('org_id').notNull().references(() => organizations.id),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.year] })],
);
