import fs from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
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
  if (dir.startsWith('memory://')) {
    const client = new PGlite(dir);
    return pgliteHandle(client, Promise.resolve());
  }
  fs.mkdirSync(dir, { recursive: true });
  const fresh = !fs.existsSync(join(dir, 'PG_VERSION'));
  const client = new PGlite({ fs: new DurableNodeFS(dir), startParams: DURABLE_START_PARAMS });
  // A new directory is written by PGlite's initdb without a single fsync: made durable once,
  // before the first migration writes to it.
  const initialSync = fresh ? client.waitReady.then(() => fsyncTree(dir)) : client.waitReady;
  return pgliteHandle(client, initialSync);
}

function pgliteHandle(client: PGlite, ready: Promise<void>): DbHandle {
  const db: Database = drizzlePglite(client, { schema });
  return {
    db,
    driver: 'pglite',
    // A PGlite directory belongs to one process, so there is nobody to wait for.
    withStartupLock: async (fn) => {
      await ready;
      return fn();
    },
    close: async () => {
      await ready.catch(() => {});
      await client.close();
    },
  };
}

/**
 * PGlite on disk, durable (SPEC §11: a power cut loses nothing acknowledged). PGlite 0.5 starts
 * PostgreSQL with `-F` (fsync off), and Emscripten's NODEFS has no fsync of its own: fsync() in
 * PostgreSQL returns at once and fdatasync() is a no-op, so a commit reaches the kernel's page
 * cache and no further. Here PostgreSQL runs with fsync on and syncs its WAL with fsync() (the one
 * call that reaches a stream's fsync operation; fdatasync() never does), and that operation syncs
 * the host's file under the same descriptor (below). So a COMMIT returns only after its WAL is on
 * the disk, as in a server PostgreSQL (tests/ops/pglite-durability.test.ts). `relaxedDurability`
 * is no help here: it only skips PGlite's copy to browser storage, which NodeFS does not make.
 * This reaches into Emscripten's NODEFS, so the test above must pass on every PGlite upgrade.
 */
const DURABLE_START_PARAMS = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  '-c', 'fsync=on',
  '-c', 'synchronous_commit=on',
  '-c', 'wal_sync_method=fsync',
  '-c', 'full_page_writes=on',
];

type NodefsStream = { nfd?: number; node?: { mode?: number } };
const { S_IFMT, S_IFDIR } = fs.constants;
type NodefsModule = { NODEFS: { stream_ops: { fsync?: (stream: NodefsStream) => number } } };

class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const { emscriptenOpts } = await super.init(pg, opts);
    const preRun = [
      ...(emscriptenOpts.preRun ?? []),
      (mod: unknown) => {
        // Every NODEFS node shares this one stream_ops object, so this reaches each file PostgreSQL opens.
        (mod as NodefsModule).NODEFS.stream_ops.fsync = (stream) => {
          if (stream.nfd === undefined) return 0;
          // A file's data and the size needed to read it back (fdatasync), as PostgreSQL syncs its
          // WAL on Linux; a directory's entries need the full fsync.
          if (((stream.node?.mode ?? 0) & S_IFMT) === S_IFDIR) fs.fsyncSync(stream.nfd);
          else fs.fdatasyncSync(stream.nfd);
          return 0;
        };
      },
    ];
    return { emscriptenOpts: { ...emscriptenOpts, preRun } as typeof emscriptenOpts };
  }
}

/** fsync(2) of every file and directory under `root`, children before their directory. */
function fsyncTree(root: string): void {
  const visit = (path: string, isDir: boolean) => {
    if (isDir) for (const e of fs.readdirSync(path, { withFileTypes: true })) if (e.isDirectory() || e.isFile()) visit(join(path, e.name), e.isDirectory());
    const fd = fs.openSync(path, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  };
  visit(root, true);
}

/** Runs raw SQL and returns its rows, whichever driver answers (PGlite wraps them, postgres.js does not). */
export async function queryRows<T>(q: Queryable, query: SQL): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? [...result] : (result.rows ?? []);
}
