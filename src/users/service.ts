import { and, asc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { hashPassword, type PasswordPolicy } from '../auth/passwords.js';
import type { Database } from '../db/client.js';
import { organizations, users } from '../db/schema/index.js';
import { ROLE_ORG_KINDS, isStaffRole, roleFitsOrg, type Role } from '../domain/model.js';
import { duplicate, fieldProblem, notFound } from '../http/errors.js';

export interface UserDeps {
  db: Database;
  passwordPolicy: PasswordPolicy;
}

export interface NewStaffUser {
  username: string;
  password: string;
  role: Exclude<Role, 'worker' | 'employer'>;
  name: string;
  orgId?: string;
  regionCode?: string;
  phone?: string;
}

/** Staff, supervisors and administrators. Workers register themselves. */
export async function createUser(deps: UserDeps, input: NewStaffUser) {
  if (isStaffRole(input.role)) {
    if (!input.orgId) throw fieldProblem('body.orgId', `is required for a ${input.role}`);
    const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, input.orgId));
    if (!org) throw fieldProblem('body.orgId', 'names no organisation');
    if (!roleFitsOrg(input.role, org.kind)) {
      throw fieldProblem('body.role', `a ${input.role} belongs to ${ROLE_ORG_KINDS[input.role].join(', ')}, not ${org.kind}`);
    }
  } else if (input.orgId) {
    throw fieldProblem('body.orgId', `a ${input.role} belongs to no organisation`);
  }
  if (input.role === 'supervisor' && input.regionCode === undefined) throw fieldProblem('body.regionCode', 'is required for a supervisor');
  if (input.role !== 'supervisor' && input.regionCode !== undefined) throw fieldProblem('body.regionCode', 'is only for supervisors');

  return insertAccount(
    deps,
    {
      username: input.username,
      password: input.password,
      role: input.role,
      orgId: input.orgId ?? null,
      regionCode: input.regionCode ?? null,
      name: input.name,
      phone: input.phone ?? null,
    },
    'this username is taken',
  );
}

/**
 * A new account of any role (staff here, workers in auth/service.ts), its password hashed under
 * the policy; 409 with `taken` when the username is someone else's already.
 */
export async function insertAccount(
  deps: UserDeps,
  account: Omit<typeof users.$inferInsert, 'id' | 'passwordHash'> & { password: string },
  taken: string,
) {
  const [existing] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, account.username)).limit(1);
  if (existing) throw duplicate(taken);
  const { password, ...values } = account;
  const [user] = await deps.db
    .insert(users)
    .values({ id: uuidv7(), ...values, passwordHash: await hashPassword(password, deps.passwordPolicy) })
    .returning();
  return user;
}

/** Staff, supervisor and admin accounts; workers' accounts (their phone numbers) are not listed. */
/**
 * An administrator disables or re-enables an account, renames it, or sets a new password.
 * Disabling or a new password revokes the account's existing tokens.
 */
export async function updateUser(deps: UserDeps, id: string, input: { disabled?: boolean; password?: string; name?: string }) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, id));
  if (!user) throw notFound('user');
  const revoke = input.password !== undefined || input.disabled === true;
  const [updated] = await deps.db
    .update(users)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      ...(input.password !== undefined ? { passwordHash: await hashPassword(input.password, deps.passwordPolicy) } : {}),
      ...(revoke ? { tokenVersion: sql`${users.tokenVersion} + 1` } : {}),
    })
    .where(eq(users.id, id))
    .returning();
  return updated;
}

export async function listUsers(deps: UserDeps, filter: { orgId?: string; role?: Role }) {
  const where: SQL[] = [ne(users.role, 'worker')];
  if (filter.orgId) where.push(eq(users.orgId, filter.orgId));
  if (filter.role) where.push(eq(users.role, filter.role));
  return deps.db
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.role), asc(users.username))
    .limit(1000);
}
