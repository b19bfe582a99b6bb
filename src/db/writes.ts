/**
 * A transaction's row writes, gathered and sent as one statement:
 * `with w0 as (insert …), w1 as (update …), … select 1`. An action writes up to ten tables (case,
 * proceeding, agreement, instalments, payments, clocks inserted and patched, event, rollups); as
 * one statement they cost PostgreSQL one Bind/Execute and the driver one message.
 *
 * The parts of one statement all see the snapshot taken when it starts, so no part may depend on
 * another's effect. That holds because the writes are derived from the final state of the case
 * (src/cases/repository.ts persist): each row is inserted or patched, never both, and patches of
 * one row are merged here. Foreign keys are checked at the end of the statement, when every part
 * is in. The parts are placed in the order of their names, so every transaction that writes the
 * same tables takes their row locks in the same order (the shared rollup rows above all).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { insertRowsSql, jsonParam, patchRowsSql, StatementFamily, toRow } from './prepared.js';

/** One table's share of a transaction's writes: the rows as JSON objects, and the statement that takes them. */
export interface RowWrite {
  /** Names the statement text; writes of the same name are one part of the batch. */
  name: string;
  text: (json: SQL) => SQL;
  rows: Record<string, unknown>[];
  /** Patches by id: two patches of one row are merged (one statement cannot update a row twice). */
  byId?: boolean;
}

/** Rows inserted into `table`, as a write for a WriteBatch. */
export function rowInserter<T extends PgTable>(name: string, table: T, extra: SQL = sql``) {
  const text = (json: SQL) => insertRowsSql(table, json, extra);
  return (rows: T['$inferInsert'][]): RowWrite => ({ name, text, rows: rows.map((r) => toRow(table, r)) });
}

/** Rows of `table` patched by id (a key present sets the column, a key absent keeps it), as a write for a WriteBatch. */
export function rowPatcher<T extends PgTable>(name: string, table: T) {
  const text = (json: SQL) => patchRowsSql(table, json);
  return (patches: (Partial<T['$inferInsert']> & { id: string })[]): RowWrite => ({ name, text, rows: patches.map((p) => toRow(table, p, true)), byId: true });
}

const batchStatements = new StatementFamily('writes');

export class WriteBatch {
  readonly #parts = new Map<string, RowWrite>();

  add(write: RowWrite): this {
    if (!write.rows.length) return this;
    const held = this.#parts.get(write.name);
    if (!held) {
      this.#parts.set(write.name, { ...write, rows: [...write.rows] });
      return this;
    }
    for (const row of write.rows) {
      const same = write.byId ? held.rows.findIndex((r) => r.id === row.id) : -1;
      if (same >= 0) held.rows[same] = { ...held.rows[same], ...row };
      else held.rows.push(row);
    }
    return this;
  }

  /** The batch as one statement's text (one prepared text per combination of parts) and parameters; null when empty. */
  statement(): { text: string; params: unknown[] } | null {
    const parts = [...this.#parts.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!parts.length) return null;
    const values = Object.fromEntries(parts.map((w, i) => [`w${i}`, JSON.stringify(w.rows)]));
    const statement = batchStatements.get(parts.map((w) => w.name).join(','), () => {
      const ctes = parts.map((w, i) => sql`${sql.identifier(`w${i}`)} as (${w.text(jsonParam(`w${i}`))})`);
      return sql`with ${sql.join(ctes, sql`, `)} select 1 as written`;
    });
    return statement.bind(values);
  }
}
