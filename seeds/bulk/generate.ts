/**
 * The bulk generator: fills a database with realistic cases for benchmarks, set-based in SQL
 * (INSERT ... SELECT over generate_series), batch by batch, each batch one transaction.
 *
 * Shape of a batch: staging tables (_bulk_*) are built from the case numbers of the batch, one
 * step at a time — cases, parties, the planned chain of proceedings (from a template), what of it
 * has happened by "now", agreements, payments, clocks, closing, and finally the events with
 * their hash chain — and then copied into the app's tables in foreign-key order.
 *
 * Invariants kept (the app relies on them): numbers gapless per (organisation, year) and
 * case_counters at the last one; at most one open proceeding, the newest; dates in order and
 * never after "now"; the case row's denormalised columns (current_*, version, event_count,
 * last_event_hash, last_occurred_at, claimed_fen, kind) agree with its rows; agreements' paid
 * amount and status agree with their payments; every open proceeding has its statutory clocks,
 * with due dates computed by the app's own calendar code; event hashes are exactly what
 * src/cases/eventLog.ts computes, so /cases/:id/verify reports intact.
 *
 * Randomness is a seeded hash of row numbers, so a seed (and a "now") fixes the data, on
 * PostgreSQL and PGlite alike. Checks, unique indexes and NOT NULL are enforced as the rows go
 * in; foreign keys are checked set-based per batch (see foreignKeyChecks).
 */
import { sql } from 'drizzle-orm';
import type { DbHandle, Queryable } from '../../src/db/client.js';
import { queryRows } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { loadCalendar } from '../../src/clocks/engine.js';
import { addCalendarDays, addYears, computeDue } from '../../src/domain/calendar.js';
import { CLOCK_RULES, EXTENSION_LIMITS, type ClockKind } from '../../src/domain/clockRules.js';
import { CATEGORIES } from '../../src/domain/model.js';
import { chinaDate, chinaMidnight } from '../../src/domain/time.js';
import { hmacPads, partyHashSql, type SearchKey } from '../../src/cases/searchHash.js';
import { rebuildStatistics } from '../../src/stats/rebuild.js';
import {
  CATEGORY_TEXT,
  DECLINE_REASONS,
  DEFAULT_REASONS,
  EXTEND_REASON,
  FAIL_REASONS,
  GIVEN,
  JOBS,
  PAUSE_REASONS,
  REFUSE_REASONS,
  SURNAMES,
  WITHDRAW_REASONS,
} from './catalog.js';
import { arr, chinaAt, iso, js, jsn, kit, legal, lit, type Kit } from './sqlkit.js';
import { checkTemplates, MAX_STEPS, PRODUCING, referralBasis, TEMPLATES } from './templates.js';
import { buildWorld, type World } from './world.js';

export interface BulkOptions {
  /** How many cases to add. */
  cases: number;
  /** Same seed (and same `now`) ⇒ same data. */
  seed?: number;
  /** Truncate the case data (cases and everything hanging off them, rollups) first. */
  reset?: boolean;
  /** Cases per batch (each batch is one transaction). */
  batchSize?: number;
  /** "Now": nothing happens after it. Defaults to the start of today's China date. */
  now?: Date;
  /** A precomputed password hash for every bulk account (tests pass a cheap one). */
  passwordHash: string;
  log?: (line: string) => void;
  /** Log the time of every statement (for tuning). */
  traceSteps?: boolean;
  /**
   * The key of the search's hashes of phones and ID numbers (src/cases/searchHash.ts), as the
   * server will have it; without it the cases wait for the server's start-up backfill.
   */
  searchKey?: SearchKey;
  /**
   * Tables left empty: only `events` and `clocks`, for a statistics benchmark at a size whose
   * event log and clocks would not fit on the disk (no statistics query reads them). Such a
   * database is for `npm run bench:stats` only: its cases' hash chains have no events behind them.
   */
  omit?: ('events' | 'clocks')[];
}

export interface BulkReport {
  phases: { phase: string; ms: number }[];
  totalMs: number;
  counts: Record<string, number>;
}

/** Mobile prefixes for bulk workers' phones, none of which the demo or tests use. */
const WORKER_PREFIXES = ['145', '147', '162', '165', '167', '170', '171', '172', '175', '176', '190', '192', '193', '195', '196', '197'];
const OTHER_PREFIXES = ['133', '135', '136', '137', '138', '150', '151', '152', '157', '158', '159', '177', '180', '182', '185', '186', '187', '188', '189', '199'];

const TAG = { case: 1, proceeding: 2, applicant: 3, claim: 4, agreement: 5, payment: 6, clock: 7, worker: 8 } as const;
/** The clock kinds written through the due-date table (performance clocks are written apart). */
const DUE_TABLE_CLOCKS: ClockKind[] = ['mediation', 'arbitration_acceptance', 'arbitration_award', 'confirmation_review', 'referral_ack', 'limitation', 'confirmation_window', 'appeal_window', 'vacate_window'];
const STATUTORY = ['mediation', 'arbitration_acceptance', 'arbitration_award', 'confirmation_review'];
const ARBITRATION_EXTENSION = EXTENSION_LIMITS.arbitration!.maxDays!;

const CASE_TABLES = [
  'reminders',
  'notices',
  // SPEC §10: what the parties were told and texted, the employer's representatives, services.
  'notifications',
  'sms_messages',
  'services',
  'case_respondents',
  'clocks',
  'events',
  'payments',
  'instalments',
  'agreements',
  'hearings',
  'claims',
  'case_search',
  'case_search_keys',
  'case_duplicates',
  'case_documents',
  'case_files',
  'applicants',
  'case_orgs',
  'proceedings',
  'case_counters',
  'cases',
  'stat_months',
  'stat_years',
  'stat_histograms',
];
const STAGING = ['_bulk_c0', '_bulk_c1', '_bulk_c', '_bulk_a', '_bulk_cl', '_bulk_sum', '_bulk_p', '_bulk_pr', '_bulk_k', '_bulk_k2', '_bulk_k3', '_bulk_ot', '_bulk_ag', '_bulk_in', '_bulk_inj', '_bulk_pp', '_bulk_pay', '_bulk_agf', '_bulk_sig', '_bulk_close', '_bulk_e', '_bulk_e2', '_bulk_h', '_bulk_head', '_bulk_refs'];
const HELPERS = ['_bulk_county', '_bulk_county_pick', '_bulk_org', '_bulk_kindcount', '_bulk_staff', '_bulk_emp', '_bulk_day', '_bulk_due', '_bulk_tpl', '_bulk_tpl_pick'];

const run = (q: Queryable, text: string) => q.execute(sql.raw(text));

class Timer {
  readonly phases = new Map<string, number>();
  private readonly started = Date.now();
  async time<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      this.phases.set(phase, (this.phases.get(phase) ?? 0) + Date.now() - t0);
    }
  }
  total() {
    return Date.now() - this.started;
  }
  report(): { phase: string; ms: number }[] {
    return [...this.phases].map(([phase, ms]) => ({ phase, ms }));
  }
}

export async function generateBulk(handle: DbHandle, opts: BulkOptions): Promise<BulkReport> {
  checkTemplates();
  const log = opts.log ?? (() => {});
  const timer = new Timer();
  const seed = (opts.seed ?? 1) | 0;
  const now = opts.now ?? chinaMidnight(chinaDate(new Date()));
  const pglite = handle.driver === 'pglite';
  const batchSize = opts.batchSize ?? (pglite ? 50_000 : 250_000);
  const db = handle.db;

  await timer.time('migrate', () => runMigrations(handle));
  if (opts.reset) await timer.time('reset', () => reset(db));

  const world = buildWorld();
  await timer.time('organisations', () => insertWorld(db, world, opts.passwordHash));

  const [{ n: existing }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from cases`);
  const g0 = Number(existing);
  const k = kit(seed);
  const fk = await foreignKeyChecks(db);
  const ctx: BatchContext = {
    k,
    nowSql: `${lit(now.toISOString())}::timestamptz`,
    g0,
    passwordHash: opts.passwordHash,
    pglite,
    countyCodes: world.counties.map((c) => c.code),
    fk,
    omit: new Set(opts.omit ?? []),
    hashed: Boolean(opts.searchKey),
  };
  await timer.time('helpers', async () => {
    await createHelpers(db, world, opts.cases, now);
    if (opts.searchKey) await storeKeyPads(db, opts.searchKey);
  });

  for (let lo = 0; lo < opts.cases; lo += batchSize) {
    const hi = Math.min(opts.cases, lo + batchSize);
    const t0 = Date.now();
    await db.transaction(async (tx) => {
      if (!pglite) {
        await run(tx, `set local synchronous_commit = off`);
        await run(tx, `set local work_mem = '256MB'`);
        await run(tx, `set local jit = off`);
      } else {
        await run(tx, `set local work_mem = '64MB'`);
      }
      for (const step of batchSteps(ctx, lo, hi)) {
        const t1 = Date.now();
        await timer.time(step.phase, () => run(tx, step.sql));
        if (opts.traceSteps) log(`  ${((Date.now() - t1) / 1000).toFixed(2).padStart(7)} s  ${step.sql.replace(/\s+/g, ' ').slice(0, 90)}`);
      }
    });
    log(`batch ${lo}–${hi - 1}: ${((Date.now() - t0) / 1000).toFixed(1)} s (total ${(timer.total() / 1000).toFixed(1)} s)`);
  }

  await timer.time('statistics', () => rebuildStatistics(db));
  await timer.time('cleanup', async () => {
    for (const t of [...STAGING, ...HELPERS, '_bulk_key']) await run(db, `drop table if exists ${t}`);
  });
  // Benchmarks should meet the tables as autovacuum would leave them (visibility map, hint bits,
  // statistics), not trip over that work themselves.
  await timer.time('vacuum analyze', () => run(db, pglite ? 'analyze' : 'vacuum analyze'));

  const counts: Record<string, number> = {};
  // The parties' tables stay empty: the bulk data invites no employer and texts nobody.
  for (const t of ['organizations', 'users', ...CASE_TABLES.filter((t) => !['reminders', 'notifications', 'sms_messages', 'services', 'case_respondents'].includes(t)).reverse()]) {
    const [{ n }] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::bigint as n from ${t}`));
    counts[t] = Number(n);
  }
  return { phases: timer.report(), totalMs: timer.total(), counts };
}

// ---------------------------------------------------------------------------------------------
// Reset and the fixed world

async function reset(db: DbHandle['db']) {
  await db.transaction(async (tx) => {
    // The events table refuses TRUNCATE by trigger (append-only); a reset of benchmark data is
    // the one place that may remove it, with triggers off for this transaction only.
    await run(tx, `set local session_replication_role = replica`);
    await run(tx, `truncate ${CASE_TABLES.join(', ')}`);
    // Workers the generator registered (its phone prefixes); their cases are gone.
    await run(tx, `delete from users where role = 'worker' and left(username, 3) in (${WORKER_PREFIXES.map(lit).join(',')}) and username ~ '^1[3-9][0-9]{9}$'`);
  });
}

async function insertWorld(db: DbHandle['db'], world: World, passwordHash: string) {
  // Intake codes must be unique; one held by an organisation outside the bulk set is replaced.
  const ids = world.orgs.map((o) => o.id);
  const taken = await queryRows<{ intake_code: string }>(
    db,
    sql`select intake_code from organizations where not (id = any(${sql.raw(`array[${ids.map(lit).join(',')}]::uuid[]`)}))`,
  );
  const used = new Set(taken.map((r) => r.intake_code));
  let spare = world.orgs.length;
  for (const o of world.orgs) {
    while (used.has(o.intakeCode)) o.intakeCode = `9${o.intakeCode.slice(1, 5)}${'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[spare++ % 31]}`;
    used.add(o.intakeCode);
  }
  const orgRows = world.orgs.map(
    (o) => `(${lit(o.id)}::uuid, ${lit(o.name)}, ${lit(o.kind)}, ${lit(o.regionCode)}, ${o.parentId ? `${lit(o.parentId)}::uuid` : 'null::uuid'}, ${lit(o.intakeCode)}, '2023-01-01T00:00:00Z')`,
  );
  await run(db, `insert into organizations (id, name, kind, region_code, parent_id, intake_code, created_at) values ${orgRows.join(',\n')} on conflict (id) do nothing`);
  const users = [...world.orgs.flatMap((o) => o.staff), ...world.others];
  const userRows = users.map(
    (u) =>
      `(${lit(u.id)}::uuid, ${lit(u.username)}, ${lit(passwordHash)}, ${lit(u.role)}, ${u.orgId ? `${lit(u.orgId)}::uuid` : 'null::uuid'}, ${u.regionCode === null ? 'null' : lit(u.regionCode)}, ${lit(u.name)}, '2023-01-01T00:00:00Z')`,
  );
  await run(db, `insert into users (id, username, password_hash, role, org_id, region_code, name, created_at) values ${userRows.join(',\n')} on conflict do nothing`);
  // Read back what is stored: a second run keeps the first run's rows.
  const stored = await queryRows<{ id: string; intake_code: string }>(db, sql.raw(`select id::text, intake_code from organizations where id = any(array[${ids.map(lit).join(',')}]::uuid[])`));
  const byId = new Map(stored.map((r) => [r.id, r.intake_code]));
  for (const o of world.orgs) {
    const code = byId.get(o.id);
    if (!code) throw new Error(`organisation ${o.name} was not stored`);
    o.intakeCode = code;
  }
  const [{ n }] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from users where id = any(array[${users.map((u) => lit(u.id)).join(',')}]::uuid[])`));
  if (Number(n) !== users.length) throw new Error('some bulk accounts could not be stored (a username is taken by another account)');
}

// ---------------------------------------------------------------------------------------------
// Foreign keys, checked per batch in bulk

/**
 * A batch inserts with triggers off (session_replication_role = replica), which skips the
 * row-by-row foreign-key triggers (and their row locks on the parents): about three times faster
 * for the event log. Instead every insert returns the foreign-key values of the rows it actually
 * inserted (RETURNING, so this is the data in the table, not a copy), they are collected, and one
 * statement looks each distinct reference up in its parent before the batch commits: a dangling
 * reference still fails (and rolls back) the batch, as the trigger would. The keys come from the
 * catalogue, so a foreign key added by a later migration is checked too. The work is
 * proportional to the batch, not to the tables, so 10 million cases cost no more per batch.
 */
export interface ForeignKeyCheck {
  /** Wraps `insert into <table> ...` so that it records the references of the rows it inserts. */
  capture(table: string, insertSql: string): string;
  /** Fails (raises) if a recorded reference has no row; expects the recorded refs in _bulk_refs. */
  check: string;
}

export async function foreignKeyChecks(db: DbHandle['db']): Promise<ForeignKeyCheck> {
  const fks = await queryRows<{ child: string; col: string; parent: string; pcol: string; n: number; uuid: boolean }>(
    db,
    sql`select cl.relname as child, a.attname as col, pl.relname as parent, pa.attname as pcol, cardinality(c.conkey) as n,
               a.atttypid = 'uuid'::regtype and pa.atttypid = 'uuid'::regtype as uuid
        from pg_constraint c
        join pg_class cl on cl.oid = c.conrelid join pg_namespace ns on ns.oid = cl.relnamespace
        join pg_class pl on pl.oid = c.confrelid
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = c.confkey[1]
        where c.contype = 'f' and ns.nspname = current_schema()
        order by 1, 2`,
  );
  const refsOf = new Map<string, { key: string; col: string; ok: boolean }[]>();
  const parents = new Map<string, string>();
  for (const fk of fks) {
    const key = `${fk.parent}.${fk.pcol}`;
    const ok = Number(fk.n) === 1 && fk.uuid;
    refsOf.set(fk.child, [...(refsOf.get(fk.child) ?? []), { key, col: fk.col, ok }]);
    // Only a single uuid column can be captured (see capture), so only such parents are looked up:
    // a text key (case_files' blob, sha256) compared with the recorded uuids would not even parse.
    if (ok) parents.set(key, `select r.parent, r.v from (select distinct parent, v from _bulk_refs) r where r.parent = ${lit(key)} and not exists (select 1 from ${fk.parent} p where p.${fk.pcol} = r.v)`);
  }
  return {
    capture(table, insertSql) {
      const refs = refsOf.get(table) ?? [];
      if (!refs.length) return insertSql;
      const odd = refs.find((r) => !r.ok);
      if (odd) throw new Error(`foreign key ${table}.${odd.col} is not a single uuid column: the bulk generator cannot check it`);
      const cols = [...new Set(refs.map((r) => r.col))];
      return `with ins as (${insertSql} returning ${cols.join(', ')})
              insert into _bulk_refs (parent, v)
              select distinct x.parent, x.v from ins cross join lateral (values ${refs.map((r) => `(${lit(r.key)}, ins.${r.col})`).join(', ')}) as x(parent, v)
              where x.v is not null`;
    },
    check: `do $$ declare bad text; begin
       select string_agg(m.parent || ' ' || m.v, ', ') into bad from (${[...parents.values()].join(' union all ')}) m;
       if bad is not null then raise exception 'bulk batch: references to no row: %', left(bad, 500); end if;
     end $$`,
  };
}

// ---------------------------------------------------------------------------------------------
// Helper tables: lookups the batches join against (unlogged, dropped at the end)

/** The search key's pads, bound as parameters (a statement's text may reach the server's log; a key must not). */
async function storeKeyPads(db: DbHandle['db'], key: SearchKey) {
  const { inner, outer } = hmacPads(key);
  await run(db, `drop table if exists _bulk_key`);
  await run(db, `create unlogged table _bulk_key (ipad bytea not null, opad bytea not null)`);
  await db.execute(sql`insert into _bulk_key values (decode(${inner.toString('hex')}, 'hex'), decode(${outer.toString('hex')}, 'hex'))`);
}

async function createHelpers(db: DbHandle['db'], world: World, total: number, now: Date) {
  for (const t of [...STAGING, ...HELPERS]) await run(db, `drop table if exists ${t}`);
  const orgOf = (scope: string, kind: string) => world.orgs.find((o) => o.scope === scope && o.kind === kind)!;

  const countyRows = world.counties.map((c) => {
    const court = orgOf(`c${c.ci}`, 'court');
    return `(${c.ci}, ${c.yi}, ${lit(c.code)}, ${lit(orgOf(`c${c.ci}`, 'court').id)}::uuid, ${court.staff.length}, ${lit(orgOf(`y${c.yi}`, 'arbitration_commission').id)}::uuid, ${lit(orgOf(`c${c.ci}`, 'mediation_center').id)}::uuid, ${lit(orgOf(`c${c.ci}`, 'union').id)}::uuid, ${world.employers.filter((e) => e.ci === c.ci).length})`;
  });
  await run(db, `create unlogged table _bulk_county (ci int primary key, yi int, region text, court_id uuid, court_staff_n int, arb_id uuid, center_id uuid, union_id uuid, emp_n int)`);
  await run(db, `insert into _bulk_county values ${countyRows.join(',')}`);

  // 10 000 buckets shared out by weight: a case's county is one equi-join away.
  const totalWeight = world.counties.reduce((s, c) => s + c.weight, 0);
  const picks: string[] = [];
  let acc = 0;
  for (const c of world.counties) {
    const from = Math.round((acc / totalWeight) * 10_000);
    acc += c.weight;
    const to = Math.round((acc / totalWeight) * 10_000);
    for (let b = from; b < to; b++) picks.push(`(${b}, ${c.ci})`);
  }
  await run(db, `create unlogged table _bulk_county_pick (bucket int primary key, ci int)`);
  await run(db, `insert into _bulk_county_pick values ${picks.join(',')}`);

  await run(db, `create unlogged table _bulk_org (id uuid primary key, kind text, region text, scope text, k int, staff_n int, intake text)`);
  await run(
    db,
    `insert into _bulk_org values ${world.orgs.map((o) => `(${lit(o.id)}::uuid, ${lit(o.kind)}, ${lit(o.regionCode)}, ${lit(o.scope)}, ${o.k}, ${o.staff.length}, ${lit(o.intakeCode)})`).join(',')}`,
  );
  await run(db, `create index on _bulk_org (scope, kind, k)`);
  await run(db, `create unlogged table _bulk_kindcount as select scope, kind, count(*)::int as n from _bulk_org group by 1, 2`);
  await run(db, `create unlogged table _bulk_staff (org_id uuid, k int, user_id uuid, primary key (org_id, k))`);
  await run(db, `insert into _bulk_staff values ${world.orgs.flatMap((o) => o.staff.map((u, i) => `(${lit(o.id)}::uuid, ${i}, ${lit(u.id)}::uuid)`)).join(',')}`);

  await run(db, `create unlogged table _bulk_emp (ci int, k int, name text, credit text, address text, contact text, primary key (ci, k))`);
  await run(
    db,
    `insert into _bulk_emp values ${world.employers.map((e) => `(${e.ci}, ${e.k}, ${lit(e.name)}, ${lit(e.creditCode)}, ${lit(e.address)}, ${lit(e.contact)})`).join(',')}`,
  );

  // Days of the last three years (to yesterday), each with its share of cases: fewer at weekends
  // and holidays, slowly more over time. Cases are numbered in time order across batches.
  const today = chinaDate(now);
  const first = addYears(today, -3);
  const last = addCalendarDays(today, -1);
  const cal = await loadCalendar(db);
  const days: { day: string; w: number }[] = [];
  for (let d = first, i = 0; d <= last; d = addCalendarDays(d, 1), i++) days.push({ day: d, w: (cal.isWorkingDay(d) ? 1 : 0.3) * (1 + (0.25 * i) / 1095) });
  const wSum = days.reduce((s, d) => s + d.w, 0);
  let cum = 0;
  const dayRows = days.map((d) => {
    const lo = Math.round((cum / wSum) * total);
    cum += d.w;
    const hi = Math.round((cum / wSum) * total);
    return `(${lit(d.day)}::date, ${lo}, ${hi})`;
  });
  await run(db, `create unlogged table _bulk_day (day date, lo bigint, hi bigint)`);
  await run(db, `insert into _bulk_day values ${dayRows.join(',')}`);

  // Due dates by the app's own calendar code (holidays, make-up days, roll-forward), for every
  // start date a clock can have: clocks are then a join, not a computation per row.
  const combos: [ClockKind, number][] = [
    ['mediation', 0],
    ['arbitration_acceptance', 0],
    ['arbitration_award', 0],
    ['arbitration_award', ARBITRATION_EXTENSION],
    ['confirmation_review', 0],
    ['referral_ack', 0],
  ];
  await run(db, `create unlogged table _bulk_due (kind text, started_on date, ext int, due_on date, years int[], provisional boolean, explanation jsonb, primary key (kind, started_on, ext))`);
  const dueRows: string[] = [];
  // Limitation starts from the incident or the end of employment, up to ~11 months before filing.
  for (let d = addCalendarDays(first, -400); d <= today; d = addCalendarDays(d, 1)) {
    const caseClocks: [ClockKind, number][] = [['limitation', 0], ['confirmation_window', 0], ['appeal_window', 0], ['vacate_window', 0]];
    for (const [kind, ext] of d < addCalendarDays(first, -1) ? caseClocks.slice(0, 1) : [...combos, ...caseClocks]) {
      const rule = CLOCK_RULES[kind];
      const r = computeDue({ startedOn: d, unit: rule.unit as 'calendar' | 'working' | 'year', length: rule.length, extensionDays: ext, pauses: [], asOf: today }, cal);
      dueRows.push(`(${lit(kind)}, ${lit(d)}::date, ${ext}, ${lit(r.dueOn)}::date, array[${r.calendarYears.join(',')}]::int[], ${r.provisional}, ${lit(JSON.stringify(r.explanation))}::jsonb)`);
    }
  }
  for (let i = 0; i < dueRows.length; i += 2000) await run(db, `insert into _bulk_due values ${dueRows.slice(i, i + 2000).join(',')}`);

  await run(db, `create unlogged table _bulk_tpl (tpl int, seq int, kind text, role text, ending text, is_last boolean, producer boolean, basis text, reason text, primary key (tpl, seq))`);
  const tplRows = TEMPLATES.flatMap((t) => {
    const producerAt = t.steps.map((s) => PRODUCING.includes(s.ending)).lastIndexOf(true);
    return t.steps.map(
      (s, i) =>
        `(${t.id}, ${i + 1}, ${lit(s.kind)}, ${lit(s.role)}, ${lit(s.ending)}, ${i === t.steps.length - 1}, ${i === producerAt}, ${i > 0 ? lit(referralBasis(t.steps[i - 1], s)) : 'null'}, ${s.reason && i > 0 ? lit(s.reason) : 'null'})`,
    );
  });
  await run(db, `insert into _bulk_tpl values ${tplRows.join(',')}`);
  // 1 000 buckets per route, shared out by template weight.
  const tplPicks: string[] = [];
  for (const route of ['mediation', 'arbitration', 'litigation'] as const) {
    const ts = TEMPLATES.filter((t) => t.route === route);
    const w = ts.reduce((s, t) => s + t.weight, 0);
    let a = 0;
    for (const t of ts) {
      const from = Math.round((a / w) * 1000);
      a += t.weight;
      const to = Math.round((a / w) * 1000);
      for (let b = from; b < to; b++) tplPicks.push(`(${lit(route)}, ${b}, ${t.id})`);
    }
  }
  await run(db, `create unlogged table _bulk_tpl_pick (route text, bucket int, tpl int, primary key (route, bucket))`);
  await run(db, `insert into _bulk_tpl_pick values ${tplPicks.join(',')}`);
  for (const t of HELPERS) await run(db, `analyze ${t}`);
}

// ---------------------------------------------------------------------------------------------
// One batch

interface BatchContext {
  k: Kit;
  nowSql: string;
  g0: number;
  passwordHash: string;
  pglite: boolean;
  /** Every county's code: where migrant workers' ID numbers come from. */
  countyCodes: string[];
  /** Records and checks the foreign keys of what the batch inserts. */
  fk: ForeignKeyCheck;
  /** Tables not filled (BulkOptions.omit). */
  omit: ReadonlySet<string>;
  /** Whether _bulk_key holds the search key's pads, to hash phones and ID numbers with. */
  hashed: boolean;
}

interface Step {
  phase: string;
  sql: string;
}

/** A CASE over a [0,1) draw: the first bucket whose cumulative weight exceeds it. */
function weighted(draw: string, choices: [string, number][]): string {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const whens = choices.slice(0, -1).map(([v, w]) => {
    acc += w;
    return `when ${draw} < ${(acc / total).toFixed(6)} then ${v}`;
  });
  return `(case ${whens.join(' ')} else ${choices[choices.length - 1][0]} end)`;
}

const CATEGORY_WEIGHTS = [42, 20, 10, 8, 6, 6, 5, 3];
const CATS = arr(CATEGORIES);

/** GB 11643-1999 check character of a 17-digit text column. */
function idCheck(col: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.map((x, i) => `substr(${col}, ${i + 1}, 1)::int * ${x}`).join(' + ');
  return `substr('10X98765432', ((${sum}) % 11) + 1, 1)`;
}

function batchSteps(ctx: BatchContext, lo: number, hi: number): Step[] {
  const { k, nowSql: NOW, g0 } = ctx;
  const steps: Step[] = [];
  const add = (phase: string, text: string) => steps.push({ phase, sql: text });
  const analyze = (phase: string, table: string) => add(phase, `analyze ${table}`);
  for (const t of STAGING) add('cases', `drop table if exists ${t}`);

  // --- cases ------------------------------------------------------------------------------
  // Raw draws; the received time is monotonic in the case number within and across days.
  add(
    'cases',
    `create unlogged table _bulk_c0 as
     select b.i, b.g, b.day, r.received_at, extract(year from ${legal('r.received_at')})::int as year, cp.ci,
       ${k.u('b.g', 2)} as u_route, ${k.u('b.g', 3)} as u_org, ${k.u('b.g', 4)} as u_chan, ${k.u('b.g', 5)} as u_tpl,
       ${k.u('b.g', 6)} as u_coll, ${k.u('b.g', 7)} as u_napp, ${k.u('b.g', 8)} as u_cat1, ${k.u('b.g', 9)} as u_cat2p,
       ${k.u('b.g', 10)} as u_cat2, ${k.u('b.g', 11)} as u_emp, ${k.u('b.g', 12)} as u_filer, ${k.u('b.g', 13)} as u_end
     from (select d.day, i, ${g0}::bigint + i as g, i - d.lo as pos, d.hi - d.lo as cnt
           from _bulk_day d cross join lateral generate_series(greatest(d.lo, ${lo}), least(d.hi, ${hi}) - 1) as i
           where d.hi > ${lo} and d.lo < ${hi}) b
     cross join lateral (select ${chinaAt('b.day', `30600 + floor(((b.pos + ${k.u('b.g', 1)}) / b.cnt) * 32400)::int`)} as received_at) r
     join _bulk_county_pick cp on cp.bucket = ${k.int('b.g', 14, 10_000)}`,
  );
  const mediationKind = weighted('c0.u_org', [
    [`'union'`, 25],
    [`'mediation_center'`, 25],
    [`'township_center'`, 25],
    [`'people_mediation'`, 10],
    [`'enterprise_committee'`, 15],
  ]);
  const cat1 = `(case when c0.u_coll < 0.02 then (case when c0.u_cat1 < 0.8 then 0 else 1 end) else ${weighted('c0.u_cat1', CATEGORY_WEIGHTS.map((w, i) => [String(i), w]))} end)`;
  add(
    'cases',
    `create unlogged table _bulk_c1 as
     select c0.*, co.yi, co.region as county_region, co.court_id, co.court_staff_n, co.arb_id, co.center_id, co.union_id, co.emp_n,
       x.route, x.delegated, x.org_kind,
       case when x.org_kind = 'arbitration_commission' then 'y' || co.yi else 'c' || c0.ci end as scope,
       case when x.delegated then 'court_delegated' when x.route = 'litigation' then 'walk_in' when c0.u_chan < 0.45 then 'online' else 'walk_in' end as channel,
       case when c0.u_coll < 0.02 then 10 + floor(c0.u_napp * 31)::int when c0.u_napp < 0.75 then 1 when c0.u_napp < 0.92 then 2 else 3 end as napp,
       x.c1, case when x.c2 = x.c1 then null else x.c2 end as c2
     from _bulk_c0 c0 join _bulk_county co on co.ci = c0.ci
     cross join lateral (
       select r.route, r.delegated,
         case when r.route = 'arbitration' then 'arbitration_commission' when r.route = 'litigation' then 'court'
              when r.delegated then (case when c0.u_org < 0.5 then 'union' else 'mediation_center' end)
              else ${mediationKind} end as org_kind,
         ${cat1} as c1,
         case when c0.u_cat2p < 0.3 then floor(c0.u_cat2 * 8)::int end as c2
       from (select case when c0.u_route < 0.30 then 'arbitration' when c0.u_route < 0.34 then 'litigation' else 'mediation' end as route,
                    c0.u_route >= 0.34 and c0.u_route < 0.42 as delegated offset 0) r
       offset 0) x`,
  );
  analyze('cases', '_bulk_c1');
  const catName = (o: string) => `(${CATS})[${o} + 1]`;
  const catSummary = (o: string) => `(${arr(CATEGORIES.map((c) => CATEGORY_TEXT[c].summary))})[${o} + 1]`;
  const workerPhone = `${k.pick(WORKER_PREFIXES, 'c1.g', 20)} || lpad(((c1.g * 7919 + 1234567) % 100000000)::text, 8, '0')`;
  add(
    'cases',
    `create unlogged table _bulk_c as
     select s.*, s.intake || '-' || s.year || '-' || lpad(s.num_seq::text, greatest(5, length(s.num_seq::text)), '0') as number,
       case when s.has_end then least(s.incident_date + ${k.range('s.g', 24, 0, 20)}, s.received_d - 1) end as ended_on
     from (
       select c1.i, c1.g, ${k.uuid('c1.received_at', TAG.case, 'c1.g')} as id, c1.received_at, ${legal('c1.received_at')} as received_d, c1.year,
         c1.ci, c1.yi, c1.county_region, c1.court_id, c1.arb_id, c1.center_id, c1.union_id, c1.route, c1.channel, c1.napp,
         o.id as org_id, o.intake, o.region as org_region, tp.tpl,
         coalesce(cc.last, 0) + row_number() over (partition by o.id, c1.year order by c1.g) as num_seq,
         case when c1.c2 is null then array[${catName('c1.c1')}] when c1.c1 < c1.c2 then array[${catName('c1.c1')}, ${catName('c1.c2')}] else array[${catName('c1.c2')}, ${catName('c1.c1')}] end::text[] as categories,
         c1.c1, c1.c2,
         e.name as emp_name, e.credit as emp_credit, e.address as emp_address, e.contact as emp_contact,
         ${legal('c1.received_at')} - ${k.range('c1.g', 21, 10, 330)} as incident_date,
         (c1.u_end < 0.6 and (c1.c1 in (0, 1) or coalesce(c1.c2 in (0, 1), false))) as has_end,
         '申请人在' || e.name || '任' || ${k.pick(JOBS, 'c1.g', 22)} || '，因' || ${catSummary('c1.c1')} || coalesce('及' || ${catSummary('c1.c2')}, '') || '与单位发生争议'
           || case when c1.napp >= 10 then '（' || c1.napp || '名劳动者集体申请）' else '' end as summary,
         case when c1.channel = 'online' then ${workerPhone} end as filer_phone,
         case when c1.channel = 'online' then ${k.uuid(`c1.received_at - interval '1 hour'`, TAG.worker, 'c1.g')} end as worker_id,
         case c1.channel when 'walk_in' then fs.user_id when 'court_delegated' then ds.user_id end as staff_filer,
         case c1.channel when 'walk_in' then o.id when 'court_delegated' then c1.court_id end as filer_org
       from _bulk_c1 c1
       join _bulk_kindcount kc on kc.scope = c1.scope and kc.kind = c1.org_kind
       join _bulk_org o on o.scope = c1.scope and o.kind = c1.org_kind and o.k = ${k.int('c1.g', 23, 'kc.n')}
       join _bulk_tpl_pick tp on tp.route = c1.route and tp.bucket = floor(c1.u_tpl * 1000)::int
       join _bulk_emp e on e.ci = c1.ci and e.k = floor(c1.u_emp * c1.emp_n)::int
       left join _bulk_staff fs on fs.org_id = o.id and fs.k = floor(c1.u_filer * o.staff_n)::int
       left join _bulk_staff ds on ds.org_id = c1.court_id and ds.k = floor(c1.u_filer * c1.court_staff_n)::int
       left join case_counters cc on cc.org_id = o.id and cc.year = c1.year
     ) s`,
  );
  add('cases', `create index on _bulk_c (id)`);
  analyze('cases', '_bulk_c');
  // A worker whose phone is already registered (outside the bulk set) files as that account.
  add(
    'cases',
    `update _bulk_c c set worker_id = u.id from users u where c.channel = 'online' and u.username = c.filer_phone and u.role = 'worker' and u.id <> c.worker_id`,
  );
  return steps.concat(batchRest(ctx));
}

function batchRest(ctx: BatchContext): Step[] {
  const { k, nowSql: NOW } = ctx;
  const steps: Step[] = [];
  const add = (phase: string, text: string) => steps.push({ phase, sql: text });
  const analyze = (phase: string, table: string) => add(phase, `analyze ${table}`);
  const office = (key: string, salt: number) => `30600 + ${k.int(key, salt, 32400)}`;

  // --- parties ----------------------------------------------------------------------------
  const ak = '(c.g * 64 + a.pos)';
  const filer = `(a.pos = 1 and c.channel = 'online')`;
  add(
    'parties',
    `create unlogged table _bulk_a as
     select c.id as case_id, c.g, a.pos, ${k.uuid('c.received_at', TAG.applicant, ak)} as id, ${filer} as is_filer,
       case when ${filer} then c.worker_id end as user_id,
       ${k.pick(SURNAMES, ak, 30)} || ${k.pick(GIVEN, ak, 31)} as name,
       case when ${filer} or ${k.u(ak, 32)} < 0.55 then
         (case when ${k.u(ak, 33)} < 0.6 then c.county_region else ${k.pick(ctx.countyCodes, ak, 34)} end)
         || to_char(c.received_d - ${k.range(ak, 35, 6600, 19700)}, 'YYYYMMDD')
         || lpad(((${k.int(ak, 36, 25)} * 40 + a.pos) % 1000)::text, 3, '0')
       end as first17,
       case when ${filer} then c.filer_phone when ${k.u(ak, 37)} < 0.85 then ${k.pick(OTHER_PREFIXES, ak, 38)} || lpad(${k.int(ak, 39, 100_000_000)}::text, 8, '0') end as phone,
       c.received_at
     from _bulk_c c cross join lateral generate_series(1, c.napp) as a(pos)`,
  );
  const ck = '((a.g * 64 + a.pos) * 4 + x.j)';
  const claimText = arr(CATEGORIES.map((c) => CATEGORY_TEXT[c].claim));
  add(
    'parties',
    `create unlogged table _bulk_cl as
     select a.case_id, a.g, a.pos, x.j, a.id as applicant_id, ${k.uuid('c.received_at', TAG.claim, ck)} as id, x.cat as category,
       (${claimText})[array_position(${CATS}, x.cat)] || case when x.cat = 'wages' then '（' || ${k.range(ck, 42, 2, 8)} || '个月）' else '' end as description,
       (case when c.napp >= 10 then 3000 + ${k.int(ck, 40, 2700)} * 10
             else floor(exp(ln(2000) + ${k.u(ck, 41)} * ln(40)) / 10) * 10 end * 100)::bigint as amount
     from _bulk_a a join _bulk_c c on c.id = a.case_id cross join lateral unnest(c.categories) with ordinality as x(cat, j)`,
  );
  add('parties', `create unlogged table _bulk_sum as select case_id, sum(amount)::bigint as claimed from _bulk_cl group by case_id`);
  analyze('parties', '_bulk_sum');

  // --- proceedings: the planned chain, step by step ----------------------------------------
  for (let s = 1; s <= MAX_STEPS; s++) {
    const src =
      s === 1
        ? `select c.id as case_id, c.g, 1 as seq, t.kind, t.ending, t.is_last, t.producer, t.basis, t.reason,
             c.org_id, null::uuid as referred_from, c.received_at, c.channel
           from _bulk_c c join _bulk_tpl t on t.tpl = c.tpl and t.seq = 1`
        : `select p.case_id, p.g, ${s} as seq, t.kind, t.ending, t.is_last, t.producer, t.basis, t.reason,
             case t.role when 'city_arb' then c.arb_id when 'county_court' then c.court_id
                         else (case when p.org_id = c.center_id then c.union_id else c.center_id end) end as org_id,
             p.org_id as referred_from,
             ${k.next('p.concluded_at', `(case t.kind when 'confirmation' then ${k.range(`p.g * 8 + ${s}`, 49, 1, 20)} when 'arbitration' then ${k.range(`p.g * 8 + ${s}`, 49, 1, 30)} when 'litigation' then ${k.range(`p.g * 8 + ${s}`, 49, 3, 14)} else ${k.range(`p.g * 8 + ${s}`, 49, 1, 10)} end)`, `p.g * 8 + ${s}`, 48)} as received_at,
             c.channel
           from _bulk_p p join _bulk_c c on c.id = p.case_id join _bulk_tpl t on t.tpl = c.tpl and t.seq = ${s}
           where p.seq = ${s - 1}`;
    const pk0 = '(s0.g * 8 + s0.seq)';
    const pk = '(s1.g * 8 + s1.seq)';
    const acceptDays = `(case s0.kind when 'mediation' then (case when ${k.u(pk0, 50)} < 0.7 then 0 else ${k.range(pk0, 51, 1, 3)} end)
                                      when 'confirmation' then ${k.range(pk0, 51, 0, 3)}
                                      when 'arbitration' then (case when ${k.u(pk0, 50)} < 0.9 then ${k.range(pk0, 51, 0, 6)} else ${k.range(pk0, 51, 7, 12)} end)
                                      else ${k.range(pk0, 51, 0, 7)} end)`;
    const concludeDays = `(case s0.kind
        when 'mediation' then (case when s0.ending = 'withdrawn' then ${k.range(pk0, 52, 1, 10)} when ${k.u(pk0, 53)} < 0.8 then ${k.range(pk0, 52, 1, 13)} else ${k.range(pk0, 52, 14, 30)} end)
        when 'confirmation' then (case when ${k.u(pk0, 53)} < 0.9 then ${k.range(pk0, 52, 1, 28)} else ${k.range(pk0, 52, 29, 40)} end)
        when 'arbitration' then (case when s0.ending = 'withdrawn' then ${k.range(pk0, 52, 3, 30)} when ${k.u(pk0, 53)} < 0.85 then ${k.range(pk0, 52, 15, 44)} else ${k.range(pk0, 52, 46, 60)} end)
        else ${k.range(pk0, 52, 20, 180)} end)`;
    const earlyDays = `(case when s1.ending = 'withdrawn' then ${k.range(pk, 56, 1, 5)} when s1.kind = 'arbitration' then ${k.range(pk, 56, 1, 8)} when s1.kind = 'litigation' then ${k.range(pk, 56, 1, 7)} else ${k.range(pk, 56, 0, 3)} end)`;
    const select = `
      with s0 as materialized (${src}),
      s1 as materialized (
        select s0.*, o.region as org_region, o.staff_n as org_staff_n, ${concludeDays} as cd,
          case when s0.ending = 'declined' or (s0.ending = 'withdrawn' and ${k.u(pk0, 54)} < 0.3) then null
               else ${k.next('s0.received_at', acceptDays, pk0, 57)} end as accepted_at
        from s0 join _bulk_org o on o.id = s0.org_id
      )
      select s1.case_id, s1.g, s1.seq, s1.kind, s1.ending, s1.is_last, s1.producer, s1.basis, s1.reason, s1.org_id, s1.referred_from,
        s1.received_at, s1.channel, s1.org_region, s1.org_staff_n, s1.accepted_at,
        case when s1.accepted_at is null then ${k.next('s1.received_at', earlyDays, pk, 58)} else ${k.next('s1.accepted_at', 's1.cd', pk, 59)} end as concluded_at,
        case when s1.kind = 'arbitration' and s1.accepted_at is not null and s1.cd > 45 and ${k.u(pk, 60)} < 0.6
             then ${k.next('s1.accepted_at', k.range(pk, 61, 38, 44), pk, 62)} end as ext_at,
        case when s1.accepted_at is not null and ${k.u(pk, 63)} < 0.08 then ${k.next('s1.accepted_at', k.range(pk, 64, 1, 5), pk, 65)} end as pause_at,
        case s1.ending when 'declined' then ${k.pick(DECLINE_REASONS, pk, 66)} when 'failed' then ${k.pick(FAIL_REASONS, pk, 66)}
                       when 'withdrawn' then ${k.pick(WITHDRAW_REASONS, pk, 66)} when 'refused' then ${k.pick(REFUSE_REASONS, pk, 66)} end as end_reason,
        ${k.pick(PAUSE_REASONS, pk, 67)} as pause_reason,
        (s1.ending = 'withdrawn' and s1.channel = 'online' and ${k.u(pk, 68)} < 0.5) as w_by_worker
      from s1`;
    add('proceedings', s === 1 ? `create unlogged table _bulk_p as ${select}` : `insert into _bulk_p ${select}`);
    // Statistics after every step: the next one joins on the rows this one added.
    analyze('proceedings', '_bulk_p');
  }
  // What has happened by now.
  add(
    'proceedings',
    `create unlogged table _bulk_pr as
     select q.*, ${legal('q.received_at')} as recv_d,
       case when q.r_accepted_at is not null then ${legal('q.r_accepted_at')} end as acc_d,
       case when q.r_concluded_at is not null then ${legal('q.r_concluded_at')} end as conc_d,
       case when q.paused then ${legal('q.pause_at')} end as pause_d,
       q.seq = max(q.seq) over (partition by q.case_id) as is_cur
     from (
       select p.*, ${k.uuid('p.received_at', TAG.proceeding, 'p.g * 8 + p.seq')} as id,
         case when p.concluded_at <= ${NOW} then (case when p.ending = 'declined' then 'declined' else 'concluded' end)
              when p.accepted_at <= ${NOW} then 'accepted' else 'received' end as state,
         case when p.accepted_at <= ${NOW} then p.accepted_at end as r_accepted_at,
         case when p.concluded_at <= ${NOW} then p.concluded_at end as r_concluded_at,
         coalesce(p.concluded_at > ${NOW} and p.pause_at <= ${NOW}, false) as paused,
         coalesce(p.ext_at <= ${NOW}, false) and not coalesce(p.concluded_at > ${NOW} and p.pause_at <= ${NOW}, false) as extended
       from _bulk_p p where p.received_at <= ${NOW}
     ) q`,
  );
  add('proceedings', `create index on _bulk_pr (case_id, seq)`);
  analyze('proceedings', '_bulk_pr');

  // --- clocks of every proceeding, due dates from the app's calendar ------------------------
  const cols = (kind: string, kix: number, ts: string, start: string, ext: string, stop: string, pausable: boolean) =>
    `select pr.case_id, pr.g, pr.seq, pr.id as proceeding_id, ${lit(kind)} as kind, ${kix} as kix, ${ts} as ts, ${start} as started_on, ${ext} as ext,
            ${stop} as stop_d, ${pausable} and pr.paused as paused, pr.pause_d, pr.org_id, pr.org_region from _bulk_pr pr`;
  const final = `(case when pr.state in ('concluded', 'declined') then pr.conc_d end)`;
  add(
    'clocks',
    `create unlogged table _bulk_k as
     select x.*, ${k.uuid('x.ts', TAG.clock, '(x.g * 8 + x.seq) * 8 + x.kix')} as id, d.due_on, d.years, d.provisional, d.explanation,
       case when x.stop_d is null then (case when x.paused then 'paused' else 'running' end)
            when x.stop_d <= d.due_on then 'met' else 'breached' end as status
     from (
       ${cols('mediation', 0, 'pr.received_at', 'pr.recv_d', '0', final, true)} where pr.kind = 'mediation'
       union all
       ${cols('arbitration_acceptance', 1, 'pr.received_at', 'pr.recv_d', '0', `coalesce(pr.acc_d, ${final})`, false)} where pr.kind = 'arbitration'
       union all
       ${cols('arbitration_award', 2, 'pr.r_accepted_at', 'pr.acc_d', `case when pr.extended then ${ARBITRATION_EXTENSION} else 0 end`, `(case when pr.state = 'concluded' then pr.conc_d end)`, true)} where pr.kind = 'arbitration' and pr.acc_d is not null
       union all
       ${cols('confirmation_review', 3, 'pr.r_accepted_at', 'pr.acc_d', '0', `(case when pr.state = 'concluded' then pr.conc_d end)`, true)} where pr.kind = 'confirmation' and pr.acc_d is not null
       union all
       ${cols('referral_ack', 4, 'pr.received_at', 'pr.recv_d', '0', `coalesce(pr.acc_d, ${final})`, false)} where pr.seq > 1
     ) x join _bulk_due d on d.kind = x.kind and d.started_on = x.started_on and d.ext = x.ext`,
  );
  add(
    'clocks',
    `create unlogged table _bulk_ot as select proceeding_id, bool_and(status <> 'breached') as ok from _bulk_k where kind in (${STATUTORY.map(lit).join(',')}) group by proceeding_id`,
  );

  // --- agreements, instalments, payments ---------------------------------------------------
  const gk = '(pr.g * 8 + pr.seq)';
  const fmtDate = (d: string) => `to_char(${d}, 'YYYY"年"FMMM"月"FMDD"日"')`;
  add(
    'agreements',
    `create unlogged table _bulk_ag as
     select pr.case_id, pr.g, pr.seq, pr.id as proceeding_id, pr.org_id, pr.kind, pr.ending as outcome, pr.producer as is_final,
       ${k.uuid('pr.r_concluded_at', TAG.agreement, gk)} as id, a.amount, a.n_inst,
       case when a.n_inst > 0 then (floor(a.amount / a.n_inst / 100) * 100)::bigint end as part,
       case when pr.ending = 'awarded' then ${k.u(gk, 70)} < 0.35 end as final,
       case when pr.ending = 'awarded' then pr.r_concluded_at end as delivered_at,
       pr.r_concluded_at as recorded_at, pr.conc_d as rec_d,
       cf.r_concluded_at as confirmed_at, cf.org_id as confirmed_by,
       a.behaviour, b.npay,
       case when a.behaviour = 'default' then
         (case when a.n_inst > 0 then ${chinaAt(`pr.conc_d + 30 * (b.npay + 1) + ${k.range(gk, 71, 5, 20)}`, office(gk, 72))}
               else ${k.next('pr.r_concluded_at', k.range(gk, 71, 20, 40), gk, 72)} end) end as dflt_plan_at,
       (case when a.n_inst = 0 then '被申请人于' || ${fmtDate('pr.conc_d + 15')} || '前一次性支付申请人' || (a.amount / 100) || '元'
             else '被申请人分' || a.n_inst || '期向申请人支付共计' || (a.amount / 100) || '元，首期于' || ${fmtDate('pr.conc_d + 30')} || '前支付，此后每三十日支付一期' end)
         || case pr.ending when 'awarded' then '（仲裁裁决）' when 'judged' then '（民事判决）' else '' end as terms
     from _bulk_pr pr join _bulk_sum s on s.case_id = pr.case_id
     cross join lateral (
       select (floor(s.claimed * (case pr.ending when 'settled' then 0.55 + 0.4 * ${k.u(gk, 73)} when 'awarded' then 0.6 + 0.4 * ${k.u(gk, 73)} else 0.5 + 0.5 * ${k.u(gk, 73)} end) / 100) * 100)::bigint as amount,
         case when ${k.u(gk, 74)} < 0.55 then 0 else ${k.range(gk, 75, 2, 6)} end as n_inst,
         case when not pr.producer then 'superseded' when pr.ending = 'judged' and ${k.u(gk, 76)} < 0.4 then 'none'
              when ${k.u(gk, 77)} < 0.85 then 'full' else 'default' end as behaviour
       offset 0) a
     cross join lateral (
       select case a.behaviour when 'full' then (case when a.n_inst > 0 then a.n_inst when ${k.u(gk, 78)} < 0.2 then 2 else 1 end)
                               when 'default' then (case when a.n_inst > 0 then floor(${k.u(gk, 79)} * a.n_inst)::int else 0 end)
                               else 0 end as npay
       offset 0) b
     left join _bulk_pr cf on cf.case_id = pr.case_id and cf.seq = pr.seq + 1 and cf.kind = 'confirmation' and cf.state = 'concluded' and cf.ending = 'confirmed'
     where pr.state = 'concluded' and pr.ending in ('settled', 'awarded', 'judged')`,
  );
  add(
    'agreements',
    `create unlogged table _bulk_in as
     select ag.id as agreement_id, ag.case_id, x.k as seq, ag.rec_d + 30 * x.k as due_on,
       case when x.k < ag.n_inst then ag.part else ag.amount - ag.part * (ag.n_inst - 1) end as amount
     from _bulk_ag ag cross join lateral generate_series(1, ag.n_inst) as x(k)`,
  );
  add(
    'agreements',
    `create unlogged table _bulk_inj as
     select agreement_id, string_agg('{"amountFen":' || amount || ',"dueOn":"' || to_char(due_on, 'YYYY-MM-DD') || '"}', ',' order by seq) as j
     from _bulk_in group by agreement_id`,
  );
  const yk = '(ag.g * 64 + x.k)';
  add(
    'agreements',
    `create unlogged table _bulk_pp as
     select ag.id as agreement_id, ag.case_id, ag.g, x.k,
       case when ag.n_inst > 0 then (case when x.k < ag.n_inst then ag.part else ag.amount - ag.part * (ag.n_inst - 1) end)
            when ag.npay = 2 and x.k = 1 then (floor(ag.amount / 2 / 100) * 100)::bigint
            when ag.npay = 2 then ag.amount - (floor(ag.amount / 2 / 100) * 100)::bigint
            else ag.amount end as amount,
       case when ag.n_inst > 0 then greatest(ag.recorded_at + interval '1 hour', ${chinaAt(`ag.rec_d + 30 * x.k + ${k.range(yk, 80, -5, 3)}`, office(yk, 81))})
            when x.k = 1 then ${k.next('ag.recorded_at', k.range(yk, 82, 1, 20), yk, 83)}
            else ${k.next('ag.recorded_at', k.range(yk, 84, 21, 30), yk, 85)} end as paid_at
     from _bulk_ag ag cross join lateral generate_series(1, ag.npay) as x(k)`,
  );
  add(
    'agreements',
    `create unlogged table _bulk_pay as
     select pp.*, ${k.uuid('pp.paid_at', TAG.payment, 'pp.g * 64 + pp.k')} as id,
       sum(pp.amount) over (partition by pp.agreement_id order by pp.k) as cum
     from _bulk_pp pp where pp.paid_at <= ${NOW}`,
  );
  add(
    'agreements',
    `create unlogged table _bulk_agf as
     select ag.*, coalesce(t.paid, 0)::bigint as paid, t.last_paid_at, coalesce(t.n, 0) as n_real,
       case when ag.dflt_plan_at <= ${NOW} then ag.dflt_plan_at end as defaulted_at,
       case when coalesce(t.paid, 0) = ag.amount then 'performed' when ag.dflt_plan_at <= ${NOW} then 'defaulted' else 'pending' end as status,
       case when ag.dflt_plan_at <= ${NOW} then ${k.pick(DEFAULT_REASONS, 'ag.g', 86)} end as default_reason
     from _bulk_ag ag
     left join (select agreement_id, sum(amount) as paid, max(paid_at) as last_paid_at, count(*)::int as n from _bulk_pay group by agreement_id) t on t.agreement_id = ag.id`,
  );

  // Every settlement is signed on paper at the session by each applicant and the employer (SPEC §10
  // settle with signedInPerson; effects.ts signedInPerson): effective at once, so it may go to a
  // court for confirmation (人民调解法 art. 29, 33).
  add(
    'agreements',
    `create unlogged table _bulk_sig as
     select ag.id as agreement_id,
       jsonb_agg(jsonb_build_object('party', 'applicant', 'applicantIndex', a.pos - 1, 'name', a.name, 'method', 'in_person', 'signedAt', ${iso('ag.recorded_at')}) order by a.pos)
         || jsonb_build_array(jsonb_build_object('party', 'respondent', 'name', c.emp_name, 'method', 'in_person', 'signedAt', ${iso('ag.recorded_at')})) as signatures
     from _bulk_ag ag join _bulk_c c on c.id = ag.case_id join _bulk_a a on a.case_id = ag.case_id
     where ag.outcome = 'settled'
     group by ag.id, ag.recorded_at, c.emp_name`,
  );

  // --- closing: a case leaves the pipeline once its last step is done ------------------------
  const lk = '(l.g * 8 + 7)';
  add(
    'agreements',
    `create unlogged table _bulk_close as
     select l.case_id, l.g, l.org_id as last_org, x.t_close, ${legal('x.t_close')} as close_d, x.outcome
     from _bulk_pr l left join _bulk_agf a on a.case_id = l.case_id and a.is_final
     cross join lateral (
       select case when a.id is not null then
                (case a.behaviour
                   when 'full' then (case when a.n_real = a.npay then ${k.next('greatest(l.r_concluded_at, a.last_paid_at)', k.range(lk, 87, 1, 10), lk, 88)} end)
                   when 'default' then (case when a.defaulted_at is not null and ${k.u(lk, 89)} < 0.4 then ${k.next('greatest(l.r_concluded_at, a.defaulted_at)', k.range(lk, 87, 30, 180), lk, 88)} end)
                   else ${k.next('l.r_concluded_at', k.range(lk, 87, 3, 20), lk, 88)} end)
              when l.ending = 'withdrawn' then ${k.next('l.r_concluded_at', k.range(lk, 87, 0, 2), lk, 88)}
              else ${k.next('l.r_concluded_at', k.range(lk, 87, 15, 60), lk, 88)} end as t_close,
         case when a.id is not null then (case a.behaviour when 'full' then 'performed' when 'default' then 'abandoned' else 'judged' end)
              when l.ending = 'withdrawn' then 'withdrawn' else 'abandoned' end as outcome
       offset 0) x
     where l.is_cur and l.is_last and l.state in ('concluded', 'declined') and x.t_close <= ${NOW}`,
  );

  // --- case and agreement clocks (CLOCK_LIFECYCLE): limitation, the windows, performance ------
  // clocks/engine.ts limitationStart: wages run from the end of employment, not at all while it lasts.
  const limitationStart = `(case when 'wages' = any(x.categories) and x.ended_on is not null then x.ended_on
                                 when 'wages' = any(x.categories) and cardinality(x.categories) = 1 then null else x.incident_date end)`;
  const scoped = (kind: string, tag: number, key: string, ts: string, start: string, stop: string, org: string, region: string, from: string, caseId = 'x.case_id') =>
    `select ${caseId} as case_id, ${k.uuid(ts, tag, key)} as id, ${lit(kind)} as kind, ${ts} as ts, ${start} as started_on, ${stop} as stop_d,
            ${org} as org_id, ${region} as org_region ${from}`;
  const after = `left join _bulk_pr n on n.case_id = x.case_id and n.seq = x.seq + 1 left join _bulk_close cl on cl.case_id = x.case_id`;
  add(
    'clocks',
    `create unlogged table _bulk_k2 as
     select y.*, d.due_on, d.years, d.provisional, d.explanation,
       case when y.stop_d is null then 'running' when y.stop_d <= d.due_on then 'met' else 'breached' end as status
     from (
       ${scoped('limitation', 9, 'x.g * 8', 'x.received_at', limitationStart, 'x.received_d', 'x.org_id', 'x.org_region', `from _bulk_c x where ${limitationStart} is not null`, 'x.id')}
       union all
       ${scoped('limitation', 9, 'x.g * 8 + x.seq', 'x.r_concluded_at', 'x.conc_d', 'coalesce(n.recv_d, cl.close_d)', 'x.org_id', 'x.org_region', `from _bulk_pr x ${after}
         where x.kind = 'mediation' and (x.state = 'declined' or (x.state = 'concluded' and x.ending in ('failed', 'withdrawn')))`)}
       union all
       ${scoped('confirmation_window', TAG.clock, '(x.g * 8 + x.seq) * 8 + 5', 'x.r_concluded_at', 'x.conc_d', `coalesce(case when n.kind = 'confirmation' then n.recv_d end, cl.close_d)`, 'x.org_id', 'x.org_region', `from _bulk_pr x ${after}
         where x.kind = 'mediation' and x.state = 'concluded' and x.ending = 'settled'`)}
       union all
       ${scoped('appeal_window', TAG.clock, '(x.g * 8 + x.seq) * 8 + 6', 'x.r_concluded_at', 'x.conc_d', `coalesce(case when n.kind = 'litigation' then n.recv_d end, cl.close_d)`, 'x.org_id', 'x.org_region', `from _bulk_pr x ${after}
         where x.kind = 'arbitration' and x.state = 'concluded' and x.ending = 'awarded'`)}
       union all
       ${scoped('vacate_window', TAG.clock, '(x.g * 8 + x.seq) * 8 + 7', 'x.r_concluded_at', 'x.conc_d', `coalesce(case when n.kind = 'litigation' then n.recv_d end, cl.close_d)`, 'x.org_id', 'x.org_region', `from _bulk_pr x ${after}
         join _bulk_ag a on a.proceeding_id = x.id where x.kind = 'arbitration' and x.state = 'concluded' and x.ending = 'awarded' and a.final`)}
     ) y join _bulk_due d on d.kind = y.kind and d.started_on = y.started_on and d.ext = 0`,
  );
  // Performance: due on the first instalment not yet covered; stopped when performed, in default, or closed.
  add(
    'clocks',
    `create unlogged table _bulk_k3 as
     select a.case_id, a.id as agreement_id, ${k.uuid('a.recorded_at', 10, 'a.g * 8 + a.seq')} as id, a.recorded_at as ts, a.rec_d as started_on,
       a.org_id, o.region as org_region, x.idx, a.rec_d + 30 * x.idx as due_on,
       case when x.idx < a.n_inst then a.part else a.amount - a.part * (a.n_inst - 1) end as due_amount,
       x.stop_d, case when x.stop_d is null then 'running' when x.stop_d <= a.rec_d + 30 * x.idx then 'met' else 'breached' end as status
     from _bulk_agf a join _bulk_org o on o.id = a.org_id left join _bulk_close cl on cl.case_id = a.case_id
     cross join lateral (
       select least(a.n_real + 1, a.n_inst) as idx,
         case when a.status = 'performed' then ${legal('a.last_paid_at')} when a.defaulted_at is not null then ${legal('a.defaulted_at')} else cl.close_d end as stop_d
       offset 0) x
     where a.n_inst > 0`,
  );

  // --- events --------------------------------------------------------------------------------
  const agr = `'{"amountFen":' || ag.amount || ',"instalments":[' || coalesce(ij.j, '') || '],"terms":' || ${js('ag.terms')} || '}'`;
  const extBasis = EXTENSION_LIMITS.arbitration!.basis;
  add(
    'events',
    `create unlogged table _bulk_e as
     select c.id as case_id, c.g, 0 as ord, c.received_at as occurred_at, 'file' as action,
       coalesce(c.worker_id, c.staff_filer) as actor_user, c.filer_org as actor_org, null::uuid as pick_org, p.id as proceeding_id,
       '{"applicants":' || c.napp || ',"categories":' || array_to_json(c.categories)::text || ',"channel":' || ${js('c.channel')}
         || ',"claimedFen":' || s.claimed || ',"kind":' || ${js('p.kind')} || ',"number":' || ${js('c.number')} || ',"orgId":' || ${js('c.org_id')} || '}' as data
     from _bulk_c c join _bulk_sum s on s.case_id = c.id join _bulk_pr p on p.case_id = c.id and p.seq = 1
     union all
     select p.case_id, p.g, p.seq * 10, p.received_at, 'refer', null, p.referred_from, p.referred_from, p.id,
       '{"basis":' || ${js('p.basis')} || ',"fromOrgId":' || ${js('p.referred_from')} || ',"kind":' || ${js('p.kind')} || ',"reason":' || ${js('p.reason')} || ',"toOrgId":' || ${js('p.org_id')} || '}'
     from _bulk_pr p where p.seq > 1
     union all
     select p.case_id, p.g, p.seq * 10 + 1, p.r_accepted_at, 'accept', null, p.org_id, p.org_id, p.id,
       '{"kind":' || ${js('p.kind')} || ',"orgId":' || ${js('p.org_id')} || '}'
     from _bulk_pr p where p.r_accepted_at is not null
     union all
     select p.case_id, p.g, p.seq * 10 + 2, p.pause_at, 'pause', null, p.org_id, p.org_id, p.id, '{"reason":' || ${js('p.pause_reason')} || '}'
     from _bulk_pr p where p.paused
     union all
     select p.case_id, p.g, p.seq * 10 + 3, p.ext_at, 'extend', null, p.org_id, p.org_id, p.id,
       '{"basis":' || ${js(lit(extBasis))} || ',"days":${ARBITRATION_EXTENSION},"reason":' || ${js(lit(EXTEND_REASON))} || '}'
     from _bulk_pr p where p.extended
     union all
     select p.case_id, p.g, p.seq * 10 + 4, p.r_concluded_at,
       case p.ending when 'declined' then 'decline' when 'settled' then 'settle' when 'failed' then 'fail' when 'withdrawn' then 'withdraw'
                     when 'confirmed' then 'confirm' when 'refused' then 'refuse' when 'awarded' then 'award' else 'judge' end,
       case when p.w_by_worker then c.worker_id end,
       case when p.w_by_worker then null else p.org_id end,
       case when p.w_by_worker then null else p.org_id end,
       p.id,
       case p.ending
         when 'settled' then '{"agreement":' || ${agr} || ',"agreementId":' || ${js('ag.id')} || ',"effective":true,"signedInPerson":true}'
         when 'judged' then '{"agreement":' || ${agr} || ',"agreementId":' || ${js('ag.id')} || '}'
         when 'awarded' then '{"agreement":' || ${agr} || ',"agreementId":' || ${js('ag.id')} || ',"deliveredAt":' || ${js(iso('ag.delivered_at'))} || ',"final":' || ag.final::text || '}'
         when 'confirmed' then '{"agreementId":' || ${jsn('pa.id')} || '}'
         when 'withdrawn' then '{"by":' || (case when p.w_by_worker then '"applicant"' else '"staff"' end) || ',"reason":' || ${js('p.end_reason')} || '}'
         else '{"reason":' || ${js('p.end_reason')} || '}' end
     from _bulk_pr p join _bulk_c c on c.id = p.case_id
     left join _bulk_ag ag on ag.proceeding_id = p.id
     left join _bulk_inj ij on ij.agreement_id = ag.id
     left join _bulk_ag pa on pa.case_id = p.case_id and pa.seq = p.seq - 1
     where p.state in ('concluded', 'declined')
     union all
     select pay.case_id, pay.g, 100 + pay.k, pay.paid_at, 'record_payment', null, ag.org_id, ag.org_id, ag.proceeding_id,
       '{"agreementId":' || ${js('ag.id')} || ',"amountFen":' || pay.amount || ',"paidAt":' || ${js(iso('pay.paid_at'))} || ',"paidFen":' || pay.cum
         || ',"status":' || (case when pay.cum = ag.amount then '"performed"' else '"pending"' end) || '}'
     from _bulk_pay pay join _bulk_ag ag on ag.id = pay.agreement_id
     union all
     select a.case_id, a.g, 190, a.defaulted_at, 'record_default', null, a.org_id, a.org_id, a.proceeding_id,
       '{"agreementId":' || ${js('a.id')} || ',"reason":' || ${js('a.default_reason')} || '}'
     from _bulk_agf a where a.defaulted_at is not null
     union all
     select cl.case_id, cl.g, 200, cl.t_close, 'close', null, cl.last_org, cl.last_org, null, '{"outcome":' || ${js('cl.outcome')} || '}'
     from _bulk_close cl`,
  );
  // The canonical JSON of src/cases/eventLog.ts around the data: keys sorted, timestamps as
  // toISOString(), recordedAt = occurredAt (recorded as it happened). Ids and action names need no
  // escaping; free text went through to_json above.
  const q = (v: string) => `coalesce('"' || ${v}::text || '"', 'null')`;
  add(
    'events',
    `create unlogged table _bulk_e2 as
     select x.case_id, x.g, x.seq, x.action, x.actor_user, x.actor_org, x.proceeding_id, x.data, x.occurred_at,
       '{"action":"' || x.action || '","actorOrgId":' || ${q('x.actor_org')} || ',"actorUserId":' || ${q('x.actor_user')}
         || ',"caseId":"' || x.case_id::text || '","data":' as head,
       ',"internal":false,"occurredAt":"' || x.at || '","proceedingId":' || ${q('x.proceeding_id')} || ',"recordedAt":"' || x.at || '","seq":' || x.seq || '}' as tail
     from (
       select e.case_id, e.g, (row_number() over (partition by e.case_id order by e.occurred_at, e.ord))::int as seq,
         e.action, coalesce(e.actor_user, s.user_id) as actor_user, e.actor_org, e.proceeding_id, e.data, e.occurred_at, ${iso('e.occurred_at')} as at
       from _bulk_e e
       left join _bulk_org o on o.id = e.pick_org
       left join _bulk_staff s on s.org_id = e.pick_org and s.k = ${k.int('e.g * 256 + e.ord', 90, 'o.staff_n')}
     ) x`,
  );
  add('events', `create index on _bulk_e2 (case_id, seq)`);
  analyze('events', '_bulk_e2');

  // The hash chain: sha256(prev + "\n" + content), one recursion level per event of the longest
  // case, one index probe per event (the recursion must not rebuild a hash of all events per level).
  const zero = lit('0'.repeat(64));
  add('hash', `set local enable_hashjoin = off`);
  add('hash', `set local enable_mergejoin = off`);
  add(
    'hash',
    `create unlogged table _bulk_h as
     with recursive ch(case_id, seq, prev, hash) as (
       select e.case_id, e.seq, ${zero}::text, encode(sha256(convert_to(${zero} || chr(10) || e.head || e.data || e.tail, 'UTF8')), 'hex')
       from _bulk_e2 e where e.seq = 1
       union all
       select e.case_id, e.seq, ch.hash, encode(sha256(convert_to(ch.hash || chr(10) || e.head || e.data || e.tail, 'UTF8')), 'hex')
       from ch join _bulk_e2 e on e.case_id = ch.case_id and e.seq = ch.seq + 1
     )
     select * from ch`,
  );
  add('hash', `set local enable_hashjoin = on`);
  add('hash', `set local enable_mergejoin = on`);
  add(
    'hash',
    `create unlogged table _bulk_head as
     select distinct on (e.case_id) e.case_id, e.seq as n, h.hash, e.occurred_at as last_at
     from _bulk_e2 e join _bulk_h h on h.case_id = e.case_id and h.seq = e.seq
     order by e.case_id, e.seq desc`,
  );

  // --- into the app's tables, in foreign-key order -------------------------------------------
  add('insert users', `set local session_replication_role = replica`);
  add('insert users', `create unlogged table _bulk_refs (parent text, v uuid)`);
  // Every insert records the references of the rows it inserted (see foreignKeyChecks).
  const insert = (phase: string, text: string) => {
    const table = /^\s*insert into (\w+)/.exec(text)?.[1];
    if (!table) throw new Error(`not an insert: ${text.slice(0, 60)}`);
    if (!ctx.omit.has(table)) add(phase, ctx.fk.capture(table, text));
  };
  insert(
    'insert users',
    `insert into users (id, username, password_hash, role, name, phone, id_number, created_at)
     select a.user_id, a.phone, ${lit(ctx.passwordHash)}, 'worker', a.name, a.phone, a.first17 || ${idCheck('a.first17')}, a.received_at - interval '1 hour'
     from _bulk_a a where a.is_filer
     on conflict do nothing`,
  );
  insert(
    'insert cases',
    `insert into cases (id, number, org_id, kind, status, outcome, channel, categories, summary, incident_date, employment_ended_on,
                        respondent_name, respondent_credit_code, respondent_contact, respondent_address, filed_by, version,
                        current_org_id, current_state, current_kind, claimed_fen, applicant_count, last_occurred_at, event_count,
                        last_event_hash, received_at, created_at, closed_at)
     select c.id, c.number, c.org_id, case when c.napp >= 10 then 'collective' else 'individual' end,
       case when cl.case_id is null then 'open' else 'closed' end, cl.outcome, c.channel, c.categories, c.summary, c.incident_date,
       c.ended_on,
       c.emp_name, c.emp_credit, c.emp_contact, c.emp_address, coalesce(c.worker_id, c.staff_filer), h.n,
       cur.org_id, cur.state, cur.kind, s.claimed, c.napp, h.last_at, h.n, h.hash, c.received_at, c.received_at, cl.t_close
     from _bulk_c c join _bulk_sum s on s.case_id = c.id join _bulk_pr cur on cur.case_id = c.id and cur.is_cur
     join _bulk_head h on h.case_id = c.id left join _bulk_close cl on cl.case_id = c.id
     order by c.g`,
  );
  insert(
    'insert parties',
    `insert into case_orgs (case_id, org_id, region_code)
     select distinct case_id, org_id, region from (
       select p.case_id, p.org_id, p.org_region as region from _bulk_pr p
       union all
       select c.id, c.court_id, c.county_region from _bulk_c c where c.channel = 'court_delegated'
     ) x`,
  );
  insert(
    'insert parties',
    `insert into applicants (id, case_id, position, name, id_number, phone, user_id)
     select a.id, a.case_id, a.pos, a.name, a.first17 || ${idCheck('a.first17')}, a.phone, a.user_id from _bulk_a a order by a.g, a.pos`,
  );
  insert(
    'insert parties',
    `insert into claims (id, case_id, applicant_id, category, description, amount_fen)
     select x.id, x.case_id, x.applicant_id, x.category, x.description, x.amount from _bulk_cl x order by x.g, x.pos, x.j`,
  );
  // What a search reads (src/cases/searchWrites.ts): the names and the keys, as a filing writes
  // them, and the keyed hashes of the applicants' phones and ID numbers computed by the database
  // (searchHash.ts partyHashSql) from the key's pads; without the key, left for the backfill.
  insert(
    'insert search',
    `insert into case_search (case_id, names, keys)
     select c.id, array[c.emp_name] || coalesce(a.names, '{}'), o.keys
     from _bulk_c c
     left join (select case_id, array_agg(name order by pos) as names from _bulk_a group by case_id) a on a.case_id = c.id
     join (select co.case_id, search_case_keys(x.number, array_agg(co.org_id), array_agg(co.region_code)) as keys
             from case_orgs co join _bulk_c x on x.id = co.case_id group by co.case_id, x.number) o on o.case_id = c.id
     order by c.g`,
  );
  const pads = { inner: 'k.ipad', outer: 'k.opad' };
  insert(
    'insert search',
    ctx.hashed
      ? `insert into case_search_keys (case_id, hashes)
         select c.id, coalesce(h.hashes, '{}')
         from _bulk_c c
         left join (select a.case_id, array_agg(v.h order by a.pos, v.n) as hashes
                      from _bulk_a a cross join _bulk_key k,
                           lateral (values (1, case when a.phone is not null then ${partyHashSql('phone', 'a.phone', pads)} end),
                                           (2, case when a.first17 is not null then ${partyHashSql('idNumber', `(a.first17 || ${idCheck('a.first17')})`, pads)} end)) v(n, h)
                     where v.h is not null group by a.case_id) h on h.case_id = c.id
         order by c.g`
      : `insert into case_search_keys (case_id, hashes) select c.id, null from _bulk_c c order by c.g`,
  );
  insert(
    'insert proceedings',
    `insert into proceedings (id, case_id, seq, kind, org_id, state, outcome, paused, extension_count, extended_days, referred_from_org_id,
                              referral_reason, decline_reason, conclusion_reason, received_at, accepted_at, concluded_at, on_time)
     select p.id, p.case_id, p.seq, p.kind, p.org_id, p.state, case when p.state = 'concluded' then p.ending end, p.paused,
       case when p.extended then 1 else 0 end, case when p.extended then ${ARBITRATION_EXTENSION} else 0 end,
       p.referred_from, case when p.seq > 1 then p.reason end,
       case when p.state = 'declined' then p.end_reason end,
       case when p.state = 'concluded' and p.ending in ('failed', 'withdrawn', 'refused') then p.end_reason end,
       p.received_at, p.r_accepted_at, p.r_concluded_at,
       case when p.state = 'concluded' then coalesce(ot.ok, true) end
     from _bulk_pr p left join _bulk_ot ot on ot.proceeding_id = p.id
     order by p.g, p.seq`,
  );
  insert(
    'insert agreements',
    `insert into agreements (id, case_id, proceeding_id, org_id, amount_fen, terms, final, delivered_at, confirmed_at, confirmed_by_org_id,
                             status, paid_fen, default_reason, defaulted_at, recorded_at, signatures)
     select a.id, a.case_id, a.proceeding_id, a.org_id, a.amount, a.terms, a.final, a.delivered_at, a.confirmed_at, a.confirmed_by,
       a.status, a.paid, a.default_reason, a.defaulted_at, a.recorded_at, coalesce(sg.signatures, '[]'::jsonb)
     from _bulk_agf a left join _bulk_sig sg on sg.agreement_id = a.id order by a.g, a.seq`,
  );
  insert('insert agreements', `insert into instalments (agreement_id, seq, due_on, amount_fen) select agreement_id, seq, due_on, amount from _bulk_in`);
  insert(
    'insert agreements',
    `insert into payments (id, case_id, agreement_id, amount_fen, paid_at, recorded_at)
     select p.id, p.case_id, p.agreement_id, p.amount, p.paid_at, p.paid_at from _bulk_pay p order by p.g, p.k`,
  );
  insert(
    'insert events',
    `insert into events (case_id, seq, action, actor_user_id, actor_org_id, proceeding_id, internal, data, occurred_at, recorded_at, prev_hash, hash)
     select e.case_id, e.seq, e.action, e.actor_user, e.actor_org, e.proceeding_id, false, e.data::jsonb, e.occurred_at, e.occurred_at, h.prev, h.hash
     from _bulk_e2 e join _bulk_h h on h.case_id = e.case_id and h.seq = e.seq
     order by e.g, e.seq`,
  );
  const ruleCase = (f: (r: (typeof CLOCK_RULES)[ClockKind]) => string) =>
    `(case k.kind ${DUE_TABLE_CLOCKS.map((kind) => `when ${lit(kind)} then ${f(CLOCK_RULES[kind])}`).join(' ')} end)`;
  insert(
    'insert clocks',
    `insert into clocks (id, case_id, proceeding_id, agreement_id, kind, rule_id, unit, length, started_on, due_on, status, pauses, paused_days,
                         extension_days, extensions, stopped_on, calendar_years, provisional, explanation, org_id, region_code, created_at)
     select k.id, k.case_id, k.proceeding_id, null, k.kind, ${ruleCase((r) => lit(r.id))}, ${ruleCase((r) => lit(r.unit))}, ${ruleCase((r) => String(r.length))},
       k.started_on, k.due_on, k.status,
       case when k.status = 'paused' then ('[{"from":"' || to_char(k.pause_d, 'YYYY-MM-DD') || '","to":null}]')::jsonb else '[]'::jsonb end,
       0, k.ext, case when k.ext > 0 then 1 else 0 end, k.stop_d, k.years, k.provisional, k.explanation, k.org_id, k.org_region, k.ts
     from _bulk_k k order by k.g, k.seq, k.kix`,
  );
  insert(
    'insert clocks',
    `insert into clocks (id, case_id, proceeding_id, agreement_id, kind, rule_id, unit, length, started_on, due_on, status, pauses, paused_days,
                         extension_days, extensions, stopped_on, calendar_years, provisional, explanation, org_id, region_code, created_at)
     select k.id, k.case_id, null, null, k.kind, ${ruleCase((r) => lit(r.id))}, ${ruleCase((r) => lit(r.unit))}, ${ruleCase((r) => String(r.length))},
       k.started_on, k.due_on, k.status, '[]'::jsonb, 0, 0, 0, k.stop_d, k.years, k.provisional, k.explanation, k.org_id, k.org_region, k.ts
     from _bulk_k2 k order by k.id`,
  );
  insert(
    'insert clocks',
    `insert into clocks (id, case_id, proceeding_id, agreement_id, kind, rule_id, unit, length, started_on, due_on, status, pauses, paused_days,
                         extension_days, extensions, stopped_on, calendar_years, provisional, explanation, org_id, region_code, created_at)
     select k.id, k.case_id, null, k.agreement_id, 'performance', ${lit(CLOCK_RULES.performance.id)}, ${lit(CLOCK_RULES.performance.unit)}, ${CLOCK_RULES.performance.length},
       k.started_on, k.due_on, k.status, '[]'::jsonb, 0, 0, 0, k.stop_d, '{}'::int[], false,
       jsonb_build_array('按协议，第' || k.idx || '期应于' || to_char(k.due_on, 'YYYY"年"FMMM"月"FMDD"日"') || '前支付¥' || to_char(k.due_amount / 100.0, 'FM999,999,999,990.00')),
       k.org_id, k.org_region, k.ts
     from _bulk_k3 k order by k.id`,
  );
  insert(
    'insert cases',
    `insert into case_counters (org_id, year, last)
     select org_id, year, max(num_seq)::int from _bulk_c group by org_id, year
     on conflict (org_id, year) do update set last = greatest(case_counters.last, excluded.last)`,
  );
  // One index probe per distinct reference, whatever the size of the parent tables.
  add('foreign keys', `set local enable_hashjoin = off`);
  add('foreign keys', `set local enable_mergejoin = off`);
  add('foreign keys', ctx.fk.check);
  add('foreign keys', `set local enable_hashjoin = on`);
  add('foreign keys', `set local enable_mergejoin = on`);
  add('foreign keys', `set local session_replication_role = origin`);
  for (const t of STAGING) add('cleanup', `drop table if exists ${t}`);
  return steps;
}
