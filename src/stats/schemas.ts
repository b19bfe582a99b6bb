/** What the statistics routes answer (an allowlist); the pages take its type from here. */
import { z } from 'zod';
import { STAT_GROUPS } from '../domain/statistics.js';

const rate = z.number().nullable();
export const statRow = z.object({
  key: z.string(),
  label: z.string(),
  carriedOver: z.number(),
  received: z.number(),
  accepted: z.number(),
  declined: z.number(),
  concluded: z.number(),
  settled: z.number(),
  closureRate: rate,
  settlementRate: rate,
  onTimeRate: rate,
  medianDays: rate,
  p90Days: rate,
  claimedFen: z.number(),
  agreedFen: z.number(),
  paidFen: z.number(),
  workers: z.number(),
  handoffMedianDays: rate,
  endedByMediation: z.number(),
  endedByArbitralSettlement: z.number(),
  endedByAward: z.number(),
  endedOtherwise: z.number(),
  prevailedWorker: z.number(),
  prevailedEmployer: z.number(),
  prevailedPartly: z.number(),
  finalAwards: z.number(),
});

export const closureStatsResponse = z.object({ from: z.string(), to: z.string(), groupBy: z.enum(STAT_GROUPS), rows: z.array(statRow), totals: statRow.nullable() });
export type ClosureStats = z.infer<typeof closureStatsResponse>;
