import { Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../../src/app.js';
import { hashOtp, issueOtp, OTP_MAX_TRIES } from '../../src/auth/otp.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { testConfig, type Config } from '../../src/config.js';
import type { DbHandle } from '../../src/db/client.js';
import { otpCodes, smsMessages, users } from '../../src/db/schema/index.js';
import type { SmsGateway, SmsMessage } from '../../src/sms/gateway.js';
import { PASSWORD, TEST_PASSWORD_POLICY } from '../support/app.js';
import { freshDatabase } from '../support/db.js';

/**
 * Phone codes through the API (SPEC §10 "Phone verification"). The texts are read where a phone
 * would receive them: a gateway that keeps what it is given (tests/api/sms.test.ts drives the
 * webhook gateway against a real HTTP server).
 */
class Inbox implements SmsGateway {
  readonly name = 'inbox';
  readonly sent: SmsMessage[] = [];
  private waiting: { phone: string; resolve: (m: SmsMessage) => void }[] = [];

  async send(message: SmsMessage): Promise<void> {
    this.sent.push(message);
    for (const w of this.waiting.filter((x) => x.phone === message.to)) w.resolve(message);
    this.waiting = this.waiting.filter((x) => x.phone !== message.to);
  }

  /** The next text to `phone` not yet read (the app sends it in the background once the code is committed). */
  next(phone: string, after: number): Promise<SmsMessage> {
    const already = this.sent.filter((m) => m.to === phone)[after];
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.waiting.push({ phone, resolve }));
  }

  to(phone: string) {
    return this.sent.filter((m) => m.to === phone);
  }
}

let phones = 0;
const newPhone = () => `137${String(process.pid % 10_000).padStart(4, '0')}${String(++phones).padStart(4, '0')}`;
const codeIn = (text: string) => text.match(/(?<!\d)\d{6}(?!\d)/)![0];
const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function otpApp(overrides: Partial<Config> = {}, stream?: NodeJS.WritableStream) {
  const handle = await freshDatabase();
  const inbox = new Inbox();
  let pinned: Date | null = null;
  const app = await buildApp({
    config: testConfig(overrides),
    db: handle.db,
    now: () => pinned ?? new Date(),
    passwordPolicy: TEST_PASSWORD_POLICY,
    logger: stream ? loggerOptions('trace', stream) : false,
    sms: inbox,
  });
  const call = (method: string, url: string, body?: unknown, token?: string) =>
    app.inject({ method: method as 'POST', url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { payload: body as object }) });
  /** Asks for a code and reads it from the phone's texts. */
  const codeFor = async (phone: string, purpose: 'register' | 'login' | 'sign') => {
    const before = inbox.to(phone).length;
    const res = await call('POST', '/auth/otp', { phone, purpose });
    expect(res.statusCode, res.body).toBe(202);
    return codeIn((await inbox.next(phone, before)).text);
  };
  return {
    app,
    handle,
    inbox,
    call,
    codeFor,
    setNow: (d: Date | null) => {
      pinned = d;
    },
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

type OtpApp = Awaited<ReturnType<typeof otpApp>>;

describe('phone codes (SPEC §10)', () => {
  let t: OtpApp;
  beforeAll(async () => {
    t = await otpApp();
  });
  afterAll(() => t.close());

  const codeRows = (phone: string) => t.handle.db.select().from(otpCodes).where(eq(otpCodes.phone, phone)).orderBy(otpCodes.id);
  const register = (phone: string, extra: Record<string, unknown> = {}) => t.call('POST', '/auth/register', { phone, password: PASSWORD, name: '王五', ...extra });

  it('POST /auth/otp answers 202 with the lifetimes, never the code; the text is one plain Chinese segment whose only 6-digit number is the code', async () => {
    const phone = newPhone();
    const res = await t.call('POST', '/auth/otp', { phone, purpose: 'register' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
    const text = (await t.inbox.next(phone, 0)).text;
    const code = codeIn(text);
    expect(res.body).not.toContain(code);
    expect(text).toBe(`【调解】您的验证码为${code}，用于注册，5分钟内有效。请勿告诉他人。`);
    expect(text.length).toBeLessThanOrEqual(70);
    expect(text.match(/\d{6}/g)).toEqual([code]);
    const [message] = t.inbox.to(phone);
    expect(message).toMatchObject({ to: phone, purpose: 'otp:register' });
  });

  it('keeps a keyed hash of the code, not the code', async () => {
    const phone = newPhone();
    const code = await t.codeFor(phone, 'register');
    const [row] = await codeRows(phone);
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.codeHash).not.toContain(code);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(5 * 60_000);
    expect(row.codeHash).not.toBe(hashOtp('another key', { phone, purpose: 'register', code }));
    expect(row.codeHash).toBe(hashOtp(testConfig().OTP_HASH_KEY, { phone, purpose: 'register', code }));
  });

  it('a wrong code counts a try even though the request fails; after five, even the right code is 429', async () => {
    const phone = newPhone();
    expect((await register(phone)).statusCode).toBe(201);
    const code = await t.codeFor(phone, 'login');
    for (let i = 1; i <= OTP_MAX_TRIES; i++) {
      const res = await t.call('POST', '/auth/login', { phone, code: otherCode(code) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.code' }] });
      expect((await codeRows(phone))[0].attempts).toBe(i);
    }
    const res = await t.call('POST', '/auth/login', { phone, code });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('RATE_LIMITED');
    expect((await codeRows(phone))[0]).toMatchObject({ attempts: OTP_MAX_TRIES, consumedAt: null });
  });

  it('many wrong guesses sent at once still get five tries between them', async () => {
    const phone = newPhone();
    expect((await register(phone)).statusCode).toBe(201);
    const code = await t.codeFor(phone, 'login');
    const answers = await Promise.all(Array.from({ length: 12 }, () => t.call('POST', '/auth/login', { phone, code: otherCode(code) })));
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([...Array(5).fill(400), ...Array(7).fill(429)]);
    expect((await codeRows(phone))[0].attempts).toBe(OTP_MAX_TRIES);
  });

  it('a code expires after five minutes (the app clock moved on)', async () => {
    const phone = newPhone();
    expect((await register(phone)).statusCode).toBe(201);
    const t0 = new Date();
    t.setNow(t0);
    try {
      const code = await t.codeFor(phone, 'login');
      t.setNow(new Date(t0.getTime() + 5 * 60_000));
      const res = await t.call('POST', '/auth/login', { phone, code });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([{ field: 'body.code', message: 'has expired; ask for a new one' }]);
      t.setNow(new Date(t0.getTime() + 5 * 60_000 - 1000));
      expect((await t.call('POST', '/auth/login', { phone, code })).statusCode).toBe(200);
    } finally {
      t.setNow(null);
    }
  });

  it('one code a minute per phone and purpose (429 with Retry-After); another purpose is not held back', async () => {
    const phone = newPhone();
    const t0 = new Date();
    t.setNow(t0);
    try {
      await t.codeFor(phone, 'register');
      t.setNow(new Date(t0.getTime() + 20_000));
      const again = await t.call('POST', '/auth/otp', { phone, purpose: 'register' });
      expect(again.statusCode).toBe(429);
      expect(again.json().error.code).toBe('RATE_LIMITED');
      expect(again.headers['retry-after']).toBe('40');
      expect((await codeRows(phone)).length).toBe(1);
      expect((await t.call('POST', '/auth/otp', { phone, purpose: 'sign' })).statusCode).toBe(202);
      t.setNow(new Date(t0.getTime() + 60_000));
      expect((await t.call('POST', '/auth/otp', { phone, purpose: 'register' })).statusCode).toBe(202);
    } finally {
      t.setNow(null);
    }
  });

  it('ten codes a day per phone: the eleventh within 24 hours is 429 until the first is a day old', async () => {
    const phone = newPhone();
    const t0 = new Date(Date.now() - 2 * 24 * 3600_000);
    try {
      for (let i = 0; i < 10; i++) {
        t.setNow(new Date(t0.getTime() + i * 61_000));
        expect((await t.call('POST', '/auth/otp', { phone, purpose: (['register', 'login', 'sign'] as const)[i % 3] })).statusCode).toBe(202);
      }
      const late = new Date(t0.getTime() + 3600_000);
      t.setNow(late);
      const eleventh = await t.call('POST', '/auth/otp', { phone, purpose: 'sign' });
      expect(eleventh.statusCode).toBe(429);
      expect(Number(eleventh.headers['retry-after'])).toBe(24 * 3600 - 3600);
      expect((await codeRows(phone)).length).toBe(10);
      t.setNow(new Date(t0.getTime() + 24 * 3600_000));
      expect((await t.call('POST', '/auth/otp', { phone, purpose: 'sign' })).statusCode).toBe(202);
    } finally {
      t.setNow(null);
    }
  });

  it('a code for another purpose is refused, and the code asked for last is the one that works', async () => {
    const phone = newPhone();
    expect((await register(phone)).statusCode).toBe(201);
    const signCode = await t.codeFor(phone, 'sign');
    const wrongPurpose = await t.call('POST', '/auth/login', { phone, code: signCode });
    expect(wrongPurpose.statusCode).toBe(400);
    expect(wrongPurpose.json().error.details[0].field).toBe('body.code');

    const t0 = new Date();
    t.setNow(t0);
    try {
      const first = await t.codeFor(phone, 'login');
      t.setNow(new Date(t0.getTime() + 61_000));
      const second = await t.codeFor(phone, 'login');
      if (first !== second) expect((await t.call('POST', '/auth/login', { phone, code: first })).statusCode).toBe(400);
      expect((await t.call('POST', '/auth/login', { phone, code: second })).statusCode).toBe(200);
      // The earlier code does not come back to life once the newer one is used.
      const old = await t.call('POST', '/auth/login', { phone, code: first });
      expect(old.statusCode).toBe(400);
    } finally {
      t.setNow(null);
    }
  });

  it('signs a worker in by phone code; the code works once', async () => {
    const phone = newPhone();
    const registered = await register(phone);
    const code = await t.codeFor(phone, 'login');
    const res = await t.call('POST', '/auth/login', { phone, code });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ id: registered.json().user.id, role: 'worker' });
    expect(res.headers['set-cookie']).toBeDefined();
    const me = await t.call('GET', '/me', undefined, res.json().token);
    expect(me.json()).toMatchObject({ id: registered.json().user.id, phone });
    const again = await t.call('POST', '/auth/login', { phone, code });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details).toEqual([{ field: 'body.code', message: 'has already been used; ask for a new one' }]);
    expect((await codeRows(phone))[0].consumedAt).not.toBeNull();
    // The password form still works.
    expect((await t.call('POST', '/auth/login', { username: phone, password: PASSWORD })).statusCode).toBe(200);
  });

  it("signs an employer representative in by phone code (the invitation's account, username employer:<phone>)", async () => {
    const phone = newPhone();
    const id = uuidv7();
    await t.handle.db.insert(users).values({ id, username: `employer:${phone}`, passwordHash: 'no password: signs in by code', role: 'employer', name: '赵经理', phone });
    const code = await t.codeFor(phone, 'login');
    const res = await t.call('POST', '/auth/login', { phone, code });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ id, role: 'employer' });
  });

  it('asking for a sign-in code answers the same for a phone without an account, but texts nothing; signing in with it is 401', async () => {
    const phone = newPhone();
    const known = newPhone();
    expect((await register(known)).statusCode).toBe(201);
    const a = await t.call('POST', '/auth/otp', { phone, purpose: 'login' });
    const b = await t.call('POST', '/auth/otp', { phone: known, purpose: 'login' });
    expect([a.statusCode, a.body]).toEqual([b.statusCode, b.body]);
    await t.inbox.next(known, 0);
    // The limits hold for it as for any phone.
    expect((await t.call('POST', '/auth/otp', { phone, purpose: 'login' })).statusCode).toBe(429);
    expect(await t.handle.db.select().from(smsMessages).where(eq(smsMessages.phone, phone))).toEqual([]);
    expect(t.inbox.to(phone)).toEqual([]);
    // Whoever came by the code (none was sent) still gets in nowhere.
    const { code } = await issueOtp(t.handle.db, { phone, purpose: 'login', now: new Date(Date.now() + 120_000), key: testConfig().OTP_HASH_KEY, send: false });
    t.setNow(new Date(Date.now() + 120_000));
    try {
      const res = await t.call('POST', '/auth/login', { phone, code });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    } finally {
      t.setNow(null);
    }
  });

  it('staff cannot be signed in by a code, even with a phone-like username', async () => {
    const phone = newPhone();
    await t.handle.db.insert(users).values({ id: uuidv7(), username: phone, passwordHash: 'x', role: 'admin', name: '管理员', phone });
    await t.call('POST', '/auth/otp', { phone, purpose: 'login' });
    expect(await t.handle.db.select().from(smsMessages).where(eq(smsMessages.phone, phone))).toEqual([]);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const phone = newPhone();
    const cases: [unknown, string][] = [
      [{ phone: '12345', purpose: 'login' }, 'body.phone'],
      [{ phone, purpose: 'reset' }, 'body.purpose'],
      [{ phone }, 'body.purpose'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('POST', '/auth/otp', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await codeRows(phone)).toEqual([]);
    const logins: [unknown, string][] = [
      [{ phone }, 'body.code'],
      [{ code: '123456' }, 'body.phone'],
      [{ phone, code: '12345' }, 'body.code'],
      [{ phone, code: '123456', password: 'x' }, 'body.password'],
      [{}, 'body.username'],
    ];
    for (const [body, field] of logins) {
      const res = await t.call('POST', '/auth/login', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const none = await t.call('POST', '/auth/login', { phone, code: '123456' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details).toEqual([{ field: 'body.code', message: 'matches no code sent to this phone; ask for one first' }]);
  });

  it('with PHONE_VERIFICATION off, registration takes no code, but checks one given', async () => {
    const phone = newPhone();
    const wrong = await register(phone, { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('body.code');
    expect(await t.handle.db.select().from(users).where(eq(users.username, phone))).toEqual([]);
    expect((await register(phone)).statusCode).toBe(201);
  });
});

describe('PHONE_VERIFICATION=required', () => {
  let t: OtpApp;
  beforeAll(async () => {
    t = await otpApp({ PHONE_VERIFICATION: 'required' });
  });
  afterAll(() => t.close());
  const register = (phone: string, extra: Record<string, unknown> = {}) => t.call('POST', '/auth/register', { phone, password: PASSWORD, name: '王五', ...extra });
  const accounts = (phone: string) => t.handle.db.select().from(users).where(eq(users.username, phone));

  it('registration without a code is 400 naming body.code, and creates nothing', async () => {
    const phone = newPhone();
    const res = await register(phone);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.code' }] });
    expect(await accounts(phone)).toEqual([]);
  });

  it('registration with the code sent to the phone creates the worker and uses the code up; the code cannot serve twice', async () => {
    const phone = newPhone();
    const code = await t.codeFor(phone, 'register');
    const wrong = await register(phone, { code: otherCode(code) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('body.code');
    const res = await register(phone, { code });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ role: 'worker', phone });
    const [row] = await t.handle.db.select().from(otpCodes).where(and(eq(otpCodes.phone, phone), eq(otpCodes.purpose, 'register')));
    expect(row).toMatchObject({ attempts: 1 });
    expect(row.consumedAt).not.toBeNull();
    const reuse = await register(phone, { code, password: 'another-password-1' });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().error.details[0]).toEqual({ field: 'body.code', message: 'has already been used; ask for a new one' });
  });

  it("a code sent to another phone, or for signing in, does not register this one", async () => {
    const phone = newPhone();
    const other = newPhone();
    const otherCodeSent = await t.codeFor(other, 'register');
    expect((await register(phone, { code: otherCodeSent })).statusCode).toBe(400);
    const signCode = await t.codeFor(phone, 'sign');
    expect((await register(phone, { code: signCode })).statusCode).toBe(400);
    expect(await accounts(phone)).toEqual([]);
  });

  it('a registration refused (the phone is taken) leaves the code unused', async () => {
    const phone = newPhone();
    const code = await t.codeFor(phone, 'register');
    expect((await register(phone, { code })).statusCode).toBe(201);
    const t0 = new Date(Date.now() + 61_000);
    t.setNow(t0);
    try {
      const second = await t.codeFor(phone, 'register');
      const taken = await register(phone, { code: second });
      expect(taken.statusCode).toBe(409);
      const rows = await t.handle.db.select().from(otpCodes).where(eq(otpCodes.phone, phone)).orderBy(otpCodes.id);
      expect(rows[1].consumedAt).toBeNull();
    } finally {
      t.setNow(null);
    }
  });
});

describe('the per-address limit on asking for codes', () => {
  let t: OtpApp;
  beforeAll(async () => {
    t = await otpApp({ OTP_MAX_PER_ADDRESS: 3 });
  });
  afterAll(() => t.close());

  it('one address asking for codes to phone after phone gets 429 with Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await t.call('POST', '/auth/otp', { phone: newPhone(), purpose: 'register' })).statusCode).toBe(202);
    const phone = newPhone();
    const res = await t.call('POST', '/auth/otp', { phone, purpose: 'register' });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(await t.handle.db.select().from(otpCodes).where(eq(otpCodes.phone, phone))).toEqual([]);
  });
});

describe('what is logged', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  let t: OtpApp;
  beforeAll(async () => {
    t = await otpApp({ PHONE_VERIFICATION: 'required' }, stream);
  });
  afterAll(() => t.close());

  it('at trace, no line holds a code or a whole phone through asking, registering, failing and signing in', async () => {
    const phone = newPhone();
    const code = await t.codeFor(phone, 'register');
    expect((await t.call('POST', '/auth/register', { phone, password: PASSWORD, name: '王五', code: otherCode(code) })).statusCode).toBe(400);
    expect((await t.call('POST', '/auth/register', { phone, password: PASSWORD, name: '王五', code })).statusCode).toBe(201);
    const t0 = new Date(Date.now() + 61_000);
    t.setNow(t0);
    try {
      const login = await t.codeFor(phone, 'login');
      expect((await t.call('POST', '/auth/login', { phone, code: otherCode(login) })).statusCode).toBe(400);
      expect((await t.call('POST', '/auth/login', { phone, code: login })).statusCode).toBe(200);
      expect((await t.call('POST', '/auth/otp', { phone, purpose: 'login' })).statusCode).toBe(429);
      expect(lines.length).toBeGreaterThan(10);
      for (const line of lines) {
        for (const secret of [phone, code, login, otherCode(code), otherCode(login)]) expect(line).not.toContain(secret);
      }
    } finally {
      t.setNow(null);
    }
  });
});

describe('the log gateway (SMS_GATEWAY=log, the default)', () => {
  it('writes the text with the phone masked, never the whole phone', async () => {
    const handle: DbHandle = await freshDatabase();
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        callback();
      },
    });
    const app = await buildApp({ config: testConfig(), db: handle.db, passwordPolicy: TEST_PASSWORD_POLICY, logger: loggerOptions('info', stream) });
    try {
      await ensureAdmin(handle.db, { username: 'admin', password: PASSWORD, policy: TEST_PASSWORD_POLICY });
      const phone = '13812345678';
      const res = await app.inject({ method: 'POST', url: '/auth/otp', payload: { phone, purpose: 'register' } });
      expect(res.statusCode).toBe(202);
      await app.close(); // waits for the text that went out in the background
      const sms = lines.filter((l) => l.component === 'sms');
      expect(sms).toHaveLength(1);
      expect(sms[0].msg).toMatch(/^sms to 138\*\*\*\*5678: 【调解】您的验证码为\d{6}，用于注册，5分钟内有效。请勿告诉他人。$/);
      expect(sms[0].sms).toMatchObject({ to: '138****5678', purpose: 'otp:register' });
      for (const l of lines) expect(JSON.stringify(l)).not.toContain(phone);
    } finally {
      await app.close();
      await handle.close();
    }
  });
});
