/**
 * What each action writes, once the transition table (domain/transitions.ts) has allowed it.
 * Every effect runs inside the action's transaction, under the case row lock, and returns the
 * event that records it.
 */
import { and, eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Caller } from '../auth/caller.js';
import type { Tx } from '../db/client.js';
import { agreements, caseOrgs, cases, hearings, instalments, organizations, payments, proceedings, users } from '../db/schema/index.js';
import { EXTENSION_LIMITS } from '../domain/clockRules.js';
import { orgHandles, type ProceedingOutcome, type ProceedingState } from '../domain/model.js';
import { closableOutcomes, openProceeding, referralTargets, type ActionName, type CaseSnapshot, TRANSITIONS } from '../domain/transitions.js';
import { fieldProblem, invalidTransition } from '../http/errors.js';
import type { Fact } from '../clocks/engine.js';
import { chinaDate } from '../domain/time.js';
import { SETTLED_OUTCOMES } from '../domain/statistics.js';
import { dayDiff, type StatDelta } from '../stats/rollup.js';
import type { NewEvent } from './eventLog.js';
import type { CaseBundle, ProceedingRow } from './load.js';
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
  /** What to add to the statistics rollups (src/stats/rollup.ts). */
  stats: StatDelta[];
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
  await ctx.tx.update(proceedings).set(patch).where(eq(proceedings.id, p.id));
  const on = chinaDate(ctx.occurredAt);
  const at = { orgId: p.orgId, kind: p.kind, on };
  if (to.state === 'accepted') {
    const handoff = p.referredFromOrgId ? { measure: 'handoff' as const, days: dayDiff(chinaDate(p.receivedAt), on) } : undefined;
    ctx.stats.push({ ...at, counters: { accepted: 1 }, duration: handoff });
  } else if (to.state === 'declined') {
    ctx.stats.push({ ...at, counters: { declined: 1 } });
  } else {
    const accepted = p.acceptedAt ? chinaDate(p.acceptedAt) : null;
    ctx.stats.push({
      ...at,
      counters: {
        concluded: 1,
        settled: (SETTLED_OUTCOMES as readonly string[]).includes(to.outcome!) ? 1 : 0,
        acceptedConcluded: accepted ? 1 : 0,
      },
      duration: accepted ? { measure: 'resolution', days: dayDiff(accepted, on) } : undefined,
      conclusionOf: p.id,
    });
  }
  return p;
}

async function recordAgreement(
  ctx: EffectContext,
  p: ProceedingRow,
  a: AgreementInput,
  extra: { final?: boolean; deliveredAt?: Date } = {},
): Promise<string> {
  const id = uuidv7();
  await ctx.tx.insert(agreements).values({
    id,
    caseId: ctx.bundle.row.id,
    proceedingId: p.id,
    orgId: p.orgId,
    amountFen: a.amountFen,
    terms: a.terms,
    final: extra.final ?? null,
    deliveredAt: extra.deliveredAt ?? null,
    // Nothing owed is performed the moment it is agreed.
    status: a.amountFen === 0 ? 'performed' : 'pending',
    recordedAt: ctx.occurredAt,
  });
  ctx.stats.push({ orgId: p.orgId, kind: p.kind, on: chinaDate(ctx.occurredAt), counters: { agreedFen: a.amountFen } });
  if (a.instalments?.length) {
    await ctx.tx
      .insert(instalments)
      .values(a.instalments.map((i, n) => ({ agreementId: id, seq: n + 1, dueOn: i.dueOn, amountFen: i.amountFen })));
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
    const p = await conclude(ctx, 'decline', input.reason);
    proceedingFact(ctx, p, 'declined');
    return event(ctx, 'decline', p.id, { reason: input.reason });
  },
  async schedule(ctx, input) {
    const p = openRow(ctx);
    await ctx.tx.insert(hearings).values({ id: uuidv7(), caseId: ctx.bundle.row.id, proceedingId: p.id, at: input.at, place: input.place });
    return event(ctx, 'schedule', p.id, { at: input.at.toISOString(), place: input.place });
  },
  async extend(ctx, input) {
    const p = openRow(ctx);
    const limit = EXTENSION_LIMITS[p.kind]!;
    if (limit.maxDays !== null && p.extendedDays + input.days > limit.maxDays) {
      throw fieldProblem('body.days', `may be at most ${limit.maxDays - p.extendedDays} (${limit.basis})`);
    }
    await ctx.tx
      .update(proceedings)
      .set({ extensionCount: p.extensionCount + 1, extendedDays: p.extendedDays + input.days })
      .where(eq(proceedings.id, p.id));
    ctx.facts.push({ fact: 'extended', on: chinaDate(ctx.occurredAt), proceedingId: p.id, kind: p.kind, days: input.days });
    return event(ctx, 'extend', p.id, { days: input.days, reason: input.reason, basis: limit.basis });
  },
  async pause(ctx, input) {
    const p = openRow(ctx);
    await ctx.tx.update(proceedings).set({ paused: true }).where(eq(proceedings.id, p.id));
    ctx.facts.push({ fact: 'paused', on: chinaDate(ctx.occurredAt), proceedingId: p.id });
    return event(ctx, 'pause', p.id, { reason: input.reason });
  },
  async resume(ctx) {
    const p = openRow(ctx);
    await ctx.tx.update(proceedings).set({ paused: false }).where(eq(proceedings.id, p.id));
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
  async confirm(ctx) {
    const p = await conclude(ctx, 'confirm', null);
    proceedingFact(ctx, p, 'concluded', { outcome: 'confirmed' });
    const a = ctx.bundle.agreement;
    if (a) {
      await ctx.tx.update(agreements).set({ confirmedAt: ctx.occurredAt, confirmedByOrgId: p.orgId }).where(eq(agreements.id, a.id));
    }
    return event(ctx, 'confirm', p.id, { agreementId: a?.id ?? null });
  },
  async refuse(ctx, input) {
    const p = await conclude(ctx, 'refuse', input.reason);
    proceedingFact(ctx, p, 'concluded', { outcome: 'refused' });
    return event(ctx, 'refuse', p.id, { reason: input.reason });
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
    await ctx.tx.insert(proceedings).values({
      id,
      caseId: ctx.bundle.row.id,
      seq: last.seq + 1,
      kind: input.kind,
      orgId: org.id,
      state: 'received',
      referredFromOrgId: last.orgId,
      referralReason: input.reason,
      receivedAt: ctx.occurredAt,
    });
    await ctx.tx
      .insert(caseOrgs)
      .values({ caseId: ctx.bundle.row.id, orgId: org.id, regionCode: org.regionCode })
      .onConflictDoNothing();
    ctx.facts.push({ fact: 'received', on: chinaDate(ctx.occurredAt), orgId: org.id, regionCode: org.regionCode, proceedingId: id, kind: input.kind, viaReferral: true });
    ctx.stats.push({
      orgId: org.id,
      kind: input.kind,
      on: chinaDate(ctx.occurredAt),
      counters: { received: 1, claimedFen: ctx.bundle.row.claimedFen, workers: ctx.bundle.row.applicantCount },
    });
    return event(ctx, 'refer', id, { toOrgId: org.id, kind: input.kind, reason: input.reason, fromOrgId: last.orgId, basis: route.basis });
  },
  async assign(ctx, input) {
    const p = openRow(ctx);
    const [user] = await ctx.tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.orgId, p.orgId), eq(users.disabled, false)));
    if (!user) throw fieldProblem('body.userId', 'is not an active staff member of the organisation handling the proceeding');
    await ctx.tx.update(proceedings).set({ assignedUserId: user.id }).where(eq(proceedings.id, p.id));
    return event(ctx, 'assign', p.id, { userId: user.id });
  },
  async record_payment(ctx, input) {
    const a = ctx.bundle.agreement!;
    notFuture(ctx, input.paidAt, 'body.paidAt');
    const outstanding = a.amountFen - a.paidFen;
    if (input.amountFen > outstanding) throw fieldProblem('body.amountFen', `is more than the ${outstanding} fen outstanding`);
    const paid = a.paidFen + input.amountFen;
    const status = paid >= a.amountFen ? 'performed' : a.status;
    await ctx.tx.insert(payments).values({ id: uuidv7(), caseId: ctx.bundle.row.id, agreementId: a.id, amountFen: input.amountFen, paidAt: input.paidAt, recordedAt: ctx.now });
    await ctx.tx.update(agreements).set({ paidFen: paid, status }).where(eq(agreements.id, a.id));
    const plan = await ctx.tx.select({ dueOn: instalments.dueOn, amountFen: instalments.amountFen }).from(instalments).where(eq(instalments.agreementId, a.id)).orderBy(instalments.seq);
    const on = chinaDate(ctx.occurredAt);
    ctx.facts.push({ fact: 'payment', on, agreementId: a.id, paidFen: paid, instalments: plan });
    const kind = ctx.bundle.proceedings.find((x) => x.id === a.proceedingId)?.kind ?? 'mediation';
    ctx.stats.push({ orgId: a.orgId, kind, on: chinaDate(input.paidAt), counters: { paidFen: input.amountFen } });
    if (status === 'performed') ctx.facts.push({ fact: 'performed', on, orgId: a.orgId, regionCode: regionOf(ctx, a.orgId), agreementId: a.id });
    return event(ctx, 'record_payment', a.proceedingId, { agreementId: a.id, amountFen: input.amountFen, paidAt: input.paidAt.toISOString(), paidFen: paid, status });
  },
  async record_default(ctx, input) {
    const a = ctx.bundle.agreement!;
    await ctx.tx
      .update(agreements)
      .set({ status: 'defaulted', defaultReason: input.reason, defaultedAt: ctx.occurredAt })
      .where(eq(agreements.id, a.id));
    ctx.facts.push({ fact: 'defaulted', on: chinaDate(ctx.occurredAt), orgId: a.orgId, regionCode: regionOf(ctx, a.orgId), agreementId: a.id });
    return event(ctx, 'record_default', a.proceedingId, { agreementId: a.id, reason: input.reason });
  },
  async close(ctx, input) {
    const allowed = closableOutcomes(ctx.snap);
    if (!allowed.includes(input.outcome)) {
      throw invalidTransition(`the case cannot be closed as ${input.outcome} now; possible: ${allowed.join(', ')}`);
    }
    await ctx.tx.update(cases).set({ status: 'closed', outcome: input.outcome, closedAt: ctx.occurredAt }).where(eq(cases.id, ctx.bundle.row.id));
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

/** Keeps the case row's denormalised "where is it now" columns in step with its newest proceeding. */
export async function newestProceeding(tx: Tx, caseId: string): Promise<{ orgId: string; state: ProceedingState; kind: string }> {
  const [p] = await tx
    .select({ orgId: proceedings.orgId, state: proceedings.state, kind: proceedings.kind })
    .from(proceedings)
    .where(eq(proceedings.caseId, caseId))
    .orderBy(sql`${proceedings.seq} desc`)
    .limit(1);
  return p;
}
