/**
 * Token checks are remembered per process (src/auth/callers.ts). These pin the promise that makes
 * that safe: a change to a user made anywhere (another server process, an operator's SQL) is
 * honoured by every process within a second, on both databases, also when the connection that
 * listens for such changes is lost.
 *
 * "Within a second" is checked as the guarantee it is, not as a speed: requests are sent until
 * one goes out a full second after the change had committed, and that one must be refused; so
 * must every request after the first refusal. The first refusal normally comes at once.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { LEASE_MS } from '../../src/auth/callers.js';
import { testConfig } from '../../src/config.js';
import { openDatabase, queryRows, type DbHandle } from '../../src/db/client.js';
import { caseBody, PASSWORD, TEST_PASSWORD_POLICY, testApp, type TestContext } from '../support/app.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const get = (app: FastifyInstance, url: string, token: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

/**
 * Runs `change`, then asks `observe` again and again until one ask has gone out LEASE_MS after the
 * change returned (by then it had committed). Returns what each ask saw, in order.
 */
async function observedAfter<T>(change: () => Promise<unknown>, observe: () => Promise<T>): Promise<T[]> {
  await change();
  const committed = performance.now();
  const seen: T[] = [];
  for (;;) {
    const sentAt = performance.now();
    seen.push(await observe());
    if (sentAt - committed >= LEASE_MS) return seen;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `before` until some ask, `after` from then on; the ask sent a second after the change among the latter. */
function expectChangedWithinASecond<T>(seen: T[], before: T, after: T) {
  const first = seen.indexOf(after);
  expect(first, `seen: ${seen.join(' ')}`).toBeGreaterThanOrEqual(0);
  expect(seen.slice(0, first).every((s) => s === before) && seen.slice(first).every((s) => s === after), `seen: ${seen.join(' ')}`).toBe(true);
}

const status = (request: Promise<{ statusCode: number }>) => request.then((r) => r.statusCode);
const refusedWithinASecond = (seen: number[]) => expectChangedWithinASecond(seen, 200, 401);

/** A staff member whose token check this app has remembered (two answered requests). */
async function remembered(app: FastifyInstance = t.app) {
  const union = await t.org('union');
  const m = await t.staff('mediator', union.id);
  for (let i = 0; i < 2; i++) expect((await get(app, '/cases', m.token)).statusCode).toBe(200);
  return m;
}

const changeThroughTheDatabase = (id: string, assignments: SQL) => () => t.handle.db.execute(sql`update users set ${assignments} where id = ${id}`);

describe('a change made through the database, not through this process', () => {
  it('disabling a user: their next requests are 401 within a second', async () => {
    const m = await remembered();
    refusedWithinASecond(await observedAfter(changeThroughTheDatabase(m.id, sql`disabled = true`), () => status(get(t.app, '/cases', m.token))));
  });

  it('bumping their token version: 401 within a second, and a new token works', async () => {
    const m = await remembered();
    refusedWithinASecond(await observedAfter(changeThroughTheDatabase(m.id, sql`token_version = token_version + 1`), () => status(get(t.app, '/me', m.token))));
    const username = (await queryRows<{ username: string }>(t.handle.db, sql`select username from users where id = ${m.id}`))[0].username;
    const again = await t.call('POST', '/auth/login', { body: { username, password: PASSWORD } });
    expect((await get(t.app, '/me', again.json().token)).statusCode).toBe(200);
  });

  it('moving them to another organisation: the old one\'s cases are gone from their list within a second', async () => {
    const m = await remembered();
    const union = (await queryRows<{ org_id: string }>(t.handle.db, sql`select org_id from users where id = ${m.id}`))[0].org_id;
    const filed = await t.call('POST', '/cases', { token: m.token, body: caseBody(union) });
    expect(filed.statusCode, filed.body).toBe(201);
    const other = await t.org('union');
    const seesTheCase = async () => {
      const res = await get(t.app, '/cases', m.token);
      expect(res.statusCode).toBe(200);
      return res.json().items.some((c: { id: string }) => c.id === filed.json().id) as boolean;
    };
    expect(await seesTheCase()).toBe(true);
    expectChangedWithinASecond(await observedAfter(changeThroughTheDatabase(m.id, sql`org_id = ${other.id}`), seesTheCase), true, false);
  });
});

describe('two app instances on one database', () => {
  let second: { app: FastifyInstance; handle: DbHandle | null };
  beforeAll(async () => {
    // On PostgreSQL a second pool on the same database, as a second server process would have;
    // PGlite belongs to one process, so both instances share it.
    const url = (t.handle as DbHandle & { url?: string }).url;
    const handle = onPostgres ? openDatabase({ url }) : null;
    const app = await buildApp({ config: testConfig(), db: (handle ?? t.handle).db, passwordPolicy: TEST_PASSWORD_POLICY, logger: false });
    second = { app, handle };
  });
  afterAll(async () => {
    await second.app.close();
    await second.handle?.close();
  });

  it('a password changed through one: the other refuses the old token within a second, the first at once', async () => {
    const w = await t.worker();
    for (const app of [t.app, second.app]) for (let i = 0; i < 2; i++) expect((await get(app, '/me', w.token)).statusCode).toBe(200);
    const changed = await t.call('POST', '/me/password', { token: w.token, body: { currentPassword: PASSWORD, newPassword: 'a-new-secret-77' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await get(t.app, '/me', w.token)).statusCode).toBe(401);
    refusedWithinASecond(await observedAfter(async () => {}, () => status(get(second.app, '/me', w.token))));
    for (const app of [t.app, second.app]) expect((await get(app, '/me', changed.json().token)).statusCode).toBe(200);
  });

  it('an account disabled through the other: this one refuses it within a second', async () => {
    const m = await remembered(t.app);
    const admin = await second.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: PASSWORD } });
    const disable = () => second.app.inject({ method: 'PATCH', url: `/users/${m.id}`, headers: { authorization: `Bearer ${admin.json().token}` }, payload: { disabled: true } });
    refusedWithinASecond(await observedAfter(disable, () => status(get(t.app, '/cases', m.token))));
    expect((await get(second.app, '/cases', m.token)).statusCode).toBe(401);
  });
});

describe.skipIf(!onPostgres)('the connection that listens is lost (PostgreSQL)', () => {
  /** The backends that listen on the users channel: their last statement was the LISTEN. */
  const listenersWhere = sql`datname = current_database() and query = 'listen "tiaojie_users"'`;
  const listening = () => queryRows<{ pid: number }>(t.handle.db, sql`select pid from pg_stat_activity where ${listenersWhere}`);

  it('a change made while it is gone is honoured within a second, and so is one made after it is back', async () => {
    const m = await remembered();
    const before = (await listening()).map((r) => r.pid);
    expect(before.length).toBeGreaterThan(0);
    const cut = async () => {
      await t.handle.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where ${listenersWhere}`);
      await t.handle.db.execute(sql`update users set disabled = true where id = ${m.id}`);
    };
    refusedWithinASecond(await observedAfter(cut, () => status(get(t.app, '/cases', m.token))));

    // Listening again, on a new connection; remembered checks are honoured and revoked as before.
    const back = (await listening()).map((r) => r.pid);
    expect(back.length).toBeGreaterThan(0);
    expect(back.filter((pid) => before.includes(pid))).toEqual([]);
    const n = await remembered();
    await t.handle.db.execute(sql`update users set token_version = token_version + 1 where id = ${n.id}`);
    await t.app.callers.caughtUp();
    expect((await get(t.app, '/cases', n.token)).statusCode).toBe(401);
  });
});
