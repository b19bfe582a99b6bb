/** Reading a case with everything that belongs to it, and turning it into what callers see. */
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/client.js';
import { loadCalendar, presentClock } from '../clocks/engine.js';
import {
  agreements,
  applicants,
  caseOrgs,
  cases,
  clocks,
  claims,
  hearings,
  instalments,
  organizations,
  payments,
  proceedings,
} from '../db/schema/index.js';
import { maskIdNumber, maskPhone } from '../domain/identity.js';
import { chinaDate } from '../domain/time.js';
import { allowedActions, lastProceeding, REFERRAL_ROUTES, type CaseSnapshot } from '../domain/transitions.js';
import { seesPersonalData, type CaseParties } from './access.js';
import type { CaseDetail } from './schemas.js';

export type CaseRow = typeof cases.$inferSelect;
export type ProceedingRow = typeof proceedings.$inferSelect & { orgName: string };
export type AgreementRow = typeof agreements.$inferSelect;

export interface CaseBundle {
  row: CaseRow;
  proceedings: ProceedingRow[];
  agreement: AgreementRow | null;
  applicants: (typeof applicants.$inferSelect)[];
  orgs: { orgId: string; regionCode: string }[];
}

/** The case row (locked FOR UPDATE inside a transaction when `lock`), its proceedings, current agreement, applicants and organisations. */
export async function loadBundle(q: Queryable, id: string, lock: boolean): Promise<CaseBundle | null> {
  const base = q.select().from(cases).where(eq(cases.id, id));
  const [row] = lock ? await base.for('update') : await base;
  if (!row) return null;
  const [procs, agreementRows, applicantRows, orgs] = await Promise.all([
    q
      .select({ p: proceedings, orgName: organizations.name })
      .from(proceedings)
      .innerJoin(organizations, eq(organizations.id, proceedings.orgId))
      .where(eq(proceedings.caseId, id))
      .orderBy(asc(proceedings.seq)),
    q.select().from(agreements).where(eq(agreements.caseId, id)).orderBy(desc(agreements.recordedAt), desc(agreements.id)).limit(1),
    q.select().from(applicants).where(eq(applicants.caseId, id)).orderBy(asc(applicants.position)),
    q.select({ orgId: caseOrgs.orgId, regionCode: caseOrgs.regionCode }).from(caseOrgs).where(eq(caseOrgs.caseId, id)),
  ]);
  return {
    row,
    proceedings: procs.map((r) => ({ ...r.p, orgName: r.orgName })),
    agreement: agreementRows[0] ?? null,
    applicants: applicantRows,
    orgs,
  };
}

export function parties(b: CaseBundle): CaseParties {
  return { applicantUserIds: b.applicants.flatMap((a) => (a.userId ? [a.userId] : [])), orgs: b.orgs };
}

export function snapshot(b: CaseBundle): CaseSnapshot {
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

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The case detail of SPEC §7, masked for the caller. */
export async function presentDetail(q: Queryable, b: CaseBundle, caller: Caller, now: Date): Promise<CaseDetail> {
  const id = b.row.id;
  const today = chinaDate(now);
  const [claimRows, hearingRows, instalmentRows, paymentRows, clockRows, cal] = await Promise.all([
    q.select().from(claims).where(eq(claims.caseId, id)),
    q.select().from(hearings).where(eq(hearings.caseId, id)).orderBy(asc(hearings.at)),
    b.agreement
      ? q.select().from(instalments).where(eq(instalments.agreementId, b.agreement.id)).orderBy(asc(instalments.seq))
      : Promise.resolve([]),
    b.agreement
      ? q.select().from(payments).where(inArray(payments.agreementId, [b.agreement.id])).orderBy(asc(payments.paidAt))
      : Promise.resolve([]),
    q.select().from(clocks).where(eq(clocks.caseId, id)).orderBy(asc(clocks.startedOn), asc(clocks.id)),
    loadCalendar(q),
  ]);
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
        claims: claimRows
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
      receivedAt: pr.receivedAt.toISOString(),
      acceptedAt: iso(pr.acceptedAt),
      concludedAt: iso(pr.concludedAt),
      hearings: hearingRows.filter((h) => h.proceedingId === pr.id).map((h) => ({ at: h.at.toISOString(), place: h.place })),
    })),
    agreement: a
      ? {
          id: a.id,
          proceedingId: a.proceedingId,
          orgId: a.orgId,
          amountFen: a.amountFen,
          terms: a.terms,
          instalments: instalmentRows.map((i) => ({ dueOn: i.dueOn, amountFen: i.amountFen })),
          paidFen: a.paidFen,
          status: a.status,
          final: a.final,
          deliveredAt: iso(a.deliveredAt),
          confirmedAt: iso(a.confirmedAt),
          confirmedByOrgId: a.confirmedByOrgId,
          recordedAt: a.recordedAt.toISOString(),
        }
      : null,
    payments: paymentRows.map((pm) => ({
      id: pm.id,
      amountFen: pm.amountFen,
      paidAt: pm.paidAt.toISOString(),
      recordedAt: pm.recordedAt.toISOString(),
    })),
    claimedFen: b.row.claimedFen,
    clocks: clockRows.map((k) => presentClock(k, cal, today)),
    nextSteps,
    allowedActions: allowedActions(caller, snap),
    version: b.row.version,
    createdAt: b.row.createdAt.toISOString(),
    receivedAt: b.row.receivedAt.toISOString(),
    closedAt: iso(b.row.closedAt),
  };
}
