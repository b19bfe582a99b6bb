import { createHmac } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { caseBody, PASSWORD, testApp, type TestContext } from '../support/app.js';
import { validIdNumber } from '../support/ids.js';
import { expectError } from '../support/errors.js';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

let phoneCounter = 0;
const newPhone = () => `137${String(process.pid % 10000).padStart(4, '0')}${String(++phoneCounter).padStart(4, '0')}`;

/** An HS256 JWT made by hand, so tests can forge expired, foreign and tampered tokens. */
function signJwt(payload: Record<string, unknown>, secret: string, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc(header)}.${enc(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/**
 * Changes a user through the database, as another server process or an operator's tool would, and
 * waits until the change has reached this process on the users channel (src/auth/callers.ts), so
 * that the next request is judged on it. How soon that is, without waiting, is
 * tests/api/auth-changes.test.ts's subject.
 */
async function changeUser(id: string, assignments: SQL) {
  await t.handle.db.execute(sql`update users set ${assignments} where id = ${id}`);
  await t.app.callers.caughtUp();
}

async function register(body: Record<string, unknown> = {}) {
  const phone = newPhone();
  const res = await t.call('POST', '/auth/register', { body: { phone, password: PASSWORD, name: '王五', ...body } });
  return { res, phone };
}

describe('POST /auth/login', () => {
  it('signs in with the right password and returns a token and the user without secrets', async () => {
    const res = await t.call('POST', '/auth/login', { body: { username: 'admin', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(body.user).toMatchObject({ username: 'admin', role: 'admin', disabled: false });
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|password_hash|argon2|tokenVersion/);
    const me = await t.call('GET', '/me', { token: body.token });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(body.user.id);
  });

  it('a worker signs in with their phone number', async () => {
    const { phone } = await register();
    const res = await t.call('POST', '/auth/login', { body: { username: phone, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ username: phone, role: 'worker' });
  });

  it('a wrong password and an unknown user get the same 401, so usernames cannot be probed', async () => {
    const wrong = await t.call('POST', '/auth/login', { body: { username: 'admin', password: 'not-the-password' } });
    const unknown = await t.call('POST', '/auth/login', { body: { username: 'nobody-here', password: 'not-the-password' } });
    const a = expectError(wrong, 401, 'UNAUTHENTICATED');
    const b = expectError(unknown, 401, 'UNAUTHENTICATED');
    expect(a.message).toBe(b.message);
    expect(a.details).toBeUndefined();
    expect(b.details).toBeUndefined();
  });

  it('the password is case-sensitive', async () => {
    const res = await t.call('POST', '/auth/login', { body: { username: 'admin', password: PASSWORD.toUpperCase() } });
    expectError(res, 401, 'UNAUTHENTICATED');
  });

  it('a missing password is a 400 naming the field', async () => {
    const res = await t.call('POST', '/auth/login', { body: { username: 'admin' } });
    const e = expectError(res, 400, 'VALIDATION_FAILED');
    expect(e.details?.map((d) => d.field)).toContain('body.password');
  });
});

describe('POST /auth/register', () => {
  it('creates a worker whose username is the phone number, and signs them in', async () => {
    const idNumber = validIdNumber(12345);
    const { res, phone } = await register({ idNumber });
    expect(res.statusCode).toBe(201);
    const { token, user } = res.json();
    expect(user).toMatchObject({ username: phone, phone, role: 'worker', orgId: null, regionCode: null, name: '王五', disabled: false });
    const me = await t.call('GET', '/me', { token });
    expect(me.statusCode).toBe(200);
    // The worker sees their own ID number whole.
    expect(me.json()).toMatchObject({ id: user.id, username: phone, role: 'worker', idNumber });
  });

  it('the ID number is optional', async () => {
    const { res } = await register();
    expect(res.statusCode).toBe(201);
    const me = await t.call('GET', '/me', { token: res.json().token });
    expect(me.json().idNumber).toBeNull();
  });

  it('accepts an ID number ending in a lower-case x and keeps it upper-case', async () => {
    const first17 = '11010519491231002';
    const { res } = await register({ idNumber: `${first17}x` });
    expect(res.statusCode, res.body).toBe(201);
    const me = await t.call('GET', '/me', { token: res.json().token });
    expect(me.json().idNumber).toBe(`${first17}X`);
  });

  it('a phone number already registered is 409 DUPLICATE and the first account is untouched', async () => {
    const { res, phone } = await register();
    expect(res.statusCode).toBe(201);
    const again = await t.call('POST', '/auth/register', { body: { phone, password: 'another-password-1', name: '冒名' } });
    expectError(again, 409, 'DUPLICATE');
    const login = await t.call('POST', '/auth/login', { body: { username: phone, password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.name).toBe('王五');
    const rows = await t.handle.db.execute(sql`select count(*)::int as n from users where username = ${phone}`);
    expect(countOf(rows)).toBe(1);
  });

  it.each([
    ['too short', '1381234567'],
    ['too long', '138123456789'],
    ['not a mobile prefix', '12812345678'],
    ['a landline', '07715551234'],
    ['letters', '138abcd5678'],
  ])('a bad phone (%s) is 400 VALIDATION_FAILED naming body.phone', async (_label, phone) => {
    const res = await t.call('POST', '/auth/register', { body: { phone, password: PASSWORD, name: '王五' } });
    const e = expectError(res, 400, 'VALIDATION_FAILED');
    expect(e.details).toEqual([expect.objectContaining({ field: 'body.phone', message: expect.any(String) })]);
  });

  it('a short password is 400 naming body.password', async () => {
    const res = await t.call('POST', '/auth/register', { body: { phone: newPhone(), password: 'short', name: '王五' } });
    const e = expectError(res, 400, 'VALIDATION_FAILED');
    expect(e.details).toEqual([expect.objectContaining({ field: 'body.password' })]);
  });

  it.each([
    ['a wrong check digit', '110105194912310021'],
    ['an impossible birth date', '451023199002301234'],
    ['the wrong length', '45102319900101123'],
    ['letters', '4510231990AB011234'],
  ])('a bad ID number (%s) is 400 naming body.idNumber', async (_label, idNumber) => {
    const phone = newPhone();
    const res = await t.call('POST', '/auth/register', { body: { phone, password: PASSWORD, name: '王五', idNumber } });
    const e = expectError(res, 400, 'VALIDATION_FAILED');
    expect(e.details).toEqual([expect.objectContaining({ field: 'body.idNumber' })]);
    // Nothing was created.
    const login = await t.call('POST', '/auth/login', { body: { username: phone, password: PASSWORD } });
    expect(login.statusCode).toBe(401);
  });

  it('names every bad field at once', async () => {
    const res = await t.call('POST', '/auth/register', { body: { phone: '123', password: 'x', name: '', idNumber: '1' } });
    const e = expectError(res, 400, 'VALIDATION_FAILED');
    expect(e.details!.map((d) => d.field).sort()).toEqual(['body.idNumber', 'body.name', 'body.password', 'body.phone']);
  });

  it('cannot choose a role: a worker is a worker', async () => {
    const phone = newPhone();
    const res = await t.call('POST', '/auth/register', { body: { phone, password: PASSWORD, name: '王五', role: 'admin' } });
    if (res.statusCode === 201) expect(res.json().user.role).toBe('worker');
    else expectError(res, 400, 'VALIDATION_FAILED');
  });
});

describe('GET /me and tokens', () => {
  const secret = testConfig().JWT_SECRET;
  const now = () => Math.floor(Date.now() / 1000);

  it('a session token expires (JWT_EXPIRES_IN, 12 hours by default)', async () => {
    const login = await t.call('POST', '/auth/login', { body: { username: 'admin', password: PASSWORD } });
    const claims = JSON.parse(Buffer.from(login.json().token.split('.')[1], 'base64url').toString());
    expect(claims.sub).toBe(t.admin.id);
    expect(claims.exp - claims.iat).toBe(12 * 60 * 60);
    // The token carries no personal data.
    expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'sub', 'tv']);
  });

  it('without a token: 401', async () => {
    expectError(await t.call('GET', '/me'), 401, 'UNAUTHENTICATED');
  });

  it('with a token: the caller', async () => {
    const me = await t.call('GET', '/me', { token: t.admin.token });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: t.admin.id, role: 'admin', username: 'admin' });
  });

  it('a hand-made token with the server\'s secret works, so the forgeries below fail for their own reason', async () => {
    const token = signJwt({ sub: t.admin.id, tv: 0, iat: now() }, secret);
    expect((await t.call('GET', '/me', { token })).statusCode).toBe(200);
  });

  it('an expired token: 401', async () => {
    const token = signJwt({ sub: t.admin.id, tv: 0, iat: now() - 7200, exp: now() - 3600 }, secret);
    expectError(await t.call('GET', '/me', { token }), 401, 'UNAUTHENTICATED');
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['empty', ''],
    ['three dots of nothing', '..'],
  ])('a %s token: 401', async (_label, token) => {
    const res = await t.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });
    expectError(res, 401, 'UNAUTHENTICATED');
  });

  it('a non-Bearer authorization header: 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Basic ${Buffer.from('admin:x').toString('base64')}` } });
    expectError(res, 401, 'UNAUTHENTICATED');
  });

  it('a tampered token (payload changed, signature kept): 401', async () => {
    const { res } = await register();
    const worker = res.json();
    const [header, , signature] = (worker.token as string).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: t.admin.id, tv: 0, iat: now() })).toString('base64url');
    expectError(await t.call('GET', '/me', { token: `${header}.${forged}.${signature}` }), 401, 'UNAUTHENTICATED');
    // The signature alone flipped.
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    const [h, p] = (worker.token as string).split('.');
    expectError(await t.call('GET', '/me', { token: `${h}.${p}.${flipped}` }), 401, 'UNAUTHENTICATED');
  });

  it('a token signed with another secret: 401', async () => {
    const token = signJwt({ sub: t.admin.id, tv: 0, iat: now() }, 'some-other-secret-of-enough-length');
    expectError(await t.call('GET', '/me', { token }), 401, 'UNAUTHENTICATED');
  });

  it('an unsigned (alg none) token: 401', async () => {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: t.admin.id, tv: 0, iat: now() })}.`;
    expectError(await t.call('GET', '/me', { token }), 401, 'UNAUTHENTICATED');
  });

  it('a token for a user that does not exist: 401', async () => {
    const token = signJwt({ sub: '01950000-0000-7000-8000-000000000000', tv: 0, iat: now() }, secret);
    expectError(await t.call('GET', '/me', { token }), 401, 'UNAUTHENTICATED');
  });

  it('bumping the user\'s token version revokes tokens issued before', async () => {
    const { res, phone } = await register();
    const { token, user } = res.json();
    expect((await t.call('GET', '/me', { token })).statusCode).toBe(200);
    await changeUser(user.id, sql`token_version = token_version + 1`);
    expectError(await t.call('GET', '/me', { token }), 401, 'UNAUTHENTICATED');
    // Signing in again gives a token that works.
    const login = await t.call('POST', '/auth/login', { body: { username: phone, password: PASSWORD } });
    expect((await t.call('GET', '/me', { token: login.json().token })).statusCode).toBe(200);
  });

  it('a disabled user: existing tokens stop working and signing in is refused like a wrong password', async () => {
    const { res, phone } = await register();
    const { token, user } = res.json();
    await changeUser(user.id, sql`disabled = true`);
    expectError(await t.call('GET', '/me', { token }), 401, 'UNAUTHENTICATED');
    expectError(await t.call('GET', '/cases', { token }), 401, 'UNAUTHENTICATED');
    const login = await t.call('POST', '/auth/login', { body: { username: phone, password: PASSWORD } });
    const e = expectError(login, 401, 'UNAUTHENTICATED');
    const wrong = await t.call('POST', '/auth/login', { body: { username: 'admin', password: 'wrong-password' } });
    expect(e.message).toBe(wrong.json().error.message);
  });
});

describe('GET /cases/:id answers the user as they are now', () => {
  // The user's token check may be remembered; these pin that it refuses exactly what reading the
  // user's row refuses, for a case that exists and for one that does not.
  const missing = '01950000-0000-7000-8000-0000000000ff';
  async function staffWithCase() {
    const union = await t.org('union');
    const mediator = await t.staff('mediator', union.id);
    const filed = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id) });
    expect(filed.statusCode, filed.body).toBe(201);
    return { mediator, id: filed.json().id as string };
  }

  it('answers the case to its handling staff, and 404 for no such case', async () => {
    const { mediator, id } = await staffWithCase();
    expect((await t.call('GET', `/cases/${id}`, { token: mediator.token })).json().id).toBe(id);
    expectError(await t.call('GET', `/cases/${missing}`, { token: mediator.token }), 404, 'NOT_FOUND');
  });

  it('a revoked token: 401, for the case and for no such case, and the case is not in the answer', async () => {
    const { mediator, id } = await staffWithCase();
    await changeUser(mediator.id, sql`token_version = token_version + 1`);
    const res = await t.call('GET', `/cases/${id}`, { token: mediator.token });
    expectError(res, 401, 'UNAUTHENTICATED');
    expect(res.body).not.toContain(id);
    expectError(await t.call('GET', `/cases/${missing}`, { token: mediator.token }), 401, 'UNAUTHENTICATED');
  });

  it('a disabled user: 401, for the case and for no such case', async () => {
    const { mediator, id } = await staffWithCase();
    await changeUser(mediator.id, sql`disabled = true`);
    expectError(await t.call('GET', `/cases/${id}`, { token: mediator.token }), 401, 'UNAUTHENTICATED');
    expectError(await t.call('GET', `/cases/${missing}`, { token: mediator.token }), 401, 'UNAUTHENTICATED');
  });

  it('a user moved to another organisation sees the case as the new organisation does (404), from the next request on', async () => {
    const { mediator, id } = await staffWithCase();
    const other = await t.org('union');
    await changeUser(mediator.id, sql`org_id = ${other.id}`);
    expectError(await t.call('GET', `/cases/${id}`, { token: mediator.token }), 404, 'NOT_FOUND');
  });

  it('filing and acting: a revoked token is 401 and writes nothing', async () => {
    const { mediator, id } = await staffWithCase();
    const union = await t.org('union');
    const before = await t.call('GET', `/cases/${id}`, { token: mediator.token });
    const counted = async () => countOf(await t.handle.db.execute(sql`select count(*)::int as n from events`));
    const events = await counted();
    await changeUser(mediator.id, sql`token_version = token_version + 1`);
    expectError(await t.call('POST', `/cases/${id}/actions`, { token: mediator.token, body: { action: 'accept', version: before.json().version } }), 401, 'UNAUTHENTICATED');
    expectError(await t.call('POST', `/cases/${missing}/actions`, { token: mediator.token, body: { action: 'accept', version: 1 } }), 401, 'UNAUTHENTICATED');
    expectError(await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id) }), 401, 'UNAUTHENTICATED');
    // 401 comes before what the database would refuse: an organisation that does not exist.
    expectError(await t.call('POST', '/cases', { token: mediator.token, body: caseBody(missing) }), 401, 'UNAUTHENTICATED');
    expect(await counted()).toBe(events);
  });

  it('a token for a user that does not exist: 401', async () => {
    const { id } = await staffWithCase();
    const token = signJwt({ sub: '01950000-0000-7000-8000-000000000000', tv: 0, iat: Math.floor(Date.now() / 1000) }, testConfig().JWT_SECRET);
    expectError(await t.call('GET', `/cases/${id}`, { token }), 401, 'UNAUTHENTICATED');
  });
});

describe('GET /cases and GET /deadlines answer for the scope the user has now', () => {
  // A remembered token check carries the user's role, organisation and region: a change to them
  // must be forgotten, never answered with the old scope.
  async function staffWithCase() {
    const union = await t.org('union');
    const mediator = await t.staff('mediator', union.id);
    const filed = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id) });
    expect(filed.statusCode, filed.body).toBe(201);
    return { union, mediator, id: filed.json().id as string };
  }
  const listIds = async (token: string) => {
    const res = await t.call('GET', '/cases?limit=100', { token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((c: { id: string }) => c.id);
  };
  const boardCases = async (token: string) => {
    const res = await t.call('GET', '/deadlines?limit=100', { token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((k: { caseId: string }) => k.caseId);
  };

  it('a user moved to another organisation sees the new organisation from the next request, never the old one', async () => {
    const first = await staffWithCase();
    const second = await staffWithCase();
    expect(await listIds(first.mediator.token)).toEqual([first.id]);
    expect(await boardCases(first.mediator.token)).toContain(first.id);
    await changeUser(first.mediator.id, sql`org_id = ${second.union.id}`);
    expect(await listIds(first.mediator.token)).toEqual([second.id]);
    const board = await boardCases(first.mediator.token);
    expect(board).toContain(second.id);
    expect(board).not.toContain(first.id);
  });

  it('a user made supervisor of a region is answered as a supervisor at once', async () => {
    const { union, mediator, id } = await staffWithCase();
    await listIds(mediator.token);
    await changeUser(mediator.id, sql`role = 'supervisor', org_id = null, region_code = ${union.regionCode.slice(0, 2)}`);
    expect(await listIds(mediator.token)).toContain(id);
    expect(await boardCases(mediator.token)).toContain(id);
  });

  it('a revoked token or a disabled user: 401 on both, after answers were remembered', async () => {
    const a = await staffWithCase();
    const b = await staffWithCase();
    for (const x of [a, b]) {
      await listIds(x.mediator.token);
      await boardCases(x.mediator.token);
    }
    await changeUser(a.mediator.id, sql`token_version = token_version + 1`);
    await changeUser(b.mediator.id, sql`disabled = true`);
    for (const x of [a, b]) {
      expectError(await t.call('GET', '/cases', { token: x.mediator.token }), 401, 'UNAUTHENTICATED');
      expectError(await t.call('GET', '/deadlines', { token: x.mediator.token }), 401, 'UNAUTHENTICATED');
    }
  });

  it('a worker is refused the board (403), and once revoked is told 401, not 403', async () => {
    const worker = await t.worker();
    await listIds(worker.token);
    expectError(await t.call('GET', '/deadlines', { token: worker.token }), 403, 'FORBIDDEN');
    await changeUser(worker.id, sql`token_version = token_version + 1`);
    expectError(await t.call('GET', '/deadlines', { token: worker.token }), 401, 'UNAUTHENTICATED');
    expectError(await t.call('GET', '/cases', { token: worker.token }), 401, 'UNAUTHENTICATED');
  });
});

function countOf(result: unknown): number {
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return (rows[0] as { n: number }).n;
}
