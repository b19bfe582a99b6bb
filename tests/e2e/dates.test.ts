/**
 * Every date a person sees is a China-time date, whatever the device's time zone (SPEC §5). The
 * acts of one case all happen between 00:00 and 08:00 China time, when the UTC date is still the
 * day before: filed, accepted, settled, a payment received. The worker (on a phone) and the
 * mediator (at a desk) open their pages with the browser set to Asia/Shanghai, UTC and
 * America/New_York, and see the same page, with each act on its own China-time day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { validIdNumber } from '../support/ids.js';
import { ADMIN_PASSWORD, DESKTOP, PHONE, type Pages, actOn, chinaTime as at, closeSuite, openSuite, orgWithMediator, randomPhone, settle, shot, signIn, skipBrowser, workerFiles, type E2eServer } from './support.js';

const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York'] as const;

/** The acts, each early in the morning in China; `shown` is its China date, `utcDay` the day a UTC slice would show. */
const ACTS = {
  filed: { at: at('2026-11-10T07:15:00'), shown: '2026年11月10日', utcDay: '2026年11月9日' },
  accepted: { at: at('2026-11-12T06:40:00'), shown: '2026年11月12日', utcDay: '2026年11月11日' },
  settled: { at: at('2026-11-16T07:50:00'), shown: '2026年11月16日', utcDay: '2026年11月15日' },
  paid: { at: at('2026-11-20T07:30:00'), shown: '2026年11月20日', utcDay: '2026年11月19日' },
};

describe.skipIf(skipBrowser)('dates on the pages are China-time dates in any browser time zone', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  let caseId = '';
  const worker = { phone: randomPhone('137'), password: 'worker-pass-1', name: '罗美玲', idNumber: validIdNumber() };

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite());
    const union = { name: '平果市城东社区劳动争议调解室', kind: 'union', regionCode: '451023', intakeCode: 'CDSQ2026' };
    const { orgId, mediator } = await orgWithMediator(server, union, { username: 'e2e.dates.mediator', name: '覃玉梅' });

    server.setNow(ACTS.filed.at);
    caseId = await workerFiles(server, worker, orgId, {
      category: 'wages',
      description: '2026年8月至9月工资',
      amountFen: 1_500_000,
      summary: '单位拖欠两个月工资。',
      incidentDate: '2026-10-01',
      respondent: '平果市城东五金加工厂',
    });
    server.setNow(ACTS.accepted.at);
    await actOn(server, caseId, mediator, 'accept');
    server.setNow(ACTS.settled.at);
    await actOn(server, caseId, mediator, 'settle', {
      agreement: {
        amountFen: 1_500_000,
        terms: '被申请人分两期支付工资共15000元。',
        instalments: [
          { dueOn: '2026-11-30', amountFen: 500_000 },
          { dueOn: '2027-01-29', amountFen: 1_000_000 },
        ],
      },
    });
    server.setNow(ACTS.paid.at);
    await actOn(server, caseId, mediator, 'record_payment', { amountFen: 500_000, paidAt: ACTS.paid.at.toISOString() });
    server.setNow(null);
  });

  afterAll(() => closeSuite({ pages, browser, server }));

  /** The page's visible text once the case has loaded. */
  async function caseText(page: Page): Promise<string> {
    await page.goto(`${server.base}/app/cases/${caseId}`);
    await page.locator('.timeline').waitFor();
    await settle(page);
    return page.locator('main').innerText();
  }

  function expectChinaDays(text: string, acts: (keyof typeof ACTS)[]) {
    for (const a of acts) expect(text, `${a} shows its China-time day`).toContain(ACTS[a].shown);
    for (const a of Object.values(ACTS)) expect(text, `no act shows the UTC day before`).not.toContain(a.utcDay);
  }

  const viewers = [
    { who: 'worker', where: 'on her phone', viewport: PHONE, username: worker.phone, password: worker.password, list: '/app/my', listItem: '.case-card', newYorkShot: 'dates-worker-case-new-york-phone' },
    { who: 'mediator', where: 'at her desk', viewport: DESKTOP, username: 'e2e.dates.mediator', password: ADMIN_PASSWORD, list: '/app/cases', listItem: 'main table tbody tr', newYorkShot: null },
  ];
  for (const p of viewers) {
    it(`the ${p.who} sees the same dates ${p.where} in Shanghai, UTC and New York`, async () => {
      const seen: string[] = [];
      for (const zone of ZONES) {
        const page = await pages.open(`${p.who} (${zone})`, { viewport: p.viewport, timezoneId: zone });
        await signIn(page, server.base, p.username, p.password);
        const text = await caseText(page);
        expectChinaDays(text, ['filed', 'accepted', 'settled', 'paid']);
        seen.push(text);
        if (zone === 'America/New_York' && p.newYorkShot) await shot(page, p.newYorkShot);

        await page.goto(`${server.base}${p.list}`);
        await page.locator(p.listItem).first().waitFor();
        const list = await page.locator('main').innerText();
        expectChinaDays(list, ['filed']);
      }
      expect(seen[1]).toBe(seen[0]);
      expect(seen[2]).toBe(seen[0]);
      expect(pages.unexpected()).toEqual([]);
    });
  }
});
