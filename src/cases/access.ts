/**
 * Who may see a case (SPEC §§2, 7): workers their own, staff their organisation's, supervisors
 * their region's. Both the single-case check and the list filter live here, so they agree.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import { applicants, caseOrgs, cases } from '../db/schema/index.js';
import { isStaffRole } from '../domain/model.js';

export interface CaseParties {
  applicantUserIds: readonly string[];
  orgs: readonly { orgId: string; regionCode: string }[];
}

export function maySee(caller: Caller, c: CaseParties): boolean {
  if (caller.role === 'worker') return c.applicantUserIds.includes(caller.userId);
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

/** A WHERE condition on `cases` restricting it to what the caller may see. */
export function visibleCasesCondition(caller: Caller): SQL {
  if (caller.role === 'worker') {
    return sql`${cases.id} in (select ${applicants.caseId} from ${applicants} where ${applicants.userId} = ${caller.userId})`;
  }
  if (isStaffRole(caller.role) && caller.orgId) {
    return sql`${cases.id} in (select ${caseOrgs.caseId} from ${caseOrgs} where ${caseOrgs.orgId} = ${caller.orgId})`;
  }
  if (caller.role === 'supervisor' && caller.regionCode !== null) {
    const [lo, hi] = regionRange(caller.regionCode);
    return sql`${cases.id} in (select ${caseOrgs.caseId} from ${caseOrgs} where ${caseOrgs.regionCode} between ${lo} and ${hi})`;
  }
  return sql`false`;
}
