/** The vocabulary of SPEC §§1–4. Names here are binding: clients and tests depend on them. */

export const ROLES = ['worker', 'mediator', 'arbitrator', 'court_liaison', 'supervisor', 'admin', 'employer'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ['mediator', 'arbitrator', 'court_liaison'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const PROCEEDING_KINDS = ['mediation', 'confirmation', 'arbitration', 'litigation'] as const;
export type ProceedingKind = (typeof PROCEEDING_KINDS)[number];

export const MEDIATION_ORG_KINDS = [
  'enterprise_committee',
  'union',
  'township_center',
  'people_mediation',
  'mediation_center',
] as const;

export const ORG_KINDS = [...MEDIATION_ORG_KINDS, 'arbitration_commission', 'court', 'procuratorate', 'legal_aid'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** SPEC §2: which proceedings each kind of organisation handles. */
export const ORG_HANDLES: Record<OrgKind, readonly ProceedingKind[]> = {
  enterprise_committee: ['mediation'],
  union: ['mediation'],
  township_center: ['mediation'],
  people_mediation: ['mediation'],
  mediation_center: ['mediation'],
  arbitration_commission: ['arbitration'],
  court: ['confirmation', 'litigation'],
  procuratorate: [],
  legal_aid: [],
};

/** SPEC §2: the organisation kinds each staff role may belong to. */
export const ROLE_ORG_KINDS: Record<StaffRole, readonly OrgKind[]> = {
  mediator: MEDIATION_ORG_KINDS,
  arbitrator: ['arbitration_commission'],
  court_liaison: ['court'],
};

export const CATEGORIES = [
  'wages',
  'termination',
  'social_insurance',
  'work_injury',
  'working_time',
  'contract',
  'employment_relation',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PROCEEDING_STATES = ['received', 'accepted', 'concluded', 'declined'] as const;
export type ProceedingState = (typeof PROCEEDING_STATES)[number];
export const OPEN_STATES: readonly ProceedingState[] = ['received', 'accepted'];

export const PROCEEDING_OUTCOMES = ['settled', 'failed', 'withdrawn', 'confirmed', 'refused', 'awarded', 'judged'] as const;
export type ProceedingOutcome = (typeof PROCEEDING_OUTCOMES)[number];

/** SPEC §3: the outcomes each kind of proceeding can reach. */
export const KIND_OUTCOMES: Record<ProceedingKind, readonly ProceedingOutcome[]> = {
  mediation: ['settled', 'failed', 'withdrawn'],
  confirmation: ['confirmed', 'refused', 'withdrawn'],
  arbitration: ['awarded', 'settled', 'withdrawn'],
  litigation: ['judged', 'settled', 'withdrawn'],
};

/**
 * SPEC §12: who prevailed when a proceeding concluded, as staff record it with the outcome: the
 * worker, the employer, or each in part (劳动者胜诉, 用人单位胜诉, 双方部分胜诉).
 */
export const PREVAILED = ['worker', 'employer', 'partly'] as const;
export type Prevailed = (typeof PREVAILED)[number];

/** SPEC §10: who may act for a party. */
export const REPRESENTATIVE_KINDS = ['legal_aid', 'lawyer', 'union', 'procuratorate_support'] as const;
export type RepresentativeKind = (typeof REPRESENTATIVE_KINDS)[number];

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** SPEC §12: what a possible duplicate claim shares with an open case against the same employer. */
export const DUPLICATE_REASONS = ['id_number', 'phone'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];
export const CASE_OUTCOMES = ['performed', 'withdrawn', 'abandoned', 'judged', 'transferred'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export const CASE_KINDS = ['individual', 'collective'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CHANNELS = ['online', 'walk_in', 'court_delegated', 'referral'] as const;
export type Channel = (typeof CHANNELS)[number];
export const AGREEMENT_STATUSES = ['pending', 'performed', 'defaulted'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/**
 * 劳动争议调解仲裁法 art. 7 and 最高人民法院《关于审理劳动争议案件适用法律问题的解释（一）》:
 * a dispute with ten or more workers and a common claim is a collective dispute.
 */
export const COLLECTIVE_MIN_APPLICANTS = 10;
export function caseKindFor(applicantCount: number): CaseKind {
  return applicantCount >= COLLECTIVE_MIN_APPLICANTS ? 'collective' : 'individual';
}

export function orgHandles(kind: OrgKind, proceeding: ProceedingKind): boolean {
  return ORG_HANDLES[kind].includes(proceeding);
}

export function roleFitsOrg(role: Role, kind: OrgKind): boolean {
  return (STAFF_ROLES as readonly string[]).includes(role) && ROLE_ORG_KINDS[role as StaffRole].includes(kind);
}

export function isStaffRole(role: Role): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

/** The proceeding a new case opens with at an organisation of this kind, if it takes filings. */
export function firstProceedingKind(kind: OrgKind): ProceedingKind | null {
  if ((MEDIATION_ORG_KINDS as readonly string[]).includes(kind)) return 'mediation';
  if (kind === 'arbitration_commission') return 'arbitration';
  if (kind === 'court') return 'litigation';
  return null;
}
