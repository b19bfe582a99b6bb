import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';
import { validIdNumber } from '../support/ids.js';
import { expectError } from '../support/errors.js';
import { employer, employerOfNoCase } from '../support/parties.js';

let t: TestContext;
let unionA: { id: string };
let unionB: { id: string };
let commission: { id: string };
let courtA: { id: string };
let u: Record<
  'worker1' | 'worker2' | 'mediatorA' | 'mediatorB' | 'arbitrator' | 'liaisonA' | 'sup4510' | 'sup4501' | 'sup45' | 'sup44' | 'employerOnline' | 'employerStray',
  TestUser
>;
/** The cases, by what makes each one different. */
let c: Record<'online' | 'elsewhere' | 'referred' | 'collective' | 'closed' | 'delegated', { id: string; number: string }>;
let extras: string[];

async function file(token: string, orgId: string, overrides: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/cases', { token, body: caseBody(orgId, overrides) });
  if (res.statusCode !== 201) throw new Error(`file: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; number: string };
}

async function listIds(token: string, query = ''): Promise<string[]> {
  const res = await t.call('GET', `/cases?limit=100${query}`, { token });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().nextCursor).toBeNull();
  return res.json().items.map((i: { id: string }) => i.id);
}

const sorted = (ids: string[]) => [...ids].sort();

beforeAll(async () => {
  t = await testApp();
  unionA = await t.org('union', { regionCode: '451023' });
  unionB = await t.org('union', { regionCode: '450102' });
  commission = await t.org('arbitration_commission', { regionCode: '451000' });
  courtA = await t.org('court', { regionCode: '451023' });
  u = {
    worker1: await t.worker(),
    worker2: await t.worker(),
    mediatorA: await t.staff('mediator', unionA.id),
    mediatorB: await t.staff('mediator', unionB.id),
    arbitrator: await t.staff('arbitrator', commission.id),
    liaisonA: await t.staff('court_liaison', courtA.id),
    sup4510: await t.supervisor('4510'),
    sup4501: await t.supervisor('4501'),
    sup45: await t.supervisor('45'),
    sup44: await t.supervisor('44'),
    // SPEC §10: the employer's representatives. The first is set once the online case it joins is filed, below.
    employerOnline: undefined as unknown as TestUser,
    employerStray: await employerOfNoCase(t),
  };

  const online = await file(u.worker1.token, unionA.id, { respondent: { name: '平果某建筑有限公司' } });
  const elsewhere = await file(u.mediatorB.token, unionB.id, {
    acceptNow: true,
    categories: ['termination'],
    respondent: { name: '南宁兴宁某餐饮有限公司' },
    applicants: [{ name: '韦小宝', claims: [{ category: 'termination', description: '违法解除赔偿金', amountFen: 3_000_000 }] }],
  });
  const referred = await file(u.mediatorA.token, unionA.id, { acceptNow: true, respondent: { name: '平果铝业配套厂' } });
  await act(t, u.mediatorA.token, referred.id, 'fail', { reason: '用人单位拒绝调解' });
  await act(t, u.mediatorA.token, referred.id, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '调解不成' });
  const collective = await file(u.mediatorA.token, unionA.id, {
    acceptNow: true,
    categories: ['social_insurance'],
    respondent: { name: '平果县某纺织厂' },
    applicants: Array.from({ length: 10 }, (_, i) => ({
      name: `工人${i + 1}`,
      idNumber: validIdNumber(1000 + i),
      claims: [{ category: 'social_insurance', description: '补缴社会保险', amountFen: 100_000 }],
    })),
  });
  const closed = await file(u.mediatorA.token, unionA.id, { acceptNow: true, respondent: { name: '平果某物流公司' } });
  await act(t, u.mediatorA.token, closed.id, 'withdraw', { reason: '双方自行和解' });
  await act(t, u.mediatorA.token, closed.id, 'close', { outcome: 'withdrawn' });
  // A court delegates pre-filing mediation to a union in another region (委派调解).
  const delegated = await file(u.liaisonA.token, unionB.id, { respondent: { name: '南宁某电子厂' } });
  c = { online, elsewhere, referred, collective, closed, delegated };
  u.employerOnline = await employer(t, online.id, u.mediatorA.token, { name: '平果某建筑有限公司王经理' });

  extras = [];
  for (let i = 0; i < 7; i++) extras.push((await file(u.mediatorA.token, unionA.id, { acceptNow: true, respondent: { name: `平果批量公司${i}` } })).id);
});
afterAll(() => t.close());

describe('who sees one case: GET /cases/:id, /events, /actions', () => {
  async function sees(who: TestUser, id: string) {
    const detail = await t.call('GET', `/cases/${id}`, { token: who.token });
    const events = await t.call('GET', `/cases/${id}/events`, { token: who.token });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(events.statusCode, events.body).toBe(200);
    expect(detail.json().id).toBe(id);
    expect(events.json().items.length).toBeGreaterThan(0);
  }

  async function hidden(who: TestUser, id: string) {
    expectError(await t.call('GET', `/cases/${id}`, { token: who.token }), 404, 'NOT_FOUND');
    expectError(await t.call('GET', `/cases/${id}/events`, { token: who.token }), 404, 'NOT_FOUND');
    expectError(await t.call('GET', `/cases/${id}/verify`, { token: who.token }), 404, 'NOT_FOUND');
    // Acting is refused as not found too: the case's existence is not confirmed.
    expectError(await t.call('POST', `/cases/${id}/actions`, { token: who.token, body: { action: 'note', version: 1, text: '看看' } }), 404, 'NOT_FOUND');
    expectError(await t.call('POST', `/cases/${id}/actions`, { token: who.token, body: { action: 'withdraw', version: 1, reason: '不想要了' } }), 404, 'NOT_FOUND');
  }

  // Each row: who looks at which case, and whether they see it or get 404 everywhere.
  const SIGHT: [string, [keyof typeof u, keyof typeof c, 'sees' | 'hidden'][]][] = [
    ['the worker sees their own case', [['worker1', 'online', 'sees']]],
    ['another worker gets 404 on the detail, the events and the actions', [['worker2', 'online', 'hidden']]],
    ['the worker does not see walk-in cases of others', [['worker1', 'referred', 'hidden']]],
    ['staff of the handling organisation see it', [['mediatorA', 'online', 'sees']]],
    [
      'staff of an unrelated organisation get 404',
      [
        ['mediatorB', 'online', 'hidden'],
        ['arbitrator', 'online', 'hidden'],
        ['liaisonA', 'online', 'hidden'],
      ],
    ],
    [
      'after a referral both the sending and the receiving organisation see the case',
      [
        ['mediatorA', 'referred', 'sees'],
        ['arbitrator', 'referred', 'sees'],
        ['mediatorB', 'referred', 'hidden'],
      ],
    ],
    [
      'a court that delegated mediation keeps sight of the case',
      [
        ['liaisonA', 'delegated', 'sees'],
        ['mediatorB', 'delegated', 'sees'],
        ['mediatorA', 'delegated', 'hidden'],
      ],
    ],
    [
      'a supervisor whose region is a prefix of the organisation\'s sees it (4510 sees 451023)',
      [
        ['sup4510', 'online', 'sees'],
        ['sup45', 'online', 'sees'],
        ['sup4501', 'elsewhere', 'sees'],
      ],
    ],
    [
      "the employer's representative sees the case they joined and no other; one invited to none sees nothing",
      [
        ['employerOnline', 'online', 'sees'],
        ['employerOnline', 'referred', 'hidden'],
        ['employerOnline', 'elsewhere', 'hidden'],
        ['employerStray', 'online', 'hidden'],
      ],
    ],
    [
      'a supervisor of another region gets 404',
      [
        ['sup4501', 'online', 'hidden'],
        ['sup4510', 'elsewhere', 'hidden'],
        ['sup44', 'online', 'hidden'],
      ],
    ],
    [
      'a supervisor sees a case through any organisation that handled it',
      [
        ['sup4510', 'delegated', 'sees'], // via the delegating court in 451023
        ['sup4501', 'delegated', 'sees'], // via the union in 450102
      ],
    ],
  ];
  it.each(SIGHT)('%s', async (_name, checks) => {
    for (const [who, which, sight] of checks) await (sight === 'sees' ? sees : hidden)(u[who], c[which].id);
  });

  it('a supervisor may see but not act: 403', async () => {
    const detail = (await t.call('GET', `/cases/${c.online.id}`, { token: u.sup4510.token })).json();
    expect(detail.allowedActions).toEqual([]);
    const res = await t.call('POST', `/cases/${c.online.id}/actions`, { token: u.sup4510.token, body: { action: 'note', version: detail.version, text: '督办' } });
    expectError(res, 403, 'FORBIDDEN');
  });

  it('an administrator manages accounts, not cases: 404', async () => {
    await hidden(t.admin, c.online.id);
  });

  it('anonymous callers get 401, not 404', async () => {
    expectError(await t.call('GET', `/cases/${c.online.id}`), 401, 'UNAUTHENTICATED');
    expectError(await t.call('GET', `/cases/${c.online.id}/events`), 401, 'UNAUTHENTICATED');
    expectError(await t.call('POST', `/cases/${c.online.id}/actions`, { body: { action: 'note', version: 1, text: 'x' } }), 401, 'UNAUTHENTICATED');
  });

  it('a case that does not exist looks the same as one the caller may not see', async () => {
    const missing = await t.call('GET', '/cases/01950000-0000-7000-8000-000000000000', { token: u.mediatorB.token });
    const hiddenOne = await t.call('GET', `/cases/${c.online.id}`, { token: u.mediatorB.token });
    expect(missing.statusCode).toBe(hiddenOne.statusCode);
    expect(missing.json().error).toEqual(hiddenOne.json().error);
  });
});

describe('GET /cases lists only what the caller may see', () => {
  it('for every role', async () => {
    const { online, elsewhere, referred, collective, closed, delegated } = c;
    const ofA = [online.id, referred.id, collective.id, closed.id, ...extras];
    expect(await listIds(u.worker1.token)).toEqual([online.id]);
    expect(await listIds(u.worker2.token)).toEqual([]);
    expect(sorted(await listIds(u.mediatorA.token))).toEqual(sorted(ofA));
    expect(sorted(await listIds(u.mediatorB.token))).toEqual(sorted([elsewhere.id, delegated.id]));
    expect(await listIds(u.arbitrator.token)).toEqual([referred.id]);
    expect(await listIds(u.liaisonA.token)).toEqual([delegated.id]);
    expect(sorted(await listIds(u.sup4510.token))).toEqual(sorted([...ofA, delegated.id]));
    expect(sorted(await listIds(u.sup4501.token))).toEqual(sorted([elsewhere.id, delegated.id]));
    expect(sorted(await listIds(u.sup45.token))).toEqual(sorted([...ofA, elsewhere.id, delegated.id]));
    expect(await listIds(u.sup44.token)).toEqual([]);
    expect(await listIds(u.employerOnline.token)).toEqual([online.id]);
    expect(await listIds(u.employerStray.token)).toEqual([]);
    expect(await listIds(t.admin.token)).toEqual([]);
  });

  it('lists newest first, each case once', async () => {
    const ids = await listIds(u.sup45.token);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it('anonymous callers get 401', async () => {
    expectError(await t.call('GET', '/cases'), 401, 'UNAUTHENTICATED');
  });
});

describe('GET /cases filters, always within what the caller may see', () => {
  it('status', async () => {
    expect(await listIds(u.mediatorA.token, '&status=closed')).toEqual([c.closed.id]);
    const all = await listIds(u.mediatorA.token);
    const open = await listIds(u.mediatorA.token, '&status=open');
    expect(open).toEqual(all.filter((id) => id !== c.closed.id));
  });

  it('state of the newest proceeding', async () => {
    expect(sorted(await listIds(u.mediatorA.token, '&state=received'))).toEqual(sorted([c.online.id, c.referred.id]));
    expect(await listIds(u.mediatorA.token, '&state=concluded')).toEqual([c.closed.id]);
    expect(sorted(await listIds(u.mediatorA.token, '&state=accepted'))).toEqual(sorted([c.collective.id, ...extras]));
    expect(await listIds(u.mediatorA.token, '&state=declined')).toEqual([]);
  });

  it('kind', async () => {
    expect(await listIds(u.sup45.token, '&kind=collective')).toEqual([c.collective.id]);
    expect(await listIds(u.sup45.token, '&kind=individual')).not.toContain(c.collective.id);
    const detail = (await t.call('GET', `/cases/${c.collective.id}`, { token: u.mediatorA.token })).json();
    expect(detail.kind).toBe('collective');
  });

  it('category', async () => {
    expect(await listIds(u.sup45.token, '&category=social_insurance')).toEqual([c.collective.id]);
    expect(await listIds(u.sup45.token, '&category=termination')).toEqual([c.elsewhere.id]);
    expect(await listIds(u.mediatorA.token, '&category=termination')).toEqual([]);
    expect(await listIds(u.sup45.token, '&category=work_injury')).toEqual([]);
  });

  it('orgId: any organisation that handled the case', async () => {
    expect(await listIds(u.mediatorA.token, `&orgId=${commission.id}`)).toEqual([c.referred.id]);
    expect(sorted(await listIds(u.sup4510.token, `&orgId=${courtA.id}`))).toEqual([c.delegated.id]);
  });

  it('orgId cannot widen what the caller sees', async () => {
    expect(await listIds(u.mediatorA.token, `&orgId=${unionB.id}`)).toEqual([]);
    expect(await listIds(u.worker2.token, `&orgId=${unionA.id}`)).toEqual([]);
    expect(await listIds(u.sup4501.token, `&orgId=${unionA.id}`)).toEqual([]);
    expect(await listIds(u.employerOnline.token, `&orgId=${commission.id}`)).toEqual([]);
  });

  it('q: the case number, in any case', async () => {
    expect(await listIds(u.mediatorA.token, `&q=${encodeURIComponent(c.online.number)}`)).toEqual([c.online.id]);
    expect(await listIds(u.mediatorA.token, `&q=${encodeURIComponent(c.online.number.toLowerCase())}`)).toEqual([c.online.id]);
  });

  it('q: part of the respondent\'s or an applicant\'s name', async () => {
    expect(await listIds(u.mediatorA.token, `&q=${encodeURIComponent('铝业')}`)).toEqual([c.referred.id]);
    expect(await listIds(u.mediatorB.token, `&q=${encodeURIComponent('小宝')}`)).toEqual([c.elsewhere.id]);
    expect(await listIds(u.mediatorA.token, `&q=${encodeURIComponent('工人7')}`)).toEqual([c.collective.id]);
  });

  it('q cannot find cases the caller may not see', async () => {
    expect(await listIds(u.mediatorA.token, `&q=${encodeURIComponent('小宝')}`)).toEqual([]);
    expect(await listIds(u.worker2.token, `&q=${encodeURIComponent(c.online.number)}`)).toEqual([]);
    expect(await listIds(u.mediatorB.token, `&q=${encodeURIComponent(c.online.number)}`)).toEqual([]);
    expect(await listIds(u.employerOnline.token, `&q=${encodeURIComponent('铝业')}`)).toEqual([]);
    expect(await listIds(u.employerStray.token, `&q=${encodeURIComponent(c.online.number)}`)).toEqual([]);
  });

  it('q of only wildcards is a 400, not a scan of everything (issue 19)', async () => {
    for (const q of ['%', '_', '%%_']) {
      const res = await t.call('GET', `/cases?q=${encodeURIComponent(q)}`, { token: u.mediatorA.token });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code, q).toBe('VALIDATION_FAILED');
    }
  });

  it('filters combine', async () => {
    expect(await listIds(u.sup45.token, `&status=open&kind=collective&category=social_insurance&orgId=${unionA.id}`)).toEqual([c.collective.id]);
    expect(await listIds(u.sup45.token, '&status=closed&kind=collective')).toEqual([]);
  });

  it('bad filters are 400, not an empty list', async () => {
    for (const q of ['status=pending', 'state=open', 'kind=group', 'category=bonus', 'orgId=abc', 'limit=0', 'limit=101', 'limit=ten', 'cursor=abc', 'q=']) {
      const res = await t.call('GET', `/cases?${q}`, { token: u.mediatorA.token });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code, q).toBe('VALIDATION_FAILED');
    }
  });
});

describe('keyset pagination', () => {
  async function walk(token: string, limit: number, query = '') {
    const pages: string[][] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const res = await t.call('GET', `/cases?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(limit);
      pages.push(body.items.map((i) => i.id));
      if (!body.nextCursor) return pages;
      expect(body.items.length).toBe(limit);
      cursor = body.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  it.each([1, 3, 4, 11, 12])('limit %i walks every visible case once, in order, with no gap', async (limit) => {
    const all = await listIds(u.mediatorA.token);
    expect(all).toHaveLength(11);
    const pages = await walk(u.mediatorA.token, limit);
    expect(pages.flat()).toEqual(all);
    expect(pages).toHaveLength(Math.max(1, Math.ceil(all.length / limit)));
    // No trailing empty page.
    expect(pages.at(-1)!.length).toBeGreaterThan(0);
  });

  it('pages keep to the filters', async () => {
    const all = await listIds(u.mediatorA.token, '&state=accepted');
    const pages = await walk(u.mediatorA.token, 3, '&state=accepted');
    expect(pages.flat()).toEqual(all);
  });

  it('pages keep to the caller: a cursor from one caller leaks nothing to another', async () => {
    const first = (await t.call('GET', '/cases?limit=2', { token: u.sup45.token })).json();
    const res = await t.call('GET', `/cases?limit=100&cursor=${first.nextCursor}`, { token: u.mediatorB.token });
    expect(res.statusCode).toBe(200);
    const visibleToB = await listIds(u.mediatorB.token);
    for (const item of res.json().items) expect(visibleToB).toContain(item.id);
  });

  it('a case filed while paging does not shift later pages', async () => {
    const before = await listIds(u.mediatorB.token);
    expect(before).toHaveLength(2);
    const first = (await t.call('GET', '/cases?limit=1', { token: u.mediatorB.token })).json();
    const fresh = await file(u.mediatorB.token, unionB.id, { acceptNow: true });
    const second = (await t.call('GET', `/cases?limit=1&cursor=${first.nextCursor}`, { token: u.mediatorB.token })).json();
    expect([...first.items, ...second.items].map((i: { id: string }) => i.id)).toEqual(before);
    expect(second.nextCursor).toBeNull();
    expect((await listIds(u.mediatorB.token))[0]).toBe(fresh.id);
  });
});

describe('a national supervisor', () => {
  it('has an empty region code and sees every region', async () => {
    const t2 = await (await import('../support/app.js')).testApp();
    try {
      const res = await t2.call('POST', '/users', { token: t2.admin.token, body: { username: 'national.sup', password: 'correct-horse-9', role: 'supervisor', name: '人社部', regionCode: '' } });
      expect(res.statusCode, res.body).toBe(201);
      const login = (await t2.call('POST', '/auth/login', { body: { username: 'national.sup', password: 'correct-horse-9' } })).json();
      const gx = await t2.org('union', { regionCode: '451023' });
      const sz = await t2.org('union', { regionCode: '440306' });
      for (const org of [gx, sz]) {
        const m = await t2.staff('mediator', org.id);
        expect((await t2.call('POST', '/cases', { token: m.token, body: (await import('../support/app.js')).caseBody(org.id) })).statusCode).toBe(201);
      }
      expect((await t2.call('GET', '/cases', { token: login.token })).json().items).toHaveLength(2);
    } finally {
      await t2.close();
    }
  });
});
