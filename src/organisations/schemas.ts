/** What the organisation routes answer (allowlists); the pages take their types from here. */
import { z } from 'zod';
import { ORG_KINDS, PROCEEDING_KINDS, STAFF_ROLES } from '../domain/model.js';

export const orgResponse = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  regionCode: z.string(),
  /** The region's Chinese name (GB/T 2260), for pages that group organisations by place. */
  regionName: z.string().nullable(),
  parentId: z.string().nullable(),
  intakeCode: z.string(),
  handles: z.array(z.enum(PROCEEDING_KINDS)),
  createdAt: z.string(),
});
export type OrgResponse = z.infer<typeof orgResponse>;

/** A colleague, to choose who handles a case. */
export const staffMember = z.object({ id: z.string(), name: z.string(), role: z.enum(STAFF_ROLES) });
export type StaffMember = z.infer<typeof staffMember>;
