import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { AGREEMENT_STATUSES } from '../../domain/model.js';
import type { Signature } from '../../domain/signatures.js';
import { cases } from './cases.js';
import { organizations } from './organizations.js';
import { proceedings } from './proceedings.js';

/** A signature on an agreement: a party (an applicant by index, or the respondent), by phone code or on paper. */
export type AgreementSignature = Signature;

/** What the respondent owes after a settlement, award or judgement; the newest one is current. */
export const agreements = pgTable(
  'agreements',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    proceedingId: uuid('proceeding_id').notNull().references(() => proceedings.id),
    orgId: uuid('org_id').notNull().references(() => organizations.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    terms: text('terms').notNull(),
    /** Awards only: 一裁终局 (劳动争议调解仲裁法 art. 47). */
    final: boolean('final'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedByOrgId: uuid('confirmed_by_org_id').references(() => organizations.id),
    status: text('status', { enum: AGREEMENT_STATUSES }).notNull().default('pending'),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
    defaultReason: text('default_reason'),
    defaultedAt: timestamp('defaulted_at', { withTimezone: true }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    /** SPEC §10: each worker's share in a collective case, summing to amountFen; null when not split. */
    perApplicant: jsonb('per_applicant').$type<{ applicantIndex: number; amountFen: number }[]>(),
    /** SPEC §10: who has signed a settlement, in order (人民调解法 art. 29). */
    signatures: jsonb('signatures').$type<AgreementSignature[]>().notNull().default([]),
  },
  (t) => [
    index('agreements_case_idx').on(t.caseId, t.recordedAt),
    // Statistics of a partial month count agreements and payments by date (src/stats/service.ts).
    index('agreements_recorded_idx').on(t.recordedAt),
    check('agreements_amount_check', sql`${t.amountFen} >= 0 and ${t.paidFen} >= 0`),
  ],
);

export const instalments = pgTable(
  'instalments',
  {
    agreementId: uuid('agreement_id').notNull().references(() => agreements.id),
    seq: integer('seq').notNull(),
    dueOn: date('due_on').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.agreementId, t.seq] }), check('instalments_amount_check', sql`${t.amountFen} > 0`)],
);

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    agreementId: uuid('agreement_id').notNull().references(() => agreements.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    /** SPEC §10: the worker paid, in a collective case split per worker. */
    applicantIndex: integer('applicant_index'),
  },
  (t) => [index('payments_case_idx').on(t.caseId), index('payments_paid_idx').on(t.paidAt), check('payments_amount_check', sql`${t.amountFen} > 0`)],
);
