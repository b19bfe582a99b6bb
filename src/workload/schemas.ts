import { z } from 'zod';
import { STAFF_ROLES } from '../domain/model.js';

const counts = {
  /** Proceedings still open (received or accepted) at the organisation. */
  openProceedings: z.number().int(),
  /** Their running clocks due within the due-soon window (SPEC §5), not yet past. */
  dueSoon: z.number().int(),
  /** Their running clocks already past their due date. */
  breached: z.number().int(),
};

export const workloadResponse = z.object({
  orgId: z.string(),
  /** The China date the counts are as of. */
  asOf: z.string(),
  staff: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      role: z.enum(STAFF_ROLES),
      /** False for someone no longer active here who still has proceedings assigned. */
      active: z.boolean(),
      ...counts,
    }),
  ),
  unassigned: z.object(counts),
});
export type Workload = z.infer<typeof workloadResponse>;
