/**
 * Who is told of a case event, and what (SPEC §10 notifications): pure, from the change an action
 * makes (src/cases/decide.ts CaseChange) to the rows written with its event in the same
 * transaction, a notification per person (at GET /me/notifications when they have an account)
 * and a text message per phone (the SMS outbox, src/sms/outbox.ts).
 *
 * Each row's key is `event:<caseId>:<seq>:<recipient>`, the recipient being `u:<userId>` for a
 * person with an account and `a:<applicant id>` / `r:<representative id>` otherwise (never a phone); the text message has the same key, and both
 * are inserted with `on conflict do nothing`, so one event tells one person once, whatever retries.
 *
 * | event | told |
 * |---|---|
 * | `accept` | the applicants and the employer's representatives |
 * | `decline` | the applicants, with the next steps the law allows (REFERRAL_ROUTES) |
 * | `schedule` | both parties: the session's China-time date and time, and its place |
 * | `settle` with an agreement not signed in person | each party who has not signed it |
 * | `serve` | each person served; by `sms_link` only on the page (the link's own message tells them) |
 */
import type { applicants, caseRespondents, notifications, services } from '../db/schema/index.js';
import type { ProceedingKind } from '../domain/model.js';
import { unsigned, type Signature } from '../domain/signatures.js';
import { chinaDate } from '../domain/time.js';
import { REFERRAL_ROUTES } from '../domain/transitions.js';
import { NEXT_STEP_NAMES } from '../documents/templates/vocabulary.js';
import { smsRow, type SmsRow } from '../sms/outbox.js';
import { acceptedWording, declinedWording, scheduledWording, servedWording, signatureWording, type NextStep, type Party, type Wording } from './texts.js';

export type NotificationInsert = typeof notifications.$inferInsert;

/** What a notification is about (the `kind` column; the page may group by it). */
export const NOTIFICATION_KINDS = [
  'proceeding_accepted',
  'proceeding_declined',
  'session_scheduled',
  'signature_requested',
  'document_served',
  'date_due_soon',
  'instalment_missed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The SMS outbox's `purpose` of every party notification. */
export const NOTIFICATION_SMS_PURPOSE = 'notification';

type ApplicantRow = typeof applicants.$inferSelect;
type RespondentRow = typeof caseRespondents.$inferSelect;
type ServiceRow = typeof services.$inferSelect;

/** What of a case change the notifications read: a CaseChange is one. */
export interface NotifiedChange {
  after: {
    row: { id: string; number: string };
    proceedings: readonly { id: string; kind: ProceedingKind; orgName: string; declineReason: string | null }[];
    agreement: { id: string; proceedingId: string; signatures: readonly Signature[] } | null;
    /** In position order: an applicant's index (signatures, service) is its place here. */
    applicants: readonly Pick<ApplicantRow, 'id' | 'phone' | 'userId'>[];
    respondents: readonly Pick<RespondentRow, 'id' | 'phone' | 'userId'>[];
    services: readonly Pick<ServiceRow, 'eventSeq' | 'party' | 'applicantIndex' | 'phone' | 'channel' | 'title' | 'servedAt' | 'createdAt'>[];
  };
  events: readonly { seq: number; action: string; proceedingId: string | null; data: Record<string, unknown> }[];
}

/** A person to tell: their account (for the page) and their phone (for a text message). */
export interface Recipient {
  party: Party;
  userId: string | null;
  phone: string | null;
  /** Who they are on the case without an account: `a:<applicant id>` or `r:<representative id>` (never the phone, which keys would carry into logs). */
  ref: string;
}

/** The recipient part of a key: the account when there is one, else their row on the case. */
export const recipientKey = (r: Pick<Recipient, 'userId' | 'ref'>) => (r.userId ? `u:${r.userId}` : r.ref);

const applicantsOf = (after: NotifiedChange['after']): Recipient[] => after.applicants.map((a) => ({ party: 'applicant', userId: a.userId, phone: a.phone, ref: `a:${a.id}` }));
const respondentsOf = (after: NotifiedChange['after']): Recipient[] => after.respondents.map((r) => ({ party: 'respondent', userId: r.userId, phone: r.phone, ref: `r:${r.id}` }));

/**
 * The rows a batch of notifications adds up to: each key once, and within one event (or one
 * clock's threshold) each phone texted once.
 */
export class NotificationBatch {
  readonly notifications: NotificationInsert[] = [];
  readonly sms: SmsRow[] = [];
  readonly #keys = new Set<string>();
  readonly #phones = new Set<string>();

  constructor(private readonly now: Date) {}

  /**
   * Tells `to`: a notification for their account (and, as the record of what was sent, for their
   * phone alone when they have none), and a text message unless `bySms` is false.
   */
  tell(caseId: string, keyPrefix: string, to: Recipient, kind: NotificationKind, words: Wording, data: Record<string, unknown>, bySms = true): void {
    const phone = bySms ? to.phone : null;
    if (!to.userId && !phone) return;
    const key = `${keyPrefix}:${recipientKey(to)}`;
    if (this.#keys.has(key)) return;
    this.#keys.add(key);
    this.notifications.push({ key, userId: to.userId, phone, caseId, kind, text: words.text, data, createdAt: this.now });
    // Two people sharing one phone (a family filing together) get the message once.
    if (phone && !this.#phones.has(phone)) {
      this.#phones.add(phone);
      this.sms.push(smsRow({ key, phone, text: words.sms, purpose: NOTIFICATION_SMS_PURPOSE, caseId, now: this.now }));
    }
  }

  /** A new event or threshold: each phone may be texted again. */
  nextSubject(): void {
    this.#phones.clear();
  }
}

/** Where a party may go after a proceeding of `kind` was declined, as a notice of it says (REFERRAL_ROUTES). */
export function stepsAfterDecline(kind: ProceedingKind): NextStep[] {
  const seen = new Set<ProceedingKind>();
  return REFERRAL_ROUTES.filter((r) => r.from === kind && r.after.includes('declined') && !seen.has(r.to) && seen.add(r.to)).map((r) => ({
    // A court's refusal to accept a suit is appealed (民事诉讼法 art. 171), not filed again.
    step: kind === 'litigation' && r.to === 'litigation' ? '对不予受理的裁定依法提起上诉' : NEXT_STEP_NAMES[r.to],
    basis: r.legalBasis,
  }));
}

const textOf = (v: unknown): string | null => (typeof v === 'string' && v.length ? v : null);

/**
 * The notifications and text messages of a case change (SPEC §10): for each of its events, the
 * people it concerns. Pure: the case service writes the rows with the change's events.
 */
export function partyNotifications(change: NotifiedChange, now: Date): { notifications: NotificationInsert[]; sms: SmsRow[] } {
  const { after } = change;
  const told = new NotificationBatch(now);
  const caseId = after.row.id;
  const number = after.row.number;
  const newest = after.proceedings[after.proceedings.length - 1];

  for (const e of change.events) {
    told.nextSubject();
    const p = after.proceedings.find((x) => x.id === e.proceedingId) ?? newest;
    if (!p) continue;
    const key = `event:${after.row.id}:${e.seq}`;
    const base = { action: e.action, seq: e.seq, proceedingKind: p.kind };

    switch (e.action) {
      case 'accept':
        for (const to of [...applicantsOf(after), ...respondentsOf(after)]) {
          told.tell(caseId, key, to, 'proceeding_accepted', acceptedWording({ number, kind: p.kind, orgName: p.orgName, party: to.party }), base);
        }
        break;
      case 'decline': {
        const steps = stepsAfterDecline(p.kind);
        const words = declinedWording({ number, kind: p.kind, orgName: p.orgName, reason: p.declineReason ?? textOf(e.data.reason), steps });
        const data = { ...base, nextSteps: steps.map((s) => s.step) };
        for (const to of applicantsOf(after)) told.tell(caseId, key, to, 'proceeding_declined', words, data);
        break;
      }
      case 'schedule': {
        const at = textOf(e.data.at);
        const place = textOf(e.data.place);
        if (!at || !place) break;
        const when = new Date(at);
        const data = { ...base, at: when.toISOString(), on: chinaDate(when) };
        for (const to of [...applicantsOf(after), ...respondentsOf(after)]) {
          told.tell(caseId, key, to, 'session_scheduled', scheduledWording({ number, kind: p.kind, orgName: p.orgName, at: when, place, party: to.party }), data);
        }
        break;
      }
      case 'settle': {
        const a = after.agreement;
        if (!a || a.id !== e.data.agreementId) break;
        const left = unsigned(a.signatures, after.applicants.length);
        const waiting = [...left.applicants.map((i) => applicantsOf(after)[i]), ...(left.respondent ? respondentsOf(after) : [])];
        const data = { ...base, agreementId: a.id };
        for (const to of waiting) told.tell(caseId, key, to, 'signature_requested', signatureWording({ number, kind: p.kind, orgName: p.orgName, party: to.party }), data);
        break;
      }
      case 'serve':
        for (const s of after.services.filter((x) => x.eventSeq === e.seq)) {
          const to = servedPerson(after, s);
          const servedOn = s.servedAt ? chinaDate(s.servedAt) : s.channel === 'sms_link' ? null : chinaDate(s.createdAt);
          const words = servedWording({ number, orgName: p.orgName, title: s.title, channel: s.channel, servedOn, party: to.party });
          // By SMS link, the serve action's own message carries the link.
          told.tell(caseId, key, to, 'document_served', words, { ...base, title: s.title, channel: s.channel }, s.channel !== 'sms_link');
        }
        break;
    }
  }
  return { notifications: told.notifications, sms: told.sms };
}

/** The person a service row was served on: the applicant at its index, or the representative with its phone. */
function servedPerson(after: NotifiedChange['after'], s: NotifiedChange['after']['services'][number]): Recipient {
  if (s.party === 'applicant') {
    const a = (s.applicantIndex !== null ? after.applicants[s.applicantIndex] : undefined) ?? after.applicants.find((x) => s.phone && x.phone === s.phone);
    return { party: 'applicant', userId: a?.userId ?? null, phone: s.phone ?? a?.phone ?? null, ref: a ? `a:${a.id}` : `s:${s.eventSeq}:applicant:${s.applicantIndex}` };
  }
  const r = after.respondents.find((x) => s.phone && x.phone === s.phone);
  return { party: 'respondent', userId: r?.userId ?? null, phone: s.phone ?? null, ref: r ? `r:${r.id}` : `s:${s.eventSeq}:respondent` };
}
