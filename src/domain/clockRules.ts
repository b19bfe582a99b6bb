/**
 * SPEC §5: every statutory period, as data. A deployment changes a length or a unit here
 * without touching the logic that computes due dates.
 */
import { basisZh, type LegalBasis } from './law.js';
import type { ProceedingKind, ProceedingOutcome } from './model.js';

export type ClockKind =
  | 'mediation'
  | 'confirmation_window'
  | 'confirmation_review'
  | 'arbitration_acceptance'
  | 'arbitration_award'
  | 'appeal_window'
  | 'vacate_window'
  | 'performance'
  | 'limitation'
  | 'referral_ack';

export type ClockUnit = 'calendar' | 'working' | 'year' | 'instalments';
export const CLOCK_KINDS = [
  'mediation',
  'confirmation_window',
  'confirmation_review',
  'arbitration_acceptance',
  'arbitration_award',
  'appeal_window',
  'vacate_window',
  'performance',
  'limitation',
  'referral_ack',
] as const satisfies readonly ClockKind[];
/** Stored statuses; a running clock past its due date is shown as breached. */
export const CLOCK_STATUSES = ['running', 'paused', 'met', 'breached'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

export interface ClockRule {
  id: string;
  kind: ClockKind;
  starts: string;
  length: number;
  unit: ClockUnit;
  /** The laws (and other sources) the period rests on, as data. */
  legalBasis: LegalBasis;
  /** `legalBasis` in the Chinese citation form, as the API and the pages show it. */
  basis: string;
  /** What the clock means to the people who read it (shown in the case detail and on the board). */
  label: string;
}

type RuleRow = Omit<ClockRule, 'basis'>;

const withBasis = <K extends string, R extends { legalBasis: LegalBasis }>(rows: Record<K, R>): Record<K, R & { basis: string }> =>
  Object.fromEntries(Object.entries<R>(rows).map(([k, r]) => [k, { ...r, basis: basisZh(r.legalBasis) }])) as Record<K, R & { basis: string }>;

export const CLOCK_RULES: Record<ClockKind, ClockRule> = withBasis<ClockKind, RuleRow>({
  mediation: {
    id: 'mediation-15d', kind: 'mediation', starts: 'mediation application received', length: 15, unit: 'calendar', label: '调解期限届满日',
    legalBasis: [{ law: 'labourDisputeMediationArbitration', article: 14, paragraph: 3, note: '自调解组织收到调解申请之日起计算' }],
  },
  confirmation_window: {
    id: 'confirmation-window-30d', kind: 'confirmation_window', starts: 'mediation settled', length: 30, unit: 'calendar', label: '申请司法确认的最后一日',
    legalBasis: [
      { law: 'peoplesMediation', article: 33, paragraph: 1 },
      { law: 'civilProcedure', article: 205, note: '自调解协议生效之日起三十日内共同申请' },
    ],
  },
  confirmation_review: {
    id: 'confirmation-review-30d', kind: 'confirmation_review', starts: 'confirmation accepted', length: 30, unit: 'calendar', label: '法院作出确认决定的期限',
    legalBasis: [{ law: 'civilProcedure', article: 187, note: '特别程序案件自立案之日起三十日内审结' }],
  },
  arbitration_acceptance: {
    id: 'arbitration-acceptance-5wd', kind: 'arbitration_acceptance', starts: 'arbitration received', length: 5, unit: 'working', label: '仲裁委决定是否受理的期限',
    legalBasis: [
      { law: 'labourDisputeMediationArbitration', article: 29 },
      { law: 'arbitrationRules', article: 30, note: '该规则所称三日、五日、十日指工作日' },
    ],
  },
  arbitration_award: {
    id: 'arbitration-award-45d', kind: 'arbitration_award', starts: 'arbitration accepted', length: 45, unit: 'calendar', label: '仲裁裁决期限',
    legalBasis: [{ law: 'labourDisputeMediationArbitration', article: 43, paragraph: 1 }],
  },
  appeal_window: {
    id: 'appeal-window-15d', kind: 'appeal_window', starts: 'award delivered', length: 15, unit: 'calendar', label: '不服裁决起诉的最后一日',
    legalBasis: [{ law: 'labourDisputeMediationArbitration', article: [48, 50], note: '自收到仲裁裁决书之日起十五日内' }],
  },
  vacate_window: {
    id: 'vacate-window-30d', kind: 'vacate_window', starts: 'final award delivered', length: 30, unit: 'calendar', label: '申请撤销终局裁决的最后一日',
    legalBasis: [{ law: 'labourDisputeMediationArbitration', article: 49, note: '自收到仲裁裁决书之日起三十日内' }],
  },
  performance: {
    id: 'performance-instalments', kind: 'performance', starts: 'agreement recorded', length: 0, unit: 'instalments', label: '下一期履行日',
    legalBasis: [{ text: '调解协议、仲裁裁决或判决确定的履行期限' }],
  },
  limitation: {
    id: 'limitation-1y', kind: 'limitation', starts: 'the worker knew of the infringement', length: 1, unit: 'year', label: '申请仲裁的最后一日',
    legalBasis: [{ law: 'labourDisputeMediationArbitration', article: 27, note: '仲裁时效期间为一年' }],
  },
  referral_ack: {
    id: 'referral-ack-3wd', kind: 'referral_ack', starts: 'referral sent', length: 3, unit: 'working', label: '接收机构受理转办的期限',
    legalBasis: [{ text: '转办服务标准（本中心工作规范）' }],
  },
});

export interface ExtensionLimit {
  maxTimes: number | null;
  maxDays: number | null;
  legalBasis: LegalBasis;
  /** `legalBasis` in the Chinese citation form (recorded in the `extend` event). */
  basis: string;
}

/**
 * How far `extend` may lengthen the period of an accepted proceeding. `maxTimes`/`maxDays` null
 * means no statutory cap. Kinds absent here cannot be extended.
 */
export const EXTENSION_LIMITS: Partial<Record<ProceedingKind, ExtensionLimit>> = withBasis<'mediation' | 'arbitration', Omit<ExtensionLimit, 'basis'>>({
  mediation: {
    maxTimes: null,
    maxDays: null,
    legalBasis: [{ law: 'enterpriseMediation', article: 27, note: '双方当事人同意延期的，可以延长' }],
  },
  arbitration: {
    maxTimes: 1,
    maxDays: 15,
    legalBasis: [{ law: 'labourDisputeMediationArbitration', article: 43, paragraph: 1, note: '案情复杂的，经劳动争议仲裁委员会主任批准可以延期，延长期限不得超过十五日' }],
  },
});

/** The facts an action produces, which start and stop clocks. */
export type ClockFact = 'filed' | 'received' | 'accepted' | 'declined' | 'concluded' | 'agreement' | 'performed' | 'defaulted' | 'closed' | 'award_served';

export interface ClockTrigger {
  fact: ClockFact;
  /** The proceeding kinds the fact must concern (any when absent). */
  kinds?: readonly ProceedingKind[];
  outcomes?: readonly ProceedingOutcome[];
  /** Only for a final award (一裁终局). */
  finalAward?: boolean;
  /** Only for a proceeding opened by a referral. */
  viaReferral?: boolean;
  /** Only when the fact carries the day the award was delivered (SPEC §10: otherwise its service on the worker starts it). */
  delivered?: boolean;
}

export interface ClockLifecycle {
  start: readonly ClockTrigger[];
  stop: readonly ClockTrigger[];
  /** `proceeding`: the clock belongs to one proceeding and only that proceeding's facts stop it. */
  scope: 'proceeding' | 'case' | 'agreement';
  /** The date it counts from: the act, the award's delivery, or the worker's knowledge (limitation). */
  from: 'act' | 'delivered' | 'limitation';
  /** The proceeding kind whose `extend` lengthens it. */
  extendedBy?: ProceedingKind;
}

/**
 * When each clock starts and stops. Every trigger follows the row of the SPEC §5 table named in
 * CLOCK_RULES; the limitation rules are spelled out below.
 */
export const CLOCK_LIFECYCLE: Record<ClockKind, ClockLifecycle> = {
  // 劳动争议调解仲裁法 art. 14: fifteen days from the mediation organisation's receipt.
  mediation: {
    start: [{ fact: 'received', kinds: ['mediation'] }],
    stop: [{ fact: 'declined', kinds: ['mediation'] }, { fact: 'concluded', kinds: ['mediation'] }],
    scope: 'proceeding',
    from: 'act',
    extendedBy: 'mediation',
  },
  // 人民调解法 art. 33: the parties apply for confirmation within 30 days of the agreement taking effect.
  confirmation_window: {
    start: [{ fact: 'concluded', kinds: ['mediation'], outcomes: ['settled'] }],
    stop: [{ fact: 'received', kinds: ['confirmation'] }],
    scope: 'case',
    from: 'act',
  },
  confirmation_review: {
    start: [{ fact: 'accepted', kinds: ['confirmation'] }],
    stop: [{ fact: 'concluded', kinds: ['confirmation'] }],
    scope: 'proceeding',
    from: 'act',
  },
  // 劳动争议调解仲裁法 art. 29: decide within five days of receipt whether to accept.
  arbitration_acceptance: {
    start: [{ fact: 'received', kinds: ['arbitration'] }],
    stop: [{ fact: 'accepted', kinds: ['arbitration'] }, { fact: 'declined', kinds: ['arbitration'] }, { fact: 'concluded', kinds: ['arbitration'] }],
    scope: 'proceeding',
    from: 'act',
  },
  // 劳动争议调解仲裁法 art. 43: award within 45 days of acceptance, extendable once by at most 15.
  arbitration_award: {
    start: [{ fact: 'accepted', kinds: ['arbitration'] }],
    stop: [{ fact: 'concluded', kinds: ['arbitration'] }],
    scope: 'proceeding',
    from: 'act',
    extendedBy: 'arbitration',
  },
  // 劳动争议调解仲裁法 arts. 48, 50: suit within 15 days of receiving the award.
  // An award recorded without its delivery date starts them when it is served on the worker (SPEC §10 `serve`).
  appeal_window: {
    start: [{ fact: 'concluded', kinds: ['arbitration'], outcomes: ['awarded'], delivered: true }, { fact: 'award_served' }],
    stop: [{ fact: 'received', kinds: ['litigation'] }],
    scope: 'case',
    from: 'delivered',
  },
  // 劳动争议调解仲裁法 art. 49: the employer may apply to vacate a final award within 30 days of receipt.
  vacate_window: {
    start: [{ fact: 'concluded', kinds: ['arbitration'], outcomes: ['awarded'], finalAward: true, delivered: true }, { fact: 'award_served', finalAward: true }],
    stop: [{ fact: 'received', kinds: ['litigation'] }],
    scope: 'case',
    from: 'delivered',
  },
  performance: {
    start: [{ fact: 'agreement' }],
    stop: [{ fact: 'performed' }, { fact: 'defaulted' }],
    scope: 'agreement',
    from: 'act',
  },
  // 劳动争议调解仲裁法 art. 27: one year from when the worker knew of the infringement (para. 1); for
  // wages, from the end of employment (para. 4; while employed it does not run). Applying to a
  // mediation organisation or to arbitration interrupts it (para. 2), and it runs anew when the
  // mediation ends without an agreement.
  limitation: {
    start: [
      { fact: 'filed' },
      { fact: 'concluded', kinds: ['mediation'], outcomes: ['failed', 'withdrawn'] },
      { fact: 'declined', kinds: ['mediation'] },
    ],
    stop: [{ fact: 'received' }],
    scope: 'case',
    from: 'limitation',
  },
  referral_ack: {
    start: [{ fact: 'received', viaReferral: true }],
    stop: [{ fact: 'accepted' }, { fact: 'declined' }, { fact: 'concluded' }],
    scope: 'proceeding',
    from: 'act',
  },
};

/** SPEC §5: a running clock is due soon with at most this many working days left. */
export const DUE_SOON_WORKING_DAYS = 3;
