import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/db/client.js';
import { applicants, notices, reminders } from '../../src/db/schema/index.js';
import { WebhookNotifier, type NoticeMessage, type Notifier, type ReminderMessage } from '../../src/reminders/notifiers.js';
import { deliverNotices, deliverReminders, recordDueReminders, sweepReminders } from '../../src/reminders/service.js';
import { act, caseBody, testApp, type TestContext } from '../support/app.js';

let t: TestContext;
let second: DbHandle;
const NOW = new Date('2025-12-15T04:00:00Z'); // Monday; due soon = due by Thursday 12-18

class Collecting implements Notifier {
  readonly name = 'collect';
  readonly seen: ReminderMessage[] = [];
  readonly told: NoticeMessage[] = [];
  async deliver(m: ReminderMessage) {
    // A slow channel widens the window in which two sweeps could collide.
    await new Promise((r) => setTimeout(r, 2));
    this.seen.push(m);
  }
  async deliverNotice(m: NoticeMessage) {
    await new Promise((r) => setTimeout(r, 2));
    this.told.push(m);
  }
}

beforeAll(async () => {
  t = await testApp();
  t.setNow(NOW);
  const url = (t.handle as DbHandle & { url?: string }).url;
  // On PostgreSQL the second instance has its own connection pool, as a second process would.
  second = url ? openDatabase({ url, poolSize: 10 }) : t.handle;
});
afterAll(async () => {
  if (second !== t.handle) await second.close();
  await t.close();
});

async function caseWithClocks(occurredAt: string) {
  const union = await t.org('union');
  const mediator = await t.staff('mediator', union.id);
  const res = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { incidentDate: '2025-11-01', occurredAt }) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('reminders', () => {
  it('are recorded and delivered exactly once per clock and threshold with two instances sweeping at once', async () => {
    const cases = [
      await caseWithClocks('2025-11-20T02:00:00Z'), // mediation due 12-05: breached
      await caseWithClocks('2025-12-01T02:00:00Z'), // due 12-16: due soon
      await caseWithClocks('2025-12-02T02:00:00Z'), // due 12-17: due soon
      await caseWithClocks('2025-12-10T02:00:00Z'), // due 12-25: not yet
    ];
    const a = new Collecting();
    const b = new Collecting();
    const rounds = await Promise.all(
      Array.from({ length: 6 }, (_, i) => sweepReminders(i % 2 ? second.db : t.handle.db, i % 2 ? b : a, NOW)),
    );
    const delivered = [...a.seen, ...b.seen];
    const keys = delivered.map((m) => `${m.clockId}:${m.threshold}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(delivered.map((m) => [m.caseNumber, m.threshold]).sort()).toEqual(
      [
        [cases[0].number, 'breached'],
        [cases[1].number, 'due_soon'],
        [cases[2].number, 'due_soon'],
      ].sort(),
    );
    expect(rounds.reduce((s, r) => s + r.recorded, 0)).toBe(3);
    const rows = await t.handle.db.select().from(reminders);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.deliveredAt !== null && r.attempts === 1)).toBe(true);

    // Sweeping again later delivers nothing new for the same thresholds.
    const again = await sweepReminders(t.handle.db, a, NOW);
    expect(again).toMatchObject({ recorded: 0, delivered: 0 });
    // The due-soon clocks become breached after their day: one more reminder each.
    const later = await sweepReminders(second.db, b, new Date('2025-12-18T04:00:00Z'));
    expect(later.recorded).toBe(2);
  });

  it('carry no personal data', async () => {
    const filed = await caseWithClocks('2025-11-21T02:00:00Z');
    const n = new Collecting();
    await sweepReminders(t.handle.db, n, NOW);
    expect(n.seen.some((m) => m.caseId === filed.id)).toBe(true);
    // Look for this case's own ID number, phone and name rather than a digit pattern:
    // UUIDv7 ids carry long runs of digits that a phone-shaped pattern can match by chance.
    const stored = await t.handle.db.select().from(applicants).where(eq(applicants.caseId, filed.id));
    const personal = stored.flatMap((a) => [a.idNumber, a.phone, a.name]).filter((v): v is string => !!v);
    expect(personal.length).toBeGreaterThan(0);
    const text = JSON.stringify(n.seen);
    for (const value of personal) expect(text).not.toContain(value);
    for (const m of n.seen) expect(Object.keys(m).sort()).toEqual(['caseId', 'caseNumber', 'clockId', 'clockKind', 'dueOn', 'label', 'orgId', 'reminderId', 'threshold']);
  });
});

describe('notices (issue 19: assign tells the assignee)', () => {
  it('are written with the assign event and delivered once, to the assignee, with two instances sweeping', async () => {
    const union = await t.org('union');
    const head = await t.staff('mediator', union.id);
    const colleague = await t.staff('mediator', union.id);
    const filed = (await t.call('POST', '/cases', { token: head.token, body: caseBody(union.id, { incidentDate: '2025-11-01', occurredAt: '2025-12-12T02:00:00Z' }) })).json();
    // Assigning to oneself tells nobody; to a colleague, the colleague.
    await act(t, head.token, filed.id, 'assign', { userId: head.id });
    await act(t, head.token, filed.id, 'assign', { userId: colleague.id });
    const rows = await t.handle.db.select().from(notices).where(eq(notices.caseId, filed.id));
    expect(rows).toEqual([expect.objectContaining({ userId: colleague.id, kind: 'assigned', deliveredAt: null })]);
    const events = (await t.call('GET', `/cases/${filed.id}/events`, { token: head.token })).json().items;
    expect(events.find((e: { seq: number }) => e.seq === rows[0].eventSeq)).toMatchObject({ action: 'assign', data: { userId: colleague.id } });

    const a = new Collecting();
    const b = new Collecting();
    await Promise.all(Array.from({ length: 4 }, (_, i) => deliverNotices(i % 2 ? second.db : t.handle.db, i % 2 ? b : a, NOW)));
    const told = [...a.told, ...b.told].filter((m) => m.caseId === filed.id);
    expect(told).toEqual([{ noticeId: rows[0].id, kind: 'assigned', userId: colleague.id, caseId: filed.id, caseNumber: filed.number, orgId: union.id, text: `案件 ${filed.number} 已指派给你承办` }]);
    expect((await t.handle.db.select().from(notices).where(eq(notices.caseId, filed.id)))[0]).toMatchObject({ attempts: 1, deliveredAt: expect.any(Date) });
    // The regular sweep delivers them too, and nothing twice.
    expect((await sweepReminders(t.handle.db, a, NOW)).notices).toEqual({ delivered: 0, failed: 0 });
  });
});

describe('the webhook notifier', () => {
  let server: Server;
  let url: string;
  const received: { body: unknown; key: string | undefined }[] = [];
  let failFirst = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        if (failFirst > 0) {
          failFirst--;
          res.writeHead(503).end();
          return;
        }
        received.push({ body: JSON.parse(data), key: req.headers['idempotency-key'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('retries with backoff and posts JSON with an idempotency key', async () => {
    failFirst = 2;
    const notifier = new WebhookNotifier(url, { attempts: 3, backoffMs: 5 });
    const message: ReminderMessage = {
      reminderId: 42,
      threshold: 'due_soon',
      clockId: 'c',
      clockKind: 'mediation',
      label: '调解期限届满日',
      dueOn: '2025-12-16',
      caseId: 'x',
      caseNumber: 'PGZGH-2025-00001',
      orgId: 'o',
    };
    await notifier.deliver(message);
    expect(received.at(-1)).toEqual({ body: message, key: 'tiaojie-reminder-42' });
    const notice: NoticeMessage = { noticeId: 7, kind: 'assigned', userId: 'u', caseId: 'x', caseNumber: 'PGZGH-2025-00001', orgId: 'o', text: '案件 PGZGH-2025-00001 已指派给你承办' };
    await notifier.deliverNotice(notice);
    expect(received.at(-1)).toEqual({ body: notice, key: 'tiaojie-notice-7' });
  });

  it('leaves a reminder pending with its error when the webhook keeps failing, and delivers it on a later sweep', async () => {
    await caseWithClocks('2025-11-22T02:00:00Z');
    await recordDueReminders(t.handle.db, NOW);
    const pendingBefore = (await t.handle.db.select().from(reminders)).filter((r) => r.deliveredAt === null);
    expect(pendingBefore.length).toBeGreaterThan(0);
    failFirst = 1000;
    const failing = await deliverReminders(t.handle.db, new WebhookNotifier(url, { attempts: 2, backoffMs: 1 }), NOW);
    expect(failing.delivered).toBe(0);
    const [row] = await t.handle.db.select().from(reminders).where(eq(reminders.id, pendingBefore[0].id));
    expect(row).toMatchObject({ deliveredAt: null, attempts: 1 });
    expect(row.lastError).toContain('503');
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(NOW.getTime());

    failFirst = 0;
    // Not yet due for another attempt.
    expect((await deliverReminders(t.handle.db, new WebhookNotifier(url), NOW)).delivered).toBe(0);
    const later = await deliverReminders(t.handle.db, new WebhookNotifier(url), new Date(NOW.getTime() + 10 * 60_000));
    expect(later.delivered).toBe(pendingBefore.length);
  });
});
