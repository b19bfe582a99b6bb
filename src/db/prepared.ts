/**
 * SQL for the hot paths (issue 6): statements whose text is built once and that run as named
 * prepared statements, with rows passed in and out as JSON so that both drivers decode them
 * alike.
 *
 * Why not drizzle's query builders here: they rebuild the SQL text on every call (about a tenth
 * of a millisecond of CPU for a ten-column select), and on postgres.js an unnamed statement with
 * parameters costs two round trips (Parse/Describe, wait for the parameter types, then
 * Bind/Execute). A named statement is parsed and planned once per connection, costs one round
 * trip, and can be pipelined: statements sent inside a transaction without awaiting each one go
 * out together and still run in order. On PGlite `prepare` changes nothing but the CPU saved.
 *
 * Everything here stays inside drizzle's `sql` template and its session API, so PGlite and
 * postgres.js run the same text.
 */
import { Column, fillPlaceholders, getTableColumns, is, SQL, sql, type Query } from 'drizzle-orm';
import { PgDialect, PgTransaction, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { PostgresJsSession } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import type { Queryable } from './client.js';

const dialect = new PgDialect();

type Session = Queryable['_']['session'];
type Prepared = ReturnType<Session['prepareQuery']>;

export class Statement<Row = Record<string, unknown>> {
  #query: Query | undefined;
  /**
   * On PGlite: drizzle's prepared query on the database's own session, built once rather than per
   * run. A transaction's session lives for one transaction, so its statements are prepared as they
   * run. (On postgres.js, run() hands the text to the driver, which prepares it per connection.)
   */
  readonly #prepared = new WeakMap<Session, Prepared>();

  /** `text` is called once; values go in through `sql.placeholder(name)`. */
  constructor(
    private readonly name: string,
    private readonly text: () => SQL,
  ) {}

  /** Runs on the database or inside a transaction, as a named prepared statement. */
  async run(q: Queryable, values?: Record<string, unknown>): Promise<Row[]> {
    const session = q._.session;
    if (is(session, PostgresJsSession)) {
      // Straight to postgres.js with the text drizzle built: what drizzle's prepared query would
      // send (prepared by postgres.js, on the client drizzle configured), without the tracing
      // spans, logger and cache wrappers it runs per call (about 3% of a case detail's CPU).
      this.#query ??= dialect.sqlToQuery(this.text());
      const client = (session as unknown as { client: postgres.Sql }).client;
      return (await client.unsafe(this.#query.sql, fillPlaceholders(this.#query.params, values ?? {}) as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as Row[];
    }
    const lasting = !is(q, PgTransaction);
    let prepared = lasting ? this.#prepared.get(session) : undefined;
    if (!prepared) {
      this.#query ??= dialect.sqlToQuery(this.text());
      prepared = session.prepareQuery(this.#query, undefined, this.name, false);
      if (lasting) this.#prepared.set(session, prepared);
    }
    const result = await prepared.execute(values);
    // postgres.js answers an array of rows, PGlite an object holding them.
    return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
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
 * A table's row decoder, generated once: one object literal of the table's shape, each value
 * through its column's decoder (values that need none, such as text, uuid and JSON, are copied).
 * Rows are decoded on every read of the hot paths; a generated literal builds each row in one
 * allocation of a fixed shape, in a fifth of the time of a loop adding keys one at a time
 * (0.4 against 2.1 µs for a clock row, measured in-process).
 * The generated source holds only the schema's own key and column names, quoted.
 */
function decoderOf(table: PgTable): Decoder {
  let decode = decoders.get(table);
  if (decode) return decode;
  const cols = columnsOf(table);
  const mappers = cols.map(([, c]) => (copiesAsIs(c) ? null : (v: unknown) => c.mapFromDriverValue(v)));
  const fields = cols.map(([key, c], i) => `${JSON.stringify(key)}: (v = raw[${JSON.stringify(c.name)}]) === null || v === undefined ? null : ${mappers[i] ? `m[${i}](v)` : 'v'}`);
  decode = new Function('m', `return function decode(raw) { let v; return { ${fields.join(', ')} }; };`)(mappers) as Decoder;
  decoders.set(table, decode);
  return decode;
}

// PostgreSQL's text of a timestamptz in a UTC session ('2025-03-02 17:00:00.12+00') and the form
// its JSON functions write ('2025-03-02T17:00:00.12+00:00').
const PG_UTC_TIMESTAMP = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d{1,6})?\+00(?::00)?$/;

/**
 * A timestamptz value as the API writes instants (Date#toISOString's form), straight from the
 * text PostgreSQL sends in a UTC session, as a column or inside JSON, without building a Date: on
 * a page of 20 cases, parsing three timestamps each into Dates and formatting them back was about
 * 5% of the list's CPU. A Date is formatted; anything else (another session time zone) goes
 * through Date. Microseconds are cut to milliseconds, as Date does.
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

/**
 * One table's share of a transaction's writes, to go out with the others as one statement
 * (WriteBatch): the rows as JSON objects, and the data-modifying statement that takes them.
 */
export interface RowWrite {
  /** Names the statement text; writes of the same name are one part of the batch. */
  name: string;
  text: (json: SQL) => SQL;
  rows: Record<string, unknown>[];
  /** Patches by id: two patches of one row are merged (one statement cannot update a row twice). */
  byId?: boolean;
}

/** Rows inserted by one prepared statement per table; `.batched(rows)` is the same write for a WriteBatch. */
export function rowInserter<T extends PgTable>(name: string, table: T, extra: SQL = sql``) {
  const text = (json: SQL) => insertRowsSql(table, json, extra);
  const stmt = new Statement(name, () => text(jsonParam('rows')));
  const json = (rows: T['$inferInsert'][]) => rows.map((r) => toRow(table, r));
  return Object.assign((q: Queryable, rows: T['$inferInsert'][]) => stmt.run(q, { rows: JSON.stringify(json(rows)) }), {
    batched: (rows: T['$inferInsert'][]): RowWrite => ({ name, text, rows: json(rows) }),
  });
}

/**
 * Rows patched by id, as part of a transaction's WriteBatch (`.batched(patches)`): every patch
 * goes out with the transaction's other writes, so there is no statement of its own.
 */
export function rowPatcher<T extends PgTable>(name: string, table: T) {
  const text = (json: SQL) => patchRowsSql(table, json);
  return {
    batched: (patches: (Partial<T['$inferInsert']> & { id: string })[]): RowWrite => ({ name, text, rows: patches.map((p) => toRow(table, p, true)), byId: true }),
  };
}

const batchStatements = new StatementFamily('writes');

/**
 * A transaction's writes (inserts, patches, upserts into several tables) gathered and sent as
 * ONE statement: `with w0 as (insert …), w1 as (update …), … select`. A filing or an action made
 * one statement per table it wrote (up to eight: proceeding, agreement, instalments, clocks
 * inserted and patched, event, case, rollups), and each cost PostgreSQL a Bind/Execute and an
 * executor start, and the driver a message built and a result parsed; the bare baseline of the
 * benchmark writes an action in one such statement.
 *
 * The parts all run on the statement's snapshot, so none may depend on another's effect: a row
 * is inserted or patched, never both (the writers build each row's final state in memory first),
 * and patches of one row are merged here. Foreign keys and other AFTER triggers are checked at
 * the end of the statement, when every part is in. The parts are placed in the order of their
 * names, so every transaction that writes the same tables takes their row locks in the same
 * order (the rollups', shared between cases, above all).
 */
export class WriteBatch {
  readonly #parts = new Map<string, RowWrite>();

  get size(): number {
    return this.#parts.size;
  }

  add(write: RowWrite): void {
    if (!write.rows.length) return;
    const held = this.#parts.get(write.name);
    if (!held) {
      this.#parts.set(write.name, { ...write, rows: [...write.rows] });
      return;
    }
    for (const row of write.rows) {
      const same = write.byId ? held.rows.findIndex((r) => r.id === row.id) : -1;
      if (same >= 0) held.rows[same] = { ...held.rows[same], ...row };
      else held.rows.push(row);
    }
  }

  /** Sends the parts as one prepared statement (one per combination of parts), and empties the batch. */
  run(q: Queryable): Promise<unknown> {
    const parts = [...this.#parts.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.#parts.clear();
    const values = Object.fromEntries(parts.map((w, i) => [`w${i}`, JSON.stringify(w.rows)]));
    const statement = batchStatements.get(parts.map((w) => w.name).join(','), () => {
      const ctes = parts.map((w, i) => sql`${sql.identifier(`w${i}`)} as (${w.text(jsonParam(`w${i}`))})`);
      return sql`with ${sql.join(ctes, sql`, `)} select 1 as written`;
    });
    return statement.run(q, values);
  }
}

/**
 * Writes sent inside a transaction without awaiting each (postgres.js pipelines them on the
 * transaction's connection; they still run in the order sent). `flush` waits for all of them and
 * throws the first failure in sending order: a failed write makes every later statement of the
 * transaction fail too, and the first failure is the one that explains it.
 *
 * Row writes given to `write` are gathered instead (WriteBatch) and go out as one statement when
 * the transaction's work is done (`sendWrites`), behind everything sent before.
 */
export class Pipeline {
  #pending: Promise<unknown>[] = [];
  readonly #batch = new WriteBatch();

  readonly send = (write: PromiseLike<unknown>): void => {
    // Taken once: a drizzle query is a lazy thenable that would run again on every `then`.
    const sent = Promise.resolve(write);
    // Handled here so that a failure waits for flush instead of becoming an unhandled rejection.
    sent.catch(() => {});
    this.#pending.push(sent);
  };

  readonly write = (write: RowWrite): void => this.#batch.add(write);

  /** Sends the gathered row writes as one statement (nothing when there are none). */
  sendWrites(q: Queryable): void {
    if (this.#batch.size) this.send(this.#batch.run(q));
  }

  async flush(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    for (const write of pending) await write;
  }

  /** Runs `fn`, sends its row writes, then waits for what it sent; a failed write takes precedence over the error it caused. */
  async run<T>(q: Queryable, fn: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      await this.flush();
      throw err;
    }
    this.sendWrites(q);
    await this.flush();
    return result;
  }
}
