/**
 * Reads whose statement depends on who is asking (the case list, the deadline board) confirm the
 * signed-in user in that same statement, as the case detail does (src/cases/load.ts): one send
 * and one round trip instead of two.
 *
 * The statement's scope (role, organisation, region) has to be chosen before the user's row is
 * read, so it is taken from the last time this process confirmed the same token. The statement
 * returns the user's row as it is now, from the same snapshot as the data; the answer is used only
 * if that row confirms the token (enabled, same token version) AND gives exactly the scope the
 * statement was run with. Otherwise the user is confirmed on their own and the read runs again
 * with the scope they have now. A stale guess therefore costs a round trip, never an answer
 * computed for the wrong scope; a disabled user or a revoked token is 401 as before.
 */
import type { Queryable } from '../db/client.js';
import type { Caller } from './caller.js';
import { confirmCaller, lookUpCaller, type AuthUser, type TokenClaims } from './plugin.js';

/** Users confirmed recently, by user id, with the token version they were confirmed for. */
const recent = new Map<string, { tv: number; caller: Caller }>();
/** A bound on memory: the oldest entries go first (a Map iterates in insertion order). */
const MAX_REMEMBERED = 20_000;

function remember(claims: TokenClaims, caller: Caller) {
  recent.delete(caller.userId);
  recent.set(caller.userId, { tv: claims.tv, caller });
  if (recent.size > MAX_REMEMBERED) recent.delete(recent.keys().next().value!);
}

const sameScope = (a: Caller, b: Caller) => a.userId === b.userId && a.role === b.role && a.orgId === b.orgId && a.regionCode === b.regionCode;

/**
 * Runs `read` as the token's user. `read(caller, withUser)` runs its statement for that caller's
 * scope; with `withUser` the statement must also return the user's row (authUserSql) and `read`
 * hands it back as `user` (undefined when the statement could not carry it, e.g. no rows).
 */
export async function readAsConfirmed<T>(
  db: Queryable,
  claims: TokenClaims,
  read: (caller: Caller, withUser: boolean) => Promise<{ result: T; user?: AuthUser | null }>,
): Promise<{ caller: Caller; result: T }> {
  const held = recent.get(claims.sub);
  if (held && held.tv === claims.tv) {
    const guess = held.caller;
    // A refusal for the guessed scope (403, 400) is not trusted either: the user is confirmed
    // first, so that a revoked token is still 401, and the read is judged again as they are now.
    const first = await read(guess, true).catch(() => null);
    if (first) {
      const caller = first.user !== undefined ? confirmCaller(claims, first.user) : await lookUpCaller(db, claims);
      remember(claims, caller);
      if (sameScope(caller, guess)) return { caller, result: first.result };
      return { caller, result: (await read(caller, false)).result };
    }
  }
  const caller = await lookUpCaller(db, claims);
  remember(claims, caller);
  return { caller, result: (await read(caller, false)).result };
}
