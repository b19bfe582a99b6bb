import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROCEEDING_OUTCOMES } from '../../src/domain/model.js';
import {
  bucket,
  concludedOnTime,
  dayDiff,
  isTimeGroup,
  openBalance,
  passes,
  quantile,
  rate,
  STATUTORY_PROCEEDING_CLOCKS,
  TIME_GROUPS,
  periodKey,
  periodLabel,
  quarterDates,
  SETTLED_OUTCOMES,
  STAT_ACTS,
  STAT_COUNTERS,
  STAT_DURATIONS,
  STAT_FIELDS,
  statDeltas,
  statRow,
  type ProceedingFacts,
  type StatCounter,
} from '../../src/domain/statistics.js';
import { casePlan, fromNothing, legalDay, plain, play, recount, tallyOf, type Tally } from '../support/stat-stories.js';

const ORG = '01890000-0000-7000-8000-0000000000a1';
const CASE = { claimedFen: 80_000, applicantCount: 3 };
const at = (iso: string) => new Date(iso);
const accepted: ProceedingFacts = {
  orgId: ORG,
  kind: 'mediation',
  state: 'accepted',
  outcome: null,
  referredFromOrgId: null,
  receivedAt: at('2026-03-01T09:00:00+08:00'),
  acceptedAt: at('2026-03-02T09:00:00+08:00'),
  concludedAt: null,
  onTime: null,
  prevailed: null,
};
const change = (before: ProceedingFacts | null, after: ProceedingFacts) => ({ case: CASE, proceedings: [{ before, after }], agreements: [], payments: [] });

describe('the statistics definitions', () => {
  it('have each counter and each histogram added to by exactly one act', () => {
    for (const counter of STAT_COUNTERS) expect(STAT_ACTS.filter((a) => counter in a.counts).map((a) => a.act), counter).toHaveLength(1);
    for (const measure of STAT_DURATIONS) expect(STAT_ACTS.filter((a) => a.span?.measure === measure).map((a) => a.act), measure).toHaveLength(1);
  });

  it('name a source for each of the ministry’s cuts', () => {
    const cuts = ['endedByMediation', 'endedByArbitralSettlement', 'endedByAward', 'endedOtherwise', 'prevailedWorker', 'prevailedEmployer', 'prevailedPartly', 'finalAwards'];
    for (const key of cuts) expect(STAT_FIELDS.find((f) => f.key === key), key).toHaveProperty('source');
  });

  it('give quarters and years their keys, labels and days', () => {
    expect(['2025-01-01', '2025-03-31', '2025-04-01', '2025-12-31'].map((d) => periodKey('quarter', d))).toEqual(['2025-Q1', '2025-Q1', '2025-Q2', '2025-Q4']);
    expect(periodKey('year', '2025-07-09')).toBe('2025');
    expect(['2025-Q3', '2025', '2025-03', 'wages'].map(periodLabel)).toEqual(['2025年第三季度', '2025年', '2025年3月', 'wages']);
    expect(quarterDates('2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(quarterDates('2025-Q4')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    for (const bad of ['2025-Q5', '2025-Q0', '2025Q1', 'Q1-2025', '2025-q1', '25-Q1', '']) expect(quarterDates(bad), bad).toBeNull();
  });

  it('explain concluded and settled with the outcome lists they count', () => {
    const means = (key: string) => STAT_FIELDS.find((f) => f.key === key)!.means;
    for (const o of PROCEEDING_OUTCOMES) expect(means('concluded')).toContain(o);
    expect(means('settled')).toBe(`concluded in the period as ${SETTLED_OUTCOMES.join(' or ')}`);
  });
});

describe('statDeltas', () => {
  it('counts a filing on its China-time date, with the case’s claims and workers', () => {
    const received = { ...accepted, state: 'received' as const, receivedAt: at('2026-03-31T23:30:00+08:00'), acceptedAt: null };
    expect(statDeltas(change(null, received))).toEqual([
      { orgId: ORG, kind: 'mediation', on: '2026-03-31', counters: { received: 1, claimedFen: 80_000, workers: 3 }, spans: [] },
    ]);
  });

  it('counts a settlement once, with its agreement, and leaves out what the proceeding had already done', () => {
    const settled: ProceedingFacts = { ...accepted, state: 'concluded', outcome: 'settled', concludedAt: at('2026-03-12T10:00:00+08:00'), onTime: true };
    const deltas = statDeltas({ ...change(accepted, settled), agreements: [{ row: { amountFen: 50_000, recordedAt: settled.concludedAt!, final: null }, proceeding: settled }] });
    expect(deltas).toEqual([
      {
        orgId: ORG,
        kind: 'mediation',
        on: '2026-03-12',
        counters: { concluded: 1, settled: 1, onTime: 1, acceptedConcluded: 1, agreedFen: 50_000, endedByMediation: 1 },
        spans: [{ measure: 'resolution', days: 10, count: 1 }],
      },
    ]);
  });

  it('counts how an arbitration ended, who prevailed and a final award in the ministry’s cuts', () => {
    const arbitration: ProceedingFacts = { ...accepted, kind: 'arbitration' };
    const awarded: ProceedingFacts = { ...arbitration, state: 'concluded', outcome: 'awarded', concludedAt: at('2026-03-12T10:00:00+08:00'), onTime: true, prevailed: 'partly' };
    const award = { row: { amountFen: 9_000, recordedAt: awarded.concludedAt!, final: true }, proceeding: awarded };
    expect(statDeltas({ ...change(arbitration, awarded), agreements: [award] })[0].counters).toEqual({
      concluded: 1,
      onTime: 1,
      acceptedConcluded: 1,
      agreedFen: 9_000,
      endedByAward: 1,
      prevailedPartly: 1,
      finalAwards: 1,
    });
    const settled: ProceedingFacts = { ...awarded, outcome: 'settled', prevailed: 'worker' };
    expect(statDeltas({ ...change(arbitration, settled), agreements: [{ ...award, row: { ...award.row, final: null }, proceeding: settled }] })[0].counters).toMatchObject({
      settled: 1,
      endedByArbitralSettlement: 1,
      prevailedWorker: 1,
    });
    const judged: ProceedingFacts = { ...accepted, kind: 'litigation', state: 'concluded', outcome: 'judged', concludedAt: at('2026-03-12T10:00:00+08:00'), onTime: true, prevailed: 'employer' };
    const row = statRow('x', 'x', { ...bucket(), counters: { ...bucket().counters, ...(statDeltas(change({ ...accepted, kind: 'litigation' }, judged))[0].counters as object) } });
    expect(row).toMatchObject({ concluded: 1, endedByMediation: 0, endedByArbitralSettlement: 0, endedByAward: 0, endedOtherwise: 1, prevailedEmployer: 1, finalAwards: 0 });
  });

  it('counts a payment on the day it was made, under the proceeding that recorded the agreement', () => {
    const awarded: ProceedingFacts = { ...accepted, kind: 'arbitration', state: 'concluded', outcome: 'awarded', concludedAt: at('2026-03-12T10:00:00+08:00'), onTime: false };
    const deltas = statDeltas({ case: CASE, proceedings: [], agreements: [], payments: [{ row: { amountFen: 700, paidAt: at('2026-04-01T00:10:00+08:00') }, proceeding: awarded }] });
    expect(deltas).toEqual([{ orgId: ORG, kind: 'arbitration', on: '2026-04-01', counters: { paidFen: 700 }, spans: [] }]);
  });

  it('a referral accepted and concluded the same day: the hand-off and the resolution days each in their own histogram', () => {
    const referred: ProceedingFacts = { ...accepted, kind: 'arbitration', state: 'received', referredFromOrgId: 'org-before', receivedAt: at('2026-03-01T09:00:00+08:00'), acceptedAt: null };
    const ended: ProceedingFacts = { ...referred, state: 'concluded', outcome: 'withdrawn', acceptedAt: at('2026-03-05T09:00:00+08:00'), concludedAt: at('2026-03-05T16:00:00+08:00'), onTime: true };
    const [d] = statDeltas(change(referred, ended));
    expect(d.on).toBe('2026-03-05');
    expect(d.spans).toEqual([
      { measure: 'handoff', days: 4, count: 1 },
      { measure: 'resolution', days: 0, count: 1 },
    ]);
  });

  it('a conclusion whose acceptance date is corrected takes back the old days taken and adds the new, on the same day', () => {
    const concluded: ProceedingFacts = { ...accepted, state: 'concluded', outcome: 'failed', concludedAt: at('2026-03-12T10:00:00+08:00'), onTime: true };
    const corrected = { ...concluded, acceptedAt: at('2026-03-05T09:00:00+08:00') };
    const onConclusion = statDeltas(change(concluded, corrected)).find((d) => d.on === '2026-03-12')!;
    expect(onConclusion.spans).toEqual([
      { measure: 'resolution', days: 10, count: -1 },
      { measure: 'resolution', days: 7, count: 1 },
    ]);
    expect(onConclusion.counters).toEqual({});
  });

  it('adds nothing for a change no statistic counts', () => {
    expect(statDeltas(change(accepted, { ...accepted }))).toEqual([]);
  });

  it('takes back what a counted act no longer adds when the act itself changes', () => {
    const failed: ProceedingFacts = { ...accepted, state: 'concluded', outcome: 'failed', concludedAt: at('2026-03-12T10:00:00+08:00'), onTime: false };
    expect(statDeltas(change(failed, { ...failed, outcome: 'confirmed', onTime: true }))).toEqual([
      { orgId: ORG, kind: 'mediation', on: '2026-03-12', counters: { settled: 1, onTime: 1 }, spans: [] },
    ]);
    const later = { ...failed, concludedAt: at('2026-04-02T10:00:00+08:00') };
    expect(statDeltas(change(failed, later))).toEqual([
      { orgId: ORG, kind: 'mediation', on: '2026-03-12', counters: { concluded: -1, acceptedConcluded: -1 }, spans: [{ measure: 'resolution', days: 10, count: -1 }] },
      { orgId: ORG, kind: 'mediation', on: '2026-04-02', counters: { concluded: 1, acceptedConcluded: 1 }, spans: [{ measure: 'resolution', days: 31, count: 1 }] },
    ]);
  });

  it('adds up, action by action, to a recount of the rows by what each figure means', () => {
    fc.assert(
      fc.property(casePlan, (plan) => {
        const tally: Tally = new Map();
        for (const { change, rows } of play(plan).steps) {
          tallyOf(statDeltas(change), tally);
          expect(plain(tally)).toEqual(plain(recount([rows])));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives, summed over every earlier day, the proceedings still open on a day (carriedOver)', () => {
    fc.assert(
      fc.property(casePlan, fc.integer({ min: 0, max: 200 }), (plan, offset) => {
        const steps = play(plan).steps;
        const rows = steps[steps.length - 1].rows;
        const day = legalDay(new Date(Date.UTC(2025, 10, 20) + offset * 86_400_000));
        const open = rows.proceedings.filter((p) => p.acceptedAt && legalDay(p.acceptedAt) < day && !(p.concludedAt && legalDay(p.concludedAt) < day)).length;
        const counters = Object.fromEntries(STAT_COUNTERS.map((c) => [c, 0])) as Record<StatCounter, number>;
        for (const d of statDeltas(fromNothing(rows))) {
          if (d.on >= day) continue;
          for (const [c, n] of Object.entries(d.counters)) counters[c as StatCounter] += n;
        }
        expect(openBalance(counters)).toBe(open);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 24: the figures of a row as SPEC §6 defines them, read from the counters.

/** A bucket with some counters set and day histograms given as lists of days. */
const filled = (counters: Partial<Record<StatCounter, number>>, carriedOver = 0, resolution: number[] = [], handoff: number[] = []) => {
  const b = bucket();
  Object.assign(b.counters, counters);
  b.carriedOver = carriedOver;
  for (const d of resolution) b.resolution.set(d, (b.resolution.get(d) ?? 0) + 1);
  for (const d of handoff) b.handoff.set(d, (b.handoff.get(d) ?? 0) + 1);
  return b;
};

describe('a row of figures (SPEC §6)', () => {
  it('结案率 = concluded ÷ (carriedOver + accepted), 调解成功率 = settled ÷ concluded, 按期结案率 = on time ÷ concluded, to four places', () => {
    const row = statRow('2025-03', '2025年3月', filled({ accepted: 5, concluded: 4, settled: 3, onTime: 2, received: 9, declined: 1 }, 1));
    expect(row).toMatchObject({ key: '2025-03', label: '2025年3月', carriedOver: 1, received: 9, accepted: 5, declined: 1, concluded: 4, settled: 3 });
    expect(row.closureRate).toBe(0.6667); // 4 ÷ 6
    expect(row.settlementRate).toBe(0.75);
    expect(row.onTimeRate).toBe(0.5);
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(3, 3)).toBe(1);
    expect(rate(0, 3)).toBe(0);
  });

  it('a rate over nothing is null, never a division error', () => {
    const row = statRow('x', 'x', bucket());
    expect([row.closureRate, row.settlementRate, row.onTimeRate, row.medianDays, row.p90Days, row.handoffMedianDays]).toEqual([null, null, null, null, null, null]);
    expect(rate(0, 0)).toBeNull();
    expect(rate(5, 0)).toBeNull();
    // Carried over alone is a denominator: nothing concluded of one open proceeding is 0, not null.
    expect(statRow('x', 'x', filled({}, 1)).closureRate).toBe(0);
  });

  it('the median and the 90th percentile of the days taken are nearest-rank values of the days seen', () => {
    // Ten proceedings: 1..10 days. Median: the 5th value (5); 90th percentile: the 9th (9).
    const ten = statRow('x', 'x', filled({ concluded: 10 }, 0, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [3, 1, 2]));
    expect([ten.medianDays, ten.p90Days, ten.handoffMedianDays]).toEqual([5, 9, 2]);
    // Given out of order and with repeats: the histogram is read in order of days.
    expect(quantile(new Map([[30, 1], [2, 2], [10, 1]]), 0.5)).toBe(2);
    expect(quantile(new Map([[30, 1], [2, 2], [10, 1]]), 0.75)).toBe(10);
    expect(quantile(new Map([[30, 1], [2, 2], [10, 1]]), 0.9)).toBe(30);
    expect(quantile(new Map([[7, 1]]), 0.5)).toBe(7);
    expect(quantile(new Map([[7, 1]]), 0)).toBe(7); // at least the first value
    expect(quantile(new Map(), 0.5)).toBeNull();
    expect(quantile(new Map([[7, 0]]), 0.5)).toBeNull();
  });

  it('the median is nearest rank for any days: at least half at or below it, fewer than half below it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 40 }), fc.constantFrom(0.5, 0.9), (days, q) => {
        const h = new Map<number, number>();
        for (const d of days) h.set(d, (h.get(d) ?? 0) + 1);
        const v = quantile(h, q)!;
        const sorted = [...days].sort((a, b) => a - b);
        expect(v).toBe(sorted[Math.max(1, Math.ceil(q * days.length)) - 1]);
      }),
      { numRuns: 200 },
    );
  });

  it('amounts, workers and the ministry’s cuts are the counters; 其他方式结案 is what the three named manners leave', () => {
    const row = statRow(
      'x',
      'x',
      filled({
        concluded: 10,
        endedByMediation: 3,
        endedByArbitralSettlement: 2,
        endedByAward: 1,
        claimedFen: 100,
        agreedFen: 200,
        paidFen: 300,
        workers: 7,
        prevailedWorker: 4,
        prevailedEmployer: 2,
        prevailedPartly: 1,
        finalAwards: 1,
      }),
    );
    expect(row).toMatchObject({
      claimedFen: 100,
      agreedFen: 200,
      paidFen: 300,
      workers: 7,
      endedByMediation: 3,
      endedByArbitralSettlement: 2,
      endedByAward: 1,
      endedOtherwise: 4,
      prevailedWorker: 4,
      prevailedEmployer: 2,
      prevailedPartly: 1,
      finalAwards: 1,
    });
    // Every figure of STAT_FIELDS is in the row, and nothing else but its key and label.
    expect(Object.keys(row).sort()).toEqual(['key', 'label', ...STAT_FIELDS.map((f) => f.key)].sort());
  });

  it('still open at the start of a period = accepted − concluded after acceptance, summed before it', () => {
    expect(openBalance({ ...bucket().counters, accepted: 7, acceptedConcluded: 3, concluded: 5 })).toBe(4);
  });

  it('counts a proceeding on time only when none of its statutory clocks was breached; a referral’s acknowledgement and other proceedings’ clocks do not count', () => {
    const P = 'p1';
    expect(STATUTORY_PROCEEDING_CLOCKS).toEqual(['mediation', 'arbitration_acceptance', 'arbitration_award', 'confirmation_review']);
    expect(concludedOnTime([], P)).toBe(true);
    expect(concludedOnTime([{ proceedingId: P, kind: 'mediation', status: 'met' }], P)).toBe(true);
    for (const kind of STATUTORY_PROCEEDING_CLOCKS) expect(concludedOnTime([{ proceedingId: P, kind, status: 'breached' }], P), kind).toBe(false);
    expect(concludedOnTime([{ proceedingId: P, kind: 'referral_ack', status: 'breached' }], P)).toBe(true);
    expect(concludedOnTime([{ proceedingId: 'other', kind: 'mediation', status: 'breached' }], P)).toBe(true);
    expect(concludedOnTime([{ proceedingId: P, kind: 'arbitration_award', status: 'running' }], P)).toBe(true);
  });

  it('a condition on a proceeding holds only when every part given holds', () => {
    const p: ProceedingFacts = { ...accepted, kind: 'arbitration', state: 'concluded', outcome: 'awarded', prevailed: 'worker', onTime: true, concludedAt: at('2026-03-12T10:00:00+08:00') };
    expect(passes({}, p)).toBe(true);
    expect(passes({ state: ['concluded'], kind: ['arbitration'], outcome: ['awarded'], prevailed: ['worker'], has: ['acceptedAt'], onTime: true }, p)).toBe(true);
    expect(passes({ state: ['declined'] }, p)).toBe(false);
    expect(passes({ kind: ['mediation'] }, p)).toBe(false);
    expect(passes({ outcome: ['settled'] }, p)).toBe(false);
    expect(passes({ outcome: ['settled'] }, { ...p, outcome: null })).toBe(false);
    expect(passes({ prevailed: ['employer'] }, p)).toBe(false);
    expect(passes({ prevailed: ['worker'] }, { ...p, prevailed: null })).toBe(false);
    expect(passes({ has: ['referredFromOrgId'] }, p)).toBe(false);
    expect(passes({ has: ['referredFromOrgId'] }, { ...p, referredFromOrgId: ORG })).toBe(true);
    expect(passes({ onTime: true }, { ...p, onTime: null })).toBe(false);
    expect(passes({ onTime: true }, { ...p, onTime: false })).toBe(false);
  });

  it('whole calendar days between two legal dates, across a month and a leap day', () => {
    expect(dayDiff('2024-02-28', '2024-03-01')).toBe(2);
    expect(dayDiff('2025-03-12', '2025-03-02')).toBe(-10);
    expect(dayDiff('2025-03-12', '2025-03-12')).toBe(0);
  });

  it('months, quarters and years are the time groups; each period has its key and its Chinese name', () => {
    expect(TIME_GROUPS).toEqual(['month', 'quarter', 'year']);
    expect(['month', 'quarter', 'year', 'org', 'region', 'category', 'kind'].map((g) => isTimeGroup(g as never))).toEqual([true, true, true, false, false, false, false]);
    expect(periodKey('month', '2025-07-09')).toBe('2025-07');
    expect(['2025-02-01', '2025-05-31', '2025-06-30', '2025-07-01', '2025-09-30', '2025-10-01'].map((d) => periodKey('quarter', d))).toEqual([
      '2025-Q1', '2025-Q2', '2025-Q2', '2025-Q3', '2025-Q3', '2025-Q4',
    ]);
    expect(['2025-Q1', '2025-Q2', '2025-Q4', '2025-12', '2025-01'].map(periodLabel)).toEqual(['2025年第一季度', '2025年第二季度', '2025年第四季度', '2025年12月', '2025年1月']);
    // What is not a period's key is shown as it is.
    for (const other of ['2025-Q5', 'x2025-Q1', '2025-Q1x', '2025-1', 'x2025-03', '2025-03x', '20255', 'x2025', '2025x', '']) expect(periodLabel(other), other).toBe(other);
    expect(quarterDates('2025-Q2')).toEqual({ from: '2025-04-01', to: '2025-06-30' });
    expect(quarterDates('2025-Q3')).toEqual({ from: '2025-07-01', to: '2025-09-30' });
    expect(quarterDates('2025-Q1')).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    for (const bad of ['x2025-Q1', '2025-Q1x']) expect(quarterDates(bad), bad).toBeNull();
  });
});
