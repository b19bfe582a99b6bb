import { randomInt } from 'node:crypto';
import { and, asc, eq, ilike, like, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/client.js';
import { organizations } from '../db/schema/index.js';
import type { OrgKind } from '../domain/model.js';
import { duplicate, fieldProblem, notFound } from '../http/errors.js';

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
