/**
 * Two real server processes on one PostgreSQL database, raced by many clients through both
 * (SPEC §8: several processes may run against one PostgreSQL; nothing may depend on
 * in-process state). tests/api/concurrency.test.ts races inside one process; this file proves
 * the same guarantees hold when the racing transactions come from different processes, each
 * with its own connection pool.
 *
 * PostgreSQL only (TEST_DATABASE_URL): a PGlite database lives inside one process and its
 * directory may be opened by that process alone, so two processes cannot share one.
 */
import { cpus } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
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
  type PgDatabase,
  type ServerProcess,
} from './support.js';

const adminUrl = process.env.TEST_DATABASE_URL;

const CLIENTS = 16;
const MAX_REQUESTS = 300;
const MAX_MS = 30_000;
const RACED_CASES = 3;

let database: PgDatabase | undefined;
const servers: ServerProcess[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.drop();
}, 60_000);

describe('two server processes on one PostgreSQL database', () => {
  it.skipIf(!adminUrl)(
    'keep every acknowledged action and filing exactly once, refuse stale versions, and number cases gaplessly',
    async () => {
      database = await createPgDatabase(adminUrl!);
      // Both start at once on an empty database: the start-up advisory lock makes one migrate
      // and create the administrator while the other waits, then finds the work done.
      const started = await Promise.allSettled([startServer('A', { DATABASE_URL: database.url }), startServer('B', { DATABASE_URL: database.url })]);
      for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
      for (const s of started) if (s.status === 'rejected') throw s.reason;
      const [a, b] = servers;

      // Set up through A, use through both: a token A issued is honoured by B.
      const fx = await createFixture(a.url, 'two');
      const { pool, tags: seedTags } = await seedCases([a.url, b.url], fx.mediatorToken, fx.org.id, RACED_CASES);

      const ledger = emptyLedger();
      const load = runLoad({
        targets: [
          { name: 'A', url: a.url },
          { name: 'B', url: b.url },
        ],
        clients: CLIENTS,
        maxRequests: MAX_REQUESTS,
        maxMs: MAX_MS,
        filingShare: 0.35,
        orgId: fx.org.id,
        token: fx.mediatorToken,
        pool,
        actOnNewCases: false,
        ledger,
      });
      const { requests, ms } = await load.done;
      console.log(
        `${figures(`two processes, PostgreSQL, ${CLIENTS} clients over ${RACED_CASES} raced cases`, ledger, ms)}\n` +
          `  sent ${requests}; ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
      );

      // Every answer was a success or a version conflict; every request got an answer.
      expect(ledger.unexpected).toEqual([]);
      expect(ledger.unknownFilings).toEqual([]);
      expect(ledger.unknownActions).toEqual([]);
      expect(ledger.filed.length + ledger.acted.length + ledger.conflicts.length).toBe(requests);
      // Both processes took part in both kinds of write, and the races really happened.
      for (const via of ['A', 'B']) {
        expect(ledger.filed.some((f) => f.via === via)).toBe(true);
        expect(ledger.acted.some((x) => x.via === via)).toBe(true);
      }
      expect(ledger.conflicts.length).toBeGreaterThan(0);

      // Read back through B: exactly the acknowledged writes, each at the seq its version implies.
      const api = await checkThroughApi(b.url, fx.mediatorToken, fx.org.id, ledger, seedTags);
      expect(api.problems).toEqual([]);
      expect(api.cases).toHaveLength(RACED_CASES + ledger.filed.length);
      for (const c of pool) {
        const acked = ledger.acted.filter((x) => x.caseId === c.id).map((x) => x.version);
        const [viaA, viaB] = await Promise.all([a, b].map((s) => call(s.url, 'GET', `/cases/${c.id}`, { token: fx.mediatorToken })));
        // Versions run c.version + 1 … final with no gap: each one acknowledged to exactly one client.
        expect(acked.sort((x, y) => x - y)).toEqual(Array.from({ length: acked.length }, (_, i) => c.version + 1 + i));
        expect(viaA.body.version).toBe(c.version + acked.length);
        expect(viaB.body.version).toBe(viaA.body.version);
      }
      expect(new Set(ledger.filed.map((f) => f.number)).size).toBe(ledger.filed.length);

      const handle = openDatabase({ url: database.url, poolSize: 2 });
      try {
        expect(await checkInSql(handle.db)).toEqual([]);
        const migrations = await migrationState(handle.db);
        expect(migrations.applied).toBe(migrations.journal);
      } finally {
        await handle.close();
      }
      for (const s of servers) expect(errorLines(s.output()), s.name).toEqual([]);
    },
    150_000,
  );
});
