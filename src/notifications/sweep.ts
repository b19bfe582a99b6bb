/**
 * Each party's own dates coming due (SPEC §10: "their own dates coming due — the last day to apply
 * for arbitration, the appeal window, an instalment"), recorded by the reminders' sweep as
 * notifications and text messages, once per clock, threshold, due date and person, however many
 * processes sweep at once: the notification's unique key, and the text message inserted only
 * with a notification that this statement inserted.
 *
 * | clock | threshold | told |
 * |---|---|---|
 * | `limitation` (调解仲裁法 art. 27) | due soon | the applicants |
 * | `appeal_window` (arts. 48, 50) | due soon | the applicants; the employer too when the award is not final (art. 50) |
 * | `vacate_window` (art. 49) | due soon | the employer's representatives: the application to vacate a final award is theirs |
 * | `performance` (the agreement) | due soon | the applicants, and the employer's representatives who are to pay |
 * | `performance` | breached (within MISSED_INSTALMENT_DAYS) | the applicants, with what they may do next (SPEC §3) |
 *
 * Due soon is SPEC §5's: running, with at most DUE_SOON_WORKING_DAYS working days left, on the
 * calendar, as the staff's reminders count it (src/reminders/service.ts). A period that has run
 * out is not announced to the parties (staff are reminded of it), except an instalment: a missed
 * one is when the worker may act.
 */
import { sql } from 'drizzle-orm';
import { loadCalendar } from '../clocks/engine.js';
import { queryRows, type Database } from '../db/client.js';
import { DUE_SOON_WORKING_DAYS } from '../domain/clockRules.js';
import type { ProceedingKind } from '../domain/model.js';
import { chinaDate } from '../domain/time.js';
import { NOTIFICATION_SMS_PURPOSE, NotificationBatch, type NotificationKind } from './rules.js';
import {
  appealWording,
  instalmentDueWording,
  instalmentMissedWording,
  limitationWording,
  vacateWording,
  type NextStep,
  type Party,
  type Wording,
} from './texts.js';

/**
 * How long after its day a missed instalment is still announced: a sweep that did not run for
 * longer (or a deployment meeting old defaults) does not tell a worker of a payment missed months
 * ago, and the sweep reads a bounded range of due dates.
 */
export const MISSED_INSTALMENT_DAYS = 30;

/** The clocks whose dates are a party's own. */
export const PARTY_CLOCK_KINDS = ['limitation', 'appeal_window', 'vacate_window', 'performance'] as const;

const LDMA = 'labourDisputeMediationArbitration';

/**
 * What a worker may do when an instalment is missed (SPEC §3), after where the agreement was
 * reached: a mediation agreement leads to arbitration (调解仲裁法 art. 15) or, for wages and the
 * like, a payment order (art. 16); an agreement a court confirmed, an award or arbitral
 * settlement, or a judgement is enforced by a court.
 */
export function stepsAfterMissedInstalment(a: { proceedingKind: ProceedingKind | null; confirmed: boolean }): NextStep[] {
  if (a.confirmed) {
    return [{ step: '向人民法院申请强制执行', basis: [{ law: 'peoplesMediation', article: 33, paragraph: 2 }, { law: 'civilProcedure', article: 247 }] }];
  }
  switch (a.proceedingKind) {
    case 'mediation':
      return [
        { step: '申请劳动争议仲裁', basis: [{ law: LDMA, article: 15 }] },
        { step: '就拖欠的劳动报酬、工伤医疗费、经济补偿或赔偿金向人民法院申请支付令', basis: [{ law: LDMA, article: 16 }] },
      ];
    case 'arbitration':
      return [{ step: '向人民法院申请强制执行', basis: [{ law: LDMA, article: 51 }] }];
    default:
      return [{ step: '向人民法院申请强制执行', basis: [{ law: 'civilProcedure', article: 247 }] }];
  }
}

/** One person to tell of one clock's threshold, as the sweep reads it. */
export interface DueRow {
  clock_id: string;
  kind: (typeof PARTY_CLOCK_KINDS)[number];
  due_on: string;
  threshold: 'due_soon' | 'breached';
  case_id: string;
  number: string;
  party: Party;
  user_id: string | null;
  phone: string | null;
  ref: string;
  instalment_seq: number | null;
  instalment_fen: string | null;
  /** How many applicants the case has: an instalment of a collective case is everyone's together. */
  applicants: number;
  agreement_kind: ProceedingKind | null;
  confirmed: boolean | null;
  final: boolean | null;
}

/** The key of a date's notification: the clock, the threshold, the due date (an instalment's own) and the person. */
export const clockKeyPrefix = (r: Pick<DueRow, 'clock_id' | 'threshold' | 'due_on'>) => `clock:${r.clock_id}:${r.threshold}:${r.due_on}`;

/** What a due row tells its person: the words, and the notification's kind. Pure. */
export function dueWording(r: DueRow): { kind: NotificationKind; words: Wording } {
  const number = r.number;
  const instalment = { seq: r.instalment_seq, amountFen: r.instalment_fen === null ? null : Number(r.instalment_fen), shared: r.applicants > 1 };
  switch (r.kind) {
    case 'limitation':
      return { kind: 'date_due_soon', words: limitationWording({ number, dueOn: r.due_on }) };
    case 'appeal_window':
      return { kind: 'date_due_soon', words: appealWording({ number, dueOn: r.due_on, final: r.final === true, party: r.party }) };
    case 'vacate_window':
      return { kind: 'date_due_soon', words: vacateWording({ number, dueOn: r.due_on }) };
    case 'performance':
      if (r.threshold === 'breached') {
        const steps = stepsAfterMissedInstalment({ proceedingKind: r.agreement_kind, confirmed: r.confirmed === true });
        return { kind: 'instalment_missed', words: instalmentMissedWording({ number, dueOn: r.due_on, instalment, steps }) };
      }
      return { kind: 'date_due_soon', words: instalmentDueWording({ number, dueOn: r.due_on, instalment, party: r.party }) };
  }
}

/**
 * The people still to be told of a threshold, a batch at a time: running party clocks due by
 * `soonLimit` (a missed instalment: already past), each with the parties it concerns, less those
 * whose notification exists. The clocks come through the sweep's partial index on due dates.
 */
function dueRows(db: Database, today: string, soonLimit: string, batch: number): Promise<DueRow[]> {
  const missedSince = new Date(Date.parse(`${today}T00:00:00Z`) - MISSED_INSTALMENT_DAYS * 86_400_000).toISOString().slice(0, 10);
  return queryRows<DueRow>(
    db,
    sql`select k.id as clock_id, k.kind, to_char(k.due_on, 'YYYY-MM-DD') as due_on, th.threshold, k.case_id, c.number, c.applicant_count as applicants,
               t.party, t.user_id, t.phone, t.ref, i.seq as instalment_seq, i.amount_fen::text as instalment_fen,
               ap.kind as agreement_kind, a.confirmed_at is not null as confirmed, na.final
        from clocks k
        join cases c on c.id = k.case_id
        cross join lateral (select case when k.due_on < ${today}::date then 'breached' else 'due_soon' end as threshold) th
        left join agreements a on a.id = k.agreement_id
        left join proceedings ap on ap.id = a.proceeding_id
        left join lateral (select x.seq, x.amount_fen from instalments x where x.agreement_id = k.agreement_id and x.due_on = k.due_on order by x.seq limit 1) i on true
        left join lateral (select x.final from agreements x where x.case_id = k.case_id order by x.recorded_at desc, x.id desc limit 1) na on true
        cross join lateral (
          select 'applicant' as party, p.user_id, p.phone, 'a:' || p.id as ref, p.position as ord
          from applicants p
          where p.case_id = k.case_id and k.kind in ('limitation', 'appeal_window', 'performance')
          union all
          select 'respondent', r.user_id, r.phone, 'r:' || r.id, 0
          from case_respondents r
          where r.case_id = k.case_id
            and (k.kind = 'vacate_window'
                 or (k.kind = 'appeal_window' and na.final is not true)
                 or (k.kind = 'performance' and th.threshold = 'due_soon'))
        ) t
        where k.status = 'running'
          and k.kind in ('limitation', 'appeal_window', 'vacate_window', 'performance')
          and k.due_on <= ${soonLimit}::date and k.due_on >= ${missedSince}::date
          and (k.due_on >= ${today}::date or k.kind = 'performance')
          and (t.user_id is not null or t.phone is not null)
          and not exists (
            select 1 from notifications n
            where n.key = 'clock:' || k.id || ':' || th.threshold || ':' || to_char(k.due_on, 'YYYY-MM-DD') || ':'
                          || case when t.user_id is not null then 'u:' || t.user_id else t.ref end)
        order by k.id, t.party, t.ord
        limit ${batch}`,
  );
}

/**
 * Writes notifications and their text messages in one statement: the text messages only for the
 * notifications it inserted, so a sweep that lost the race for a key sends nothing for it.
 */
export async function insertNotifications(db: Database, batch: NotificationBatch, now: Date): Promise<{ notified: number; texted: number }> {
  if (!batch.notifications.length) return { notified: 0, texted: 0 };
  const notes = batch.notifications.map((n) => ({ key: n.key, user_id: n.userId ?? null, phone: n.phone ?? null, case_id: n.caseId, kind: n.kind, text: n.text, data: n.data ?? {} }));
  const texts = batch.sms.map((s) => ({ key: s.idempotencyKey, phone: s.phone, text: s.text }));
  const at = now.toISOString();
  const [row] = await queryRows<{ notified: number; texted: number }>(
    db,
    sql`with n_in as (
          select * from json_to_recordset(${JSON.stringify(notes)}::json)
            as x(key text, user_id uuid, phone text, case_id uuid, kind text, text text, data jsonb)
        ), s_in as (
          select * from json_to_recordset(${JSON.stringify(texts)}::json) as x(key text, phone text, text text)
        ), told as (
          insert into notifications (key, user_id, phone, case_id, kind, text, data, created_at)
          select key, user_id, phone, case_id, kind, text, data, ${at}::timestamptz from n_in
          on conflict (key) do nothing
          returning key, case_id
        ), sent as (
          insert into sms_messages (idempotency_key, phone, text, purpose, case_id, created_at, next_attempt_at)
          select s.key, s.phone, s.text, ${NOTIFICATION_SMS_PURPOSE}, t.case_id, ${at}::timestamptz, ${at}::timestamptz
          from s_in s join told t on t.key = s.key
          on conflict (idempotency_key) do nothing
          returning 1
        )
        select (select count(*) from told)::int as notified, (select count(*) from sent)::int as texted`,
  );
  return { notified: Number(row?.notified ?? 0), texted: Number(row?.texted ?? 0) };
}

/**
 * Records the notifications of the parties' dates that have come due (see the table above);
 * returns how many notifications and text messages this call wrote. Safe to run in every process.
 */
export async function recordDueNotifications(db: Database, now: Date, opts: { batch?: number } = {}): Promise<{ notified: number; texted: number }> {
  const batchSize = opts.batch ?? 500;
  const today = chinaDate(now);
  const cal = await loadCalendar(db);
  const soonLimit = cal.dueSoonLimit(today, DUE_SOON_WORKING_DAYS);
  let notified = 0;
  let texted = 0;
  for (;;) {
    const rows = await dueRows(db, today, soonLimit, batchSize);
    const batch = new NotificationBatch(now);
    let subject = '';
    for (const r of rows) {
      const prefix = clockKeyPrefix(r);
      if (prefix !== subject) {
        batch.nextSubject();
        subject = prefix;
      }
      const { kind, words } = dueWording(r);
      const data = { clockId: r.clock_id, clockKind: r.kind, threshold: r.threshold, dueOn: r.due_on };
      batch.tell(r.case_id, prefix, { party: r.party, userId: r.user_id, phone: r.phone, ref: r.ref }, kind, words, data);
    }
    const done = await insertNotifications(db, batch, now);
    notified += done.notified;
    texted += done.texted;
    // A full batch may have more behind it (the ones just written are no longer read); one that
    // wrote nothing was written by another process meanwhile, which will carry on with the rest.
    if (rows.length < batchSize || done.notified === 0) break;
  }
  return { notified, texted };
}
