import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { users } from '../db/schema/index.js';
import { notFound, unauthenticated } from '../http/errors.js';
import { presentUser } from '../users/present.js';
import { insertAccount } from '../users/service.js';
import type { Caller } from './caller.js';
import { decoyHash, hashPassword, verifyPassword, type PasswordPolicy } from './passwords.js';

export interface AuthDeps {
  db: Database;
  passwordPolicy: PasswordPolicy;
}

export async function login(deps: AuthDeps, input: { username: string; password: string }) {
  const [user] = await deps.db.select().from(users).where(eq(users.username, input.username)).limit(1);
  if (!user) {
    await verifyPassword(await decoyHash(), input.password);
    throw unauthenticated('wrong username or password');
  }
  if (!(await verifyPassword(user.passwordHash, input.password)) || user.disabled) {
    throw unauthenticated('wrong username or password');
  }
  return user;
}

/** A worker registers with their phone number, which becomes their username. */
export async function registerWorker(
  deps: AuthDeps,
  input: { phone: string; password: string; name: string; idNumber?: string },
) {
  return insertAccount(
    deps,
    { username: input.phone, password: input.password, role: 'worker', name: input.name, phone: input.phone, idNumber: input.idNumber ?? null },
    'this phone number is already registered',
  );
}

/** Changing one's password revokes every token issued before (the token version moves on). */
export async function changePassword(deps: AuthDeps, caller: Caller, input: { currentPassword: string; newPassword: string }) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, caller.userId)).limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) throw unauthenticated('the current password is wrong');
  const [updated] = await deps.db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword, deps.passwordPolicy), tokenVersion: sql`${users.tokenVersion} + 1` })
    .where(eq(users.id, user.id))
    .returning();
  return updated;
}

export async function me(deps: AuthDeps, caller: Caller) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, caller.userId)).limit(1);
  if (!user) throw notFound('user');
  return { ...presentUser(user), idNumber: user.idNumber };
}
