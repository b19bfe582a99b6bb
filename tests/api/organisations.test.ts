import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG_KINDS } from '../../src/domain/model.js';
import { testApp, type TestContext, type TestUser } from '../support/app.js';
import { expectError, fields } from '../support/errors.js';
import { oneOfEachRole } from '../support/people.js';

let t: TestContext;
/** One signed-in user of every role but admin. */
let others: Record<string, TestUser>;

beforeAll(async () => {
  t = await testApp();
  others = (await oneOfEachRole(t)).users;
});
afterAll(() => t.close());

async function orgCount(): Promise<number> {
  const r = await t.handle.db.execute(sql`select count(*)::int as n from organizations`);
  const rows = Array.isArray(r) ? r : (r as { rows: unknown[] }).rows;
  return (rows[0] as { n: number }).n;
}

let nameCounter = 0;
const orgName = (label: string) => `${label}${++nameCounter}`;

describe('POST /organizations', () => {
  it('an administrator creates an organisation of every kind, each with a printable intake code', async () => {
    for (const kind of ORG_KINDS) {
      const res = await t.call('POST', '/organizations', { token: t.admin.token, body: { name: orgName(`平果县${kind}`), kind, regionCode: '451023' } });
      expect(res.statusCode, res.body).toBe(201);
      const org = res.json();
      expect(org).toMatchObject({ id: expect.any(String), kind, regionCode: '451023', parentId: null });
      // No 0/O or 1/I/L, which are misread on a printed QR sign.
      expect(org.intakeCode).toMatch(/^[A-HJ-KM-NP-Z2-9]{4,12}$/);
      expect(new Date(org.createdAt).toString()).not.toBe('Invalid Date');
    }
  });

  it('says which proceedings the organisation handles (SPEC §2)', async () => {
    const make = async (kind: string) =>
      (await t.call('POST', '/organizations', { token: t.admin.token, body: { name: orgName(kind), kind, regionCode: '451023' } })).json();
    expect((await make('union')).handles).toEqual(['mediation']);
    expect((await make('arbitration_commission')).handles).toEqual(['arbitration']);
    expect((await make('court')).handles.sort()).toEqual(['confirmation', 'litigation']);
    expect((await make('procuratorate')).handles).toEqual([]);
    expect((await make('legal_aid')).handles).toEqual([]);
  });

  it('takes a chosen intake code (upper-cased) and a parent organisation', async () => {
    const parent = await t.org('mediation_center');
    const res = await t.call('POST', '/organizations', {
      token: t.admin.token,
      body: { name: orgName('园区调解室'), kind: 'union', regionCode: '451023', parentId: parent.id, intakeCode: 'pgyq01' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ parentId: parent.id, intakeCode: 'PGYQ01' });
  });

  it.each(['worker', 'mediator', 'arbitrator', 'court_liaison', 'supervisor'])('a %s gets 403 and nothing is created', async (role) => {
    const before = await orgCount();
    const res = await t.call('POST', '/organizations', { token: others[role].token, body: { name: orgName('x'), kind: 'union', regionCode: '451023' } });
    expectError(res, 403, 'FORBIDDEN');
    expect(await orgCount()).toBe(before);
  });

  it('anonymous gets 401', async () => {
    const res = await t.call('POST', '/organizations', { body: { name: orgName('x'), kind: 'union', regionCode: '451023' } });
    expectError(res, 401, 'UNAUTHENTICATED');
  });

  it('a duplicate intake code is 409 DUPLICATE, whatever its case, and nothing is created', async () => {
    const first = await t.call('POST', '/organizations', { token: t.admin.token, body: { name: orgName('a'), kind: 'union', regionCode: '451023', intakeCode: 'DUPE42' } });
    expect(first.statusCode).toBe(201);
    const before = await orgCount();
    for (const intakeCode of ['DUPE42', 'dupe42']) {
      const again = await t.call('POST', '/organizations', { token: t.admin.token, body: { name: orgName('b'), kind: 'court', regionCode: '451023', intakeCode } });
      expectError(again, 409, 'DUPLICATE');
    }
    expect(await orgCount()).toBe(before);
  });

  it.each([
    ['four digits', '4510'],
    ['seven digits', '4510231'],
    ['letters', 'ABCDEF'],
    ['a number, not a string', 451023],
    ['spaces', '451 23'],
  ])('regionCode must be six digits: %s is 400 naming body.regionCode', async (_label, regionCode) => {
    const before = await orgCount();
    const res = await t.call('POST', '/organizations', { token: t.admin.token, body: { name: orgName('x'), kind: 'union', regionCode } });
    expect(fields(expectError(res, 400, 'VALIDATION_FAILED'))).toEqual(['body.regionCode']);
    expect(await orgCount()).toBe(before);
  });

  it('an unknown kind, a missing name and a bad intake code are 400 naming each field', async () => {
    const res = await t.call('POST', '/organizations', { token: t.admin.token, body: { kind: 'bank', regionCode: '451023', intakeCode: 'A!' } });
    expect(fields(expectError(res, 400, 'VALIDATION_FAILED')).sort()).toEqual(['body.intakeCode', 'body.kind', 'body.name']);
  });

  it('a parent that does not exist is 400 naming body.parentId', async () => {
    const res = await t.call('POST', '/organizations', {
      token: t.admin.token,
      body: { name: orgName('x'), kind: 'union', regionCode: '451023', parentId: '01950000-0000-7000-8000-000000000000' },
    });
    expect(fields(expectError(res, 400, 'VALIDATION_FAILED'))).toEqual(['body.parentId']);
  });
});

describe('GET /organizations/by-intake/:code (the QR sign at the door)', () => {
  it('resolves without signing in, whatever the case of the code', async () => {
    const org = await t.org('township_center', { name: '新安镇劳动争议调解中心' });
    for (const code of [org.intakeCode, org.intakeCode.toLowerCase()]) {
      const res = await t.call('GET', `/organizations/by-intake/${code}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: org.id, name: '新安镇劳动争议调解中心', kind: 'township_center', handles: ['mediation'] });
    }
  });

  it('an unknown code is 404', async () => {
    expectError(await t.call('GET', '/organizations/by-intake/NOSUCH99'), 404, 'NOT_FOUND');
  });
});

describe('GET /organizations', () => {
  let listed: { a: string; b: string; c: string };
  beforeAll(async () => {
    listed = {
      a: (await t.org('union', { regionCode: '450102', name: '南宁市兴宁区总工会调解委员会' })).id,
      b: (await t.org('arbitration_commission', { regionCode: '450100', name: '南宁市劳动人事争议仲裁委员会' })).id,
      c: (await t.org('court', { regionCode: '440305', name: '深圳市南山区人民法院' })).id,
    };
  });

  it.each(['worker', 'mediator', 'arbitrator', 'court_liaison', 'supervisor'])('a %s may list organisations', async (role) => {
    const res = await t.call('GET', '/organizations', { token: others[role].token });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining(Object.values(listed)));
  });

  it('anonymous gets 401', async () => {
    expectError(await t.call('GET', '/organizations'), 401, 'UNAUTHENTICATED');
  });

  it('filters by kind', async () => {
    const items = (await t.call('GET', '/organizations?kind=court', { token: t.admin.token })).json().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((o: { kind: string }) => o.kind === 'court')).toBe(true);
    expect(items.map((o: { id: string }) => o.id)).toContain(listed.c);
  });

  it('filters by region prefix', async () => {
    const items = (await t.call('GET', '/organizations?regionCode=4501', { token: t.admin.token })).json().items;
    expect(items.map((o: { id: string }) => o.id).sort()).toEqual([listed.a, listed.b].sort());
    const one = (await t.call('GET', '/organizations?regionCode=440305', { token: t.admin.token })).json().items;
    expect(one.map((o: { id: string }) => o.id)).toEqual([listed.c]);
  });

  it('filters by a part of the name', async () => {
    const items = (await t.call('GET', `/organizations?q=${encodeURIComponent('南山')}`, { token: t.admin.token })).json().items;
    expect(items.map((o: { id: string }) => o.id)).toEqual([listed.c]);
  });

  it('a % or _ in the name filter matches itself, not everything', async () => {
    const all = (await t.call('GET', '/organizations', { token: t.admin.token })).json().items as { name: string }[];
    for (const q of ['%', '_']) {
      const res = await t.call('GET', `/organizations?q=${encodeURIComponent(q)}`, { token: t.admin.token });
      expect(res.statusCode).toBe(200);
      const names = res.json().items.map((o: { name: string }) => o.name);
      expect(names.sort()).toEqual(all.map((o) => o.name).filter((name) => name.includes(q)).sort());
      expect(names.length).toBeLessThan(all.length);
    }
  });

  it('filters combine', async () => {
    const items = (await t.call('GET', '/organizations?regionCode=4501&kind=union', { token: t.admin.token })).json().items;
    expect(items.map((o: { id: string }) => o.id)).toEqual([listed.a]);
  });

  it('a bad filter is 400, not an empty list', async () => {
    expectError(await t.call('GET', '/organizations?kind=bank', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await t.call('GET', '/organizations?regionCode=4', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
  });
});

describe('GET /organizations/:id', () => {
  it('returns one organisation to anyone signed in', async () => {
    const org = await t.org('people_mediation');
    const res = await t.call('GET', `/organizations/${org.id}`, { token: others.worker.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: org.id, kind: 'people_mediation', intakeCode: org.intakeCode });
    expectError(await t.call('GET', `/organizations/${org.id}`), 401, 'UNAUTHENTICATED');
  });

  it('an unknown id is 404, a malformed one 400', async () => {
    expectError(await t.call('GET', '/organizations/01950000-0000-7000-8000-000000000000', { token: t.admin.token }), 404, 'NOT_FOUND');
    const e = expectError(await t.call('GET', '/organizations/not-a-uuid', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expect(fields(e)).toEqual(['params.id']);
  });
});
