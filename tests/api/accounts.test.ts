import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { PASSWORD, testApp, type TestContext } from '../support/app.js';
import { API_HEADERS } from '../../src/http/securityHeaders.js';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const me = (token: string) => t.call('GET', '/me', { token });

describe('changing one\'s own password', () => {
  it('signs out every earlier session and hands back a fresh token', async () => {
    const w = await t.worker();
    const other = (await t.call('POST', '/auth/login', { body: { username: w.phone, password: PASSWORD } })).json().token;
    const res = await t.call('POST', '/me/password', { token: w.token, body: { currentPassword: PASSWORD, newPassword: 'a-new-secret-77' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await me(w.token)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(401);
    expect((await me(res.json().token)).statusCode).toBe(200);
    expect((await t.call('POST', '/auth/login', { body: { username: w.phone, password: PASSWORD } })).statusCode).toBe(401);
    expect((await t.call('POST', '/auth/login', { body: { username: w.phone, password: 'a-new-secret-77' } })).statusCode).toBe(200);
  });

  it('needs the current password, a long enough new one, and a session', async () => {
    const w = await t.worker();
    expect((await t.call('POST', '/me/password', { token: w.token, body: { currentPassword: 'wrong-one', newPassword: 'a-new-secret-77' } })).statusCode).toBe(401);
    const short = await t.call('POST', '/me/password', { token: w.token, body: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].field).toBe('body.newPassword');
    expect((await t.call('POST', '/me/password', { body: { currentPassword: PASSWORD, newPassword: 'a-new-secret-77' } })).statusCode).toBe(401);
    expect((await me(w.token)).statusCode).toBe(200);
  });
});

describe('PATCH /users/:id (administrators)', () => {
  it('disabling an account revokes its tokens and refuses sign-in until it is enabled again', async () => {
    const org = await t.org('union');
    const m = await t.staff('mediator', org.id);
    const username = (await me(m.token)).json().username;
    const res = await t.call('PATCH', `/users/${m.id}`, { token: t.admin.token, body: { disabled: true } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await me(m.token)).statusCode).toBe(401);
    expect((await t.call('POST', '/auth/login', { body: { username, password: PASSWORD } })).statusCode).toBe(401);
    await t.call('PATCH', `/users/${m.id}`, { token: t.admin.token, body: { disabled: false } });
    expect((await t.call('POST', '/auth/login', { body: { username, password: PASSWORD } })).statusCode).toBe(200);
  });

  it('a password set by the administrator is the one that signs in: the old one is refused and the old tokens revoked', async () => {
    const org = await t.org('court');
    const c = await t.staff('court_liaison', org.id);
    const username = (await me(c.token)).json().username;
    const res = await t.call('PATCH', `/users/${c.id}`, { token: t.admin.token, body: { password: 'reset-by-admin-1' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toMatch(/reset-by-admin-1|password|argon2/i);
    expect((await me(c.token)).statusCode).toBe(401);
    const old = await t.call('POST', '/auth/login', { body: { username, password: PASSWORD } });
    expect(old.statusCode).toBe(401);
    expect(old.json().error.code).toBe('UNAUTHENTICATED');
    const fresh = await t.call('POST', '/auth/login', { body: { username, password: 'reset-by-admin-1' } });
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.json().user).toMatchObject({ id: c.id, role: 'court_liaison', orgId: org.id });
    expect((await me(fresh.json().token)).json()).toMatchObject({ id: c.id, username });
    // The account holder can then change it to one of their own with the administrator's as the current one.
    const own = await t.call('POST', '/me/password', { token: fresh.json().token, body: { currentPassword: 'reset-by-admin-1', newPassword: 'my-own-secret-88' } });
    expect(own.statusCode, own.body).toBe(200);
    expect((await t.call('POST', '/auth/login', { body: { username, password: 'reset-by-admin-1' } })).statusCode).toBe(401);
    expect((await t.call('POST', '/auth/login', { body: { username, password: 'my-own-secret-88' } })).statusCode).toBe(200);
  });

  it('a password the administrator sets must be long enough, and a refused one changes nothing', async () => {
    const org = await t.org('court');
    const c = await t.staff('court_liaison', org.id);
    const username = (await me(c.token)).json().username;
    const res = await t.call('PATCH', `/users/${c.id}`, { token: t.admin.token, body: { password: 'short' } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(['body.password']);
    expect((await me(c.token)).statusCode).toBe(200);
    expect((await t.call('POST', '/auth/login', { body: { username, password: PASSWORD } })).statusCode).toBe(200);
    expect((await t.call('POST', '/auth/login', { body: { username, password: 'short' } })).statusCode).toBe(401);
  });

  it('is for administrators only, and not for locking oneself out', async () => {
    const org = await t.org('union');
    const m = await t.staff('mediator', org.id);
    const w = await t.worker();
    const sup = await t.supervisor('45');
    for (const token of [m.token, w.token, sup.token]) {
      expect((await t.call('PATCH', `/users/${m.id}`, { token, body: { disabled: true } })).statusCode).toBe(403);
    }
    expect((await t.call('PATCH', `/users/${m.id}`, { body: { disabled: true } })).statusCode).toBe(401);
    expect((await t.call('PATCH', `/users/${t.admin.id}`, { token: t.admin.token, body: { disabled: true } })).statusCode).toBe(409);
    expect((await t.call('PATCH', '/users/01950000-0000-7000-8000-000000000000', { token: t.admin.token, body: { name: '无此人' } })).statusCode).toBe(404);
    expect((await t.call('PATCH', `/users/${m.id}`, { token: t.admin.token, body: {} })).statusCode).toBe(400);
    expect((await me(m.token)).statusCode).toBe(200);
  });
});

describe('production configuration', () => {
  const prod = { NODE_ENV: 'production', JWT_SECRET: 'a-long-production-secret-0123456789', ADMIN_PASSWORD: 'Str0ng-admin-pass', SEARCH_HASH_KEY: 'a-long-production-search-key-0123456789' };
  it('refuses to start with the development JWT secret, the default administrator password or no search key', () => {
    expect(() => loadConfig({ ...prod, JWT_SECRET: undefined })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ ...prod, SEARCH_HASH_KEY: undefined })).toThrow(/SEARCH_HASH_KEY/);
    expect(() => loadConfig({ ...prod, ADMIN_PASSWORD: undefined })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ ...prod, ADMIN_PASSWORD: 'admin' })).toThrow(/ADMIN_PASSWORD/);
    expect(loadConfig(prod).NODE_ENV).toBe('production');
  });
  it('refuses a webhook notifier without its address, and nonsense values', () => {
    expect(() => loadConfig({ NOTIFIER: 'webhook' })).toThrow(/NOTIFIER_WEBHOOK_URL/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

/** Headers of helmet's set that only a rendered document uses. */
const DOCUMENT_ONLY = ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection'];

describe('security headers', () => {
  it("come with every JSON answer: the API's set, and no-store, for answers carry personal data", async () => {
    const res = await t.call('GET', '/healthz');
    expect(res.headers).toMatchObject(API_HEADERS);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });
  it('come with refusals too: an unknown route, a bad token, bad input', async () => {
    for (const res of [await t.call('GET', '/no/such/route'), await t.call('GET', '/cases', { token: 'not-a-token' }), await t.call('GET', '/cases/not-a-uuid', { token: t.admin.token })]) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.headers).toMatchObject(API_HEADERS);
    }
  });
  it("a document a browser renders gets helmet's full set instead (the API docs)", async () => {
    const res = await t.call('GET', '/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['cache-control']).not.toBe('no-store');
  });
  it("a JSON answer carries none of the headers only a document uses; a document carries all of helmet's", async () => {
    for (const res of [await t.call('GET', '/healthz'), await t.call('GET', '/no/such/route'), await t.call('GET', '/openapi.json')]) {
      expect(res.headers['content-type']).toContain('application/json');
      for (const name of DOCUMENT_ONLY) expect(res.headers[name], name).toBeUndefined();
    }
    const doc = await t.call('GET', '/docs');
    expect(doc.headers).toMatchObject({ 'cross-origin-opener-policy': 'same-origin', 'origin-agent-cluster': '?1', 'x-dns-prefetch-control': 'off', 'x-download-options': 'noopen', 'x-permitted-cross-domain-policies': 'none', 'x-xss-protection': '0', 'referrer-policy': 'no-referrer' });
    expect(doc.headers['content-security-policy']).toContain("default-src 'self'");
    expect(doc.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});
