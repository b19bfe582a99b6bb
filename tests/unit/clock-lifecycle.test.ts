/**
 * When each statutory clock starts and stops (SPEC §5, src/domain/clockRules.ts CLOCK_LIFECYCLE),
 * told as the stories of a case: what the worker and the staff see on the case page after each act.
 * Issue 24: the lifecycle is data, and before this file only the API tests read it, so a trigger
 * dropped or widened (a mediation's end not stopping its clock, a settled mediation not opening the
 * 30 days to apply for confirmation, any proceeding's end stopping another's clock) went unnoticed
 * by the unit tests. Pure: advanceClocks over the package's calendar, no database.
 */
import { describe, expect, it } from 'vitest';
import { advanceClocks, type CaseFacts, type ClockRow, type Fact } from '../../src/clocks/engine.js';
import { WorkCalendar } from '../../src/domain/calendar.js';
import { CLOCK_KINDS, CLOCK_LIFECYCLE, CLOCK_STATUSES } from '../../src/domain/clockRules.js';
import type { ProceedingKind, ProceedingOutcome } from '../../src/domain/model.js';

const cal = new WorkCalendar();
const ORG = '01890000-0000-7000-8000-0000000000a1';
const REGION = '110105';
const P1 = '01890000-0000-7000-8000-0000000000b1';
const P2 = '01890000-0000-7000-8000-0000000000b2';
const P3 = '01890000-0000-7000-8000-0000000000b3';
const AG = '01890000-0000-7000-8000-0000000000c1';
const terminated: CaseFacts = { caseId: '01890000-0000-7000-8000-0000000000d1', incidentDate: '2025-01-10', employmentEndedOn: null, categories: ['termination'] };

type Act = { fact: Fact['fact']; on: string; proceedingId?: string; kind?: ProceedingKind; outcome?: ProceedingOutcome } & Record<string, unknown>;
const fact = (a: Act): Fact => ({ orgId: ORG, regionCode: REGION, ...a }) as Fact;

/** The clocks after the acts, one act at a time, as [kind, status, startedOn, dueOn, proceeding]. */
function play(acts: Act[], c: CaseFacts = terminated, clocks: readonly ClockRow[] = []): ClockRow[] {
  let now = clocks;
  for (const a of acts) now = advanceClocks(now, c, [fact(a)], cal, { today: a.on, now: new Date(`${a.on}T09:00:00+08:00`) });
  return [...now];
}
const shown = (clocks: readonly ClockRow[]) =>
  clocks.map((k) => [k.kind, k.status, k.startedOn, k.dueOn, k.proceedingId === P1 ? 'P1' : k.proceedingId === P2 ? 'P2' : k.proceedingId === P3 ? 'P3' : k.proceedingId]);
const of = (clocks: readonly ClockRow[], kind: string) => clocks.filter((k) => k.kind === kind);

describe('the clocks a case starts and stops, act by act', () => {
  it('a filing starts the one-year limitation from the incident, and the mediation organisation receiving it interrupts it (art. 27) and starts the 15 days (art. 14)', () => {
    const filed = play([{ fact: 'filed', on: '2025-03-03' }]);
    // 2026-01-10 is a Saturday: the year ends on Monday 2026-01-12.
    expect(shown(filed)).toEqual([['limitation', 'running', '2025-01-10', '2026-01-12', null]]);
    const received = play([{ fact: 'received', on: '2025-03-03', proceedingId: P1, kind: 'mediation' }], terminated, filed);
    expect(shown(received)).toEqual([
      ['limitation', 'met', '2025-01-10', '2026-01-12', null],
      ['mediation', 'running', '2025-03-03', '2025-03-18', 'P1'],
    ]);
    expect(received[0].stoppedOn).toBe('2025-03-03');
    expect(received[1]).toMatchObject({ ruleId: 'mediation-15d', unit: 'calendar', length: 15, orgId: ORG, regionCode: REGION, caseId: terminated.caseId });
  });

  it('wages: the limitation runs from the end of employment, and not at all while it lasts (art. 27 para. 4)', () => {
    const ended = play([{ fact: 'filed', on: '2025-03-03' }], { ...terminated, categories: ['wages'], employmentEndedOn: '2025-02-28' });
    expect(shown(ended)).toEqual([['limitation', 'running', '2025-02-28', '2026-02-28', null]]);
    expect(play([{ fact: 'filed', on: '2025-03-03' }], { ...terminated, categories: ['wages'] })).toEqual([]);
  });

  it('a mediation settled: its 15 days met, and the parties have 30 days to apply for confirmation (人民调解法 art. 33)', () => {
    const clocks = play([
      { fact: 'received', on: '2025-03-03', proceedingId: P1, kind: 'mediation' },
      { fact: 'concluded', on: '2025-03-10', proceedingId: P1, kind: 'mediation', outcome: 'settled' },
    ]);
    expect(shown(clocks)).toEqual([
      ['mediation', 'met', '2025-03-03', '2025-03-18', 'P1'],
      // 2025-04-09 is a Wednesday. The window is the case's, not the proceeding's.
      ['confirmation_window', 'running', '2025-03-10', '2025-04-09', null],
    ]);
  });

  it('a mediation that fails, is withdrawn or declined ends its 15 days and the limitation runs anew from that day (art. 27 para. 2)', () => {
    for (const end of [
      { fact: 'concluded', outcome: 'failed' },
      { fact: 'concluded', outcome: 'withdrawn' },
      { fact: 'declined' },
    ] as const) {
      const clocks = play([
        { fact: 'received', on: '2025-03-03', proceedingId: P1, kind: 'mediation' },
        { ...end, on: '2025-03-25', proceedingId: P1, kind: 'mediation' },
      ]);
      // The mediation ran past its 15 days: breached. The limitation: 2026-03-25, a Wednesday.
      expect(shown(clocks), end.fact + ('outcome' in end ? ` ${end.outcome}` : '')).toEqual([
        ['mediation', 'breached', '2025-03-03', '2025-03-18', 'P1'],
        ['limitation', 'running', '2025-03-25', '2026-03-25', null],
      ]);
    }
  });

  it('one proceeding’s end stops its own clocks, not another’s; an arbitration’s end does not restart the limitation', () => {
    const clocks = play([
      { fact: 'received', on: '2025-03-03', proceedingId: P1, kind: 'mediation' },
      { fact: 'received', on: '2025-03-04', proceedingId: P2, kind: 'mediation' },
      { fact: 'concluded', on: '2025-03-05', proceedingId: P2, kind: 'mediation', outcome: 'withdrawn' },
    ]);
    expect(of(clocks, 'mediation').map((k) => [k.proceedingId, k.status])).toEqual([[P1, 'running'], [P2, 'met']]);
    const arb = play([
      { fact: 'received', on: '2025-03-03', proceedingId: P3, kind: 'arbitration' },
      { fact: 'concluded', on: '2025-03-05', proceedingId: P3, kind: 'arbitration', outcome: 'withdrawn' },
    ]);
    expect(shown(arb)).toEqual([['arbitration_acceptance', 'met', '2025-03-03', '2025-03-10', 'P3']]);
  });

  it('a mediation’s end that is not a settlement opens no confirmation window; a mediation clock is not started by another kind', () => {
    const clocks = play([
      { fact: 'received', on: '2025-03-03', proceedingId: P1, kind: 'mediation' },
      { fact: 'concluded', on: '2025-03-10', proceedingId: P1, kind: 'mediation', outcome: 'failed' },
    ]);
    expect(of(clocks, 'confirmation_window')).toEqual([]);
    expect(of(play([{ fact: 'received', on: '2025-03-03', proceedingId: P3, kind: 'litigation' }]), 'mediation')).toEqual([]);
  });

  it('the court: applying stops the 30-day window, accepting starts its 30 days to decide (民事诉讼法 art. 187), deciding stops them', () => {
    const settled = play([
      { fact: 'received', on: '2025-03-03', proceedingId: P1, kind: 'mediation' },
      { fact: 'concluded', on: '2025-03-10', proceedingId: P1, kind: 'mediation', outcome: 'settled' },
    ]);
    const applied = play([{ fact: 'received', on: '2025-03-20', proceedingId: P2, kind: 'confirmation' }], terminated, settled);
    expect(of(applied, 'confirmation_window').map((k) => [k.status, k.stoppedOn])).toEqual([['met', '2025-03-20']]);
    expect(of(applied, 'confirmation_review')).toEqual([]);
    const accepted = play([{ fact: 'accepted', on: '2025-03-21', proceedingId: P2, kind: 'confirmation' }], terminated, applied);
    // 2025-04-20 is a Sunday: Monday 04-21.
    expect(shown(of(accepted, 'confirmation_review'))).toEqual([['confirmation_review', 'running', '2025-03-21', '2025-04-21', 'P2']]);
    const decided = play([{ fact: 'concluded', on: '2025-04-01', proceedingId: P2, kind: 'confirmation', outcome: 'confirmed' }], terminated, accepted);
    expect(of(decided, 'confirmation_review').map((k) => k.status)).toEqual(['met']);
  });

  it('arbitration: five working days to accept (art. 29), then 45 days to award (art. 43), extended once by the arbitration’s own extension', () => {
    const received = play([{ fact: 'received', on: '2025-09-26', proceedingId: P3, kind: 'arbitration' }]);
    // 09-28 (make-up Sunday), 09-29, 09-30, 10-09, 10-10.
    expect(shown(received)).toEqual([['arbitration_acceptance', 'running', '2025-09-26', '2025-10-10', 'P3']]);
    const accepted = play([{ fact: 'accepted', on: '2025-10-09', proceedingId: P3, kind: 'arbitration' }], terminated, received);
    // 2025-10-09 + 45 = 2025-11-23, a Sunday: Monday 11-24.
    expect(shown(accepted)).toEqual([
      ['arbitration_acceptance', 'met', '2025-09-26', '2025-10-10', 'P3'],
      ['arbitration_award', 'running', '2025-10-09', '2025-11-24', 'P3'],
    ]);
    const byMediation = advanceClocks(accepted, terminated, [{ fact: 'extended', on: '2025-10-20', proceedingId: P3, kind: 'mediation', days: 15 }], cal, { today: '2025-10-20', now: new Date() });
    expect(of(byMediation, 'arbitration_award')[0].dueOn).toBe('2025-11-24');
    const extended = advanceClocks(accepted, terminated, [{ fact: 'extended', on: '2025-10-20', proceedingId: P3, kind: 'arbitration', days: 15 }], cal, { today: '2025-10-20', now: new Date() });
    // 45 + 15 = 60 days: 2025-12-08, a Monday.
    expect(of(extended, 'arbitration_award').map((k) => [k.dueOn, k.extensions, k.extensionDays])).toEqual([['2025-12-08', 1, 15]]);
  });

  it('a mediation extended as the parties agree lengthens its own 15 days, and an arbitration’s extension does not', () => {
    const received = play([{ fact: 'received', on: '2025-03-03', proceedingId: P1, kind: 'mediation' }]);
    const extend = (kind: 'mediation' | 'arbitration') =>
      advanceClocks(received, terminated, [{ fact: 'extended', on: '2025-03-10', proceedingId: P1, kind, days: 10 }], cal, { today: '2025-03-10', now: new Date() });
    // 15 + 10 = 25 days: 2025-03-28, a Friday.
    expect(of(extend('mediation'), 'mediation').map((k) => [k.dueOn, k.extensions, k.extensionDays])).toEqual([['2025-03-28', 1, 10]]);
    expect(of(extend('arbitration'), 'mediation').map((k) => [k.dueOn, k.extensions])).toEqual([['2025-03-18', 0]]);
  });

  it('an arbitration declined stops its five days; an arbitration received by referral also starts the receiving side’s three working days, which acceptance stops', () => {
    const declined = play([
      { fact: 'received', on: '2025-03-03', proceedingId: P3, kind: 'arbitration' },
      { fact: 'declined', on: '2025-03-05', proceedingId: P3, kind: 'arbitration' },
    ]);
    expect(shown(declined)).toEqual([['arbitration_acceptance', 'met', '2025-03-03', '2025-03-10', 'P3']]);
    const referred = play([{ fact: 'received', on: '2025-03-03', proceedingId: P3, kind: 'arbitration', viaReferral: true }]);
    expect(shown(referred)).toEqual([
      ['arbitration_acceptance', 'running', '2025-03-03', '2025-03-10', 'P3'],
      ['referral_ack', 'running', '2025-03-03', '2025-03-06', 'P3'],
    ]);
    for (const end of [{ fact: 'accepted' }, { fact: 'declined' }, { fact: 'concluded', outcome: 'withdrawn' }] as const) {
      const after = play([{ ...end, on: '2025-03-04', proceedingId: P3, kind: 'arbitration' }], terminated, referred);
      expect(of(after, 'referral_ack').map((k) => k.status), end.fact).toEqual(['met']);
    }
    const direct = play([{ fact: 'received', on: '2025-03-03', proceedingId: P1, kind: 'mediation' }]);
    expect(of(direct, 'referral_ack')).toEqual([]);
  });

  it('an award delivered: 15 days to sue (arts. 48, 50) from delivery, and for a final award 30 days for the employer to apply to vacate (art. 49)', () => {
    const accepted = play([
      { fact: 'received', on: '2025-03-03', proceedingId: P3, kind: 'arbitration' },
      { fact: 'accepted', on: '2025-03-04', proceedingId: P3, kind: 'arbitration' },
    ]);
    const awarded = play([{ fact: 'concluded', on: '2025-04-01', proceedingId: P3, kind: 'arbitration', outcome: 'awarded', deliveredOn: '2025-04-03' }], terminated, accepted);
    expect(shown(awarded).slice(2)).toEqual([['appeal_window', 'running', '2025-04-03', '2025-04-18', null]]);
    expect(of(awarded, 'arbitration_award').map((k) => k.status)).toEqual(['met']);
    const final = play([{ fact: 'concluded', on: '2025-04-01', proceedingId: P3, kind: 'arbitration', outcome: 'awarded', deliveredOn: '2025-04-03', finalAward: true }], terminated, accepted);
    // 2025-05-03 is in the May Day holiday (05-01..05-05): Tuesday 05-06.
    expect(shown(final).slice(2)).toEqual([
      ['appeal_window', 'running', '2025-04-03', '2025-04-18', null],
      ['vacate_window', 'running', '2025-04-03', '2025-05-06', null],
    ]);
    // A mediation settled is no award; an award withdrawn is none either.
    const withdrawn = play([{ fact: 'concluded', on: '2025-04-01', proceedingId: P3, kind: 'arbitration', outcome: 'withdrawn', deliveredOn: '2025-04-03' }], terminated, accepted);
    expect(of(withdrawn, 'appeal_window')).toEqual([]);
  });

  it('an award recorded without its delivery starts nothing until it is served on the worker (SPEC §10), and a final one starts both windows then', () => {
    const accepted = play([
      { fact: 'received', on: '2025-03-03', proceedingId: P3, kind: 'arbitration' },
      { fact: 'accepted', on: '2025-03-04', proceedingId: P3, kind: 'arbitration' },
    ]);
    const recorded = play([{ fact: 'concluded', on: '2025-04-01', proceedingId: P3, kind: 'arbitration', outcome: 'awarded', finalAward: true }], terminated, accepted);
    expect(of(recorded, 'appeal_window')).toEqual([]);
    expect(of(recorded, 'vacate_window')).toEqual([]);
    const served = play([{ fact: 'award_served', on: '2025-04-07', proceedingId: P3, deliveredOn: '2025-04-07' }], terminated, recorded);
    expect(shown(served).slice(2)).toEqual([['appeal_window', 'running', '2025-04-07', '2025-04-22', null]]);
    const servedFinal = play([{ fact: 'award_served', on: '2025-04-07', proceedingId: P3, deliveredOn: '2025-04-07', finalAward: true }], terminated, recorded);
    expect(shown(servedFinal).slice(2)).toEqual([
      ['appeal_window', 'running', '2025-04-07', '2025-04-22', null],
      ['vacate_window', 'running', '2025-04-07', '2025-05-07', null],
    ]);
  });

  it('a suit received at the court stops both windows and the limitation; a confirmation received does not stop the windows', () => {
    const windows = play([
      { fact: 'filed', on: '2025-03-03' },
      { fact: 'award_served', on: '2025-04-07', deliveredOn: '2025-04-07', finalAward: true },
    ]);
    expect(windows.map((k) => [k.kind, k.status])).toEqual([['limitation', 'running'], ['appeal_window', 'running'], ['vacate_window', 'running']]);
    const confirmation = play([{ fact: 'received', on: '2025-04-10', proceedingId: P2, kind: 'confirmation' }], terminated, windows);
    expect(confirmation.filter((k) => k.kind !== 'limitation').map((k) => [k.kind, k.status])).toEqual([['appeal_window', 'running'], ['vacate_window', 'running']]);
    const suit = play([{ fact: 'received', on: '2025-04-10', proceedingId: P2, kind: 'litigation' }], terminated, windows);
    expect(suit.map((k) => [k.kind, k.status])).toEqual([['limitation', 'met'], ['appeal_window', 'met'], ['vacate_window', 'met']]);
  });

  it('an agreement with instalments starts the performance clock on the first one; paid in full or in default stops it', () => {
    const instalments = [{ dueOn: '2025-05-10', amountFen: 300_000 }, { dueOn: '2025-06-10', amountFen: 200_000 }];
    const agreed = play([{ fact: 'agreement', on: '2025-04-01', agreementId: AG, instalments }]);
    expect(shown(agreed)).toEqual([['performance', 'running', '2025-04-01', '2025-05-10', null]]);
    expect(agreed[0]).toMatchObject({ agreementId: AG, ruleId: 'performance-instalments', explanation: ['按协议，第1期应于2025年5月10日前支付¥3,000.00'] });
    expect(play([{ fact: 'agreement', on: '2025-04-01', agreementId: AG, instalments: [] }])).toEqual([]);
    for (const end of ['performed', 'defaulted'] as const) {
      const after = play([{ fact: end, on: '2025-05-08', agreementId: AG }], terminated, agreed);
      expect(after.map((k) => k.status), end).toEqual(['met']);
    }
    // Another agreement's performance does not stop this one.
    expect(play([{ fact: 'performed', on: '2025-05-08', agreementId: P1 }], terminated, agreed).map((k) => k.status)).toEqual(['running']);
  });

  it('closing the case stops every clock still running', () => {
    const open = play([
      { fact: 'filed', on: '2025-03-03' },
      { fact: 'received', on: '2025-03-03', proceedingId: P3, kind: 'arbitration', viaReferral: true },
    ]);
    expect(open.map((k) => k.status)).toEqual(['met', 'running', 'running']);
    expect(play([{ fact: 'closed', on: '2025-03-04' }], terminated, open).map((k) => [k.kind, k.status, k.stoppedOn])).toEqual([
      ['limitation', 'met', '2025-03-03'],
      ['arbitration_acceptance', 'met', '2025-03-04'],
      ['referral_ack', 'met', '2025-03-04'],
    ]);
  });

  it('every kind of clock has a lifecycle, and the stored statuses are the four SPEC §5 names', () => {
    expect(Object.keys(CLOCK_LIFECYCLE).sort()).toEqual([...CLOCK_KINDS].sort());
    expect(CLOCK_KINDS).toHaveLength(10);
    expect(CLOCK_STATUSES).toEqual(['running', 'paused', 'met', 'breached']);
  });
});
