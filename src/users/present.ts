import { z } from 'zod';
import { ROLES } from '../domain/model.js';
import { regionName } from '../domain/regions.js';

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

export function presentUser(u: {
  id: string;
  username: string;
  role: (typeof ROLES)[number];
  orgId: string | null;
  regionCode: string | null;
  name: string;
  phone: string | null;
  disabled: boolean;
  createdAt: Date;
}): UserResponse {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    orgId: u.orgId,
    regionCode: u.regionCode,
    regionName: u.regionCode === null ? null : regionName(u.regionCode),
    name: u.name,
    phone: u.phone,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
  };
}
