/**
 * SPEC §5: every statutory period, as data. A deployment changes a length or a unit here
 * without touching the logic that computes due dates.
 */
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
  basis: string;
  /** What the clock means to the people who read it (shown in the case detail and on the board). */
  label: string;
}

export const CLOCK_RULES: Record<ClockKind, ClockRule> = {
  mediation: { id: 'mediation-15d', kind: 'mediation', starts: 'mediation application received', length: 15, unit: 'calendar', basis: '劳动争议调解仲裁法 art. 14 (counts from receipt)', label: '调解期限届满日' },
  confirmation_window: { id: 'confirmation-window-30d', kind: 'confirmation_window', starts: 'mediation settled', length: 30, unit: 'calendar', basis: '人民调解法 art. 33; 民事诉讼法 art. 205', label: '申请司法确认的最后一日' },
  confirmation_review: { id: 'confirmation-review-30d', kind: 'confirmation_review', starts: 'confirmation accepted', length: 30, unit: 'calendar', basis: '民事诉讼法 art. 187', label: '法院作出确认决定的期限' },
  arbitration_acceptance: { id: 'arbitration-acceptance-5wd', kind: 'arbitration_acceptance', starts: 'arbitration received', length: 5, unit: 'working', basis: '劳动争议调解仲裁法 art. 29; 劳动人事争议仲裁办案规则 (3/5/10-day periods are working days)', label: '仲裁委决定是否受理的期限' },
  arbitration_award: { id: 'arbitration-award-45d', kind: 'arbitration_award', starts: 'arbitration accepted', length: 45, unit: 'calendar', basis: '劳动争议调解仲裁法 art. 43', label: '仲裁裁决期限' },
  appeal_window: { id: 'appeal-window-15d', kind: 'appeal_window', starts: 'award delivered', length: 15, unit: 'calendar', basis: '劳动争议调解仲裁法 arts. 48, 50', label: '不服裁决起诉的最后一日' },
  vacate_window: { id: 'vacate-window-30d', kind: 'vacate_window', starts: 'final award delivered', length: 30, unit: 'calendar', basis: '劳动争议调解仲裁法 art. 49', label: '申请撤销终局裁决的最后一日' },
  performance: { id: 'performance-instalments', kind: 'performance', starts: 'agreement recorded', length: 0, unit: 'instalments', basis: 'the agreement', label: '下一期履行日' },
  limitation: { id: 'limitation-1y', kind: 'limitation', starts: 'the worker knew of the infringement', length: 1, unit: 'year', basis: '劳动争议调解仲裁法 art. 27', label: '申请仲裁的最后一日' },
  referral_ack: { id: 'referral-ack-3wd', kind: 'referral_ack', starts: 'referral sent', length: 3, unit: 'working', basis: 'service standard for hand-offs', label: '接收机构受理转办的期限' },
};

/**
 * How far `extend` may lengthen the period of an accepted proceeding. `maxTimes`/`maxDays` null
 * means no statutory cap. Kinds absent here cannot be extended.
 */
export const EXTENSION_LIMITS: Partial<Record<ProceedingKind, { maxTimes: number | null; maxDays: number | null; basis: string }>> = {
  mediation: { maxTimes: null, maxDays: null, basis: '企业劳动争议协商调解规定 art. 27: extended with the consent of both parties' },
  arbitration: { maxTimes: 1, maxDays: 15, basis: '劳动争议调解仲裁法 art. 43: extended once, by at most 15 days, with the chair\'s approval' },
};

/** The facts an action produces, which start and stop clocks. */
export type ClockFact = 'filed' | 'received' | 'accepted' | 'declined' | 'concluded' | 'agreement' | 'performed' | 'defaulted' | 'closed';

export interface ClockTrigger {
  fact: ClockFact;
  /** The proceeding kinds the fact must concern (any when absent). */
  kinds?: readonly ProceedingKind[];
  outcomes?: readonly ProceedingOutcome[];
  /** Only for a final award (一裁终局). */
  finalAward?: boolean;
  /** Only for a proceeding opened by a referral. */
  viaReferral?: boolean;
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
  appeal_window: {
    start: [{ fact: 'concluded', kinds: ['arbitration'], outcomes: ['awarded'] }],
    stop: [{ fact: 'received', kinds: ['litigation'] }],
    scope: 'case',
    from: 'delivered',
  },
  // 劳动争议调解仲裁法 art. 49: the employer may apply to vacate a final award within 30 days of receipt.
  vacate_window: {
    start: [{ fact: 'concluded', kinds: ['arbitration'], outcomes: ['awarded'], finalAward: true }],
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
