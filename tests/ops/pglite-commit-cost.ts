/**
 * What durability costs PGlite, apart from HTTP load and the machine's other work: the same
 * writes on a directory opened as PGlite opens it by default (fsync off, nothing reaching the
 * disk) and as openDatabase opens it (src/db/client.ts), alternating in rounds, with medians.
 * Two measures: single-row commits (the bare cost of a commit), and cases filed one after another
 * through the app (app.inject, POST /cases: the request's work with its one commit). Complements
 * `npm run bench` (tests/bench/README.md, "PGlite durability"), whose PGlite figures move with the
 * load of the shared machine more than with this.
 *
 *   npx tsx tests/ops/pglite-commit-cost.ts [--commits 500] [--filings 200] [--rounds 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { buildApp } from '../../src/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { testConfig } from '../../src/config.js';
import { openDatabase, type Database, type DbHandle } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import * as schema from '../../src/db/schema/index.js';
import { caseBody, PASSWORD, TEST_PASSWORD_POLICY } from '../support/app.js';

const { values } = parseArgs({ options: { commits: { type: 'string', default: '500' }, filings: { type: 'string', default: '200' }, rounds: { type: 'string', default: '5' } } });
const commits = Number(values.commits);
const filings = Number(values.filings);
const rounds = Number(values.rounds);
const temp = mkdtempSync(join(tmpdir(), 'tiaojie-commit-cost-'));

type Kind = 'default' | 'durable';
async function open(kind: Kind, dir: string): Promise<DbHandle> {
  if (kind === 'durable') {
    const handle = openDatabase({ pgliteDir: dir });
    await handle.withStartupLock(async () => {});
    return handle;
  }
  const pg = new PGlite(dir);
  await pg.waitReady;
  const db = drizzle(pg, { schema }) as unknown as Database;
  return { db, driver: 'pglite', withStartupLock: (fn) => fn(), close: () => pg.close() };
}

async function commitsPerSecond(kind: Kind, dir: string): Promise<number> {
  const handle = await open(kind, dir);
  const pg = handle.db.$client as PGlite;
  await pg.query('create table if not exists t (id serial primary key, note text not null)');
  const t0 = performance.now();
  for (let i = 0; i < commits; i++) await pg.query('insert into t (note) values ($1)', [`第${i}条`]);
  const perSecond = commits / ((performance.now() - t0) / 1000);
  await handle.close();
  return perSecond;
}

async function filingsPerSecond(kind: Kind, dir: string, first: boolean): Promise<number> {
  const handle = await open(kind, dir);
  if (first) {
    await runMigrations(handle);
    await ensureAdmin(handle.db, { username: 'admin', password: PASSWORD, policy: TEST_PASSWORD_POLICY });
  }
  const app = await buildApp({ config: testConfig(), db: handle.db, passwordPolicy: TEST_PASSWORD_POLICY, logger: false });
  const call = async (method: string, url: string, token?: string, payload?: object) => {
    const res = await app.inject({ method: method as 'POST', url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const admin = (await call('POST', '/auth/login', undefined, { username: 'admin', password: PASSWORD })).token;
  const org = await call('POST', '/organizations', admin, { name: `测试调解中心${Date.now()}`, kind: 'mediation_center', regionCode: '451023' });
  const username = `m${Date.now()}`;
  await call('POST', '/users', admin, { username, password: PASSWORD, name: '调解员', role: 'mediator', orgId: org.id });
  const token = (await call('POST', '/auth/login', undefined, { username, password: PASSWORD })).token;
  const t0 = performance.now();
  for (let i = 0; i < filings; i++) await call('POST', '/cases', token, caseBody(org.id, { summary: `拖欠工资 第${i}件` }));
  const perSecond = filings / ((performance.now() - t0) / 1000);
  await app.close();
  await handle.close();
  return perSecond;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = { commits: { default: [] as number[], durable: [] as number[] }, filings: { default: [] as number[], durable: [] as number[] } };
try {
  for (let r = 1; r <= rounds; r++) {
    for (const kind of r % 2 ? (['default', 'durable'] as const) : (['durable', 'default'] as const)) {
      const c = await commitsPerSecond(kind, join(temp, `${kind}-commits`));
      const f = await filingsPerSecond(kind, join(temp, `${kind}-filings`), r === 1);
      result.commits[kind].push(c);
      result.filings[kind].push(f);
      console.log(`round ${r} ${kind.padEnd(8)} ${c.toFixed(0).padStart(6)} commits/s  ${f.toFixed(1).padStart(6)} filings/s`);
    }
  }
  for (const what of ['commits', 'filings'] as const) {
    const d = median(result[what].default);
    const s = median(result[what].durable);
    console.log(
      `${what}: median of ${rounds} rounds: default ${d.toFixed(1)}/s (${(1000 / d).toFixed(2)} ms each), durable ${s.toFixed(1)}/s (${(1000 / s).toFixed(2)} ms each); ` +
        `durable/default ${(s / d).toFixed(2)}, ${(1000 / s - 1000 / d).toFixed(2)} ms more each`,
    );
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
