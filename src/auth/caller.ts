import type { Role } from '../domain/model.js';

/** Who is making a request, as loaded from the database for each request. */
export interface Caller {
  userId: string;
  role: Role;
  orgId: string | null;
  regionCode: string | null;
  name: string;
}
