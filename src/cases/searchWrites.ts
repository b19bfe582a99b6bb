/**
 * What a search reads, written: a case's names and index keys (case_search) with the case, and
 * the keyed hashes of its applicants' phones and ID numbers (case_search_keys), at filing when
 * the key is at hand, else by the start-up backfill. The keys themselves are computed by the
 * database (search_case_keys, migration 0015), so a filing, the migration and the bulk generator
 * write the same ones.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { jsonParam, Statement } from '../db/prepared.js';
import { writeTransaction } from '../db/transaction.js';
import type { RowWrite } from '../db/writes.js';
import type { CaseChange } from './decide.js';
import { partyHashes, type SearchKey } from './searchHash.js';
import type { CaseBundle } from './state.js';

/** What case_search holds of a case, before the database derives its keys. */
function searchRow(c: Pick<CaseBundle, 'row' | 'applicants' | 'orgs'>) {
  return {
    case_id: c.row.id,
    names: [c.row.respondentName, ...c.applicants.map((a) => a.name)],
    number: c.row.number,
    org_ids: c.orgs.map((o) => o.orgId),
    regions: c.orgs.map((o) => o.regionCode),
  };
}

const searchRecord = (json: SQL) =>
  sql`json_to_recordset(${json}) as r(case_id uuid, names text[], number text, org_ids uuid[], regions text[])`;

const searchInsert = (json: SQL) =>
  sql`insert into case_search (case_id, names, keys) select r.case_id, r.names, search_case_keys(r.number, r.org_ids, r.regions) from ${searchRecord(json)}`;
const searchUpdate = (json: SQL) =>
  sql`update case_search s set names = r.names, keys = search_case_keys(r.number, r.org_ids, r.regions) from ${searchRecord(json)} where s.case_id = r.case_id`;
// Hex from JSON; a null list of hashes stays null: the case is still to be hashed.
const hashesInsert = (json: SQL) =>
  sql`insert into case_search_keys (case_id, hashes)
      select r.case_id, case when r.hashes is null then null else array(select decode(h, 'hex') from json_array_elements_text(r.hashes) h) end
      from json_to_recordset(${json}) as r(case_id uuid, hashes json)`;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The search rows a change writes (for persist's one statement): both rows of a new case, and
 * its names and keys again when the organisations handling it (a referral) or its names change.
 * Without `key` the hashes are left to the start-up backfill.
 */
export function searchWrites(change: CaseChange, key: SearchKey | undefined): RowWrite[] {
  const { before, after } = change;
  const row = searchRow(after);
  if (!before) {
    const hashes = key ? partyHashes(key, after.applicants).map((h) => h.toString('hex')) : null;
    return [
      { name: 'case_search_insert', text: searchInsert, rows: [row] },
      { name: 'case_search_keys_insert', text: hashesInsert, rows: [{ case_id: row.case_id, hashes }] },
    ];
  }
  const was = searchRow(before);
  if (sameList(was.names, row.names) && sameList(was.org_ids, row.org_ids) && was.number === row.number) return [];
  return [{ name: 'case_search_update', text: searchUpdate, rows: [row] }];
}

// ---- The backfill ---------------------------------------------------------------------------

// Cases whose applicants are not hashed yet, each taken by one process (SKIP LOCKED), with the
// numbers to hash.
const pendingCases = new Statement<{ case_id: string; applicants: { phone: string | null; idNumber: string | null }[] }>(
  'case_search_keys_pending',
  () => sql`select k.case_id, coalesce(json_agg(json_build_object('phone', a.phone, 'idNumber', a.id_number) order by a.position) filter (where a.id is not null), '[]') as applicants
    from (select case_id from case_search_keys where hashes is null order by case_id limit ${sql.placeholder('limit')} for update skip locked) k
    left join applicants a on a.case_id = k.case_id
    group by k.case_id`,
);
const fillHashes = new Statement(
  'case_search_keys_fill',
  () => sql`update case_search_keys k set hashes = array(select decode(h, 'hex') from json_array_elements_text(r.hashes) h)
    from json_to_recordset(${jsonParam('rows')}) as r(case_id uuid, hashes json)
    where k.case_id = r.case_id and k.hashes is null`,
);

/**
 * Hashes the phones and ID numbers of every case that has none yet (cases from before search,
 * and any written without the key), a batch per transaction. Several processes may run it at
 * once: each takes rows no other holds, and a row once hashed is never taken again. Answers how
 * many cases it hashed.
 */
export async function backfillSearchHashes(db: Database, key: SearchKey, opts: { batchSize?: number; onBatch?: (done: number) => void } = {}): Promise<number> {
  const limit = opts.batchSize ?? 2000;
  let done = 0;
  for (;;) {
    const n = await writeTransaction(db, async (tx) => {
      const pending = await pendingCases.run(tx, { limit });
      if (!pending.length) return 0;
      const rows = pending.map((p) => ({ case_id: p.case_id, hashes: partyHashes(key, p.applicants).map((h) => h.toString('hex')) }));
      await fillHashes.run(tx, { rows: JSON.stringify(rows) });
      return pending.length;
    });
    if (!n) return done;
    done += n;
    opts.onBatch?.(done);
  }
}
