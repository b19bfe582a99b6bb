import type postgres from 'postgres';
import type { Database } from './client.js';
import { driverOf, PGLITE_QUERY_OPTIONS, type StatementRunner } from './prepared.js';

/**
 * A write transaction for the case paths, on the driver's public API.
 *
 * `statement` runs a statement and answers its rows; `send` issues one without waiting for its
 * answer (the transaction's writes). On PostgreSQL the transaction holds a reserved postgres.js
 * connection, on which queries go out in the order they are issued and are written to the socket
 * together: BEGIN travels with the first read, and COMMIT right behind the writes. The answers are
 * then awaited in order:
 * - a failed statement aborts the transaction, PostgreSQL answers the COMMIT with ROLLBACK, and
 *   the first failure is thrown (it explains the ones after it);
 * - if `fn` throws, what it issued is awaited and the transaction rolled back;
 * - success is returned only when COMMIT itself answered COMMIT.
 * On PGlite it is PGlite's own transaction: there is no network to save.
 */
export interface WriteTx extends StatementRunner {
  send(text: string, params: unknown[]): void;
}

export async function writeTransaction<T>(db: Database, fn: (tx: WriteTx) => Promise<T>): Promise<T> {
  const driver = driverOf(db);
  if ('pglite' in driver) {
    return driver.pglite.transaction(async (t) => {
      const issued = new Issued();
      const result = await fn({
        statement: async <Row>(text: string, params: unknown[]) => (await t.query<Row>(text, params, PGLITE_QUERY_OPTIONS)).rows,
        send: (text, params) => issued.add(t.query(text, params, PGLITE_QUERY_OPTIONS)),
      }).catch(async (err) => {
        await issued.settled();
        throw err;
      });
      await issued.all();
      return result;
    });
  }

  const conn = await driver.postgres.reserve();
  const issued = new Issued();
  const issue = (text: string, params: unknown[] = []) => {
    // execute() hands the query to the connection now, so queries go out in the order issued.
    const query = conn.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }).execute();
    issued.add(query);
    return query;
  };
  try {
    issue('begin');
    let result: T;
    try {
      result = await fn({
        statement: async <Row>(text: string, params: unknown[]) => (await issue(text, params)) as unknown as Row[],
        send: (text, params) => void issue(text, params),
      });
    } catch (err) {
      await issued.settled();
      throw err;
    }
    const commit = issue('commit');
    await issued.all();
    const done = await commit;
    if (done.command !== 'COMMIT') throw new Error(`the transaction ended with ${done.command}, not COMMIT`);
    return result;
  } catch (err) {
    // The connection goes back to the pool outside any transaction (a ROLLBACK after the
    // transaction has ended only warns). Error paths only: success never pays for it.
    await conn.unsafe('rollback').catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}

/** What a transaction issued, awaited in issuing order so that the first failure is the one thrown. */
class Issued {
  readonly #list: Promise<unknown>[] = [];

  add(p: Promise<unknown>): void {
    // Handled here so that a failure waits for all() instead of becoming an unhandled rejection.
    p.catch(() => {});
    this.#list.push(p);
  }

  async all(): Promise<void> {
    for (const p of this.#list) await p;
  }

  async settled(): Promise<void> {
    await Promise.allSettled(this.#list);
  }
}
