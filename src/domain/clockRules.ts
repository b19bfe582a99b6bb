/**
 * SPEC §5: every statutory period, as data. A deployment changes a length or a unit here
 * without touching the logic that computes due dates.
 */
import type { ProceedingKind } from './model.js';

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

export interface ClockRule {
  id: string;
  kind: ClockKind;
  starts: string;
  length: number;
  unit: ClockUnit;
  basis: string;
}

export const CLOCK_RULES: Record<ClockKind, ClockRule> = {
  mediation: { id: 'mediation-15d', kind: 'mediation', starts: 'mediation application received', length: 15, unit: 'calendar', basis: '劳动争议调解仲裁法 art. 14 (counts from receipt)' },
  confirmation_window: { id: 'confirmation-window-30d', kind: 'confirmation_window', starts: 'mediation settled', length: 30, unit: 'calendar', basis: '人民调解法 art. 33; 民事诉讼法 art. 205' },
  confirmation_review: { id: 'confirmation-review-30d', kind: 'confirmation_review', starts: 'confirmation accepted', length: 30, unit: 'calendar', basis: '民事诉讼法 art. 187' },
  arbitration_acceptance: { id: 'arbitration-acceptance-5wd', kind: 'arbitration_acceptance', starts: 'arbitration received', length: 5, unit: 'working', basis: '劳动争议调解仲裁法 art. 29; 劳动人事争议仲裁办案规则 (3/5/10-day periods are working days)' },
  arbitration_award: { id: 'arbitration-award-45d', kind: 'arbitration_award', starts: 'arbitration accepted', length: 45, unit: 'calendar', basis: '劳动争议调解仲裁法 art. 43' },
  appeal_window: { id: 'appeal-window-15d', kind: 'appeal_window', starts: 'award delivered', length: 15, unit: 'calendar', basis: '劳动争议调解仲裁法 arts. 48, 50' },
  vacate_window: { id: 'vacate-window-30d', kind: 'vacate_window', starts: 'final award delivered', length: 30, unit: 'calendar', basis: '劳动争议调解仲裁法 art. 49' },
  performance: { id: 'performance-instalments', kind: 'performance', starts: 'agreement recorded', length: 0, unit: 'instalments', basis: 'the agreement' },
  limitation: { id: 'limitation-1y', kind: 'limitation', starts: 'the worker knew of the infringement', length: 1, unit: 'year', basis: '劳动争议调解仲裁法 art. 27' },
  referral_ack: { id: 'referral-ack-3wd', kind: 'referral_ack', starts: 'referral sent', length: 3, unit: 'working', basis: 'service standard for hand-offs' },
};

/**
 * How far `extend` may lengthen the period of an accepted proceeding. `maxTimes`/`maxDays` null
 * means no statutory cap. Kinds absent here cannot be extended.
 */
export const EXTENSION_LIMITS: Partial<Record<ProceedingKind, { maxTimes: number | null; maxDays: number | null; basis: string }>> = {
  mediation: { maxTimes: null, maxDays: null, basis: '企业劳动争议协商调解规定 art. 27: extended with the consent of both parties' },
  arbitration: { maxTimes: 1, maxDays: 15, basis: '劳动争议调解仲裁法 art. 43: extended once, by at most 15 days, with the chair\'s approval' },
};
