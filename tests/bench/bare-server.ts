/**
 * The bare baseline of `npm run bench`: Fastify and postgres.js with no ORM, no validation, no
 * authentication, no schemas, doing the same database work as Tiaojie for each benchmark workload
 * with hand-written SQL — the ceiling of this stack on this machine. It writes the same rows
 * (cases, applicants, claims, proceedings, case_orgs, clocks, the rollups, case_counters, events
 * with their hash chain, agreements, instalments), reads the same rows and answers with the same
 * content (run.ts checks both before it measures). It does the job in fewer statements where raw
 * SQL can: one CTE statement writes a filing or an action, one statement reads a case with
 * json_agg subqueries; the statements are listed in tests/bench/README.md.
 *
 * It knows only what the benchmark sends: staff filing walk-in cases at their own mediation
 * organisation, `accept` and `settle` on them, the detail, GET /cases with status/cursor, the
 * deadline board of a staff member's organisation, and whole-month closure statistics grouped by
 * organisation for a supervisor's region. The caller comes from x-bench-* headers (no auth).
 * Pure domain rules (due dates and the holiday calendar, the transition table, masking, quantiles)
 * come from src/domain, and a clock's due date, explanation and presentation from the pure
 * functions of src/clocks/engine.ts, as they are the work itself, not framework. Like Tiaojie, it keeps the
 * holiday calendar in memory and checks its version (md5 of calendar_years' xmins) in the
 * statement it runs anyway, reloading when another process changed it.
 *
 *   DATABASE_URL=postgres://… PORT=3100 node --import tsx tests/bench/bare-server.ts
 */
import { createHash } from 'node:crypto';
import Fastify, { type FastifyRequest } from 'fastify';
import postgres from 'postgres';
import { v7 as uuidv7 } from 'uuid';
import { limitationStart, performanceExplanation, presentClock, recompute, type ClockRow } from '../../src/clocks/engine.js';
import { WorkCalendar, type Pause, type YearCalendar } from '../../src/domain/calendar.js';
import { CLOCK_LIFECYCLE, CLOCK_RULES, type ClockKind, type ClockTrigger } from '../../src/domain/clockRules.js';
import { maskIdNumber, maskPhone } from '../../src/domain/identity.js';
import { CATEGORIES, caseKindFor, firstProceedingKind, isStaffRole, type ProceedingKind, type Role } from '../../src/domain/model.js';
import { bucket, SETTLED_OUTCOMES, STAT_COUNTERS, STATUTORY_PROCEEDING_CLOCKS, statRow, type StatBucket as Bucket, type StatCounter } from '../../src/domain/statistics.js';
import { chinaDate, chinaYear } from '../../src/domain/time.js';
import { allowedActions, denial, lastProceeding, openProceeding, REFERRAL_ROUTES, TRANSITIONS, type CaseSnapshot } from '../../src/domain/transitions.js';

const sql = postgres(process.env.DATABASE_URL!, {
  // Tiaojie's pool size (src/db/client.ts), so both servers get the same number of connections.
  max: Number(process.env.BARE_POOL_SIZE ?? 10),
  onnotice: () => {},
  types: {
    // Legal dates stay YYYY-MM-DD strings and bigint money a number, as the app's schema maps them.
    date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x },
    int8: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
  },
});

type Tx = postgres.TransactionSql;

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

interface Caller {
  userId: string;
  role: Role;
  orgId: string | null;
  regionCode: string | null;
}

/** No authentication: the benchmark says who is calling. */
function callerOf(request: FastifyRequest): Caller {
  const h = request.headers;
  return {
    userId: String(h['x-bench-user']),
    role: String(h['x-bench-role']) as Role,
    orgId: h['x-bench-org'] ? String(h['x-bench-org']) : null,
    regionCode: h['x-bench-region'] !== undefined ? String(h['x-bench-region']) : null,
  };
}

const iso = (v: string | Date | null | undefined) => (v == null ? null : new Date(v).toISOString());

// ---------------------------------------------------------------------------------------------
// The holiday calendar: held in memory, checked on every use against the version of calendar_years
// read by the request's own statement (md5 of each year's xmin), so an administrator's load in any
// process is seen from its commit on (as src/clocks/calendarCache.ts does; SPEC §8).

const CALENDAR_VERSION = sql`(select md5(coalesce(string_agg(cy.year || ':' || cy.xmin, ',' order by cy.year), '')) from calendar_years cy)`;
let heldCalendar: { version: string; calendar: WorkCalendar } | null = null;

async function calendarAt(q: postgres.Sql | Tx, version: string): Promise<WorkCalendar> {
  if (heldCalendar?.version === version) return heldCalendar.calendar;
  const rows = await q<{ year: number; holidays: string[]; makeup_workdays: string[]; source: string; day_names: Record<string, string>; xmin: string }[]>`
    select year, holidays, makeup_workdays, source, day_names, xmin::text as xmin from calendar_years order by year`;
  const loaded = createHash('md5')
    .update(rows.map((r) => `${r.year}:${r.xmin}`).join(','))
    .digest('hex');
  // A stored year is an announced calendar, whoever entered it: its clocks are not provisional.
  const byYear = new Map<number, YearCalendar>(
    rows.map((r) => [r.year, { year: r.year, holidays: r.holidays, makeupWorkdays: r.makeup_workdays, official: true, source: r.source, holidayNames: r.day_names }]),
  );
  heldCalendar = { version: loaded, calendar: new WorkCalendar((y) => byYear.get(y)) };
  return heldCalendar.calendar;
}

// ---------------------------------------------------------------------------------------------
// Clocks: the same lifecycle rules (src/domain/clockRules.ts) applied to the facts of an action, on
// rows in the engine's shape, so that its pure functions compute and present the due dates.

const CLOCK_COLUMNS = [
  'id', 'case_id', 'proceeding_id', 'agreement_id', 'kind', 'rule_id', 'unit', 'length', 'started_on', 'due_on', 'status', 'pauses', 'paused_days',
  'extension_days', 'extensions', 'stopped_on', 'calendar_years', 'provisional', 'explanation', 'org_id', 'region_code', 'created_at',
] as const;
const fieldOf = (column: string) => column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/** The select list of a clock read under the engine's field names. */
const clockFields = (alias: string) => CLOCK_COLUMNS.map((c) => `${alias}.${c} as "${fieldOf(c)}"`).join(', ');

/** Clocks as rows of the clocks table, for json_populate_recordset. */
const clockRecords = (list: ClockRow[]) => list.map((k) => Object.fromEntries(CLOCK_COLUMNS.map((c) => [c, k[fieldOf(c) as keyof ClockRow]])));

interface Fact {
  fact: 'filed' | 'received' | 'accepted' | 'declined' | 'concluded' | 'agreement';
  on: string;
  orgId: string;
  regionCode: string;
  proceedingId?: string;
  kind?: ProceedingKind;
  outcome?: string;
  agreementId?: string;
  instalments?: { dueOn: string; amountFen: number }[];
}

interface CaseFacts {
  caseId: string;
  incidentDate: string;
  employmentEndedOn: string | null;
  categories: readonly string[];
}

function triggerMatches(t: ClockTrigger, f: Fact): boolean {
  if (t.fact !== f.fact) return false;
  if (t.kinds && (!f.kind || !t.kinds.includes(f.kind))) return false;
  if (t.outcomes && (!f.outcome || !(t.outcomes as readonly string[]).includes(f.outcome))) return false;
  if (t.finalAward || t.viaReferral) return false; // no final awards or referrals in the benchmark
  return true;
}

function inScope(k: ClockRow, f: Fact): boolean {
  const scope = CLOCK_LIFECYCLE[k.kind].scope;
  if (scope === 'proceeding') return k.proceedingId === f.proceedingId;
  if (scope === 'agreement') return k.agreementId === f.agreementId;
  return true;
}

function startClock(kind: ClockKind, c: CaseFacts, f: Fact, trigger: ClockTrigger, cal: WorkCalendar, today: string): ClockRow | null {
  const rule = CLOCK_RULES[kind];
  const life = CLOCK_LIFECYCLE[kind];
  const base = {
    id: uuidv7(),
    caseId: c.caseId,
    proceedingId: life.scope === 'proceeding' ? (f.proceedingId ?? null) : null,
    agreementId: f.agreementId ?? null,
    kind,
    ruleId: rule.id,
    unit: rule.unit,
    length: rule.length,
    status: 'running' as const,
    pauses: [] as Pause[],
    pausedDays: 0,
    extensionDays: 0,
    extensions: 0,
    stoppedOn: null,
    orgId: f.orgId,
    regionCode: f.regionCode,
    createdAt: new Date(),
  };
  if (rule.unit === 'instalments') {
    // Nothing is paid when an agreement is made: the first instalment with an amount is the next one.
    const index = (f.instalments ?? []).findIndex((i) => i.amountFen > 0);
    if (index < 0) return null;
    const next = { index: index + 1, ...f.instalments![index] };
    return { ...base, startedOn: f.on, dueOn: next.dueOn, calendarYears: [], provisional: false, explanation: performanceExplanation(next) };
  }
  let startedOn = f.on;
  if (life.from === 'limitation' && trigger.fact === 'filed') {
    const s = limitationStart(c as Parameters<typeof limitationStart>[0]);
    if (!s) return null;
    startedOn = s;
  }
  return recompute({ ...base, startedOn, dueOn: startedOn, calendarYears: [], provisional: false, explanation: [] }, cal, today);
}

/** The facts applied in order to the case's open clocks: which clocks to insert and which to update. */
function applyFacts(c: CaseFacts, openClocks: ClockRow[], facts: Fact[], cal: WorkCalendar, today: string): { created: ClockRow[]; changed: ClockRow[] } {
  const open = new Map(openClocks.map((k) => [k.id, k]));
  const created = new Map<string, ClockRow>();
  const changed = new Set<string>();
  const put = (k: ClockRow) => {
    open.set(k.id, k);
    if (created.has(k.id)) created.set(k.id, k);
    else changed.add(k.id);
  };
  for (const f of facts) {
    const live = [...open.values()].filter((k) => k.status === 'running' || k.status === 'paused');
    for (const k of live) {
      if (CLOCK_LIFECYCLE[k.kind].stop.some((t) => triggerMatches(t, f)) && inScope(k, f)) {
        const pauses = (k.pauses as Pause[]).map((p) => (p.to === null ? { ...p, to: f.on } : p));
        put({ ...k, pauses, status: f.on <= k.dueOn ? 'met' : 'breached', stoppedOn: f.on });
      }
    }
    for (const kind of Object.keys(CLOCK_LIFECYCLE) as ClockKind[]) {
      const trigger = CLOCK_LIFECYCLE[kind].start.find((t) => triggerMatches(t, f));
      if (!trigger) continue;
      const k = startClock(kind, c, f, trigger, cal, today);
      if (!k) continue;
      created.set(k.id, k);
      open.set(k.id, k);
    }
  }
  return { created: [...created.values()], changed: [...changed].map((id) => open.get(id)!) };
}

// ---------------------------------------------------------------------------------------------
// Statistics rollups: the rows an action adds to stat_months, stat_years and stat_histograms.

interface StatDelta {
  orgId: string;
  kind: string;
  on: string;
  counters: Partial<Record<StatCounter, number>>;
  duration?: { measure: 'resolution' | 'handoff'; days: number };
}

const COUNTER_COLUMNS: Record<StatCounter, string> = {
  received: 'received',
  accepted: 'accepted',
  declined: 'declined',
  concluded: 'concluded',
  settled: 'settled',
  onTime: 'on_time',
  acceptedConcluded: 'accepted_concluded',
  claimedFen: 'claimed_fen',
  agreedFen: 'agreed_fen',
  paidFen: 'paid_fen',
  workers: 'workers',
  prevailedWorker: 'prevailed_worker',
  prevailedEmployer: 'prevailed_employer',
  prevailedPartly: 'prevailed_partly',
  finalAwards: 'final_awards',
  endedByMediation: 'ended_by_mediation',
  endedByArbitralSettlement: 'ended_by_arbitral_settlement',
  endedByAward: 'ended_by_award',
};
const dayDiff = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const cmp = (a: string[], b: string[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
};

/** Rows for the three rollup upserts, each list in primary-key order (the app's lock order). */
function statRows(categories: readonly string[], deltas: StatDelta[]) {
  const cats = ['*', ...[...categories].sort()];
  const counters = { month: new Map<string, Record<string, unknown>>(), year: new Map<string, Record<string, unknown>>() };
  const hist = new Map<string, { grain: string; period: string; org_id: string; kind: string; measure: string; days: Map<number, number> }>();
  for (const d of deltas) {
    const periods = { month: `${d.on.slice(0, 7)}-01`, year: `${d.on.slice(0, 4)}-01-01` };
    if (Object.keys(d.counters).length) {
      for (const grain of ['month', 'year'] as const) {
        const key = `${periods[grain]}|${d.orgId}|${d.kind}`;
        let row = counters[grain].get(key);
        if (!row) counters[grain].set(key, (row = { period: periods[grain], org_id: d.orgId, kind: d.kind, ...Object.fromEntries(STAT_COUNTERS.map((c) => [COUNTER_COLUMNS[c], 0])) }));
        for (const [c, v] of Object.entries(d.counters)) (row[COUNTER_COLUMNS[c as StatCounter]] as number) += v ?? 0;
      }
    }
    if (d.duration) {
      for (const grain of ['month', 'year'] as const) {
        const key = `${d.duration.measure}|${grain}|${periods[grain]}|${d.orgId}|${d.kind}`;
        let row = hist.get(key);
        if (!row) hist.set(key, (row = { grain, period: periods[grain], org_id: d.orgId, kind: d.kind, measure: d.duration.measure, days: new Map() }));
        row.days.set(d.duration.days, (row.days.get(d.duration.days) ?? 0) + 1);
      }
    }
  }
  const counterList = (grain: 'month' | 'year') =>
    cats
      .flatMap((category) => [...counters[grain].values()].map((r) => ({ ...r, category, [grain]: r.period })))
      .sort((a, b) => cmp([a.category, a.period as string, a.org_id as string, a.kind as string], [b.category, b.period as string, b.org_id as string, b.kind as string]));
  const histograms = [...hist.values()]
    .flatMap((r) => cats.map((category) => ({ ...r, category })))
    .sort((a, b) => cmp([a.measure, a.grain, a.category, a.period, a.org_id, a.kind], [b.measure, b.grain, b.category, b.period, b.org_id, b.kind]))
    .map(({ days, ...r }) => ({ ...r, counts: Array.from({ length: Math.max(...days.keys()) + 1 }, (_, d) => days.get(d) ?? 0) }));
  return { months: counterList('month'), years: counterList('year'), histograms };
}

const COUNTER_LIST = STAT_COUNTERS.map((c) => COUNTER_COLUMNS[c]).join(', ');
const COUNTER_ADD = STAT_COUNTERS.map((c) => `${COUNTER_COLUMNS[c]} = t.${COUNTER_COLUMNS[c]} + excluded.${COUNTER_COLUMNS[c]}`).join(', ');

/** The rollup upserts as CTE parts of the statement that writes an action. */
function statUpserts(t: Tx, rows: ReturnType<typeof statRows>) {
  return t`
    sm as (insert into stat_months as t (category, month, org_id, kind, ${t.unsafe(COUNTER_LIST)})
           select category, month, org_id, kind, ${t.unsafe(COUNTER_LIST)} from json_populate_recordset(null::stat_months, ${rows.months as never}::json)
           order by category, month, org_id, kind
           on conflict (category, month, org_id, kind) do update set ${t.unsafe(COUNTER_ADD)}),
    sy as (insert into stat_years as t (category, year, org_id, kind, ${t.unsafe(COUNTER_LIST)})
           select category, year, org_id, kind, ${t.unsafe(COUNTER_LIST)} from json_populate_recordset(null::stat_years, ${rows.years as never}::json)
           order by category, year, org_id, kind
           on conflict (category, year, org_id, kind) do update set ${t.unsafe(COUNTER_ADD)}),
    sh as (insert into stat_histograms as t (measure, grain, category, period, org_id, kind, counts)
           select measure, grain, category, period, org_id, kind, counts from json_populate_recordset(null::stat_histograms, ${rows.histograms as never}::json)
           order by measure, grain, category, period, org_id, kind
           on conflict (measure, grain, category, period, org_id, kind) do update set counts = tiaojie_hist_add(t.counts, excluded.counts))`;
}

// ---------------------------------------------------------------------------------------------
// The event hash chain, exactly as src/cases/eventLog.ts computes it.

const GENESIS_HASH = '0'.repeat(64);

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function eventRow(head: { caseId: string; count: number; hash: string }, e: { action: string; actorUserId: string; actorOrgId: string | null; proceedingId: string | null; data: Record<string, unknown>; occurredAt: Date }, recordedAt: Date) {
  const seq = head.count + 1;
  const content = canonicalJson({
    caseId: head.caseId,
    seq,
    action: e.action,
    actorUserId: e.actorUserId,
    actorOrgId: e.actorOrgId,
    proceedingId: e.proceedingId,
    internal: false,
    data: e.data,
    occurredAt: e.occurredAt.toISOString(),
    recordedAt: recordedAt.toISOString(),
  });
  const hash = createHash('sha256').update(head.hash).update('\n').update(content).digest('hex');
  return {
    row: {
      case_id: head.caseId,
      seq,
      action: e.action,
      actor_user_id: e.actorUserId,
      actor_org_id: e.actorOrgId,
      proceeding_id: e.proceedingId,
      internal: false,
      data: e.data,
      occurred_at: e.occurredAt.toISOString(),
      recorded_at: recordedAt.toISOString(),
      prev_hash: head.hash,
      hash,
    },
    head: { caseId: head.caseId, count: seq, hash },
  };
}

const EVENT_COLUMNS = 'case_id, seq, action, actor_user_id, actor_org_id, proceeding_id, internal, data, occurred_at, recorded_at, prev_hash, hash';
const CLOCK_SET = 'status = x.status, due_on = x.due_on, pauses = x.pauses, paused_days = x.paused_days, extension_days = x.extension_days, extensions = x.extensions, stopped_on = x.stopped_on, calendar_years = x.calendar_years, provisional = x.provisional, explanation = x.explanation';

// ---------------------------------------------------------------------------------------------
// Reading a case: one statement, every part as JSON.

interface CaseJson {
  id: string;
  number: string;
  org_id: string;
  kind: string;
  status: string;
  outcome: string | null;
  channel: string;
  categories: string[];
  summary: string;
  incident_date: string;
  employment_ended_on: string | null;
  respondent_name: string;
  respondent_credit_code: string | null;
  respondent_contact: string | null;
  respondent_address: string | null;
  version: number;
  claimed_fen: number;
  applicant_count: number;
  last_occurred_at: Date | string;
  event_count: number;
  last_event_hash: string;
  created_at: Date | string;
  received_at: Date | string;
  closed_at: Date | string | null;
  proceedings: ProceedingJson[];
  agreement: AgreementJson | null;
  applicants: { id: string; position: number; name: string; id_number: string | null; phone: string | null; user_id: string | null }[];
  orgs: { orgId: string; regionCode: string }[];
  claims: { id: string; applicant_id: string; category: string; description: string; amount_fen: number }[];
  hearings: { proceeding_id: string; at: string; place: string }[];
  instalments: { due_on: string; amount_fen: number }[];
  payments: { id: string; amount_fen: number; paid_at: string; recorded_at: string }[];
  clocks: ClockRow[];
  calendar_version: string;
}
interface ProceedingJson {
  id: string;
  seq: number;
  kind: ProceedingKind;
  org_id: string;
  org_name: string;
  state: 'received' | 'accepted' | 'concluded' | 'declined';
  outcome: string | null;
  paused: boolean;
  extension_count: number;
  extended_days: number;
  assigned_user_id: string | null;
  referred_from_org_id: string | null;
  referral_reason: string | null;
  decline_reason: string | null;
  conclusion_reason: string | null;
  received_at: string;
  accepted_at: string | null;
  concluded_at: string | null;
}
interface AgreementJson {
  id: string;
  proceeding_id: string;
  org_id: string;
  amount_fen: number;
  terms: string;
  final: boolean | null;
  delivered_at: string | null;
  confirmed_at: string | null;
  confirmed_by_org_id: string | null;
  status: 'pending' | 'performed' | 'defaulted';
  paid_fen: number;
  recorded_at: string;
}

function readCase(q: postgres.Sql | Tx, id: string) {
  return q<CaseJson[]>`
    select c.id, c.number, c.org_id, c.kind, c.status, c.outcome, c.channel, c.categories, c.summary, c.incident_date, c.employment_ended_on,
           c.respondent_name, c.respondent_credit_code, c.respondent_contact, c.respondent_address, c.version, c.claimed_fen, c.applicant_count,
           c.last_occurred_at, c.event_count, c.last_event_hash, c.created_at, c.received_at, c.closed_at,
           (select coalesce(json_agg(p order by p.seq), '[]') from (
              select p.id, p.seq, p.kind, p.org_id, o.name as org_name, p.state, p.outcome, p.paused, p.extension_count, p.extended_days, p.assigned_user_id,
                     p.referred_from_org_id, p.referral_reason, p.decline_reason, p.conclusion_reason, p.received_at, p.accepted_at, p.concluded_at
                from proceedings p join organizations o on o.id = p.org_id where p.case_id = c.id) p) as proceedings,
           (select row_to_json(x) from (
              select a.id, a.proceeding_id, a.org_id, a.amount_fen, a.terms, a.final, a.delivered_at, a.confirmed_at, a.confirmed_by_org_id, a.status, a.paid_fen, a.recorded_at) x
             where a.id is not null) as agreement,
           (select coalesce(json_agg(x order by x.position), '[]') from (select id, position, name, id_number, phone, user_id from applicants where case_id = c.id) x) as applicants,
           (select coalesce(json_agg(json_build_object('orgId', org_id, 'regionCode', region_code)), '[]') from case_orgs where case_id = c.id) as orgs,
           (select coalesce(json_agg(x), '[]') from (select id, applicant_id, category, description, amount_fen from claims where case_id = c.id) x) as claims,
           (select coalesce(json_agg(x order by x.at), '[]') from (select proceeding_id, at, place from hearings where case_id = c.id) x) as hearings,
           (select coalesce(json_agg(x order by x.seq), '[]') from (select seq, due_on, amount_fen from instalments where agreement_id = a.id) x) as instalments,
           (select coalesce(json_agg(x order by x.paid_at), '[]') from (select id, amount_fen, paid_at, recorded_at from payments where case_id = c.id and agreement_id = a.id) x) as payments,
           (select coalesce(json_agg(k order by k."startedOn", k.id), '[]') from (select ${q.unsafe(clockFields('k'))} from clocks k where k.case_id = c.id) k) as clocks,
           ${CALENDAR_VERSION} as calendar_version
      from cases c
      left join lateral (select * from agreements where case_id = c.id order by recorded_at desc, id desc limit 1) a on true
     where c.id = ${id}`;
}

function snapshotOf(c: CaseJson): CaseSnapshot {
  return {
    status: c.status as CaseSnapshot['status'],
    proceedings: c.proceedings.map((p) => ({ kind: p.kind, orgId: p.org_id, state: p.state, outcome: p.outcome as never, paused: p.paused, extensionCount: p.extension_count })),
    agreement: c.agreement ? { orgId: c.agreement.org_id, status: c.agreement.status } : null,
    applicantUserIds: c.applicants.flatMap((a) => (a.user_id ? [a.user_id] : [])),
    handlingOrgIds: c.orgs.map((o) => o.orgId),
  };
}

/** The case detail of SPEC §7, masked for the caller, as src/cases/load.ts presentDetail. */
function presentCase(c: CaseJson, caller: Caller, now: Date, cal: WorkCalendar) {
  const today = chinaDate(now);
  const snap = snapshotOf(c);
  const last = lastProceeding(snap);
  const ended = last && (last.state === 'declined' ? 'declined' : last.outcome);
  const nextSteps =
    c.status === 'open' && ended
      ? REFERRAL_ROUTES.filter((r) => r.from === last.kind && r.after.includes(ended) && (!r.needsDefault || c.agreement?.status === 'defaulted')).map((r) => ({ kind: r.to, basis: r.basis }))
      : [];
  const personal = (userId: string | null) =>
    caller.role === 'worker' ? userId !== null && userId === caller.userId : isStaffRole(caller.role) && c.orgs.some((o) => o.orgId === caller.orgId);
  const a = c.agreement;
  return {
    id: c.id,
    number: c.number,
    kind: c.kind,
    status: c.status,
    outcome: c.outcome,
    channel: c.channel,
    orgId: c.org_id,
    categories: c.categories,
    summary: c.summary,
    incidentDate: c.incident_date,
    employmentEndedOn: c.employment_ended_on,
    applicants: c.applicants.map((ap) => {
      const whole = personal(ap.user_id);
      return {
        id: ap.id,
        name: ap.name,
        idNumber: whole ? ap.id_number : maskIdNumber(ap.id_number),
        phone: whole ? ap.phone : maskPhone(ap.phone),
        isCaller: ap.user_id !== null && ap.user_id === caller.userId,
        claims: c.claims.filter((cl) => cl.applicant_id === ap.id).map((cl) => ({ id: cl.id, category: cl.category, description: cl.description, amountFen: cl.amount_fen })),
      };
    }),
    respondent: { name: c.respondent_name, creditCode: c.respondent_credit_code, contact: c.respondent_contact, address: c.respondent_address },
    proceedings: c.proceedings.map((p) => ({
      id: p.id,
      kind: p.kind,
      orgId: p.org_id,
      orgName: p.org_name,
      state: p.state,
      outcome: p.outcome,
      paused: p.paused,
      assignedUserId: p.assigned_user_id,
      referredFromOrgId: p.referred_from_org_id,
      reason: p.decline_reason ?? p.conclusion_reason ?? p.referral_reason,
      receivedAt: iso(p.received_at),
      acceptedAt: iso(p.accepted_at),
      concludedAt: iso(p.concluded_at),
      hearings: c.hearings.filter((h) => h.proceeding_id === p.id).map((h) => ({ at: iso(h.at), place: h.place })),
    })),
    agreement: a
      ? {
          id: a.id,
          proceedingId: a.proceeding_id,
          orgId: a.org_id,
          amountFen: a.amount_fen,
          terms: a.terms,
          instalments: c.instalments.map((i) => ({ dueOn: i.due_on, amountFen: i.amount_fen })),
          paidFen: a.paid_fen,
          status: a.status,
          final: a.final,
          deliveredAt: iso(a.delivered_at),
          confirmedAt: iso(a.confirmed_at),
          confirmedByOrgId: a.confirmed_by_org_id,
          recordedAt: iso(a.recorded_at),
        }
      : null,
    payments: c.payments.map((pm) => ({ id: pm.id, amountFen: pm.amount_fen, paidAt: iso(pm.paid_at), recordedAt: iso(pm.recorded_at) })),
    claimedFen: c.claimed_fen,
    clocks: c.clocks.map((k) => presentClock(k, cal, today)),
    nextSteps,
    allowedActions: allowedActions(caller, snap),
    version: c.version,
    createdAt: iso(c.created_at),
    receivedAt: iso(c.received_at),
    closedAt: iso(c.closed_at),
  };
}

// ---------------------------------------------------------------------------------------------
// POST /cases: staff filing a walk-in case at their own organisation.

interface FileInput {
  orgId: string;
  categories: string[];
  summary: string;
  incidentDate: string;
  employmentEndedOn?: string;
  applicants: { name: string; idNumber?: string; phone?: string; claims: { category: string; description: string; amountFen: number }[] }[];
  respondent: { name: string; creditCode?: string; contact?: string; address?: string };
}

async function fileCase(caller: Caller, input: FileInput) {
  const now = new Date();
  const occurredAt = now;
  const today = chinaDate(now);
  if (caller.orgId !== input.orgId || !isStaffRole(caller.role)) throw new HttpError(400, 'the bare baseline files walk-in cases of staff at their own organisation only');
  const claimed = input.applicants.flatMap((a) => a.claims);
  const used = new Set([...input.categories, ...claimed.map((c) => c.category)]);
  const categories = CATEGORIES.filter((c) => used.has(c));
  const claimedFen = claimed.reduce((s, c) => s + c.amountFen, 0);
  const year = chinaYear(occurredAt);
  const caseId = uuidv7();
  const proceedingId = uuidv7();
  const on = chinaDate(occurredAt);

  const written = await sql.begin(async (t) => {
    // The number: the (organisation, year) counter row stays locked until commit, so numbers are gapless.
    const [org] = await t<{ name: string; kind: string; region_code: string; intake_code: string; last: number; calendar_version: string }[]>`
      with o as (select id, name, kind, region_code, intake_code from organizations where id = ${input.orgId}),
           n as (insert into case_counters (org_id, year, last) select id, ${year}, 1 from o
                 on conflict (org_id, year) do update set last = case_counters.last + 1 returning last)
      select o.name, o.kind, o.region_code, o.intake_code, n.last, ${CALENDAR_VERSION} as calendar_version from o, n`;
    if (!org) throw new HttpError(400, 'no such organisation');
    const kind = firstProceedingKind(org.kind as never);
    if (kind !== 'mediation') throw new HttpError(400, 'the bare baseline files at mediation organisations only');
    const number = `${org.intake_code}-${year}-${String(org.last).padStart(5, '0')}`;
    const cal = await calendarAt(t, org.calendar_version);

    const applicantRows = input.applicants.map((a, i) => ({ id: uuidv7(), case_id: caseId, position: i + 1, name: a.name, id_number: a.idNumber ?? null, phone: a.phone ?? null, user_id: null }));
    const claimRows = input.applicants.flatMap((a, i) =>
      a.claims.map((c) => ({ id: uuidv7(), case_id: caseId, applicant_id: applicantRows[i].id, category: c.category, description: c.description, amount_fen: c.amountFen })),
    );
    const where = { orgId: input.orgId, regionCode: org.region_code };
    const { created } = applyFacts(
      { caseId, incidentDate: input.incidentDate, employmentEndedOn: input.employmentEndedOn ?? null, categories },
      [],
      [
        { fact: 'filed', on, ...where },
        { fact: 'received', on, ...where, proceedingId, kind },
      ],
      cal,
      today,
    );
    const stats = statRows(categories, [{ orgId: input.orgId, kind, on, counters: { received: 1, claimedFen, workers: input.applicants.length } }]);
    const ev = eventRow(
      { caseId, count: 0, hash: GENESIS_HASH },
      { action: 'file', actorUserId: caller.userId, actorOrgId: caller.orgId, proceedingId, data: { number, orgId: input.orgId, kind, channel: 'walk_in', applicants: input.applicants.length, claimedFen, categories }, occurredAt },
      now,
    );
    const caseRow = {
      id: caseId,
      number,
      org_id: input.orgId,
      kind: caseKindFor(input.applicants.length),
      status: 'open',
      outcome: null,
      channel: 'walk_in',
      categories,
      summary: input.summary,
      incident_date: input.incidentDate,
      employment_ended_on: input.employmentEndedOn ?? null,
      respondent_name: input.respondent.name,
      respondent_credit_code: input.respondent.creditCode ?? null,
      respondent_contact: input.respondent.contact ?? null,
      respondent_address: input.respondent.address ?? null,
      filed_by: caller.userId,
      version: 1,
      current_org_id: input.orgId,
      current_state: 'received',
      current_kind: kind,
      claimed_fen: claimedFen,
      applicant_count: input.applicants.length,
      last_occurred_at: occurredAt.toISOString(),
      event_count: ev.head.count,
      last_event_hash: ev.head.hash,
      received_at: occurredAt.toISOString(),
      created_at: now.toISOString(),
      closed_at: null,
      representatives: [],
    };
    const proceedingRow = {
      id: proceedingId,
      case_id: caseId,
      seq: 1,
      kind,
      org_id: input.orgId,
      state: 'received',
      outcome: null,
      paused: false,
      extension_count: 0,
      extended_days: 0,
      assigned_user_id: null,
      referred_from_org_id: null,
      referral_reason: null,
      decline_reason: null,
      conclusion_reason: null,
      received_at: occurredAt.toISOString(),
      accepted_at: null,
      concluded_at: null,
      on_time: null,
    };
    // Everything else in one statement (foreign keys are checked at its end).
    await t`
      with c as (insert into cases select * from json_populate_record(null::cases, ${caseRow as never}::json)),
           ap as (insert into applicants select * from json_populate_recordset(null::applicants, ${applicantRows as never}::json)),
           cl as (insert into claims select * from json_populate_recordset(null::claims, ${claimRows as never}::json)),
           p as (insert into proceedings select * from json_populate_record(null::proceedings, ${proceedingRow as never}::json)),
           co as (insert into case_orgs (case_id, org_id, region_code) values (${caseId}, ${input.orgId}, ${org.region_code})),
           k as (insert into clocks select * from json_populate_recordset(null::clocks, ${clockRecords(created) as never}::json)),
           ${statUpserts(t, stats)},
           e as (insert into events (${t.unsafe(EVENT_COLUMNS)}) select ${t.unsafe(EVENT_COLUMNS)} from json_populate_record(null::events, ${ev.row as never}::json))
      select 1`;
    // The answer is built from the rows just written, not read back.
    const c: CaseJson = {
      ...caseRow,
      proceedings: [{ ...proceedingRow, org_name: org.name } as ProceedingJson],
      agreement: null,
      applicants: applicantRows,
      orgs: [{ orgId: input.orgId, regionCode: org.region_code }],
      claims: claimRows,
      hearings: [],
      instalments: [],
      payments: [],
      clocks: sortClocks(created),
      calendar_version: org.calendar_version,
    } as CaseJson;
    return { c, cal };
  });
  return presentCase(written.c, caller, now, written.cal);
}

/** A case's clocks in the order the detail lists them (started on, then id). */
function sortClocks(list: ClockRow[]): ClockRow[] {
  return [...list].sort((a, b) => (a.startedOn !== b.startedOn ? (a.startedOn < b.startedOn ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}


// ---------------------------------------------------------------------------------------------
// POST /cases/:id/actions: accept and settle.

interface ActionInput {
  action: string;
  version: number;
  agreement?: { amountFen: number; terms: string; instalments?: { dueOn: string; amountFen: number }[] };
}


async function act(caller: Caller, id: string, input: ActionInput) {
  if (input.action !== 'accept' && input.action !== 'settle') throw new HttpError(400, 'the bare baseline takes accept and settle only');
  const now = new Date();
  return sql.begin(async (t) => {
    // Lock the case row, then read it whole; pipelined, so one round trip, and the read runs after the lock.
    const [[locked], [c]] = await Promise.all([t`select version from cases where id = ${id} for update`, readCase(t, id)]);
    if (!locked || !c) throw new HttpError(404, 'no such case');
    const snap = snapshotOf(c);
    const refused = denial(caller, snap, input.action as 'accept');
    if (refused?.code === 'FORBIDDEN') throw new HttpError(403, refused.message);
    if (input.version !== c.version) throw new HttpError(409, `the case is at version ${c.version}`);
    if (refused) throw new HttpError(409, refused.message);

    const last = new Date(c.last_occurred_at);
    const occurredAt = new Date(Math.max(now.getTime(), last.getTime()));
    const on = chinaDate(occurredAt);
    const today = chinaDate(now);
    const cal = await calendarAt(t, c.calendar_version);
    const p = c.proceedings[c.proceedings.length - 1];
    if (!openProceeding(snap)) throw new HttpError(409, 'there is no open proceeding');
    const regionOf = (orgId: string) => c.orgs.find((o) => o.orgId === orgId)?.regionCode ?? '000000';
    const to = TRANSITIONS[input.action as 'accept' | 'settle'].to!;
    const facts: Fact[] = [];
    const deltas: StatDelta[] = [];
    const at = { orgId: p.org_id, kind: p.kind, on };
    let agreementRow: Record<string, unknown> | null = null;
    let instalmentRows: Record<string, unknown>[] = [];
    let data: Record<string, unknown>;
    let conclusion = false;

    if (input.action === 'accept') {
      const handoff = p.referred_from_org_id ? { measure: 'handoff' as const, days: dayDiff(chinaDate(new Date(p.received_at)), on) } : undefined;
      deltas.push({ ...at, counters: { accepted: 1 }, duration: handoff });
      facts.push({ fact: 'accepted', on, orgId: p.org_id, regionCode: regionOf(p.org_id), proceedingId: p.id, kind: p.kind });
      data = { kind: p.kind, orgId: p.org_id };
    } else {
      const a = input.agreement!;
      const accepted = p.accepted_at ? chinaDate(new Date(p.accepted_at)) : null;
      conclusion = true;
      deltas.push({
        ...at,
        counters: { concluded: 1, settled: (SETTLED_OUTCOMES as readonly string[]).includes(to.outcome!) ? 1 : 0, acceptedConcluded: accepted ? 1 : 0 },
        duration: accepted ? { measure: 'resolution', days: dayDiff(accepted, on) } : undefined,
      });
      const agreementId = uuidv7();
      agreementRow = {
        id: agreementId,
        case_id: id,
        proceeding_id: p.id,
        org_id: p.org_id,
        amount_fen: a.amountFen,
        terms: a.terms,
        final: null,
        delivered_at: null,
        confirmed_at: null,
        confirmed_by_org_id: null,
        status: a.amountFen === 0 ? 'performed' : 'pending',
        paid_fen: 0,
        signatures: [],
        default_reason: null,
        defaulted_at: null,
        recorded_at: occurredAt.toISOString(),
      };
      instalmentRows = (a.instalments ?? []).map((i, n) => ({ agreement_id: agreementId, seq: n + 1, due_on: i.dueOn, amount_fen: i.amountFen }));
      deltas.push({ ...at, counters: { agreedFen: a.amountFen } });
      facts.push({ fact: 'concluded', on, orgId: p.org_id, regionCode: regionOf(p.org_id), proceedingId: p.id, kind: p.kind, outcome: 'settled' });
      facts.push({ fact: 'agreement', on, orgId: p.org_id, regionCode: regionOf(p.org_id), agreementId, instalments: a.instalments ?? [] });
      data = { agreementId, agreement: { amountFen: a.amountFen, terms: a.terms, instalments: a.instalments ?? [] } };
    }

    const open = c.clocks.filter((k) => k.status === 'running' || k.status === 'paused');
    const { created, changed } = applyFacts(
      { caseId: id, incidentDate: c.incident_date, employmentEndedOn: c.employment_ended_on, categories: c.categories },
      open,
      facts,
      cal,
      today,
    );
    // On time: none of the proceeding's statutory clocks breached, once the facts have stopped them.
    let onTime: boolean | null = null;
    if (conclusion) {
      const after = new Map(c.clocks.map((k) => [k.id, k]));
      for (const k of [...changed, ...created]) after.set(k.id, k);
      onTime = ![...after.values()].some((k) => k.proceedingId === p.id && k.status === 'breached' && (STATUTORY_PROCEEDING_CLOCKS as readonly string[]).includes(k.kind));
      if (onTime) deltas[0].counters.onTime = 1;
    }
    const stats = statRows(c.categories, deltas);
    const ev = eventRow(
      { caseId: id, count: c.event_count, hash: c.last_event_hash },
      { action: input.action, actorUserId: caller.userId, actorOrgId: caller.orgId, proceedingId: p.id, data, occurredAt },
      now,
    );
    const proceedingPatch =
      to.state === 'accepted'
        ? { id: p.id, state: to.state, outcome: null, accepted_at: occurredAt.toISOString(), concluded_at: p.concluded_at, paused: p.paused, conclusion_reason: p.conclusion_reason, on_time: null }
        : { id: p.id, state: to.state, outcome: to.outcome ?? null, accepted_at: p.accepted_at, concluded_at: occurredAt.toISOString(), paused: false, conclusion_reason: null, on_time: onTime };

    // The whole action in one statement.
    await t`
        with p as (update proceedings set state = x.state, outcome = x.outcome, accepted_at = x.accepted_at, concluded_at = x.concluded_at,
                          paused = x.paused, conclusion_reason = x.conclusion_reason, on_time = x.on_time
                     from json_populate_record(null::proceedings, ${proceedingPatch as never}::json) x where proceedings.id = x.id),
             ag as (insert into agreements select * from json_populate_recordset(null::agreements, ${(agreementRow ? [agreementRow] : []) as never}::json)),
             i as (insert into instalments select * from json_populate_recordset(null::instalments, ${instalmentRows as never}::json)),
             ku as (update clocks set ${t.unsafe(CLOCK_SET)} from json_populate_recordset(null::clocks, ${clockRecords(changed) as never}::json) x where clocks.id = x.id),
             k as (insert into clocks select * from json_populate_recordset(null::clocks, ${clockRecords(created) as never}::json)),
             ${statUpserts(t, stats)},
             e as (insert into events (${t.unsafe(EVENT_COLUMNS)}) select ${t.unsafe(EVENT_COLUMNS)} from json_populate_record(null::events, ${ev.row as never}::json))
        update cases set version = ${c.version + 1}, last_occurred_at = ${occurredAt}, event_count = ${ev.head.count}, last_event_hash = ${ev.head.hash},
                         current_org_id = ${p.org_id}, current_state = ${to.state}, current_kind = ${p.kind}
         where id = ${id}`;
    // The answer: the case as read under the lock, with what this action wrote.
    const clocks = new Map(c.clocks.map((k) => [k.id, k]));
    for (const k of [...changed, ...created]) clocks.set(k.id, k);
    const after: CaseJson = {
      ...c,
      version: c.version + 1,
      last_occurred_at: occurredAt,
      event_count: ev.head.count,
      last_event_hash: ev.head.hash,
      proceedings: c.proceedings.map((x) => (x.id === p.id ? { ...x, ...proceedingPatch, state: to.state } : x)),
      ...(agreementRow ? { agreement: agreementRow as unknown as AgreementJson, instalments: instalmentRows as CaseJson['instalments'], payments: [] } : {}),
      clocks: sortClocks([...clocks.values()]),
    };
    return presentCase(after, caller, now, cal);
  });
}

// ---------------------------------------------------------------------------------------------
// GET /cases: a staff member's organisation, newest first, keyset on the id.

async function listCases(caller: Caller, q: Record<string, string | undefined>) {
  const limit = Number(q.limit ?? 20);
  // The list item's fields named in the select list; only its instants need converting.
  const rows = await sql<(Record<string, unknown> & Record<'id' | 'receivedAt' | 'currentReceivedAt' | 'createdAt' | 'closedAt', string>)[]>`
    select id, number, kind, status, outcome, channel, categories, summary, respondent_name as "respondentName", current_org_id as "currentOrgId",
           current_kind as "currentKind", current_state as state, applicant_count as "applicantCount", claimed_fen as "claimedFen", version,
           received_at as "receivedAt", (select p.received_at from proceedings p where p.case_id = cases.id order by p.seq desc limit 1) as "currentReceivedAt",
           created_at as "createdAt", closed_at as "closedAt"
      from cases
     where id in (select case_id from case_orgs where org_id = ${caller.orgId}${q.cursor ? sql` and case_id < ${q.cursor}` : sql``})
       ${q.status ? sql`and status = ${q.status}` : sql``}
       ${q.cursor ? sql`and id < ${q.cursor}` : sql``}
     order by id desc limit ${limit + 1}`;
  const page = rows.slice(0, limit);
  return {
    items: page.map((c) => ({ ...c, receivedAt: iso(c.receivedAt), currentReceivedAt: iso(c.currentReceivedAt), createdAt: iso(c.createdAt), closedAt: iso(c.closedAt) })),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
  };
}

// ---------------------------------------------------------------------------------------------
// GET /deadlines: open clocks of the caller's organisation, soonest first.

async function deadlines(caller: Caller, q: Record<string, string | undefined>) {
  const limit = Number(q.limit ?? 50);
  const now = new Date();
  const today = chinaDate(now);
  let cursor = sql``;
  if (q.cursor) {
    const [dueOn, cid] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
    cursor = sql`and (k.due_on, k.id) > (${dueOn}::date, ${cid}::uuid)`;
  }
  const rows = await sql<(ClockRow & { number: string; summary: string; respondent_name: string; calendar_version: string })[]>`
    select ${sql.unsafe(clockFields('k'))}, c.number, c.summary, c.respondent_name, ${CALENDAR_VERSION} as calendar_version
      from clocks k join cases c on c.id = k.case_id
     where k.status in ('running', 'paused') and k.org_id = ${caller.orgId} ${cursor}
     order by k.due_on, k.id limit ${limit + 1}`;
  const calendar = rows.length ? await calendarAt(sql, rows[0].calendar_version) : null;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ ...presentClock(r, calendar!, today), caseId: r.caseId, caseNumber: r.number, caseSummary: r.summary, respondentName: r.respondent_name, orgId: r.orgId })),
    nextCursor: rows.length > limit && last ? Buffer.from(`${last.dueOn}|${last.id}`).toString('base64url') : null,
  };
}

// ---------------------------------------------------------------------------------------------
// GET /stats/closure: whole months of a supervisor's region, grouped by organisation.

const firstOfYear = (d: string) => `${d.slice(0, 4)}-01-01`;
const nextYear = (d: string) => `${Number(d.slice(0, 4)) + 1}-01-01`;
const nextMonth = (d: string) => {
  const [y, m] = d.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};
const addDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

type Range = { grain: 'month' | 'year'; from: string; to: string };

/** Whole months [from, to) as whole years from stat_years and the months around them (the app's split). */
function periodRanges(from: string, to: string): Range[] {
  const yearFrom = from === firstOfYear(from) ? from : nextYear(from);
  const yearTo = firstOfYear(to);
  if (yearFrom >= yearTo) return [{ grain: 'month', from, to }];
  const ranges: Range[] = [{ grain: 'year', from: yearFrom, to: yearTo }];
  if (from < yearFrom) ranges.push({ grain: 'month', from, to: yearFrom });
  if (yearTo < to) ranges.push({ grain: 'month', from: yearTo, to });
  return ranges;
}

const COUNTER_SUMS = STAT_COUNTERS.map((c) => `sum(r.${COUNTER_COLUMNS[c]})::float8 as "${c}"`).join(', ');

function counterRowsSql(ranges: Range[], params: unknown[]): string {
  return ranges
    .map(({ grain, from, to }) => {
      params.push(from, to);
      const table = grain === 'year' ? 'stat_years' : 'stat_months';
      const col = grain === 'year' ? 'year' : 'month';
      return `select ${col} as period, org_id, kind, category, ${COUNTER_LIST} from ${table} where category = '*' and ${col} >= $${params.length - 1}::date and ${col} < $${params.length}::date`;
    })
    .join(' union all ');
}


async function closure(caller: Caller, q: Record<string, string | undefined>) {
  const from = q.from!;
  const to = q.to!;
  if ((q.groupBy ?? 'org') !== 'org' || caller.role !== 'supervisor') throw new HttpError(400, 'the bare baseline groups by organisation for supervisors only');
  if (from.slice(8) !== '01' || addDay(to).slice(8) !== '01') throw new HttpError(400, 'the bare baseline counts whole months only');
  const prefix = q.regionCode ?? caller.regionCode ?? '';
  const lo = prefix.padEnd(6, '0');
  const hi = prefix.padEnd(6, '9');
  const ranges = periodRanges(from, nextMonth(`${to.slice(0, 7)}-01`));
  const params: unknown[] = [lo, hi];
  const counters = counterRowsSql(ranges, params);
  const histPeriods = ranges
    .map(({ grain, from: f, to: t }) => {
      params.push(grain, f, t);
      return `(h.grain = $${params.length - 2} and h.period >= $${params.length - 1}::date and h.period < $${params.length}::date)`;
    })
    .join(' or ');
  const opening = counterRowsSql(
    [
      { grain: 'year', from: '0001-01-01', to: firstOfYear(from) },
      { grain: 'month', from: firstOfYear(from), to: from },
    ],
    params,
  );
  // The counters, the day histograms and what was open at `from`, with the organisations' names, in one statement.
  const [row] = await sql.unsafe<{ counters: Record<string, number | string>[]; hist: { key: string; measure: string; counts: number[] }[]; open: { key: string; open: number }[]; names: Record<string, string> | null }[]>(
    `with c as (select o.id::text as key, ${COUNTER_SUMS} from (${counters}) r join organizations o on o.id = r.org_id
                 where o.region_code between $1 and $2 group by 1),
          h as (select o.id::text as key, h.measure, h.counts from stat_histograms h join organizations o on o.id = h.org_id
                 where h.category = '*' and (${histPeriods}) and o.region_code between $1 and $2),
          op as (select o.id::text as key, sum(r.accepted - r.accepted_concluded)::float8 as open from (${opening}) r join organizations o on o.id = r.org_id
                 where o.region_code between $1 and $2 group by 1)
     select (select coalesce(json_agg(c), '[]') from c) as counters,
            (select coalesce(json_agg(h), '[]') from h) as hist,
            (select coalesce(json_agg(op), '[]') from op) as open,
            (select json_object_agg(id, name) from organizations
              where id in (select key::uuid from c union select key::uuid from h union select key::uuid from op where open <> 0)) as names`,
    params as never[],
    { prepare: true },
  );
  const buckets = new Map<string, Bucket>();
  const get = (k: string) => {
    let b = buckets.get(k);
    if (!b) buckets.set(k, (b = bucket()));
    return b;
  };
  for (const r of row.counters) {
    const b = get(String(r.key));
    for (const c of STAT_COUNTERS) if (r[c] != null) b.counters[c] += Number(r[c]);
  }
  for (const h of row.hist) {
    const b = get(h.key);
    const hist = h.measure === 'resolution' ? b.resolution : b.handoff;
    for (let d = 0; d < h.counts.length; d++) if (h.counts[d]) hist.set(d, (hist.get(d) ?? 0) + h.counts[d]);
  }
  for (const o of row.open) {
    if (Number(o.open) === 0) continue;
    get(o.key).carriedOver = Number(o.open);
  }

  const total = bucket();
  for (const b of buckets.values()) {
    for (const c of STAT_COUNTERS) total.counters[c] += b.counters[c];
    for (const [d, n] of b.resolution) total.resolution.set(d, (total.resolution.get(d) ?? 0) + n);
    for (const [d, n] of b.handoff) total.handoff.set(d, (total.handoff.get(d) ?? 0) + n);
    total.carriedOver += b.carriedOver;
  }
  const names = row.names ?? {};
  const keys = [...buckets.keys()].sort();
  return { from, to, groupBy: 'org', rows: keys.map((k) => statRow(k, names[k] ?? k, buckets.get(k)!)), totals: statRow('*', '合计', total) };
}

// ---------------------------------------------------------------------------------------------

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.setErrorHandler((err: Error & { statusCode?: number }, _request, reply) => {
  const status = err instanceof HttpError ? err.statusCode : 500;
  if (status === 500) console.error(err);
  reply.status(status).send({ error: { code: status === 500 ? 'INTERNAL' : 'REFUSED', message: err.message } });
});
app.get('/healthz', async () => ({ status: 'ok' }));
app.post('/cases', async (request, reply) => {
  reply.status(201);
  return fileCase(callerOf(request), request.body as FileInput);
});
app.get('/cases', async (request) => listCases(callerOf(request), request.query as Record<string, string>));
app.get('/cases/:id', async (request) => {
  const [c] = await readCase(sql, (request.params as { id: string }).id);
  if (!c) throw new HttpError(404, 'no such case');
  return presentCase(c, callerOf(request), new Date(), await calendarAt(sql, c.calendar_version));
});
app.post('/cases/:id/actions', async (request) => act(callerOf(request), (request.params as { id: string }).id, request.body as ActionInput));
app.get('/deadlines', async (request) => deadlines(callerOf(request), request.query as Record<string, string>));
app.get('/stats/closure', async (request) => closure(callerOf(request), request.query as Record<string, string>));

await app.listen({ port: Number(process.env.PORT ?? 3100), host: '127.0.0.1' });
// Started by run.ts: end with it, even when it is killed outright (it is then no longer our parent).
const parent = process.ppid;
setInterval(() => process.ppid !== parent && process.exit(0), 1000).unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    app
      .close()
      .then(() => sql.end({ timeout: 5 }))
      .finally(() => process.exit(0));
  });
}
