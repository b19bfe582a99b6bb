import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller.js';
import { closureStats } from '../../src/stats/service.js';
import { caseBody, testApp, type TestContext } from '../support/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const CATEGORIES = ['wages', 'termination', 'social_insurance', 'work_injury'];

describe('statistics rollups under concurrent writes', () => {
  it('equal a full recount from the proceedings after a burst of parallel filings and actions', async () => {
    const orgs = [await t.org('union', { regionCode: '451023' }), await t.org('mediation_center', { regionCode: '451024' })];
    const commission = await t.org('arbitration_commission', { regionCode: '451000' });
    const staff = await Promise.all(orgs.map((o) => t.staff('mediator', o.id)));
    const arbitrator = await t.staff('arbitrator', commission.id);
    const supervisor = await t.supervisor('45');

    let referrals = 0;
    // Every case shares the '*' rollup rows of its organisation and month: maximal contention.
    const lives = Array.from({ length: 24 }, async (_, i) => {
      const who = staff[i % 2];
      const cats = [CATEGORIES[i % 4], CATEGORIES[(i + 1) % 4]];
      const filed = await t.call('POST', '/cases', {
        token: who.token,
        body: caseBody(orgs[i % 2].id, {
          categories: cats,
          acceptNow: i % 3 !== 0,
          applicants: [{ name: `工人${i}`, claims: cats.map((c) => ({ category: c, description: '请求', amountFen: 10_000 * (i + 1) })) }],
        }),
      });
      expect(filed.statusCode, filed.body).toBe(201);
      let c = filed.json();
      const step = async (token: string, body: Record<string, unknown>) => {
        const res = await t.call('POST', `/cases/${c.id}/actions`, { token, body: { ...body, version: c.version } });
        expect(res.statusCode, res.body).toBe(200);
        c = res.json();
      };
      if (i % 3 === 0) await step(who.token, i % 2 ? { action: 'decline', reason: '不受理' } : { action: 'accept' });
      if (c.proceedings[0].state !== 'accepted') return;
      if (i % 4 === 0) {
        await step(who.token, { action: 'settle', agreement: { amountFen: 5_000 * (i + 1), terms: '一次性' } });
        await step(who.token, { action: 'record_payment', amountFen: 1_000, paidAt: new Date().toISOString() });
      } else if (i % 4 === 1) {
        await step(who.token, { action: 'fail', reason: '不成' });
        await step(who.token, { action: 'refer', toOrgId: commission.id, kind: 'arbitration', reason: '转仲裁' });
        await step(arbitrator.token, { action: 'accept' });
        referrals++;
      } else if (i % 4 === 2) {
        await step(who.token, { action: 'withdraw', reason: '撤回' });
      }
    });
    await Promise.all(lives);

    const caller: Caller = { userId: supervisor.id, role: 'supervisor', orgId: null, regionCode: '45', name: '' };
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const from = `${today.slice(0, 7)}-01`;
    for (const groupBy of ['org', 'region', 'month', 'category', 'kind'] as const) {
      const q = { from, to: today, groupBy };
      const fast = await closureStats({ db: t.handle.db }, caller, q);
      expect(fast, groupBy).toEqual(await closureStats({ db: t.handle.db }, caller, q, 'recount'));
    }
    const totals = (await closureStats({ db: t.handle.db }, caller, { from, to: today, groupBy: 'org' })).totals!;
    expect(referrals).toBeGreaterThan(0);
    expect(totals.received).toBe(24 + referrals); // every filing and every referral to arbitration
  });
});
