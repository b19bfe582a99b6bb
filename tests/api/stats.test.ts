import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller.js';
import { STAT_GROUPS } from '../../src/domain/statistics.js';
import { closureStats } from '../../src/stats/service.js';
import { act, caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';

let t: TestContext;
let A: { id: string }, B: { id: string }, C: { id: string };
let medA: TestUser, medB: TestUser, arbC: TestUser, sup: TestUser, worker: TestUser;
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

  // The last quarter of 2024, in the ministry's cuts (劳动人事争议处理情况): how each proceeding ended and who
  // prevailed. At C: 7 a final award (一裁终局) 10-20, the worker prevailing; 8 an arbitral settlement 10-22, each
  // in part; 10 a non-final award 11-18, the employer prevailing. At A: 9 a mediation settled 12-10, each in part;
  // 11 withdrawn by staff 12-15 before acceptance, the worker prevailing (paid before the session); 12 filed online
  // 12-20 by a worker, who withdraws it in the last test.
  const in2024 = { incidentDate: '2024-01-01' };
  const award = (final: boolean, fen: number, d: string) => ({ ...at(d), agreement: { amountFen: fen, terms: '裁决' }, final, deliveredAt: `${d}T03:00:00Z` });
  ids.c7 = await file(arbC.token, C.id, '2024-10-08', { ...in2024, acceptNow: true, applicants: [{ name: '辛', claims: [claim('wages', 40_000)] }] });
  await act(t, arbC.token, ids.c7, 'award', { ...award(true, 40_000, '2024-10-20'), prevailed: 'worker' });
  ids.c8 = await file(arbC.token, C.id, '2024-10-08', { ...in2024, acceptNow: true, categories: ['termination'], applicants: [{ name: '壬', claims: [claim('termination', 90_000)] }] });
  await act(t, arbC.token, ids.c8, 'settle', { ...at('2024-10-22'), agreement: { amountFen: 60_000, terms: '仲裁调解' }, prevailed: 'partly' });
  ids.c10 = await file(arbC.token, C.id, '2024-11-04', { ...in2024, acceptNow: true, applicants: [{ name: '子', claims: [claim('wages', 70_000)] }] });
  await act(t, arbC.token, ids.c10, 'award', { ...award(false, 10_000, '2024-11-18'), prevailed: 'employer' });
  ids.c9 = await file(medA.token, A.id, '2024-12-02', { ...in2024, acceptNow: true, applicants: [{ name: '癸', claims: [claim('wages', 8_000)] }] });
  await act(t, medA.token, ids.c9, 'settle', { ...at('2024-12-10'), agreement: { amountFen: 6_000, terms: '一次性' }, prevailed: 'partly' });
  ids.c11 = await file(medA.token, A.id, '2024-12-03', { ...in2024, applicants: [{ name: '丑', claims: [claim('wages', 3_000)] }] });
  await act(t, medA.token, ids.c11, 'withdraw', { ...at('2024-12-15'), reason: '用人单位已支付', prevailed: 'worker' });
  worker = await t.worker();
  const online = await t.call('POST', '/cases', { token: worker.token, body: caseBody(A.id, { ...in2024, occurredAt: '2024-12-20T02:00:00Z', applicants: [{ name: '张三', claims: [claim('wages', 2_000)] }] }) });
  expect(online.statusCode, online.body).toBe(201);
  ids.c12 = online.json().id;
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
        endedByMediation: 1, // case 1
        endedByArbitralSettlement: 0,
        endedByAward: 0,
        endedOtherwise: 2, // 2 failed, 4 withdrawn
        prevailedWorker: 0, // nobody said who prevailed in March
        prevailedEmployer: 0,
        prevailedPartly: 0,
        finalAwards: 0,
      },
    ]);
  });

  it('counts the last quarter of 2024 in the ministry’s cuts: how each ended, who prevailed, final awards', async () => {
    const res = await get(sup.token, 'quarter=2024-Q4&groupBy=kind');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2024-10-01', to: '2024-12-31', groupBy: 'kind' });
    const cuts = (r: Record<string, number>) => ({
      concluded: r.concluded,
      endedByMediation: r.endedByMediation,
      endedByArbitralSettlement: r.endedByArbitralSettlement,
      endedByAward: r.endedByAward,
      endedOtherwise: r.endedOtherwise,
      prevailedWorker: r.prevailedWorker,
      prevailedEmployer: r.prevailedEmployer,
      prevailedPartly: r.prevailedPartly,
      finalAwards: r.finalAwards,
    });
    const byKind = Object.fromEntries(body.rows.map((r: { key: string }) => [r.key, r]));
    expect(cuts(byKind.arbitration)).toEqual({ concluded: 3, endedByMediation: 0, endedByArbitralSettlement: 1, endedByAward: 2, endedOtherwise: 0, prevailedWorker: 1, prevailedEmployer: 1, prevailedPartly: 1, finalAwards: 1 });
    expect(cuts(byKind.mediation)).toEqual({ concluded: 2, endedByMediation: 1, endedByArbitralSettlement: 0, endedByAward: 0, endedOtherwise: 1, prevailedWorker: 1, prevailedEmployer: 0, prevailedPartly: 1, finalAwards: 0 });
    expect(cuts(body.totals)).toEqual({ concluded: 5, endedByMediation: 1, endedByArbitralSettlement: 1, endedByAward: 2, endedOtherwise: 1, prevailedWorker: 2, prevailedEmployer: 1, prevailedPartly: 2, finalAwards: 1 });
  });

  it('groups by quarter and by year, each carrying over what was open at its start', async () => {
    const quarters = (await get(medA.token, 'year=2025&groupBy=quarter')).json();
    expect(quarters).toMatchObject({ from: '2025-01-01', to: '2025-12-31' });
    expect(quarters.rows.map((r: { key: string; label: string; carriedOver: number; received: number; accepted: number; concluded: number }) => [r.key, r.label, r.carriedOver, r.received, r.accepted, r.concluded])).toEqual([
      ['2025-Q1', '2025年第一季度', 0, 4, 2, 3],
      ['2025-Q2', '2025年第二季度', 0, 1, 0, 0],
      ['2025-Q3', '2025年第三季度', 0, 0, 0, 0],
      ['2025-Q4', '2025年第四季度', 0, 0, 0, 0],
    ]);
    const years = (await get(sup.token, 'from=2024-07-01&to=2025-12-31&groupBy=year')).json();
    expect(years.rows.map((r: { key: string; label: string; received: number }) => [r.key, r.label, r.received])).toEqual([
      ['2024', '2024年', 6], // 7–12 (the half-year from July)
      ['2025', '2025年', 7], // 1–6 at A and B, and 2 again at C by referral
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
    for (const groupBy of STAT_GROUPS) {
      for (const [from, to] of [['2025-01-01', '2025-12-31'], ['2025-03-01', '2025-03-31'], ['2025-02-27', '2025-03-26'], ['2025-03-15', '2025-04-10'], ['2025-02-10', '2025-06-12']]) {
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
      for (const groupBy of ['org', 'month', 'quarter', 'year', 'category'] as const) {
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

  it('refuses a quarter or a year that does not exist, is malformed, or comes with another period, naming the field', async () => {
    const cases: [string, string][] = [
      ['quarter=2025-Q5', 'querystring.quarter'],
      ['quarter=2025-Q0', 'querystring.quarter'],
      ['quarter=2025Q1', 'querystring.quarter'],
      ['quarter=Q1-2025', 'querystring.quarter'],
      ['quarter=1949-Q4', 'querystring.quarter'],
      ['quarter=', 'querystring.quarter'],
      ['year=25', 'querystring.year'],
      ['year=2101', 'querystring.year'],
      ['year=2025&quarter=2025-Q1', 'querystring.quarter'],
      ['quarter=2025-Q1&from=2025-01-01&to=2025-03-31', 'querystring.quarter'],
      ['year=2025&to=2025-03-31', 'querystring.year'],
      ['groupBy=quarter', 'querystring.from'],
      ['from=2025-01-01&groupBy=year', 'querystring.to'],
    ];
    for (const [qs, field] of cases) {
      for (const path of ['/stats/closure', '/stats/closure.csv', '/stats/closure.xlsx']) {
        const res = await t.call('GET', `${path}?${qs}`, { token: sup.token });
        expect(res.statusCode, `${path}?${qs}`).toBe(400);
        expect(res.json().error.details.map((d: { field: string }) => d.field), `${path}?${qs}`).toContain(field);
      }
    }
  });
});

describe('GET /stats/closure.csv', () => {
  const csv = async (qs: string) => {
    const res = await t.call('GET', `/stats/closure.csv?${qs}`, { token: sup.token });
    expect(res.statusCode, res.body).toBe(200);
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return { res, lines: bytes.subarray(3).toString('utf8').split('\r\n') };
  };
  const FIGURES =
    '旧存,收案,受理,不予受理,结案,调解成功,结案率,调解成功率,按期结案率,审理天数中位数(天),审理天数90分位(天),请求金额(元),协议/裁决金额(元),已履行金额(元),涉及劳动者人数,转办接收天数中位数(天),' +
    '调解组织调解成功,仲裁调解结案,仲裁裁决结案,其他方式结案,劳动者胜诉,用人单位胜诉,双方部分胜诉,终局裁决';

  it('is UTF-8 with a byte-order mark, Chinese headings, organisations by name and region, money in yuan', async () => {
    const { res, lines } = await csv('from=2025-03-01&to=2025-03-31&groupBy=org');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('closure-2025-03-01-2025-03-31-org.csv');
    expect(lines[0]).toBe(`机构,所在地区,${FIGURES}`);
    expect(lines.at(-1)).toBe('');
    // 平果 (451023, the demo's retired code) is named as the division is today.
    expect(lines).toContain('平果市总工会调解室,平果市,1,3,1,1,3,1,150.00%,33.33%,66.67%,7,22,2600.00,800.00,300.00,4,,1,0,0,2,0,0,0,0');
    expect(lines.join('\n')).not.toContain(A.id);
    expect(lines.at(-2)).toMatch(/^合计,,1,5,3,1,3,1,/);
    expect(lines).toHaveLength(1 + 3 + 1 + 1);
  });

  it('names regions by GB/T 2260 with their code, periods and categories in Chinese, and counts each case once in a category total', async () => {
    const regions = (await csv('from=2025-03-01&to=2025-03-31&groupBy=region')).lines;
    expect(regions[0]).toBe(`地区,区划代码,${FIGURES}`);
    expect(regions.slice(1, 4).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['百色市本级,451000,0', '平果市,451023,1', '德保县,451024,0']);
    const quarters = (await csv('year=2024&groupBy=quarter')).lines;
    expect(quarters[0].startsWith('季度,旧存,')).toBe(true);
    expect(quarters.slice(1, 5).map((l) => l.split(',')[0])).toEqual(['2024年第一季度', '2024年第二季度', '2024年第三季度', '2024年第四季度']);
    const categories = (await csv('from=2025-03-01&to=2025-03-31&groupBy=category')).lines;
    expect(categories.slice(1, -2).map((l) => l.split(',')[0])).toEqual(['解除/终止劳动合同', '劳动报酬']);
    // Case 2 is under both categories but counted once: 5 received, as by organisation.
    expect(categories.at(-2)).toMatch(/^合计（按案件计，一案多类不重复）,1,5,/);
  });
});

/** LibreOffice's Calc, to open a workbook as a person would (CI installs it: .ci/run). */
const LIBREOFFICE = ['/usr/bin/libreoffice', '/usr/bin/soffice'].find((p) => existsSync(p));
if (!LIBREOFFICE) console.warn('tests/api/stats.test.ts: the LibreOffice check of the workbook is skipped, libreoffice is not installed (apt-get install -y libreoffice-calc-nogui)');

/** Each sheet as LibreOffice shows it (its CSV export of the cells as displayed), by sheet name. */
async function shownByLibreOffice(xlsx: Buffer): Promise<Map<string, string[][]>> {
  const dir = mkdtempSync(join(tmpdir(), 'tiaojie-xlsx-'));
  try {
    writeFileSync(join(dir, 'report.xlsx'), xlsx);
    // Fields by commas, UTF-8, cells as shown (formats applied), every sheet to a file of its own.
    const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1';
    await promisify(execFile)(LIBREOFFICE!, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', filter, '--outdir', join(dir, 'out'), join(dir, 'report.xlsx')], { timeout: 60_000 });
    const sheets = new Map<string, string[][]>();
    for (const f of readdirSync(join(dir, 'out'))) {
      const text = readFileSync(join(dir, 'out', f), 'utf8');
      sheets.set(f.replace(/^report-|\.csv$/g, ''), text.split(/\r?\n/).filter(Boolean).map(parseCsvLine));
    }
    return sheets;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(field), (field = '');
    else field += ch;
  }
  out.push(field);
  return out;
}

describe('GET /stats/closure.xlsx', () => {
  let xlsx: Buffer;
  beforeAll(async () => {
    const res = await t.call('GET', '/stats/closure.xlsx?year=2024&groupBy=org,quarter,category', { token: sup.token });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain('closure-2024-01-01-2024-12-31-org+quarter+category.xlsx');
    xlsx = res.rawPayload;
  });

  it('has a sheet per grouping, the scope and period in the title, frozen headings, and money and rates formatted', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按机构', '按季度', '按争议类型']);
    const ws = wb.getWorksheet('按机构')!;
    expect(String(ws.getCell('A1').value)).toBe('劳动人事争议处理情况统计表（按机构）　统计范围：百色市　统计期间：2024年（2024年1月1日至2024年12月31日）');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 });
    const headings = (ws.getRow(2).values as unknown[]).slice(1);
    expect(headings.slice(0, 3)).toEqual(['机构', '所在地区', '旧存']);
    const col = (heading: string) => headings.indexOf(heading) + 1;
    expect(ws.getColumn(col('协议/裁决金额(元)')).numFmt).toBe('#,##0.00');
    expect(ws.getColumn(col('结案率')).numFmt).toBe('0.00%');
    expect(ws.getCell(2, col('终局裁决')).note).toBeDefined();
    const rowOf = (name: string) => ws.getRows(3, ws.rowCount - 2)!.find((r) => r.getCell(1).value === name)!;
    const c = rowOf('百色市仲裁委');
    // 7, 8 and 10 at C: 400 + 600 + 100 yuan agreed or awarded, 3 accepted and concluded, 1 settled.
    expect([c.getCell(2).value, c.getCell(col('协议/裁决金额(元)')).value, c.getCell(col('结案率')).value, c.getCell(col('调解成功率')).value]).toEqual(['百色市', 1100, 1, 0.3333]);
    expect([col('仲裁调解结案'), col('仲裁裁决结案'), col('劳动者胜诉'), col('用人单位胜诉'), col('双方部分胜诉'), col('终局裁决')].map((i) => c.getCell(i).value)).toEqual([1, 2, 1, 1, 1, 1]);
    const total = ws.getRow(ws.rowCount);
    expect([total.getCell(1).value, total.getCell(2).value, total.getCell(col('仲裁裁决结案')).value]).toEqual(['合计', null, 2]);
    const byQuarter = wb.getWorksheet('按季度')!;
    expect([3, 4, 5, 6].map((r) => byQuarter.getCell(r, 1).value)).toEqual(['2024年第一季度', '2024年第二季度', '2024年第三季度', '2024年第四季度']);
    expect(wb.getWorksheet('按争议类型')!.getRow(wb.getWorksheet('按争议类型')!.rowCount).getCell(1).value).toBe('合计（按案件计，一案多类不重复）');
  });

  it.skipIf(!LIBREOFFICE)('opens in LibreOffice showing yuan to two places, percentages and the Chinese names', async () => {
    const shown = await shownByLibreOffice(xlsx);
    expect([...shown.keys()].sort()).toEqual(['按争议类型', '按季度', '按机构'].sort());
    const orgs = shown.get('按机构')!;
    expect(orgs[0][0]).toContain('统计范围：百色市');
    expect(orgs[1].slice(0, 3)).toEqual(['机构', '所在地区', '旧存']);
    const heading = orgs[1];
    const c = orgs.find((r) => r[0] === '百色市仲裁委')!;
    const at = (h: string) => c[heading.indexOf(h)];
    expect([at('所在地区'), at('请求金额(元)'), at('协议/裁决金额(元)'), at('结案率'), at('调解成功率'), at('终局裁决')]).toEqual(['百色市', '2,000.00', '1,100.00', '100.00%', '33.33%', '1']);
    expect(orgs.at(-1)![0]).toBe('合计');
    expect(shown.get('按季度')!.slice(2).map((r) => r[0])).toEqual(['2024年第一季度', '2024年第二季度', '2024年第三季度', '2024年第四季度', '合计']);
  });
});

describe('who prevailed, recorded with the outcome', () => {
  it('is kept on the proceeding, shown in the case detail and recorded in the event', async () => {
    const detail = (await t.call('GET', `/cases/${ids.c7}`, { token: arbC.token })).json();
    expect(detail.proceedings.map((p: { outcome: string; prevailed: string | null }) => [p.outcome, p.prevailed])).toEqual([['awarded', 'worker']]);
    const events = (await t.call('GET', `/cases/${ids.c7}/events`, { token: arbC.token })).json().items;
    expect(events.find((e: { action: string }) => e.action === 'award').data).toMatchObject({ final: true, prevailed: 'worker' });
    const unsaid = (await t.call('GET', `/cases/${ids.c1}`, { token: medA.token })).json();
    expect(unsaid.proceedings[0]).toMatchObject({ outcome: 'settled', prevailed: null });
  });

  it('is the staff’s to say: a worker withdrawing may not, and a value not in the list is refused; neither changes anything', async () => {
    const before = (await t.call('GET', `/cases/${ids.c12}`, { token: worker.token })).json();
    const send = (token: string, extra: Record<string, unknown>) =>
      t.call('POST', `/cases/${ids.c12}/actions`, { token, body: { action: 'withdraw', version: before.version, reason: '不想继续', occurredAt: '2024-12-21T02:00:00Z', ...extra } });
    for (const [token, prevailed, field] of [[worker.token, 'worker', 'body.prevailed'], [medA.token, 'nobody', 'body.prevailed'], [medA.token, 7, 'body.prevailed']] as const) {
      const res = await send(token, { prevailed });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] });
    }
    expect((await t.call('GET', `/cases/${ids.c12}`, { token: worker.token })).json().version).toBe(before.version);
    const q4 = (await get(sup.token, 'quarter=2024-Q4&groupBy=kind')).json().totals;
    expect((await send(worker.token, {})).statusCode).toBe(200);
    const after = (await get(sup.token, 'quarter=2024-Q4&groupBy=kind')).json().totals;
    expect(after).toMatchObject({ concluded: q4.concluded + 1, endedOtherwise: q4.endedOtherwise + 1, prevailedWorker: q4.prevailedWorker });
  });
});
