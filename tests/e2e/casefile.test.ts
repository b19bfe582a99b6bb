/**
 * The case file in Chromium (SPEC §9): on her phone a worker photographs her wage slip into her
 * case (上传证据) and sees it as a preview; a file named .pdf that is not one is refused in plain
 * Chinese; the mediator at the desk sees it, adds an internal record the worker never sees, and
 * withdraws a wrong upload, which leaves the worker's list. Screenshots go to
 * tests/e2e/screenshots/casefile-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validIdNumber } from '../support/ids.js';
import { ADMIN_PASSWORD, DESKTOP, PHONE, type Pages, closeSuite, openSuite, orgWithMediator, randomPhone, settle, shot, signIn, skipBrowser, workerFiles, type E2eServer } from './support.js';

describe.skipIf(skipBrowser)('the case file on the case page', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  let caseId = '';
  let secondId = '';
  let mediatorToken = '';
  const worker = { phone: randomPhone('135'), password: ADMIN_PASSWORD, name: '韦小芳', idNumber: validIdNumber() };
  /** A real picture to upload: a wage slip drawn by the browser itself. */
  let slip: Buffer;

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite());
    const made = await orgWithMediator(server, { name: '田东县劳动争议调解中心', kind: 'mediation_center', regionCode: '451022' }, { username: 'e2e_file_med', name: '黄调解员' });
    mediatorToken = made.mediator;
    await server.api('POST', '/users', { username: 'e2e_file_colleague', password: ADMIN_PASSWORD, name: '农调解员', role: 'mediator', orgId: made.orgId }, await server.token('admin'));
    caseId = await workerFiles(server, worker, made.orgId, {
      category: 'wages',
      description: '2026年8月至10月工资',
      amountFen: 1_260_000,
      summary: '公司拖欠三个月工资未付。',
      incidentDate: '2026-10-31',
      respondent: '田东某食品有限公司',
    });
    // Her second claim against the same employer (a month's wages more): a possible duplicate of the first.
    const { token } = await server.api('POST', '/auth/login', { username: worker.phone, password: worker.password });
    secondId = (
      await server.api(
        'POST',
        '/cases',
        {
          orgId: made.orgId,
          categories: ['wages'],
          summary: '又拖欠了十一月工资。',
          incidentDate: '2026-11-30',
          applicants: [{ name: worker.name, idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '2026年11月工资', amountFen: 420_000 }] }],
          respondent: { name: '田东某食品有限公司' },
        },
        token,
      )
    ).id;
    const draw = await browser.newPage({ viewport: { width: 360, height: 220 } });
    await draw.setContent(
      '<body style="margin:0;font:16px sans-serif;background:#fff"><div style="padding:16px;border:2px solid #333;height:184px">' +
        '<b>工资条 2026年10月</b><p>姓名：韦小芳</p><p>应发：4,200.00 元　实发：0.00 元</p></div></body>',
    );
    slip = await draw.screenshot();
    await draw.close();
  }, 120_000);
  afterAll(() => closeSuite({ pages, browser, server }));

  async function openCase(page: Page) {
    await page.goto(`${server.base}/app/cases/${caseId}`);
    await page.waitForSelector('section.case-file');
    await settle(page);
  }

  it('the worker adds her wage slip from the phone and sees it as a picture', async () => {
    const page = await pages.open('worker', { viewport: PHONE });
    await signIn(page, server.base, worker.phone, worker.password);
    await openCase(page);
    const card = page.locator('section.case-file');
    await card.locator('select').selectOption('wage_record');
    await card.locator('input[type=file]:not([capture])').setInputFiles({ name: '工资条10月.png', mimeType: 'image/png', buffer: slip });
    await expect.poll(() => card.locator('.help').first().textContent()).toContain('工资条10月.png');
    await card.locator('button[type=submit]').click();
    await card.locator('[role=status]').waitFor();
    const item = card.locator('li[data-file=wage_record]');
    await expect.poll(() => item.count()).toBe(1);
    // The preview is the picture itself, loaded through the signed-in session.
    await expect.poll(() => item.locator('img.thumb').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(360);
    expect(await item.textContent()).toContain('工资记录');
    await shot(page, 'casefile-worker-phone');

    // A web page saved with a .pdf name is not a PDF: refused, in her language, and nothing added.
    pages.expectError(/415/);
    await card.locator('input[type=file]:not([capture])').setInputFiles({ name: '劳动合同.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!doctype html><p>not a pdf</p>') });
    await card.locator('button[type=submit]').click();
    await card.locator('.error-box, [role=alert]').first().waitFor();
    expect(await card.textContent()).toContain('只能上传 PDF、JPG、PNG 或 WebP 格式的文件');
    expect(await card.locator('ul.files > li').count()).toBe(1);
  });

  it('the mediator sees it, keeps a record internal, and withdraws a wrong upload', async () => {
    const page = await pages.open('mediator', { viewport: DESKTOP });
    await signIn(page, server.base, 'e2e_file_med', ADMIN_PASSWORD);
    await openCase(page);
    const card = page.locator('section.case-file');
    await expect.poll(() => card.locator('li[data-file=wage_record] img.thumb').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(360);
    await card.locator('select').selectOption('other');
    await card.locator('input[type=file]:not([capture])').setInputFiles({ name: '电话记录.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await card.getByLabel('仅内部可见').check();
    await card.locator('button[type=submit]').click();
    await card.locator('[role=status]').waitFor();
    await expect.poll(() => card.locator('li[data-file=other]').textContent()).toContain('仅内部可见');

    // The worker's slip was uploaded to the wrong case, say: withdrawn with a reason.
    const slipItem = card.locator('li[data-file=wage_record]');
    await slipItem.getByRole('button', { name: '撤回' }).click();
    await slipItem.getByLabel('撤回原因').fill('与本案无关');
    await slipItem.getByRole('button', { name: '确认撤回' }).click();
    await expect.poll(() => slipItem.textContent()).toContain('已撤回：与本案无关');
    // The timeline follows: both the upload and the withdrawal are on it without a reload.
    await expect.poll(() => page.locator('.timeline, ol.events, section:has(h2:text("办理经过"))').first().textContent()).toContain('撤回材料');
    await shot(page, 'casefile-mediator-desktop');
  });

  it('the workbench flags the second claim in the intake queue and shares it out in one step', async () => {
    const page = await pages.open('mediator, workbench', { viewport: DESKTOP });
    await signIn(page, server.base, 'e2e_file_med', ADMIN_PASSWORD);
    await page.goto(`${server.base}/app`);
    const second = await server.api('GET', `/cases/${secondId}`, undefined, mediatorToken);
    const item = page.locator('ul.queue > li', { has: page.locator(`text=${second.number}`) }).first();
    await expect.poll(() => item.locator('[data-duplicate-flag]').count()).toBe(1);
    await item.locator('select').selectOption({ label: '农调解员' });
    await item.getByRole('button', { name: '指派' }).click();
    await expect.poll(() => item.locator('label').textContent()).toContain('承办人：农调解员');
    // The centre's workload follows: one fewer unassigned, one for her colleague.
    await expect.poll(() => page.locator('.workload tr', { hasText: '农调解员' }).locator('td[data-label=在办]').textContent()).toBe('1');
    await shot(page, 'casefile-workbench-desktop');
    expect((await server.api('GET', `/cases/${secondId}`, undefined, mediatorToken)).proceedings[0].assignedUserId).toBeTruthy();

    const colleague = await pages.open('colleague', { viewport: PHONE });
    await signIn(colleague, server.base, 'e2e_file_colleague', ADMIN_PASSWORD);
    await colleague.goto(`${server.base}/app`);
    await expect.poll(() => colleague.locator('[data-assigned-to-me]').textContent()).toContain(second.number);
  });

  it('the mediator sees the second claim flagged as a possible duplicate, with the employer’s other dispute', async () => {
    const page = await pages.open('mediator, second case', { viewport: DESKTOP });
    await signIn(page, server.base, 'e2e_file_med', ADMIN_PASSWORD);
    await page.goto(`${server.base}/app/cases/${secondId}`);
    const first = await server.api('GET', `/cases/${caseId}`, undefined, mediatorToken);
    await expect.poll(() => page.locator('[data-possible-duplicates]').textContent()).toContain(first.number);
    await expect.poll(() => page.locator('[data-employer-history]').textContent()).toContain(first.number);
    await shot(page, 'casefile-duplicate-desktop');
    // Not a duplicate: a later month's wages. Said once, the warning goes.
    await page.click('[data-action=not_duplicate]');
    await page.locator('[data-form=not_duplicate] button[type=submit]').click();
    await expect.poll(() => page.locator('[data-possible-duplicates]').count()).toBe(0);
  });

  it('the worker no longer sees the withdrawn file, nor the internal one', async () => {
    const page = await pages.open('worker again', { viewport: PHONE });
    await signIn(page, server.base, worker.phone, worker.password);
    await openCase(page);
    const files = await server.api('GET', `/cases/${caseId}/files`, undefined, mediatorToken);
    expect(files.items).toHaveLength(2);
    await expect.poll(() => page.locator('section.case-file').textContent()).toContain('还没有材料');
    expect(pages.unexpected()).toEqual([]);
  });
});
