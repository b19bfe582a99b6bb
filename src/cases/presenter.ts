/** What callers see of a case: its detail (SPEC §7), masked for the caller, and a row of the case list. */
import type { Caller } from '../auth/caller.js';
import { presentClock } from '../clocks/engine.js';
import { isoInstant } from '../db/prepared.js';
import type { WorkCalendar } from '../domain/calendar.js';
import { isStaffRole } from '../domain/model.js';
import { maskIdNumber, maskPhone } from '../domain/identity.js';
import { chinaDate } from '../domain/time.js';
import { dateZh } from '../documents/format.js';
import { allowedActions, lastProceeding, REFERRAL_ROUTES } from '../domain/transitions.js';
import { seesPersonalData } from './access.js';
import type { CaseDetail } from './schemas.js';
import { parties, signing, snapshot, type DetailSource } from './state.js';
import { unsigned } from '../domain/signatures.js';

const iso = (d: Date | string | null) => (d === null ? null : isoInstant(d));

/**
 * SPEC §10: an award recorded without its delivery date runs its appeal and vacate windows from the
 * day it was served on the worker, and the explanation a worker reads says so.
 */
function withServiceExplained<K extends { kind: string; startedOn: string; explanation: string[] }>(k: K, a: DetailSource['agreement']): K {
  if ((k.kind !== 'appeal_window' && k.kind !== 'vacate_window') || !a || a.deliveredAt) return k;
  return { ...k, explanation: [`裁决书于${dateZh(k.startedOn)}送达劳动者（电子送达的，以打开送达链接之日为送达之日），期间自送达之日起算`, ...k.explanation] };
}

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
          (r) => r.from === last.kind && r.after.includes(ended) && (!r.needsDefault || b.agreement?.status === 'defaulted') && (!r.needsEffective || signing(b).effective),
        ).map((r) => ({ kind: r.to, basis: r.basis }))
      : [];
  const a = b.agreement;
  const staffHere = isStaffRole(caller.role) && b.orgs.some((o) => o.orgId === caller.orgId);
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
      prevailed: pr.prevailed,
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
          perApplicant: a.perApplicant
            ? a.perApplicant
                .filter((share) => caller.role !== 'worker' || b.applicants[share.applicantIndex]?.userId === caller.userId)
                .map((share) => ({
                  applicantIndex: share.applicantIndex,
                  name: b.applicants[share.applicantIndex]?.name ?? '',
                  agreedFen: share.amountFen,
                  paidFen: b.payments.filter((pm) => pm.applicantIndex === share.applicantIndex).reduce((sum, pm) => sum + pm.amountFen, 0),
                }))
            : null,
          signatures: a.signatures.map((sg) => ({ party: sg.party, applicantIndex: sg.applicantIndex ?? null, name: sg.name, method: sg.method, signedAt: sg.signedAt })),
          effective: signing(b).effective,
          awaitingSignature: signing(b).settlement ? unsigned(a.signatures, b.applicants.length) : { applicants: [], respondent: false },
        }
      : null,
    payments: b.payments.map((pm) => ({
      id: pm.id,
      amountFen: pm.amountFen,
      paidAt: isoInstant(pm.paidAt),
      recordedAt: isoInstant(pm.recordedAt),
      applicantIndex: pm.applicantIndex ?? null,
    })),
    respondents: b.respondents.map((r) => {
      const own = r.userId !== null && r.userId === caller.userId;
      return {
        id: r.id,
        name: r.name,
        phone: own || staffHere ? r.phone : maskPhone(r.phone)!,
        isCaller: own,
        invitedAt: isoInstant(r.invitedAt),
        acceptedAt: iso(r.acceptedAt),
        position: r.position,
        agreesToMediate: r.agreesToMediate,
        respondedAt: iso(r.respondedAt),
      };
    }),
    representatives: (b.row.representatives ?? []).map((r) => ({ applicantIndex: r.applicantIndex, kind: r.kind, name: r.name, orgId: r.orgId, addedAt: r.addedAt })),
    services: b.services
      .filter((sv) => {
        if (caller.role === 'worker') return sv.party === 'applicant' && sv.applicantIndex !== null && b.applicants[sv.applicantIndex]?.userId === caller.userId;
        if (caller.role === 'employer') return sv.party === 'respondent';
        return true;
      })
      .map((sv) => ({
        id: sv.id,
        title: sv.title,
        documentType: sv.documentType,
        fileId: sv.fileId,
        party: sv.party,
        applicantIndex: sv.applicantIndex,
        name: sv.name,
        channel: sv.channel,
        sentAt: isoInstant(sv.createdAt),
        servedAt: iso(sv.servedAt),
      })),
    claimedFen: b.row.claimedFen,
    clocks: b.clocks.map((k) => withServiceExplained(presentClock(k, cal, today), a)),
    nextSteps,
    // The number and the organisation only, even across organisations (SPEC §12).
    possibleDuplicates: isStaffRole(caller.role) ? b.duplicates.filter((d) => !d.dismissedAt).map((d) => ({ number: d.number, orgName: d.orgName, status: d.status })) : [],
    allowedActions: allowedActions(caller, snap),
    version: b.row.version,
    createdAt: isoInstant(b.row.createdAt),
    receivedAt: isoInstant(b.row.receivedAt),
    closedAt: iso(b.row.closedAt),
  };
}
