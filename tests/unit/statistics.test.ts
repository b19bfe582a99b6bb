import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROCEEDING_OUTCOMES } from '../../src/domain/model.js';
import {
  bucket,
  openBalance,
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
