import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Caller } from '../auth/caller.js';
import type { Database } from '../db/client.js';
import { applicants, caseCounters, caseOrgs, cases, claims, clocks, events, organizations, proceedings } from '../db/schema/index.js';
import { CATEGORIES, caseKindFor, firstProceedingKind, isStaffRole, type Category, type Channel } from '../domain/model.js';
import { chinaDate, chinaYear } from '../domain/time.js';
import { denial, mayActOnCase } from '../domain/transitions.js';
import { fieldProblem, forbidden, invalidTransition, notFound, versionConflict } from '../http/errors.js';
import { maySee, visibleCasesCondition } from './access.js';
import { applyClockFacts, loadCalendar, type Fact } from '../clocks/engine.js';
import { applyStatDeltas, type StatDelta } from '../stats/rollup.js';
import { applyEffect, newestProceeding } from './effects.js';
import { appendEvents, GENESIS_HASH, verifyChain, type NewEvent } from './eventLog.js';
import { loadBundle, parties, presentDetail, snapshot } from './load.js';
import type { ActionInput, CaseDetail, FileCaseInput, ListQuery } from './schemas.js';

export interface CaseDeps {
  db: Database;
  now: () => Date;
}

/** Case numbers read like the centres' own: intake code, year, five-digit sequence. */
export function caseNumber(intakeCode: string, year: number, seq: number): string {
  return `${intakeCode}-${year}-${String(seq).padStart(5, '0')}`;
}

function channelFor(caller: Caller, org: { id: string }, proceedingKind: string): Channel {
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

/** POST /cases: the case, its parties and claims, its first proceeding and its first events, in one transaction. */
export async function fileCase(deps: CaseDeps, caller: Caller, input: FileCaseInput): Promise<CaseDetail> {
  const now = deps.now();
  const occurredAt = input.occurredAt ?? now;
  const today = chinaDate(now);
  if (occurredAt.getTime() > now.getTime()) throw fieldProblem('body.occurredAt', 'is in the future');
  if (input.incidentDate > today) throw fieldProblem('body.incidentDate', 'is in the future');
  if (input.employmentEndedOn && input.employmentEndedOn > today) throw fieldProblem('body.employmentEndedOn', 'is in the future');
  if (chinaDate(occurredAt) < input.incidentDate) throw fieldProblem('body.occurredAt', 'is before the incident date');

  const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, input.orgId));
  if (!org) throw fieldProblem('body.orgId', 'names no organisation');
  const kind = firstProceedingKind(org.kind);
  if (!kind) throw fieldProblem('body.orgId', `a ${org.kind} does not take cases`);
  const channel = channelFor(caller, org, kind);
  if (input.acceptNow && caller.orgId !== org.id) {
    throw fieldProblem('body.acceptNow', 'only the receiving organisation may accept a case');
  }
  const ids = input.applicants.flatMap((a) => (a.idNumber ? [a.idNumber] : []));
  if (new Set(ids).size !== ids.length) throw fieldProblem('body.applicants', 'lists the same ID number twice');

  const claimed = input.applicants.flatMap((a) => a.claims);
  const used = new Set([...input.categories, ...claimed.map((c) => c.category)]);
  const categories = CATEGORIES.filter((c) => used.has(c));
  const claimedFen = claimed.reduce((s, c) => s + c.amountFen, 0);
  const year = chinaYear(occurredAt);
  const caseId = uuidv7();
  const proceedingId = uuidv7();

  await deps.db.transaction(async (tx) => {
    // Row lock on (org, year) until commit: numbers are gapless because a rollback returns it.
    const [counter] = await tx
      .insert(caseCounters)
      .values({ orgId: org.id, year, last: 1 })
      .onConflictDoUpdate({ target: [caseCounters.orgId, caseCounters.year], set: { last: sql`${caseCounters.last} + 1` } })
      .returning({ last: caseCounters.last });
    const number = caseNumber(org.intakeCode, year, counter.last);
    const state = input.acceptNow ? 'accepted' : 'received';

    const list: NewEvent[] = [
      {
        action: 'file',
        actorUserId: caller.userId,
        actorOrgId: caller.orgId,
        proceedingId,
        internal: false,
        data: { number, orgId: org.id, kind, channel, applicants: input.applicants.length, claimedFen, categories },
        occurredAt,
      },
    ];
    if (input.acceptNow) {
      list.push({ action: 'accept', actorUserId: caller.userId, actorOrgId: caller.orgId, proceedingId, internal: false, data: { kind, orgId: org.id }, occurredAt });
    }
    const head = { caseId, count: 0, hash: GENESIS_HASH };

    await tx.insert(cases).values({
      id: caseId,
      number,
      orgId: org.id,
      kind: caseKindFor(input.applicants.length),
      channel,
      categories,
      summary: input.summary,
      incidentDate: input.incidentDate,
      employmentEndedOn: input.employmentEndedOn ?? null,
      respondentName: input.respondent.name,
      respondentCreditCode: input.respondent.creditCode ?? null,
      respondentContact: input.respondent.contact ?? null,
      respondentAddress: input.respondent.address ?? null,
      filedBy: caller.userId,
      currentOrgId: org.id,
      currentState: state,
      currentKind: kind,
      claimedFen,
      applicantCount: input.applicants.length,
      lastOccurredAt: occurredAt,
      lastEventHash: GENESIS_HASH,
      receivedAt: occurredAt,
      createdAt: now,
    });

    const applicantRows = input.applicants.map((a, i) => ({
      id: uuidv7(),
      caseId,
      position: i + 1,
      name: a.name,
      idNumber: a.idNumber ?? null,
      phone: a.phone ?? null,
      // SPEC §7: a worker filing online is the first applicant.
      userId: i === 0 && caller.role === 'worker' ? caller.userId : null,
    }));
    await tx.insert(applicants).values(applicantRows);
    await tx.insert(claims).values(
      input.applicants.flatMap((a, i) =>
        a.claims.map((c) => ({ id: uuidv7(), caseId, applicantId: applicantRows[i].id, category: c.category, description: c.description, amountFen: c.amountFen })),
      ),
    );
    await tx.insert(proceedings).values({
      id: proceedingId,
      caseId,
      seq: 1,
      kind,
      orgId: org.id,
      state,
      receivedAt: occurredAt,
      acceptedAt: input.acceptNow ? occurredAt : null,
    });
    const handling = [{ caseId, orgId: org.id, regionCode: org.regionCode }];
    if (channel === 'court_delegated' && caller.orgId) {
      // The delegating court keeps sight of the case it sent out.
      const [court] = await tx.select().from(organizations).where(eq(organizations.id, caller.orgId));
      handling.push({ caseId, orgId: court.id, regionCode: court.regionCode });
    }
    await tx.insert(caseOrgs).values(handling);
    const on = chinaDate(occurredAt);
    const where = { orgId: org.id, regionCode: org.regionCode };
    const facts: Fact[] = [
      { fact: 'filed', on, ...where },
      { fact: 'received', on, ...where, proceedingId, kind },
    ];
    if (input.acceptNow) facts.push({ fact: 'accepted', on, ...where, proceedingId, kind });
    await applyClockFacts(tx, { caseId, incidentDate: input.incidentDate, employmentEndedOn: input.employmentEndedOn ?? null, categories }, facts, await loadCalendar(tx), today);
    const stats: StatDelta[] = [{ orgId: org.id, kind, on, counters: { received: 1, claimedFen, workers: input.applicants.length } }];
    if (input.acceptNow) stats.push({ orgId: org.id, kind, on, counters: { accepted: 1 } });
    await applyStatDeltas(tx, categories, stats);
    const after = await appendEvents(tx, head, list, now);
    await tx.update(cases).set({ eventCount: after.count, lastEventHash: after.hash }).where(eq(cases.id, caseId));
  });
  return getCase(deps, caller, caseId);
}

export async function getCase(deps: CaseDeps, caller: Caller, id: string): Promise<CaseDetail> {
  const bundle = await loadBundle(deps.db, id, false);
  if (!bundle || !maySee(caller, parties(bundle))) throw notFound('case');
  return presentDetail(deps.db, bundle, caller, deps.now());
}

/** POST /cases/:id/actions: authorise → load under lock → check the table → write state and event together. */
export async function performAction(deps: CaseDeps, caller: Caller, id: string, input: ActionInput): Promise<CaseDetail> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const bundle = await loadBundle(tx, id, true);
    if (!bundle || !maySee(caller, parties(bundle))) throw notFound('case');
    const snap = snapshot(bundle);
    if (!mayActOnCase(caller, snap)) throw forbidden('you may not act on this case');
    if (input.version !== bundle.row.version) throw versionConflict(bundle.row.version);
    const refused = denial(caller, snap, input.action);
    if (refused) throw refused.code === 'FORBIDDEN' ? forbidden(refused.message) : invalidTransition(refused.message);

    const last = bundle.row.lastOccurredAt;
    const occurredAt = input.occurredAt ?? new Date(Math.max(now.getTime(), last.getTime()));
    if (occurredAt.getTime() > Math.max(now.getTime(), last.getTime())) throw fieldProblem('body.occurredAt', 'is in the future');
    if (occurredAt.getTime() < last.getTime()) throw fieldProblem('body.occurredAt', "is before the case's previous event");

    const facts: Fact[] = [];
    const stats: StatDelta[] = [];
    const ev = await applyEffect({ tx, caller, bundle, snap, occurredAt, now, facts, stats }, input);
    const r = bundle.row;
    if (facts.length) {
      await applyClockFacts(
        tx,
        { caseId: id, incidentDate: r.incidentDate, employmentEndedOn: r.employmentEndedOn, categories: r.categories as Category[] },
        facts,
        await loadCalendar(tx),
        chinaDate(now),
      );
    }
    // After the clocks, so a conclusion knows whether it was on time.
    await applyStatDeltas(tx, r.categories, stats);
    const head = await appendEvents(tx, { caseId: id, count: bundle.row.eventCount, hash: bundle.row.lastEventHash }, [ev], now);
    const newest = await newestProceeding(tx, id);
    await tx
      .update(cases)
      .set({
        version: bundle.row.version + 1,
        lastOccurredAt: occurredAt,
        eventCount: head.count,
        lastEventHash: head.hash,
        currentOrgId: newest.orgId,
        currentState: newest.state,
        currentKind: newest.kind,
      })
      .where(eq(cases.id, id));
    const after = await loadBundle(tx, id, false);
    return presentDetail(tx, after!, caller, now);
  });
}

/** GET /cases: only what the caller may see, newest first, keyset-paginated on the time-ordered id. */
export async function listCases(deps: CaseDeps, caller: Caller, q: ListQuery) {
  const where: SQL[] = [visibleCasesCondition(caller)];
  if (q.status) where.push(eq(cases.status, q.status));
  if (q.state) where.push(eq(cases.currentState, q.state));
  if (q.kind) where.push(eq(cases.kind, q.kind));
  if (q.category) where.push(sql`${cases.categories} @> array[${q.category}]::text[]`);
  if (q.orgId) where.push(sql`${cases.id} in (select ${caseOrgs.caseId} from ${caseOrgs} where ${caseOrgs.orgId} = ${q.orgId})`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      sql`(${cases.number} = ${q.q.toUpperCase()} or ${cases.respondentName} ilike ${like} or exists (select 1 from ${applicants} where ${applicants.caseId} = ${cases.id} and ${applicants.name} ilike ${like}))`,
    );
  }
  if (q.dueBefore) {
    where.push(
      sql`exists (select 1 from ${clocks} where ${clocks.caseId} = ${cases.id} and ${clocks.status} in ('running', 'paused') and ${clocks.dueOn} < ${q.dueBefore})`,
    );
  }
  if (q.cursor) where.push(lt(cases.id, q.cursor));
  const rows = await deps.db
    .select()
    .from(cases)
    .where(and(...where))
    .orderBy(desc(cases.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((c) => ({
      id: c.id,
      number: c.number,
      kind: c.kind,
      status: c.status,
      outcome: c.outcome,
      channel: c.channel,
      categories: c.categories as (typeof CATEGORIES)[number][],
      summary: c.summary,
      respondentName: c.respondentName,
      currentOrgId: c.currentOrgId,
      currentKind: c.currentKind as 'mediation',
      state: c.currentState as 'received',
      applicantCount: c.applicantCount,
      claimedFen: c.claimedFen,
      version: c.version,
      receivedAt: c.receivedAt.toISOString(),
      createdAt: c.createdAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
  };
}

/** GET /cases/:id/events: the timeline; workers never see internal notes. */
export async function listEvents(deps: CaseDeps, caller: Caller, id: string) {
  const bundle = await loadBundle(deps.db, id, false);
  if (!bundle || !maySee(caller, parties(bundle))) throw notFound('case');
  const where = [eq(events.caseId, id)];
  if (!isStaffRole(caller.role)) where.push(eq(events.internal, false));
  const rows = await deps.db.select().from(events).where(and(...where)).orderBy(asc(events.seq));
  return {
    items: rows.map((e) => ({
      seq: e.seq,
      action: e.action,
      actorUserId: e.actorUserId,
      actorOrgId: e.actorOrgId,
      proceedingId: e.proceedingId,
      internal: e.internal,
      data: e.data,
      occurredAt: e.occurredAt.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
    })),
  };
}

/** GET /cases/:id/verify: whether the event hash chain is intact (handling staff, supervisors). */
export async function verifyCase(deps: CaseDeps, caller: Caller, id: string) {
  const bundle = await loadBundle(deps.db, id, false);
  if (!bundle || !maySee(caller, parties(bundle))) throw notFound('case');
  if (caller.role === 'worker') throw forbidden('only handling staff and supervisors verify a case');
  const rows = await deps.db.select().from(events).where(eq(events.caseId, id)).orderBy(asc(events.seq));
  const broken = verifyChain(rows);
  const headMatches = rows.length === bundle.row.eventCount && (rows.at(-1)?.hash ?? GENESIS_HASH) === bundle.row.lastEventHash;
  return {
    intact: broken === null && headMatches,
    events: rows.length,
    brokenAt: broken?.seq ?? (headMatches ? null : rows.length),
    problem: broken?.problem ?? (headMatches ? null : 'the chain does not end where the case says it does'),
  };
}
