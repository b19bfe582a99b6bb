/**
 * What each action does to a case, once the transition table (domain/transitions.ts) has allowed
 * it: a pure function from the case as loaded to the case as the action leaves it, the event that
 * records it and the facts the clock engine (src/clocks/engine.ts) is told. No I/O: rows an
 * action names that live outside the case (the organisation a referral goes to, the mediator a
 * proceeding is assigned to) are read beforehand (`References`, read by the repository), and the
 * repository writes whatever differs between the two states (src/cases/repository.ts persist).
 *
 * A new action is a row in TRANSITIONS, an entry in EFFECTS below and, if it names a row outside
 * the case, a line in referencesOf.
 */
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Caller } from '../auth/caller.js';
import type { Fact } from '../clocks/engine.js';
import { EXTENSION_LIMITS } from '../domain/clockRules.js';
import { isStaffRole, orgHandles, type Prevailed, type ProceedingOutcome } from '../domain/model.js';
import { chinaDate } from '../domain/time.js';
import { closableOutcomes, openProceeding, referralTargets, TRANSITIONS, type ActionName, type CaseSnapshot } from '../domain/transitions.js';
import { fieldProblem, invalidTransition } from '../http/errors.js';
import { rulingData } from './ruling.js';
import type { ActionInput, AgreementInput } from './schemas.js';
import { signedByAll, type Signature } from '../domain/signatures.js';
import { smsRow, type SmsRow } from '../sms/outbox.js';
import { maskPhone } from '../domain/identity.js';
import { available, servedRecords, titleOf, documentFacts } from '../documents/facts.js';
import { FILE_KIND_LABELS, type FileKind } from '../domain/caseFile.js';
import type { AgreementRow, CaseBundle, OrganizationRow, ProceedingRow, RespondentRow, ServiceRow } from './state.js';
import type { Representative } from '../db/schema/cases.js';

/** Rows outside the case that an action names, read before deciding; null when there is none. */
export interface References {
  org?: OrganizationRow | null;
  staff?: { id: string; orgId: string | null; disabled: boolean } | null;
  /** A file of the case file (SPEC §9) the action names: served, or the scan of a signed agreement. */
  file?: CaseFileRef | null;
}

export interface CaseFileRef {
  id: string;
  caseId: string;
  kind: string;
  name: string;
  internal: boolean;
  withdrawn: boolean;
}

/** Which rows outside the case an action names (the repository reads them). */
export function referencesOf(input: ActionInput): { orgId?: string; userId?: string; fileId?: string } {
  if (input.action === 'refer') return { orgId: input.toOrgId };
  if (input.action === 'assign') return { userId: input.userId };
  if (input.action === 'add_representative' && input.orgId) return { orgId: input.orgId };
  if ((input.action === 'serve' || input.action === 'sign') && input.fileId) return { fileId: input.fileId };
  return {};
}

export interface ActionContext {
  caller: Caller;
  snap: CaseSnapshot;
  occurredAt: Date;
  now: Date;
  refs: References;
  /** Where links sent by SMS point (PUBLIC_BASE_URL); '' for a path on whatever address the reader has. */
  publicBaseUrl: string;
  /** A party's `sign`: the phone code was checked against the caller's own phone (the service does, before deciding). */
  codeChecked?: boolean;
}

/** What an action did: the case after it, what its event records, and the facts for the clocks. */
export interface Acted {
  case: CaseBundle;
  event: { proceedingId: string | null; data: Record<string, unknown>; internal?: boolean };
  facts: Fact[];
  /** People to tell of it (the notices outbox). */
  notify?: { userId: string; kind: 'assigned' }[];
  /** Text messages the action itself sends (an invitation, a link to a served document). */
  sms?: SmsRow[];
}

type InputOf<A extends ActionName> = Extract<ActionInput, { action: A }>;
type Effect<A extends ActionName> = (b: CaseBundle, input: InputOf<A>, ctx: ActionContext) => Acted;

const newest = (b: CaseBundle) => b.proceedings[b.proceedings.length - 1];

function openRow(b: CaseBundle, ctx: ActionContext): ProceedingRow {
  const open = newest(b);
  if (!open || !openProceeding(ctx.snap)) throw invalidTransition('there is no open proceeding');
  return open;
}

/** The case with one proceeding's columns changed. */
function withProceeding(b: CaseBundle, id: string, patch: Partial<ProceedingRow>): CaseBundle {
  return { ...b, proceedings: b.proceedings.map((p) => (p.id === id ? { ...p, ...patch } : p)) };
}

/** Inserts into a list kept in order by `key`, after any equal keys (as rows inserted later would come). */
function insertSorted<T>(list: readonly T[], row: T, key: (r: T) => number): T[] {
  const k = key(row);
  let i = list.length;
  while (i > 0 && key(list[i - 1]) > k) i--;
  return [...list.slice(0, i), row, ...list.slice(i)];
}

const regionOf = (b: CaseBundle, orgId: string) => b.orgs.find((o) => o.orgId === orgId)?.regionCode ?? '000000';

/** A proceeding fact for the clocks, shown on the board of the proceeding's organisation. */
function proceedingFact(
  b: CaseBundle,
  p: Pick<ProceedingRow, 'id' | 'orgId' | 'kind'>,
  fact: 'received' | 'accepted' | 'declined' | 'concluded',
  ctx: ActionContext,
  extra: Partial<Extract<Fact, { orgId: string }>> = {},
): Fact {
  return { fact, on: chinaDate(ctx.occurredAt), orgId: p.orgId, regionCode: regionOf(b, p.orgId), proceedingId: p.id, kind: p.kind, ...extra };
}

function agreementFact(b: CaseBundle, a: AgreementRow, input: AgreementInput, ctx: ActionContext): Fact {
  return { fact: 'agreement', on: chinaDate(ctx.occurredAt), orgId: a.orgId, regionCode: regionOf(b, a.orgId), agreementId: a.id, instalments: input.instalments ?? [] };
}

/** A one-time link's secret: sent by SMS, kept only as its SHA-256. */
export function linkSecret(): { token: string; hash: string } {
  const token = randomBytes(18).toString('base64url');
  return { token, hash: linkHash(token) };
}
export const linkHash = (token: string) => createHash('sha256').update(token).digest('hex');
const linkTo = (ctx: ActionContext, path: string) => (ctx.publicBaseUrl ? new URL(path, ctx.publicBaseUrl).toString() : path);

function notFuture(ctx: ActionContext, at: Date, field: string) {
  if (at.getTime() > ctx.now.getTime()) throw fieldProblem(field, 'is in the future');
}

/**
 * Who prevailed, as the input of a concluding action says it (SPEC §12). It is the handling
 * organisation's finding, so a worker withdrawing their own application cannot record it.
 */
function prevailedOf(input: { prevailed?: Prevailed }, ctx: ActionContext): Prevailed | null {
  if (input.prevailed === undefined) return null;
  if (!isStaffRole(ctx.caller.role)) throw fieldProblem('body.prevailed', 'is recorded by the staff handling the proceeding');
  return input.prevailed;
}

/** What the event of a concluding action adds when staff said who prevailed. */
const prevailedData = (p: ProceedingRow) => (p.prevailed ? { prevailed: p.prevailed } : {});

/** Moves the open proceeding to the state the transition table names for this action (with who prevailed, when it concludes). */
function conclude(b: CaseBundle, action: ActionName, reason: string | null, ctx: ActionContext, prevailed: Prevailed | null = null): { case: CaseBundle; p: ProceedingRow } {
  const open = openRow(b, ctx);
  const to = TRANSITIONS[action].to!;
  const patch: Partial<ProceedingRow> = { state: to.state, outcome: (to.outcome ?? null) as ProceedingOutcome | null };
  if (to.state === 'concluded') patch.prevailed = prevailed;
  if (to.state === 'accepted') patch.acceptedAt = ctx.occurredAt;
  else {
    patch.concludedAt = ctx.occurredAt;
    // A suspension (中止) ends with the proceeding; only withdraw can end a paused one.
    patch.paused = false;
  }
  if (to.state === 'declined') patch.declineReason = reason;
  else if (to.state === 'concluded') patch.conclusionReason = reason;
  const after = withProceeding(b, open.id, patch);
  return { case: after, p: newest(after) };
}

/** A new agreement, which becomes the case's current one (with its plan and no payments yet). */
function recordAgreement(b: CaseBundle, p: ProceedingRow, input: AgreementInput, ctx: ActionContext, extra: { final?: boolean; deliveredAt?: Date; signatures?: Signature[] } = {}) {
  input.perApplicant?.forEach((share, i) => {
    if (share.applicantIndex >= b.applicants.length) throw fieldProblem(`body.agreement.perApplicant.${i}.applicantIndex`, `names no applicant: the case has ${b.applicants.length}`);
  });
  const agreement: AgreementRow = {
    id: uuidv7(),
    caseId: b.row.id,
    proceedingId: p.id,
    orgId: p.orgId,
    amountFen: input.amountFen,
    terms: input.terms,
    final: extra.final ?? null,
    deliveredAt: extra.deliveredAt ?? null,
    confirmedAt: null,
    confirmedByOrgId: null,
    // Nothing owed is performed the moment it is agreed.
    status: input.amountFen === 0 ? 'performed' : 'pending',
    paidFen: 0,
    defaultReason: null,
    defaultedAt: null,
    recordedAt: ctx.occurredAt,
    perApplicant: input.perApplicant ?? null,
    signatures: extra.signatures ?? [],
  };
  const instalments = (input.instalments ?? []).map((i, n) => ({ agreementId: agreement.id, seq: n + 1, dueOn: i.dueOn, amountFen: i.amountFen }));
  return { case: { ...b, agreement, instalments, payments: [] }, agreement };
}

const agreementData = (a: AgreementInput | undefined) =>
  a ? { amountFen: a.amountFen, terms: a.terms, instalments: a.instalments ?? [], ...(a.perApplicant ? { perApplicant: a.perApplicant } : {}) } : undefined;

/** Every party's paper signature at once (SPEC §10 `settle` with signedInPerson): the applicants in order, then the employer. */
function signedInPerson(b: CaseBundle, at: Date): Signature[] {
  const signedAt = at.toISOString();
  const applicants = b.applicants.map((a, i): Signature => ({ party: 'applicant', applicantIndex: i, name: a.name, method: 'in_person', signedAt }));
  return [...applicants, { party: 'respondent', name: respondentSignatory(b), method: 'in_person', signedAt }];
}

/** Who signs for the employer: its invited representative, or the employer by name. */
const respondentSignatory = (b: CaseBundle) => b.respondents.find((r) => r.acceptedAt)?.name ?? b.row.respondentName;

/** An outcome that concludes the open proceeding and records the agreement it reached. */
function concludeWithAgreement(
  b: CaseBundle,
  action: 'settle' | 'award' | 'judge',
  input: { agreement?: AgreementInput; prevailed?: Prevailed },
  ctx: ActionContext,
  fact: Partial<Extract<Fact, { orgId: string }>>,
  extra: { final?: boolean; deliveredAt?: Date; signatures?: Signature[] } = {},
): Acted & { agreementId: string | null; p: ProceedingRow } {
  const concluded = conclude(b, action, null, ctx, prevailedOf(input, ctx));
  const facts = [proceedingFact(b, concluded.p, 'concluded', ctx, fact)];
  const event = { proceedingId: concluded.p.id, data: {} };
  if (!input.agreement) return { case: concluded.case, p: concluded.p, facts, agreementId: null, event };
  const recorded = recordAgreement(concluded.case, concluded.p, input.agreement, ctx, extra);
  facts.push(agreementFact(b, recorded.agreement, input.agreement, ctx));
  return { case: recorded.case, p: concluded.p, facts, agreementId: recorded.agreement.id, event };
}

/** An action that only moves the open proceeding (and the clocks with it). */
function concludeOnly(action: 'fail' | 'refuse' | 'withdraw', outcome: ProceedingOutcome) {
  return (b: CaseBundle, input: { reason: string; prevailed?: Prevailed }, ctx: ActionContext) => {
    const { case: after, p } = conclude(b, action, input.reason, ctx, prevailedOf(input, ctx));
    return { case: after, p, facts: [proceedingFact(b, p, 'concluded', ctx, { outcome })] };
  };
}

const EFFECTS: { [A in ActionName]: Effect<A> } = {
  accept(b, _input, ctx) {
    const { case: after, p } = conclude(b, 'accept', null, ctx);
    return { case: after, facts: [proceedingFact(b, p, 'accepted', ctx)], event: { proceedingId: p.id, data: { kind: p.kind, orgId: p.orgId } } };
  },
  decline(b, input, ctx) {
    const ruling = rulingData(openRow(b, ctx), input, ctx);
    const { case: after, p } = conclude(b, 'decline', input.reason, ctx);
    return { case: after, facts: [proceedingFact(b, p, 'declined', ctx)], event: { proceedingId: p.id, data: { reason: input.reason, ...ruling } } };
  },
  schedule(b, input, ctx) {
    const p = openRow(b, ctx);
    const hearing = { id: uuidv7(), caseId: b.row.id, proceedingId: p.id, at: input.at, place: input.place };
    return {
      case: { ...b, hearings: insertSorted(b.hearings, hearing, (h) => h.at.getTime()) },
      facts: [],
      event: { proceedingId: p.id, data: { at: input.at.toISOString(), place: input.place } },
    };
  },
  extend(b, input, ctx) {
    const p = openRow(b, ctx);
    const limit = EXTENSION_LIMITS[p.kind]!;
    if (limit.maxDays !== null && p.extendedDays + input.days > limit.maxDays) {
      throw fieldProblem('body.days', `may be at most ${limit.maxDays - p.extendedDays} (${limit.basis})`);
    }
    return {
      case: withProceeding(b, p.id, { extensionCount: p.extensionCount + 1, extendedDays: p.extendedDays + input.days }),
      facts: [{ fact: 'extended', on: chinaDate(ctx.occurredAt), proceedingId: p.id, kind: p.kind, days: input.days }],
      event: { proceedingId: p.id, data: { days: input.days, reason: input.reason, basis: limit.basis } },
    };
  },
  pause(b, input, ctx) {
    const p = openRow(b, ctx);
    return {
      case: withProceeding(b, p.id, { paused: true }),
      facts: [{ fact: 'paused', on: chinaDate(ctx.occurredAt), proceedingId: p.id }],
      event: { proceedingId: p.id, data: { reason: input.reason } },
    };
  },
  resume(b, _input, ctx) {
    const p = openRow(b, ctx);
    return {
      case: withProceeding(b, p.id, { paused: false }),
      facts: [{ fact: 'resumed', on: chinaDate(ctx.occurredAt), proceedingId: p.id }],
      event: { proceedingId: p.id, data: {} },
    };
  },
  settle(b, input, ctx) {
    const signatures = input.signedInPerson ? signedInPerson(b, ctx.occurredAt) : [];
    const done = concludeWithAgreement(b, 'settle', input, ctx, { outcome: 'settled' }, { signatures });
    const signed = input.signedInPerson ? { signedInPerson: true, effective: true } : {};
    return { ...done, event: { ...done.event, data: { agreementId: done.agreementId, agreement: agreementData(input.agreement), ...signed, ...prevailedData(done.p) } } };
  },
  fail(b, input, ctx) {
    const { case: after, p, facts } = concludeOnly('fail', 'failed')(b, input, ctx);
    return { case: after, facts, event: { proceedingId: p.id, data: { reason: input.reason, ...prevailedData(p) } } };
  },
  award(b, input, ctx) {
    if (input.deliveredAt) notFuture(ctx, input.deliveredAt, 'body.deliveredAt');
    const done = concludeWithAgreement(
      b,
      'award',
      input,
      ctx,
      { outcome: 'awarded', finalAward: input.final, ...(input.deliveredAt ? { deliveredOn: chinaDate(input.deliveredAt) } : {}) },
      { final: input.final, deliveredAt: input.deliveredAt },
    );
    const data = { agreementId: done.agreementId, agreement: agreementData(input.agreement), final: input.final, deliveredAt: input.deliveredAt?.toISOString() ?? null, ...prevailedData(done.p) };
    return { ...done, event: { ...done.event, data } };
  },
  judge(b, input, ctx) {
    const done = concludeWithAgreement(b, 'judge', input, ctx, { outcome: 'judged' });
    return { ...done, event: { ...done.event, data: { agreementId: done.agreementId, agreement: agreementData(input.agreement), ...prevailedData(done.p) } } };
  },
  confirm(b, input, ctx) {
    const ruling = rulingData(openRow(b, ctx), input, ctx);
    const { case: concluded, p } = conclude(b, 'confirm', null, ctx, prevailedOf(input, ctx));
    const a = concluded.agreement;
    const after = a ? { ...concluded, agreement: { ...a, confirmedAt: ctx.occurredAt, confirmedByOrgId: p.orgId } } : concluded;
    return {
      case: after,
      facts: [proceedingFact(b, p, 'concluded', ctx, { outcome: 'confirmed' })],
      event: { proceedingId: p.id, data: { agreementId: a?.id ?? null, ...ruling, ...prevailedData(p) } },
    };
  },
  refuse(b, input, ctx) {
    const ruling = rulingData(openRow(b, ctx), input, ctx);
    const { case: after, p, facts } = concludeOnly('refuse', 'refused')(b, input, ctx);
    return { case: after, facts, event: { proceedingId: p.id, data: { reason: input.reason, ...ruling, ...prevailedData(p) } } };
  },
  withdraw(b, input, ctx) {
    const { case: after, p, facts } = concludeOnly('withdraw', 'withdrawn')(b, input, ctx);
    return { case: after, facts, event: { proceedingId: p.id, data: { reason: input.reason, by: ctx.caller.role === 'worker' ? 'applicant' : 'staff', ...prevailedData(p) } } };
  },
  refer(b, input, ctx) {
    const org = ctx.refs.org;
    if (!org) throw fieldProblem('body.toOrgId', 'names no organisation');
    if (!orgHandles(org.kind, input.kind)) throw fieldProblem('body.kind', `a ${org.kind} does not handle ${input.kind}`);
    const last = newest(b);
    const route = referralTargets(ctx.caller, ctx.snap).find((r) => r.to === input.kind);
    if (!route) throw invalidTransition(`a case whose ${last.kind} ended ${last.outcome ?? last.state} cannot be referred to ${input.kind} by you`);
    const p: ProceedingRow = {
      id: uuidv7(),
      caseId: b.row.id,
      seq: last.seq + 1,
      kind: input.kind,
      orgId: org.id,
      orgName: org.name,
      state: 'received',
      outcome: null,
      paused: false,
      extensionCount: 0,
      extendedDays: 0,
      assignedUserId: null,
      referredFromOrgId: last.orgId,
      referralReason: input.reason,
      declineReason: null,
      conclusionReason: null,
      receivedAt: ctx.occurredAt,
      acceptedAt: null,
      concludedAt: null,
      onTime: null,
      prevailed: null,
    };
    const orgs = b.orgs.some((o) => o.orgId === org.id) ? b.orgs : [...b.orgs, { orgId: org.id, regionCode: org.regionCode }];
    return {
      case: { ...b, proceedings: [...b.proceedings, p], orgs },
      facts: [{ fact: 'received', on: chinaDate(ctx.occurredAt), orgId: org.id, regionCode: org.regionCode, proceedingId: p.id, kind: input.kind, viaReferral: true }],
      event: { proceedingId: p.id, data: { toOrgId: org.id, kind: input.kind, reason: input.reason, fromOrgId: last.orgId, basis: route.basis } },
    };
  },
  assign(b, input, ctx) {
    const p = openRow(b, ctx);
    const staff = ctx.refs.staff;
    if (!staff || staff.orgId !== p.orgId || staff.disabled) {
      throw fieldProblem('body.userId', 'is not an active staff member of the organisation handling the proceeding');
    }
    return {
      case: withProceeding(b, p.id, { assignedUserId: staff.id }),
      facts: [],
      event: { proceedingId: p.id, data: { userId: staff.id } },
      // The assignee is told, unless they assigned it to themself.
      notify: staff.id === ctx.caller.userId ? [] : [{ userId: staff.id, kind: 'assigned' }],
    };
  },
  record_payment(b, input, ctx) {
    const a = b.agreement!;
    notFuture(ctx, input.paidAt, 'body.paidAt');
    const outstanding = a.amountFen - a.paidFen;
    if (input.amountFen > outstanding) throw fieldProblem('body.amountFen', `is more than the ${outstanding} fen outstanding`);
    const worker = input.applicantIndex;
    if (worker !== undefined) {
      if (worker >= b.applicants.length) throw fieldProblem('body.applicantIndex', `names no applicant: the case has ${b.applicants.length}`);
      const share = a.perApplicant?.find((s) => s.applicantIndex === worker);
      if (a.perApplicant && !share) throw fieldProblem('body.applicantIndex', 'names a worker with no share in the agreement');
      if (share) {
        const theirs = share.amountFen - b.payments.filter((x) => x.applicantIndex === worker).reduce((sum, x) => sum + x.amountFen, 0);
        if (input.amountFen > theirs) throw fieldProblem('body.amountFen', `is more than the ${theirs} fen outstanding to this worker`);
      }
    }
    const paid = a.paidFen + input.amountFen;
    const status = paid >= a.amountFen ? 'performed' : a.status;
    const payment = { id: uuidv7(), caseId: b.row.id, agreementId: a.id, amountFen: input.amountFen, paidAt: input.paidAt, recordedAt: ctx.now, applicantIndex: worker ?? null };
    const on = chinaDate(ctx.occurredAt);
    // The current agreement's plan, loaded with the case in seq order.
    const plan = b.instalments.map((i) => ({ dueOn: i.dueOn, amountFen: i.amountFen }));
    const facts: Fact[] = [{ fact: 'payment', on, agreementId: a.id, paidFen: paid, instalments: plan }];
    if (status === 'performed') facts.push({ fact: 'performed', on, orgId: a.orgId, regionCode: regionOf(b, a.orgId), agreementId: a.id });
    return {
      case: { ...b, agreement: { ...a, paidFen: paid, status }, payments: insertSorted(b.payments, payment, (x) => x.paidAt.getTime()) },
      facts,
      event: { proceedingId: a.proceedingId, data: { agreementId: a.id, amountFen: input.amountFen, paidAt: input.paidAt.toISOString(), paidFen: paid, status, ...(worker !== undefined ? { applicantIndex: worker } : {}) } },
    };
  },
  record_default(b, input, ctx) {
    const a = b.agreement!;
    return {
      case: { ...b, agreement: { ...a, status: 'defaulted', defaultReason: input.reason, defaultedAt: ctx.occurredAt } },
      facts: [{ fact: 'defaulted', on: chinaDate(ctx.occurredAt), orgId: a.orgId, regionCode: regionOf(b, a.orgId), agreementId: a.id }],
      event: { proceedingId: a.proceedingId, data: { agreementId: a.id, reason: input.reason } },
    };
  },
  close(b, input, ctx) {
    const allowed = closableOutcomes(ctx.snap);
    if (!allowed.includes(input.outcome)) {
      throw invalidTransition(`the case cannot be closed as ${input.outcome} now; possible: ${allowed.join(', ')}`);
    }
    const last = newest(b);
    return {
      case: { ...b, row: { ...b.row, status: 'closed', outcome: input.outcome, closedAt: ctx.occurredAt } },
      facts: [{ fact: 'closed', on: chinaDate(ctx.occurredAt), orgId: last.orgId, regionCode: regionOf(b, last.orgId) }],
      event: { proceedingId: null, data: { outcome: input.outcome } },
    };
  },
  note(b, input) {
    return { case: b, facts: [], event: { proceedingId: null, data: { text: input.text, internal: input.internal }, internal: input.internal } };
  },
  // SPEC §12: staff say a possible duplicate is none; the pair no longer shows on either case.
  // Internal: the flag itself is shown to staff only.
  not_duplicate(b, input, ctx) {
    const link = b.duplicates.find((d) => d.number === input.number && !d.dismissedAt);
    if (!link) throw fieldProblem('body.number', 'names no possible duplicate of this case');
    const dismissed = { ...link, dismissedAt: ctx.occurredAt, row: { ...link.row, dismissedAt: ctx.occurredAt, dismissedBy: ctx.caller.userId } };
    return {
      case: { ...b, duplicates: b.duplicates.map((d) => (d === link ? dismissed : d)) },
      facts: [],
      event: { proceedingId: null, data: { number: input.number }, internal: true },
    };
  },
  // SPEC §10: staff invite the employer's representative; the gateway sends a one-time link. A
  // pending invitation to the same phone is sent anew (the old link stops working).
  invite_respondent(b, input, ctx) {
    const same = b.respondents.find((r) => r.phone === input.phone);
    if (same?.acceptedAt) throw fieldProblem('body.phone', 'has already joined this case');
    const { token, hash } = linkSecret();
    const row: RespondentRow = same
      ? { ...same, name: input.name, invitationHash: hash, invitedAt: ctx.occurredAt, invitedBy: ctx.caller.userId }
      : {
          id: uuidv7(), caseId: b.row.id, name: input.name, phone: input.phone, invitationHash: hash, invitedAt: ctx.occurredAt, invitedBy: ctx.caller.userId,
          userId: null, acceptedAt: null, position: null, agreesToMediate: null, respondedAt: null,
        };
    const org = newest(b).orgName;
    const text = `${org}邀请${b.row.respondentName}的代表${input.name}在线参与案件${b.row.number}的调解。请打开链接并用本手机号验证：${linkTo(ctx, `/app/invite/${token}`)}`;
    return {
      case: { ...b, respondents: same ? b.respondents.map((r) => (r === same ? row : r)) : [...b.respondents, row] },
      facts: [],
      event: { proceedingId: null, data: { respondentId: row.id, name: input.name, phone: maskPhone(input.phone) } },
      sms: [smsRow({ key: `invite:${row.id}:${hash.slice(0, 16)}`, phone: input.phone, text, purpose: 'invite_respondent', caseId: b.row.id, now: ctx.now })],
    };
  },
  // SPEC §10: the employer states its position; one that does not agree to mediate lets staff end the mediation at once (fail).
  respond(b, input, ctx) {
    const mine = b.respondents.find((r) => r.userId === ctx.caller.userId)!;
    const row = { ...mine, position: input.text, agreesToMediate: input.agreesToMediate, respondedAt: ctx.occurredAt };
    return {
      case: { ...b, respondents: b.respondents.map((r) => (r === mine ? row : r)) },
      facts: [],
      event: { proceedingId: null, data: { respondentId: mine.id, text: input.text, agreesToMediate: input.agreesToMediate } },
    };
  },
  add_representative(b, input, ctx) {
    if (input.applicantIndex !== undefined && input.applicantIndex >= b.applicants.length) {
      throw fieldProblem('body.applicantIndex', `names no applicant: the case has ${b.applicants.length}`);
    }
    if (input.orgId) {
      const org = ctx.refs.org;
      const fits = REPRESENTATIVE_ORG_KINDS[input.kind];
      if (!org) throw fieldProblem('body.orgId', 'names no organisation');
      if (!fits || org.kind !== fits) throw fieldProblem('body.orgId', `a ${org.kind} does not act as ${input.kind}`);
    }
    const rep: Representative = { applicantIndex: input.applicantIndex ?? null, kind: input.kind, name: input.name, orgId: input.orgId ?? null, addedAt: ctx.occurredAt.toISOString() };
    return {
      case: { ...b, row: { ...b.row, representatives: [...b.row.representatives, rep] } },
      facts: [],
      event: { proceedingId: null, data: { applicantIndex: rep.applicantIndex, kind: rep.kind, name: rep.name, orgId: rep.orgId } },
    };
  },
  // SPEC §10: a party signs with a phone code (checked by the service against their own phone);
  // staff record a paper signature. Effective once every party has signed (人民调解法 art. 29).
  sign(b, input, ctx) {
    const a = b.agreement!;
    let sig: Signature;
    if (ctx.caller.role === 'worker' || ctx.caller.role === 'employer') {
      if (input.party !== undefined || input.inPerson || input.fileId || input.applicantIndex !== undefined) {
        throw fieldProblem('body.party', 'a party signs for themself, with the code sent to their phone');
      }
      if (!input.code || !ctx.codeChecked) throw fieldProblem('body.code', 'is required: ask for a code with purpose sign');
      const signedAt = ctx.occurredAt.toISOString();
      if (ctx.caller.role === 'worker') {
        const i = b.applicants.findIndex((x) => x.userId === ctx.caller.userId);
        sig = { party: 'applicant', applicantIndex: i, name: b.applicants[i].name, method: 'otp', signedAt };
      } else {
        sig = { party: 'respondent', name: b.respondents.find((r) => r.userId === ctx.caller.userId)!.name, method: 'otp', signedAt };
      }
    } else {
      if (!input.inPerson || !input.party) throw fieldProblem('body.inPerson', 'staff record a paper signature: give party and inPerson: true');
      if (input.code) throw fieldProblem('body.code', 'is for a party signing themself');
      let name = respondentSignatory(b);
      if (input.party === 'applicant') {
        const i = input.applicantIndex;
        if (i === undefined || i >= b.applicants.length) throw fieldProblem('body.applicantIndex', `must name one of the ${b.applicants.length} applicants`);
        name = b.applicants[i].name;
      } else if (input.applicantIndex !== undefined) throw fieldProblem('body.applicantIndex', 'is for an applicant');
      if (input.fileId) {
        const f = ctx.refs.file;
        if (!f || f.caseId !== b.row.id || f.withdrawn) throw fieldProblem('body.fileId', 'names no file of this case');
      }
      sig = { party: input.party, ...(input.party === 'applicant' ? { applicantIndex: input.applicantIndex } : {}), name, method: 'in_person', signedAt: ctx.occurredAt.toISOString(), ...(input.fileId ? { fileId: input.fileId } : {}) };
    }
    const already = a.signatures.some((x) => x.party === sig.party && (sig.party === 'respondent' || x.applicantIndex === sig.applicantIndex));
    if (already) throw invalidTransition(sig.party === 'respondent' ? 'the employer has already signed' : 'this applicant has already signed');
    const signatures = [...a.signatures, sig];
    const effective = signedByAll(signatures, b.applicants.length);
    return {
      case: { ...b, agreement: { ...a, signatures } },
      facts: [],
      event: { proceedingId: a.proceedingId, data: { agreementId: a.id, party: sig.party, applicantIndex: sig.applicantIndex ?? null, name: sig.name, method: sig.method, ...(sig.fileId ? { fileId: sig.fileId } : {}), effective } },
    };
  },
  // SPEC §10: service of a document of the case or of an uploaded file, on the applicants (each)
  // or the employer's representatives. By sms_link the service date is when the person opens it.
  serve(b, input, ctx) {
    if ((input.documentType === undefined) === (input.fileId === undefined)) throw fieldProblem('body.documentType', 'give either documentType or fileId');
    let title: string;
    let fileKind: string | null = null;
    if (input.documentType) {
      const docCase = { ...b, served: servedRecords(b) };
      if (!available(docCase, input.documentType)) throw invalidTransition(`the case has no ${input.documentType} to serve now`);
      title = titleOf(input.documentType, documentFacts(docCase, input.documentType));
    } else {
      const f = ctx.refs.file;
      if (!f || f.caseId !== b.row.id || f.withdrawn) throw fieldProblem('body.fileId', 'names no file of this case');
      if (f.internal) throw fieldProblem('body.fileId', 'is internal: the parties never see it');
      fileKind = f.kind;
      title = `${FILE_KIND_LABELS[f.kind as FileKind] ?? '材料'}（${f.name}）`;
    }
    if (input.servedAt && input.channel === 'sms_link') throw fieldProblem('body.servedAt', 'by sms_link the service date is when the party opens the link');
    const servedAt = input.channel === 'sms_link' ? null : (input.servedAt ?? ctx.occurredAt);
    if (servedAt) notFuture(ctx, servedAt, 'body.servedAt');
    const people =
      input.to === 'applicants'
        ? b.applicants.map((a, i) => ({ party: 'applicant' as const, applicantIndex: i, name: a.name, phone: a.phone }))
        : b.respondents.length
          ? b.respondents.map((r) => ({ party: 'respondent' as const, applicantIndex: null, name: r.name, phone: r.phone as string | null }))
          : [{ party: 'respondent' as const, applicantIndex: null, name: b.row.respondentName, phone: b.row.respondentContact && /^1\d{10}$/.test(b.row.respondentContact) ? b.row.respondentContact : null }];
    if (input.channel === 'sms_link') {
      const missing = people.find((p) => !p.phone);
      if (missing) throw fieldProblem('body.channel', input.to === 'applicants' ? `applicant ${missing.name} has no phone: serve in person or by post` : "the employer has no representative's phone: invite one first, or serve in person or by post");
    }
    const seq = b.row.eventCount + 1;
    const sms: SmsRow[] = [];
    const rows: ServiceRow[] = people.map((p) => {
      const id = uuidv7();
      let hash: string | null = null;
      if (input.channel === 'sms_link') {
        const secret = linkSecret();
        hash = secret.hash;
        const text = `案件${b.row.number}：${newest(b).orgName}向您送达《${title}》。请打开链接查阅，打开之日即为送达之日：${linkTo(ctx, `/app/served/${secret.token}`)}`;
        sms.push(smsRow({ key: `serve:${id}`, phone: p.phone!, text, purpose: 'serve', caseId: b.row.id, now: ctx.now }));
      }
      return {
        id, caseId: b.row.id, eventSeq: seq, documentType: input.documentType ?? null, fileId: input.fileId ?? null, fileKind, title,
        party: p.party, applicantIndex: p.applicantIndex, name: p.name, phone: p.phone, channel: input.channel, linkHash: hash, createdAt: ctx.occurredAt, servedAt,
      };
    });
    const after = { ...b, services: [...b.services, ...rows] };
    return {
      case: after,
      facts: servedAt ? awardServedFacts(b, rows, servedAt) : [],
      event: {
        proceedingId: null,
        data: { documentType: input.documentType ?? null, fileId: input.fileId ?? null, title, to: input.to, channel: input.channel, servedAt: servedAt?.toISOString() ?? null, people: rows.length },
      },
      sms,
    };
  },
};

/** SPEC §2: the organisation a representative of each kind may be. */
const REPRESENTATIVE_ORG_KINDS: Partial<Record<Representative['kind'], OrganizationRow['kind']>> = { legal_aid: 'legal_aid', procuratorate_support: 'procuratorate' };

/**
 * An award recorded without its delivery date starts its appeal and vacate windows on the day a
 * file of kind `award` is served on the worker (SPEC §10): the first such service, once.
 */
export function awardServedFacts(b: CaseBundle, rows: readonly Pick<ServiceRow, 'fileKind' | 'party'>[], servedAt: Date): Fact[] {
  const a = b.agreement;
  if (!a || a.deliveredAt || !rows.some((r) => r.fileKind === 'award' && r.party === 'applicant')) return [];
  const p = b.proceedings.find((x) => x.id === a.proceedingId);
  if (!p || p.outcome !== 'awarded') return [];
  if (b.clocks.some((k) => k.kind === 'appeal_window')) return [];
  const on = chinaDate(servedAt);
  return [{ fact: 'award_served', on, orgId: p.orgId, regionCode: regionOf(b, p.orgId), proceedingId: p.id, kind: 'arbitration', finalAward: a.final ?? false, deliveredOn: on }];
}

/** The effect of `input` on the case: pure, given what the repository read. */
export function applyEffect(b: CaseBundle, input: ActionInput, ctx: ActionContext): Acted {
  return (EFFECTS[input.action] as Effect<ActionName>)(b, input as never, ctx);
}
