/**
 * What a party reads (SPEC §10 notifications): the words of each notification, in plain Chinese,
 * for the page (`text`, whole) and for a text message (`sms`, at most two segments). Pure; who is
 * told of what is decided in rules.ts (case events) and sweep.ts (dates coming due).
 *
 * A text message carries no ID number and no phone (free text staff typed is masked, SPEC §7),
 * and no run of six digits or more: SPEC §10 keeps the phone code the only 6-digit number of a
 * text, so that a phone offering to fill in "the code" can only ever offer a code. A case number
 * whose intake code is all digits (an administrator may choose one) is written with a space in it.
 */
import { SERVICE_CHANNEL_NAMES } from '../documents/templates/vocabulary.js';
import { dateZh, sessionTimeZh } from '../documents/format.js';
import { yuanZh } from '../clocks/engine.js';
import { CLOCK_RULES } from '../domain/clockRules.js';
import { basisZh, type LegalBasis } from '../domain/law.js';
import type { ProceedingKind } from '../domain/model.js';
import { maskIdNumber, maskPhone } from '../domain/identity.js';

/**
 * The longest text message sent: two concatenated segments of a UCS-2 (Chinese) message carry
 * 67 characters each (70 for a single one, less the concatenation header).
 */
export const SMS_MAX_CHARS = 134;

/** A notification's words: whole on the page, fitted into two segments by SMS. */
export interface Wording {
  text: string;
  sms: string;
}

export type Party = 'applicant' | 'respondent';

/** What the applicant asked for, by the kind of proceeding. */
const APPLICATION: Record<ProceedingKind, string> = {
  mediation: '调解申请',
  arbitration: '仲裁申请',
  confirmation: '司法确认申请',
  litigation: '起诉',
};

/** The proceeding as a noun: 本案的调解、仲裁… */
const PROCEEDING: Record<ProceedingKind, string> = {
  mediation: '调解',
  arbitration: '仲裁',
  confirmation: '司法确认',
  litigation: '诉讼',
};

/** What happens at a session of each kind of proceeding. */
const SESSION: Record<ProceedingKind, { act: string; notice: string }> = {
  mediation: { act: '进行调解', notice: '调解通知书' },
  arbitration: { act: '开庭审理', notice: '开庭通知书' },
  confirmation: { act: '进行询问', notice: '通知书' },
  litigation: { act: '开庭审理', notice: '开庭传票' },
};

/** The party addressed: a worker as 你, the employer's representative on behalf of 你单位. */
const you = (party: Party) => (party === 'applicant' ? '你' : '你单位');

// ---- Making free text and numbers safe to send ----------------------------------------------

const ID_NUMBER_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)/g;
const MOBILE_IN_TEXT = /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d{9}(?!\d)/g;

/**
 * Text staff typed (a place, a reason, a title), as a party may read it: ID numbers and mobile
 * numbers in it masked as SPEC §7 masks them for anyone but their owner.
 */
export function maskedFreeText(value: string): string {
  return value
    .replace(ID_NUMBER_IN_TEXT, (m) => maskIdNumber(m)!)
    .replace(MOBILE_IN_TEXT, (m) => maskPhone(m.replace(/\D/g, '').slice(-11))!)
    .replace(/\s+/g, ' ')
    .trim();
}

const LONG_DIGIT_RUN = /\d{6,}/g;

/** A text with every run of six digits or more broken by a space after each four (4510 23-2026-00012). */
export function withoutLongNumbers(text: string): string {
  return text.replace(LONG_DIGIT_RUN, (run) => run.replace(/(\d{4})(?=\d)/g, '$1 '));
}

/** Whether a text may go by SMS as it is: short enough, and no run of six digits or more. */
export function smsProblem(text: string): string | null {
  if (text.length > SMS_MAX_CHARS) return `is ${text.length} characters, more than ${SMS_MAX_CHARS}`;
  if (/\d{6,}/.test(text)) return 'holds a run of six digits or more';
  return null;
}

const chars = (s: string) => Array.from(s);

/** `value` cut to at most `n` characters, an ellipsis marking the cut. */
function shorten(value: string, n: number): string {
  const c = chars(value);
  if (c.length <= n) return value;
  return n <= 1 ? '…' : `${c.slice(0, n - 1).join('')}…`;
}

/**
 * A text message from a composition with variable parts (an organisation's name, a place, a
 * title): the longest part is shortened until the message fits SMS_MAX_CHARS. The fixed words of
 * every composition here are far shorter than that, so the parts always leave room for them.
 */
export function fitSms<S extends Record<string, string>>(compose: (slots: S) => string, slots: S): string {
  const safe = Object.fromEntries(Object.entries(slots).map(([k, v]) => [k, withoutLongNumbers(v)])) as S;
  let text = withoutLongNumbers(compose(safe));
  for (let guard = 0; text.length > SMS_MAX_CHARS && guard < 500; guard++) {
    const [key, value] = Object.entries(safe).sort((a, b) => chars(b[1]).length - chars(a[1]).length)[0] ?? [];
    if (key === undefined || chars(value).length <= 4) break;
    const over = text.length - SMS_MAX_CHARS;
    (safe as Record<string, string>)[key] = shorten(value, Math.max(4, chars(value).length - over));
    text = withoutLongNumbers(compose(safe));
  }
  return text.length > SMS_MAX_CHARS ? shorten(text, SMS_MAX_CHARS) : text;
}

/** A legal basis as a text message cites it: the laws and articles, without the notes. */
export function shortBasis(basis: LegalBasis): string {
  return basisZh(basis.map((s) => ('law' in s ? { ...s, note: undefined } : s)));
}

// ---- The words of each notification ---------------------------------------------------------

/** SPEC §10: the case accepted (受理). */
export function acceptedWording(m: { number: string; kind: ProceedingKind; orgName: string; party: Party }): Wording {
  const compose =
    m.party === 'applicant'
      ? (s: { org: string; number: string }) => `你的${APPLICATION[m.kind]}（案号${s.number}）已由${s.org}受理。可登录查看案件进度和受理通知书。`
      : (s: { org: string; number: string }) => `${s.org}已受理案号${s.number}的劳动争议${PROCEEDING[m.kind]}，你单位为本案当事人。可登录查看案件材料并陈述意见。`;
  const slots = { org: m.orgName, number: m.number };
  return { text: compose(slots), sms: fitSms(compose, slots) };
}

/** A step the law allows next, with what it rests on. */
export interface NextStep {
  step: string;
  basis: LegalBasis;
}

/** SPEC §10: the case declined (不予受理), with the reason and the next steps the law allows. */
export function declinedWording(m: { number: string; kind: ProceedingKind; orgName: string; reason: string | null; steps: readonly NextStep[] }): Wording {
  const steps = m.steps.map((s) => s.step).join('；或');
  const basis = [...new Set(m.steps.map((s) => shortBasis(s.basis)))].join('；');
  const reason = maskedFreeText(m.reason ?? '').replace(/[。.]+$/, '');
  const head = (s: { org: string; number: string; reason: string }) =>
    `${s.org}决定不予受理你的${APPLICATION[m.kind]}（案号${s.number}）${s.reason ? `，理由：${s.reason}` : ''}。`;
  const next = steps ? `你可以${steps}` : '';
  const text = `${head({ org: m.orgName, number: m.number, reason })}${next ? `${next}（依据：${basis}）。` : ''}可登录查看不予受理通知书。`;
  const sms = fitSms((s: { org: string; number: string; reason: string; steps: string }) => `${head(s)}${s.steps ? `你可以${s.steps}。` : ''}详见不予受理通知书。`, {
    org: m.orgName,
    number: m.number,
    reason,
    steps,
  });
  return { text, sms };
}

/** SPEC §10: a session or hearing scheduled, with its date and time in China time and its place. */
export function scheduledWording(m: { number: string; kind: ProceedingKind; orgName: string; at: Date; place: string; party: Party }): Wording {
  const session = SESSION[m.kind];
  const compose = (s: { org: string; number: string; place: string }) =>
    `案号${s.number}：${s.org}定于${sessionTimeZh(m.at)}在${s.place}${session.act}，请${you(m.party)}按时参加。可登录查看${session.notice}。`;
  const slots = { org: m.orgName, number: m.number, place: maskedFreeText(m.place) };
  return { text: compose(slots), sms: fitSms(compose, slots) };
}

/** The settlement a party signs, by the kind of proceeding that reached it, and why it waits for them. */
export const SETTLEMENT_SIGNING: Record<ProceedingKind, { title: string; basis: LegalBasis }> = {
  // 人民调解法 art. 29: the agreement takes effect when the parties have signed it.
  mediation: { title: '调解协议书', basis: [{ law: 'peoplesMediation', article: 29 }] },
  // 调解仲裁法 art. 42: an arbitral settlement takes effect once the parties have signed for it.
  arbitration: { title: '仲裁调解书', basis: [{ law: 'labourDisputeMediationArbitration', article: 42, paragraph: 3 }] },
  confirmation: { title: '调解协议书', basis: [{ law: 'peoplesMediation', article: 29 }] },
  // 民事诉讼法 art. 100: a court's settlement takes effect once the parties have signed for it.
  litigation: { title: '调解书', basis: [{ law: 'civilProcedure', article: 100, paragraph: 3 }] },
};

/** SPEC §10: an agreement waiting for this party's signature. */
export function signatureWording(m: { number: string; kind: ProceedingKind; orgName: string; party: Party }): Wording {
  const { title, basis } = SETTLEMENT_SIGNING[m.kind];
  const compose = (s: { org: string; number: string }) =>
    `案号${s.number}：${s.org}已制作${title}，待${you(m.party)}签署。请登录核对内容，用短信验证码签名；各方签署后生效。`;
  const slots = { org: m.orgName, number: m.number };
  return { text: `${compose(slots)}依据：${shortBasis(basis)}。`, sms: fitSms(compose, slots) };
}

/** SPEC §10: a document or file served on this party. By SMS link the link's own message says so; here, the page. */
export function servedWording(m: { number: string; orgName: string; title: string; channel: string; servedOn: string | null; party: Party }): Wording {
  const title = maskedFreeText(m.title).replace(/^《|》$/g, '');
  if (m.channel === 'sms_link') {
    const text = `案号${m.number}：${m.orgName}已通过短信链接向${you(m.party)}送达《${title}》，打开链接之日为送达之日。也可登录查看。`;
    return { text, sms: fitSms(() => text, {}) };
  }
  const how = m.channel === 'post' ? '邮寄送达' : m.channel === 'in_person' ? '直接送达' : (SERVICE_CHANNEL_NAMES[m.channel] ?? '送达');
  const when = m.servedOn ? `于${dateZh(m.servedOn)}` : '';
  const compose = (s: { org: string; number: string; title: string }) => `案号${s.number}：${s.org}已${when}向${you(m.party)}${how}《${s.title}》。可登录查看。`;
  const slots = { org: m.orgName, number: m.number, title };
  return { text: compose(slots), sms: fitSms(compose, slots) };
}

// ---- Dates coming due (sweep.ts) -----------------------------------------------------------

/** The period a notification of a date is about, with what it rests on. */
export const DATE_BASIS = {
  limitation: [{ law: 'labourDisputeMediationArbitration', article: 27, paragraph: 1 }],
  appeal_final: [{ law: 'labourDisputeMediationArbitration', article: 48 }],
  appeal: [{ law: 'labourDisputeMediationArbitration', article: 50 }],
  vacate: [{ law: 'labourDisputeMediationArbitration', article: 49 }],
} as const satisfies Record<string, LegalBasis>;

/** The last day to apply for arbitration is near (调解仲裁法 art. 27). */
export function limitationWording(m: { number: string; dueOn: string }): Wording {
  const compose = (s: { number: string }) =>
    `案号${s.number}：你申请劳动争议仲裁的时效期间将于${dateZh(m.dueOn)}届满。如需申请仲裁，请在此日前向劳动人事争议仲裁委员会提出。`;
  const slots = { number: m.number };
  return { text: `${compose(slots)}依据：${shortBasis(DATE_BASIS.limitation)}。`, sms: fitSms(compose, slots) };
}

/**
 * The last day to sue over an award is near: the worker may sue over any award (调解仲裁法 art. 48
 * for a final one, art. 50 otherwise); the employer over an award that is not final (art. 50).
 */
export function appealWording(m: { number: string; dueOn: string; final: boolean; party: Party }): Wording {
  const compose = (s: { number: string }) =>
    m.final
      ? `案号${s.number}：你如不服终局裁决，可在${dateZh(m.dueOn)}前向人民法院提起诉讼。`
      : `案号${s.number}：${you(m.party)}如不服仲裁裁决，可在${dateZh(m.dueOn)}前向人民法院提起诉讼；期满不起诉的，裁决书发生法律效力。`;
  const slots = { number: m.number };
  const basis = m.final ? DATE_BASIS.appeal_final : DATE_BASIS.appeal;
  return { text: `${compose(slots)}依据：${shortBasis(basis)}。`, sms: fitSms(compose, slots) };
}

/** The employer's last day to apply to vacate a final award is near (调解仲裁法 art. 49). */
export function vacateWording(m: { number: string; dueOn: string }): Wording {
  const compose = (s: { number: string }) =>
    `案号${s.number}：你单位如有证据证明终局裁决有法定撤销情形，可在${dateZh(m.dueOn)}前向仲裁委员会所在地的中级人民法院申请撤销。`;
  const slots = { number: m.number };
  return { text: `${compose(slots)}依据：${shortBasis(DATE_BASIS.vacate)}。`, sms: fitSms(compose, slots) };
}

/** An instalment as a notification names it: its number in the plan and its amount, when known. */
export interface InstalmentRef {
  seq: number | null;
  amountFen: number | null;
  /** The case has several applicants: the amount is what all of them are owed together. */
  shared?: boolean;
}

const instalmentName = (i: InstalmentRef) => `${i.seq ? `第${i.seq}期` : '一期'}款项${i.amountFen ? `（${i.shared ? '合计' : ''}${yuanZh(i.amountFen)}）` : ''}`;

/** An instalment is due soon: the worker is told when to expect it, the employer when to pay it. */
export function instalmentDueWording(m: { number: string; dueOn: string; instalment: InstalmentRef; party: Party }): Wording {
  const what = instalmentName(m.instalment);
  const compose =
    m.party === 'applicant'
      ? (s: { number: string }) => `案号${s.number}：按协议，用人单位应于${dateZh(m.dueOn)}前支付${what}。到期未收到的，请告知承办机构。`
      : (s: { number: string }) => `案号${s.number}：按协议，你单位应于${dateZh(m.dueOn)}前支付${what}，请按期履行。`;
  const slots = { number: m.number };
  return { text: `${compose(slots)}依据：${shortBasis(CLOCK_RULES.performance.legalBasis)}。`, sms: fitSms(compose, slots) };
}

/** An instalment's day has passed with no payment recorded: what the worker may do next (SPEC §3). */
export function instalmentMissedWording(m: { number: string; dueOn: string; instalment: InstalmentRef; steps: readonly NextStep[] }): Wording {
  const what = instalmentName(m.instalment);
  const steps = m.steps.map((s) => s.step).join('；或');
  const basis = [...new Set(m.steps.map((s) => shortBasis(s.basis)))].join('；');
  const compose = (s: { number: string; steps: string }) =>
    `案号${s.number}：按协议，${what}应于${dateZh(m.dueOn)}前支付，至今未登记付款。如用人单位未履行，你可以${s.steps}。`;
  const slots = { number: m.number, steps };
  return { text: `${compose(slots)}依据：${basis}。可联系承办机构。`, sms: fitSms(compose, slots) };
}
