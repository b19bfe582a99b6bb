import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller.js';
import { closureStats } from '../../src/stats/service.js';
import { act, caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';

let t: TestContext;
let A: { id: string }, B: { id: string }, C: { id: string };
let medA: TestUser, medB: TestUser, arbC: TestUser, sup: TestUser;
const ids: Record<string, string> = {};

// Hand-built March 2025, every figure worked out below. Mediation clocks: 15 days from receipt.
beforeAll(async () => {
  t = await testApp();
  t.setNow(new Date('2025-12-31T04:00:00Z'));
  A = await t.org('union', { regionCode: '451023', name: '平果市总工会调解室' });
  B = await t.org('union', { regionCode: '451024', name: '德保县总工会调解室' });
  C = await t.org('arbitration_commission', { regionCode: '451000', name: '百色市仲裁委' });
  medA = await t.staff('mediator', A.id);
  medB = await t.staff('mediator', B.id);
  arbC = await t.staff('arbitrator', C.id);
  sup = await t.supervisor('4510');

  const file = async (token: string, orgId: string, at: string, extra: Record<string, unknown>) => {
    const res = await t.call('POST', '/cases', { token, body: caseBody(orgId, { incidentDate: '2025-01-01', occurredAt: `${at}T02:00:00Z`, ...extra }) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const claim = (category: string, amountFen: number) => ({ category, description: '请求', amountFen });
  const at = (d: string) => ({ occurredAt: `${d}T03:00:00Z` });

  // 1: accepted in February, settled 03-05 (7 days; due 03-12, on time); 80 000 agreed, 30 000 paid 03-10.
  ids.c1 = await file(medA.token, A.id, '2025-02-25', { categories: ['wages'], applicants: [{ name: '甲', claims: [claim('wages', 100_000)] }] });
  await act(t, medA.token, ids.c1, 'accept', at('2025-02-26'));
  await act(t, medA.token, ids.c1, 'settle', { ...at('2025-03-05'), agreement: { amountFen: 80_000, terms: '分期' } });
  await act(t, medA.token, ids.c1, 'record_payment', { ...at('2025-03-10'), amountFen: 30_000, paidAt: '2025-03-10T03:00:00Z' });
  // 2: two workers, two categories; failed 03-25 after 22 days (due 03-18: late); referred to C, accepted 2 days later.
  ids.c2 = await file(medA.token, A.id, '2025-03-03', {
    categories: ['wages', 'termination'],
    applicants: [
      { name: '乙', claims: [claim('wages', 150_000)] },
      { name: '丙', claims: [claim('termination', 50_000)] },
    ],
  });
  await act(t, medA.token, ids.c2, 'accept', at('2025-03-03'));
  await act(t, medA.token, ids.c2, 'fail', { ...at('2025-03-25'), reason: '不成' });
  await act(t, medA.token, ids.c2, 'refer', { ...at('2025-03-26'), toOrgId: C.id, kind: 'arbitration', reason: '调解不成' });
  await act(t, arbC.token, ids.c2, 'accept', at('2025-03-28'));
  // 3: declined. 4: withdrawn before acceptance (a conclusion, but never accepted).
  ids.c3 = await file(medA.token, A.id, '2025-03-10', { applicants: [{ name: '丁', claims: [claim('wages', 50_000)] }] });
  await act(t, medA.token, ids.c3, 'decline', { ...at('2025-03-11'), reason: '不属于受理范围' });
  ids.c4 = await file(medA.token, A.id, '2025-03-12', { applicants: [{ name: '戊', claims: [claim('wages', 10_000)] }] });
  await act(t, medA.token, ids.c4, 'withdraw', { ...at('2025-03-13'), reason: '已自行协商' });
  // 5: at B, still open. 6: at A in April, outside March.
  ids.c5 = await file(medB.token, B.id, '2025-03-15', { acceptNow: true, applicants: [{ name: '己', claims: [claim('wages', 20_000)] }] });
  ids.c6 = await file(medA.token, A.id, '2025-04-02', { applicants: [{ name: '庚', claims: [claim('wages', 5_000)] }] });
});
afterAll(() => t.close());

const get = (token: string, qs: string) => t.call('GET', `/stats/closure?${qs}`, { token });

describe('GET /stats/closure on hand-built data', () => {
  it('gives an organisation its own March, figure by figure', async () => {
    const res = await get(medA.token, 'from=2025-03-01&to=2025-03-31&groupBy=kind');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2025-03-01', to: '2025-03-31', groupBy: 'kind' });
    expect(body.rows).toEqual([
      {
        key: 'mediation',
        label: '调解',
        carriedOver: 1, // case 1, accepted 02-26
        received: 3, // cases 2, 3, 4
        accepted: 1, // case 2
        declined: 1, // case 3
        concluded: 3, // 1 settled, 2 failed, 4 withdrawn
        settled: 1,
        closureRate: 1.5, // 3 ÷ (1 + 1): a withdrawal before acceptance still concludes
        settlementRate: 0.3333,
        onTimeRate: 0.6667, // case 2 was late
        medianDays: 7, // accepted → concluded: 7 and 22 days
        p90Days: 22,
        claimedFen: 260_000, // 200 000 + 50 000 + 10 000
        agreedFen: 80_000,
        paidFen: 30_000,
        workers: 4,
        handoffMedianDays: null,
      },
    ]);
  });

  it('rolls organisations up to regions for a supervisor, and keeps referrals with the receiving organisation', async () => {
    const byOrg = (await get(sup.token, 'from=2025-03-01&to=2025-03-31&groupBy=org')).json();
    expect(byOrg.rows.map((r: { key: string }) => r.key).sort()).toEqual([A.id, B.id, C.id].sort());
    const c = byOrg.rows.find((r: { key: string }) => r.key === C.id);
    expect(c).toMatchObject({ label: '百色市仲裁委', received: 1, accepted: 1, handoffMedianDays: 2, claimedFen: 200_000, workers: 2, concluded: 0, closureRate: 0 });
    const b = byOrg.rows.find((r: { key: string }) => r.key === B.id);
    expect(b).toMatchObject({ received: 1, accepted: 1, concluded: 0, closureRate: 0, settlementRate: null, onTimeRate: null, medianDays: null });
    expect(byOrg.totals).toMatchObject({ received: 5, accepted: 3, concluded: 3, carriedOver: 1 });

    const byRegion = (await get(sup.token, 'from=2025-03-01&to=2025-03-31&groupBy=region')).json();
    expect(byRegion.rows.map((r: { key: string; received: number }) => [r.key, r.received])).toEqual([
      ['451000', 1],
      ['451023', 3],
      ['451024', 1],
    ]);
    const county = (await get(sup.token, 'from=2025-03-01&to=2025-03-31&groupBy=org&regionCode=451024')).json();
    expect(county.rows.map((r: { key: string }) => r.key)).toEqual([B.id]);
  });

  it('carries each month over into the next', async () => {
    const res = (await get(medA.token, 'from=2025-02-01&to=2025-04-30&groupBy=month')).json();
    expect(res.rows.map((r: { key: string; carriedOver: number; received: number; accepted: number; concluded: number }) => [r.key, r.carriedOver, r.received, r.accepted, r.concluded])).toEqual([
      ['2025-02', 0, 1, 1, 0],
      ['2025-03', 1, 3, 1, 3],
      ['2025-04', 0, 1, 0, 0],
    ]);
  });

  it('counts a case under each of its categories', async () => {
    const res = (await get(medA.token, 'from=2025-03-01&to=2025-03-31&groupBy=category')).json();
    const byKey = Object.fromEntries(res.rows.map((r: { key: string }) => [r.key, r]));
    expect(byKey.wages).toMatchObject({ label: '劳动报酬', received: 3, carriedOver: 1, concluded: 3 });
    expect(byKey.termination).toMatchObject({ label: '解除/终止劳动合同', received: 1, accepted: 1, concluded: 1, settled: 0 });
    expect(res.totals).toBeNull();
  });

  it('gives the same figures for a period that cuts months in half', async () => {
    // From 03-04: open at the start are case 1 (accepted 02-26) and case 2 (accepted 03-03).
    const res = (await get(medA.token, 'from=2025-03-04&to=2025-03-12&groupBy=kind')).json();
    expect(res.rows[0]).toMatchObject({ carriedOver: 2, received: 2, accepted: 0, declined: 1, concluded: 1, settled: 1, medianDays: 7, agreedFen: 80_000, paidFen: 30_000 });
  });

  it('returns null rates, never errors, when nothing happened', async () => {
    const res = (await get(medB.token, 'from=2024-01-01&to=2024-12-31&groupBy=kind')).json();
    expect(res.rows).toEqual([]);
    expect(res.totals).toMatchObject({ concluded: 0, closureRate: null, settlementRate: null, onTimeRate: null, medianDays: null, p90Days: null, handoffMedianDays: null });
  });

  it('agrees with a full recount from the proceedings for every grouping and period', async () => {
    const caller: Caller = { userId: sup.id, role: 'supervisor', orgId: null, regionCode: '4510', name: '' };
    for (const groupBy of ['org', 'region', 'month', 'category', 'kind'] as const) {
      for (const [from, to] of [['2025-01-01', '2025-12-31'], ['2025-03-01', '2025-03-31'], ['2025-02-27', '2025-03-26'], ['2025-03-15', '2025-04-10']]) {
        const q = { from, to, groupBy };
        const fast = await closureStats({ db: t.handle.db }, caller, q);
        const recount = await closureStats({ db: t.handle.db }, caller, q, 'recount');
        expect(fast, `${groupBy} ${from}..${to}`).toEqual(recount);
      }
    }
  });

  it('reads a period that runs through today from the rollups of its month and year, to the same figures', async () => {
    // The last act is on 2 April 2025. Seen on that day (and later that year), the rest of April and
    // of 2025 is empty, so [from, today] may be read as whole months and years: same figures.
    const caller: Caller = { userId: sup.id, role: 'supervisor', orgId: null, regionCode: '4510', name: '' };
    for (const now of ['2025-04-02T10:00:00Z', '2025-04-01T16:00:00Z', '2025-12-31T04:00:00Z']) {
      const deps = { db: t.handle.db, now: () => new Date(now) };
      for (const groupBy of ['org', 'month', 'category'] as const) {
        for (const [from, to] of [['2025-01-01', '2025-04-02'], ['2025-03-10', '2025-04-02'], ['2025-02-01', '2025-12-31'], ['2025-03-05', '2026-01-31']]) {
          const q = { from, to, groupBy };
          expect(await closureStats(deps, caller, q), `${now} ${groupBy} ${from}..${to}`).toEqual(await closureStats(deps, caller, q, 'recount'));
        }
      }
    }
  });
});

describe('who may read statistics', () => {
  it('allows staff (own organisation) and supervisors (own region) only', async () => {
    const q = 'from=2025-03-01&to=2025-03-31';
    expect((await get(medA.token, `${q}&orgId=${B.id}`)).statusCode).toBe(403);
    expect((await get(sup.token, `${q}&regionCode=4403`)).statusCode).toBe(403);
    expect((await get(sup.token, `${q}&regionCode=45`)).statusCode).toBe(403);
    const worker = await t.worker();
    expect((await get(worker.token, q)).statusCode).toBe(403);
    expect((await get(t.admin.token, q)).statusCode).toBe(403);
    expect((await t.call('GET', `/stats/closure?${q}`)).statusCode).toBe(401);
    expect((await t.call('GET', `/stats/closure.csv?${q}`)).statusCode).toBe(401);
    expect((await t.call('GET', `/stats/closure.csv?${q}`, { token: worker.token })).statusCode).toBe(403);
    const other = await t.supervisor('4403');
    expect((await get(other.token, `${q}&groupBy=org`)).json().rows).toEqual([]);
  });

  it('refuses bad periods and groupings with 400', async () => {
    for (const qs of ['from=2025-03-31&to=2025-03-01', 'from=2025-02-30&to=2025-03-01', 'to=2025-03-01', 'from=2025-03-01&to=2025-03-31&groupBy=week', 'from=2025-03-01&to=2025-03-31&kind=appeal']) {
      const res = await get(medA.token, qs);
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /stats/closure.csv', () => {
  it('is UTF-8 with a byte-order mark, a Chinese header and the same rows', async () => {
    const res = await get(sup.token, 'from=2025-03-01&to=2025-03-31&groupBy=org').then(() =>
      t.call('GET', '/stats/closure.csv?from=2025-03-01&to=2025-03-31&groupBy=org', { token: sup.token }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('closure-2025-03-01-2025-03-31-org.csv');
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('分组,名称,旧存,收案,受理,不予受理,结案,调解成功,结案率,调解成功率,按期结案率,审理天数中位数,审理天数90分位,请求金额(分),协议/裁决金额(分),已履行金额(分),涉及劳动者人数,转办接收天数中位数');
    expect(lines.at(-1)).toBe('');
    const a = lines.find((l) => l.startsWith(A.id))!;
    expect(a).toBe(`${A.id},平果市总工会调解室,1,3,1,1,3,1,1.5,0.3333,0.6667,7,22,260000,80000,30000,4,`);
    expect(lines[lines.length - 2].startsWith('*,合计,')).toBe(true);
    expect(lines).toHaveLength(1 + 3 + 1 + 1);
  });
});
