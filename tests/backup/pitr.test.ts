/**
 * Backups and point-in-time recovery (issue 21, SPEC §11) with scripts/backup/pg-backup.sh on a
 * PostgreSQL 15 cluster of the test's own: migrated with the app's migrations, cases written
 * through the app, a base backup, more writes, a moment noted, more writes after it; then the
 * backup restored to that moment in a new data directory, started on another port, and read
 * through the app: every case there has its hash chain intact (/verify), each is exactly as it
 * was at the moment (same version), and nothing written after it is there.
 *
 * It needs PostgreSQL 15's server binaries (/usr/lib/postgresql/15/bin, or PG_BIN), runs on the
 * PostgreSQL pass of the suite (TEST_DATABASE_URL set), and removes everything it made.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { testConfig } from '../../src/config.js';
import { openDatabase, queryRows, type DbHandle } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { caseBody, PASSWORD, TEST_PASSWORD_POLICY } from '../support/app.js';
import { asPostgres, clusterAt, initCluster, mkdirForPostgres, tempDirForPostgres, freePort, type Cluster } from './support/cluster.js';

const SCRIPT = new URL('../../scripts/backup/pg-backup.sh', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const root = tempDirForPostgres('tiaojie-pitr-');
const clusters: Cluster[] = [];
const handles: DbHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.close().catch(() => {});
  for (const c of clusters) await c.stop('immediate').catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

/** The app on a database, signed in as its administrator and as one mediator of one organisation. */
async function appOn(url: string, setup: boolean) {
  const handle = openDatabase({ url, poolSize: 4 });
  handles.push(handle);
  await runMigrations(handle);
  const app = await buildApp({ config: testConfig(), db: handle.db, passwordPolicy: TEST_PASSWORD_POLICY, logger: false });
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await app.inject({ method: method as 'GET', url: path, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { payload: body as object }) });
    return { status: res.statusCode, body: res.body ? (res.json() as any) : null }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const login = async (username: string) => {
    const r = await call('POST', '/auth/login', undefined, { username, password: PASSWORD });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { token: string; user: { orgId: string | null } };
  };
  let orgId = '';
  if (setup) {
    await ensureAdmin(handle.db, { username: 'admin', password: PASSWORD, policy: TEST_PASSWORD_POLICY });
    const admin = (await login('admin')).token;
    const org = await call('POST', '/organizations', admin, { name: '平果县劳动人事争议调解中心', kind: 'mediation_center', regionCode: '451023' });
    if (org.status !== 201) throw new Error(`organisation: ${org.status} ${JSON.stringify(org.body)}`);
    orgId = org.body.id;
    const user = await call('POST', '/users', admin, { username: 'mediator1', password: PASSWORD, name: '调解员甲', role: 'mediator', orgId });
    if (user.status !== 201) throw new Error(`mediator: ${user.status} ${JSON.stringify(user.body)}`);
  }
  const signedIn = await login('mediator1');
  const mediator = signedIn.token;
  orgId ||= signedIn.user.orgId!;
  return {
    handle,
    app,
    call,
    mediator,
    orgId,
    async file(n: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = await call('POST', '/cases', mediator, caseBody(orgId, { summary: `拖欠工资 第${ids.length + 1}件` }));
        if (r.status !== 201) throw new Error(`file: ${r.status} ${JSON.stringify(r.body)}`);
        ids.push(r.body.id);
      }
      return ids;
    },
    async accept(id: string) {
      const current = await call('GET', `/cases/${id}`, mediator);
      const r = await call('POST', `/cases/${id}/actions`, mediator, { action: 'accept', version: current.body.version });
      if (r.status !== 200) throw new Error(`accept: ${r.status} ${JSON.stringify(r.body)}`);
    },
    /** Every case in the database with its version, straight from SQL. */
    async versions(): Promise<Record<string, number>> {
      const rows = await queryRows<{ id: string; version: number }>(handle.db, sql`select id, version from cases order by id`);
      return Object.fromEntries(rows.map((r) => [r.id, Number(r.version)]));
    },
  };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL backups and point-in-time recovery (scripts/backup/pg-backup.sh)', () => {
  it('restores a base backup plus the WAL archive to a moment: every case there verifies, as it was then, nothing after it', async () => {
    const archive = mkdirForPostgres(join(root, 'wal-archive'));
    const backups = mkdirForPostgres(join(root, 'backups'));
    const primary = await initCluster(root, 'primary', [
      'wal_level = replica',
      'archive_mode = on',
      `archive_command = '${SCRIPT} archive-wal %p %f ${archive}'`,
      'archive_timeout = 0',
      'max_wal_senders = 4',
    ]);
    clusters.push(primary);
    await primary.start();
    const admin = postgres(primary.url(), { max: 1, onnotice: () => {} });
    await admin`create database tiaojie`;

    // Before the base backup: three cases, one accepted.
    const a = await appOn(primary.url('tiaojie'), true);
    const filedBefore = await a.file(3);
    await a.accept(filedBefore[0]);

    const base = (await asPostgres(SCRIPT, ['base', backups, '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres'], 120_000)).trim();
    expect(base).toMatch(/\/base-\d{8}T\d{6}Z$/);

    // After it and before the moment: three more, and an action on an older one.
    const filedAfterBase = await a.file(3);
    await a.accept(filedBefore[1]);
    await a.accept(filedAfterBase[0]);
    const atMoment = await a.versions();
    const eventsAtMoment: Record<string, number> = {};
    for (const id of Object.keys(atMoment)) eventsAtMoment[id] = (await a.call('GET', `/cases/${id}/verify`, a.mediator)).body.events;

    // The moment, by the server's clock, with a clear second either side of it.
    await sleep(1_100);
    const [{ moment }] = await admin<{ moment: string }[]>`select clock_timestamp()::text as moment`;
    await sleep(1_100);

    // After the moment: new cases, and actions on cases that existed at the moment.
    const filedAfterMoment = await a.file(3);
    await a.accept(filedBefore[2]);
    await a.accept(filedAfterBase[1]);
    const atEnd = await a.versions();
    expect(Object.keys(atEnd)).toHaveLength(9);

    // The last segment into the archive, and wait until the archiver has it.
    const [{ segment }] = await admin<{ segment: string }[]>`select pg_walfile_name(pg_switch_wal()) as segment`;
    for (let i = 0; ; i++) {
      const [s] = await admin<{ last: string | null; failed: number }[]>`select last_archived_wal as last, failed_count::int as failed from pg_stat_archiver`;
      if (s.last && s.last >= segment) break;
      if (i > 300) throw new Error(`segment ${segment} not archived after 30 s (last ${s.last}, ${s.failed} failures)\n${primary.log()}`);
      await sleep(100);
    }
    await admin.end();
    await a.app.close();
    await a.handle.close();
    await primary.stop();

    // The restore: a new data directory, replayed to the moment, started on another port.
    const restoredDir = join(root, 'restored');
    await asPostgres(SCRIPT, ['restore', base, archive, restoredDir, moment], 120_000);
    const restored = clusterAt(restoredDir, await freePort(), root);
    clusters.push(restored);
    await restored.start();
    const check = postgres(restored.url(), { max: 1, onnotice: () => {} });
    for (let i = 0; ; i++) {
      const [{ recovering }] = await check<{ recovering: boolean }[]>`select pg_is_in_recovery() as recovering`;
      if (!recovering) break;
      if (i > 600) throw new Error(`still recovering after 60 s\n${restored.log()}`);
      await sleep(100);
    }
    await check.end();
    const log = restored.log();
    expect(log).toMatch(/recovery stopping before commit of transaction \d+, time/);
    console.log(`restored to ${moment}: ${log.match(/recovery stopping before[^\n]*/)?.[0]}`);

    const r = await appOn(restored.url('tiaojie'), false);
    const there = await r.versions();
    // Exactly the cases of the moment, each at its version of the moment.
    expect(there).toEqual(atMoment);
    for (const id of filedAfterMoment) expect(there[id]).toBeUndefined();
    expect(there[filedBefore[2]]).toBeLessThan(atEnd[filedBefore[2]]);
    for (const id of Object.keys(there)) {
      const v = await r.call('GET', `/cases/${id}/verify`, r.mediator);
      expect(v.status, JSON.stringify(v.body)).toBe(200);
      expect(v.body, id).toEqual({ intact: true, brokenAt: null, problem: null, events: eventsAtMoment[id] });
    }
    for (const id of filedAfterMoment) expect((await r.call('GET', `/cases/${id}`, r.mediator)).status).toBe(404);
    // The restored database takes new writes.
    expect(await r.file(1)).toHaveLength(1);
    await r.app.close();
  }, 300_000);
});
