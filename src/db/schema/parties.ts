import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases.js';
import { users } from './users.js';

/**
 * SPEC §10: both parties online. The tables of phone codes, the SMS outbox, the employer's
 * representatives invited to a case, service of documents, and the parties' notifications.
 */

export const OTP_PURPOSES = ['register', 'login', 'sign'] as const;
export type OtpPurpose = (typeof OTP_PURPOSES)[number];

/**
 * One-time codes sent to a phone (SPEC §10): stored as a keyed hash, never as the code; a code
 * lives five minutes and allows five tries; `consumedAt` once it has been used.
 */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    phone: text('phone').notNull(),
    purpose: text('purpose', { enum: OTP_PURPOSES }).notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [index('otp_codes_phone_idx').on(t.phone, t.purpose, t.createdAt)],
);

/**
 * Every text message to a person (SPEC §10), an outbox written in the transaction of what caused
 * it and delivered by the sweep through the SMS gateway, exactly once per `idempotencyKey`.
 */
export const smsMessages = pgTable(
  'sms_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    phone: text('phone').notNull(),
    text: text('text').notNull(),
    purpose: text('purpose').notNull(),
    caseId: uuid('case_id').references(() => cases.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
  },
  (t) => [index('sms_messages_pending_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null`)],
);

/**
 * The employer's representatives on a case (SPEC §10 `invite_respondent`): invited by phone with a
 * one-time link (its hash kept), bound to an `employer` account when they accept it, and their
 * stated position (`respond`).
 */
export const caseRespondents = pgTable(
  'case_respondents',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    invitationHash: text('invitation_hash').notNull().unique(),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull(),
    invitedBy: uuid('invited_by').notNull().references(() => users.id),
    userId: uuid('user_id').references(() => users.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    position: text('position'),
    agreesToMediate: boolean('agrees_to_mediate'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
  },
  (t) => [index('case_respondents_case_idx').on(t.caseId), index('case_respondents_user_idx').on(t.userId, t.caseId)],
);

export const SERVICE_CHANNELS = ['sms_link', 'in_person', 'post'] as const;
export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];

/**
 * Service of a document or file on one party (SPEC §10 `serve`), one row per person served. By
 * `sms_link` the row waits with `servedAt` null until the person opens the link (its hash kept).
 */
export const services = pgTable(
  'services',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    /** The event that served it. */
    eventSeq: integer('event_seq').notNull(),
    documentType: text('document_type'),
    fileId: uuid('file_id'),
    fileKind: text('file_kind'),
    title: text('title').notNull(),
    party: text('party', { enum: ['applicant', 'respondent'] }).notNull(),
    applicantIndex: integer('applicant_index'),
    name: text('name').notNull(),
    phone: text('phone'),
    channel: text('channel', { enum: SERVICE_CHANNELS }).notNull(),
    linkHash: text('link_hash').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    servedAt: timestamp('served_at', { withTimezone: true }),
  },
  (t) => [
    index('services_case_idx').on(t.caseId, t.createdAt),
    check('services_what_check', sql`(${t.documentType} is null) <> (${t.fileId} is null)`),
  ],
);

/**
 * What a party is told (SPEC §10): at GET /me/notifications for an account, and by SMS. One row
 * per `key` (an event or a clock threshold, and the person), so nothing is told twice.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull().unique(),
    userId: uuid('user_id').references(() => users.id),
    phone: text('phone'),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    data: jsonb('data').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.id)],
);
