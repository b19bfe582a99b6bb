/**
 * Legal bases and clock explanations read as a Chinese reader expects: 《劳动争议调解仲裁法》第十四条,
 * 2026年12月21日, ¥5,000.00. A mediation is settled with two instalments; the worker opens
 * "这个日期是怎么算的" on her phone and the mediator opens the referral form at his desk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { validIdNumber } from '../support/ids.js';
import { ADMIN_PASSWORD, DESKTOP, PHONE, Pages, launchChromium, settle, shot, signIn, skipBrowser, startServer, type E2eServer } from './support.js';

const at = (chinaWallTime: string) => new Date(`${chinaWallTime}+08:00`);

describe.skipIf(skipBrowser)('legal citations and clock explanations on the pages', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  let caseId = '';
  const worker = { phone: `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, password: 'worker-pass-1' };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    pages = new Pages(browser, server.base);
    const { api } = server;
    const admin = await server.token('admin');
    const union = await api('POST', '/organizations', { name: '田阳区那坡镇劳动争议调解委员会', kind: 'union', regionCode: '451003', intakeCode: 'NPZT2026' }, admin);
    await api('POST', '/users', { username: 'e2e.law.mediator', password: ADMIN_PASSWORD, role: 'mediator', name: '黄志强', orgId: union.id }, admin);
    const mediator = await server.token('e2e.law.mediator', ADMIN_PASSWORD);
    const act = async (action: string, data: Record<string, unknown>) => {
      const { version } = await api('GET', `/cases/${caseId}`, undefined, mediator);
      return api('POST', `/cases/${caseId}/actions`, { action, version, ...data }, mediator);
    };

    server.setNow(at('2026-11-10T10:00:00'));
    const idNumber = validIdNumber();
    const registered = await api('POST', '/auth/register', { phone: worker.phone, password: worker.password, name: '韦春兰', idNumber });
    const filed = await api(
      'POST',
      '/cases',
      {
        orgId: union.id,
        categories: ['termination'],
        summary: '单位未提前通知解除劳动合同。',
        incidentDate: '2026-10-20',
        applicants: [{ name: '韦春兰', idNumber, phone: worker.phone, claims: [{ category: 'termination', description: '经济补偿', amountFen: 1_234_550 }] }],
        respondent: { name: '田阳区那坡镇芒果加工厂' },
      },
      registered.token,
    );
    caseId = filed.id;
    server.setNow(at('2026-11-11T10:00:00'));
    await act('accept', {});
    server.setNow(at('2026-11-16T10:00:00'));
    await act('settle', {
      agreement: {
        amountFen: 1_234_550,
        terms: '分两期支付经济补偿。',
        instalments: [
          { dueOn: '2026-12-21', amountFen: 500_000 },
          { dueOn: '2027-01-29', amountFen: 734_550 },
        ],
      },
    });
    server.setNow(null);
  });

  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await server?.close();
  });

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
