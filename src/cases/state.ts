/**
 * A case as the service works on it (CaseBundle: every row that belongs to it, as loaded under
 * its lock) and as its detail shows it (DetailSource), with the views of it that authorisation
 * and the transition table read.
 */
import type { ClockRow } from '../clocks/engine.js';
import type { agreements, applicants, caseDuplicates, caseRespondents, cases, claims, hearings, instalments, organizations, payments, proceedings, services } from '../db/schema/index.js';
import type { CaseStatus } from '../domain/model.js';
import { signedByAll, unsigned } from '../domain/signatures.js';
import type { CaseSnapshot } from '../domain/transitions.js';
import type { CaseParties } from './access.js';

export type CaseRow = typeof cases.$inferSelect;
export type ProceedingRow = typeof proceedings.$inferSelect & { orgName: string };
export type AgreementRow = typeof agreements.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;
export type DuplicateRow = typeof caseDuplicates.$inferSelect;
/** An employer's representative invited to the case (SPEC §10). */
export type RespondentRow = typeof caseRespondents.$inferSelect;
/** A document or file served on one person (SPEC §10). */
export type ServiceRow = typeof services.$inferSelect;

/** A possible duplicate claim as a case sees it (SPEC §12): the other case's number, status and current organisation. */
export interface PossibleDuplicate {
  number: string;
  status: CaseStatus;
  orgName: string;
  dismissedAt: Date | string | null;
}
/** The same, with the pair's row (whichever side of it this case is), to insert or patch. */
export interface DuplicateLink extends PossibleDuplicate {
  row: DuplicateRow;
}

/**
 * A case and everything its detail shows: the current agreement (the newest) with its
 * instalments and payments, and the calendar version the clocks are to be presented against.
 * An action's effect returns a new one (src/cases/effects.ts), the repository writes what
 * differs from the one loaded, and the answer is presented from it without reading it again.
 */
export interface CaseBundle {
  row: CaseRow;
  proceedings: ProceedingRow[];
  agreement: AgreementRow | null;
  applicants: (typeof applicants.$inferSelect)[];
  orgs: { orgId: string; regionCode: string }[];
  claims: (typeof claims.$inferSelect)[];
  hearings: (typeof hearings.$inferSelect)[];
  instalments: (typeof instalments.$inferSelect)[];
  payments: (typeof payments.$inferSelect)[];
  /** Oldest first (started on, then id). */
  clocks: ClockRow[];
  /** Possible duplicate claims, dismissed or not, oldest first. */
  duplicates: DuplicateLink[];
  /** The employer's representatives invited, oldest first (SPEC §10). */
  respondents: RespondentRow[];
  /** Service of documents and files, one row per person, oldest first (SPEC §10). */
  services: ServiceRow[];
  calendarVersion: string;
}

/** An instant as the bundle holds it (a Date) or as the detail's own read brings it (PostgreSQL's text, see isoInstant). */
type Instant<T> = T extends Date ? Date | string : T;
export type Shown<T, K extends keyof T> = { [P in K]: Instant<T[P]> };

// What the detail shows of each part: the columns the lean read selects (DETAIL_COLUMNS) and
// presentDetail, parties and snapshot use. A CaseBundle is a DetailSource.
export const DETAIL_COLUMNS = {
  case: ['id', 'number', 'kind', 'status', 'outcome', 'channel', 'orgId', 'categories', 'summary', 'incidentDate', 'employmentEndedOn', 'respondentName', 'respondentCreditCode', 'respondentContact', 'respondentAddress', 'claimedFen', 'version', 'createdAt', 'receivedAt', 'closedAt', 'representatives'],
  proceeding: ['id', 'kind', 'orgId', 'state', 'outcome', 'paused', 'extensionCount', 'assignedUserId', 'referredFromOrgId', 'referralReason', 'declineReason', 'conclusionReason', 'receivedAt', 'acceptedAt', 'concludedAt', 'prevailed'],
  agreement: ['id', 'proceedingId', 'orgId', 'amountFen', 'terms', 'paidFen', 'status', 'final', 'deliveredAt', 'confirmedAt', 'confirmedByOrgId', 'recordedAt', 'perApplicant', 'signatures'],
  applicant: ['id', 'name', 'idNumber', 'phone', 'userId'],
  claim: ['id', 'applicantId', 'category', 'description', 'amountFen'],
  hearing: ['proceedingId', 'at', 'place'],
  instalment: ['dueOn', 'amountFen'],
  payment: ['id', 'amountFen', 'paidAt', 'recordedAt', 'applicantIndex'],
} as const satisfies {
  case: readonly (keyof CaseRow)[];
  proceeding: readonly (keyof ProceedingRow)[];
  agreement: readonly (keyof AgreementRow)[];
  applicant: readonly (keyof CaseBundle['applicants'][number])[];
  claim: readonly (keyof CaseBundle['claims'][number])[];
  hearing: readonly (keyof CaseBundle['hearings'][number])[];
  instalment: readonly (keyof CaseBundle['instalments'][number])[];
  payment: readonly (keyof CaseBundle['payments'][number])[];
};
type Of<T, K extends readonly (keyof T)[]> = Shown<T, K[number]>;

/** A case as its detail shows it: a CaseBundle, or GET /cases/:id's lean read of only these columns. */
export interface DetailSource {
  row: Of<CaseRow, typeof DETAIL_COLUMNS.case>;
  proceedings: (Of<ProceedingRow, typeof DETAIL_COLUMNS.proceeding> & { orgName: string })[];
  agreement: Of<AgreementRow, typeof DETAIL_COLUMNS.agreement> | null;
  applicants: Of<CaseBundle['applicants'][number], typeof DETAIL_COLUMNS.applicant>[];
  orgs: { orgId: string; regionCode: string }[];
  claims: Of<CaseBundle['claims'][number], typeof DETAIL_COLUMNS.claim>[];
  hearings: Of<CaseBundle['hearings'][number], typeof DETAIL_COLUMNS.hearing>[];
  instalments: Of<CaseBundle['instalments'][number], typeof DETAIL_COLUMNS.instalment>[];
  payments: Of<CaseBundle['payments'][number], typeof DETAIL_COLUMNS.payment>[];
  clocks: ClockRow[];
  duplicates: PossibleDuplicate[];
  respondents: Shown<RespondentRow, keyof RespondentRow>[];
  services: Shown<ServiceRow, keyof ServiceRow>[];
  calendarVersion: string;
}

export function parties(b: DetailSource): CaseParties {
  return {
    applicantUserIds: b.applicants.flatMap((a) => (a.userId ? [a.userId] : [])),
    respondentUserIds: b.respondents.flatMap((r) => (r.userId ? [r.userId] : [])),
    orgs: b.orgs,
  };
}

/** Whether the current agreement is a settlement the parties sign, and whether they all have (SPEC §10). */
export function signing(b: Pick<DetailSource, 'agreement' | 'proceedings' | 'applicants'>): { settlement: boolean; effective: boolean; signable: boolean } {
  const a = b.agreement;
  if (!a) return { settlement: false, effective: false, signable: false };
  const settlement = b.proceedings.find((p) => p.id === a.proceedingId)?.outcome === 'settled';
  if (!settlement) return { settlement, effective: true, signable: false };
  const effective = signedByAll(a.signatures, b.applicants.length);
  return { settlement, effective, signable: !effective };
}

/** Who of the parties has yet to sign the current agreement, as the transition table asks (the applicants by their accounts). */
function awaiting(b: DetailSource): { applicantUserIds: string[]; respondent: boolean } {
  const left = unsigned(b.agreement?.signatures ?? [], b.applicants.length);
  return { applicantUserIds: left.applicants.flatMap((i) => (b.applicants[i]?.userId ? [b.applicants[i].userId!] : [])), respondent: left.respondent };
}

export function snapshot(b: DetailSource): CaseSnapshot {
  return {
    status: b.row.status,
    proceedings: b.proceedings.map((p) => ({
      kind: p.kind,
      orgId: p.orgId,
      state: p.state,
      outcome: p.outcome,
      paused: p.paused,
      extensionCount: p.extensionCount,
    })),
    agreement: b.agreement ? { orgId: b.agreement.orgId, status: b.agreement.status, ...signing(b), awaiting: awaiting(b) } : null,
    applicantUserIds: parties(b).applicantUserIds,
    respondentUserIds: parties(b).respondentUserIds,
    handlingOrgIds: b.orgs.map((o) => o.orgId),
    possibleDuplicates: b.duplicates.filter((d) => !d.dismissedAt).length,
  };
}

