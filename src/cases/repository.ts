/**
 * The cases' data: every read and write of a case and the rows that belong to it. The service
 * decides (src/cases/decide.ts); this module reads what it decides on and writes what it decided.
 *
 * The write path's speed lives here: the reads of an action are issued together (the lock, the
 * case, the rows its input names), and persist sends everything the action changed as one
 * statement (src/db/writes.ts) right before COMMIT (src/db/transaction.ts).
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import { calendarCache, calendarVersionSql } from '../clocks/calendarCache.js';
import type { Database, Tx } from '../db/client.js';
import { columnList, columnsAs, fromRow, jsonObject, Statement, StatementFamily, type StatementRunner } from '../db/prepared.js';
import { agreements, applicants, caseDuplicates, caseOrgs, caseRespondents, cases, claims, clocks, events, hearings, instalments, notices, notifications, organizations, payments, proceedings, services, smsMessages } from '../db/schema/index.js';
import type { CaseStatus, DuplicateReason } from '../domain/model.js';
import { writeTransaction, type WriteTx } from '../db/transaction.js';
import { rowInserter, rowPatcher, WriteBatch } from '../db/writes.js';
import type { WorkCalendar } from '../domain/calendar.js';
import { applyStatDeltas } from '../stats/rollup.js';
import { visibleCasesCondition } from './access.js';
import type { CaseChange, duplicateProbe, ResemblingCase } from './decide.js';
import type { References } from './effects.js';
import type { SearchKey } from './searchHash.js';
import { searchWrites } from './searchWrites.js';
import { chainEvents, type NewEvent } from './eventLog.js';
import type { ListQuery } from './schemas.js';
import { DETAIL_COLUMNS, type CaseBundle, type CaseRow, type DetailSource, type OrganizationRow, type Shown } from './state.js';

type On = Database | StatementRunner;
type DuplicateProbe = ReturnType<typeof duplicateProbe>;

// ---- Reading a case ---------------------------------------------------------------------

type J = Record<string, unknown>;
/** The case's own columns under their names (none is named like the parts below), then its parts as JSON. */
interface LoadedRow extends J {
  proceedings: { row: J; orgName: string }[];
  agreement: J | null;
  applicants: J[];
  orgs: { orgId: string; regionCode: string }[];
  claims: J[];
  hearings: J[];
  instalments: J[];
  payments: J[];
  clocks: J[];
  duplicates: { row: J; number: string; status: string; orgName: string; dismissedAt: string | null }[];
  respondents: J[];
  services: J[];
  calendar_version: string;
}

/** How a read brings each part of a case: whole rows (the bundle) or the detail's columns only. */
interface ReadShape {
  columns: SQL;
  proceeding: SQL;
  agreement: SQL;
  applicant: SQL;
  claim: SQL;
  hearing: SQL;
  instalment: SQL;
  payment: SQL;
  duplicate: SQL;
}
// A possible duplicate as this case sees it: the pair's row and the other case (whichever side this one is).
const duplicateOf = (extra: SQL) =>
  sql`json_build_object(${extra}'number', x.number, 'status', x.status, 'orgName', xo.name, 'dismissedAt', d.dismissed_at)`;
const WHOLE_ROWS: ReadShape = {
  columns: columnList(cases, 'c'),
  proceeding: sql`json_build_object('row', row_to_json(p), 'orgName', o.name)`,
  agreement: sql`row_to_json(a)`,
  applicant: sql`ap`,
  claim: sql`cl`,
  hearing: sql`h`,
  instalment: sql`i`,
  payment: sql`pm`,
  duplicate: duplicateOf(sql`'row', row_to_json(d), `),
};
const DETAIL_ONLY: ReadShape = {
  columns: columnsAs(cases, 'c', DETAIL_COLUMNS.case),
  proceeding: jsonObject(proceedings, 'p', DETAIL_COLUMNS.proceeding, [sql`'orgName', o.name`]),
  agreement: jsonObject(agreements, 'a', DETAIL_COLUMNS.agreement),
  applicant: jsonObject(applicants, 'ap', DETAIL_COLUMNS.applicant),
  claim: jsonObject(claims, 'cl', DETAIL_COLUMNS.claim),
  hearing: jsonObject(hearings, 'h', DETAIL_COLUMNS.hearing),
  instalment: jsonObject(instalments, 'i', DETAIL_COLUMNS.instalment),
  payment: jsonObject(payments, 'pm', DETAIL_COLUMNS.payment),
  duplicate: duplicateOf(sql``),
};

// One statement, one round trip: each part is an aggregate over an index on case_id (payments
// has none on agreement_id, so they are found by case first: a payment's case is its agreement's).
// Proceedings, applicants, hearings, instalments and payments in the order the detail shows them;
// claims and organisations in none. The case row itself comes as columns, which the driver
// decodes without parsing JSON.
// Clocks come whole in both shapes: a paused clock is recomputed from its row to be presented.
const loadCaseSql = (shape: ReadShape) => sql`
    select ${shape.columns},
      coalesce((select json_agg(${shape.proceeding} order by p.seq)
                from proceedings p join organizations o on o.id = p.org_id where p.case_id = c.id), '[]') as proceedings,
      case when a.id is null then null else ${shape.agreement} end as agreement,
      coalesce((select json_agg(${shape.applicant} order by ap.position) from applicants ap where ap.case_id = c.id), '[]') as applicants,
      coalesce((select json_agg(json_build_object('orgId', co.org_id, 'regionCode', co.region_code)) from case_orgs co where co.case_id = c.id), '[]') as orgs,
      coalesce((select json_agg(${shape.claim}) from claims cl where cl.case_id = c.id), '[]') as claims,
      coalesce((select json_agg(${shape.hearing} order by h.at) from hearings h where h.case_id = c.id), '[]') as hearings,
      coalesce((select json_agg(${shape.instalment} order by i.seq) from instalments i where i.agreement_id = a.id), '[]') as instalments,
      coalesce((select json_agg(${shape.payment} order by pm.paid_at) from payments pm where pm.case_id = c.id and pm.agreement_id = a.id), '[]') as payments,
      coalesce((select json_agg(k order by k.started_on, k.id) from clocks k where k.case_id = c.id), '[]') as clocks,
      coalesce((select json_agg(${shape.duplicate} order by d.found_at, d.id)
                from case_duplicates d
                join cases x on x.id = case when d.case_id = c.id then d.other_case_id else d.case_id end
                join organizations xo on xo.id = x.current_org_id
                where d.case_id = c.id or d.other_case_id = c.id), '[]') as duplicates,
      coalesce((select json_agg(r order by r.invited_at, r.id) from case_respondents r where r.case_id = c.id), '[]') as respondents,
      coalesce((select json_agg(s order by s.created_at, s.id) from services s where s.case_id = c.id), '[]') as services,
      ${calendarVersionSql} as calendar_version
    from cases c
    left join lateral (select * from agreements x where x.case_id = c.id order by x.recorded_at desc, x.id desc limit 1) a on true
    where c.id = ${sql.placeholder('id')}::uuid`;
const loadCase = new Statement<LoadedRow>('case_load', () => loadCaseSql(WHOLE_ROWS));
// GET /cases/:id: only what the detail shows, used as it arrives (no decoding into the domain's
// rows, no Dates).
type DetailRow = DetailSource['row'] & Omit<DetailSource, 'row' | 'clocks' | 'calendarVersion' | 'respondents' | 'services'> & { clocks: J[]; respondents: J[]; services: J[]; calendar_version: string };
const loadDetailRow = new Statement<DetailRow>('case_detail', () => loadCaseSql(DETAIL_ONLY));

const lockCase = new Statement('case_lock', () => sql`select id from cases where id = ${sql.placeholder('id')}::uuid for update`);

/**
 * The case with everything that belongs to it. With `lock` (inside a transaction) the case row
 * is locked FOR UPDATE first, and the rest is read by a second statement, whose snapshot is
 * taken once the lock is held, so it sees what the previous lock holder committed. The two are
 * sent together (pipelined on postgres.js): one round trip.
 */
export async function loadBundle(on: On, id: string, lock: boolean): Promise<CaseBundle | null> {
  const [locked, [raw]] = await Promise.all([lock ? lockCase.run(on, { id }) : null, loadCase.run(on, { id })]);
  return !raw || (locked && !locked.length) ? null : bundleOf(raw);
}

/** What GET /cases/:id shows of the case, read in one statement; null if there is no such case. */
export async function loadDetail(db: Database, id: string): Promise<DetailSource | null> {
  const [raw] = await loadDetailRow.run(db, { id });
  if (!raw) return null;
  const { proceedings, agreement, applicants, orgs, claims: claimRows, hearings, instalments, payments, clocks: clockRows, duplicates, respondents, services: serviceRows, calendar_version } = raw;
  return {
    row: raw,
    proceedings,
    agreement,
    applicants,
    orgs,
    claims: claimRows,
    hearings,
    instalments,
    payments,
    clocks: clockRows.map((r) => fromRow(clocks, r)),
    duplicates,
    respondents: respondents.map((r) => fromRow(caseRespondents, r)),
    services: serviceRows.map((r) => fromRow(services, r)),
    calendarVersion: calendar_version,
  };
}

function bundleOf(raw: LoadedRow): CaseBundle {
  return {
    row: fromRow(cases, raw),
    proceedings: raw.proceedings.map((p) => ({ ...fromRow(proceedings, p.row), orgName: p.orgName })),
    agreement: raw.agreement ? fromRow(agreements, raw.agreement) : null,
    applicants: raw.applicants.map((r) => fromRow(applicants, r)),
    orgs: raw.orgs,
    claims: raw.claims.map((r) => fromRow(claims, r)),
    hearings: raw.hearings.map((r) => fromRow(hearings, r)),
    instalments: raw.instalments.map((r) => fromRow(instalments, r)),
    payments: raw.payments.map((r) => fromRow(payments, r)),
    clocks: raw.clocks.map((r) => fromRow(clocks, r)),
    duplicates: raw.duplicates.map((d) => {
      const row = fromRow(caseDuplicates, d.row);
      return { row, number: d.number, status: d.status as CaseStatus, orgName: d.orgName, dismissedAt: row.dismissedAt };
    }),
    respondents: raw.respondents.map((r) => fromRow(caseRespondents, r)),
    services: raw.services.map((r) => fromRow(services, r)),
    calendarVersion: raw.calendar_version,
  };
}


// ---- Reads outside the case, for a filing or an action -------------------------------------

// As JSON, so that a column added by a later migration does not change the prepared statement's result type.
const orgById = new Statement<{ org: Record<string, unknown> }>('organization_by_id', () => sql`select row_to_json(o) as org from organizations o where o.id = ${sql.placeholder('id')}::uuid`);
const staffById = new Statement<{ id: string; org_id: string | null; disabled: boolean }>(
  'staff_by_id',
  () => sql`select id, org_id, disabled from users where id = ${sql.placeholder('id')}::uuid`,
);

const fileById = new Statement<{ id: string; case_id: string; kind: string; name: string; internal: boolean; withdrawn: boolean }>(
  'case_file_ref',
  () => sql`select id, case_id, kind, name, internal, withdrawn_at is not null as withdrawn from case_files where id = ${sql.placeholder('id')}::uuid`,
);

async function organisation(on: On, id: string): Promise<OrganizationRow | null> {
  const [found] = await orgById.run(on, { id });
  return found ? fromRow(organizations, found.org) : null;
}

/** The rows outside the case that an action names (effects.ts referencesOf), read together. */
export async function readReferences(on: On, names: { orgId?: string; userId?: string; fileId?: string }): Promise<References> {
  const [org, staff, file] = await Promise.all([
    names.orgId ? organisation(on, names.orgId) : undefined,
    names.userId ? staffById.run(on, { id: names.userId }).then(([u]) => (u ? { id: u.id, orgId: u.org_id, disabled: u.disabled } : null)) : undefined,
    names.fileId
      ? fileById.run(on, { id: names.fileId }).then(([f]) => (f ? { id: f.id, caseId: f.case_id, kind: f.kind, name: f.name, internal: f.internal, withdrawn: f.withdrawn } : null))
      : undefined,
  ]);
  return { org, staff, file };
}

// The case a one-time link belongs to (SPEC §10): an invitation to the employer, or a served document.
const caseOfInvitation = new Statement<{ case_id: string }>('case_of_invitation', () => sql`select case_id from case_respondents where invitation_hash = ${sql.placeholder('hash')}`);
const caseOfServiceLink = new Statement<{ case_id: string }>('case_of_service_link', () => sql`select case_id from services where link_hash = ${sql.placeholder('hash')}`);

/** The case whose invitation (`invitation`) or service link (`service`) has this hash; null if none. */
export async function caseOfLink(on: On, link: 'invitation' | 'service', hash: string): Promise<string | null> {
  const [row] = await (link === 'invitation' ? caseOfInvitation : caseOfServiceLink).run(on, { hash });
  return row?.case_id ?? null;
}

// The number, and the calendar's version read in the same statement (src/clocks/calendarCache.ts).
const takeNumber = new Statement<{ last: number; calendar_version: string }>(
  'case_counter_take',
  // From the organisation's row, so that an organisation that does not exist takes no number and
  // leaves the transaction usable (the refusal is then a 400, not a foreign-key error).
  () => sql`insert into case_counters (org_id, year, last) select o.id, ${sql.placeholder('year')}::int, 1 from organizations o where o.id = ${sql.placeholder('orgId')}::uuid
    on conflict (org_id, year) do update set last = case_counters.last + 1
    returning last, ${calendarVersionSql} as calendar_version`,
);

// A worker's open cases against the same employer (SPEC §12), through the partial indexes on open
// cases by credit code and by name; the workers are compared within those few cases.
const resemblingCases = new Statement<{ case_id: string; number: string; status: CaseStatus; org_name: string; reason: DuplicateReason }>(
  'case_resembling',
  () => sql`select c.id as case_id, c.number, c.status, o.name as org_name,
                   case when exists (select 1 from applicants a where a.case_id = c.id and a.id_number = any(${sql.placeholder('idNumbers')}::text[]))
                        then 'id_number' else 'phone' end as reason
              from cases c join organizations o on o.id = c.current_org_id
             where c.status = 'open'
               and (c.respondent_credit_code = ${sql.placeholder('creditCode')} or c.respondent_name = ${sql.placeholder('name')})
               and exists (select 1 from applicants a where a.case_id = c.id
                             and (a.id_number = any(${sql.placeholder('idNumbers')}::text[]) or a.phone = any(${sql.placeholder('phones')}::text[])))
             order by c.id limit 20`,
);
/** A text array literal: the driver then sends one text parameter on either database. */
const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

async function resembling(on: On, probe: DuplicateProbe): Promise<ResemblingCase[]> {
  if (!probe.idNumbers.length && !probe.phones.length) return [];
  const rows = await resemblingCases.run(on, { idNumbers: textArray(probe.idNumbers), phones: textArray(probe.phones), creditCode: probe.creditCode, name: probe.name });
  return rows.map((r) => ({ caseId: r.case_id, number: r.number, status: r.status, orgName: r.org_name, reason: r.reason }));
}

// ---- Writes ----------------------------------------------------------------------------------

const insert = {
  cases: rowInserter('cases_insert', cases),
  applicants: rowInserter('applicants_insert', applicants),
  claims: rowInserter('claims_insert', claims),
  proceedings: rowInserter('proceedings_insert', proceedings),
  caseOrgs: rowInserter('case_orgs_insert', caseOrgs, sql`on conflict do nothing`),
  agreements: rowInserter('agreements_insert', agreements),
  instalments: rowInserter('instalments_insert', instalments),
  hearings: rowInserter('hearings_insert', hearings),
  payments: rowInserter('payments_insert', payments),
  clocks: rowInserter('clocks_insert', clocks),
  events: rowInserter('events_insert', events),
  duplicates: rowInserter('case_duplicates_insert', caseDuplicates),
  notices: rowInserter('notices_insert', notices),
  respondents: rowInserter('case_respondents_insert', caseRespondents),
  services: rowInserter('services_insert', services),
  // Once per key: a message or notification decided twice (a retried transaction) is one.
  sms: rowInserter('sms_messages_insert', smsMessages, sql`on conflict (idempotency_key) do nothing`),
  notifications: rowInserter('notifications_insert', notifications, sql`on conflict (key) do nothing`),
};
const patch = {
  cases: rowPatcher('cases_patch', cases),
  proceedings: rowPatcher('proceedings_patch', proceedings),
  agreements: rowPatcher('agreements_patch', agreements),
  clocks: rowPatcher('clocks_patch', clocks),
  duplicates: rowPatcher('case_duplicates_patch', caseDuplicates),
  respondents: rowPatcher('case_respondents_patch', caseRespondents),
  services: rowPatcher('services_patch', services),
};

const same = (a: unknown, b: unknown): boolean =>
  Object.is(a, b) ||
  (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && JSON.stringify(a) === JSON.stringify(b));

/** The columns of `after` whose values differ from `before`'s, with the id: a patch. */
function patchOf<R extends { id: string }>(before: R, after: R): (Partial<R> & { id: string }) | null {
  const changed: Partial<R> = {};
  let any = false;
  for (const key of Object.keys(after) as (keyof R)[]) {
    if (!same(before[key], after[key])) {
      changed[key] = after[key];
      any = true;
    }
  }
  return any ? { ...changed, id: after.id } : null;
}

/** Rows of `after` that `before` lacks, and patches of those it holds in another state. */
function diff<R extends { id: string }>(before: readonly R[], after: readonly R[]) {
  const was = new Map(before.map((r) => [r.id, r]));
  const added: R[] = [];
  const patches: (Partial<R> & { id: string })[] = [];
  for (const row of after) {
    const old = was.get(row.id);
    if (!old) added.push(row);
    else if (old !== row) {
      const p = patchOf(old, row);
      if (p) patches.push(p);
    }
  }
  return { added, patches };
}

/**
 * Writes a change: whatever differs between the case before and after it, its events and its
 * statistics, as one statement issued without waiting (the transaction awaits it before COMMIT).
 */
function persist(tx: WriteTx, change: CaseChange, searchKey: SearchKey | undefined): void {
  const { before, after } = change;
  const w = new WriteBatch();
  if (!before) {
    w.add(insert.cases([after.row])).add(insert.applicants(after.applicants)).add(insert.claims(after.claims));
  } else {
    const p = patchOf(before.row, after.row);
    if (p) w.add(patch.cases([p]));
  }
  const proceedingRows = diff(before?.proceedings ?? [], after.proceedings);
  w.add(insert.proceedings(proceedingRows.added)).add(patch.proceedings(proceedingRows.patches));
  const handling = new Set(before?.orgs.map((o) => o.orgId));
  w.add(insert.caseOrgs(after.orgs.filter((o) => !handling.has(o.orgId)).map((o) => ({ caseId: after.row.id, ...o }))));
  const a = after.agreement;
  if (a && a.id !== before?.agreement?.id) w.add(insert.agreements([a])).add(insert.instalments(after.instalments));
  else if (a && before?.agreement && a !== before.agreement) {
    const p = patchOf(before.agreement, a);
    if (p) w.add(patch.agreements([p]));
  }
  w.add(insert.hearings(diff(before?.hearings ?? [], after.hearings).added));
  w.add(insert.payments(diff(before?.payments ?? [], after.payments).added));
  const clockRows = diff(before?.clocks ?? [], after.clocks);
  w.add(insert.clocks(clockRows.added)).add(patch.clocks(clockRows.patches));
  const duplicateRows = diff(before?.duplicates.map((d) => d.row) ?? [], after.duplicates.map((d) => d.row));
  w.add(insert.duplicates(duplicateRows.added)).add(patch.duplicates(duplicateRows.patches));
  w.add(insert.events(change.events));
  w.add(insert.notices(change.notices ?? []));
  const respondentRows = diff(before?.respondents ?? [], after.respondents);
  w.add(insert.respondents(respondentRows.added)).add(patch.respondents(respondentRows.patches));
  const serviceRows = diff(before?.services ?? [], after.services);
  w.add(insert.services(serviceRows.added)).add(patch.services(serviceRows.patches));
  w.add(insert.sms(change.sms ?? []));
  w.add(insert.notifications(change.notifications ?? []));
  for (const write of searchWrites(change, searchKey)) w.add(write);
  applyStatDeltas(after.row.categories, change.stats, (write) => w.add(write));
  const statement = w.statement();
  if (statement) tx.send(statement.text, statement.params);
}

/** One transaction of the case paths: what it reads, and persist for what it decided. */
export interface CaseTx {
  /** The case under its row lock, with the rows its input names outside the case, read together. */
  loadForUpdate(id: string, refs: { orgId?: string; userId?: string; fileId?: string }): Promise<{ bundle: CaseBundle | null; refs: References }>;
  /** Uses up a checked phone code in this transaction (SPEC §10); false if another request used it first. */
  consumeCode(id: number, now: Date): Promise<boolean>;
  /** The organisation a case is filed with, the next number there, and the organisation of the filing court if asked, read together. */
  forFiling(
    orgId: string,
    year: number,
    callerOrgId: string | null,
    probe: DuplicateProbe,
  ): Promise<{ org: OrganizationRow | null; number: number; calendarVersion: string; callerOrg: OrganizationRow | null; resembles: ResemblingCase[] }>;
  calendar(version: string): Promise<WorkCalendar>;
  persist(change: CaseChange): void;
}

/** `searchKey` hashes a new case's phones and ID numbers for search; without it the start-up backfill does (searchWrites.ts). */
export function caseTransaction<T>(db: Database, fn: (tx: CaseTx) => Promise<T>, searchKey?: SearchKey): Promise<T> {
  const cache = calendarCache(db);
  return writeTransaction(db, (tx) =>
    fn({
      async loadForUpdate(id, names) {
        const [bundle, refs] = await Promise.all([loadBundle(tx, id, true), readReferences(tx, names)]);
        return { bundle, refs };
      },
      async forFiling(orgId, year, callerOrgId, probe) {
        const orgRead = organisation(tx, orgId);
        const numbered = takeNumber.run(tx, { orgId, year });
        const callerRead = callerOrgId ? organisation(tx, callerOrgId) : null;
        const resemblingRead = resembling(tx, probe);
        numbered.catch(() => {});
        callerRead?.catch(() => {});
        resemblingRead.catch(() => {});
        const org = await orgRead;
        if (!org) return { org, number: 0, calendarVersion: '', callerOrg: null, resembles: [] };
        const [[counter], callerOrg, resembles] = await Promise.all([numbered, callerRead, resemblingRead]);
        return { org, number: counter.last, calendarVersion: counter.calendar_version, callerOrg, resembles };
      },
      calendar: (version) => cache.at(tx, version),
      persist: (change) => persist(tx, change, searchKey),
      async consumeCode(id, now) {
        const used = await tx.statement<{ id: number }>('update otp_codes set consumed_at = $1 where id = $2 and consumed_at is null returning id', [now.toISOString(), id]);
        return used.length === 1;
      },
    }),
  );
}

/**
 * Appends an event to a case outside an action (the calendar's recomputation of its clocks),
 * inside the caller's drizzle transaction, which holds the case row lock: the event row, and the
 * case row's version and chain head.
 */
export async function appendEvent(tx: Tx, row: CaseRow, change: { row: CaseRow; events: CaseChange['events'] }): Promise<void> {
  await tx.insert(events).values(change.events);
  const { version, eventCount, lastEventHash, lastOccurredAt } = change.row;
  await tx.update(cases).set({ version, eventCount, lastEventHash, lastOccurredAt }).where(eq(cases.id, row.id));
}

/**
 * A transaction on a case's file (an upload, a withdrawal, an issued document): `fn` gets the
 * case under its row lock and answers the events to append, which go onto the chain in the same
 * transaction as whatever `fn` wrote. The chain head moves; the case's version and its latest
 * occurrence do not: the file is not the case's state, so an upload neither makes a mediator's
 * open form stale nor stops staff recording what happened the day before. Null if no such case.
 */
export function caseFileTransaction<T>(
  db: Database,
  id: string,
  now: Date,
  fn: (tx: WriteTx, bundle: CaseBundle) => Promise<{ events: NewEvent[]; result: T }>,
): Promise<T | null> {
  return writeTransaction(db, async (tx) => {
    const bundle = await loadBundle(tx, id, true);
    if (!bundle) return null;
    const { events: list, result } = await fn(tx, bundle);
    if (list.length) {
      const { row } = bundle;
      const chained = chainEvents({ caseId: row.id, count: row.eventCount, hash: row.lastEventHash }, list, now);
      const statement = new WriteBatch()
        .add(insert.events(chained.rows))
        .add(patch.cases([{ id: row.id, eventCount: chained.head.count, lastEventHash: chained.head.hash }]))
        .statement();
      if (statement) await tx.statement(statement.text, statement.params);
    }
    return result;
  });
}

// ---- The case list and the timeline ---------------------------------------------------------

const LIST_COLUMNS = [
  'id', 'number', 'kind', 'status', 'outcome', 'channel', 'categories', 'summary', 'respondentName', 'currentOrgId', 'currentKind',
  'currentState', 'applicantCount', 'claimedFen', 'version', 'receivedAt', 'createdAt', 'closedAt',
] as const satisfies readonly (keyof CaseRow)[];
/** A list row as the driver hands it over: the schema's columns, instants as PostgreSQL's text. */
export type ListRow = Shown<CaseRow, (typeof LIST_COLUMNS)[number]> & { currentReceivedAt: string | Date; currentAssignedUserId: string | null; possibleDuplicate: boolean };

const listStatements = new StatementFamily<ListRow>('case_list');

// When the current proceeding was received: one probe of proceedings_case_seq_idx per case, in
// the page's own statement (in id order, PostgreSQL runs it for the page's rows only).
const currentReceived = (caseId: SQL) => sql`(select p.received_at from proceedings p where p.case_id = ${caseId} order by p.seq desc limit 1)`;

// Who holds the current proceeding, and whether a possible duplicate claim waits to be looked at
// (SPEC §12): for the intake queue, probed per row of the page like the receipt above.
const currentAssignee = sql`(select p.assigned_user_id from proceedings p where p.case_id = c.id order by p.seq desc limit 1)`;
const duplicateWaiting = sql`exists (select 1 from case_duplicates d where (d.case_id = c.id or d.other_case_id = c.id) and d.dismissed_at is null)`;

/** What a list row is made of, from `cases c` (the case list and the search). */
export const listSelect = () =>
  sql`select ${columnsAs(cases, 'c', LIST_COLUMNS)}, ${currentReceived(sql`c.id`)} as "currentReceivedAt", ${currentAssignee} as "currentAssignedUserId", ${duplicateWaiting} as "possibleDuplicate"`;

/** A named condition on `cases c`, its values under its placeholders. */
export type ListFilter = [name: string, condition: () => SQL];

/**
 * The list's filters (all but `q`, the cursor and who may see) as conditions on `cases c`, with
 * their values. `upTo` bounds the organisation's membership subquery at a cursor.
 */
export function listFilters(q: ListQuery, values: Record<string, unknown>, upTo: () => SQL = () => sql``): ListFilter[] {
  const filters: ListFilter[] = [];
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
  if (q.assignedTo) {
    filter('assignedTo', q.assignedTo, () => sql`c.id in (select case_id from proceedings where assigned_user_id = ${p('assignedTo')}::uuid and state in ('received', 'accepted'))`);
  }
  if (q.dueBefore) {
    filter('dueBefore', q.dueBefore, () => sql`exists (select 1 from clocks k where k.case_id = c.id and k.status in ('running', 'paused') and k.due_on < ${p('dueBefore')}::date)`);
  }
  return filters;
}

/**
 * GET /cases without `q` (a search is src/cases/searchRepository.ts): only what the caller may
 * see, newest first, keyset-paginated on the time-ordered id; or, with `order=waiting`, the
 * current proceeding received longest ago first, keyset on (that time, id). One prepared
 * statement per combination of filters and order; the values are its parameters. One row more
 * than the page, to tell whether there is a next one.
 */
export async function listRows(db: Database, caller: Caller, q: ListQuery): Promise<ListRow[]> {
  const byId = q.order !== 'waiting';
  // In id order the cursor bounds the membership subqueries too (see visibleCasesCondition).
  const visible = visibleCasesCondition(caller, q.cursor && byId ? 'cursor' : undefined);
  const values: Record<string, unknown> = { ...visible.values, limit: q.limit + 1 };
  const filters = listFilters(q, values, () => (q.cursor && byId ? sql` and case_id < ${sql.placeholder('cursor')}::uuid` : sql``));
  const p = sql.placeholder;
  if (q.cursor) {
    values.cursor = q.cursor;
    filters.push([
      'cursor',
      () => (byId ? sql`c.id < ${p('cursor')}::uuid` : sql`(${currentReceived(sql`c.id`)}, c.id) > (${currentReceived(sql`${p('cursor')}::uuid`)}, ${p('cursor')}::uuid)`),
    ]);
  }
  const shape = [visible.shape, ...filters.map(([name]) => name), byId ? '' : 'waiting'].join(',');
  const statement = listStatements.get(shape, () => {
    const where = sql.join([visible.sql(), ...filters.map(([, condition]) => condition())], sql` and `);
    const order = sql.raw(byId ? 'c.id desc' : '"currentReceivedAt", c.id');
    return sql`${listSelect()} from cases c where ${where} order by ${order} limit ${p('limit')}`;
  });
  return statement.run(db, values);
}

/** A case's events in order; without `internal`, only those a worker may see. */
export function eventsOf(db: Database, id: string, opts: { internal: boolean }) {
  const where = [eq(events.caseId, id)];
  if (!opts.internal) where.push(eq(events.internal, false));
  return db.select().from(events).where(and(...where)).orderBy(asc(events.seq));
}
