/**
 * What each action writes, once the transition table (domain/transitions.ts) has allowed it.
 * Every effect runs inside the action's transaction, under the case row lock, and returns the
 * event that records it.
 *
 * Each write is also applied to the loaded bundle, so that the action's answer is presented from
 * memory instead of reading the case again. The writes are handed to `ctx.write` rather than
 * run (they go out together as the transaction's one write statement before commit: src/db/prepared.ts
 * WriteBatch), so an effect never reads back what it wrote: what it needs, it has in the bundle.
 */
import { and, eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Caller } from '../auth/caller.js';
import type { Tx } from '../db/client.js';
import { agreements, caseOrgs, hearings, instalments, organizations, payments, proceedings, users } from '../db/schema/index.js';
import { rowInserter, rowPatcher, type RowWrite } from '../db/prepared.js';
import { EXTENSION_LIMITS } from '../domain/clockRules.js';
import { orgHandles, type ProceedingOutcome } from '../domain/model.js';
import { closableOutcomes, openProceeding, referralTargets, type ActionName, type CaseSnapshot, TRANSITIONS } from '../domain/transitions.js';
import { fieldProblem, invalidTransition } from '../http/errors.js';
import type { Fact } from '../clocks/engine.js';
import { chinaDate } from '../domain/time.js';
import type { StatChange } from '../domain/statistics.js';
import type { NewEvent } from './eventLog.js';
import type { AgreementRow, CaseBundle, CaseRow, ProceedingRow } from './load.js';
import { rulingData } from './ruling.js';
import type { ActionInput, AgreementInput } from './schemas.js';

export interface EffectContext {
  tx: Tx;
  caller: Caller;
  bundle: CaseBundle;
  snap: CaseSnapshot;
  occurredAt: Date;
  now: Date;
  /** What happened, for the clock engine (src/clocks/engine.ts). */
  facts: Fact[];
  /**
   * The agreements and payments the action records, for the statistics (statChange below); the
   * proceedings it changes are found by comparing them with the rows as they were.
   */
  stats: { agreements: StatChange['agreements'][number][]; payments: StatChange['payments'][number][] };
  /** Takes a row write for the transaction's write statement (see the top of this file). */
  write: (write: RowWrite) => void;
  /** Columns of the case row the effect changes; the service writes them with the version. */
  casePatch: Partial<CaseRow>;
  /**
   * Columns of proceedings the effect changes, by id. Written by writeProceedingPatches once the
   * clocks have moved, so that a conclusion's on-time flag goes in the same statement.
   */
  proceedingPatches: Map<string, Partial<ProceedingRow>>;
}

const patchProceedings = rowPatcher('proceedings_patch', proceedings);
const patchAgreements = rowPatcher('agreements_patch', agreements);
export const insertProceedings = rowInserter('proceedings_insert', proceedings);
const insertAgreements = rowInserter('agreements_insert', agreements);
const insertInstalments = rowInserter('instalments_insert', instalments);
const insertHearings = rowInserter('hearings_insert', hearings);
const insertPayments = rowInserter('payments_insert', payments);
export const insertCaseOrgs = rowInserter('case_orgs_insert', caseOrgs, sql`on conflict do nothing`);

/** Patches a proceeding (written by writeProceedingPatches) and replaces the bundle's row with the patched one. */
export function patchProceeding(ctx: EffectContext, p: Pick<ProceedingRow, 'id'>, patch: Partial<ProceedingRow>) {
  ctx.proceedingPatches.set(p.id, { ...ctx.proceedingPatches.get(p.id), ...patch });
  const list = ctx.bundle.proceedings;
  const i = list.findIndex((x) => x.id === p.id);
  list[i] = { ...list[i], ...patch };
}

/** Sends the proceedings' patches, every row in one statement. */
export function writeProceedingPatches(ctx: EffectContext) {
  if (!ctx.proceedingPatches.size) return;
  ctx.write(patchProceedings.batched([...ctx.proceedingPatches].map(([id, patch]) => ({ id, ...patch }))));
  ctx.proceedingPatches.clear();
}

/**
 * What the action changed, as the statistics count it (domain/statistics.ts statDeltas): the
 * proceedings patchProceeding replaced or the effect added since `before`, and the agreements and
 * payments it recorded.
 */
export function statChange(ctx: EffectContext, before: readonly ProceedingRow[]): StatChange {
  const proceedings = ctx.bundle.proceedings
    .filter((p) => !before.includes(p))
    .map((after) => ({ before: before.find((p) => p.id === after.id) ?? null, after }));
  return { case: ctx.bundle.row, proceedings, ...ctx.stats };
}

/** The same for the current agreement. */
function patchAgreement(ctx: EffectContext, a: AgreementRow, patch: Partial<AgreementRow>) {
  ctx.write(patchAgreements.batched([{ id: a.id, ...patch }]));
  if (ctx.bundle.agreement?.id === a.id) ctx.bundle.agreement = { ...ctx.bundle.agreement, ...patch };
}

/** Inserts into a list kept in order by `key`, after any equal keys (as rows inserted later would come). */
function insertSorted<T>(list: T[], row: T, key: (r: T) => number) {
  const k = key(row);
  let i = list.length;
  while (i > 0 && key(list[i - 1]) > k) i--;
  list.splice(i, 0, row);
}

type InputOf<A extends ActionName> = Extract<ActionInput, { action: A }>;
type Effect<A extends ActionName> = (ctx: EffectContext, input: InputOf<A>) => Promise<NewEvent>;

function openRow(ctx: EffectContext): ProceedingRow {
  const open = ctx.bundle.proceedings[ctx.bundle.proceedings.length - 1];
  if (!open || !openProceeding(ctx.snap)) throw invalidTransition('there is no open proceeding');
  return open;
}

function event(ctx: EffectContext, action: ActionName, proceedingId: string | null, data: Record<string, unknown>, internal = false): NewEvent {
  return { action, actorUserId: ctx.caller.userId, actorOrgId: ctx.caller.orgId, proceedingId, internal, data, occurredAt: ctx.occurredAt };
}

/** Records a proceeding fact for the clocks, shown on the board of the proceeding's organisation. */
function proceedingFact(ctx: EffectContext, p: { id: string; orgId: string; kind: ProceedingRow['kind'] }, fact: 'received' | 'accepted' | 'declined' | 'concluded', extra: Partial<Extract<Fact, { orgId: string }>> = {}) {
  ctx.facts.push({ fact, on: chinaDate(ctx.occurredAt), orgId: p.orgId, regionCode: regionOf(ctx, p.orgId), proceedingId: p.id, kind: p.kind, ...extra });
}

function regionOf(ctx: EffectContext, orgId: string): string {
  return ctx.bundle.orgs.find((o) => o.orgId === orgId)?.regionCode ?? '000000';
}

function agreementFact(ctx: EffectContext, p: ProceedingRow, agreementId: string, a: AgreementInput) {
  ctx.facts.push({ fact: 'agreement', on: chinaDate(ctx.occurredAt), orgId: p.orgId, regionCode: regionOf(ctx, p.orgId), agreementId, instalments: a.instalments ?? [] });
}

function notFuture(ctx: EffectContext, at: Date, field: string) {
  if (at.getTime() > ctx.now.getTime()) throw fieldProblem(field, 'is in the future');
}

/** Moves the open proceeding to the state the transition table names for this action. */
async function conclude(ctx: EffectContext, action: ActionName, reason: string | null): Promise<ProceedingRow> {
  const p = openRow(ctx);
  const to = TRANSITIONS[action].to!;
  const patch: Partial<typeof proceedings.$inferInsert> = { state: to.state, outcome: (to.outcome ?? null) as ProceedingOutcome | null };
  if (to.state === 'accepted') patch.acceptedAt = ctx.occurredAt;
  else {
    patch.concludedAt = ctx.occurredAt;
    // A suspension (中止) ends with the proceeding; only withdraw can end a paused one.
    patch.paused = false;
  }
  if (to.state === 'declined') patch.declineReason = reason;
  else if (to.state === 'concluded') patch.conclusionReason = reason;
  patchProceeding(ctx, p, patch);
  return p;
}

async function recordAgreement(
  ctx: EffectContext,
  p: ProceedingRow,
  a: AgreementInput,
  extra: { final?: boolean; deliveredAt?: Date } = {},
): Promise<string> {
  const id = uuidv7();
  const row: AgreementRow = {
    id,
    caseId: ctx.bundle.row.id,
    proceedingId: p.id,
    orgId: p.orgId,
    amountFen: a.amountFen,
    terms: a.terms,
    final: extra.final ?? null,
    deliveredAt: extra.deliveredAt ?? null,
    confirmedAt: null,
    confirmedByOrgId: null,
    // Nothing owed is performed the moment it is agreed.
    status: a.amountFen === 0 ? 'performed' : 'pending',
    paidFen: 0,
    defaultReason: null,
    defaultedAt: null,
    recordedAt: ctx.occurredAt,
  };
  ctx.write(insertAgreements.batched([row]));
  ctx.stats.agreements.push({ row, proceeding: p });
  const plan = (a.instalments ?? []).map((i, n) => ({ agreementId: id, seq: n + 1, dueOn: i.dueOn, amountFen: i.amountFen }));
  if (plan.length) ctx.write(insertInstalments.batched(plan));
  // The current agreement is the newest (recorded at, then id), as the case load orders them.
  const current = ctx.bundle.agreement;
  const t = (x: AgreementRow) => x.recordedAt.getTime();
  if (!current || t(row) > t(current) || (t(row) === t(current) && row.id > current.id)) {
    ctx.bundle.agreement = row;
    ctx.bundle.instalments = plan;
    ctx.bundle.payments = [];
  }
  return id;
}

function agreementData(a: AgreementInput | undefined) {
  return a ? { amountFen: a.amountFen, terms: a.terms, instalments: a.instalments ?? [] } : undefined;
}

const EFFECTS: { [A in ActionName]: Effect<A> } = {
  async accept(ctx) {
    const p = await conclude(ctx, 'accept', null);
    proceedingFact(ctx, p, 'accepted');
    return event(ctx, 'accept', p.id, { kind: p.kind, orgId: p.orgId });
  },
  async decline(ctx, input) {
    const ruling = rulingData(openRow(ctx), input, ctx);
    const p = await conclude(ctx, 'decline', input.reason);
    proceedingFact(ctx, p, 'declined');
    return event(ctx, 'decline', p.id, { reason: input.reason, ...ruling });
  },
  async schedule(ctx, input) {
    const p = openRow(ctx);
    const hearing = { id: uuidv7(), caseId: ctx.bundle.row.id, proceedingId: p.id, at: input.at, place: input.place };
    ctx.write(insertHearings.batched([hearing]));
    insertSorted(ctx.bundle.hearings, hearing, (h) => h.at.getTime());
    return event(ctx, 'schedule', p.id, { at: input.at.toISOString(), place: input.place });
  },
  async extend(ctx, input) {
    const p = openRow(ctx);
    const limit = EXTENSION_LIMITS[p.kind]!;
    if (limit.maxDays !== null && p.extendedDays + input.days > limit.maxDays) {
      throw fieldProblem('body.days', `may be at most ${limit.maxDays - p.extendedDays} (${limit.basis})`);
    }
    patchProceeding(ctx, p, { extensionCount: p.extensionCount + 1, extendedDays: p.extendedDays + input.days });
    ctx.facts.push({ fact: 'extended', on: chinaDate(ctx.occurredAt), proceedingId: p.id, kind: p.kind, days: input.days });
    return event(ctx, 'extend', p.id, { days: input.days, reason: input.reason, basis: limit.basis });
  },
  async pause(ctx, input) {
    const p = openRow(ctx);
    patchProceeding(ctx, p, { paused: true });
    ctx.facts.push({ fact: 'paused', on: chinaDate(ctx.occurredAt), proceedingId: p.id });
    return event(ctx, 'pause', p.id, { reason: input.reason });
  },
  async resume(ctx) {
    const p = openRow(ctx);
    patchProceeding(ctx, p, { paused: false });
    ctx.facts.push({ fact: 'resumed', on: chinaDate(ctx.occurredAt), proceedingId: p.id });
    return event(ctx, 'resume', p.id, {});
  },
  async settle(ctx, input) {
    const p = await conclude(ctx, 'settle', null);
    const agreementId = await recordAgreement(ctx, p, input.agreement);
    proceedingFact(ctx, p, 'concluded', { outcome: 'settled' });
    agreementFact(ctx, p, agreementId, input.agreement);
    return event(ctx, 'settle', p.id, { agreementId, agreement: agreementData(input.agreement) });
  },
  async fail(ctx, input) {
    const p = await conclude(ctx, 'fail', input.reason);
    proceedingFact(ctx, p, 'concluded', { outcome: 'failed' });
    return event(ctx, 'fail', p.id, { reason: input.reason });
  },
  async award(ctx, input) {
    notFuture(ctx, input.deliveredAt, 'body.deliveredAt');
    const p = await conclude(ctx, 'award', null);
    const agreementId = await recordAgreement(ctx, p, input.agreement, { final: input.final, deliveredAt: input.deliveredAt });
    proceedingFact(ctx, p, 'concluded', { outcome: 'awarded', finalAward: input.final, deliveredOn: chinaDate(input.deliveredAt) });
    agreementFact(ctx, p, agreementId, input.agreement);
    return event(ctx, 'award', p.id, {
      agreementId,
      agreement: agreementData(input.agreement),
      final: input.final,
      deliveredAt: input.deliveredAt.toISOString(),
    });
  },
  async judge(ctx, input) {
    const p = await conclude(ctx, 'judge', null);
    const agreementId = input.agreement ? await recordAgreement(ctx, p, input.agreement) : null;
    proceedingFact(ctx, p, 'concluded', { outcome: 'judged' });
    if (agreementId && input.agreement) agreementFact(ctx, p, agreementId, input.agreement);
    return event(ctx, 'judge', p.id, { agreementId, agreement: agreementData(input.agreement) });
  },
  async confirm(ctx, input) {
    const ruling = rulingData(openRow(ctx), input, ctx);
    const p = await conclude(ctx, 'confirm', null);
    proceedingFact(ctx, p, 'concluded', { outcome: 'confirmed' });
    const a = ctx.bundle.agreement;
    if (a) patchAgreement(ctx, a, { confirmedAt: ctx.occurredAt, confirmedByOrgId: p.orgId });
    return event(ctx, 'confirm', p.id, { agreementId: a?.id ?? null, ...ruling });
  },
  async refuse(ctx, input) {
    const ruling = rulingData(openRow(ctx), input, ctx);
    const p = await conclude(ctx, 'refuse', input.reason);
    proceedingFact(ctx, p, 'concluded', { outcome: 'refused' });
    return event(ctx, 'refuse', p.id, { reason: input.reason, ...ruling });
  },
  async withdraw(ctx, input) {
    const p = await conclude(ctx, 'withdraw', input.reason);
    proceedingFact(ctx, p, 'concluded', { outcome: 'withdrawn' });
    return event(ctx, 'withdraw', p.id, { reason: input.reason, by: ctx.caller.role === 'worker' ? 'applicant' : 'staff' });
  },
  async refer(ctx, input) {
    const [org] = await ctx.tx.select().from(organizations).where(eq(organizations.id, input.toOrgId));
    if (!org) throw fieldProblem('body.toOrgId', 'names no organisation');
    if (!orgHandles(org.kind, input.kind)) throw fieldProblem('body.kind', `a ${org.kind} does not handle ${input.kind}`);
    const route = referralTargets(ctx.caller, ctx.snap).find((r) => r.to === input.kind);
    if (!route) {
      const last = ctx.bundle.proceedings[ctx.bundle.proceedings.length - 1];
      throw invalidTransition(`a case whose ${last.kind} ended ${last.outcome ?? last.state} cannot be referred to ${input.kind} by you`);
    }
    const last = ctx.bundle.proceedings[ctx.bundle.proceedings.length - 1];
    const id = uuidv7();
    const row: typeof proceedings.$inferSelect = {
      id,
      caseId: ctx.bundle.row.id,
      seq: last.seq + 1,
      kind: input.kind,
      orgId: org.id,
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
    };
    ctx.write(insertProceedings.batched([row]));
    ctx.write(insertCaseOrgs.batched([{ caseId: ctx.bundle.row.id, orgId: org.id, regionCode: org.regionCode }]));
    ctx.bundle.proceedings.push({ ...row, orgName: org.name });
    if (!ctx.bundle.orgs.some((o) => o.orgId === org.id)) ctx.bundle.orgs.push({ orgId: org.id, regionCode: org.regionCode });
    ctx.facts.push({ fact: 'received', on: chinaDate(ctx.occurredAt), orgId: org.id, regionCode: org.regionCode, proceedingId: id, kind: input.kind, viaReferral: true });
    return event(ctx, 'refer', id, { toOrgId: org.id, kind: input.kind, reason: input.reason, fromOrgId: last.orgId, basis: route.basis });
  },
  async assign(ctx, input) {
    const p = openRow(ctx);
    const [user] = await ctx.tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.orgId, p.orgId), eq(users.disabled, false)));
    if (!user) throw fieldProblem('body.userId', 'is not an active staff member of the organisation handling the proceeding');
    patchProceeding(ctx, p, { assignedUserId: user.id });
    return event(ctx, 'assign', p.id, { userId: user.id });
  },
  async record_payment(ctx, input) {
    const a = ctx.bundle.agreement!;
    notFuture(ctx, input.paidAt, 'body.paidAt');
    const outstanding = a.amountFen - a.paidFen;
    if (input.amountFen > outstanding) throw fieldProblem('body.amountFen', `is more than the ${outstanding} fen outstanding`);
    const paid = a.paidFen + input.amountFen;
    const status = paid >= a.amountFen ? 'performed' : a.status;
    const payment = { id: uuidv7(), caseId: ctx.bundle.row.id, agreementId: a.id, amountFen: input.amountFen, paidAt: input.paidAt, recordedAt: ctx.now };
    ctx.write(insertPayments.batched([payment]));
    insertSorted(ctx.bundle.payments, payment, (x) => x.paidAt.getTime());
    patchAgreement(ctx, a, { paidFen: paid, status });
    // The current agreement's plan, loaded with the case in seq order.
    const plan = ctx.bundle.instalments.map((i) => ({ dueOn: i.dueOn, amountFen: i.amountFen }));
    const on = chinaDate(ctx.occurredAt);
    ctx.facts.push({ fact: 'payment', on, agreementId: a.id, paidFen: paid, instalments: plan });
    ctx.stats.payments.push({ row: payment, proceeding: ctx.bundle.proceedings.find((x) => x.id === a.proceedingId)! });
    if (status === 'performed') ctx.facts.push({ fact: 'performed', on, orgId: a.orgId, regionCode: regionOf(ctx, a.orgId), agreementId: a.id });
    return event(ctx, 'record_payment', a.proceedingId, { agreementId: a.id, amountFen: input.amountFen, paidAt: input.paidAt.toISOString(), paidFen: paid, status });
  },
  async record_default(ctx, input) {
    const a = ctx.bundle.agreement!;
    patchAgreement(ctx, a, { status: 'defaulted', defaultReason: input.reason, defaultedAt: ctx.occurredAt });
    ctx.facts.push({ fact: 'defaulted', on: chinaDate(ctx.occurredAt), orgId: a.orgId, regionCode: regionOf(ctx, a.orgId), agreementId: a.id });
    return event(ctx, 'record_default', a.proceedingId, { agreementId: a.id, reason: input.reason });
  },
  async close(ctx, input) {
    const allowed = closableOutcomes(ctx.snap);
    if (!allowed.includes(input.outcome)) {
      throw invalidTransition(`the case cannot be closed as ${input.outcome} now; possible: ${allowed.join(', ')}`);
    }
    Object.assign(ctx.casePatch, { status: 'closed', outcome: input.outcome, closedAt: ctx.occurredAt });
    const last = ctx.bundle.proceedings[ctx.bundle.proceedings.length - 1];
    ctx.facts.push({ fact: 'closed', on: chinaDate(ctx.occurredAt), orgId: last.orgId, regionCode: regionOf(ctx, last.orgId) });
    return event(ctx, 'close', null, { outcome: input.outcome });
  },
  async note(ctx, input) {
    return event(ctx, 'note', null, { text: input.text, internal: input.internal }, input.internal);
  },
};

export function applyEffect(ctx: EffectContext, input: ActionInput): Promise<NewEvent> {
  return (EFFECTS[input.action] as Effect<ActionName>)(ctx, input as never);
}
