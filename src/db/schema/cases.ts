import { sql } from 'drizzle-orm';
import { bigint, check, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { CASE_KINDS, CASE_OUTCOMES, CASE_STATUSES, CATEGORIES, CHANNELS, PROCEEDING_KINDS, PROCEEDING_STATES } from '../../domain/model.js';
import { organizations } from './organizations.js';
import { users } from './users.js';

/** Who acts for a party (SPEC §10): for an applicant by index, or for all the applicants when absent. */
export interface Representative {
  applicantIndex: number | null;
  kind: 'legal_aid' | 'lawyer' | 'union' | 'procuratorate_support';
  name: string;
  orgId: string | null;
  addedAt: string;
}

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
    /** SPEC §10 `add_representative`: who acts for a party (legal aid, a lawyer, the union, a supporting procuratorate). */
    representatives: jsonb('representatives').$type<Representative[]>().notNull().default([]),
  },
  (t) => [
    index('cases_current_org_idx').on(t.currentOrgId, t.id),
    // A search by a number's beginning is a range of this index (in byte order, whatever the database's collation).
    index('cases_number_prefix_idx').on(sql`${t.number} collate "C"`),
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

/** HMAC-SHA256 values as the database stores them; written and compared through hex in SQL. */
const byteaArray = customType<{ data: string[]; driverData: string[] }>({ dataType: () => 'bytea[]' });

/**
 * What a search finds a case by (src/cases/search.ts), one row per case, written with it: the
 * employer's and the applicants' names, and keys for who may see the case and for its number
 * (search_case_keys). One GIN index holds the names whole, every character and pair of
 * neighbouring characters of each (search_grams), and the keys, so that one lookup finds the
 * names containing a text within a caller's scope. Both functions are in the migration that
 * made this table.
 */
export const caseSearch = pgTable(
  'case_search',
  {
    caseId: uuid('case_id').primaryKey().references(() => cases.id),
    /** The employer's name first, then each applicant's. */
    names: text('names').array().notNull(),
    /** `o:<organisation>`, `r:<region prefix>`, `n:<number prefix>` (search.ts). */
    keys: text('keys').array().notNull(),
  },
  (t) => [index('case_search_gin').using('gin', t.names, sql`search_grams(${t.names})`, t.keys)],
);

/**
 * The keyed hashes of the applicants' phones and ID numbers (src/cases/searchHash.ts), apart from
 * the names so that hashing a case later (the start-up backfill) rewrites no entry of the names'
 * index. Null until hashed: cases written without the key, and every case from before search.
 */
export const caseSearchKeys = pgTable(
  'case_search_keys',
  {
    caseId: uuid('case_id').primaryKey().references(() => cases.id),
    hashes: byteaArray('hashes'),
  },
  (t) => [index('case_search_keys_gin').using('gin', t.hashes), index('case_search_keys_pending_idx').on(t.caseId).where(sql`${t.hashes} is null`)],
);
