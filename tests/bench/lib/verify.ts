/**
 * Before anything is timed, run.ts checks that the bare baseline does the same job as Tiaojie:
 * the same answers to the read workloads (deep-equal JSON), and for the writes the same rows
 * (the same filing, accept and settle through each server, compared table by table with ids,
 * numbers, hashes and timestamps masked), the same additions to the statistics rollups, and a
 * hash chain that Tiaojie's own /cases/:id/verify accepts.
 */
import { isDeepStrictEqual } from 'node:util';
import { acceptBody, callerHeaders, DEADLINE_LIMIT, fileBody, http, LIST_FILTER, LIST_LIMIT, settleBody, type BenchOrg, type Identity, type Query, type Targets } from './common.js';

/** The first place two JSON values differ, as a path, or null when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  const show = (v: unknown) => (JSON.stringify(v) ?? 'undefined').slice(0, 160);
  return `${path}: ${show(a)} vs ${show(b)}`;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

/**
 * Cases of every shape in the supervisor's region, two of each where there are: a paused clock,
 * payments, a referral, hearings, closed, collective, an agreement in default, an online filing.
 */
async function diverseCases(q: Query, region: string): Promise<{ kind: string; id: string }[]> {
  const lo = region.padEnd(6, '0');
  const hi = region.padEnd(6, '9');
  const inRegion = `in (select case_id from case_orgs where region_code between '${lo}' and '${hi}')`;
  const shapes: [string, string][] = [
    ['a paused clock', `select distinct case_id as id from clocks where status = 'paused' and case_id ${inRegion}`],
    ['payments', `select distinct case_id as id from payments where case_id ${inRegion}`],
    ['a referral', `select distinct case_id as id from proceedings where seq > 1 and case_id ${inRegion}`],
    ['hearings', `select distinct case_id as id from hearings where case_id ${inRegion}`],
    ['closed', `select id from cases where status = 'closed' and id ${inRegion}`],
    ['collective', `select id from cases where kind = 'collective' and id ${inRegion}`],
    ['a defaulted agreement', `select distinct case_id as id from agreements where status = 'defaulted' and case_id ${inRegion}`],
    ['an online filing', `select id from cases where channel = 'online' and id ${inRegion}`],
  ];
  const out: { kind: string; id: string }[] = [];
  for (const [kind, text] of shapes) for (const r of await q<{ id: string }>(`${text} order by 1 limit 2`)) out.push({ kind, id: String(r.id) });
  return out;
}

/** GET requests answered by both servers; their bodies must be equal. */
export async function compareReads(ours: number, bare: number, q: Query, targets: Targets, staffOf: (org: BenchOrg) => Identity, supervisor: Identity): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  const same = async (name: string, path: string, who: Identity) => {
    const headers = callerHeaders(who);
    const [a, b] = await Promise.all([http(ours, 'GET', path, { headers }), http(bare, 'GET', path, { headers })]);
    if (a.status !== 200 || b.status !== 200) {
      out.push({ name, ok: false, detail: `${path}: status ${a.status} (ours) vs ${b.status} (bare): ${(a.status !== 200 ? a.body : b.body).slice(0, 200)}` });
      return;
    }
    const d = firstDifference(a.json(), b.json());
    out.push({ name, ok: d === null, detail: d ? `${path}: ${d}` : undefined });
  };
  for (const org of targets.orgs.slice(0, 3)) {
    const who = staffOf(org);
    for (const id of org.detailIds.slice(0, 4)) await same('detail', `/cases/${id}`, who);
    for (const cursor of org.cursors.slice(0, 2)) await same('list', `/cases?${LIST_FILTER}&limit=${LIST_LIMIT}&cursor=${cursor}`, who);
    await same('deadline board', `/deadlines?limit=${DEADLINE_LIMIT}`, who);
  }
  for (const c of await diverseCases(q, supervisor.regionCode ?? '')) await same(`detail of a case with ${c.kind} (as supervisor)`, `/cases/${c.id}`, supervisor);
  await same('statistics', statsPath(targets), supervisor);
  return out;
}

export function statsPath(targets: Targets): string {
  return `/stats/closure?from=${targets.year}-01-01&to=${targets.year}-12-31&groupBy=org`;
}

// ---------------------------------------------------------------------------------------------
// Writes

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/;
const HASH = /^[0-9a-f]{64}$/;

/** Masks what must differ between two filings of the same body: new ids, the number, hashes, instants. */
function mask(value: unknown, stable: Set<string>, numbers: Set<string>): unknown {
  if (typeof value === 'string') {
    if (UUID.test(value)) return stable.has(value) ? value : '<id>';
    if (TIMESTAMP.test(value)) return '<instant>';
    if (HASH.test(value)) return '<hash>';
    if (numbers.has(value)) return '<number>';
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => mask(v, stable, numbers));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'number' && typeof v === 'string' ? '<number>' : mask(v, stable, numbers)]));
  }
  return value;
}

const sortRows = (rows: unknown[]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** Every row a case owns, table by table, as JSON. */
async function caseRows(q: Query, caseId: string) {
  const tables: [string, string][] = [
    ['cases', `select row_to_json(t) as r from cases t where id = $1`],
    ['applicants', `select row_to_json(t) as r from applicants t where case_id = $1`],
    ['claims', `select row_to_json(t) as r from claims t where case_id = $1`],
    ['proceedings', `select row_to_json(t) as r from proceedings t where case_id = $1`],
    ['case_orgs', `select row_to_json(t) as r from case_orgs t where case_id = $1`],
    ['clocks', `select row_to_json(t) as r from clocks t where case_id = $1`],
    ['events', `select row_to_json(t) as r from (select case_id, seq, action, actor_user_id, actor_org_id, proceeding_id, internal, data, occurred_at, recorded_at, prev_hash, hash from events where case_id = $1) t`],
    ['agreements', `select row_to_json(t) as r from agreements t where case_id = $1`],
    ['instalments', `select row_to_json(t) as r from instalments t where agreement_id in (select id from agreements where case_id = $1)`],
    ['payments', `select row_to_json(t) as r from payments t where case_id = $1`],
    ['hearings', `select row_to_json(t) as r from hearings t where case_id = $1`],
  ];
  const out: Record<string, unknown[]> = {};
  for (const [name, text] of tables) out[name] = (await q<{ r: unknown }>(text, [caseId])).map((x) => x.r);
  return out;
}

/** The organisation's rollup rows of the current month and year, keyed by their primary key. */
async function rollups(q: Query, orgId: string, month: string, year: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = await q<{ k: string; r: Record<string, unknown> }>(
    `select 'm|' || category || '|' || month || '|' || kind as k, row_to_json(t) as r from stat_months t where org_id = $1 and month = $2::date
     union all select 'y|' || category || '|' || year || '|' || kind, row_to_json(t) from stat_years t where org_id = $1 and year = $3::date
     union all select 'h|' || measure || '|' || grain || '|' || category || '|' || period || '|' || kind, row_to_json(t) from stat_histograms t
       where org_id = $1 and ((grain = 'month' and period = $2::date) or (grain = 'year' and period = $3::date))`,
    [orgId, month, year],
  );
  return new Map(rows.map((x) => [x.k, x.r]));
}

function rollupDelta(before: Map<string, Record<string, unknown>>, after: Map<string, Record<string, unknown>>) {
  const delta: Record<string, Record<string, unknown>> = {};
  for (const [k, a] of after) {
    const b = before.get(k) ?? {};
    const d: Record<string, unknown> = {};
    for (const [col, v] of Object.entries(a)) {
      if (typeof v === 'number' && v !== ((b[col] as number | undefined) ?? 0)) d[col] = v - ((b[col] as number | undefined) ?? 0);
      if (Array.isArray(v)) {
        const old = (b[col] as number[] | undefined) ?? [];
        const diff = v.map((n: number, i: number) => n - (old[i] ?? 0));
        if (diff.some((n) => n !== 0)) d[col] = diff;
      }
    }
    if (Object.keys(d).length) delta[k] = d;
  }
  return delta;
}

/**
 * Files the same body through each server, accepts and settles it, and compares what each wrote.
 * `n` picks the body (fileBody); the two filings use the same one.
 */
export async function compareWrites(ours: number, bare: number, q: Query, staff: Identity, org: BenchOrg, n: number): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  const headers = callerHeaders(staff);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const month = `${today.slice(0, 7)}-01`;
  const year = `${today.slice(0, 4)}-01-01`;

  const run = async (port: number) => {
    const before = await rollups(q, org.id, month, year);
    const [counter] = await q<{ last: number }>(`select last from case_counters where org_id = $1 and year = $2`, [org.id, Number(today.slice(0, 4))]);
    const body = fileBody(n, org);
    const filed = await http(port, 'POST', '/cases', { headers, body });
    if (filed.status !== 201) throw new Error(`filing on port ${port}: ${filed.status} ${filed.body.slice(0, 300)}`);
    const id = filed.json<{ id: string; version: number }>().id;
    const accepted = await http(port, 'POST', `/cases/${id}/actions`, { headers, body: acceptBody(1) });
    if (accepted.status !== 200) throw new Error(`accept on port ${port}: ${accepted.status} ${accepted.body.slice(0, 300)}`);
    const settled = await http(port, 'POST', `/cases/${id}/actions`, { headers, body: settleBody(2, n) });
    if (settled.status !== 200) throw new Error(`settle on port ${port}: ${settled.status} ${settled.body.slice(0, 300)}`);
    const after = await rollups(q, org.id, month, year);
    const [counterAfter] = await q<{ last: number }>(`select last from case_counters where org_id = $1 and year = $2`, [org.id, Number(today.slice(0, 4))]);
    const [{ number }] = await q<{ number: string }>(`select number from cases where id = $1`, [id]);
    return {
      id,
      number,
      responses: [filed.json(), accepted.json(), settled.json()],
      rows: await caseRows(q, id),
      delta: rollupDelta(before, after),
      counterStep: (counterAfter?.last ?? 0) - (counter?.last ?? 0),
    };
  };

  const a = await run(ours);
  const b = await run(bare);
  const stable = new Set([org.id, staff.userId]);
  const numbers = new Set([a.number, b.number]);
  const names = ['file response', 'accept response', 'settle response'];
  for (let i = 0; i < 3; i++) {
    const d = firstDifference(mask(a.responses[i], stable, numbers), mask(b.responses[i], stable, numbers));
    out.push({ name: names[i], ok: d === null, detail: d ?? undefined });
  }
  for (const table of Object.keys(a.rows)) {
    const d = firstDifference(sortRows(mask(a.rows[table], stable, numbers) as unknown[]), sortRows(mask(b.rows[table], stable, numbers) as unknown[]));
    out.push({ name: `rows written: ${table} (${a.rows[table].length})`, ok: d === null, detail: d ?? undefined });
  }
  const d = firstDifference(a.delta, b.delta);
  out.push({ name: `rollup additions (${Object.keys(a.delta).length} rows)`, ok: d === null && Object.keys(a.delta).length > 0, detail: d ?? undefined });
  out.push({ name: 'case number taken from case_counters', ok: a.counterStep === 1 && b.counterStep === 1, detail: `steps ${a.counterStep} (ours), ${b.counterStep} (bare)` });
  const verified = await http(ours, 'GET', `/cases/${b.id}/verify`, { headers });
  const v = verified.status === 200 ? verified.json<{ intact: boolean; events: number }>() : null;
  out.push({ name: "the bare server's hash chain passes Tiaojie's /verify", ok: v?.intact === true && v.events === 3, detail: verified.body.slice(0, 200) });
  return out;
}
