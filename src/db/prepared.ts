/**
 * Statements whose SQL text is built once, from drizzle's `sql` template, and run through the
 * driver's public API as prepared statements: postgres.js prepares and names a statement per
 * connection on first use (one round trip per run after that, and statements issued together in
 * a transaction go out together); PGlite runs the same text. Rows come back as the driver gives
 * them, with drizzle's date handling (timestamps and dates as PostgreSQL's text) on both, and are
 * decoded into the schema's row types by fromRow.
 */
import { Column, fillPlaceholders, getTableColumns, is, SQL, sql, type Query } from 'drizzle-orm';
import { PgDialect, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { types, type PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';
import type { Database } from './client.js';

const dialect = new PgDialect();

/** Runs a statement's text with its parameters: the database itself, or a write transaction (src/db/transaction.ts). */
export interface StatementRunner {
  statement<Row>(text: string, params: unknown[]): Promise<Row[]>;
}

// The date and time types drizzle leaves as text on PGlite (its own session passes the same parsers),
// so that both drivers hand fromRow the same values.
const asText = (value: string) => value;
export const PGLITE_QUERY_OPTIONS = {
  rowMode: 'object' as const,
  parsers: Object.fromEntries([types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map((t) => [t, asText])),
};

/** The database's driver: postgres.js or PGlite, as drizzle holds it (`db.$client`). */
export function driverOf(db: Database): { postgres: postgres.Sql } | { pglite: PGlite } {
  const client = db.$client;
  return typeof client === 'function' ? { postgres: client } : { pglite: client };
}

const runners = new WeakMap<Database, StatementRunner>();
function runnerOf(db: Database): StatementRunner {
  let runner = runners.get(db);
  if (runner) return runner;
  const driver = driverOf(db);
  runner =
    'postgres' in driver
      ? { statement: async <Row>(text: string, params: unknown[]) => (await driver.postgres.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as Row[] }
      : { statement: async <Row>(text: string, params: unknown[]) => (await driver.pglite.query<Row>(text, params, PGLITE_QUERY_OPTIONS)).rows };
  runners.set(db, runner);
  return runner;
}

export class Statement<Row = Record<string, unknown>> {
  #query: Query | undefined;

  /** `text` is called once, on first run; values go in through `sql.placeholder(name)`. */
  constructor(
    readonly name: string,
    private readonly text: () => SQL,
  ) {}

  /** The text and the parameters for `values`. */
  bind(values: Record<string, unknown> = {}): { text: string; params: unknown[] } {
    this.#query ??= dialect.sqlToQuery(this.text());
    return { text: this.#query.sql, params: fillPlaceholders(this.#query.params, values) };
  }

  /** Runs on the database or inside a write transaction. */
  run(on: Database | StatementRunner, values?: Record<string, unknown>): Promise<Row[]> {
    const { text, params } = this.bind(values);
    return ('statement' in on ? on : runnerOf(on)).statement<Row>(text, params);
  }
}

/** Statements of one shape each, built on first use (a list's filters pick the shape). */
export class StatementFamily<Row = Record<string, unknown>> {
  readonly #byShape = new Map<string, Statement<Row>>();

  constructor(private readonly name: string) {}

  get(shape: string, text: () => SQL): Statement<Row> {
    let s = this.#byShape.get(shape);
    if (!s) this.#byShape.set(shape, (s = new Statement<Row>(`${this.name}:${shape}`, text)));
    return s;
  }
}

type Columns = [key: string, column: PgColumn][];
const columnCache = new WeakMap<PgTable, Columns>();
function columnsOf(table: PgTable): Columns {
  let cols = columnCache.get(table);
  if (!cols) columnCache.set(table, (cols = Object.entries(getTableColumns(table)) as Columns));
  return cols;
}

// JSON and jsonb values arrive parsed; passing them through mapFromDriverValue would parse a
// string value a second time.
const isJson = (c: PgColumn) => c.columnType === 'PgJson' || c.columnType === 'PgJsonb';

type Decoder = (raw: Record<string, unknown>) => Record<string, unknown>;
const decoders = new WeakMap<PgTable, Decoder>();
const copiesAsIs = (c: PgColumn) => isJson(c) || c.mapFromDriverValue === Column.prototype.mapFromDriverValue;

/**
 * A table's row decoder: each value through its column's decoder (values that need none, such as
 * text, uuid and JSON, are copied), null for a missing one. The list of (key, name, decoder) is
 * built once per table; the hot paths decode every row they read.
 */
function decoderOf(table: PgTable): Decoder {
  let decode = decoders.get(table);
  if (decode) return decode;
  const fields = columnsOf(table).map(([key, c]) => ({ key, name: c.name, map: copiesAsIs(c) ? null : (v: unknown) => c.mapFromDriverValue(v) }));
  decode = (raw) => {
    const row: Record<string, unknown> = {};
    for (const f of fields) {
      const v = raw[f.name];
      row[f.key] = v === null || v === undefined ? null : f.map ? f.map(v) : v;
    }
    return row;
  };
  decoders.set(table, decode);
  return decode;
}

// PostgreSQL's text of a timestamptz in a UTC session ('2025-03-02 17:00:00.12+00') and the form
// its JSON functions write ('2025-03-02T17:00:00.12+00:00').
const PG_UTC_TIMESTAMP = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d{1,6})?\+00(?::00)?$/;

/**
 * A timestamptz value as the API writes instants (Date#toISOString's form), straight from the
 * text PostgreSQL sends in a UTC session, as a column or inside JSON: the list and the detail
 * present instants they never reason about, so they skip building a Date for each. A Date is
 * formatted; anything else (another session time zone) goes through Date. Microseconds are cut
 * to milliseconds, as Date does.
 */
export function isoInstant(value: unknown): string {
  if (typeof value === 'string' && PG_UTC_TIMESTAMP.test(value)) {
    const end = value.length - (value.endsWith('+00:00') ? 6 : 3);
    const fraction = end === 19 ? '000' : `${value.slice(20, end)}00`.slice(0, 3);
    return `${value.slice(0, 10)}T${value.slice(11, 19)}.${fraction}Z`;
  }
  return (value instanceof Date ? value : new Date(value as string)).toISOString();
}

/**
 * A table row from a JSON object keyed by column names (row_to_json, json_agg) or from a plain
 * result row: each value goes through its column's decoder, as drizzle's own selects do.
 */
export function fromRow<T extends PgTable>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  return decoderOf(table)(raw) as T['$inferSelect'];
}

/**
 * A JSON object keyed by column names for json_populate_record(set): every insertable column,
 * taking a column's plain default when the row leaves it out. `partial` keeps only the keys the
 * row names (for patches, where a missing key keeps the stored value).
 */
export function toRow<T extends PgTable>(table: T, row: Partial<T['$inferInsert']>, partial = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const values = row as Record<string, unknown>;
  for (const [key, col] of columnsOf(table)) {
    if (col.generatedIdentity) continue;
    let v = values[key];
    if (v === undefined) {
      if (partial) continue;
      if (col.default !== undefined && !is(col.default, SQL)) v = col.default;
      else if (col.hasDefault) throw new Error(`${col.name}: give a value; its default is SQL, which JSON cannot carry`);
      else v = null;
    }
    out[col.name] = v === null ? null : isJson(col) || Array.isArray(v) ? v : col.mapToDriverValue(v);
  }
  return out;
}

/**
 * A table's columns, each qualified by `alias`, under their own names: rows that fromRow decodes
 * without a JSON round trip (row_to_json costs a JSON.parse per row), and a result type that a
 * column added later does not change.
 */
export const columnList = (table: PgTable, alias: string): SQL =>
  sql.join(columnsOf(table).map(([, c]) => sql`${sql.identifier(alias)}.${sql.identifier(c.name)}`), sql`, `);

type Key<T extends PgTable> = keyof T['$inferSelect'] & string;
const columnOf = (table: PgTable, key: string): PgColumn => {
  const found = columnsOf(table).find(([k]) => k === key);
  if (!found) throw new Error(`no column ${key}`);
  return found[1];
};

/**
 * Some of a table's columns as one JSON object under their keys in TypeScript (camelCase), for a
 * read whose rows are used as they arrive, without a decoding step: timestamps stay PostgreSQL's
 * text (see isoInstant), dates 'YYYY-MM-DD', bigints JSON numbers.
 */
export function jsonObject<T extends PgTable>(table: T, alias: string, keys: readonly Key<T>[], extra: SQL[] = []): SQL {
  // The keys are written into the text (a bound parameter each would be sent and parsed on every run).
  const pairs = keys.map((k) => sql`${keyLiteral(k)}, ${sql.identifier(alias)}.${sql.identifier(columnOf(table, k).name)}`);
  return sql`json_build_object(${sql.join([...pairs, ...extra], sql`, `)})`;
}

/** A schema key as an SQL string literal: only a TypeScript identifier can be one. */
function keyLiteral(key: string): SQL {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`not a column key: ${key}`);
  return sql.raw(`'${key}'`);
}

/** The same as result columns: a bigint comes as float8, which the driver gives as a number. */
export function columnsAs<T extends PgTable>(table: T, alias: string, keys: readonly Key<T>[]): SQL {
  return sql.join(
    keys.map((k) => {
      const c = columnOf(table, k);
      const value = sql`${sql.identifier(alias)}.${sql.identifier(c.name)}`;
      return sql`${c.columnType === 'PgBigInt53' ? sql`${value}::float8` : value} as ${sql.identifier(k)}`;
    }),
    sql`, `,
  );
}

const insertable = (table: PgTable) => columnsOf(table).filter(([, c]) => !c.generatedIdentity).map(([, c]) => sql.identifier(c.name));

/** `insert into t (…) select … from json_populate_recordset(null::t, <json>)`: any number of rows, one text. */
export function insertRowsSql(table: PgTable, json: SQL, extra: SQL = sql``): SQL {
  const cols = sql.join(insertable(table), sql`, `);
  return sql`insert into ${table} (${cols}) select ${cols} from json_populate_recordset(null::${table}, ${json}) ${extra}`;
}

/**
 * Patches rows by id from a JSON array of partial rows: a key present sets the column, a key
 * absent keeps the stored value (json_populate_record over the row itself).
 */
export function patchRowsSql(table: PgTable, json: SQL): SQL {
  const cols = columnsOf(table).filter(([, c]) => !c.generatedIdentity && !c.primary);
  const names = sql.join(cols.map(([, c]) => sql.identifier(c.name)), sql`, `);
  const picked = sql.join(cols.map(([, c]) => sql`r.${sql.identifier(c.name)}`), sql`, `);
  return sql`update ${table} as t set (${names}) = (select ${picked} from json_populate_record(t, e.value) as r)
    from json_array_elements(${json}) as e where t.id = (e.value ->> 'id')::uuid`;
}

/** A JSON parameter: sent as text on both drivers, so neither serializes it a second time. */
export const jsonParam = (name: string) => sql`(${sql.placeholder(name)}::text)::json`;

