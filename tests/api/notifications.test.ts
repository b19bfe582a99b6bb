/**
 * What each party is told (SPEC §10 notifications), against a database: each party's own dates
 * coming due, recorded once per clock, threshold and person with several sweeps at once on two
 * handles (two processes on PostgreSQL); and GET /me/notifications with marking read, where a
 * caller sees and marks only their own and bad input changes nothing.
 */
import { and, eq, inArray, like } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authPlugin } from '../../src/auth/plugin.js';
import { testConfig } from '../../src/config.js';
import { openDatabase, type DbHandle } from '../../src/db/client.js';
import { caseRespondents, clocks, notifications, smsMessages, users } from '../../src/db/schema/index.js';
import { errorHandlerPlugin } from '../../src/http/errorHandler.js';
import { serializerCompiler } from '../../src/http/serializer.js';
import { NotificationBatch } from '../../src/notifications/rules.js';
import { notificationRoutes } from '../../src/notifications/routes.js';
import { insertNotifications, recordDueNotifications } from '../../src/notifications/sweep.js';
import { act, agreementIn, caseBody, testApp, type TestContext } from '../support/app.js';
import { expectError, fields } from '../support/errors.js';

let t: TestContext;
let second: DbHandle;
let host: FastifyInstance;
let ownHost: FastifyInstance | null = null;

/**
 * The app serving the routes: the test app once src/app.ts registers notificationRoutes; until
 * then, the same plugins (errors, sign-in) in front of them, on the test app's database and secret.
 */
async function routeHost(): Promise<FastifyInstance> {
  if (t.app.hasRoute({ method: 'GET', url: '/me/notifications' })) return t.app;
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const config = testConfig();
  await app.register(errorHandlerPlugin);
  await app.register(authPlugin, { db: t.handle.db, secret: config.JWT_SECRET, expiresIn: config.JWT_EXPIRES_IN, secureCookies: false });
  await app.register(notificationRoutes, { db: t.handle.db, now: () => new Date() });
  await app.ready();
  ownHost = app;
  return app;
}

beforeAll(async () => {
  t = await testApp();
  const url = (t.handle as DbHandle & { url?: string }).url;
  // On PostgreSQL the second handle has its own connection pool, as a second process would.
  second = url ? openDatabase({ url, poolSize: 10 }) : t.handle;
  host = await routeHost();
});
afterAll(async () => {
  await ownHost?.close();
  if (second !== t.handle) await second.close();
  await t.close();
});

const call = (method: 'GET' | 'POST', url: string, token?: string, body?: unknown) =>
  host.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { payload: body as object }) });

/** An employer representative's account (SPEC §10), as accepting an invitation makes one. */
async function employer(phone: string): Promise<{ id: string; token: string }> {
  const id = uuidv7();
  await t.handle.db.insert(users).values({ id, username: `emp${phone}`, passwordHash: 'not-used', role: 'employer', name: '赵经理', phone });
  return { id, token: t.app.issueToken({ id, tokenVersion: 0 }) };
}

/** Invites two representatives of the employer to a case; the first has joined with an account. */
async function representatives(token: string, caseId: string, joined: { id: string; phone: string }, otherPhone: string) {
  await act(t, token, caseId, 'invite_respondent', { phone: joined.phone, name: '赵经理' });
  await act(t, token, caseId, 'invite_respondent', { phone: otherPhone, name: '钱会计' });
  await t.handle.db
    .update(caseRespondents)
    .set({ userId: joined.id, acceptedAt: new Date() })
    .where(and(eq(caseRespondents.caseId, caseId), eq(caseRespondents.phone, joined.phone)));
}

/** What the sweep wrote for a case: its dates coming due (the case's actions tell the parties of themselves, keyed by event). */
const rowsOf = (caseId: string) =>
  t.handle.db.select().from(notifications).where(and(eq(notifications.caseId, caseId), like(notifications.key, 'clock:%')));
const smsOf = (caseId: string) =>
  t.handle.db.select().from(smsMessages).where(and(eq(smsMessages.caseId, caseId), eq(smsMessages.purpose, 'notification'), like(smsMessages.idempotencyKey, 'clock:%')));
/** Who a case's notifications told: `u:<user>` or `p:<phone>`, with the threshold and due date. */
/** Who was told: the account, or for a person without one the phone the row keeps (the key names their row on the case, never the phone). */
const told = (rows: { key: string; userId: string | null; phone: string | null }[]) =>
  rows.map((r) => {
    const [, , threshold, dueOn] = r.key.split(':');
    expect(r.key.split(':').some((part) => /^1\d{10}$/.test(part))).toBe(false);
    return `${threshold} ${dueOn} ${r.userId ? `u:${r.userId}` : `p:${r.phone}`}`;
  }).sort();
const sweepAt = (iso: string) => new Date(iso);

describe("each party's own dates coming due", () => {
  const P = { worker: '13811110001', rep: '13722220001', rep2: '13633330001', worker2: '13811110002', rep3: '13722220003', rep4: '13633330004' };
  let worker: Awaited<ReturnType<TestContext['worker']>>;
  let emp: { id: string; token: string };
  let emp2: { id: string; token: string };
  let settled: { id: string; number: string };
  let declined: { id: string };
  let finalAward: { id: string };
  let openAward: { id: string };
  let mediatorToken: string;

  beforeAll(async () => {
    t.setNow(new Date('2025-06-02T02:00:00Z'));
    const union = await t.org('union', { name: '平果市总工会劳动争议调解委员会' });
    const commission = await t.org('arbitration_commission', { name: '平果市劳动人事争议仲裁委员会' });
    const mediator = await t.staff('mediator', union.id);
    mediatorToken = mediator.token;
    const arbitrator = await t.staff('arbitrator', commission.id);
    worker = await t.worker();
    emp = await employer(P.rep);
    emp2 = await employer(P.rep3);
    const fileAt = async (orgId: string, phone: string) => {
      const body = caseBody(orgId, { incidentDate: '2025-05-01' });
      body.applicants[0].phone = phone;
      const res = await t.call('POST', '/cases', { token: worker.token, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };

    // A mediation settled in two instalments, the employer with two representatives.
    settled = await fileAt(union.id, P.worker);
    await act(t, mediator.token, settled.id, 'accept');
    await representatives(mediator.token, settled.id, { id: emp.id, phone: P.rep }, P.rep2);
    await act(t, mediator.token, settled.id, 'settle', { agreement: agreementIn('分两期支付拖欠工资', ['2025-06-20', 500_000], ['2025-07-21', 500_000]) });

    // A mediation declined: the worker's year to apply for arbitration runs again (调解仲裁法 art. 27).
    declined = await fileAt(union.id, P.worker2);
    await act(t, mediator.token, declined.id, 'decline', { reason: '不属于受理范围' });

    // Two awards delivered today: a final one (the worker may sue, the employer may apply to vacate) and one that is not.
    finalAward = await fileAt(commission.id, P.worker);
    await act(t, arbitrator.token, finalAward.id, 'accept');
    await representatives(arbitrator.token, finalAward.id, { id: emp2.id, phone: P.rep3 }, P.rep4);
    await act(t, arbitrator.token, finalAward.id, 'award', { agreement: { amountFen: 300_000, terms: '支付工资' }, final: true, deliveredAt: '2025-06-02T02:00:00Z' });
    openAward = await fileAt(commission.id, P.worker);
    await act(t, arbitrator.token, openAward.id, 'accept');
    await act(t, arbitrator.token, openAward.id, 'invite_respondent', { phone: P.rep4, name: '钱会计' });
    await act(t, arbitrator.token, openAward.id, 'award', { agreement: { amountFen: 300_000, terms: '支付工资' }, final: false, deliveredAt: '2025-06-02T02:00:00Z' });
  });

  it('an instalment due soon tells the worker and each representative once, however many sweeps run at once', async () => {
    const at = sweepAt('2025-06-18T04:00:00Z'); // Wednesday; the instalment is due Friday 20 June
    const rounds = await Promise.all(Array.from({ length: 6 }, (_, i) => recordDueNotifications(i % 2 ? second.db : t.handle.db, at)));
    const rows = await rowsOf(settled.id);
    expect(told(rows)).toEqual([`due_soon 2025-06-20 p:${P.rep2}`, `due_soon 2025-06-20 u:${emp.id}`, `due_soon 2025-06-20 u:${worker.id}`].sort());
    expect(rows.every((r) => r.kind === 'date_due_soon' && r.data && (r.data as { clockKind: string }).clockKind === 'performance')).toBe(true);
    expect(rows.find((r) => r.userId === worker.id)!.text).toBe(
      `案号${settled.number}：按协议，用人单位应于2025年6月20日前支付第1期款项（¥5,000.00）。到期未收到的，请告知承办机构。依据：调解协议、仲裁裁决或判决确定的履行期限。`,
    );
    expect(rows.find((r) => r.userId === emp.id)!.text).toContain('你单位应于2025年6月20日前支付第1期款项');
    // One message per phone, under the notification's key, never twice.
    const sent = await smsOf(settled.id);
    expect(sent.map((s) => s.phone).sort()).toEqual([P.worker, P.rep, P.rep2].sort());
    expect(new Set(sent.map((s) => s.idempotencyKey))).toEqual(new Set(rows.map((r) => r.key)));
    for (const s of sent) expect(s.text).not.toMatch(/\d{6}/);
    const total = rounds.reduce((sum, r) => sum + r.notified, 0);
    expect(total).toBe((await t.handle.db.select().from(notifications).where(like(notifications.key, 'clock:%'))).length);
    // Sweeping again tells nobody anything new.
    expect(await recordDueNotifications(second.db, at)).toEqual({ notified: 0, texted: 0 });
  });

  it('a missed instalment tells the worker what they may do next; once paid, the next instalment is announced', async () => {
    const after = sweepAt('2025-06-23T04:00:00Z');
    await Promise.all([recordDueNotifications(t.handle.db, after), recordDueNotifications(second.db, after)]);
    const missed = (await rowsOf(settled.id)).filter((r) => r.kind === 'instalment_missed');
    expect(told(missed)).toEqual([`breached 2025-06-20 u:${worker.id}`]);
    expect(missed[0].text).toContain('至今未登记付款。如用人单位未履行，你可以申请劳动争议仲裁；或就拖欠的劳动报酬');
    expect(missed[0].text).toContain('《劳动争议调解仲裁法》第十五条');
    expect((await smsOf(settled.id)).filter((s) => s.idempotencyKey === missed[0].key)).toHaveLength(1);

    // Paid on 24 June: the plan's next instalment, due Monday 21 July, is the next to announce.
    t.setNow(new Date('2025-06-24T02:00:00Z'));
    await act(t, mediatorToken, settled.id, 'record_payment', { amountFen: 500_000, paidAt: '2025-06-24T01:00:00Z' });
    const [clock] = await t.handle.db.select().from(clocks).where(and(eq(clocks.caseId, settled.id), eq(clocks.kind, 'performance')));
    expect(clock).toMatchObject({ status: 'running', dueOn: '2025-07-21' });
    const next = sweepAt('2025-07-18T04:00:00Z');
    await Promise.all([recordDueNotifications(t.handle.db, next), recordDueNotifications(second.db, next)]);
    const rows = (await rowsOf(settled.id)).filter((r) => r.key.includes(':2025-07-21:'));
    expect(told(rows)).toEqual([`due_soon 2025-07-21 p:${P.rep2}`, `due_soon 2025-07-21 u:${emp.id}`, `due_soon 2025-07-21 u:${worker.id}`].sort());
    expect(rows.find((r) => r.userId === worker.id)!.text).toContain('第2期款项（¥5,000.00）');
  });

  it('the last day to apply for arbitration, once the mediation was declined: the worker only', async () => {
    const [clock] = await t.handle.db.select().from(clocks).where(and(eq(clocks.caseId, declined.id), eq(clocks.kind, 'limitation'), eq(clocks.status, 'running')));
    expect(clock).toBeDefined();
    const early = new Date(Date.parse(`${clock.dueOn}T04:00:00Z`) - 30 * 86_400_000);
    await recordDueNotifications(t.handle.db, early);
    expect(await rowsOf(declined.id)).toEqual([]);
    const dayBefore = new Date(Date.parse(`${clock.dueOn}T04:00:00Z`) - 86_400_000);
    await Promise.all([recordDueNotifications(t.handle.db, dayBefore), recordDueNotifications(second.db, dayBefore)]);
    const rows = await rowsOf(declined.id);
    expect(told(rows)).toEqual([`due_soon ${clock.dueOn} u:${worker.id}`]);
    expect(rows[0].text).toMatch(/你申请劳动争议仲裁的时效期间将于\d{4}年\d{1,2}月\d{1,2}日届满/);
    expect((await smsOf(declined.id)).map((s) => s.phone)).toEqual([P.worker2]);
    // A year on, the instalment of 21 July 2025 (unpaid) is too old to announce as missed.
    expect((await rowsOf(settled.id)).filter((r) => r.key.includes(':breached:2025-07-21:'))).toEqual([]);
  });

  it('an award: the worker may sue (both parties when it is not final), the employer may apply to vacate a final one', async () => {
    const appeal = sweepAt('2025-06-16T04:00:00Z'); // the appeal windows end Tuesday 17 June
    await Promise.all([recordDueNotifications(t.handle.db, appeal), recordDueNotifications(second.db, appeal)]);
    const finalRows = await rowsOf(finalAward.id);
    expect(told(finalRows)).toEqual([`due_soon 2025-06-17 u:${worker.id}`]);
    expect(finalRows[0].text).toContain('你如不服终局裁决，可在2025年6月17日前向人民法院提起诉讼');
    const openRows = await rowsOf(openAward.id);
    expect(told(openRows)).toEqual([`due_soon 2025-06-17 p:${P.rep4}`, `due_soon 2025-06-17 u:${worker.id}`].sort());
    expect(openRows.find((r) => r.phone === P.rep4)!.text).toContain('你单位如不服仲裁裁决');

    const vacate = sweepAt('2025-06-30T04:00:00Z'); // the vacate window ends Wednesday 2 July
    await Promise.all([recordDueNotifications(t.handle.db, vacate), recordDueNotifications(second.db, vacate)]);
    const vacated = (await rowsOf(finalAward.id)).filter((r) => (r.data as { clockKind: string }).clockKind === 'vacate_window');
    expect(told(vacated)).toEqual([`due_soon 2025-07-02 p:${P.rep4}`, `due_soon 2025-07-02 u:${emp2.id}`].sort());
    expect(vacated[0].text).toContain('向仲裁委员会所在地的中级人民法院申请撤销');
  });
});

describe('GET /me/notifications and POST /me/notifications/read', () => {
  let a: Awaited<ReturnType<TestContext['worker']>>;
  let b: Awaited<ReturnType<TestContext['worker']>>;
  let rep: { id: string; token: string };
  let caseA: { id: string; number: string };
  let caseB: { id: string; number: string };
  let idsA: number[];
  let idsB: number[];

  beforeAll(async () => {
    t.setNow(null);
    const union = await t.org('union');
    a = await t.worker();
    b = await t.worker();
    rep = await employer('13755550001');
    caseA = (await t.call('POST', '/cases', { token: a.token, body: caseBody(union.id) })).json();
    caseB = (await t.call('POST', '/cases', { token: b.token, body: caseBody(union.id) })).json();
    // Written as the case transaction writes them: a batch, once per key.
    const batch = new NotificationBatch(new Date());
    const words = (n: number) => ({ text: `第${n}条通知`, sms: `第${n}条通知` });
    for (let n = 1; n <= 5; n++) batch.tell(caseA.id, `event:${caseA.id}:${n}`, { party: 'applicant', userId: a.id, phone: null, ref: 'a:x' }, 'proceeding_accepted', words(n), { seq: n });
    batch.tell(caseB.id, `event:${caseB.id}:1`, { party: 'applicant', userId: b.id, phone: null, ref: 'a:x' }, 'proceeding_accepted', words(9), { seq: 1 });
    batch.tell(caseB.id, `event:${caseB.id}:2`, { party: 'respondent', userId: rep.id, phone: '13755550001', ref: 'r:x' }, 'session_scheduled', words(10), { seq: 2 });
    expect(await insertNotifications(t.handle.db, batch, new Date())).toEqual({ notified: 7, texted: 1 });
    // The same batch again writes nothing.
    expect(await insertNotifications(second.db, batch, new Date())).toEqual({ notified: 0, texted: 0 });
    const mine = async (userId: string) => (await t.handle.db.select().from(notifications).where(eq(notifications.userId, userId))).map((r) => r.id).sort((x, y) => y - x);
    idsA = await mine(a.id);
    idsB = await mine(b.id);
  });

  it("lists the caller's own, newest first, a page at a time, with the unread count", async () => {
    const first = await call('GET', '/me/notifications?limit=2', a.token);
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json();
    expect(page1.items.map((i: { id: number }) => i.id)).toEqual(idsA.slice(0, 2));
    expect(page1.unread).toBe(5);
    expect(page1.items[0]).toEqual({
      id: idsA[0],
      caseId: caseA.id,
      caseNumber: caseA.number,
      kind: 'proceeding_accepted',
      text: '第5条通知',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      readAt: null,
    });
    const seen = [...page1.items];
    let cursor = page1.nextCursor;
    while (cursor) {
      const res = await call('GET', `/me/notifications?limit=2&cursor=${cursor}`, a.token);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items);
      cursor = res.json().nextCursor;
    }
    expect(seen.map((i) => i.id)).toEqual(idsA);
    // Another worker's notification never shows, nor the employer's.
    expect(seen.every((i) => i.caseId === caseA.id)).toBe(true);
    const other = (await call('GET', '/me/notifications', b.token)).json();
    expect(other.items.map((i: { id: number }) => i.id)).toEqual(idsB);
    expect(other.items[0].text).toBe('第9条通知');
    const employerList = (await call('GET', '/me/notifications', rep.token)).json();
    expect(employerList.items.map((i: { text: string }) => i.text)).toEqual(['第10条通知']);
    // Nothing of the row beyond what the list names (no phone, no key).
    expect(Object.keys(employerList.items[0]).sort()).toEqual(['caseId', 'caseNumber', 'createdAt', 'id', 'kind', 'readAt', 'text']);
  });

  it('is for the parties: anonymous 401, staff and the administrator 403', async () => {
    expectError(await call('GET', '/me/notifications'), 401, 'UNAUTHENTICATED');
    expectError(await call('POST', '/me/notifications/read', undefined, { all: true }), 401, 'UNAUTHENTICATED');
    const mediator = await t.staff('mediator', (await t.org('union')).id);
    expectError(await call('GET', '/me/notifications', mediator.token), 403, 'FORBIDDEN');
    expectError(await call('POST', '/me/notifications/read', mediator.token, { all: true }), 403, 'FORBIDDEN');
    expectError(await call('GET', '/me/notifications', t.admin.token), 403, 'FORBIDDEN');
  });

  it('refuses a bad limit or cursor with 400 naming the field', async () => {
    for (const [query, field] of [
      ['limit=0', 'querystring.limit'],
      ['limit=101', 'querystring.limit'],
      ['limit=abc', 'querystring.limit'],
      ['cursor=garbage', 'querystring.cursor'],
      ['cursor=0', 'querystring.cursor'],
      ['cursor=-5', 'querystring.cursor'],
      ['cursor=99999999999999999999', 'querystring.cursor'],
      ['other=1', 'querystring'],
    ] as const) {
      const e = expectError(await call('GET', `/me/notifications?${query}`, a.token), 400, 'VALIDATION_FAILED');
      expect(fields(e).some((f) => f.startsWith(field)), `${query}: ${JSON.stringify(e)}`).toBe(true);
    }
  });

  it("marks only the caller's own read; naming anyone else's is 404 and changes nothing", async () => {
    const unreadOf = async (token: string) => (await call('GET', '/me/notifications', token)).json().unread;
    // One of A's and one of B's: refused whole.
    expectError(await call('POST', '/me/notifications/read', a.token, { ids: [idsA[0], idsB[0]] }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/me/notifications/read', a.token, { ids: [999_999_999] }), 404, 'NOT_FOUND');
    expect(await unreadOf(a.token)).toBe(5);
    expect(await unreadOf(b.token)).toBe(1);

    const marked = await call('POST', '/me/notifications/read', a.token, { ids: [idsA[0], idsA[1], idsA[0]] });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toEqual({ marked: 2, unread: 3 });
    const [row] = await t.handle.db.select().from(notifications).where(eq(notifications.id, idsA[0]));
    expect(row.readAt).toBeInstanceOf(Date);
    // Marking again keeps the first time it was read.
    expect((await call('POST', '/me/notifications/read', a.token, { ids: [idsA[0]] })).json()).toEqual({ marked: 0, unread: 3 });
    const [again] = await t.handle.db.select().from(notifications).where(eq(notifications.id, idsA[0]));
    expect(again.readAt!.getTime()).toBe(row.readAt!.getTime());
    const listed = (await call('GET', '/me/notifications?limit=1', a.token)).json();
    expect(listed.items[0].readAt).toBe(row.readAt!.toISOString());

    // B marks all of theirs: A's stay as they were.
    expect((await call('POST', '/me/notifications/read', b.token, { all: true })).json()).toEqual({ marked: 1, unread: 0 });
    expect(await unreadOf(a.token)).toBe(3);
    const stillUnread = await t.handle.db.select().from(notifications).where(inArray(notifications.id, idsA.slice(2)));
    expect(stillUnread.every((r) => r.readAt === null)).toBe(true);
  });

  it('refuses a body that names nothing, or both, or not ids, with 400, and changes nothing', async () => {
    for (const body of [{}, { ids: [] }, { ids: ['x'] }, { ids: [0] }, { ids: [1.5] }, { ids: [idsA[2]], all: true }, { all: false }, { all: 'yes' }, { ids: Array.from({ length: 101 }, (_, i) => i + 1) }, { ids: [idsA[2]], other: 1 }]) {
      const e = expectError(await call('POST', '/me/notifications/read', a.token, body), 400, 'VALIDATION_FAILED');
      expect(fields(e).length, JSON.stringify(body)).toBeGreaterThan(0);
    }
    expect((await call('GET', '/me/notifications', a.token)).json().unread).toBe(3);
  });
});
