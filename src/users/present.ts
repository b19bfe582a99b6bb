import type { Role } from '../domain/model.js';
import { regionName } from '../domain/regions.js';
import type { UserResponse } from './schemas.js';

// The schema is in schemas.ts so the pages can take its type without the region table; the auth routes take it from here with presentUser.
export { userResponse, type UserResponse } from './schemas.js';

export function presentUser(u: {
  id: string;
  username: string;
  role: Role;
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
