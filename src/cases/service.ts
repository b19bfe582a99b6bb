import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Caller } from '../auth/caller.js';
import type { Database } from '../db/client.js';
import { applicants, cases, claims, events, organizations, proceedings } from '../db/schema/index.js';
import { CATEGORIES, caseKindFor, firstProceedingKind, isStaffRole, type Category, type Channel, type ProceedingKind, type ProceedingState } from '../domain/model.js';
import { chinaDate, chinaYear } from '../domain/time.js';
import { denial, mayActOnCase } from '../domain/transitions.js';
import { fieldProblem, forbidden, invalidTransition, notFound, versionConflict } from '../http/errors.js';
import { maySee, visibleCasesCondition } from './access.js';
import { applyClockFacts, type Fact } from '../clocks/engine.js';
import { calendarCache, calendarVersionSql } from '../clocks/calendarCache.js';
import { applyStatDeltas } from '../stats/rollup.js';
import { concludedOnTime, statDeltas } from '../domain/statistics.js';
import { applyEffect, insertCaseOrgs, insertProceedings, patchProceeding, statChange, writeProceedingPatches, type EffectContext } from './effects.js';
import { chainEvents, GENESIS_HASH, insertEvents, verifyChain, type NewEvent } from './eventLog.js';
import { loadBundle, loadDetail, parties, presentDetail, snapshot, type CaseBundle, type CaseRow } from './load.js';
import { pipelinedTransaction } from '../db/transaction.js';
import { fromRow, isoInstant, rowInserter, rowPatcher, Statement, StatementFamily } from '../db/prepared.js';
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


/** The checks of a filing that need no database. */
function checkFiling(caller: Caller, input: FileCaseInput, now: Date, occurredAt: Date) {
  const today = chinaDate(now);
  if (occurredAt.getTime() > now.getTime()) throw fieldProblem('body.occurredAt', 'is in the future');
  if (input.incidentDate > today) throw fieldProblem('body.incidentDate', 'is in the future');
  if (input.employmentEndedOn && input.employmentEndedOn > today) throw fieldProblem('body.employmentEndedOn', 'is in the future');
  if (chinaDate(occurredAt) < input.incidentDate) throw fieldProblem('body.occurredAt', 'is before the incident date');
  if (input.acceptNow && caller.orgId !== input.orgId) {
    throw fieldProblem('body.acceptNow', 'only the receiving organisation may accept a case');
  }
  const ids = input.applicants.flatMap((a) => (a.idNumber ? [a.idNumber] : []));
  if (new Set(ids).size !== ids.length) throw fieldProblem('body.applicants', 'lists the same ID number twice');
}

/** POST /cases: the case, its parties and claims, its first proceeding and its first events, in one transaction. */
export async function fileCase(deps: CaseDeps, caller: Caller, input: FileCaseInput): Promise<CaseDetail> {
  const now = deps.now();
  const occurredAt = input.occurredAt ?? now;
  const today = chinaDate(now);
  checkFiling(caller, input, now, occurredAt);

  const claimed = input.applicants.flatMap((a) => a.claims);
  const used = new Set([...input.categories, ...claimed.map((c) => c.category)]);
  const categories = CATEGORIES.filter((c) => used.has(c));
  const claimedFen = claimed.reduce((s, c) => s + c.amountFen, 0);
  const year = chinaYear(occurredAt);
  const caseId = uuidv7();
  const proceedingId = uuidv7();
  const cache = calendarCache(deps.db);

  const { bundle, cal } = await pipelinedTransaction(deps.db, async (tx, pipeline) => {
    // The organisation, and the number: a row lock on (org, year) until commit, so numbers are
    // gapless because a rollback returns it. Sent together (one round trip, with BEGIN); a
    // refusal below rolls the number back.
    const orgRead = orgById.run(tx, { id: input.orgId });
    const numbered = takeNumber.run(tx, { orgId: input.orgId, year });
    numbered.catch(() => {});
    const [found] = await orgRead;
    if (!found) throw fieldProblem('body.orgId', 'names no organisation');
    const org = fromRow(organizations, found.org);
    const kind = firstProceedingKind(org.kind);
    if (!kind) throw fieldProblem('body.orgId', `a ${org.kind} does not take cases`);
    const channel = channelFor(caller, org, kind);
    const [counter] = await numbered;
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
    // The chain is computed first, so the case row is written once, with its head.
    const chained = chainEvents({ caseId, count: 0, hash: GENESIS_HASH }, list, now);

    const row: CaseRow = {
      id: caseId,
      number,
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
    const claimRows = input.applicants.flatMap((a, i) =>
      a.claims.map((c) => ({ id: uuidv7(), caseId, applicantId: applicantRows[i].id, category: c.category, description: c.description, amountFen: c.amountFen })),
    );
    const proceedingRow: typeof proceedings.$inferSelect = {
      id: proceedingId,
      caseId,
      seq: 1,
      kind,
      orgId: org.id,
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
    };
    const handling = [{ caseId, orgId: org.id, regionCode: org.regionCode }];
    if (channel === 'court_delegated' && caller.orgId) {
      // The delegating court keeps sight of the case it sent out.
      const court = fromRow(organizations, (await orgById.run(tx, { id: caller.orgId }))[0].org);
      handling.push({ caseId, orgId: court.id, regionCode: court.regionCode });
    }
    pipeline.write(insertCases.batched([row]));
    pipeline.write(insertApplicants.batched(applicantRows));
    pipeline.write(insertClaims.batched(claimRows));
    pipeline.write(insertProceedings.batched([proceedingRow]));
    pipeline.write(insertCaseOrgs.batched(handling));
    pipeline.write(insertEvents.batched(chained.rows));
    const on = chinaDate(occurredAt);
    const where = { orgId: org.id, regionCode: org.regionCode };
    const facts: Fact[] = [
      { fact: 'filed', on, ...where },
      { fact: 'received', on, ...where, proceedingId, kind },
    ];
    if (input.acceptNow) facts.push({ fact: 'accepted', on, ...where, proceedingId, kind });
    const cal = await cache.at(tx, counter.calendar_version);
    const caseClocks = await applyClockFacts(
      tx,
      { caseId, incidentDate: input.incidentDate, employmentEndedOn: input.employmentEndedOn ?? null, categories },
      facts,
      cal,
      today,
      { clocks: [], write: pipeline.write },
    );
    applyStatDeltas(categories, statDeltas({ case: row, proceedings: [{ before: null, after: proceedingRow }], agreements: [], payments: [] }), pipeline.write);
    const bundle: CaseBundle = {
      row,
      proceedings: [{ ...proceedingRow, orgName: org.name }],
      agreement: null,
      applicants: applicantRows,
      orgs: handling.map((h) => ({ orgId: h.orgId, regionCode: h.regionCode })),
      claims: claimRows,
      hearings: [],
      instalments: [],
      payments: [],
      clocks: caseClocks,
      calendarVersion: counter.calendar_version,
    };
    return { bundle, cal };
  });
  // Presented from what was written, as GET /cases/:id would show it.
  if (!maySee(caller, parties(bundle))) throw notFound('case');
  return presentDetail(bundle, caller, now, cal);
}

// As JSON, so that a column added by a later migration does not change the prepared statement's result type.
const orgById = new Statement<{ org: Record<string, unknown> }>('organization_by_id', () => sql`select row_to_json(o) as org from organizations o where o.id = ${sql.placeholder('id')}::uuid`);

// The number, and the calendar's version read in the same statement (src/clocks/calendarCache.ts).
const takeNumber = new Statement<{ last: number; calendar_version: string }>(
  'case_counter_take',
  // From the organisation's row, so that an organisation that does not exist takes no number and
  // leaves the transaction usable (the refusal above it is then a 400, not a foreign-key error).
  () => sql`insert into case_counters (org_id, year, last) select o.id, ${sql.placeholder('year')}::int, 1 from organizations o where o.id = ${sql.placeholder('orgId')}::uuid
    on conflict (org_id, year) do update set last = case_counters.last + 1
    returning last, ${calendarVersionSql} as calendar_version`,
);

// The case and its parties and claims: with its first proceeding, handling organisations, events,
// clocks and rollups they are the filing's one write statement (WriteBatch).
const insertCases = rowInserter('cases_insert', cases);
const insertApplicants = rowInserter('applicants_insert', applicants);
const insertClaims = rowInserter('claims_insert', claims);

/** GET /cases/:id. */
export async function getCase(deps: CaseDeps, caller: Caller, id: string): Promise<CaseDetail> {
  const detail = await loadDetail(deps.db, id);
  if (!detail || !maySee(caller, parties(detail))) throw notFound('case');
  const cal = await calendarCache(deps.db).at(deps.db, detail.calendarVersion);
  return presentDetail(detail, caller, deps.now(), cal);
}

const patchCases = rowPatcher('cases_patch', cases);

/**
 * POST /cases/:id/actions: authorise → load under lock → check the table → write state and event
 * together. The answer is presented from the loaded case as the action changed it, without
 * reading it again.
 */
export async function performAction(deps: CaseDeps, caller: Caller, id: string, input: ActionInput): Promise<CaseDetail> {
  const now = deps.now();
  const cache = calendarCache(deps.db);
  const { bundle, cal } = await pipelinedTransaction(deps.db, async (tx, pipeline) => {
    const bundle = await loadBundle(tx, id, true);
    if (!bundle || !maySee(caller, parties(bundle))) throw notFound('case');
    const snap = snapshot(bundle);
    if (!mayActOnCase(caller, snap)) throw forbidden('you may not act on this case');
    if (input.version !== bundle.row.version) throw versionConflict(bundle.row.version);
    const refused = denial(caller, snap, input.action);
    if (refused) throw refused.code === 'FORBIDDEN' ? forbidden(refused.message) : invalidTransition(refused.message);

    const r = bundle.row;
    const last = r.lastOccurredAt;
    const occurredAt = input.occurredAt ?? new Date(Math.max(now.getTime(), last.getTime()));
    if (occurredAt.getTime() > Math.max(now.getTime(), last.getTime())) throw fieldProblem('body.occurredAt', 'is in the future');
    if (occurredAt.getTime() < last.getTime()) throw fieldProblem('body.occurredAt', "is before the case's previous event");

    // The effect replaces the proceedings it changes: these are the rows as they were.
    const before = [...bundle.proceedings];
    const ctx: EffectContext = { tx, caller, bundle, snap, occurredAt, now, facts: [], stats: { agreements: [], payments: [] }, write: pipeline.write, casePatch: {}, proceedingPatches: new Map() };
    const ev = await applyEffect(ctx, input);
    const cal = await cache.at(tx, bundle.calendarVersion);
    if (ctx.facts.length) {
      bundle.clocks = await applyClockFacts(
        tx,
        { caseId: id, incidentDate: r.incidentDate, employmentEndedOn: r.employmentEndedOn, categories: r.categories as Category[] },
        ctx.facts,
        cal,
        chinaDate(now),
        { clocks: bundle.clocks, write: pipeline.write },
      );
    }
    // A conclusion was on time if none of its statutory clocks was breached, now that they have stopped.
    for (const p of bundle.proceedings) {
      if (!before.includes(p) && p.state === 'concluded' && p.onTime === null) patchProceeding(ctx, p, { onTime: concludedOnTime(bundle.clocks, p.id) });
    }
    writeProceedingPatches(ctx);
    const chained = chainEvents({ caseId: id, count: r.eventCount, hash: r.lastEventHash }, [ev], now);
    pipeline.write(insertEvents.batched(chained.rows));
    // The denormalised "where is it now" columns follow the newest proceeding.
    const newest = bundle.proceedings[bundle.proceedings.length - 1];
    const patch = {
      ...ctx.casePatch,
      version: r.version + 1,
      lastOccurredAt: occurredAt,
      eventCount: chained.head.count,
      lastEventHash: chained.head.hash,
      currentOrgId: newest.orgId,
      currentState: newest.state,
      currentKind: newest.kind,
    };
    pipeline.write(patchCases.batched([{ id, ...patch }]));
    bundle.row = { ...r, ...patch };
    applyStatDeltas(r.categories, statDeltas(statChange(ctx, before)), pipeline.write);
    return { bundle, cal };
  });
  return presentDetail(bundle, caller, now, cal);
}

/** A list row as the driver hands it over (the columns the list selects). */
type CaseColumns = typeof cases.$inferSelect;
interface ListRow {
  id: string;
  number: string;
  kind: CaseColumns['kind'];
  status: CaseColumns['status'];
  outcome: CaseColumns['outcome'];
  channel: CaseColumns['channel'];
  categories: (typeof CATEGORIES)[number][];
  summary: string;
  respondent_name: string;
  current_org_id: string;
  current_kind: ProceedingKind;
  current_state: ProceedingState;
  applicant_count: number;
  /** int8: text from postgres.js. */
  claimed_fen: string | number;
  version: number;
  received_at: unknown;
  current_received_at: unknown;
  created_at: unknown;
  closed_at: unknown;
}

const listStatements = new StatementFamily<ListRow>('case_list');

/**
 * GET /cases: only what the caller may see, newest first, keyset-paginated on the time-ordered
 * id; or, with `order=waiting`, the current proceeding received longest ago first, keyset on
 * (that time, id). One prepared statement per combination of filters and order; the values are
 * its parameters.
 */
export async function listCases(deps: CaseDeps, caller: Caller, q: ListQuery) {
  const byId = q.order !== 'waiting';
  // In id order the cursor bounds the membership subqueries too (see visibleCasesCondition).
  const visible = visibleCasesCondition(caller, q.cursor && byId ? 'cursor' : undefined);
  const upTo = () => (q.cursor && byId ? sql` and case_id < ${sql.placeholder('cursor')}::uuid` : sql``);
  const values: Record<string, unknown> = { ...visible.values, limit: q.limit + 1 };
  const filters: [name: string, condition: () => SQL][] = [];
  const filter = (name: string, value: unknown, condition: () => SQL) => {
    values[name] = value;
    filters.push([name, condition]);
  };
  const p = sql.placeholder;
  if (q.status) filter('status', q.status, () => sql`c.status = ${p('status')}`);
  if (q.state) filter('state', q.state, () => sql`c.current_state = ${p('state')}`);
  if (q.kind) filter('kind', q.kind, () => sql`c.kind = ${p('kind')}`);
  if (q.category) filter('category', q.category, () => sql`c.categories @> array[${p('category')}::text]`);
  if (q.orgId) filter('orgId', q.orgId, () => sql`c.id in (select case_id from case_orgs where org_id = ${p('orgId')}::uuid${upTo()})`);
  if (q.q) {
    values.number = q.q.toUpperCase();
    filter('like', `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, () =>
      sql`(c.number = ${p('number')} or c.respondent_name ilike ${p('like')} or exists (select 1 from applicants ap where ap.case_id = c.id and ap.name ilike ${p('like')}))`,
    );
  }
  if (q.dueBefore) {
    filter('dueBefore', q.dueBefore, () => sql`exists (select 1 from clocks k where k.case_id = c.id and k.status in ('running', 'paused') and k.due_on < ${p('dueBefore')}::date)`);
  }
  // When the current proceeding was received: one probe of proceedings_case_seq_idx per case, in
  // the page's own statement (in id order, PostgreSQL runs it for the page's rows only).
  const currentReceived = (caseId: SQL) => sql`(select p.received_at from proceedings p where p.case_id = ${caseId} order by p.seq desc limit 1)`;
  if (q.cursor) {
    filter('cursor', q.cursor, () =>
      byId ? sql`c.id < ${p('cursor')}::uuid` : sql`(${currentReceived(sql`c.id`)}, c.id) > (${currentReceived(sql`${p('cursor')}::uuid`)}, ${p('cursor')}::uuid)`,
    );
  }
  const shape = [visible.shape, ...filters.map(([name]) => name), byId ? '' : 'waiting'].join(',');
  const statement = listStatements.get(shape, () => {
    const where = sql.join([visible.sql(), ...filters.map(([, condition]) => condition())], sql` and `);
    const order = sql.raw(byId ? 'c.id desc' : 'current_received_at, c.id');
    return sql`select c.id, c.number, c.kind, c.status, c.outcome, c.channel, c.categories, c.summary, c.respondent_name,
        c.current_org_id, c.current_kind, c.current_state, c.applicant_count, c.claimed_fen, c.version, c.received_at,
        ${currentReceived(sql`c.id`)} as current_received_at, c.created_at, c.closed_at
      from cases c where ${where} order by ${order} limit ${p('limit')}`;
  });
  const rows = await statement.run(deps.db, values);
  const page = rows.slice(0, q.limit);
  // Presented from the driver's values (only presented, never reasoned about): no row objects, no Dates.
  return {
    items: page.map((c) => ({
      id: c.id,
      number: c.number,
      kind: c.kind,
      status: c.status,
      outcome: c.outcome,
      channel: c.channel,
      categories: c.categories,
      summary: c.summary,
      respondentName: c.respondent_name,
      currentOrgId: c.current_org_id,
      currentKind: c.current_kind,
      state: c.current_state,
      applicantCount: c.applicant_count,
      claimedFen: Number(c.claimed_fen),
      version: c.version,
      receivedAt: isoInstant(c.received_at),
      currentReceivedAt: isoInstant(c.current_received_at),
      createdAt: isoInstant(c.created_at),
      closedAt: c.closed_at === null ? null : isoInstant(c.closed_at),
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
