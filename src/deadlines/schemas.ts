/** What the deadline board answers (an allowlist); the pages take its type from here. */
import { z } from 'zod';
import { clockResponse } from '../cases/schemas.js';

/** A clock on the board, with the case it belongs to. */
export const deadlineItem = clockResponse.extend({
  caseId: z.string(),
  caseNumber: z.string(),
  caseSummary: z.string(),
  respondentName: z.string(),
  orgId: z.string(),
});
export type DeadlineItem = z.infer<typeof deadlineItem>;
