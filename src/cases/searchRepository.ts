/**
 * GET /cases?q=: the search's statements (docs/SEARCH.md has their plans and timings). Each rank
 * of search.ts is read by its own prepared statement, best rank first, until the page is full;
 * every statement applies who may see (access.ts) and the list's other filters to each row. The
 * index's candidates go in as an array (`c.id = any(array(…))`), which any plan, a generic one
 * included, reads first and then probes case by case in id order.
 *
 * Names and numbers by their beginning are read in one of two ways, chosen by what the first
 * finds rather than by guessing:
 * - the newest cases one by one (a window of WINDOW rows, in index order), keeping those that
 *   match: a page of a common term ("有限公司", "李") fills within the first few hundred rows;
 * - if the window did not fill the page, the term is rare in the caller's scope, and the index
 *   (grams and scope keys, or number and scope keys) gives every match there, few enough to sort.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../auth/caller.js';
import type { Database } from '../db/client.js';
import { StatementFamily } from '../db/prepared.js';
import { visibleCasesCondition } from './access.js';
import { listFilters, listSelect, type ListRow } from './repository.js';
import type { ListQuery } from './schemas.js';
import { callerScopeKey, numberPrefixKey, prefixEnd, ranksOf, type Rank, type SearchCursor, type SearchTerms } from './search.js';

export interface SearchHit {
  row: ListRow;
  rank: Rank;
}

/**
 * How many of the newest cases a name search reads one by one before it asks the index, and how
 * many numbers with the prefix, latest first, a number search reads (docs/SEARCH.md: why these).
 */
export const WINDOWS = { name: 20_000, number: 2_000 };

const statements = new StatementFamily<ListRow>('case_search');
const p = sql.placeholder;

/** A text array as one text parameter (the same on both drivers). */
const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** The names of a case_search row folded as search_grams folds them, one per line, for LIKE. */
const foldedNames = (alias: string) => sql`search_fold(array_to_string(${sql.identifier(alias)}.names, E'\\n'))`;
const byNumber = sql`(c.number collate "C")`;
const numberRange = sql`${byNumber} >= ${p('numberLo')} and ${byNumber} < ${p('numberHi')}`;

interface Query {
  db: Database;
  caller: Caller;
  q: ListQuery;
  terms: SearchTerms;
  /** The hex of the keyed hash, for a search by phone or ID number. */
  hash: string | null;
  windows: typeof WINDOWS;
}

/**
 * One rank's statement: `shape` names its text among the others; `build` writes it from the
 * conditions every statement has (who may see, the filters, and the exclusion of the number
 * ranks from the name ranks); `values` fills it.
 */
function rankStatement(
  query: Query,
  rank: Rank,
  path: string,
  after: string | null,
  limit: number,
  build: (common: SQL, v: Record<string, unknown>) => SQL,
): Promise<ListRow[]> {
  const { q, terms, caller } = query;
  // In id order, a cursor also bounds the membership subqueries (see visibleCasesCondition).
  const inIdOrder = rank !== 'numberPrefix';
  const visible = visibleCasesCondition(caller, after && inIdOrder ? 'cursor' : undefined);
  const values: Record<string, unknown> = { ...visible.values, limit };
  const filters = listFilters(q, values);
  const scopeKey = callerScopeKey(caller);
  if (scopeKey) values.scopeKey = scopeKey;
  if (after) values.cursor = after;
  const number = terms.kind === 'text' ? terms.number : null;
  if (number) Object.assign(values, { number, numberLo: number, numberHi: prefixEnd(number) });
  // A name rank leaves out the cases its number ranks have shown.
  const excludeNumbers = number !== null && (rank === 'exactName' || rank === 'partialName');
  const shape = [rank, path, visible.shape, ...filters.map(([name]) => name), after ? 'after' : '', scopeKey ? 'scoped' : '', excludeNumbers ? 'numbered' : ''].join(',');
  const statement = statements.get(shape, () => {
    const common = sql.join(
      [visible.sql(), ...filters.map(([, condition]) => condition()), ...(excludeNumbers ? [sql`not (${numberRange})`] : [])],
      sql` and `,
    );
    return build(common, values);
  });
  return statement.run(query.db, buildValues(query, rank, values));
}

/** The values of the rank's own placeholders. */
function buildValues(query: Query, rank: Rank, values: Record<string, unknown>): Record<string, unknown> {
  const { terms } = query;
  if (terms.kind === 'identity') return { ...values, hash: query.hash };
  const scopeKey = values.scopeKey as string | undefined;
  if (rank === 'numberPrefix') return { ...values, window: query.windows.number, numberKeys: textArray([numberPrefixKey(terms.number!), ...(scopeKey ? [scopeKey] : [])]) };
  const name = terms.name;
  if (!name) return values;
  return { ...values, name: textArray([name.text]), grams: textArray(name.grams), like: name.like, window: query.windows.name };
}

const scoped = (values: Record<string, unknown>, alias: string) =>
  values.scopeKey ? sql` and ${sql.identifier(alias)}.keys @> array[${p('scopeKey')}]::text[]` : sql``;
const idBefore = (values: Record<string, unknown>, column: SQL) => (values.cursor ? sql` and ${column} < ${p('cursor')}::uuid` : sql``);
const notExactName = (alias: string) => sql`not (${sql.identifier(alias)}.names @> ${p('name')}::text[])`;

// How many numbers the range holds after the cursor, counted up to one more than the window.
const rangeCount = new StatementFamily<{ n: number }>('case_search_range');
function rangeSize(query: Query, after: string | null): Promise<{ n: number }[]> {
  const number = (query.terms as { number: string }).number;
  const statement = rangeCount.get(after ? 'after' : '', () => {
    const afterNumber = after ? sql` and ${byNumber} < (select x.number collate "C" from cases x where x.id = ${p('cursor')}::uuid)` : sql``;
    return sql`select count(*)::int as n from (select 1 from cases c where ${numberRange} and c.number <> ${p('number')}${afterNumber} limit ${p('window')}::int + 1) r`;
  });
  return statement.run(query.db, { number, numberLo: number, numberHi: prefixEnd(number), cursor: after, window: query.windows.number });
}

/** The rows of one rank after the cursor, at most `limit`. */
async function rankRows(query: Query, rank: Rank, after: string | null, limit: number): Promise<ListRow[]> {
  const select = listSelect();
  switch (rank) {
    case 'identity':
      return rankStatement(query, rank, 'index', after, limit, (common, v) => sql`${select} from cases c
        where c.id = any(array(select k.case_id from case_search_keys k where k.hashes @> array[decode(${p('hash')}, 'hex')]))
          and ${common}${idBefore(v, sql`c.id`)}
        order by c.id desc limit ${p('limit')}`);
    case 'exactNumber':
      // One case at most: a cursor in this rank means the rank is done.
      if (after) return [];
      return rankStatement(query, rank, 'index', null, limit, (common) => sql`${select} from cases c where c.number = ${p('number')} and ${common} limit ${p('limit')}`);
    case 'numberPrefix': {
      // Latest number first; a cursor is the last case shown, whose number bounds the rest.
      const afterNumber = (v: Record<string, unknown>) =>
        v.cursor ? sql` and ${byNumber} < (select x.number collate "C" from cases x where x.id = ${p('cursor')}::uuid)` : sql``;
      const window = await rankStatement(query, rank, 'window', after, limit, (common, v) => sql`${select}
        from (select c.id, ${byNumber} as k from cases c where ${numberRange}${afterNumber(v)} order by ${byNumber} desc limit ${p('window')}) w
        join cases c on c.id = w.id
        where c.number <> ${p('number')} and ${common}
        order by w.k desc limit ${p('limit')}`);
      if (window.length >= limit) return window;
      // A window that held every number in the range has shown all there is (an exact number's own range is itself).
      const [{ n }] = await rangeSize(query, after);
      if (n <= query.windows.number) return window;
      return rankStatement(query, rank, 'index', after, limit, (common, v) => sql`${select} from cases c
        where c.id = any(array(select s.case_id from case_search s where s.keys @> ${p('numberKeys')}::text[]))
          and ${numberRange} and c.number <> ${p('number')}${afterNumber(v)} and ${common}
        order by ${byNumber} desc limit ${p('limit')}`);
    }
    case 'exactName':
      return rankStatement(query, rank, 'index', after, limit, (common, v) => sql`${select} from cases c
        where c.id = any(array(select s.case_id from case_search s where s.names @> ${p('name')}::text[]${scoped(v, 's')}))
          and ${common}${idBefore(v, sql`c.id`)}
        order by c.id desc limit ${p('limit')}`);
    case 'partialName': {
      const matches = (alias: string) => sql`${foldedNames(alias)} like ${p('like')} and ${notExactName(alias)}`;
      if (query.caller.role === 'worker') {
        // A worker's own cases are few: read them all.
        return rankStatement(query, rank, 'own', after, limit, (common, v) => sql`${select} from cases c join case_search w on w.case_id = c.id
          where ${matches('w')} and ${common}${idBefore(v, sql`c.id`)}
          order by c.id desc limit ${p('limit')}`);
      }
      const window = await rankStatement(query, rank, 'window', after, limit, (common, v) => sql`${select}
        from (select s.case_id, s.names, s.keys from case_search s where true${idBefore(v, sql`s.case_id`)} order by s.case_id desc limit ${p('window')}) w
        join cases c on c.id = w.case_id
        where ${matches('w')}${scoped(v, 'w')} and ${common}
        order by w.case_id desc limit ${p('limit')}`);
      if (window.length >= limit) return window;
      return rankStatement(query, rank, 'index', after, limit, (common, v) => sql`${select} from cases c
        where c.id = any(array(select s.case_id from case_search s where search_grams(s.names) @> ${p('grams')}::text[]${scoped(v, 's')}
                                 and ${matches('s')}${idBefore(v, sql`s.case_id`)}))
          and ${common}
        order by c.id desc limit ${p('limit')}`);
    }
  }
}

/**
 * A page of a search and one row more if there is a next page, each row with its rank, from
 * `cursor` on. Ranks that cannot hold a match for these terms are not asked. `windows` other than
 * WINDOWS only in tests, which read the same search both ways.
 */
export async function searchRows(
  db: Database,
  caller: Caller,
  q: ListQuery,
  terms: SearchTerms,
  opts: { cursor: SearchCursor | null; hash: string | null; windows?: typeof WINDOWS },
): Promise<SearchHit[]> {
  if (visibleCasesCondition(caller).shape === 'nobody') return [];
  const query: Query = { db, caller, q, terms, hash: opts.hash, windows: opts.windows ?? WINDOWS };
  const ranks = ranksOf(terms);
  const hits: SearchHit[] = [];
  for (let i = opts.cursor ? ranks.indexOf(opts.cursor.rank) : 0; i < ranks.length && hits.length <= q.limit; i++) {
    const rank = ranks[i];
    const rows = await rankRows(query, rank, opts.cursor?.rank === rank ? opts.cursor.id : null, q.limit + 1 - hits.length);
    for (const row of rows) hits.push({ row, rank });
  }
  return hits;
}
