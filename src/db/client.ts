import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.js';

/**
 * One type for both drivers: services never know which database they run on. `$client` is the
 * driver drizzle was given, for the statements that run on it directly (src/db/prepared.ts).
 */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema> & { $client: postgres.Sql | PGlite };
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything queries can run on: the database or a transaction. */
export type Queryable = Database | Tx;

export interface DbHandle {
  db: Database;
  driver: 'pglite' | 'postgres';
  /** Runs `fn` while holding a database-wide lock, so several processes start up one at a time. */
  withStartupLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const STARTUP_LOCK_KEY = 7_305_511; // any constant shared by every Tiaojie process

export function openDatabase(opts: { url?: string; pgliteDir?: string; poolSize?: number }): DbHandle {
  if (opts.url) {
    const client = postgres(opts.url, { max: opts.poolSize ?? 10, onnotice: () => {} });
    const db: Database = drizzlePostgres(client, { schema });
    return {
      db,
      driver: 'postgres',
      async withStartupLock(fn) {
        const conn = await client.reserve();
        try {
          await conn`select pg_advisory_lock(${STARTUP_LOCK_KEY})`;
          return await fn();
        } finally {
          await conn`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`.catch(() => {});
          conn.release();
        }
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = opts.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  const db: Database = drizzlePglite(client, { schema });
  return {
    db,
    driver: 'pglite',
    // A PGlite directory belongs to one process, so there is nobody to wait for.
    withStartupLock: (fn) => fn(),
    close: () => client.close(),
  };
}

/** Runs raw SQL and returns its rows, whichever driver answers (PGlite wraps them, postgres.js does not). */
export async function queryRows<T>(q: Queryable, query: SQL): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? [...result] : (result.rows ?? []);
}
