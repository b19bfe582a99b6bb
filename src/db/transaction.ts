import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { Database, Tx } from './client.js';
import { Pipeline } from './prepared.js';

/**
 * A transaction for the write paths (issue 6) whose `begin` and `commit` cost no round trip of
 * their own, with a Pipeline for the writes sent without waiting.
 *
 * drizzle's transaction on postgres.js waits for BEGIN's answer before the first statement and
 * for every statement's answer before COMMIT, so a filing paid two round trips for the two words.
 * Here, on postgres.js, BEGIN goes out with the transaction's first statement, and COMMIT right
 * behind the last writes; then the answers are awaited together:
 * - if any statement failed, PostgreSQL has already aborted the transaction and answers that
 *   COMMIT with ROLLBACK, so nothing is kept, and the first failure is thrown;
 * - if `fn` throws, everything it sent is awaited and the transaction rolled back;
 * - success is returned only when COMMIT itself answered COMMIT.
 *
 * `fn` must have sent every statement by the time it returns (send, don't defer). Statements pass
 * through a few promise jobs (drizzle's, the driver's) before they reach the connection, so
 * COMMIT is issued only once every statement of the transaction has been handed to it (each
 * query the transaction's client made is watched for that), which keeps COMMIT last. That happens
 * within the same event-loop turn, so COMMIT follows the last statements without waiting. Should
 * a statement still be waiting for the connection after many jobs, COMMIT waits a whole turn.
 *
 * On PGlite this is drizzle's transaction: there is no network to save.
 */
export async function pipelinedTransaction<T>(db: Database, fn: (tx: Tx, pipeline: Pipeline) => Promise<T>): Promise<T> {
  const client = (db as unknown as { $client: unknown }).$client;
  if (!isPostgresJs(client)) {
    return db.transaction((tx) => {
      const pipeline = new Pipeline();
      return pipeline.run(tx, () => fn(tx, pipeline));
    });
  }
  // What drizzle's own transaction hands its session: the dialect, the schema and the options.
  const parts = db._.session as unknown as { dialect: PgDialect; schema: ConstructorParameters<typeof PostgresJsSession>[2]; options: ConstructorParameters<typeof PostgresJsSession>[3] };
  const conn = await client.reserve();
  try {
    // The reserved connection takes the place of postgres.js's transaction handle; savepoints
    // (nested transactions) are not offered on this path.
    const issued: { state?: unknown }[] = [];
    const client = new Proxy(conn, {
      get: (target, key, receiver) =>
        key === 'unsafe'
          ? (...args: Parameters<typeof conn.unsafe>) => {
              const query = target.unsafe(...args);
              issued.push(query as { state?: unknown });
              return query;
            }
          : Reflect.get(target, key, receiver),
    });
    const txSession = new PostgresJsSession(client as unknown as postgres.Sql, parts.dialect, parts.schema, parts.options);
    const tx = new PostgresJsTransaction(parts.dialect, txSession as never, parts.schema) as unknown as Tx;
    const begin = conn.unsafe('begin').execute();
    begin.catch(() => {});
    const pipeline = new Pipeline();
    let result: T;
    try {
      result = await fn(tx, pipeline);
      pipeline.sendWrites(tx);
    } catch (err) {
      // What was sent is answered first: a failed write explains the error it caused.
      await begin.catch(() => {});
      await pipeline.flush();
      throw err;
    }
    await handedOver(issued);
    const commit = conn.unsafe('commit').execute();
    commit.catch(() => {});
    try {
      await begin;
      await pipeline.flush();
    } catch (err) {
      // The transaction is aborted; the COMMIT already sent ends it (PostgreSQL answers ROLLBACK).
      await commit.catch(() => {});
      throw err;
    }
    const done = await commit;
    if (done.command !== 'COMMIT') throw new Error(`the transaction ended with ${done.command}, not COMMIT`);
    return result;
  } catch (err) {
    // Whatever failed, the connection goes back to the pool outside any transaction (a ROLLBACK
    // after the transaction has ended only warns). Error paths only: success never pays for it.
    await conn.unsafe('rollback').catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}

/**
 * Resolves once every query has been handed to its connection (postgres.js sets `state` when it
 * writes a query out), waiting promise job by promise job. Past 64 jobs (a query queued behind a
 * busy connection, or a server that sends no backend key, which leaves `state` empty) it waits one
 * event-loop turn instead, as this did before it watched the queries.
 */
async function handedOver(queries: { state?: unknown }[]): Promise<void> {
  for (let jobs = 0; queries.some((q) => !q.state); jobs++) {
    if (jobs === 64) return new Promise((resolve) => setImmediate(resolve));
    await null;
  }
}

function isPostgresJs(client: unknown): client is postgres.Sql {
  return typeof client === 'function' && typeof (client as { reserve?: unknown }).reserve === 'function';
}
