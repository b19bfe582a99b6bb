import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../db/client.js';
import { cases, clocks, notices, reminders, smsMessages } from '../db/schema/index.js';
import { CLOCK_RULES, DUE_SOON_WORKING_DAYS } from '../domain/clockRules.js';
import { chinaDate } from '../domain/time.js';
import { loadCalendar } from '../clocks/engine.js';
import { otpSmsDelivered, otpSmsExpired } from '../auth/otp.js';
import type { SmsGateway } from '../sms/gateway.js';
import type { Notifier } from './notifiers.js';
import { recordDueNotifications } from '../notifications/sweep.js';

/**
 * Records the reminders that are due: one per clock and threshold, ever. The unique index on
 * (clock_id, threshold) makes this exactly once however many processes sweep at the same time.
 */
export async function recordDueReminders(db: Database, now: Date): Promise<number> {
  const today = chinaDate(now);
  const cal = await loadCalendar(db);
  const soonLimit = cal.dueSoonLimit(today, DUE_SOON_WORKING_DAYS);
  const inserted = await queryRows<{ id: number }>(
    db,
    sql`insert into ${reminders} (clock_id, threshold, due_on, created_at, next_attempt_at)
        select ${clocks.id}, case when ${clocks.dueOn} < ${today} then 'breached' else 'due_soon' end, ${clocks.dueOn},
               ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from ${clocks}
        where ${clocks.status} = 'running' and ${clocks.dueOn} <= ${soonLimit}
        on conflict (clock_id, threshold) do nothing
        returning id`,
  );
  return inserted.length;
}

/** Backoff for a failed delivery: 1, 2, 4 … minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/**
 * Delivers an outbox's pending rows (reminders, notices, text messages). Each batch is claimed
 * with FOR UPDATE SKIP LOCKED and marked delivered, or given its next attempt, in the same
 * transaction, so two processes never deliver the same row.
 */
async function drainOutbox<Row extends { id: number; attempts: number }>(
  db: Database,
  now: Date,
  batch: number,
  outbox: {
    table: typeof reminders | typeof notices | typeof smsMessages;
    claim: (tx: Tx) => Promise<Row[]>;
    send: (row: Row) => Promise<void>;
    /** What else a delivered row keeps (a text message forgets its code). */
    delivered?: (row: Row) => { text?: string; lastError?: string | null };
  },
): Promise<{ delivered: number; failed: number }> {
  let delivered = 0;
  let failed = 0;
  const { table } = outbox;
  for (;;) {
    const claimed = await db.transaction(async (tx) => {
      const rows = await outbox.claim(tx);
      for (const row of rows) {
        try {
          await outbox.send(row);
          await tx
            .update(table)
            .set({ deliveredAt: now, attempts: row.attempts + 1, lastError: null, ...outbox.delivered?.(row) })
            .where(eq(table.id, row.id));
          delivered++;
        } catch (err) {
          const attempts = row.attempts + 1;
          await tx
            .update(table)
            .set({ attempts, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)), lastError: String((err as Error).message ?? err).slice(0, 500) })
            .where(eq(table.id, row.id));
          failed++;
        }
      }
      return rows.length;
    });
    if (claimed < batch) break;
  }
  return { delivered, failed };
}

/** Delivers pending reminders (see drainOutbox). */
export function deliverReminders(db: Database, notifier: Notifier, now: Date, batch = 50): Promise<{ delivered: number; failed: number }> {
  return drainOutbox(db, now, batch, {
    table: reminders,
    claim: async (tx) =>
      (
        await tx
          .select({ r: reminders, kind: clocks.kind, caseId: clocks.caseId, orgId: clocks.orgId, caseNumber: cases.number })
          .from(reminders)
          .innerJoin(clocks, eq(clocks.id, reminders.clockId))
          .innerJoin(cases, eq(cases.id, clocks.caseId))
          .where(and(isNull(reminders.deliveredAt), lte(reminders.nextAttemptAt, now)))
          .orderBy(asc(reminders.id))
          .limit(batch)
          .for('update', { of: reminders, skipLocked: true })
      ).map((row) => ({ ...row, id: row.r.id, attempts: row.r.attempts })),
    send: (row) =>
      notifier.deliver({
        reminderId: row.r.id,
        threshold: row.r.threshold,
        clockId: row.r.clockId,
        clockKind: row.kind,
        label: CLOCK_RULES[row.kind].label,
        dueOn: row.r.dueOn,
        caseId: row.caseId,
        caseNumber: row.caseNumber,
        orgId: row.orgId,
      }),
  });
}

/** Delivers pending notices (see drainOutbox): `assign` tells the assignee which case is now theirs. */
export async function deliverNotices(db: Database, notifier: Notifier, now: Date, batch = 50): Promise<{ delivered: number; failed: number }> {
  const deliverNotice = notifier.deliverNotice?.bind(notifier);
  if (!deliverNotice) return { delivered: 0, failed: 0 };
  return drainOutbox(db, now, batch, {
    table: notices,
    claim: (tx) =>
      tx
        .select({ id: notices.id, attempts: notices.attempts, kind: notices.kind, userId: notices.userId, caseId: notices.caseId, caseNumber: cases.number, orgId: cases.currentOrgId })
        .from(notices)
        .innerJoin(cases, eq(cases.id, notices.caseId))
        .where(and(isNull(notices.deliveredAt), lte(notices.nextAttemptAt, now)))
        .orderBy(asc(notices.id))
        .limit(batch)
        .for('update', { of: notices, skipLocked: true }),
    send: (row) =>
      deliverNotice({
        noticeId: row.id,
        kind: row.kind,
        userId: row.userId,
        caseId: row.caseId,
        caseNumber: row.caseNumber,
        orgId: row.orgId,
        text: `案件 ${row.caseNumber} 已指派给你承办`,
      }),
  });
}

/**
 * Delivers pending text messages (see drainOutbox) through the SMS gateway, each once per
 * idempotency key. A phone code that expired before it could go out is not sent; a code that
 * went out is blanked from the stored text, so the outbox keeps no usable code.
 */
export function deliverSms(db: Database, gateway: SmsGateway, now: Date, batch = 50): Promise<{ delivered: number; failed: number }> {
  return drainOutbox(db, now, batch, {
    table: smsMessages,
    claim: (tx) =>
      tx
        .select()
        .from(smsMessages)
        .where(and(isNull(smsMessages.deliveredAt), lte(smsMessages.nextAttemptAt, now)))
        .orderBy(asc(smsMessages.id))
        .limit(batch)
        .for('update', { skipLocked: true }),
    send: async (row) => {
      if (otpSmsExpired(row, now)) return;
      await gateway.send({ to: row.phone, text: row.text, purpose: row.purpose, idempotencyKey: row.idempotencyKey });
    },
    delivered: (row) => otpSmsDelivered(row, now),
  });
}

/** One sweep: record what has become due, then deliver (text messages too, given the SMS gateway). */
export async function sweepReminders(db: Database, notifier: Notifier, now: Date, sms?: SmsGateway) {
  const recorded = await recordDueReminders(db, now);
  // The parties' own dates coming due (SPEC §10), queued as notifications and texts before the texts go out.
  const parties = await recordDueNotifications(db, now);
  const result = await deliverReminders(db, notifier, now);
  const told = await deliverNotices(db, notifier, now);
  const texted = sms ? await deliverSms(db, sms, now) : { delivered: 0, failed: 0 };
  return { recorded, parties, ...result, notices: told, sms: texted };
}

/** Runs the sweep every `intervalMs` in this process; safe to run in every process. */
export function startReminderLoop(opts: {
  db: Database;
  notifier: Notifier;
  /** The SMS gateway: the sweep delivers the text messages too (and retries those that failed). */
  sms?: SmsGateway;
  intervalMs: number;
  now: () => Date;
  onError: (err: unknown) => void;
}): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepReminders(opts.db, opts.notifier, opts.now(), opts.sms)
      .catch(opts.onError)
      .finally(() => {
        running = null;
      });
  }, opts.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
