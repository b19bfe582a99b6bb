import { randomInt } from 'node:crypto';
import { and, asc, eq, ilike, like, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/client.js';
import type { Caller } from '../auth/caller.js';
import { organizations, users } from '../db/schema/index.js';
import { isStaffRole, type OrgKind, type StaffRole } from '../domain/model.js';
import { duplicate, fieldProblem, forbidden, notFound } from '../http/errors.js';

export interface OrgDeps {
  db: Database;
}

export type Organization = typeof organizations.$inferSelect;

// Letters and digits that cannot be misread on a printed QR sign (no 0/O, 1/I/L).
const INTAKE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function randomIntakeCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += INTAKE_ALPHABET[randomInt(INTAKE_ALPHABET.length)];
  return code;
}

export async function createOrganization(
  deps: OrgDeps,
  input: { name: string; kind: OrgKind; regionCode: string; parentId?: string; intakeCode?: string },
): Promise<Organization> {
  if (input.parentId) {
    const [parent] = await deps.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, input.parentId));
    if (!parent) throw fieldProblem('body.parentId', 'names no organisation');
  }
  if (input.intakeCode) {
    const [taken] = await deps.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.intakeCode, input.intakeCode.toUpperCase()));
    if (taken) throw duplicate('this intake code is already in use');
  }
  for (let attempt = 0; ; attempt++) {
    // Codes are printed and typed in capitals; lookups compare in capitals too.
    const intakeCode = input.intakeCode?.toUpperCase() ?? randomIntakeCode();
    const rows = await deps.db
      .insert(organizations)
      .values({ id: uuidv7(), name: input.name, kind: input.kind, regionCode: input.regionCode, parentId: input.parentId ?? null, intakeCode })
      .onConflictDoNothing({ target: organizations.intakeCode })
      .returning();
    if (rows[0]) return rows[0];
    if (input.intakeCode || attempt > 5) throw duplicate('this intake code is already in use');
  }
}

export async function listOrganizations(deps: OrgDeps, filter: { kind?: OrgKind; regionCode?: string; q?: string }) {
  const where: SQL[] = [];
  if (filter.kind) where.push(eq(organizations.kind, filter.kind));
  if (filter.regionCode) where.push(like(organizations.regionCode, `${filter.regionCode}%`));
  if (filter.q) where.push(ilike(organizations.name, `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return deps.db
    .select()
    .from(organizations)
    .where(and(...where))
    .orderBy(asc(organizations.regionCode), asc(organizations.name));
}

export async function getOrganization(deps: OrgDeps, id: string): Promise<Organization> {
  const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, id));
  if (!org) throw notFound('organisation');
  return org;
}

export async function getByIntakeCode(deps: OrgDeps, code: string): Promise<Organization> {
  const [org] = await deps.db.select().from(organizations).where(eq(organizations.intakeCode, code.toUpperCase()));
  if (!org) throw notFound('organisation');
  return org;
}

export interface StaffMember {
  id: string;
  name: string;
  role: StaffRole;
}

/**
 * The active staff of an organisation, by name, for choosing who handles a case (SPEC §4
 * `assign`). Colleagues may see one another; an administrator may see anyone. Workers,
 * supervisors and staff of other organisations may not: they assign no one here, and a staff
 * list is no one else's business. No usernames or phone numbers: a name is enough to choose.
 */
export async function listStaff(deps: OrgDeps, caller: Caller, orgId: string): Promise<StaffMember[]> {
  const colleague = isStaffRole(caller.role) && caller.orgId === orgId;
  if (!colleague && caller.role !== 'admin') throw forbidden('only staff of this organisation may see its staff');
  if (!colleague) await getOrganization(deps, orgId);
  const rows = await deps.db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.disabled, false)));
  // Names in the order a Chinese reader looks them up (pinyin), then by id for equal names.
  const collator = new Intl.Collator('zh-CN');
  return rows
    .filter((r): r is StaffMember => isStaffRole(r.role))
    .sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
