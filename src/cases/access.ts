/**
 * Who may see a case (SPEC §§2, 7): workers their own, staff their organisation's, supervisors
 * their region's. Both the single-case check and the list filter live here, so they agree.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import { isStaffRole } from '../domain/model.js';

export interface CaseParties {
  applicantUserIds: readonly string[];
  /** The employer's representatives who accepted their invitation (SPEC §10). */
  respondentUserIds: readonly string[];
  orgs: readonly { orgId: string; regionCode: string }[];
}

export function maySee(caller: Caller, c: CaseParties): boolean {
  if (caller.role === 'worker') return c.applicantUserIds.includes(caller.userId);
  if (caller.role === 'employer') return c.respondentUserIds.includes(caller.userId);
  if (isStaffRole(caller.role)) return c.orgs.some((o) => o.orgId === caller.orgId);
  if (caller.role === 'supervisor') return c.orgs.some((o) => o.regionCode.startsWith(caller.regionCode ?? '\u0000'));
  return false;
}

/** Whole ID numbers and phones: the applicant themself and staff of a handling organisation. */
export function seesPersonalData(caller: Caller, c: CaseParties, applicantUserId: string | null): boolean {
  if (caller.role === 'worker') return applicantUserId !== null && applicantUserId === caller.userId;
  return isStaffRole(caller.role) && c.orgs.some((o) => o.orgId === caller.orgId);
}

/** The region-prefix range, so the (region_code, case_id) index serves supervisors ('' = the whole country). */
export function regionRange(prefix: string): [string, string] {
  return [prefix.padEnd(6, '0'), prefix.padEnd(6, '9')];
}

/**
 * A WHERE condition on `cases as c` restricting it to what the caller may see, for a prepared
 * statement: the caller's ids are placeholders filled from `values`, and `shape` names which
 * condition applies (statements are kept per shape). With `before` (the name of a uuid
 * placeholder), the membership subquery also stops at that case id, so that a keyset page deep
 * in a busy organisation's list starts its scan of the membership index at the cursor.
 */
export function visibleCasesCondition(caller: Caller, before?: string): { shape: string; sql: () => SQL; values: Record<string, unknown> } {
  const upTo = () => (before ? sql` and case_id < ${sql.placeholder(before)}::uuid` : sql``);
  if (caller.role === 'worker') {
    return { shape: 'worker', sql: () => sql`c.id in (select case_id from applicants where user_id = ${sql.placeholder('viewerUserId')}::uuid${upTo()})`, values: { viewerUserId: caller.userId } };
  }
  if (caller.role === 'employer') {
    return { shape: 'employer', sql: () => sql`c.id in (select case_id from case_respondents where user_id = ${sql.placeholder('viewerUserId')}::uuid${upTo()})`, values: { viewerUserId: caller.userId } };
  }
  if (isStaffRole(caller.role) && caller.orgId) {
    return { shape: 'staff', sql: () => sql`c.id in (select case_id from case_orgs where org_id = ${sql.placeholder('viewerOrgId')}::uuid${upTo()})`, values: { viewerOrgId: caller.orgId } };
  }
  if (caller.role === 'supervisor' && caller.regionCode !== null) {
    const [lo, hi] = regionRange(caller.regionCode);
    return {
      shape: 'region',
      sql: () => sql`c.id in (select case_id from case_orgs where region_code between ${sql.placeholder('regionLo')} and ${sql.placeholder('regionHi')}${upTo()})`,
      values: { regionLo: lo, regionHi: hi },
    };
  }
  return { shape: 'nobody', sql: () => sql`false`, values: {} };
}
