/**
 * Legal bases and clock explanations read as a Chinese reader expects: 《劳动争议调解仲裁法》第十四条,
 * 2026年12月21日, ¥5,000.00. A mediation is settled with two instalments; the worker opens
 * "这个日期是怎么算的" on her phone and the mediator opens the referral form at his desk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { validIdNumber } from '../support/ids.js';
import { ADMIN_PASSWORD, DESKTOP, PHONE, type Pages, actOn, chinaTime as at, closeSuite, openSuite, orgWithMediator, randomPhone, settle, shot, signIn, skipBrowser, workerFiles, type E2eServer } from './support.js';

describe.skipIf(skipBrowser)('legal citations and clock explanations on the pages', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  let caseId = '';
  const worker = { phone: randomPhone('136'), password: 'worker-pass-1', name: '韦春兰', idNumber: validIdNumber() };

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite());
    const union = { name: '田阳区那坡镇劳动争议调解委员会', kind: 'union', regionCode: '451003', intakeCode: 'NPZT2026' };
    const { orgId, mediator } = await orgWithMediator(server, union, { username: 'e2e.law.mediator', name: '黄志强' });

    server.setNow(at('2026-11-10T10:00:00'));
    caseId = await workerFiles(server, worker, orgId, {
      category: 'termination',
      description: '经济补偿',
      amountFen: 1_234_550,
      summary: '单位未提前通知解除劳动合同。',
      incidentDate: '2026-10-20',
      respondent: '田阳区那坡镇芒果加工厂',
    });
    server.setNow(at('2026-11-11T10:00:00'));
    await actOn(server, caseId, mediator, 'accept');
    server.setNow(at('2026-11-16T10:00:00'));
    await actOn(server, caseId, mediator, 'settle', {
      agreement: {
        amountFen: 1_234_550,
        terms: '分两期支付经济补偿。',
        instalments: [
          { dueOn: '2026-12-21', amountFen: 500_000 },
          { dueOn: '2027-01-29', amountFen: 734_550 },
        ],
      },
      // Signed on paper at the session: effective, so the referral form offers the court (SPEC §10).
      signedInPerson: true,
    });
    server.setNow(null);
  });

  afterAll(() => closeSuite({ pages, browser, server }));

  async function openExplanations(page: Page): Promise<string> {
    await page.goto(`${server.base}/app/cases/${caseId}`);
    await page.locator('.clocks').first().waitFor();
    await page.locator('details.explain').first().waitFor();
    for (const d of await page.locator('details.explain').all()) await d.evaluate((el) => ((el as HTMLDetailsElement).open = true));
    await settle(page);
    return page.locator('.clocks').first().innerText();
  }

  it('the worker reads each period\'s basis as a Chinese citation and its dates in Chinese form', async () => {
    const page = await pages.open('worker', { viewport: PHONE });
    await signIn(page, server.base, worker.phone, worker.password);
    const text = await openExplanations(page);
    expect(text).toContain('依据：《人民调解法》第三十三条第一款；《民事诉讼法》第二百零五条（自调解协议生效之日起三十日内共同申请）');
    expect(text).toContain('2026年11月16日为起算日，当日不计入');
    expect(text).toContain('依据：调解协议、仲裁裁决或判决确定的履行期限');
    expect(text).toContain('按协议，第1期应于2026年12月21日前支付¥5,000.00');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(/\bart\b|the agreement|counts from|working days/i);
    await shot(page, 'law-worker-explanations-phone');
    expect(pages.unexpected()).toEqual([]);
  });

  it('the mediator\'s referral form names the law of the route chosen', async () => {
    const page = await pages.open('mediator', { viewport: DESKTOP });
    await signIn(page, server.base, 'e2e.law.mediator', ADMIN_PASSWORD);
    await page.goto(`${server.base}/app/cases/${caseId}`);
    await page.locator('button[data-action=refer]').click();
    await page.locator('select[name=kind]').selectOption('confirmation');
    await settle(page);
    const form = await page.locator('form').filter({ has: page.locator('select[name=kind]') }).innerText();
    expect(form).toContain('《人民调解法》第三十三条；《民事诉讼法》第二百零五条（双方自调解协议生效之日起三十日内共同申请）');
    expect(form).not.toMatch(/joint application|\bart\b/i);
    await shot(page, 'law-mediator-refer-desktop');
    expect(pages.unexpected()).toEqual([]);
  });
});
