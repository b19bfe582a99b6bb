/**
 * The shapes of the API's answers that the pages read, taken from the server's own response
 * schemas (the allowlists the routes answer through). Only types are imported: nothing of zod or
 * of the server reaches the browser.
 */
import type { z } from 'zod';
import type { calendarResponse } from '../calendar/schemas.js';
import type { caseDetail, caseListItem, clockResponse, eventResponse } from '../cases/schemas.js';
import type { deadlineItem } from '../deadlines/schemas.js';
import type { fileResponse } from '../files/schemas.js';
import type { orgResponse, staffMember } from '../organisations/schemas.js';
import type { closureStatsResponse } from '../stats/schemas.js';
import type { userResponse } from '../users/schemas.js';
import type { workloadResponse } from '../workload/schemas.js';

export type { Category, ProceedingKind, ProceedingState, Role } from '../domain/model.js';
export type { ActionName } from '../domain/transitions.js';

/** An account; GET /me adds the caller's own ID number. */
export type User = z.output<typeof userResponse> & { idNumber?: string | null };
export type Organization = z.output<typeof orgResponse>;
/** GET /organizations/:id/staff: a colleague, to choose who handles a case. */
export type StaffMember = z.output<typeof staffMember>;

export type CaseDetail = z.output<typeof caseDetail>;
export type Proceeding = CaseDetail['proceedings'][number];
export type Agreement = NonNullable<CaseDetail['agreement']>;
export type Clock = z.output<typeof clockResponse>;
export type CaseListItem = z.output<typeof caseListItem>;
export type CaseEvent = z.output<typeof eventResponse>;
/** A clock on the deadline board, with its case. */
export type Deadline = z.output<typeof deadlineItem>;

export type StatsAnswer = z.output<typeof closureStatsResponse>;
export type StatRow = StatsAnswer['rows'][number];

export type YearCalendar = z.output<typeof calendarResponse>;

export type Page<T> = { items: T[]; nextCursor: string | null };
export type Workload = z.output<typeof workloadResponse>;
/** A file of the case file (SPEC §9). */
export type CaseFile = z.output<typeof fileResponse>;
/** A document the case can produce, as GET /cases/:id/documents lists it. */
export interface CaseDocumentEntry {
  type: string;
  title: string;
  available: boolean;
  issuedAt?: string | null;
  verificationCode?: string | null;
}
