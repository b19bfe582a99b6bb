/**
 * The SMS outbox (SPEC §10): every text to a person is a row of `sms_messages`, written in the
 * transaction of what caused it (a case action, a phone code, a notification) and delivered by
 * the sweep through the gateway, once per idempotency key.
 */
import type { smsMessages } from '../db/schema/index.js';

export type SmsRow = typeof smsMessages.$inferInsert;

/** A message to queue: `key` makes it once only (the same key twice is one message). */
export function smsRow(m: { key: string; phone: string; text: string; purpose: string; caseId?: string | null; now: Date }): SmsRow {
  return { idempotencyKey: m.key, phone: m.phone, text: m.text, purpose: m.purpose, caseId: m.caseId ?? null, createdAt: m.now, nextAttemptAt: m.now };
}
