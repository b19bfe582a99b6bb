/**
 * Phone codes (SPEC §10 "Phone verification"): a 6-digit code sent by SMS to prove that a person
 * holds a phone, to register, to sign in, or to sign an agreement.
 *
 * A code is stored only as an HMAC-SHA256 under a key derived from the configuration
 * (config.OTP_HASH_KEY), so the table alone does not give the code away (a plain hash of six
 * digits would be reversed in a blink). It lives five minutes and allows five tries; a phone gets
 * at most one code a minute for each purpose and ten a day.
 *
 * Using a code is two steps, so that an action that fails leaves the code usable:
 *   1. `checkOtp(db, …)` before the action's transaction: a wrong code counts a try, committed
 *      even though the request then fails (so it must run on the database, not in a transaction
 *      that the failure rolls back);
 *   2. `consumeOtp(tx, id, now)` inside the action's transaction: false when another request
 *      used the code first.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client.js';
import { otpCodes, smsMessages, type OtpPurpose } from '../db/schema/index.js';
import { AppError, fieldProblem, rateLimited } from '../http/errors.js';
import { smsRow } from '../sms/outbox.js';

export { OTP_PURPOSES, type OtpPurpose } from '../db/schema/index.js';

/** How long a code may be used (SPEC §10: five minutes). */
export const OTP_TTL_MS = 5 * 60_000;
/** Tries a code allows (SPEC §10). */
export const OTP_MAX_TRIES = 5;
/** One code a minute per phone and purpose (SPEC §10). */
export const OTP_RESEND_MS = 60_000;
/** Ten codes a day per phone, all purposes together (SPEC §10), over the last 24 hours. */
export const OTP_DAILY_MAX = 10;
export const OTP_DAY_MS = 24 * 60 * 60_000;

/** What the code is for, as the text says it. */
const PURPOSE_WORDS: Record<OtpPurpose, string> = { register: '注册', login: '登录', sign: '签署调解协议' };

/** The SMS outbox's `purpose` of a code's text (the gateway receives it too). */
export const otpSmsPurpose = (purpose: OtpPurpose) => `otp:${purpose}`;
const isOtpSms = (row: { purpose: string }) => row.purpose.startsWith('otp:');

/** A code's text still waiting when the code has expired: sending it would only confuse. */
export function otpSmsExpired(row: { purpose: string; createdAt: Date }, now: Date): boolean {
  return isOtpSms(row) && row.createdAt.getTime() + OTP_TTL_MS <= now.getTime();
}

/**
 * What the outbox keeps of a code's text once it is done with it: the text with the code blanked
 * (it is the only 6-digit number in it), so the outbox holds no usable code; and why it was not
 * sent, when it expired first.
 */
export function otpSmsDelivered(row: { purpose: string; text: string; createdAt: Date }, now: Date): { text?: string; lastError?: string } {
  if (!isOtpSms(row)) return {};
  const text = row.text.replace(/(?<!\d)\d{6}(?!\d)/g, '******');
  return otpSmsExpired(row, now) ? { text, lastError: 'not sent: the code expired before it could go out' } : { text };
}

/**
 * The text of a code: plain Chinese, one SMS segment (at most 70 characters), and the code the
 * only 6-digit number in it.
 */
export function otpText(code: string, purpose: OtpPurpose): string {
  return `【调解】您的验证码为${code}，用于${PURPOSE_WORDS[purpose]}，5分钟内有效。请勿告诉他人。`;
}

/** A fresh code: six digits from the system's secure random source, leading zeros kept. */
export function newOtpCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The stored form: an HMAC over the phone, the purpose and the code, so a hash serves one phone and purpose only. */
export function hashOtp(key: string, m: { phone: string; purpose: OtpPurpose; code: string }): string {
  return createHmac('sha256', key).update(`${m.phone}\n${m.purpose}\n${m.code}`).digest('hex');
}

/** A 429 that says when to try again (the route puts it in Retry-After). */
export class RetryLater extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', 'too many codes asked for this phone; try again later', { retryAfterSeconds });
    this.name = 'RetryLater';
  }
}

export interface IssueOtpInput {
  phone: string;
  purpose: OtpPurpose;
  now: Date;
  /** config.OTP_HASH_KEY */
  key: string;
  /**
   * Whether to text the code. Signing in by code with a phone that has no account records a code
   * all the same (the limits and the answer are the same) but sends nothing.
   */
  send: boolean;
}

/**
 * Records a new code for a phone and purpose and queues its text, in one transaction; earlier
 * codes for the same phone and purpose stop working. 429 (RetryLater) within a minute of the
 * last code for this purpose, or after ten codes to this phone in 24 hours. Returns the code:
 * for the caller's tests and tools only, never for an answer or a log.
 */
export async function issueOtp(db: Database, input: IssueOtpInput): Promise<{ id: number; code: string; expiresAt: Date }> {
  const { phone, purpose, now } = input;
  const code = newOtpCode();
  const expiresAt = new Date(now.getTime() + OTP_TTL_MS);
  const id = await db.transaction(async (tx) => {
    // Two requests for one phone at once take turns, so neither slips past the limits.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`tiaojie otp ${phone}`}, 0))`);
    const [last] = await tx
      .select({ createdAt: otpCodes.createdAt })
      .from(otpCodes)
      .where(and(eq(otpCodes.phone, phone), eq(otpCodes.purpose, purpose), gt(otpCodes.createdAt, new Date(now.getTime() - OTP_RESEND_MS))))
      .orderBy(desc(otpCodes.createdAt))
      .limit(1);
    if (last) throw new RetryLater(secondsUntil(last.createdAt.getTime() + OTP_RESEND_MS, now));
    const today = await tx
      .select({ createdAt: otpCodes.createdAt })
      .from(otpCodes)
      .where(and(eq(otpCodes.phone, phone), gt(otpCodes.createdAt, new Date(now.getTime() - OTP_DAY_MS))))
      .orderBy(desc(otpCodes.createdAt))
      .limit(OTP_DAILY_MAX);
    if (today.length >= OTP_DAILY_MAX) throw new RetryLater(secondsUntil(today[OTP_DAILY_MAX - 1].createdAt.getTime() + OTP_DAY_MS, now));

    await tx
      .update(otpCodes)
      .set({ expiresAt: now })
      .where(and(eq(otpCodes.phone, phone), eq(otpCodes.purpose, purpose), isNull(otpCodes.consumedAt), gt(otpCodes.expiresAt, now)));
    const [row] = await tx
      .insert(otpCodes)
      .values({ phone, purpose, codeHash: hashOtp(input.key, { phone, purpose, code }), createdAt: now, expiresAt })
      .returning({ id: otpCodes.id });
    if (input.send) {
      await tx
        .insert(smsMessages)
        .values(smsRow({ key: `otp:${row.id}`, phone, text: otpText(code, purpose), purpose: otpSmsPurpose(purpose), now }))
        .onConflictDoNothing({ target: smsMessages.idempotencyKey });
    }
    return row.id;
  });
  return { id, code, expiresAt };
}

function secondsUntil(ms: number, now: Date): number {
  return Math.max(1, Math.ceil((ms - now.getTime()) / 1000));
}

export interface CheckOtpInput {
  phone: string;
  purpose: OtpPurpose;
  code: string;
  now: Date;
  /** config.OTP_HASH_KEY */
  key: string;
}

/**
 * Checks a code against the newest code sent to the phone for the purpose; does not use
 * it up (consumeOtp does, in the transaction of what it authorises). Runs on the database, not
 * in a transaction: a wrong code's try must stay counted when the request fails.
 *
 * 400 VALIDATION_FAILED naming `body.code` when there is no code, it has expired or it is wrong
 * (the try counted); 429 RATE_LIMITED once its five tries are spent.
 */
export async function checkOtp(db: Database, input: CheckOtpInput): Promise<{ id: number }> {
  const { phone, purpose, now } = input;
  const [row] = await db
    .select()
    .from(otpCodes)
    .where(and(eq(otpCodes.phone, phone), eq(otpCodes.purpose, purpose)))
    .orderBy(desc(otpCodes.createdAt), desc(otpCodes.id))
    .limit(1);
  if (!row) throw fieldProblem('body.code', 'matches no code sent to this phone; ask for one first');
  // A new code ends the earlier ones (issueOtp), so the newest is the only one that may still work.
  if (row.consumedAt) throw otpAlreadyUsed();
  if (row.expiresAt.getTime() <= now.getTime()) throw fieldProblem('body.code', 'has expired; ask for a new one');
  // The try is taken before the comparison, so that many guesses sent at once still get five.
  const [taken] = await db
    .update(otpCodes)
    .set({ attempts: sql`${otpCodes.attempts} + 1` })
    .where(and(eq(otpCodes.id, row.id), sql`${otpCodes.attempts} < ${OTP_MAX_TRIES}`))
    .returning({ attempts: otpCodes.attempts });
  if (!taken) throw rateLimited();
  const expected = Buffer.from(row.codeHash, 'hex');
  const given = Buffer.from(hashOtp(input.key, { phone, purpose, code: input.code }), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw fieldProblem('body.code', `is wrong${taken.attempts >= OTP_MAX_TRIES ? '; no tries are left, ask for a new one' : ''}`);
  }
  // The right code is no wrong try: give it back, so an action that fails may be tried again with it.
  await db.update(otpCodes).set({ attempts: sql`greatest(${otpCodes.attempts} - 1, 0)` }).where(eq(otpCodes.id, row.id));
  return { id: row.id };
}

/**
 * Uses up a checked code, inside the transaction of what it authorises (so a failed action
 * leaves it usable). False when another request used it first: refuse the action then.
 */
export async function consumeOtp(tx: Queryable, id: number, now: Date): Promise<boolean> {
  const used = await tx
    .update(otpCodes)
    .set({ consumedAt: now })
    .where(and(eq(otpCodes.id, id), isNull(otpCodes.consumedAt)))
    .returning({ id: otpCodes.id });
  return used.length > 0;
}

/** The answer for a code used up between its check and its use. */
export const otpAlreadyUsed = () => fieldProblem('body.code', 'has already been used; ask for a new one');
