/**
 * SPEC §6: the closure statistics, defined once. The service computes each figure exactly as
 * `means` says; the README and the CSV header read the labels from here.
 *
 * Dates are legal dates (China time). A proceeding belongs to the organisation that handled it
 * and to every dispute category of its case ('*' stands for "all categories", so totals never
 * count a case twice).
 */
export const STAT_FIELDS = [
  { key: 'carriedOver', zh: '旧存', means: 'accepted before `from` and not concluded before `from`' },
  { key: 'received', zh: '收案', means: 'received in the period' },
  { key: 'accepted', zh: '受理', means: 'accepted in the period' },
  { key: 'declined', zh: '不予受理', means: 'declined in the period' },
  { key: 'concluded', zh: '结案', means: 'reached an outcome (settled, failed, withdrawn, confirmed, refused, awarded, judged) in the period' },
  { key: 'settled', zh: '调解成功', means: 'concluded in the period as settled or confirmed' },
  { key: 'closureRate', zh: '结案率', means: 'concluded ÷ (carriedOver + accepted)' },
  { key: 'settlementRate', zh: '调解成功率', means: 'settled ÷ concluded' },
  { key: 'onTimeRate', zh: '按期结案率', means: 'concluded with none of its statutory clocks breached ÷ concluded' },
  { key: 'medianDays', zh: '审理天数中位数', means: 'median calendar days from acceptance to conclusion, over proceedings concluded in the period' },
  { key: 'p90Days', zh: '审理天数90分位', means: '90th percentile of the same days (nearest rank)' },
  { key: 'claimedFen', zh: '请求金额(分)', means: 'amounts claimed in the cases of proceedings received in the period' },
  { key: 'agreedFen', zh: '协议/裁决金额(分)', means: 'amounts agreed, awarded or adjudged by proceedings concluded in the period' },
  { key: 'paidFen', zh: '已履行金额(分)', means: 'payments made in the period on agreements the organisation recorded (挽回经济损失)' },
  { key: 'workers', zh: '涉及劳动者人数', means: 'applicants of the cases of proceedings received in the period (each case\'s applicants are distinct people)' },
  { key: 'handoffMedianDays', zh: '转办接收天数中位数', means: 'median days from a referral to its acceptance at the receiving organisation, over referrals accepted in the period' },
] as const;
export type StatField = (typeof STAT_FIELDS)[number]['key'];

/** The counters the rollups keep per (month, organisation, proceeding kind, category). */
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
] as const;
export type StatCounter = (typeof STAT_COUNTERS)[number];

/** Distributions kept as exact histograms of whole days, for medians and percentiles. */
export const STAT_DURATIONS = ['resolution', 'handoff'] as const;
export type StatDuration = (typeof STAT_DURATIONS)[number];

export const STAT_GROUPS = ['org', 'region', 'month', 'category', 'kind'] as const;
export type StatGroup = (typeof STAT_GROUPS)[number];

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

/** Outcomes that count as a successful mediation (调解成功) for `settled`. */
export const SETTLED_OUTCOMES = ['settled', 'confirmed'] as const;

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
  };
}
