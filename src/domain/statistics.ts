/**
 * SPEC §6: the closure statistics, defined once.
 *
 * Every figure counts acts: a proceeding received, accepted or ended, an agreement recorded, a
 * payment made. STAT_ACTS says, for each act, which row it is, which of the row's timestamps dates
 * it (the act counts on that instant's legal date, China time), and what it adds to which counter
 * or histogram. Everything that counts reads these definitions:
 * - statDeltas below: what an action's change adds to the rollups (written by src/stats/rollup.ts);
 * - src/stats/acts.ts: the same acts as SQL relations, read by the rebuild of the rollups
 *   (src/stats/rebuild.ts) and by the count of a partial month or a full recount (src/stats/service.ts);
 * - STAT_FIELDS and statRow: the figures shown, from the counters; the README table and the CSV
 *   header read their labels from here.
 *
 * A proceeding's acts belong to the organisation that handled it, to its kind, and to every dispute
 * category of its case ('*' stands for "all categories", so totals never count a case twice). An
 * agreement and its payments count under the proceeding that recorded the agreement.
 */
import type { LegalBasis } from './law.js';
import { PROCEEDING_OUTCOMES, type Prevailed, type ProceedingKind, type ProceedingOutcome, type ProceedingState } from './model.js';
import { chinaDate } from './time.js';

/** Outcomes that count as a successful mediation (调解成功) for `settled`. */
export const SETTLED_OUTCOMES = ['settled', 'confirmed'] as const satisfies readonly ProceedingOutcome[];

/**
 * The ministry's cuts (SPEC §12) are defined by its labour-dispute statistics: cases concluded by
 * manner of handling (仲裁调解, 仲裁裁决, 其他方式) and by result (用人单位胜诉, 劳动者胜诉, 双方部分胜诉),
 * as the yearbooks print its table 劳动争议处理情况, and the mediation organisations' successful
 * mediations its yearly bulletin reports beside them.
 */
const MINISTRY_TABLE = '人力资源社会保障部劳动人事争议处理情况统计（《中国劳动统计年鉴》“劳动争议处理情况”表）';
const byManner = (manner: string): LegalBasis => [{ text: `${MINISTRY_TABLE}：结案数按处理方式分，${manner}` }];
const byResult = (result: string): LegalBasis => [{ text: `${MINISTRY_TABLE}：结案数按处理结果分，${result}` }];

/** How a figure is written: a count, a rate (a fraction), whole days, or money in fen. */
export type StatUnit = 'count' | 'rate' | 'days' | 'fen';

export interface StatFieldDefinition {
  key: string;
  /** The heading in Chinese, without a unit (exports add 元 to money). */
  zh: string;
  means: string;
  unit: StatUnit;
  /** Where the definition comes from, when it is someone else's (the ministry's, a law's). */
  source?: LegalBasis;
}

export const STAT_FIELDS = [
  { key: 'carriedOver', zh: '旧存', unit: 'count', means: 'accepted before `from` and not concluded before `from`' },
  { key: 'received', zh: '收案', unit: 'count', means: 'received in the period' },
  { key: 'accepted', zh: '受理', unit: 'count', means: 'accepted in the period' },
  { key: 'declined', zh: '不予受理', unit: 'count', means: 'declined in the period' },
  { key: 'concluded', zh: '结案', unit: 'count', means: `reached an outcome (${PROCEEDING_OUTCOMES.join(', ')}) in the period` },
  { key: 'settled', zh: '调解成功', unit: 'count', means: `concluded in the period as ${SETTLED_OUTCOMES.join(' or ')}` },
  { key: 'closureRate', zh: '结案率', unit: 'rate', means: 'concluded ÷ (carriedOver + accepted)' },
  { key: 'settlementRate', zh: '调解成功率', unit: 'rate', means: 'settled ÷ concluded' },
  { key: 'onTimeRate', zh: '按期结案率', unit: 'rate', means: 'concluded with none of its statutory clocks breached ÷ concluded' },
  { key: 'medianDays', zh: '审理天数中位数', unit: 'days', means: 'median calendar days from acceptance to conclusion, over proceedings concluded in the period' },
  { key: 'p90Days', zh: '审理天数90分位', unit: 'days', means: '90th percentile of the same days (nearest rank)' },
  { key: 'claimedFen', zh: '请求金额', unit: 'fen', means: 'amounts claimed in the cases of proceedings received in the period' },
  { key: 'agreedFen', zh: '协议/裁决金额', unit: 'fen', means: 'amounts agreed, awarded or adjudged by proceedings concluded in the period' },
  { key: 'paidFen', zh: '已履行金额', unit: 'fen', means: 'payments made in the period on agreements the organisation recorded (挽回经济损失)' },
  { key: 'workers', zh: '涉及劳动者人数', unit: 'count', means: 'applicants of the cases of proceedings received in the period (each case\'s applicants are distinct people)' },
  { key: 'handoffMedianDays', zh: '转办接收天数中位数', unit: 'days', means: 'median days from a referral to its acceptance at the receiving organisation, over referrals accepted in the period' },
  {
    key: 'endedByMediation',
    zh: '调解组织调解成功',
    unit: 'count',
    means: 'mediation proceedings concluded in the period as `settled` (a mediation agreement reached)',
    source: [{ text: '人力资源社会保障部《人力资源和社会保障事业发展统计公报》（调解组织和仲裁机构办结的争议案件，调解成功率）' }, { law: 'labourDisputeMediationArbitration', article: 14, note: '经调解达成协议的，应当制作调解协议书' }],
  },
  {
    key: 'endedByArbitralSettlement',
    zh: '仲裁调解结案',
    unit: 'count',
    means: 'arbitration proceedings concluded in the period as `settled` (仲裁调解书)',
    source: [...byManner('仲裁调解'), { law: 'labourDisputeMediationArbitration', article: 42 }],
  },
  {
    key: 'endedByAward',
    zh: '仲裁裁决结案',
    unit: 'count',
    means: 'arbitration proceedings concluded in the period as `awarded`',
    source: byManner('仲裁裁决'),
  },
  {
    key: 'endedOtherwise',
    zh: '其他方式结案',
    unit: 'count',
    means: 'concluded in the period in any other way (withdrawn, failed, confirmed, refused, judged, a court\'s settlement): concluded − endedByMediation − endedByArbitralSettlement − endedByAward',
    source: byManner('其他方式'),
  },
  { key: 'prevailedWorker', zh: '劳动者胜诉', unit: 'count', means: 'concluded in the period with `prevailed` `worker`', source: byResult('劳动者胜诉') },
  { key: 'prevailedEmployer', zh: '用人单位胜诉', unit: 'count', means: 'concluded in the period with `prevailed` `employer`', source: byResult('用人单位胜诉') },
  { key: 'prevailedPartly', zh: '双方部分胜诉', unit: 'count', means: 'concluded in the period with `prevailed` `partly`', source: byResult('双方部分胜诉') },
  {
    key: 'finalAwards',
    zh: '终局裁决',
    unit: 'count',
    means: 'awards recorded in the period as `final` (一裁终局)',
    source: [{ law: 'labourDisputeMediationArbitration', article: 47, note: '仲裁裁决为终局裁决，裁决书自作出之日起发生法律效力' }],
  },
] as const satisfies readonly StatFieldDefinition[];
export type StatField = (typeof STAT_FIELDS)[number]['key'];

/** The counters the rollups keep per (month or year, organisation, proceeding kind, category). */
export const STAT_COUNTERS = [
  'received',
  'accepted',
  'declined',
  'concluded',
  'settled',
  'onTime',
  /** Conclusions of proceedings that had been accepted: accepted − these = still open (carried over). */
  'acceptedConcluded',
  'claimedFen',
  'agreedFen',
  'paidFen',
  'workers',
  'prevailedWorker',
  'prevailedEmployer',
  'prevailedPartly',
  'finalAwards',
  'endedByMediation',
  'endedByArbitralSettlement',
  'endedByAward',
] as const;
export type StatCounter = (typeof STAT_COUNTERS)[number];

/** Distributions kept as exact histograms of whole days, for medians and percentiles. */
export const STAT_DURATIONS = ['resolution', 'handoff'] as const;
export type StatDuration = (typeof STAT_DURATIONS)[number];

export const STAT_GROUPS = ['org', 'region', 'month', 'quarter', 'year', 'category', 'kind'] as const;
export type StatGroup = (typeof STAT_GROUPS)[number];
/** Groupings by time: each group is a period of the calendar, carrying over what was open at its start. */
export const TIME_GROUPS = ['month', 'quarter', 'year'] as const satisfies readonly StatGroup[];
export type TimeGroup = (typeof TIME_GROUPS)[number];
export const isTimeGroup = (g: StatGroup): g is TimeGroup => (TIME_GROUPS as readonly string[]).includes(g);

/** The group key of a legal date's period: 2025-03, 2025-Q1, 2025. */
export function periodKey(group: TimeGroup, date: string): string {
  if (group === 'month') return date.slice(0, 7);
  if (group === 'year') return date.slice(0, 4);
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** A period's key in Chinese: 2025年3月, 2025年第一季度, 2025年. */
export function periodLabel(key: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) return `${q[1]}年第${'一二三四'[Number(q[2]) - 1]}季度`;
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  return /^\d{4}$/.test(key) ? `${key}年` : key;
}

/** The first and last day of a quarter (2025-Q2 → 2025-04-01, 2025-06-30); null when there is no such quarter. */
export function quarterDates(quarter: string): { from: string; to: string } | null {
  const q = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!q) return null;
  const first = (Number(q[2]) - 1) * 3 + 1;
  const last = first + 2;
  const lastDay = new Date(Date.UTC(Number(q[1]), last, 0)).getUTCDate();
  const mm = (n: number) => String(n).padStart(2, '0');
  return { from: `${q[1]}-${mm(first)}-01`, to: `${q[1]}-${mm(last)}-${lastDay}` };
}

/**
 * `carriedOver` at the start of a day: accepted before it and not concluded before it, which is,
 * summed over every earlier day, the `opened` counter less the `closed` one.
 */
export const OPEN_BALANCE = { opened: 'accepted', closed: 'acceptedConcluded' } as const satisfies Record<string, StatCounter>;

// ---------------------------------------------------------------------------------------------
// The facts the statistics read, named as the columns of the tables that hold them.

export interface ProceedingFacts {
  orgId: string;
  kind: ProceedingKind;
  state: ProceedingState;
  outcome: ProceedingOutcome | null;
  referredFromOrgId: string | null;
  receivedAt: Date;
  acceptedAt: Date | null;
  concludedAt: Date | null;
  /** Set at conclusion: whether none of its statutory clocks was breached (concludedOnTime). */
  onTime: boolean | null;
  /** Set at conclusion when staff say it: who prevailed. */
  prevailed: Prevailed | null;
}

/** Of the case a proceeding belongs to. */
export interface CaseFacts {
  claimedFen: number;
  applicantCount: number;
}

export interface AgreementFacts {
  amountFen: number;
  recordedAt: Date;
  /** An award marked final (一裁终局); null for agreements that are not awards. */
  final: boolean | null;
}

export interface PaymentFacts {
  amountFen: number;
  paidAt: Date;
}

/** A condition on the proceeding an act belongs to: every part given must hold. */
export interface ProceedingTest {
  state?: readonly ProceedingState[];
  kind?: readonly ProceedingKind[];
  outcome?: readonly ProceedingOutcome[];
  prevailed?: readonly Prevailed[];
  /** Columns that must be set. */
  has?: readonly ('acceptedAt' | 'referredFromOrgId')[];
  /** Concluded on time (unset is not). */
  onTime?: true;
}

/** What an act adds to a counter: one, or an amount of its case or of its own row. */
export type StatAmount = 1 | { case: keyof CaseFacts } | { row: 'amountFen' };

export interface CounterRule<Add extends StatAmount = StatAmount> {
  add: Add;
  when?: ProceedingTest;
  /** An agreement act only: the agreement must be an award marked final. */
  final?: true;
}

interface ActOf<Of extends 'proceeding' | 'agreement' | 'payment', On extends string, Add extends StatAmount> {
  act: string;
  /** The row the act is. */
  of: Of;
  /** The row's timestamp that dates the act; a row without it has not done it (yet). */
  on: On;
  counts: Partial<Record<StatCounter, CounterRule<Add>>>;
  /** A span of whole days, from the proceeding's `from` to the act, added to the histogram of `measure`. */
  span?: { measure: StatDuration; from: 'receivedAt' | 'acceptedAt'; when?: ProceedingTest };
}
/** A proceeding is no amount itself; an agreement or a payment is. */
export type StatAct =
  | ActOf<'proceeding', 'receivedAt' | 'acceptedAt' | 'concludedAt', Exclude<StatAmount, { row: 'amountFen' }>>
  | ActOf<'agreement', 'recordedAt', StatAmount>
  | ActOf<'payment', 'paidAt', StatAmount>;

const CONCLUDED = { state: ['concluded'] } as const satisfies ProceedingTest;
const CONCLUDED_AFTER_ACCEPTANCE = { ...CONCLUDED, has: ['acceptedAt'] } as const satisfies ProceedingTest;
const prevailed = (who: Prevailed) => ({ add: 1, when: { ...CONCLUDED, prevailed: [who] } }) as const;

/** Each counter and each histogram is added to by exactly one act. */
export const STAT_ACTS: readonly StatAct[] = [
  {
    act: 'received',
    of: 'proceeding',
    on: 'receivedAt',
    counts: { received: { add: 1 }, claimedFen: { add: { case: 'claimedFen' } }, workers: { add: { case: 'applicantCount' } } },
  },
  {
    act: 'accepted',
    of: 'proceeding',
    on: 'acceptedAt',
    counts: { accepted: { add: 1 } },
    span: { measure: 'handoff', from: 'receivedAt', when: { has: ['referredFromOrgId'] } },
  },
  {
    // Declined and concluded proceedings both carry concludedAt.
    act: 'ended',
    of: 'proceeding',
    on: 'concludedAt',
    counts: {
      declined: { add: 1, when: { state: ['declined'] } },
      concluded: { add: 1, when: CONCLUDED },
      settled: { add: 1, when: { ...CONCLUDED, outcome: SETTLED_OUTCOMES } },
      onTime: { add: 1, when: { ...CONCLUDED, onTime: true } },
      acceptedConcluded: { add: 1, when: CONCLUDED_AFTER_ACCEPTANCE },
      endedByMediation: { add: 1, when: { ...CONCLUDED, kind: ['mediation'], outcome: ['settled'] } },
      endedByArbitralSettlement: { add: 1, when: { ...CONCLUDED, kind: ['arbitration'], outcome: ['settled'] } },
      endedByAward: { add: 1, when: { ...CONCLUDED, outcome: ['awarded'] } },
      prevailedWorker: prevailed('worker'),
      prevailedEmployer: prevailed('employer'),
      prevailedPartly: prevailed('partly'),
    },
    span: { measure: 'resolution', from: 'acceptedAt', when: CONCLUDED_AFTER_ACCEPTANCE },
  },
  { act: 'agreed', of: 'agreement', on: 'recordedAt', counts: { agreedFen: { add: { row: 'amountFen' } }, finalAwards: { add: 1, final: true } } },
  { act: 'paid', of: 'payment', on: 'paidAt', counts: { paidFen: { add: { row: 'amountFen' } } } },
];

/**
 * The clocks that time an organisation's own handling of a proceeding, for `onTime`: the statutory
 * periods of mediation (劳动争议调解仲裁法 art. 14), of deciding whether to accept an arbitration
 * (art. 29) and of the award (art. 43), and of the court's confirmation review (民事诉讼法 art. 187);
 * their lengths and sources are in clockRules.ts. A referral's hand-off acknowledgement is a
 * service standard, not a statutory period, and does not count.
 */
export const STATUTORY_PROCEEDING_CLOCKS = ['mediation', 'arbitration_acceptance', 'arbitration_award', 'confirmation_review'] as const;

/**
 * `onTime` of a concluded proceeding: none of its statutory clocks breached, judged on the case's
 * clocks once the conclusion has stopped them.
 */
export function concludedOnTime(clocks: readonly { proceedingId: string | null; kind: string; status: string }[], proceedingId: string): boolean {
  return !clocks.some((k) => k.proceedingId === proceedingId && k.status === 'breached' && (STATUTORY_PROCEEDING_CLOCKS as readonly string[]).includes(k.kind));
}

// ---------------------------------------------------------------------------------------------
// What an action adds to the rollups.

/** What an act, or the change of an act, adds under one day, organisation and proceeding kind. */
export interface StatDelta {
  orgId: string;
  kind: ProceedingKind;
  /** The legal date of the act. */
  on: string;
  counters: Partial<Record<StatCounter, number>>;
  /** Spans of `days` added to (count 1) or taken from (count −1) the histogram of `measure`. */
  spans: { measure: StatDuration; days: number; count: number }[];
}

/**
 * What an action changed, as the statistics see it: the proceedings it added (before: null) or
 * changed, and the agreements and payments it recorded, each with the proceeding it counts under.
 */
export interface StatChange {
  case: CaseFacts;
  proceedings: readonly { before: ProceedingFacts | null; after: ProceedingFacts }[];
  agreements: readonly { row: AgreementFacts; proceeding: ProceedingFacts }[];
  payments: readonly { row: PaymentFacts; proceeding: ProceedingFacts }[];
}

/** Whole calendar days between two legal dates. */
export const dayDiff = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export function passes(test: ProceedingTest, p: ProceedingFacts): boolean {
  return (
    (!test.state || test.state.includes(p.state)) &&
    (!test.kind || test.kind.includes(p.kind)) &&
    (!test.outcome || (p.outcome !== null && test.outcome.includes(p.outcome))) &&
    (!test.prevailed || (p.prevailed !== null && test.prevailed.includes(p.prevailed))) &&
    (test.has ?? []).every((column) => p[column] !== null) &&
    (!test.onTime || p.onTime === true)
  );
}

/** The instant that dates `act`, if its row has done it. */
function actAt(act: StatAct, p: ProceedingFacts, row: AgreementFacts | PaymentFacts | null): Date | null {
  switch (act.of) {
    case 'proceeding':
      return p[act.on];
    case 'agreement':
      return (row as AgreementFacts)[act.on];
    case 'payment':
      return (row as PaymentFacts)[act.on];
  }
}

/** What one act adds (sign 1), or takes away (−1) when the act as it was is replaced. */
function counted(act: StatAct, p: ProceedingFacts, kase: CaseFacts, row: AgreementFacts | PaymentFacts | null, sign: 1 | -1): StatDelta | null {
  const at = actAt(act, p, row);
  if (!at) return null;
  const on = chinaDate(at);
  const counters: StatDelta['counters'] = {};
  for (const [counter, rule] of Object.entries(act.counts) as [StatCounter, CounterRule][]) {
    if (rule.when && !passes(rule.when, p)) continue;
    if (rule.final && (row as AgreementFacts | null)?.final !== true) continue;
    const amount = rule.add === 1 ? 1 : 'case' in rule.add ? kase[rule.add.case] : row![rule.add.row];
    counters[counter] = sign * amount;
  }
  const spans: StatDelta['spans'] = [];
  const span = act.span;
  const from = span && p[span.from];
  if (span && from && (!span.when || passes(span.when, p))) spans.push({ measure: span.measure, days: dayDiff(chinaDate(from), on), count: sign });
  return { orgId: p.orgId, kind: p.kind, on, counters, spans };
}

/** The deltas merged by day, organisation and kind, without what cancels out. */
function net(deltas: (StatDelta | null)[]): StatDelta[] {
  const merged = new Map<string, StatDelta>();
  for (const d of deltas) {
    if (!d) continue;
    const key = `${d.on}|${d.orgId}|${d.kind}`;
    const into = merged.get(key) ?? { orgId: d.orgId, kind: d.kind, on: d.on, counters: {}, spans: [] };
    merged.set(key, into);
    for (const [c, n] of Object.entries(d.counters) as [StatCounter, number][]) into.counters[c] = (into.counters[c] ?? 0) + n;
    for (const s of d.spans) {
      const same = into.spans.find((x) => x.measure === s.measure && x.days === s.days);
      if (same) same.count += s.count;
      else into.spans.push({ ...s });
    }
  }
  const out: StatDelta[] = [];
  for (const d of merged.values()) {
    for (const [c, n] of Object.entries(d.counters)) if (n === 0) delete d.counters[c as StatCounter];
    d.spans = d.spans.filter((s) => s.count !== 0);
    if (Object.keys(d.counters).length || d.spans.length) out.push(d);
  }
  return out;
}

/**
 * What a change adds to the rollups, by the definitions of STAT_ACTS: every act of the rows as
 * they are now, less every act of the rows as they were (so an act that did not change adds nothing).
 */
export function statDeltas(change: StatChange): StatDelta[] {
  const deltas: (StatDelta | null)[] = [];
  for (const act of STAT_ACTS) {
    if (act.of === 'proceeding') {
      for (const { before, after } of change.proceedings) {
        if (before) deltas.push(counted(act, before, change.case, null, -1));
        deltas.push(counted(act, after, change.case, null, 1));
      }
    } else {
      for (const { row, proceeding } of act.of === 'agreement' ? change.agreements : change.payments) {
        deltas.push(counted(act, proceeding, change.case, row, 1));
      }
    }
  }
  return net(deltas);
}

// ---------------------------------------------------------------------------------------------
// From counters to figures.

/** A rate with a zero denominator is null, never a division error (SPEC §6). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
}

/** The smallest value with at least `q` of the weight at or below it (nearest rank); null when empty. */
export function quantile(histogram: ReadonlyMap<number, number>, q: number): number | null {
  const total = [...histogram.values()].reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const days of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(days)!;
    if (seen >= rank) return days;
  }
  return null;
}

/** Proceedings open at the start of a period, from the counters of everything before it. */
export const openBalance = (c: Record<StatCounter, number>) => c[OPEN_BALANCE.opened] - c[OPEN_BALANCE.closed];

/** A group's counters and day histograms over a period, before the rates are taken. */
export interface StatBucket {
  counters: Record<StatCounter, number>;
  resolution: Map<number, number>;
  handoff: Map<number, number>;
  carriedOver: number;
}

export const bucket = (): StatBucket => ({
  counters: Object.fromEntries(STAT_COUNTERS.map((c) => [c, 0])) as Record<StatCounter, number>,
  resolution: new Map(),
  handoff: new Map(),
  carriedOver: 0,
});

/** One row of SPEC §6: the figures of STAT_FIELDS, computed from a bucket by their definitions. */
export interface StatRow {
  key: string;
  label: string;
  carriedOver: number;
  received: number;
  accepted: number;
  declined: number;
  concluded: number;
  settled: number;
  closureRate: number | null;
  settlementRate: number | null;
  onTimeRate: number | null;
  medianDays: number | null;
  p90Days: number | null;
  claimedFen: number;
  agreedFen: number;
  paidFen: number;
  workers: number;
  handoffMedianDays: number | null;
  endedByMediation: number;
  endedByArbitralSettlement: number;
  endedByAward: number;
  endedOtherwise: number;
  prevailedWorker: number;
  prevailedEmployer: number;
  prevailedPartly: number;
  finalAwards: number;
}

/** The row of a group: each rate and quantile exactly as STAT_FIELDS defines it. */
export function statRow(key: string, label: string, b: StatBucket): StatRow {
  const c = b.counters;
  return {
    key,
    label,
    carriedOver: b.carriedOver,
    received: c.received,
    accepted: c.accepted,
    declined: c.declined,
    concluded: c.concluded,
    settled: c.settled,
    closureRate: rate(c.concluded, b.carriedOver + c.accepted),
    settlementRate: rate(c.settled, c.concluded),
    onTimeRate: rate(c.onTime, c.concluded),
    medianDays: quantile(b.resolution, 0.5),
    p90Days: quantile(b.resolution, 0.9),
    claimedFen: c.claimedFen,
    agreedFen: c.agreedFen,
    paidFen: c.paidFen,
    workers: c.workers,
    handoffMedianDays: quantile(b.handoff, 0.5),
    endedByMediation: c.endedByMediation,
    endedByArbitralSettlement: c.endedByArbitralSettlement,
    endedByAward: c.endedByAward,
    endedOtherwise: c.concluded - c.endedByMediation - c.endedByArbitralSettlement - c.endedByAward,
    prevailedWorker: c.prevailedWorker,
    prevailedEmployer: c.prevailedEmployer,
    prevailedPartly: c.prevailedPartly,
    finalAwards: c.finalAwards,
  };
}
