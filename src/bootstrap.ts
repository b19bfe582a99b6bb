import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { hashPassword, type PasswordPolicy } from './auth/passwords.js';
import type { Database } from './db/client.js';
import { organizations, users } from './db/schema/index.js';

export async function hasNoOrganisations(db: Database): Promise<boolean> {
  const [any] = await db.select({ id: organizations.id }).from(organizations).limit(1);
  return !any;
}

/** SPEC §8: an empty database gets the bootstrap administrator. Returns whether it was empty. */
export async function ensureAdmin(db: Database, opts: { username: string; password: string; policy: PasswordPolicy }): Promise<boolean> {
  const [any] = await db.select({ id: users.id }).from(users).limit(1);
  if (any) return false;
  const [clash] = await db.select({ id: users.id }).from(users).where(eq(users.username, opts.username));
  if (clash) return false;
  await db
    .insert(users)
    .values({
      id: uuidv7(),
      username: opts.username,
      passwordHash: await hashPassword(opts.password, opts.policy),
      role: 'admin',
      name: '系统管理员',
    })
    .onConflictDoNothing();
  return true;
}
