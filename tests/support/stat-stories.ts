/**
 * Random case histories as the statistics see them (tests/unit/statistics.test.ts,
 * tests/api/stats-definitions.test.ts): the changes the actions make, one by one, the rows after
 * each, and the figures of those rows counted by hand from the meanings in STAT_FIELDS.
 */
import fc from 'fast-check';
import { KIND_OUTCOMES, PREVAILED, PROCEEDING_KINDS, type Prevailed, type ProceedingKind } from '../../src/domain/model.js';
import {
  SETTLED_OUTCOMES,
  STAT_COUNTERS,
  type AgreementFacts,
  type CaseFacts,
  type PaymentFacts,
  type ProceedingFacts,
  type StatChange,
  type StatCounter,
  type StatDelta,
} from '../../src/domain/statistics.js';

export const STORY_ORGS = ['01890000-0000-7000-8000-0000000000a1', '01890000-0000-7000-8000-0000000000a2', '01890000-0000-7000-8000-0000000000a3'];

interface ProceedingPlan {
  orgId: string;
  kind: ProceedingKind;
  fate: 'open' | 'accepted' | 'declined' | 'concluded';
  /** Concluded: whether it was accepted first (a withdrawal can end a proceeding never accepted). */
  acceptedFirst: boolean;
  /** Accepted in the same change as its receipt, as a filing with acceptNow is. */
  acceptedAtOnce: boolean;
  outcome: number;
  /** Unset too, which counts as not on time. */
  onTime: boolean | null;
  /** Who prevailed, when staff said it at the conclusion. */
  prevailed: Prevailed | null;
  /** An award's agreement: marked final (一裁终局). */
  final: boolean;
  /** Minutes from receipt to acceptance, from acceptance (or receipt) to the end, and to the next act. */
  gaps: [Gap, Gap, Gap];
  agreementFen: number | null;
  payments: { gap: Gap; amountFen: number }[];
}

/** Minutes, or to the next midnight in China, where one legal date ends and the next begins. */
type Gap = number | 'midnight';

export interface CasePlan {
  /** Minutes after START of the first receipt. */
  start: number;
  claimedFen: number;
  applicantCount: number;
  proceedings: ProceedingPlan[];
}

/** Plans start around a new year, in minutes, so that days, months and years turn within a story. */
const START = Date.UTC(2025, 10, 20);
const DAY = 24 * 60;

const gap: fc.Arbitrary<Gap> = fc.oneof(fc.constant(0), fc.constant('midnight' as const), fc.integer({ min: 1, max: 3 * 60 }), fc.integer({ min: 1, max: 50 * DAY }));
const CHINA_MS = 8 * 3_600_000;
const after = (t: number, g: Gap) => (g === 'midnight' ? (Math.floor((t + CHINA_MS) / 86_400_000) + 1) * 86_400_000 - CHINA_MS : t + g * 60_000);

const proceedingPlan: fc.Arbitrary<ProceedingPlan> = fc.record({
  orgId: fc.constantFrom(...STORY_ORGS),
  kind: fc.constantFrom(...PROCEEDING_KINDS),
  fate: fc.constantFrom('open', 'accepted', 'declined', 'concluded'),
  acceptedFirst: fc.boolean(),
  acceptedAtOnce: fc.boolean(),
  outcome: fc.nat(),
  onTime: fc.option(fc.boolean()),
  prevailed: fc.option(fc.constantFrom(...PREVAILED)),
  final: fc.boolean(),
  gaps: fc.tuple(gap, gap, gap),
  agreementFen: fc.option(fc.integer({ min: 0, max: 5_000_000 })),
  payments: fc.array(fc.record({ gap, amountFen: fc.integer({ min: 1, max: 1_000_000 }) }), { maxLength: 3 }),
});

export const casePlan: fc.Arbitrary<CasePlan> = fc.record({
  start: fc.integer({ min: 0, max: 80 * DAY }),
  claimedFen: fc.integer({ min: 0, max: 10_000_000 }),
  applicantCount: fc.integer({ min: 1, max: 40 }),
  proceedings: fc.array(proceedingPlan, { minLength: 1, maxLength: 3 }),
});

/** The rows of a case as they stand, each agreement and payment with the proceeding it counts under. */
export interface StoryRows {
  case: CaseFacts;
  proceedings: ProceedingFacts[];
  agreements: { row: AgreementFacts; proceeding: ProceedingFacts }[];
  payments: { row: PaymentFacts; proceeding: ProceedingFacts }[];
}

export interface Story {
  /** Each change an action makes, with the rows after it. */
  steps: { change: StatChange; rows: StoryRows }[];
}

/** Plays a plan as actions: file or refer, accept, decline or conclude (with its agreement), pay. */
export function play(plan: CasePlan): Story {
  const kase: CaseFacts = { claimedFen: plan.claimedFen, applicantCount: plan.applicantCount };
  const rows: StoryRows = { case: kase, proceedings: [], agreements: [], payments: [] };
  const steps: Story['steps'] = [];
  const step = (change: Omit<StatChange, 'case'>) => {
    for (const { before, after } of change.proceedings) {
      const i = before ? rows.proceedings.indexOf(before) : -1;
      if (i >= 0) rows.proceedings[i] = after;
      else rows.proceedings.push(after);
    }
    rows.agreements.push(...change.agreements);
    rows.payments.push(...change.payments);
    steps.push({ change: { case: kase, ...change }, rows: { ...rows, proceedings: [...rows.proceedings], agreements: [...rows.agreements], payments: [...rows.payments] } });
  };
  const none = { agreements: [], payments: [] };
  let t = START + plan.start * 60_000;
  let previous: ProceedingFacts | null = null;
  for (const p of plan.proceedings) {
    const at = () => new Date(t);
    const received: ProceedingFacts = {
      orgId: p.orgId,
      kind: p.kind,
      state: 'received',
      outcome: null,
      referredFromOrgId: previous?.orgId ?? null,
      receivedAt: at(),
      acceptedAt: null,
      concludedAt: null,
      onTime: null,
      prevailed: null,
    };
    let current = received;
    const accept = p.fate === 'accepted' || (p.fate === 'concluded' && p.acceptedFirst);
    if (accept && p.acceptedAtOnce) {
      current = { ...received, state: 'accepted', acceptedAt: at() };
      step({ proceedings: [{ before: null, after: current }], ...none });
    } else {
      step({ proceedings: [{ before: null, after: received }], ...none });
      if (accept) {
        t = after(t, p.gaps[0]);
        const accepted: ProceedingFacts = { ...current, state: 'accepted', acceptedAt: at() };
        step({ proceedings: [{ before: current, after: accepted }], ...none });
        current = accepted;
      }
    }
    if (p.fate === 'open' || p.fate === 'accepted') break;
    t = after(t, p.gaps[1]);
    if (p.fate === 'declined') {
      const declined: ProceedingFacts = { ...current, state: 'declined', concludedAt: at() };
      step({ proceedings: [{ before: current, after: declined }], ...none });
      current = declined;
    } else {
      const outcomes = KIND_OUTCOMES[p.kind];
      const outcome = outcomes[p.outcome % outcomes.length];
      const concluded: ProceedingFacts = { ...current, state: 'concluded', outcome, concludedAt: at(), onTime: p.onTime, prevailed: p.prevailed };
      // Only an award's agreement says whether it is final.
      const row = { amountFen: p.agreementFen ?? 0, recordedAt: at(), final: outcome === 'awarded' ? p.final : null };
      const agreement = p.agreementFen === null ? null : { row, proceeding: concluded };
      step({ proceedings: [{ before: current, after: concluded }], agreements: agreement ? [agreement] : [], payments: [] });
      current = concluded;
      for (const pay of agreement ? p.payments : []) {
        t = after(t, pay.gap);
        step({ proceedings: [], agreements: [], payments: [{ row: { amountFen: pay.amountFen, paidAt: at() }, proceeding: concluded }] });
      }
    }
    t = after(t, p.gaps[2]);
    previous = current;
  }
  return { steps };
}

/** The rows of a story with nothing before them: every act they hold, as one change. */
export const fromNothing = (rows: StoryRows): StatChange => ({
  case: rows.case,
  proceedings: rows.proceedings.map((after) => ({ before: null, after })),
  agreements: rows.agreements,
  payments: rows.payments,
});

/** Figures per (legal date, organisation, kind): counters, and spans as `measure|days` → how many. */
export type Tally = Map<string, { counters: Partial<Record<StatCounter, number>>; spans: Map<string, number> }>;

export const legalDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const daysBetween = (from: Date, to: Date) => Math.round((Date.parse(legalDay(to)) - Date.parse(legalDay(from))) / 86_400_000);

function entry(tally: Tally, on: string, orgId: string, kind: string) {
  const key = `${on}|${orgId}|${kind}`;
  let e = tally.get(key);
  if (!e) tally.set(key, (e = { counters: {}, spans: new Map() }));
  return e;
}
const addCounter = (tally: Tally, at: Date, p: ProceedingFacts, counter: StatCounter, n: number) => {
  const e = entry(tally, legalDay(at), p.orgId, p.kind);
  e.counters[counter] = (e.counters[counter] ?? 0) + n;
};
const addSpan = (tally: Tally, at: Date, p: ProceedingFacts, measure: string, days: number) => {
  const e = entry(tally, legalDay(at), p.orgId, p.kind);
  e.spans.set(`${measure}|${days}`, (e.spans.get(`${measure}|${days}`) ?? 0) + 1);
};

/** The figures of some rows, counted by hand from what STAT_FIELDS says each one means. */
export function recount(rows: StoryRows[]): Tally {
  const tally: Tally = new Map();
  for (const r of rows) {
    for (const p of r.proceedings) {
      addCounter(tally, p.receivedAt, p, 'received', 1);
      addCounter(tally, p.receivedAt, p, 'claimedFen', r.case.claimedFen);
      addCounter(tally, p.receivedAt, p, 'workers', r.case.applicantCount);
      if (p.acceptedAt) {
        addCounter(tally, p.acceptedAt, p, 'accepted', 1);
        if (p.referredFromOrgId) addSpan(tally, p.acceptedAt, p, 'handoff', daysBetween(p.receivedAt, p.acceptedAt));
      }
      if (p.concludedAt && p.state === 'declined') addCounter(tally, p.concludedAt, p, 'declined', 1);
      if (p.concludedAt && p.state === 'concluded') {
        addCounter(tally, p.concludedAt, p, 'concluded', 1);
        if ((SETTLED_OUTCOMES as readonly string[]).includes(p.outcome!)) addCounter(tally, p.concludedAt, p, 'settled', 1);
        if (p.onTime) addCounter(tally, p.concludedAt, p, 'onTime', 1);
        // The ministry's manners of handling and results (STAT_FIELDS' endedBy… and prevailed…).
        if (p.kind === 'mediation' && p.outcome === 'settled') addCounter(tally, p.concludedAt, p, 'endedByMediation', 1);
        if (p.kind === 'arbitration' && p.outcome === 'settled') addCounter(tally, p.concludedAt, p, 'endedByArbitralSettlement', 1);
        if (p.outcome === 'awarded') addCounter(tally, p.concludedAt, p, 'endedByAward', 1);
        if (p.prevailed === 'worker') addCounter(tally, p.concludedAt, p, 'prevailedWorker', 1);
        if (p.prevailed === 'employer') addCounter(tally, p.concludedAt, p, 'prevailedEmployer', 1);
        if (p.prevailed === 'partly') addCounter(tally, p.concludedAt, p, 'prevailedPartly', 1);
        if (p.acceptedAt) {
          addCounter(tally, p.concludedAt, p, 'acceptedConcluded', 1);
          addSpan(tally, p.concludedAt, p, 'resolution', daysBetween(p.acceptedAt, p.concludedAt));
        }
      }
    }
    for (const a of r.agreements) {
      addCounter(tally, a.row.recordedAt, a.proceeding, 'agreedFen', a.row.amountFen);
      if (a.row.final === true) addCounter(tally, a.row.recordedAt, a.proceeding, 'finalAwards', 1);
    }
    for (const pm of r.payments) addCounter(tally, pm.row.paidAt, pm.proceeding, 'paidFen', pm.row.amountFen);
  }
  return tally;
}

/** Deltas summed into a tally. */
export function tallyOf(deltas: readonly StatDelta[], into: Tally = new Map()): Tally {
  for (const d of deltas) {
    const e = entry(into, d.on, d.orgId, d.kind);
    for (const [c, n] of Object.entries(d.counters) as [StatCounter, number][]) e.counters[c] = (e.counters[c] ?? 0) + n;
    for (const s of d.spans) e.spans.set(`${s.measure}|${s.days}`, (e.spans.get(`${s.measure}|${s.days}`) ?? 0) + s.count);
  }
  return into;
}

/** A tally as a plain object without zeros, for toEqual. */
export function plain(tally: Tally): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [key, e] of [...tally].sort(([a], [b]) => a.localeCompare(b))) {
    const figures: Record<string, number> = {};
    for (const c of STAT_COUNTERS) if (e.counters[c]) figures[c] = e.counters[c]!;
    for (const [span, n] of [...e.spans].sort(([a], [b]) => a.localeCompare(b))) if (n) figures[span] = n;
    if (Object.keys(figures).length) out[key] = figures;
  }
  return out;
}
