import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */
import { MEDIATION_ORG_KINDS } from '../../src/domain/model.js';
import { PASSWORD, testApp, type TestContext, type TestUser } from '../support/app.js';
import { expectError, fields } from '../support/errors.js';
import { oneOfEachRole } from '../support/people.js';

let t: TestContext;
let union: { id: string };
let court: { id: string };
let commission: { id: string };
let legalAid: { id: string };
let others: Record<string, TestUser>;

beforeAll(async () => {
  t = await testApp();
  ({ union, court, commission, users: others } = await oneOfEachRole(t));
  legalAid = await t.org('legal_aid');
});
afterAll(() => t.close());

let n = 0;
const username = () => `staff${process.pid % 1000}_${++n}`;

function createUser(body: Record<string, unknown>, token = t.admin.token) {
  return t.call('POST', '/users', { token, body: { username: username(), password: PASSWORD, name: '赵六', ...body } });
}

/**
 * 201, and the account is what was asked for: the answer names its role and organisation, it can
 * sign in with the password it was given, and it is listed under its organisation.
 */
async function expectCreated(res: { statusCode: number; body: string; json(): any }, role: string, orgId: string | null, regionCode: string | null = null) {
  expect(res.statusCode, res.body).toBe(201);
  const user = res.json();
  expect(user).toMatchObject({ role, orgId, regionCode, disabled: false });
  expect(res.body).not.toMatch(/password|argon2|tokenVersion/i);
  const login = await t.call('POST', '/auth/login', { body: { username: user.username, password: PASSWORD } });
  expect(login.statusCode, login.body).toBe(200);
  expect(login.json().user).toMatchObject({ id: user.id, role, orgId });
  const listed = (await t.call('GET', `/users?role=${role}${orgId ? `&orgId=${orgId}` : ''}`, { token: t.admin.token })).json().items;
  expect(listed.map((u: { id: string }) => u.id)).toContain(user.id);
  return user;
}

async function userCount(): Promise<number> {
  const r = await t.handle.db.execute(sql`select count(*)::int as n from users`);
  const rows = Array.isArray(r) ? r : (r as { rows: unknown[] }).rows;
  return (rows[0] as { n: number }).n;
}

describe('POST /users', () => {
  it('an administrator creates a mediator who can then sign in', async () => {
    const name = username();
    const res = await t.call('POST', '/users', { token: t.admin.token, body: { username: name, password: PASSWORD, name: '调解员甲', role: 'mediator', orgId: union.id, phone: '13912345678' } });
    expect(res.statusCode, res.body).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({ username: name, role: 'mediator', orgId: union.id, regionCode: null, name: '调解员甲', phone: '13912345678', disabled: false });
    expect(JSON.stringify(user)).not.toMatch(/password|argon2|tokenVersion/i);
    const login = await t.call('POST', '/auth/login', { body: { username: name, password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ id: user.id, role: 'mediator', orgId: union.id });
  });

  it.each(['worker', 'mediator', 'arbitrator', 'court_liaison', 'supervisor'])('a %s gets 403 and nothing is created', async (role) => {
    const before = await userCount();
    expectError(await createUser({ role: 'mediator', orgId: union.id }, others[role].token), 403, 'FORBIDDEN');
    expect(await userCount()).toBe(before);
  });

  it('anonymous gets 401', async () => {
    const res = await t.call('POST', '/users', { body: { username: username(), password: PASSWORD, name: 'x', role: 'admin' } });
    expectError(res, 401, 'UNAUTHENTICATED');
  });

  describe('the role must fit the organisation (SPEC §2)', () => {
    it.each(MEDIATION_ORG_KINDS)('a mediator at a %s: 201', async (kind) => {
      const org = await t.org(kind);
      await expectCreated(await createUser({ role: 'mediator', orgId: org.id }), 'mediator', org.id);
    });

    it('an arbitrator at an arbitration commission: 201', async () => {
      await expectCreated(await createUser({ role: 'arbitrator', orgId: commission.id }), 'arbitrator', commission.id);
    });

    it('a court liaison at a court: 201', async () => {
      await expectCreated(await createUser({ role: 'court_liaison', orgId: court.id }), 'court_liaison', court.id);
    });

    it.each([
      ['a mediator at a court', 'mediator', () => court.id],
      ['a mediator at an arbitration commission', 'mediator', () => commission.id],
      ['an arbitrator at a union', 'arbitrator', () => union.id],
      ['an arbitrator at a court', 'arbitrator', () => court.id],
      ['a court liaison at a union', 'court_liaison', () => union.id],
      ['a mediator at a legal aid centre', 'mediator', () => legalAid.id],
    ])('%s: 400 naming body.role, nothing created', async (_label, role, orgId) => {
      const before = await userCount();
      expect(fields(expectError(await createUser({ role, orgId: orgId() }), 400, 'VALIDATION_FAILED'))).toEqual(['body.role']);
      expect(await userCount()).toBe(before);
    });

    it('staff need an organisation, and one that exists', async () => {
      expect(fields(expectError(await createUser({ role: 'mediator' }), 400, 'VALIDATION_FAILED'))).toEqual(['body.orgId']);
      const unknown = await createUser({ role: 'mediator', orgId: '01950000-0000-7000-8000-000000000000' });
      expect(fields(expectError(unknown, 400, 'VALIDATION_FAILED'))).toEqual(['body.orgId']);
      const malformed = await createUser({ role: 'mediator', orgId: 'union' });
      expect(fields(expectError(malformed, 400, 'VALIDATION_FAILED'))).toEqual(['body.orgId']);
    });
  });

  describe('supervisors', () => {
    it('need a region code', async () => {
      expect(fields(expectError(await createUser({ role: 'supervisor' }), 400, 'VALIDATION_FAILED'))).toEqual(['body.regionCode']);
    });

    it('with a region prefix: 201, and it is kept', async () => {
      const sup = await expectCreated(await createUser({ role: 'supervisor', regionCode: '4510' }), 'supervisor', null, '4510');
      const login = await t.call('POST', '/auth/login', { body: { username: sup.username, password: PASSWORD } });
      expect((await t.call('GET', '/me', { token: login.json().token })).json()).toMatchObject({ role: 'supervisor', regionCode: '4510', orgId: null });
    });

    it('a region code that is not digits is 400', async () => {
      expect(fields(expectError(await createUser({ role: 'supervisor', regionCode: 'GX' }), 400, 'VALIDATION_FAILED'))).toEqual(['body.regionCode']);
    });

    it('belong to no organisation', async () => {
      expect(fields(expectError(await createUser({ role: 'supervisor', regionCode: '4510', orgId: union.id }), 400, 'VALIDATION_FAILED'))).toEqual(['body.orgId']);
    });
  });

  it('a region code is only for supervisors', async () => {
    expect(fields(expectError(await createUser({ role: 'mediator', orgId: union.id, regionCode: '4510' }), 400, 'VALIDATION_FAILED'))).toEqual(['body.regionCode']);
  });

  it('an administrator belongs to no organisation', async () => {
    const admin = await expectCreated(await createUser({ role: 'admin' }), 'admin', null);
    // The new administrator can do what administrators do: list the accounts.
    const token = (await t.call('POST', '/auth/login', { body: { username: admin.username, password: PASSWORD } })).json().token;
    expect((await t.call('GET', '/users', { token })).statusCode).toBe(200);
    expect(fields(expectError(await createUser({ role: 'admin', orgId: union.id }), 400, 'VALIDATION_FAILED'))).toEqual(['body.orgId']);
  });

  it('workers cannot be created through /users: they register themselves', async () => {
    const before = await userCount();
    const res = await createUser({ role: 'worker' });
    expect(fields(expectError(res, 400, 'VALIDATION_FAILED'))).toEqual(['body.role']);
    expect(await userCount()).toBe(before);
  });

  it('a taken username is 409 DUPLICATE, including a worker\'s phone number', async () => {
    const name = username();
    const first = await expectCreated(await t.call('POST', '/users', { token: t.admin.token, body: { username: name, password: PASSWORD, name: 'x', role: 'admin' } }), 'admin', null);
    const before = await userCount();
    const again = await t.call('POST', '/users', { token: t.admin.token, body: { username: name, password: PASSWORD, name: 'y', role: 'mediator', orgId: union.id } });
    expectError(again, 409, 'DUPLICATE');
    const worker = others.worker as TestUser & { phone: string };
    const phoneClash = await t.call('POST', '/users', { token: t.admin.token, body: { username: worker.phone, password: PASSWORD, name: 'z', role: 'admin' } });
    expectError(phoneClash, 409, 'DUPLICATE');
    // Nothing was created, and the first account is untouched.
    expect(await userCount()).toBe(before);
    const login = await t.call('POST', '/auth/login', { body: { username: name, password: PASSWORD } });
    expect(login.json().user).toMatchObject({ id: first.id, role: 'admin', name: 'x' });
  });

  it('bad username, short password and bad phone are 400 naming each field, and nothing is created', async () => {
    const before = await userCount();
    const res = await t.call('POST', '/users', {
      token: t.admin.token,
      body: { username: 'a b', password: 'short', name: 'x', role: 'mediator', orgId: union.id, phone: '123' },
    });
    expect(fields(expectError(res, 400, 'VALIDATION_FAILED')).sort()).toEqual(['body.password', 'body.phone', 'body.username']);
    expect(await userCount()).toBe(before);
  });
});

describe('GET /users', () => {
  it.each(['worker', 'mediator', 'arbitrator', 'court_liaison', 'supervisor'])('a %s gets 403', async (role) => {
    expectError(await t.call('GET', '/users', { token: others[role].token }), 403, 'FORBIDDEN');
  });

  it('anonymous gets 401', async () => {
    expectError(await t.call('GET', '/users'), 401, 'UNAUTHENTICATED');
  });

  it('lists accounts without any secret', async () => {
    const res = await t.call('GET', '/users', { token: t.admin.token });
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    const staffIds = ['mediator', 'arbitrator', 'court_liaison', 'supervisor'].map((role) => others[role].id);
    expect(items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([t.admin.id, ...staffIds]));
    expect(res.body).not.toMatch(/password|argon2|tokenVersion|idNumber/i);
  });

  it('filters by organisation', async () => {
    const org = await t.org('union');
    const a = (await createUser({ role: 'mediator', orgId: org.id })).json();
    const b = (await createUser({ role: 'mediator', orgId: org.id })).json();
    const items = (await t.call('GET', `/users?orgId=${org.id}`, { token: t.admin.token })).json().items;
    expect(items.map((u: { id: string }) => u.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('filters by role', async () => {
    const items = (await t.call('GET', '/users?role=court_liaison', { token: t.admin.token })).json().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((u: { role: string }) => u.role === 'court_liaison')).toBe(true);
    expect(items.map((u: { id: string }) => u.id)).toContain(others.court_liaison.id);
  });

  it('a worker\'s phone number is not shown whole to the administrator (SPEC §7: whole only to the worker and handling staff)', async () => {
    // GET /users is for staff accounts; a worker's username is their phone number.
    const worker = others.worker as TestUser & { phone: string };
    for (const query of ['', '?role=worker']) {
      const res = await t.call('GET', `/users${query}`, { token: t.admin.token });
      expect(res.statusCode).toBe(200);
      expect(res.body, `GET /users${query}`).not.toContain(worker.phone);
    }
  });

  it('filters combine', async () => {
    const items = (await t.call('GET', `/users?orgId=${union.id}&role=mediator`, { token: t.admin.token })).json().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((u: { role: string; orgId: string }) => u.role === 'mediator' && u.orgId === union.id)).toBe(true);
    expect((await t.call('GET', `/users?orgId=${union.id}&role=arbitrator`, { token: t.admin.token })).json().items).toEqual([]);
  });

  it('a bad filter is 400', async () => {
    expectError(await t.call('GET', '/users?role=boss', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await t.call('GET', '/users?orgId=nope', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
  });
});
