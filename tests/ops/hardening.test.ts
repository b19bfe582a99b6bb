/**
 * Hardening (issue 21): every refusal in the SPEC §7 shape with its requestId, at the HTTP level
 * too (431, 414, 415, 413, 400 for what is not HTTP, 408 for a slow client), checked through
 * app.inject where it can produce them and over a real socket against the listening app; slow
 * clients cut within a bounded time set by configuration; tokens signed with any algorithm but
 * HS256 refused. Both databases (TEST_DATABASE_URL).
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { httpServerOptions } from '../../src/ops/http.js';
import { useTestApp } from '../support/app.js';
import { rawRequest, type RawAnswer } from './support/rawHttp.js';

const HEADERS_MS = 1_000;
const REQUEST_MS = 4_000;
const IDLE_MS = 6_000;
const t = useTestApp({ HTTP_HEADERS_TIMEOUT_MS: HEADERS_MS, HTTP_REQUEST_TIMEOUT_MS: REQUEST_MS, HTTP_IDLE_TIMEOUT_MS: IDLE_MS });
/** How much later than its limit Node's timer may notice a slow client (src/ops/http.ts), plus a second for a busy machine. */
const checkEvery = httpServerOptions({ HTTP_HEADERS_TIMEOUT_MS: HEADERS_MS, HTTP_REQUEST_TIMEOUT_MS: REQUEST_MS, HTTP_IDLE_TIMEOUT_MS: IDLE_MS }).http.connectionsCheckingInterval;
const SLACK_MS = checkEvery + 1_000;

let port = 0;
beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  // useTestApp closes the app (and so the server) after this file.
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The SPEC §7 shape, exactly: `{ error: { code, message }, requestId }`, JSON. */
function expectShape(answer: { status: number | null; contentType: string | undefined; body: string }, status: number, code: string) {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  const body = JSON.parse(answer.body);
  expect(Object.keys(body).sort()).toEqual(['error', 'requestId']);
  expect(body.requestId).toMatch(UUID);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  return body as { error: { code: string; message: string }; requestId: string };
}
const fromSocket = (a: RawAnswer) => ({ status: a.status, contentType: a.headers['content-type'], body: a.body });
const fromInject = (r: { statusCode: number; headers: Record<string, unknown>; body: string }) => ({
  status: r.statusCode,
  contentType: r.headers['content-type'] as string | undefined,
  body: r.body,
});

describe('refusals in the SPEC shape, with a requestId', () => {
  it('431: headers over 16 KiB, over a socket', async () => {
    const a = await rawRequest(port, `GET /healthz HTTP/1.1\r\nHost: t\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectShape(fromSocket(a), 431, 'HEADERS_TOO_LARGE');
    expect(a.headers.connection).toBe('close');
  });

  it('431: a request line over 16 KiB, over a socket', async () => {
    const a = await rawRequest(port, `GET /healthz?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: t\r\n\r\n`);
    expectShape(fromSocket(a), 431, 'HEADERS_TOO_LARGE');
  });

  it('431 answers each refusal with its own requestId', async () => {
    const big = `GET /healthz HTTP/1.1\r\nHost: t\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`;
    const [a, b] = await Promise.all([rawRequest(port, big), rawRequest(port, big)]);
    expect(JSON.parse(a.body).requestId).not.toBe(JSON.parse(b.body).requestId);
  });

  it('414: a path segment longer than the router takes, through inject and over a socket', async () => {
    const url = `/cases/${'a'.repeat(300)}`;
    expectShape(fromInject(await t.app.inject({ method: 'GET', url })), 414, 'URI_TOO_LONG');
    const a = await rawRequest(port, `GET ${url} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`);
    expectShape(fromSocket(a), 414, 'URI_TOO_LONG');
  });

  it('415: a body of a type no route reads, through inject and over a socket', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<login/>' });
    expectShape(fromInject(res), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const body = 'username=admin';
    const a = await rawRequest(
      port,
      `POST /auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expectShape(fromSocket(a), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('413: a JSON body over the limit, through inject and over a socket', async () => {
    const payload = JSON.stringify({ username: 'a'.repeat(1_100_000), password: 'x' });
    const res = await t.app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload });
    expectShape(fromInject(res), 413, 'PAYLOAD_TOO_LARGE');
    const a = await rawRequest(
      port,
      `POST /auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n${payload}`,
    );
    expectShape(fromSocket(a), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('400: what is not HTTP at all, over a socket', async () => {
    const a = await rawRequest(port, 'HELLO THERE\r\n\r\n');
    expectShape(fromSocket(a), 400, 'BAD_REQUEST');
  });

  it('400: a Content-Length and a Transfer-Encoding together (request smuggling), over a socket', async () => {
    const a = await rawRequest(port, 'POST /auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    expectShape(fromSocket(a), 400, 'BAD_REQUEST');
  });

  it('404 and 400 for a bad JSON body, over a socket as through inject', async () => {
    expectShape(fromSocket(await rawRequest(port, 'GET /nowhere HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n')), 404, 'NOT_FOUND');
    const bad = '{"username":';
    expectShape(
      fromSocket(
        await rawRequest(port, `POST /auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${bad.length}\r\nConnection: close\r\n\r\n${bad}`),
      ),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('slow clients are cut within a bounded time', () => {
  it(`headers never finished: a header line every half second is cut at about ${HEADERS_MS} ms, with 408`, async () => {
    const drip = Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: a\r\n`);
    const a = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: t\r\n', { drip, everyMs: 500, maxMs: 20_000 });
    console.log(`headers never finished: closed after ${Math.round(a.closedAfterMs)} ms (limit ${HEADERS_MS} ms, checked every ${checkEvery} ms)`);
    expect(a.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_MS - 50);
    expect(a.closedAfterMs).toBeLessThan(HEADERS_MS + SLACK_MS);
    expectShape(fromSocket(a), 408, 'REQUEST_TIMEOUT');
  });

  it('a connection that sends nothing is closed too', async () => {
    const a = await rawRequest(port, '', { maxMs: 20_000 });
    console.log(`silent connection: closed after ${Math.round(a.closedAfterMs)} ms`);
    expect(a.closedAfterMs).toBeLessThan(HEADERS_MS + SLACK_MS);
  });

  it(`a body sent a byte every two seconds is cut at about ${REQUEST_MS} ms, with 408`, async () => {
    const body = JSON.stringify({ username: 'admin', password: 'correct-horse-9' });
    const drip = [...body];
    const a = await rawRequest(port, `POST /auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`, {
      drip,
      everyMs: 2_000,
      maxMs: 30_000,
    });
    console.log(`body a byte every 2 s: closed after ${Math.round(a.closedAfterMs)} ms having sent ${a.sent} bytes (limit ${REQUEST_MS} ms)`);
    expect(a.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_MS - 50);
    expect(a.closedAfterMs).toBeLessThan(REQUEST_MS + SLACK_MS);
    expectShape(fromSocket(a), 408, 'REQUEST_TIMEOUT');
  });

  it('a client on time is not cut: headers and body spread over less than the limits are answered', async () => {
    const body = JSON.stringify({ username: 'admin', password: 'correct-horse-9' });
    const a = await rawRequest(
      port,
      `POST /auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n`,
      { drip: ['\r\n', body.slice(0, 10), body.slice(10)], everyMs: 300 },
    );
    expect(a.status, a.body).toBe(200);
  });

  it('the limits are configuration, with defaults that cut within a bounded time', () => {
    const defaults = testConfig();
    expect(defaults.HTTP_HEADERS_TIMEOUT_MS).toBe(20_000);
    expect(defaults.HTTP_REQUEST_TIMEOUT_MS).toBe(300_000);
    expect(defaults.HTTP_IDLE_TIMEOUT_MS).toBe(90_000);
    const o = httpServerOptions(defaults);
    expect(o).toMatchObject({ requestTimeout: 300_000, connectionTimeout: 90_000, http: { headersTimeout: 20_000, requestTimeout: 300_000, connectionsCheckingInterval: 5_000 } });
  });
});

describe('tokens', () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  /** The admin's own token, its claims signed again with `alg` under the same secret. */
  function resigned(alg: 'HS256' | 'HS384' | 'HS512' | 'none') {
    const claims = JSON.parse(Buffer.from(t.admin.token.split('.')[1], 'base64url').toString());
    const head = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
    if (alg === 'none') return `${head}.`;
    const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
    return `${head}.${createHmac(hash, testConfig().JWT_SECRET).update(head).digest('base64url')}`;
  }
  const me = (token: string) => t.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });

  it('HS256 under the secret is accepted (the control)', async () => {
    expect((await me(resigned('HS256'))).statusCode).toBe(200);
  });

  it.each(['HS384', 'HS512', 'none'] as const)('a token signed %s under the same secret is 401', async (alg) => {
    expectShape(fromInject(await me(resigned(alg))), 401, 'UNAUTHENTICATED');
  });
});
