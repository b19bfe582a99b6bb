import type { Role } from '../domain/model.js';

/** Who is making a request: the signed-in user as the users table has them now (src/auth/callers.ts). */
export interface Caller {
  readonly userId: string;
  readonly role: Role;
  readonly orgId: string | null;
  readonly regionCode: string | null;
  readonly name: string;
}

/** What a verified token says: whose it is, and the user's token version when it was issued. */
export interface TokenClaims {
  sub: string;
  /** Bumping the user's token version revokes every token issued before. */
  tv: number;
}
