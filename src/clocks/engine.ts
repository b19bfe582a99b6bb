/**
 * Starts, stops, pauses, extends and recomputes a case's clocks from the facts its actions
 * produce, following CLOCK_LIFECYCLE and CLOCK_RULES (src/domain/clockRules.ts), and presents
 * them. Pure, but for loadCalendar.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from '../db/client.js';
import { calendarYears, clocks } from '../db/schema/index.js';
import { computeDue, legalDateZh, WorkCalendar, type Pause, type YearCalendar } from '../domain/calendar.js';
import {
  CLOCK_LIFECYCLE,
  CLOCK_RULES,
  DUE_SOON_WORKING_DAYS,
  type ClockFact,
  type ClockKind,
  type ClockTrigger,
} from '../domain/clockRules.js';
import type { Category, ProceedingKind, ProceedingOutcome } from '../domain/model.js';

export type ClockRow = typeof clocks.$inferSelect;

export type Fact =
  | {
      fact: ClockFact;
      on: string;
      orgId: string;
      regionCode: string;
      proceedingId?: string;
      kind?: ProceedingKind;
      outcome?: ProceedingOutcome;
      viaReferral?: boolean;
      finalAward?: boolean;
      deliveredOn?: string;
      agreementId?: string;
      instalments?: { dueOn: string; amountFen: number }[];
    }
  | { fact: 'paused' | 'resumed'; on: string; proceedingId: string }
  | { fact: 'extended'; on: string; proceedingId: string; kind: ProceedingKind; days: number }
  | { fact: 'payment'; on: string; agreementId: string; paidFen: number; instalments: { dueOn: string; amountFen: number }[] };

/** The calendar as loaded in the database; years it lacks fall back to the package's official data. */
export async function loadCalendar(q: Queryable): Promise<WorkCalendar> {
  return calendarFromRows(await q.select().from(calendarYears));
}

export function calendarFromRows(
  rows: (Pick<typeof calendarYears.$inferSelect, 'year' | 'holidays' | 'makeupWorkdays' | 'source'> & { dayNames?: Record<string, string> })[],
): WorkCalendar {
  // A stored year is an announced calendar, whether the package's or an administrator's entry of
  // the notice: its clocks are not provisional. (The column `official` says only where it came from.)
  const byYear = new Map<number, YearCalendar>(
    rows.map((r) => [r.year, { year: r.year, holidays: r.holidays, makeupWorkdays: r.makeupWorkdays, official: true, source: r.source, holidayNames: r.dayNames }]),
  );
  return new WorkCalendar((y) => byYear.get(y));
}

/**
 * 劳动争议调解仲裁法 art. 27: the limitation period runs from when the worker knew of the
 * infringement; for wages, from the end of employment, and not at all while employment lasts
 * (para. 4). null: no limitation clock.
 */
export function limitationStart(c: { incidentDate: string; employmentEndedOn: string | null; categories: readonly Category[] }): string | null {
  const wages = c.categories.includes('wages');
  if (wages && c.employmentEndedOn) return c.employmentEndedOn;
  if (wages && c.categories.length === 1) return null;
  return c.incidentDate;
}

/** The first instalment the payments so far do not cover. */
function nextInstalment(instalments: { dueOn: string; amountFen: number }[], paidFen: number) {
  let covered = 0;
  for (const [i, inst] of instalments.entries()) {
    covered += inst.amountFen;
    if (covered > paidFen) return { index: i + 1, ...inst };
  }
  return null;
}

function triggerMatches(t: ClockTrigger, f: Extract<Fact, { orgId: string }>): boolean {
  if (t.fact !== f.fact) return false;
  if (t.kinds && (!f.kind || !t.kinds.includes(f.kind))) return false;
  if (t.outcomes && (!f.outcome || !t.outcomes.includes(f.outcome))) return false;
  if (t.finalAward && !f.finalAward) return false;
  if (t.viaReferral && !f.viaReferral) return false;
  if (t.delivered && !f.deliveredOn) return false;
  return true;
}

function inScope(clock: ClockRow, f: { proceedingId?: string; agreementId?: string }): boolean {
  const scope = CLOCK_LIFECYCLE[clock.kind].scope;
  if (scope === 'proceeding') return clock.proceedingId === f.proceedingId;
  if (scope === 'agreement') return clock.agreementId === f.agreementId;
  return true;
}

/** Recomputes a clock's due date from its start, pauses and extensions (SPEC §5). */
export function recompute(clock: ClockRow, cal: WorkCalendar, today: string): ClockRow {
  if (clock.unit === 'instalments') return clock;
  const r = computeDue(
    {
      startedOn: clock.startedOn,
      unit: clock.unit as 'calendar' | 'working' | 'year',
      length: clock.length,
      extensionDays: clock.extensionDays,
      pauses: clock.pauses as Pause[],
      asOf: today,
    },
    cal,
  );
  return { ...clock, dueOn: r.dueOn, pausedDays: r.pausedDays, calendarYears: r.calendarYears, provisional: r.provisional, explanation: r.explanation };
}

function stop(clock: ClockRow, on: string): ClockRow {
  const pauses = (clock.pauses as Pause[]).map((p) => (p.to === null ? { ...p, to: on } : p));
  return { ...clock, pauses, status: on <= clock.dueOn ? 'met' : 'breached', stoppedOn: on };
}

export interface CaseFacts {
  caseId: string;
  incidentDate: string;
  employmentEndedOn: string | null;
  categories: readonly Category[];
}

/**
 * The case's clocks after `facts`, applied in order: pure, the caller writes what changed (the
 * repository compares the lists). A filing produces `filed` (which starts the limitation period)
 * and then `received` (which interrupts it, art. 27 para. 2), so the worker's clock records
 * whether they came in time. The answer is in the detail's order (started on, then id); a clock
 * that changed is a new object, one that did not is the same object as before.
 */
export function advanceClocks(clocks: readonly ClockRow[], c: CaseFacts, facts: readonly Fact[], cal: WorkCalendar, at: { today: string; now: Date }): ClockRow[] {
  const { today } = at;
  const current = new Map(clocks.map((k) => [k.id, k]));
  const put = (k: ClockRow) => current.set(k.id, k);

  for (const f of facts) {
    const live = [...current.values()].filter((k) => k.status === 'running' || k.status === 'paused');
    switch (f.fact) {
      case 'paused':
        for (const k of live.filter((x) => x.proceedingId === f.proceedingId && x.status === 'running')) {
          put({ ...k, status: 'paused', pauses: [...(k.pauses as Pause[]), { from: f.on, to: null }] });
        }
        continue;
      case 'resumed':
        for (const k of live.filter((x) => x.proceedingId === f.proceedingId && x.status === 'paused')) {
          const pauses = (k.pauses as Pause[]).map((p) => (p.to === null ? { ...p, to: f.on } : p));
          put(recompute({ ...k, status: 'running', pauses }, cal, today));
        }
        continue;
      case 'extended':
        for (const k of live.filter((x) => x.proceedingId === f.proceedingId && CLOCK_LIFECYCLE[x.kind].extendedBy === f.kind)) {
          put(recompute({ ...k, extensionDays: k.extensionDays + f.days, extensions: k.extensions + 1 }, cal, today));
        }
        continue;
      case 'payment':
        for (const k of live.filter((x) => x.kind === 'performance' && x.agreementId === f.agreementId)) {
          const next = nextInstalment(f.instalments, f.paidFen);
          if (next) put({ ...k, dueOn: next.dueOn, explanation: performanceExplanation(next) });
        }
        continue;
    }

    // Stops first, so a fact that both ends and begins a period (filing) leaves the right state.
    for (const k of live) {
      const life = CLOCK_LIFECYCLE[k.kind];
      if (f.fact === 'closed' || (life.stop.some((t) => triggerMatches(t, f)) && inScope(k, f))) put(stop(k, f.on));
    }
    for (const kind of Object.keys(CLOCK_LIFECYCLE) as ClockKind[]) {
      const trigger = CLOCK_LIFECYCLE[kind].start.find((t) => triggerMatches(t, f));
      const k = trigger && startClock(kind, c, f, trigger, cal, at);
      if (k) put(k);
    }
  }
  return [...current.values()].sort((a, b) => (a.startedOn < b.startedOn ? -1 : a.startedOn > b.startedOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** An amount in fen as a Chinese reader writes it: 123450 → ¥1,234.50. */
export function yuanZh(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an amount in fen: ${fen}`);
  const abs = Math.abs(fen);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export function performanceExplanation(next: { index: number; dueOn: string; amountFen: number }): string[] {
  return [`按协议，第${next.index}期应于${legalDateZh(next.dueOn)}前支付${yuanZh(next.amountFen)}`];
}

function startClock(
  kind: ClockKind,
  c: CaseFacts,
  f: Extract<Fact, { orgId: string }>,
  trigger: ClockTrigger,
  cal: WorkCalendar,
  at: { today: string; now: Date },
): ClockRow | null {
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
    createdAt: at.now,
  };
  if (rule.unit === 'instalments') {
    const next = f.instalments?.length ? nextInstalment(f.instalments, 0) : null;
    if (!next) return null;
    return { ...base, startedOn: f.on, dueOn: next.dueOn, calendarYears: [], provisional: false, explanation: performanceExplanation(next) };
  }
  let startedOn = f.on;
  if (life.from === 'delivered') startedOn = f.deliveredOn ?? f.on;
  if (life.from === 'limitation' && trigger.fact === 'filed') {
    const s = limitationStart(c);
    if (!s) return null;
    startedOn = s;
  }
  const draft: ClockRow = { ...base, startedOn, dueOn: startedOn, calendarYears: [], provisional: false, explanation: [] };
  return recompute(draft, cal, at.today);
}

/** What a client sees of a clock (SPEC §5), as of `today`. */
export function presentClock(k: ClockRow, cal: WorkCalendar, today: string) {
  const current = k.status === 'paused' ? recompute(k, cal, today) : k;
  const rule = CLOCK_RULES[k.kind];
  const overdue = current.status === 'running' && current.dueOn < today;
  return {
    id: k.id,
    kind: k.kind,
    label: rule.label,
    proceedingId: k.proceedingId,
    startedOn: k.startedOn,
    dueOn: current.dueOn,
    unit: k.unit,
    length: k.length,
    status: overdue ? 'breached' : current.status,
    dueSoon: current.status === 'running' && !overdue && current.dueOn <= cal.dueSoonLimit(today, DUE_SOON_WORKING_DAYS),
    pausedDays: current.pausedDays,
    extensions: k.extensions,
    extensionDays: k.extensionDays,
    stoppedOn: k.stoppedOn,
    rule: { id: rule.id, basis: rule.basis },
    calendarYears: current.calendarYears,
    provisional: current.provisional,
    explanation: current.explanation,
  };
}
