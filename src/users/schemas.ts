/** What the user routes answer (an allowlist); the pages take their types from here. */
import { z } from 'zod';
import { ROLES } from '../domain/model.js';

export const userResponse = z.object({
  id: z.string(),
  username: z.string(),
  role: z.enum(ROLES),
  orgId: z.string().nullable(),
  regionCode: z.string().nullable(),
  regionName: z
    .string()
    .nullable()
    .describe("a supervisor's region in Chinese from GB/T 2260 (4510 → 百色市, '' → 全国); null for other roles and for a code that names no current division"),
  name: z.string(),
  phone: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type UserResponse = z.infer<typeof userResponse>;
