/**
 * Deciding a case action: pure, from the case as loaded under its lock to the change to persist.
 * The checks of the transition table, the action's effect (effects.ts), the clocks it moves
 * (clocks/engine.ts), the event that records it on the case's hash chain, and what the statistics
 * count of it (domain/statistics.ts). Nothing here reads or writes the database.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Caller } from '../auth/caller.js';
import { advanceClocks, type Fact } from '../clocks/engine.js';
import type { WorkCalendar } from '../domain/calendar.js';
import { CATEGORIES, caseKindFor, firstProceedingKind, isStaffRole, type CaseStatus, type Category, type Channel, type DuplicateReason, type ProceedingKind } from '../domain/model.js';
import { concludedOnTime, statDeltas, type StatChange, type StatDelta } from '../domain/statistics.js';
import { chinaDate } from '../domain/time.js';
import { denial, mayActOnCase } from '../domain/transitions.js';
import { fieldProblem, forbidden, invalidTransition, versionConflict } from '../http/errors.js';
import { applyEffect, type References } from './effects.js';
import { chainEvents, GENESIS_HASH, type ChainedEvent, type NewEvent } from './eventLog.js';
import type { notifications } from '../db/schema/index.js';
import type { SmsRow } from '../sms/outbox.js';
import type { ActionInput, FileCaseInput } from './schemas.js';
import { partyNotifications } from '../notifications/rules.js';
import { snapshot, type CaseBundle, type CaseRow, type OrganizationRow, type ProceedingRow } from './state.js';

/** What an action or a filing changes: the case before (null for a filing) and after, its events, its statistics. */
export interface CaseChange {
  before: CaseBundle | null;
  after: CaseBundle;
  events: ChainedEvent[];
  stats: StatDelta[];
  /** Notices to people the action concerns (the notices outbox), written with its event. */
  notices?: NoticeRow[];
  /** Text messages to people (the SMS outbox, SPEC §10), written with its event. */
  sms?: SmsRow[];
  /** What the parties are told (SPEC §10), written with its event. */
  notifications?: NotificationRow[];
}

export type NotificationRow = typeof notifications.$inferInsert;

/** A notice in the outbox: to whom, about which case event. */
export interface NoticeRow {
  userId: string;
  caseId: string;
  kind: 'assigned';
  eventSeq: number;
  createdAt: Date;
  nextAttemptAt: Date;
}

export interface Decision {
  caller: Caller;
  now: Date;
  cal: WorkCalendar;
  refs: References;
  /** Where links sent by SMS point (PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
  /** A party's `sign`: their phone code was checked (cases/service.ts). */
  codeChecked?: boolean;
}

/** The clocks after `facts`, for the case `b`. */
export function clocksAfter(b: CaseBundle, facts: readonly Fact[], cal: WorkCalendar, now: Date) {
  if (!facts.length) return b.clocks;
  const c = { caseId: b.row.id, incidentDate: b.row.incidentDate, employmentEndedOn: b.row.employmentEndedOn, categories: b.row.categories as Category[] };
  return advanceClocks(b.clocks, c, facts, cal, { today: chinaDate(now), now });
}

/** What the statistics count of a change: the proceedings it added or changed, the agreements and payments it recorded. */
export function statChange(before: CaseBundle | null, after: CaseBundle): StatChange {
  const was = before?.proceedings ?? [];
  const proceedings = after.proceedings.filter((p) => !was.includes(p)).map((p) => ({ before: was.find((x) => x.id === p.id) ?? null, after: p }));
  const at = (id: string) => after.proceedings.find((p) => p.id === id)!;
  const a = after.agreement;
  const agreements = a && a.id !== before?.agreement?.id ? [{ row: a, proceeding: at(a.proceedingId) }] : [];
  const paid = new Set(before?.payments.map((p) => p.id));
  const payments = after.payments.filter((p) => !paid.has(p.id)).map((row) => ({ row, proceeding: at(a!.proceedingId) }));
  return { case: after.row, proceedings, agreements, payments };
}

/**
 * A case row with events appended to its hash chain: the event rows, and the row with its new
 * version, chain head and time of the last event.
 */
export function withEvents(row: CaseRow, list: NewEvent[], now: Date): { row: CaseRow; events: ChainedEvent[] } {
  const chained = chainEvents({ caseId: row.id, count: row.eventCount, hash: row.lastEventHash }, list, now);
  return {
    row: { ...row, version: row.version + 1, eventCount: chained.head.count, lastEventHash: chained.head.hash, lastOccurredAt: list[list.length - 1].occurredAt },
    events: chained.rows,
  };
}

/**
 * POST /cases/:id/actions, decided: who may, whether the table allows it now, when it happened,
 * then the effect, the clocks, the on-time flag of a conclusion, the event and the case row's
 * bookkeeping (version, chain head, where the case is now).
 */
export function decideAction(before: CaseBundle, input: ActionInput, d: Decision): CaseChange {
  const { caller, now } = d;
  const snap = snapshot(before);
  if (!mayActOnCase(caller, snap)) throw forbidden('you may not act on this case');
  if (input.version !== before.row.version) throw versionConflict(before.row.version);
  const refused = denial(caller, snap, input.action);
  if (refused) throw refused.code === 'FORBIDDEN' ? forbidden(refused.message) : invalidTransition(refused.message);

  const last = before.row.lastOccurredAt;
  const latest = new Date(Math.max(now.getTime(), last.getTime()));
  const occurredAt = input.occurredAt ?? latest;
  if (occurredAt.getTime() > latest.getTime()) throw fieldProblem('body.occurredAt', 'is in the future');
  if (occurredAt.getTime() < last.getTime()) throw fieldProblem('body.occurredAt', "is before the case's previous event");

  const acted = applyEffect(before, input, { caller, snap, occurredAt, now, refs: d.refs, publicBaseUrl: d.publicBaseUrl ?? '', codeChecked: d.codeChecked });
  const clocks = clocksAfter(acted.case, acted.facts, d.cal, now);
  // A conclusion was on time if none of its statutory clocks was breached, now that they have stopped.
  const proceedings = acted.case.proceedings.map((p) =>
    !before.proceedings.includes(p) && p.state === 'concluded' && p.onTime === null ? { ...p, onTime: concludedOnTime(clocks, p.id) } : p,
  );
  const event: NewEvent = {
    action: input.action,
    actorUserId: caller.userId,
    actorOrgId: caller.orgId,
    proceedingId: acted.event.proceedingId,
    internal: acted.event.internal ?? false,
    data: acted.event.data,
    occurredAt,
  };
  const logged = withEvents(acted.case.row, [event], now);
  // The denormalised "where is it now" columns follow the newest proceeding.
  const newest = proceedings[proceedings.length - 1];
  const row = { ...logged.row, currentOrgId: newest.orgId, currentState: newest.state, currentKind: newest.kind };
  const after: CaseBundle = { ...acted.case, row, proceedings, clocks };
  const seq = logged.events[0].seq;
  const notices = (acted.notify ?? []).map((n) => ({ ...n, caseId: row.id, eventSeq: seq, createdAt: now, nextAttemptAt: now }));
  const change: CaseChange = { before, after, events: logged.events, stats: statDeltas(statChange(before, after)), notices };
  // What the parties are told of it (SPEC §10), written with its event.
  const told = partyNotifications(change, now);
  return { ...change, sms: [...(acted.sms ?? []), ...told.sms], notifications: told.notifications };
}

/** Case numbers read like the centres' own: intake code, year, five-digit sequence. */
export function caseNumber(intakeCode: string, year: number, seq: number): string {
  return `${intakeCode}-${year}-${String(seq).padStart(5, '0')}`;
}

/** How a filing came in: online by the worker, at the desk of the receiving organisation, or delegated by a court. */
function channelFor(caller: Caller, org: OrganizationRow, proceedingKind: string): Channel {
  if (caller.role === 'worker') {
    if (proceedingKind === 'litigation') {
      throw fieldProblem('body.orgId', 'workers file online with a mediation organisation or an arbitration commission');
    }
    return 'online';
  }
  if (!isStaffRole(caller.role)) throw forbidden('only workers and staff file cases');
  if (caller.orgId === org.id) return 'walk_in';
  // SPEC §7: a court may delegate pre-filing mediation (委派调解, 民事诉讼法 art. 125) to a mediation organisation.
  if (caller.role === 'court_liaison' && proceedingKind === 'mediation') return 'court_delegated';
  throw forbidden('staff file cases at their own organisation');
}

/** The checks of a filing that need nothing read. */
export function checkFiling(caller: Caller, input: FileCaseInput, now: Date): { occurredAt: Date } {
  const today = chinaDate(now);
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt.getTime() > now.getTime()) throw fieldProblem('body.occurredAt', 'is in the future');
  if (input.incidentDate > today) throw fieldProblem('body.incidentDate', 'is in the future');
  if (input.employmentEndedOn && input.employmentEndedOn > today) throw fieldProblem('body.employmentEndedOn', 'is in the future');
  if (chinaDate(occurredAt) < input.incidentDate) throw fieldProblem('body.occurredAt', 'is before the incident date');
  if (input.acceptNow && caller.orgId !== input.orgId) {
    throw fieldProblem('body.acceptNow', 'only the receiving organisation may accept a case');
  }
  const ids = input.applicants.flatMap((a) => (a.idNumber ? [a.idNumber] : []));
  if (new Set(ids).size !== ids.length) throw fieldProblem('body.applicants', 'lists the same ID number twice');
  return { occurredAt };
}

export interface Filing extends Decision {
  /** The organisation filed with, and the number it gave the case. */
  org: OrganizationRow;
  number: string;
  /** The delegating court's organisation, for a court-delegated filing (read when the caller is a court liaison filing elsewhere). */
  callerOrg: OrganizationRow | null;
  calendarVersion: string;
  /** Open cases against the same employer that name one of the same workers (SPEC §12), as the repository found them. */
  resembles: ResemblingCase[];
}

/** An open case a filing resembles: the same employer, and a worker's ID number or (failing that) phone. */
export interface ResemblingCase {
  caseId: string;
  number: string;
  status: CaseStatus;
  orgName: string;
  reason: DuplicateReason;
}

/** What a filing is checked against for possible duplicates: its workers' ID numbers and phones, and the employer. */
export function duplicateProbe(input: FileCaseInput) {
  return {
    idNumbers: input.applicants.flatMap((a) => (a.idNumber ? [a.idNumber] : [])),
    phones: input.applicants.flatMap((a) => (a.phone ? [a.phone] : [])),
    creditCode: input.respondent.creditCode ?? null,
    name: input.respondent.name,
  };
}

/** The first proceeding's kind at `org`, or the refusal when it takes no cases (checked before a number is taken). */
export function filingKind(org: OrganizationRow): ProceedingKind {
  const kind = firstProceedingKind(org.kind);
  if (!kind) throw fieldProblem('body.orgId', `a ${org.kind} does not take cases`);
  return kind;
}

/** POST /cases, decided: the case, its parties and claims, its first proceeding, events, clocks and statistics. */
export function decideFiling(input: FileCaseInput, f: Filing): CaseChange {
  const { caller, now, org } = f;
  const { occurredAt } = checkFiling(caller, input, now);
  const kind = filingKind(org);
  const channel = channelFor(caller, org, kind);
  const claimed = input.applicants.flatMap((a) => a.claims);
  const used = new Set([...input.categories, ...claimed.map((c) => c.category)]);
  const categories = CATEGORIES.filter((c) => used.has(c));
  const claimedFen = claimed.reduce((s, c) => s + c.amountFen, 0);
  const caseId = uuidv7();
  const proceedingId = uuidv7();
  const state = input.acceptNow ? 'accepted' : 'received';

  const events: NewEvent[] = [
    {
      action: 'file',
      actorUserId: caller.userId,
      actorOrgId: caller.orgId,
      proceedingId,
      internal: false,
      data: { number: f.number, orgId: org.id, kind, channel, applicants: input.applicants.length, claimedFen, categories },
      occurredAt,
    },
  ];
  if (input.acceptNow) {
    events.push({ action: 'accept', actorUserId: caller.userId, actorOrgId: caller.orgId, proceedingId, internal: false, data: { kind, orgId: org.id }, occurredAt });
  }
  const chained = chainEvents({ caseId, count: 0, hash: GENESIS_HASH }, events, now);

  const row: CaseRow = {
    id: caseId,
    number: f.number,
    orgId: org.id,
    kind: caseKindFor(input.applicants.length),
    status: 'open',
    outcome: null,
    channel,
    categories,
    summary: input.summary,
    incidentDate: input.incidentDate,
    employmentEndedOn: input.employmentEndedOn ?? null,
    respondentName: input.respondent.name,
    representatives: [],
    respondentCreditCode: input.respondent.creditCode ?? null,
    respondentContact: input.respondent.contact ?? null,
    respondentAddress: input.respondent.address ?? null,
    filedBy: caller.userId,
    version: 1,
    currentOrgId: org.id,
    currentState: state,
    currentKind: kind,
    claimedFen,
    applicantCount: input.applicants.length,
    lastOccurredAt: occurredAt,
    eventCount: chained.head.count,
    lastEventHash: chained.head.hash,
    receivedAt: occurredAt,
    createdAt: now,
    closedAt: null,
  };
  const applicants = input.applicants.map((a, i) => ({
    id: uuidv7(),
    caseId,
    position: i + 1,
    name: a.name,
    idNumber: a.idNumber ?? null,
    phone: a.phone ?? null,
    // SPEC §7: a worker filing online is the first applicant.
    userId: i === 0 && caller.role === 'worker' ? caller.userId : null,
  }));
  const claims = input.applicants.flatMap((a, i) =>
    a.claims.map((c) => ({ id: uuidv7(), caseId, applicantId: applicants[i].id, category: c.category, description: c.description, amountFen: c.amountFen })),
  );
  const proceeding: ProceedingRow = {
    id: proceedingId,
    caseId,
    seq: 1,
    kind,
    orgId: org.id,
    orgName: org.name,
    state,
    outcome: null,
    paused: false,
    extensionCount: 0,
    extendedDays: 0,
    assignedUserId: null,
    referredFromOrgId: null,
    referralReason: null,
    declineReason: null,
    conclusionReason: null,
    receivedAt: occurredAt,
    acceptedAt: input.acceptNow ? occurredAt : null,
    concludedAt: null,
    onTime: null,
    prevailed: null,
  };
  const orgs = [{ orgId: org.id, regionCode: org.regionCode }];
  // The delegating court keeps sight of the case it sent out.
  if (channel === 'court_delegated' && f.callerOrg) orgs.push({ orgId: f.callerOrg.id, regionCode: f.callerOrg.regionCode });

  const on = chinaDate(occurredAt);
  const where = { orgId: org.id, regionCode: org.regionCode };
  const facts: Fact[] = [
    { fact: 'filed', on, ...where },
    { fact: 'received', on, ...where, proceedingId, kind },
  ];
  if (input.acceptNow) facts.push({ fact: 'accepted', on, ...where, proceedingId, kind });
  const filed: CaseBundle = {
    row,
    proceedings: [proceeding],
    agreement: null,
    applicants,
    orgs,
    claims,
    hearings: [],
    instalments: [],
    payments: [],
    clocks: [],
    respondents: [],
    services: [],
    // Accepted all the same (a centre must not turn a worker away); both cases show the pair to their staff.
    duplicates: f.resembles.map((r) => ({
      row: { id: uuidv7(), caseId, otherCaseId: r.caseId, reason: r.reason, foundAt: now, dismissedAt: null, dismissedBy: null },
      number: r.number,
      status: r.status,
      orgName: r.orgName,
      dismissedAt: null,
    })),
    calendarVersion: f.calendarVersion,
  };
  const after = { ...filed, clocks: clocksAfter(filed, facts, f.cal, now) };
  const change: CaseChange = { before: null, after, events: chained.rows, stats: statDeltas(statChange(null, after)) };
  // A filing accepted at once tells the parties so (SPEC §10).
  const told = input.acceptNow ? partyNotifications(change, now) : { sms: [], notifications: [] };
  return { ...change, sms: told.sms, notifications: told.notifications };
}
