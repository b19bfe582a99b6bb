import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { TEST_PASSWORD_POLICY } from '../support/app.js';
import { freshDatabase } from '../support/db.js';

/** The app as src/app.ts builds it, logging at `level` into memory (each line parsed). */
function memoryStream(lines: Record<string, unknown>[]) {
  return new Writable({
    write(chunk, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
}

async function loggedApp(level: string) {
  const handle = await freshDatabase();
  const lines: Record<string, unknown>[] = [];
  const stream = memoryStream(lines);
  const app = await buildApp({ config: testConfig(), db: handle.db, passwordPolicy: TEST_PASSWORD_POLICY, logger: loggerOptions(level, stream) });
  return { app, lines, close: async () => (await app.close(), await handle.close()) };
}

describe("each request's log lines (Fastify's request logger, with the app's serializers and redaction)", () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => close?.());

  it('at info, both lines of a request carry its request id, and two requests do not share one', async () => {
    const l = await loggedApp('info');
    close = l.close;
    const a = await l.app.inject({ method: 'GET', url: '/cases/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' });
    const b = await l.app.inject({ method: 'GET', url: '/me' });
    const ids = [a.json().requestId, b.json().requestId];
    expect(ids[0]).not.toBe(ids[1]);
    for (const id of ids) {
      const mine = l.lines.filter((x) => x.reqId === id).map((x) => x.msg);
      expect(mine).toEqual(['incoming request', 'request completed']);
    }
  });

  it('at warn, an answered request writes nothing, and a failure is written with its request id', async () => {
    const handle = await freshDatabase();
    const lines: Record<string, unknown>[] = [];
    const app = await buildApp({ config: testConfig(), db: handle.db, passwordPolicy: TEST_PASSWORD_POLICY, logger: loggerOptions('warn', memoryStream(lines)) });
    close = () => app.close();
    const ofRequests = () => lines.filter((x) => 'reqId' in x);
    await app.inject({ method: 'GET', url: '/healthz' });
    expect(ofRequests()).toEqual([]);
    // With the database gone, a signed-in request fails on our side: a 500, logged once.
    await handle.close();
    const token = app.issueToken({ id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', tokenVersion: 0 });
    const res = await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(500);
    expect(ofRequests().map((x) => [x.msg, x.reqId])).toEqual([['request failed', res.json().requestId]]);
  });

  it("a request's lines carry its method, its address with personal data scrubbed, its id and status: no header, no body", async () => {
    const l = await loggedApp('info');
    close = l.close;
    const phone = '13977001122';
    const idNumber = '11010519491231002X';
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW9mLWEtdG9rZW4';
    const headers = { authorization: `Bearer ${token}`, cookie: `tiaojie_session=${token}` };
    const search = await l.app.inject({ method: 'GET', url: `/cases?q=${phone}&also=${idNumber}`, headers });
    const login = await l.app.inject({ method: 'POST', url: '/auth/login', headers, payload: { username: phone, password: 'a-password-of-hers-1' } });
    const ids = [search.json().requestId, login.json().requestId];
    const mine = l.lines.filter((x) => ids.includes(x.reqId));
    expect(mine.map((x) => x.msg)).toEqual(['incoming request', 'request completed', 'incoming request', 'request completed']);
    for (const line of mine) {
      if (line.req) expect(Object.keys(line.req as object).sort()).toEqual(['method', 'reqId', 'url']);
      if (line.res) expect(Object.keys(line.res as object)).toEqual(['statusCode']);
      const text = JSON.stringify(line);
      for (const secret of [phone, idNumber, token, 'a-password-of-hers-1', 'Bearer', 'tiaojie_session']) expect(text).not.toContain(secret);
    }
    expect((mine[0].req as { url: string }).url).toMatch(/^\/cases\?q=/);
  });

  it('anything else logged has its secret and personal fields censored, at the top and one level in, credential headers included', async () => {
    const l = await loggedApp('info');
    close = l.close;
    // What Fastify hands each request as request.log: a child of the app's logger, bound to its id.
    const requestLog = l.app.log.child({ reqId: 'r-1' });
    const secrets = {
      password: 'pw-top',
      token: 'tok-top',
      idNumber: '110105194912310022',
      body: { username: 'zhang', currentPassword: 'pw-current', newPassword: 'pw-new', phone: '13900000001', idNumber: '110105194912310021' },
      user: { name: '张三', passwordHash: '$argon2id$v=19$hash', secret: 'jwt-secret', phone: '13900000002', token: 'tok-user' },
      headers: { authorization: 'Bearer tok-header', cookie: 'tiaojie_session=tok-cookie', accept: 'application/json' },
      reply: { 'set-cookie': 'tiaojie_session=tok-res' },
    };
    requestLog.warn(secrets, 'something to look at');
    l.app.log.info(secrets, 'the same through the app logger');
    const written = l.lines.filter((x) => x.msg === 'something to look at' || x.msg === 'the same through the app logger');
    expect(written).toHaveLength(2);
    expect(written[0].reqId).toBe('r-1');
    for (const line of written) {
      const text = JSON.stringify(line);
      for (const secret of ['pw-', 'tok-', '1390000000', '11010519491231002', '$argon2', 'jwt-secret', 'tiaojie_session']) expect(text).not.toContain(secret);
      // What is not secret stays, so a line is still worth reading.
      expect(line.body).toMatchObject({ username: 'zhang', phone: '[redacted]', idNumber: '[redacted]' });
      expect(line.user).toMatchObject({ name: '张三', passwordHash: '[redacted]' });
      expect(line.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', accept: 'application/json' });
    }
  });
});
