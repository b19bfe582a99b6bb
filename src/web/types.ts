/** The shapes of the API's answers that the pages read (the features' routes.ts files, and /openapi.json). */

export type Role = 'worker' | 'mediator' | 'arbitrator' | 'court_liaison' | 'supervisor' | 'admin';
export type ProceedingKind = 'mediation' | 'confirmation' | 'arbitration' | 'litigation';
export type ProceedingState = 'received' | 'accepted' | 'concluded' | 'declined';
export type Category =
  | 'wages'
  | 'termination'
  | 'social_insurance'
  | 'work_injury'
  | 'working_time'
  | 'contract'
  | 'employment_relation'
  | 'other';
export type ActionName =
  | 'accept'
  | 'decline'
  | 'schedule'
  | 'extend'
  | 'pause'
  | 'resume'
  | 'settle'
  | 'fail'
  | 'award'
  | 'judge'
  | 'confirm'
  | 'refuse'
  | 'withdraw'
  | 'refer'
  | 'assign'
  | 'record_payment'
  | 'record_default'
  | 'close'
  | 'note';

export interface User {
  id: string;
  username: string;
  role: Role;
  orgId: string | null;
  regionCode: string | null;
  /** A supervisor's region in Chinese (百色市), from the server's GB/T 2260 names. */
  regionName: string | null;
  name: string;
  phone: string | null;
  disabled: boolean;
  createdAt: string;
  idNumber?: string | null;
}

export interface Organization {
  id: string;
  name: string;
  kind: string;
  regionCode: string;
  parentId: string | null;
  intakeCode: string;
  handles: ProceedingKind[];
  createdAt: string;
}

/** GET /organizations/:id/staff: a colleague, to choose who handles a case. */
export interface StaffMember {
  id: string;
  name: string;
  role: 'mediator' | 'arbitrator' | 'court_liaison';
}

export interface Clock {
  id: string;
  kind: string;
  label: string;
  proceedingId: string | null;
  startedOn: string;
  dueOn: string;
  unit: string;
  length: number;
  status: 'running' | 'paused' | 'met' | 'breached';
  dueSoon: boolean;
  pausedDays: number;
  extensions: number;
  extensionDays: number;
  stoppedOn: string | null;
  rule: { id: string; basis: string };
  calendarYears: number[];
  provisional: boolean;
  explanation: string[];
}

export interface Deadline extends Clock {
  caseId: string;
  caseNumber: string;
  caseSummary: string;
  respondentName: string;
  orgId: string;
}

export interface Proceeding {
  id: string;
  kind: ProceedingKind;
  orgId: string;
  orgName: string;
  state: ProceedingState;
  outcome: string | null;
  paused: boolean;
  assignedUserId: string | null;
  referredFromOrgId: string | null;
  reason: string | null;
  receivedAt: string;
  acceptedAt: string | null;
  concludedAt: string | null;
  hearings: { at: string; place: string }[];
}

export interface Agreement {
  id: string;
  proceedingId: string;
  orgId: string;
  amountFen: number;
  terms: string;
  instalments: { dueOn: string; amountFen: number }[];
  paidFen: number;
  status: 'pending' | 'performed' | 'defaulted';
  final: boolean | null;
  deliveredAt: string | null;
  confirmedAt: string | null;
  confirmedByOrgId: string | null;
  recordedAt: string;
}

export interface CaseDetail {
  id: string;
  number: string;
  kind: 'individual' | 'collective';
  status: 'open' | 'closed';
  outcome: string | null;
  channel: string;
  orgId: string;
  categories: Category[];
  summary: string;
  incidentDate: string;
  employmentEndedOn: string | null;
  applicants: {
    id: string;
    name: string;
    idNumber: string | null;
    phone: string | null;
    isCaller: boolean;
    claims: { id: string; category: Category; description: string; amountFen: number }[];
  }[];
  respondent: { name: string; creditCode: string | null; contact: string | null; address: string | null };
  proceedings: Proceeding[];
  agreement: Agreement | null;
  payments: { id: string; amountFen: number; paidAt: string; recordedAt: string }[];
  claimedFen: number;
  clocks: Clock[];
  nextSteps: { kind: ProceedingKind; basis: string }[];
  allowedActions: ActionName[];
  version: number;
  createdAt: string;
  receivedAt: string;
  closedAt: string | null;
}

export interface CaseListItem {
  id: string;
  number: string;
  kind: 'individual' | 'collective';
  status: 'open' | 'closed';
  outcome: string | null;
  channel: string;
  categories: Category[];
  summary: string;
  respondentName: string;
  currentOrgId: string;
  currentKind: ProceedingKind;
  state: ProceedingState;
  applicantCount: number;
  claimedFen: number;
  version: number;
  receivedAt: string;
  /** When the current proceeding was received at its organisation (a referral, a court's own receipt). */
  currentReceivedAt: string;
  createdAt: string;
  closedAt: string | null;
}

export interface CaseEvent {
  seq: number;
  action: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  proceedingId: string | null;
  internal: boolean;
  data: Record<string, unknown>;
  occurredAt: string;
  recordedAt: string;
}

// The row the API answers, as the statistics module defines it (a type only: nothing of it is bundled).
import type { StatRow } from '../domain/statistics.js';
export type { StatRow };

export interface StatsAnswer {
  from: string;
  to: string;
  groupBy: string;
  rows: StatRow[];
  totals: StatRow | null;
}

export interface YearCalendar {
  year: number;
  holidays: string[];
  makeupWorkdays: string[];
  /** The holiday each holiday and make-up working day belongs to. */
  dayNames: Record<string, string>;
  /** True only for the chinese-days package's data; an administrator's entry is false. */
  official: boolean;
  /** Nothing announced: weekends only. */
  provisional: boolean;
  source: string;
  enteredBy: { id: string; name: string } | null;
  enteredAt: string | null;
  notice: string | null;
}

export type Page<T> = { items: T[]; nextCursor: string | null };
