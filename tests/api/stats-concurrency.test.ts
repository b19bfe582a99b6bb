import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { rebuildStatistics } from '../../src/stats/rebuild.js';
import { closureStats } from '../../src/stats/service.js';
import { caseBody, testApp, type TestContext } from '../support/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const CATEGORIES = ['wages', 'termination', 'social_insurance', 'work_injury'];

/** Every rollup row, in a stable order: what the rows are, not how they were reached. */
const rollupRows = async () =>
  queryRows<{ t: string }>(
    t.handle.db,
    sql`select 'm' || m::text as t from stat_months m union all select 'y' || y::text from stat_years y
        union all select 'h' || h::text from stat_histograms h order by 1`,
  ).then((rows) => rows.map((r) => r.t));

describe('statistics rollups under concurrent writes', () => {
  let burst: (count: number, during?: () => Promise<unknown>) => Promise<number>;
  let caller: Caller;

  beforeAll(async () => {
    const orgs = [await t.org('union', { regionCode: '451023' }), await t.org('mediation_center', { regionCode: '451024' })];
    const commission = await t.org('arbitration_commission', { regionCode: '451000' });
    const staff = await Promise.all(orgs.map((o) => t.staff('mediator', o.id)));
    const arbitrator = await t.staff('arbitrator', commission.id);
    const supervisor = await t.supervisor('45');

    caller = { userId: supervisor.id, role: 'supervisor', orgId: null, regionCode: '45', name: '' };

    // Every case shares the '*' rollup rows of its organisation and month: maximal contention.
    burst = async (count, during) => {
      let referrals = 0;
      const lives = Array.from({ length: count }, async (_, i) => {
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
      await Promise.all([...lives, during?.()]);
      return referrals;
    };
  });

  /** The rollups as they stand equal the rollups rebuilt from the proceedings, and the figures equal a recount. */
  async function expectExact() {
    const kept = await rollupRows();
    await rebuildStatistics(t.handle.db);
    expect(await rollupRows()).toEqual(kept);
    // Whole months (read from the rollups) and a period cutting months (partly from the proceedings).
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const month = today.slice(0, 7);
    const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
    for (const [from, to] of [[`${Number(month.slice(0, 4)) - 1}-12-01`, lastDay], [`${month}-01`, today]]) {
      for (const groupBy of ['org', 'region', 'month', 'category', 'kind'] as const) {
        const q = { from, to, groupBy };
        const fast = await closureStats({ db: t.handle.db }, caller, q);
        expect(fast, `${groupBy} ${from}..${to}`).toEqual(await closureStats({ db: t.handle.db }, caller, q, 'recount'));
      }
    }
    return today;
  }

  it('equal a full recount from the proceedings after a burst of parallel filings and actions', async () => {
    const referrals = await burst(24);
    const today = await expectExact();
    const totals = (await closureStats({ db: t.handle.db }, caller, { from: `${today.slice(0, 7)}-01`, to: today, groupBy: 'org' })).totals!;
    expect(referrals).toBeGreaterThan(0);
    expect(totals.received).toBe(24 + referrals); // every filing and every referral to arbitration
  });

  it('stay exact when they are rebuilt in the middle of a burst', async () => {
    let rebuilt = false;
    await burst(16, async () => {
      await new Promise((r) => setTimeout(r, 30));
      await rebuildStatistics(t.handle.db);
      rebuilt = true;
    });
    expect(rebuilt).toBe(true);
    await expectExact();
  });
});
