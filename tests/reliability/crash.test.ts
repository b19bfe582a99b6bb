/**
 * SIGKILL in the middle of a write load, then a restart on the same database: every write a
 * client saw acknowledged must be there, and nothing may be there by halves (a case without
 * its proceeding, applicants or events, a broken chain, a version that disagrees with the
 * events, a counter ahead of the numbers given out, statistics that miss a filing).
 *
 * Runs on PGlite stored in a temporary directory (always) and on PostgreSQL when
 * TEST_DATABASE_URL is set. PGlite writes through Emscripten's NODEFS, which hands every
 * write() straight to the kernel (fs.writeSync), and PostgreSQL writes the WAL at each commit,
 * so a killed process loses nothing the kernel already holds; what this cannot show is a
 * power cut, since PGlite runs with fsync off (see docs/SCALING.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import {
  call,
  checkInSql,
  checkThroughApi,
  createFixture,
  createPgDatabase,
  emptyLedger,
  errorLines,
  figures,
  migrationState,
  runLoad,
  seedCases,
  startServer,
  type ServerProcess,
} from './support.js';

const adminUrl = process.env.TEST_DATABASE_URL;

const ROUNDS = 2;
const CLIENTS = 8;
const SEED_CASES = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function crashAndRecover(driver: 'pglite' | 'postgres') {
  const cleanup: (() => Promise<void> | void)[] = [];
  let server: ServerProcess | undefined;
  cleanup.push(() => server?.stop());
  try {
    let env: { DATABASE_URL?: string; PGLITE_DIR?: string };
    let open: () => ReturnType<typeof openDatabase>;
    if (driver === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'tiaojie-crash-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      env = { PGLITE_DIR: join(dir, 'pglite') };
      open = () => openDatabase({ pgliteDir: join(dir, 'pglite') });
    } else {
      const database = await createPgDatabase(adminUrl!);
      cleanup.push(() => database.drop());
      env = { DATABASE_URL: database.url };
      open = () => openDatabase({ url: database.url, poolSize: 2 });
    }

    server = await startServer(`${driver} 0`, env);
    const port = server.port;
    const fx = await createFixture(server.url, 'crash');
    const { pool, tags: seedTags } = await seedCases([server.url], fx.mediatorToken, fx.org.id, SEED_CASES);

    const ledger = emptyLedger();
    for (let round = 1; round <= ROUNDS; round++) {
      // Clients start from what the server says now (the last round may have applied unanswered writes).
      const cases = await Promise.all(
        [...pool.map((c) => c.id), ...ledger.filed.map((f) => f.caseId)].map(async (id) => {
          const r = await call(server!.url, 'GET', `/cases/${id}`, { token: fx.mediatorToken });
          return { id, version: r.body.version as number };
        }),
      );
      const threshold = 10 + Math.floor(Math.random() * 30);
      const extraMs = Math.floor(Math.random() * 200);
      let acks = 0;
      let killed = false;
      const latencyFrom = ledger.latency.length;
      const unansweredBefore = ledger.unknownFilings.length + ledger.unknownActions.length;
      const load = runLoad({
        targets: [{ name: server.name, url: server.url }],
        clients: CLIENTS,
        maxRequests: 600,
        maxMs: 20_000,
        filingShare: 0.4,
        orgId: fx.org.id,
        token: fx.mediatorToken,
        pool: cases,
        actOnNewCases: true,
        ledger,
        stopped: () => killed,
        onAck: () => acks++,
      });
      const t0 = performance.now();
      while (acks < threshold && performance.now() - t0 < 15_000) await sleep(5);
      await sleep(extraMs);
      // No new requests from here; the ones already sent are cut off by the kill (the flag and
      // the signal are one synchronous step, so nothing is answered in between).
      killed = true;
      const inFlight = load.inFlight();
      const acksAtKill = acks;
      await server.crash();
      const { ms } = await load.done;
      const unanswered = ledger.unknownFilings.length + ledger.unknownActions.length;
      console.log(
        `${figures(`crash round ${round} on ${driver}`, { ...ledger, latency: ledger.latency.slice(latencyFrom) }, ms)}\n` +
          `  SIGKILL after ${acksAtKill} acknowledged writes (threshold ${threshold} + ${extraMs} ms) with ${inFlight} requests in flight; ` +
          `so far ${ledger.filed.length} filings and ${ledger.acted.length} actions acknowledged, ${unanswered} unanswered`,
      );
      expect(inFlight).toBeGreaterThan(0);
      // A response already on the wire may still arrive after the kill: then it is acknowledged like any other.
      expect(unanswered - unansweredBefore).toBeLessThanOrEqual(inFlight);

      // The same database (directory), the same port: it must open cleanly.
      const restart = performance.now();
      server = await startServer(`${driver} ${round}`, env, port);
      const readyMs = performance.now() - restart;
      const api = await checkThroughApi(server.url, fx.mediatorToken, fx.org.id, ledger, seedTags);
      console.log(
        `  restarted and ready in ${(readyMs / 1000).toFixed(1)} s: ${api.cases.length} cases; ` +
          `${api.unknownApplied.length} of ${unanswered} unanswered writes had committed; problems: ${api.problems.length}`,
      );
      expect(api.problems).toEqual([]);
      expect(api.cases.length).toBeGreaterThanOrEqual(SEED_CASES + ledger.filed.length);
      expect(ledger.unexpected).toEqual([]);
      expect(errorLines(server.output()), server.output()).toEqual([]);
    }

    // Direct SQL. A PGlite directory belongs to one process, so stop the server first (on
    // PostgreSQL this also makes sure nothing changes underneath the checks).
    await server.stop();
    const handle = open();
    try {
      const before = await migrationState(handle.db);
      expect(before.applied).toBe(before.journal);
      await runMigrations(handle);
      // Opening again after the crashes is a no-op for the migrator.
      expect(await migrationState(handle.db)).toEqual(before);
      expect(await checkInSql(handle.db)).toEqual([]);
      const settings = await queryRows<{ name: string; setting: string }>(
        handle.db,
        sql`select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'wal_sync_method') order by name`,
      );
      // Printed, not asserted: with fsync off a killed process loses nothing, a power cut may.
      console.log(`  ${driver} durability settings: ${settings.map((r) => `${r.name}=${r.setting}`).join(', ')}`);
    } finally {
      await handle.close();
    }
  } finally {
    for (const step of cleanup.reverse()) await step();
  }
}

describe('SIGKILL during a write load, then a restart', () => {
  it('on PGlite stored on disk keeps every acknowledged write and nothing half-written', () => crashAndRecover('pglite'), 150_000);

  it.skipIf(!adminUrl)('on PostgreSQL keeps every acknowledged write and nothing half-written', () => crashAndRecover('postgres'), 150_000);
});
