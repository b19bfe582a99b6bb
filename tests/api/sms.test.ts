import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../../src/app.js';
import { issueOtp } from '../../src/auth/otp.js';
import { loadConfig, testConfig } from '../../src/config.js';
import type { DbHandle } from '../../src/db/client.js';
import { smsMessages } from '../../src/db/schema/index.js';
import { LogNotifier } from '../../src/reminders/notifiers.js';
import { deliverSms, sweepReminders } from '../../src/reminders/service.js';
import { LogSmsGateway, smsGatewayFor, WebhookSmsGateway } from '../../src/sms/gateway.js';
import { smsRow } from '../../src/sms/outbox.js';
import { TEST_PASSWORD_POLICY } from '../support/app.js';
import { freshDatabase } from '../support/db.js';

/**
 * The SMS gateway (SPEC §10) against a real HTTP server on 127.0.0.1 standing in for the SMS
 * provider: what it receives, what happens when it fails, and that one key is sent once however
 * many deliverers run.
 */
interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

class Sink {
  readonly received: Received[] = [];
  /** Statuses to answer, in order; 200 once they run out. */
  answers: number[] = [];
  /** How long each answer takes (lets two deliverers overlap). */
  delayMs = 0;
  private server!: Server;
  private waiting: ((r: Received) => void)[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let data = '';
      req.setEncoding('utf8');
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const got = { headers: req.headers, body: JSON.parse(data) };
        this.received.push(got);
        for (const w of this.waiting.splice(0)) w(got);
        const status = this.answers.shift() ?? 200;
        setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end('{}'), this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms`;
  }

  next(): Promise<Received> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  keys() {
    return this.received.map((r) => r.body.idempotencyKey as string);
  }

  reset() {
    this.received.length = 0;
    this.answers = [];
    this.delayMs = 0;
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let n = 0;
const queue = (db: DbHandle['db'], now: Date, over: Partial<{ key: string; phone: string; text: string; purpose: string }> = {}) => {
  n++;
  return db
    .insert(smsMessages)
    .values(smsRow({ key: over.key ?? `test:${n}`, phone: over.phone ?? `1361234${String(n).padStart(4, '0')}`, text: over.text ?? `【调解】您的案件有新的进展（${n}）。`, purpose: over.purpose ?? 'notification', now }))
    .onConflictDoNothing({ target: smsMessages.idempotencyKey })
    .returning();
};
const rowOf = async (db: DbHandle['db'], key: string) => (await db.select().from(smsMessages).where(eq(smsMessages.idempotencyKey, key)))[0];

describe('the webhook gateway, against a real HTTP server', () => {
  const sink = new Sink();
  let url: string;
  let handle: DbHandle;
  beforeAll(async () => {
    url = await sink.start();
    handle = await freshDatabase();
  });
  afterAll(async () => {
    await sink.stop();
    await handle.close();
  });

  it('POSTs { to, text, purpose, idempotencyKey } as JSON with the key in Idempotency-Key, and marks the row delivered', async () => {
    sink.reset();
    const now = new Date();
    const [row] = await queue(handle.db, now, { key: 'case:1:accepted', phone: '13912345678', text: '【调解】您的申请已受理。', purpose: 'notification' });
    const result = await deliverSms(handle.db, new WebhookSmsGateway(url, { attempts: 1 }), now);
    expect(result).toEqual({ delivered: 1, failed: 0 });
    expect(sink.received).toHaveLength(1);
    const [got] = sink.received;
    expect(got.body).toEqual({ to: '13912345678', text: '【调解】您的申请已受理。', purpose: 'notification', idempotencyKey: 'case:1:accepted' });
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['idempotency-key']).toBe('case:1:accepted');
    expect(await rowOf(handle.db, 'case:1:accepted')).toMatchObject({ id: row.id, deliveredAt: now, attempts: 1, lastError: null, text: '【调解】您的申请已受理。' });
    // Delivered is delivered: the next sweep sends nothing.
    expect(await deliverSms(handle.db, new WebhookSmsGateway(url, { attempts: 1 }), new Date(now.getTime() + 3600_000))).toEqual({ delivered: 0, failed: 0 });
    expect(sink.received).toHaveLength(1);
  });

  it('a 500 from the gateway leaves the message for later with backoff, and the retry carries the same key', async () => {
    sink.reset();
    sink.answers = [500];
    const now = new Date();
    await queue(handle.db, now, { key: 'retry:500' });
    const gateway = new WebhookSmsGateway(url, { attempts: 1 });
    expect(await deliverSms(handle.db, gateway, now)).toEqual({ delivered: 0, failed: 1 });
    const failed = await rowOf(handle.db, 'retry:500');
    expect(failed).toMatchObject({ deliveredAt: null, attempts: 1, lastError: 'the SMS webhook answered 500' });
    expect(failed.nextAttemptAt.getTime()).toBe(now.getTime() + 60_000);
    // Not before its time …
    expect(await deliverSms(handle.db, gateway, new Date(now.getTime() + 30_000))).toEqual({ delivered: 0, failed: 0 });
    // … and then once.
    const later = new Date(now.getTime() + 60_000);
    expect(await deliverSms(handle.db, gateway, later)).toEqual({ delivered: 1, failed: 0 });
    expect(sink.keys()).toEqual(['retry:500', 'retry:500']);
    expect(await rowOf(handle.db, 'retry:500')).toMatchObject({ deliveredAt: later, attempts: 2, lastError: null });
  });

  it('within one delivery it asks again after a 503, but not after a 400', async () => {
    sink.reset();
    sink.answers = [503];
    const now = new Date();
    await queue(handle.db, now, { key: 'retry:503' });
    expect(await deliverSms(handle.db, new WebhookSmsGateway(url, { attempts: 3, backoffMs: 5 }), now)).toEqual({ delivered: 1, failed: 0 });
    expect(sink.keys()).toEqual(['retry:503', 'retry:503']);

    sink.reset();
    sink.answers = [400, 400];
    await queue(handle.db, now, { key: 'refused:400' });
    expect(await deliverSms(handle.db, new WebhookSmsGateway(url, { attempts: 3, backoffMs: 5 }), now)).toEqual({ delivered: 0, failed: 1 });
    expect(sink.keys()).toEqual(['refused:400']);
    expect((await rowOf(handle.db, 'refused:400')).lastError).toBe('the SMS webhook answered 400');
  });

  it('a gateway that does not answer: the message waits, and its error names no phone', async () => {
    // A port nothing listens on: start a server, note its port, close it.
    const gone = new Sink();
    const goneUrl = await gone.start();
    await gone.stop();
    const now = new Date();
    await queue(handle.db, now, { key: 'unreachable', phone: '13712345678' });
    expect(await deliverSms(handle.db, new WebhookSmsGateway(goneUrl, { attempts: 2, backoffMs: 5 }), now)).toEqual({ delivered: 0, failed: 1 });
    const row = await rowOf(handle.db, 'unreachable');
    expect(row).toMatchObject({ deliveredAt: null, attempts: 1 });
    expect(row.lastError).toMatch(/^the SMS webhook did not answer/);
    expect(row.lastError).not.toContain('13712345678');
    // Leave nothing pending for the next tests.
    await handle.db.update(smsMessages).set({ deliveredAt: now }).where(eq(smsMessages.idempotencyKey, 'unreachable'));
  });

  it('the same key queued twice is one message', async () => {
    sink.reset();
    const now = new Date();
    expect(await queue(handle.db, now, { key: 'twice' })).toHaveLength(1);
    expect(await queue(handle.db, now, { key: 'twice' })).toHaveLength(0);
    await deliverSms(handle.db, new WebhookSmsGateway(url, { attempts: 1 }), now);
    expect(sink.keys()).toEqual(['twice']);
  });

  it('two deliverers racing send each key exactly once', async () => {
    sink.reset();
    sink.delayMs = 15;
    const now = new Date();
    const keys = Array.from({ length: 24 }, (_, i) => `race:${i}`);
    for (const key of keys) await queue(handle.db, now, { key });
    const gateway = new WebhookSmsGateway(url, { attempts: 1 });
    // Batches of 5, so each deliverer comes back for more while the other holds rows.
    const [a, b] = await Promise.all([deliverSms(handle.db, gateway, now, 5), deliverSms(handle.db, gateway, now, 5)]);
    expect(a.failed + b.failed).toBe(0);
    expect(a.delivered + b.delivered).toBe(keys.length);
    expect(sink.keys().sort()).toEqual([...keys].sort());
    const rows = await handle.db.select().from(smsMessages);
    for (const key of keys) expect(rows.find((r) => r.idempotencyKey === key)).toMatchObject({ attempts: 1, deliveredAt: now });
  });

  it("the reminders' sweep delivers text messages too", async () => {
    sink.reset();
    const now = new Date();
    await queue(handle.db, now, { key: 'by-the-sweep' });
    const silent = new LogNotifier(pino({ level: 'silent' }));
    const result = await sweepReminders(handle.db, silent, now, new WebhookSmsGateway(url, { attempts: 1 }));
    expect(result.sms).toEqual({ delivered: 1, failed: 0 });
    expect(sink.keys()).toEqual(['by-the-sweep']);
    // Without a gateway the sweep leaves them be.
    await queue(handle.db, now, { key: 'no-gateway' });
    expect((await sweepReminders(handle.db, silent, now)).sms).toEqual({ delivered: 0, failed: 0 });
    expect((await rowOf(handle.db, 'no-gateway')).deliveredAt).toBeNull();
    await deliverSms(handle.db, new WebhookSmsGateway(url, { attempts: 1 }), now);
  });

  it("a phone code's text is blanked in the outbox once sent; one whose code expired first is not sent at all", async () => {
    sink.reset();
    const key = testConfig().OTP_HASH_KEY;
    const t0 = new Date();
    const sent = await issueOtp(handle.db, { phone: '13511112222', purpose: 'sign', now: t0, key, send: true });
    await deliverSms(handle.db, new WebhookSmsGateway(url, { attempts: 1 }), t0);
    expect(sink.received.map((r) => r.body)).toEqual([
      { to: '13511112222', text: `【调解】您的验证码为${sent.code}，用于签署调解协议，5分钟内有效。请勿告诉他人。`, purpose: 'otp:sign', idempotencyKey: `otp:${sent.id}` },
    ]);
    const row = await rowOf(handle.db, `otp:${sent.id}`);
    expect(row.text).toBe('【调解】您的验证码为******，用于签署调解协议，5分钟内有效。请勿告诉他人。');

    sink.reset();
    sink.answers = [500];
    const late = await issueOtp(handle.db, { phone: '13511113333', purpose: 'login', now: t0, key, send: true });
    expect(await deliverSms(handle.db, new WebhookSmsGateway(url, { attempts: 1 }), t0)).toEqual({ delivered: 0, failed: 1 });
    const expired = new Date(t0.getTime() + 5 * 60_000);
    await deliverSms(handle.db, new WebhookSmsGateway(url, { attempts: 1 }), expired);
    expect(sink.keys().filter((k) => k === `otp:${late.id}`)).toHaveLength(1);
    const unsent = await rowOf(handle.db, `otp:${late.id}`);
    expect(unsent).toMatchObject({ deliveredAt: expired, lastError: 'not sent: the code expired before it could go out' });
    expect(unsent.text).not.toContain(late.code);
  });
});

describe('the app sends a code at once through the webhook gateway, without waiting for a sweep', () => {
  const sink = new Sink();
  let url: string;
  let handle: DbHandle;
  const lines: string[] = [];
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    url = await sink.start();
    handle = await freshDatabase();
    const stream = new Writable({
      write(chunk, _e, cb) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        cb();
      },
    });
    const config = testConfig({ SMS_GATEWAY: 'webhook', SMS_WEBHOOK_URL: url });
    app = await buildApp({ config, db: handle.db, passwordPolicy: TEST_PASSWORD_POLICY, logger: loggerOptions('trace', stream) });
  });
  afterAll(async () => {
    await app.close();
    await sink.stop();
    await handle.close();
  });

  it('the text reaches the gateway after the answer; a failure there is no failure of the request, and the sweep sends it later', async () => {
    const arriving = sink.next();
    const res = await app.inject({ method: 'POST', url: '/auth/otp', payload: { phone: '13622223333', purpose: 'register' } });
    expect(res.statusCode).toBe(202);
    const got = await arriving;
    expect(got.body).toMatchObject({ to: '13622223333', purpose: 'otp:register' });
    const code = String(got.body.text).match(/\d{6}/)![0];

    sink.answers = [500, 500, 500];
    const failing = sink.next();
    const second = await app.inject({ method: 'POST', url: '/auth/otp', payload: { phone: '13622224444', purpose: 'register' } });
    expect(second.statusCode).toBe(202);
    await failing;
    await app.close(); // waits for the deliveries the requests started
    const [pending] = await handle.db.select().from(smsMessages).where(eq(smsMessages.phone, '13622224444'));
    expect(pending).toMatchObject({ deliveredAt: null, attempts: 1, lastError: 'the SMS webhook answered 500' });
    sink.answers = [];
    const sweep = await deliverSms(handle.db, new WebhookSmsGateway(url), new Date(Date.now() + 61_000));
    expect(sweep).toEqual({ delivered: 1, failed: 0 });
    expect(sink.received.filter((r) => r.body.to === '13622224444')).toHaveLength(3);
    for (const line of lines) for (const secret of ['13622223333', '13622224444', code]) expect(line).not.toContain(secret);
  });
});

describe('configuration of the gateway', () => {
  it('SMS_GATEWAY=webhook without SMS_WEBHOOK_URL is refused at start; the log gateway is the default', () => {
    expect(() => loadConfig({ SMS_GATEWAY: 'webhook' })).toThrow(/SMS_WEBHOOK_URL: is required with SMS_GATEWAY=webhook/);
    expect(() => loadConfig({ SMS_GATEWAY: 'carrier-pigeon' })).toThrow(/SMS_GATEWAY/);
    expect(loadConfig({}).SMS_GATEWAY).toBe('log');
    expect(smsGatewayFor(loadConfig({}), pino({ level: 'silent' }))).toBeInstanceOf(LogSmsGateway);
    expect(smsGatewayFor(loadConfig({ SMS_GATEWAY: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example.cn/send' }), pino({ level: 'silent' }))).toBeInstanceOf(WebhookSmsGateway);
  });

  it('PHONE_VERIFICATION is required by default in production and off elsewhere, and may be set either way', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-length', SEARCH_HASH_KEY: 'k'.repeat(32), ADMIN_PASSWORD: 'not-the-default-1' };
    expect(loadConfig(production).PHONE_VERIFICATION).toBe('required');
    expect(loadConfig({ ...production, PHONE_VERIFICATION: 'off' }).PHONE_VERIFICATION).toBe('off');
    expect(loadConfig({}).PHONE_VERIFICATION).toBe('off');
    expect(loadConfig({ PHONE_VERIFICATION: 'required' }).PHONE_VERIFICATION).toBe('required');
    expect(() => loadConfig({ PHONE_VERIFICATION: 'sometimes' })).toThrow(/PHONE_VERIFICATION/);
    // The codes' key follows JWT_SECRET and is no other key.
    expect(loadConfig({ JWT_SECRET: 'another-secret-16+' }).OTP_HASH_KEY).not.toBe(loadConfig({}).OTP_HASH_KEY);
    expect(loadConfig({}).OTP_HASH_KEY).not.toBe(loadConfig({}).SEARCH_HASH_KEY);
  });
});
