/** Reading a case with everything that belongs to it, and turning it into what callers see. */
import { sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/client.js';
import { presentClock, type ClockRow } from '../clocks/engine.js';
import { calendarVersionSql } from '../clocks/calendarCache.js';
import { agreements, applicants, cases, claims, clocks, hearings, instalments, payments, proceedings } from '../db/schema/index.js';
import type { WorkCalendar } from '../domain/calendar.js';
import { maskIdNumber, maskPhone } from '../domain/identity.js';
import { chinaDate } from '../domain/time.js';
import { allowedActions, lastProceeding, REFERRAL_ROUTES, type CaseSnapshot } from '../domain/transitions.js';
import { seesPersonalData, type CaseParties } from './access.js';
import { columnList, columnsAs, fromRow, isoInstant, jsonObject, Statement } from '../db/prepared.js';
import type { CaseDetail } from './schemas.js';

export type CaseRow = typeof cases.$inferSelect;
export type ProceedingRow = typeof proceedings.$inferSelect & { orgName: string };
export type AgreementRow = typeof agreements.$inferSelect;

/**
 * A case and everything its detail shows: the current agreement (the newest) with its
 * instalments and payments, and the calendar version the clocks are to be presented against.
 * An action changes this in memory as it writes, and presents it without reading it again.
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
  calendarVersion: string;
}

/** An instant as the bundle holds it (a Date) or as the detail's own read brings it (PostgreSQL's text, see isoInstant). */
type Instant<T> = T extends Date ? Date | string : T;
type Shown<T, K extends keyof T> = { [P in K]: Instant<T[P]> };

// What the detail shows of each part: the columns the lean read selects (DETAIL_COLUMNS) and
// presentDetail, parties and snapshot use. A CaseBundle is a DetailSource.
const DETAIL_COLUMNS = {
  case: ['id', 'number', 'kind', 'status', 'outcome', 'channel', 'orgId', 'categories', 'summary', 'incidentDate', 'employmentEndedOn', 'respondentName', 'respondentCreditCode', 'respondentContact', 'respondentAddress', 'claimedFen', 'version', 'createdAt', 'receivedAt', 'closedAt'],
  proceeding: ['id', 'kind', 'orgId', 'state', 'outcome', 'paused', 'extensionCount', 'assignedUserId', 'referredFromOrgId', 'referralReason', 'declineReason', 'conclusionReason', 'receivedAt', 'acceptedAt', 'concludedAt'],
  agreement: ['id', 'proceedingId', 'orgId', 'amountFen', 'terms', 'paidFen', 'status', 'final', 'deliveredAt', 'confirmedAt', 'confirmedByOrgId', 'recordedAt'],
  applicant: ['id', 'name', 'idNumber', 'phone', 'userId'],
  claim: ['id', 'applicantId', 'category', 'description', 'amountFen'],
  hearing: ['proceedingId', 'at', 'place'],
  instalment: ['dueOn', 'amountFen'],
  payment: ['id', 'amountFen', 'paidAt', 'recordedAt'],
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
  calendarVersion: string;
}

type J = Record<string, unknown>;
/** The case's own columns under their names (none is named like the parts below), then its parts as JSON. */
interface LoadedRow extends J {
  proceedings: { row: J; orgName: string }[];
  agreement: J | null;
  applicants: J[];
  orgs: { orgId: string; regionCode: string }[];
  claims: J[];
  hearings: J[];
  instalments: J[];
  payments: J[];
  clocks: J[];
  calendar_version: string;
}

/** How a read brings each part of a case: whole rows (the bundle) or the detail's columns only. */
interface ReadShape {
  columns: SQL;
  proceeding: SQL;
  agreement: SQL;
  applicant: SQL;
  claim: SQL;
  hearing: SQL;
  instalment: SQL;
  payment: SQL;
}
const WHOLE_ROWS: ReadShape = {
  columns: columnList(cases, 'c'),
  proceeding: sql`json_build_object('row', row_to_json(p), 'orgName', o.name)`,
  agreement: sql`row_to_json(a)`,
  applicant: sql`ap`,
  claim: sql`cl`,
  hearing: sql`h`,
  instalment: sql`i`,
  payment: sql`pm`,
};
const DETAIL_ONLY: ReadShape = {
  columns: columnsAs(cases, 'c', DETAIL_COLUMNS.case),
  proceeding: jsonObject(proceedings, 'p', DETAIL_COLUMNS.proceeding, [sql`'orgName', o.name`]),
  agreement: jsonObject(agreements, 'a', DETAIL_COLUMNS.agreement),
  applicant: jsonObject(applicants, 'ap', DETAIL_COLUMNS.applicant),
  claim: jsonObject(claims, 'cl', DETAIL_COLUMNS.claim),
  hearing: jsonObject(hearings, 'h', DETAIL_COLUMNS.hearing),
  instalment: jsonObject(instalments, 'i', DETAIL_COLUMNS.instalment),
  payment: jsonObject(payments, 'pm', DETAIL_COLUMNS.payment),
};

// One statement, one round trip: each part is an aggregate over an index on case_id (payments
// has none on agreement_id, so they are found by case first: a payment's case is its agreement's).
// The orders are those of the separate queries this replaced; claims and organisations never had one.
// The case row itself comes as columns: as JSON it was the largest single value the driver parsed.
// Clocks come whole in both shapes: a paused clock is recomputed from its row to be presented.
const loadCaseSql = (shape: ReadShape) => sql`
    select ${shape.columns},
      coalesce((select json_agg(${shape.proceeding} order by p.seq)
                from proceedings p join organizations o on o.id = p.org_id where p.case_id = c.id), '[]') as proceedings,
      case when a.id is null then null else ${shape.agreement} end as agreement,
      coalesce((select json_agg(${shape.applicant} order by ap.position) from applicants ap where ap.case_id = c.id), '[]') as applicants,
      coalesce((select json_agg(json_build_object('orgId', co.org_id, 'regionCode', co.region_code)) from case_orgs co where co.case_id = c.id), '[]') as orgs,
      coalesce((select json_agg(${shape.claim}) from claims cl where cl.case_id = c.id), '[]') as claims,
      coalesce((select json_agg(${shape.hearing} order by h.at) from hearings h where h.case_id = c.id), '[]') as hearings,
      coalesce((select json_agg(${shape.instalment} order by i.seq) from instalments i where i.agreement_id = a.id), '[]') as instalments,
      coalesce((select json_agg(${shape.payment} order by pm.paid_at) from payments pm where pm.case_id = c.id and pm.agreement_id = a.id), '[]') as payments,
      coalesce((select json_agg(k order by k.started_on, k.id) from clocks k where k.case_id = c.id), '[]') as clocks,
      ${calendarVersionSql} as calendar_version
    from cases c
    left join lateral (select * from agreements x where x.case_id = c.id order by x.recorded_at desc, x.id desc limit 1) a on true
    where c.id = ${sql.placeholder('id')}::uuid`;
const loadCase = new Statement<LoadedRow>('case_load', () => loadCaseSql(WHOLE_ROWS));
// GET /cases/:id: only what the detail shows, used as it arrives (no decoding into the domain's
// rows, no Dates).
type DetailRow = DetailSource['row'] & Omit<DetailSource, 'row' | 'clocks' | 'calendarVersion'> & { clocks: J[]; calendar_version: string };
const loadDetailRow = new Statement<DetailRow>('case_detail', () => loadCaseSql(DETAIL_ONLY));

const lockCase = new Statement('case_lock', () => sql`select id from cases where id = ${sql.placeholder('id')}::uuid for update`);

/**
 * The case with everything that belongs to it. With `lock` (inside a transaction) the case row
 * is locked FOR UPDATE first, and the rest is read by a second statement, whose snapshot is
 * taken once the lock is held, so it sees what the previous lock holder committed. The two are
 * sent together (pipelined on postgres.js): one round trip.
 */
export async function loadBundle(q: Queryable, id: string, lock: boolean): Promise<CaseBundle | null> {
  const [locked, [raw]] = await Promise.all([lock ? lockCase.run(q, { id }) : null, loadCase.run(q, { id })]);
  return !raw || (locked && !locked.length) ? null : bundleOf(raw);
}

/** What GET /cases/:id shows of the case, read in one statement; null if there is no such case. */
export async function loadDetail(q: Queryable, id: string): Promise<DetailSource | null> {
  const [raw] = await loadDetailRow.run(q, { id });
  if (!raw) return null;
  const { proceedings, agreement, applicants, orgs, claims: claimRows, hearings, instalments, payments, clocks: clockRows, calendar_version } = raw;
  return {
    row: raw,
    proceedings,
    agreement,
    applicants,
    orgs,
    claims: claimRows,
    hearings,
    instalments,
    payments,
    clocks: clockRows.map((r) => fromRow(clocks, r)),
    calendarVersion: calendar_version,
  };
}

function bundleOf(raw: LoadedRow): CaseBundle {
  return {
    row: fromRow(cases, raw),
    proceedings: raw.proceedings.map((p) => ({ ...fromRow(proceedings, p.row), orgName: p.orgName })),
    agreement: raw.agreement ? fromRow(agreements, raw.agreement) : null,
    applicants: raw.applicants.map((r) => fromRow(applicants, r)),
    orgs: raw.orgs,
    claims: raw.claims.map((r) => fromRow(claims, r)),
    hearings: raw.hearings.map((r) => fromRow(hearings, r)),
    instalments: raw.instalments.map((r) => fromRow(instalments, r)),
    payments: raw.payments.map((r) => fromRow(payments, r)),
    clocks: raw.clocks.map((r) => fromRow(clocks, r)),
    calendarVersion: raw.calendar_version,
  };
}

export function parties(b: DetailSource): CaseParties {
  return { applicantUserIds: b.applicants.flatMap((a) => (a.userId ? [a.userId] : [])), orgs: b.orgs };
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
    agreement: b.agreement ? { orgId: b.agreement.orgId, status: b.agreement.status } : null,
    applicantUserIds: parties(b).applicantUserIds,
    handlingOrgIds: b.orgs.map((o) => o.orgId),
  };
}

const iso = (d: Date | string | null) => (d === null ? null : isoInstant(d));

/** The case detail of SPEC §7, masked for the caller, with clocks as of `now` on `cal`. */
export function presentDetail(b: DetailSource, caller: Caller, now: Date, cal: WorkCalendar): CaseDetail {
  const id = b.row.id;
  const today = chinaDate(now);
  const p = parties(b);
  const snap = snapshot(b);
  const last = lastProceeding(snap);
  const ended = last && (last.state === 'declined' ? 'declined' : last.outcome);
  const nextSteps =
    b.row.status === 'open' && ended
      ? REFERRAL_ROUTES.filter(
          (r) => r.from === last.kind && r.after.includes(ended) && (!r.needsDefault || b.agreement?.status === 'defaulted'),
        ).map((r) => ({ kind: r.to, basis: r.basis }))
      : [];
  const a = b.agreement;
  return {
    id,
    number: b.row.number,
    kind: b.row.kind,
    status: b.row.status,
    outcome: b.row.outcome,
    channel: b.row.channel,
    orgId: b.row.orgId,
    categories: b.row.categories as CaseDetail['categories'],
    summary: b.row.summary,
    incidentDate: b.row.incidentDate,
    employmentEndedOn: b.row.employmentEndedOn,
    applicants: b.applicants.map((ap) => {
      const whole = seesPersonalData(caller, p, ap.userId);
      return {
        id: ap.id,
        name: ap.name,
        idNumber: whole ? ap.idNumber : maskIdNumber(ap.idNumber),
        phone: whole ? ap.phone : maskPhone(ap.phone),
        isCaller: ap.userId !== null && ap.userId === caller.userId,
        claims: b.claims
          .filter((c) => c.applicantId === ap.id)
          .map((c) => ({ id: c.id, category: c.category, description: c.description, amountFen: c.amountFen })),
      };
    }),
    respondent: {
      name: b.row.respondentName,
      creditCode: b.row.respondentCreditCode,
      contact: b.row.respondentContact,
      address: b.row.respondentAddress,
    },
    proceedings: b.proceedings.map((pr) => ({
      id: pr.id,
      kind: pr.kind,
      orgId: pr.orgId,
      orgName: pr.orgName,
      state: pr.state,
      outcome: pr.outcome,
      paused: pr.paused,
      assignedUserId: pr.assignedUserId,
      referredFromOrgId: pr.referredFromOrgId,
      reason: pr.declineReason ?? pr.conclusionReason ?? pr.referralReason,
      receivedAt: isoInstant(pr.receivedAt),
      acceptedAt: iso(pr.acceptedAt),
      concludedAt: iso(pr.concludedAt),
      hearings: b.hearings.filter((h) => h.proceedingId === pr.id).map((h) => ({ at: isoInstant(h.at), place: h.place })),
    })),
    agreement: a
      ? {
          id: a.id,
          proceedingId: a.proceedingId,
          orgId: a.orgId,
          amountFen: a.amountFen,
          terms: a.terms,
          instalments: b.instalments.map((i) => ({ dueOn: i.dueOn, amountFen: i.amountFen })),
          paidFen: a.paidFen,
          status: a.status,
          final: a.final,
          deliveredAt: iso(a.deliveredAt),
          confirmedAt: iso(a.confirmedAt),
          confirmedByOrgId: a.confirmedByOrgId,
          recordedAt: isoInstant(a.recordedAt),
        }
      : null,
    payments: b.payments.map((pm) => ({
      id: pm.id,
      amountFen: pm.amountFen,
      paidAt: isoInstant(pm.paidAt),
      recordedAt: isoInstant(pm.recordedAt),
    })),
    claimedFen: b.row.claimedFen,
    clocks: b.clocks.map((k) => presentClock(k, cal, today)),
    nextSteps,
    allowedActions: allowedActions(caller, snap),
    version: b.row.version,
    createdAt: isoInstant(b.row.createdAt),
    receivedAt: isoInstant(b.row.receivedAt),
    closedAt: iso(b.row.closedAt),
  };
}
