/**
 * The pages end to end in real Chromium (Debian's /usr/bin/chromium driven by playwright-core),
 * against the real server on the embedded database: a worker scans an intake link and files a
 * claim on a phone → a mediator accepts it, settles it with two instalments and refers it to the
 * court → a court liaison confirms it → the worker sees the confirmation and the next instalment
 * date → the supervisor's closure rate for the organisation moves. Every step checks what the
 * person sees and that the browser logged no error. Screenshots of each page, at phone and
 * desktop sizes, go to tests/e2e/screenshots/ (not committed).
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../src/domain/time.js';
import { validIdNumber } from '../support/ids.js';
import { ADMIN_PASSWORD as PASSWORD, DESKTOP, PHONE, type Pages, SHOTS, closeSuite, openSuite, randomPhone, settle, shotBothSizes, signIn as signInAs, skipBrowser, type E2eServer } from './support.js';

describe.skipIf(skipBrowser)('the pages in Chromium: intake → mediation → confirmation → the worker → the dashboard', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  let base = '';

  const ids = { union: '', court: '', caseId: '' };
  const names = {
    union: '平果市新安社区劳动争议调解室',
    court: '平果市人民法院（测试）',
    employer: '平果市鸿运建材有限公司',
    walkIn: '平果市顺达物流有限公司',
    worker: '黄秀兰',
  };
  const intakeCode = 'XAJD2025';
  const workerPhone = randomPhone('139');
  let firstInstalmentDue = '';

  const api = (method: string, path: string, body?: unknown, token?: string) => server.api(method, path, body, token);

  const open = (who: string, viewport: { width: number; height: number }): Promise<Page> => pages.open(who, { viewport });

  const snap = shotBothSizes;

  /** Opens the case from a workbench queue (after a screenshot of the workbench), showing the actions the API allows. */
  async function takeFromQueue(page: Page, queueName: string, workbenchShot: string) {
    const queue = page.locator(`[data-queue="${queueName}"]`);
    await queue.locator('.queue-item', { hasText: names.employer }).waitFor();
    await snap(page, workbenchShot);
    await queue.locator('.queue-item', { hasText: names.employer }).click();
    await page.waitForURL(new RegExp(ids.caseId));
    await page.locator('.action-buttons').waitFor();
    await expectButtonsAreAllowedActions(page);
  }

  async function accept(page: Page) {
    await page.click('[data-action=accept]');
    await page.getByRole('button', { name: '确认受理' }).click();
    await page.getByText('已受理。').waitFor();
  }

  const signIn = (page: Page, username: string) => signInAs(page, base, username, PASSWORD);
  /** A page of its own for `who`, signed in as `username`. */
  async function signedIn(who: string, username: string, viewport = DESKTOP) {
    const page = await open(who, viewport);
    await signIn(page, username);
    return page;
  }

  /** The action buttons a case page shows, against the case's allowedActions as the API gives them to this person. */
  async function expectButtonsAreAllowedActions(page: Page) {
    const shown = await page.locator('.action-buttons button').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.action).sort());
    const allowed = await page.evaluate(async (id) => {
      const r = await fetch(`/cases/${id}`, { credentials: 'same-origin' });
      return ((await r.json()).allowedActions as string[]).sort();
    }, ids.caseId);
    expect(shown).toEqual(allowed);
  }

  function expectNoProblems() {
    expect(pages.unexpected()).toEqual([]);
  }

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite());
    base = server.base;

    // The organisations and staff, through the API as an administrator would create them.
    const admin = (await api('POST', '/auth/login', { username: 'admin', password: PASSWORD })).token as string;
    ids.union = (await api('POST', '/organizations', { name: names.union, kind: 'union', regionCode: '451023', intakeCode }, admin)).id;
    ids.court = (await api('POST', '/organizations', { name: names.court, kind: 'court', regionCode: '451023' }, admin)).id;
    await api('POST', '/users', { username: 'e2e.mediator', password: PASSWORD, role: 'mediator', name: '韦丽萍', orgId: ids.union }, admin);
    await api('POST', '/users', { username: 'e2e.court', password: PASSWORD, role: 'court_liaison', name: '黄海峰', orgId: ids.court }, admin);
    await api('POST', '/users', { username: 'e2e.supervisor', password: PASSWORD, role: 'supervisor', name: '凌宏', regionCode: '4510' }, admin);
  });

  afterAll(() => closeSuite({ pages, browser, server }));

  it('a mediator logs a back-dated paper case, accepted on the spot, and prints the intake QR code', async () => {
    const page = await signedIn('mediator', 'e2e.mediator');
    await expect.poll(() => page.locator('h1').textContent()).toBe(names.union);
    await page.getByRole('link', { name: '登记现场/纸质申请', exact: true }).click();
    await page.locator('input[value=wages]').check();
    await page.fill('textarea[name="desc.wages"]', '支付2025年工资');
    await page.fill('input[name="amount.0.wages"]', '8000');
    await page.fill('input[name="respondent.name"]', names.walkIn);
    await page.fill('textarea[name=summary]', '申请人来访，称单位拖欠两个月工资。');
    const today = chinaDate(new Date());
    const yesterday = chinaDate(new Date(Date.now() - 86_400_000));
    await page.fill('input[name=incidentDate]', yesterday);
    await page.fill('input[name="applicants.0.name"]', '李明');
    await page.fill('input[name=occurredAt]', `${yesterday}T09:30`);
    await page.locator('input[name=acceptNow]').check();
    await snap(page, 'staff-new-case');
    await page.getByRole('button', { name: '登记案件' }).click();
    await page.getByText('案件已登记。').waitFor();
    await expect.poll(() => page.locator('.step-title').textContent()).toContain('正在调解');
    // The back-dated receipt shows in the timeline with when it was recorded.
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('补录于');
    expect(today >= yesterday).toBe(true);

    await page.getByRole('link', { name: '二维码', exact: true }).click();
    await page.locator('.qr-code svg').waitFor();
    expect(await page.locator('.qr-url').textContent()).toContain(`/i/${intakeCode}`);
    await snap(page, 'staff-qr');
    // What the printer gets: the sign alone, without the menu and the instructions.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.locator('.qr-page .toolbar').isVisible()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'staff-qr-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    expectNoProblems();
  });

  let closureBefore = '';
  it('the supervisor reads the closure rate of the organisation before', async () => {
    const page = await signedIn('supervisor', 'e2e.supervisor');
    const cell = page.locator('tr', { hasText: names.union }).locator('td[data-field=closureRate]');
    await cell.waitFor();
    closureBefore = (await cell.textContent())!.trim();
    expect(closureBefore).toBe('0.0%'); // one case accepted, none concluded
    await page.locator('.chart canvas').first().waitFor();
    await snap(page, 'supervisor-dashboard-before');
    expectNoProblems();
  });

  it('a worker scans the intake link on a phone, registers and files a claim, helped by messages next to the fields', async () => {
    const page = await open('worker', PHONE);
    await page.goto(`${base}/`);
    await page.getByText('劳动争议，先调解').waitFor();
    await snap(page, 'home');

    await page.goto(`${base}/i/${intakeCode}`);
    await expect.poll(() => page.locator('.org-banner h1').textContent()).toBe(names.union);
    await page.getByText('先登录，再填写申请').waitFor();
    await snap(page, 'intake-signed-out');

    await page.getByRole('link', { name: '注册并填写申请', exact: true }).click();
    await page.waitForURL(/\/app\/register/);
    await page.fill('input[name=phone]', workerPhone);
    await page.fill('input[name=name]', names.worker);
    await page.fill('input[name=idNumber]', validIdNumber());
    await page.fill('input[name=password]', PASSWORD);
    await page.fill('input[name=password2]', `${PASSWORD}x`);
    await page.click('form button[type=submit]');
    await page.getByText('两次输入的密码不一样').waitFor();
    await snap(page, 'register');
    await page.fill('input[name=password2]', PASSWORD);
    await page.click('form button[type=submit]');

    // Back at the claim form of the organisation of the QR code, with the worker's details filled in.
    await page.waitForURL(new RegExp(`/i/${intakeCode}$`));
    await expect.poll(() => page.locator('input[name="applicants.0.name"]').inputValue()).toBe(names.worker);
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('请至少选一项').waitFor();
    await page.getByText('请填写单位名称').waitFor();
    await page.getByText('请简单说说发生了什么').waitFor();

    await page.locator('input[value=wages]').check();
    await page.fill('textarea[name="desc.wages"]', '支付2025年3月至5月拖欠的工资');
    await page.fill('input[name="respondent.name"]', names.employer);
    await page.fill('input[name="respondent.creditCode"]', '91451023MA5KXXXX');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('统一社会信用代码应为18位（见营业执照）').waitFor();
    await page.fill('input[name="respondent.creditCode"]', '');
    await page.fill('textarea[name=summary]', '我2023年3月进厂做搬运工，每月工资4000元。今年3月到5月的工资单位一直没发，找了老板几次都说再等等。');
    const incident = chinaDate(new Date(Date.now() - 40 * 86_400_000));
    await page.fill('input[name=incidentDate]', incident);
    // Wages owed to a worker who has left: the year to apply for arbitration runs from the leaving day.
    await page.fill('input[name=employmentEndedOn]', chinaDate(new Date(Date.now() - 30 * 86_400_000)));

    // An amount past what the API accepts: its 400 names the field, shown in Chinese beside it.
    await page.fill('input[name="amount.0.wages"]', '200000000');
    pages.expectError(/status of 400/);
    await page.getByRole('button', { name: '提交申请' }).click();
    const amountField = page.locator('.field', { has: page.locator('input[name="amount.0.wages"]') });
    await expect.poll(() => amountField.locator('.field-error').textContent()).toBe('金额太大，请核对');
    await page.getByText('填写的内容有误，请按提示修改').waitFor();
    await snap(page, 'claim-form-errors');

    await page.fill('input[name="amount.0.wages"]', '12000');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('申请已提交。').waitFor();
    ids.caseId = page.url().match(/\/app\/cases\/([0-9a-f-]{36})/)![1];
    await expect.poll(() => page.locator('.step-title').textContent()).toBe(`等待${names.union}受理调解申请`);
    // The dates that matter to the worker, in plain words.
    await page.locator('[data-clock=mediation]', { hasText: '调解组织应在此日前结束调解' }).waitFor();
    // Applying for mediation interrupted the year to apply for arbitration; the page says so.
    await page.getByText('申请仲裁的时效中断').waitFor();
    await expectButtonsAreAllowedActions(page);
    expect(await page.locator('.action-buttons').textContent()).toContain('撤回我的申请');
    await snap(page, 'worker-case-filed');

    await page.getByRole('link', { name: '我的案件', exact: true }).click();
    await page.locator('.case-card', { hasText: names.employer }).waitFor();
    await snap(page, 'worker-my-cases');
    expectNoProblems();
  });

  it('the mediator accepts the claim from the intake queue, settles it in two instalments and refers it to the court', async () => {
    const page = await signedIn('mediator', 'e2e.mediator');
    await takeFromQueue(page, '调解申请（待受理）', 'staff-workbench');
    await snap(page, 'staff-case-received');

    await accept(page);
    await expect.poll(() => page.locator('.step-title').textContent()).toBe(`${names.union}正在调解`);
    await expectButtonsAreAllowedActions(page);

    await page.click('[data-action=settle]');
    const form = page.locator('form[data-form=settle]');
    expect(await form.locator('input[name="agreement.amountFen"]').inputValue()).toBe('12000');
    await form.locator('textarea[name="agreement.terms"]').fill('被申请人分两期支付拖欠工资共12000元，申请人放弃其他请求。');
    await form.locator('input[aria-label=期数]').fill('2');
    await form.getByRole('button', { name: '生成' }).click();
    await expect.poll(() => form.locator('.instalment').count()).toBe(2);
    firstInstalmentDue = await form.locator('input[name="instalments.0.dueOn"]').inputValue();
    expect(await form.locator('input[name="instalments.1.amount"]').inputValue()).toBe('6000');
    await snap(page, 'staff-settle-form');
    // Both sides sign the paper agreement at the session: effective at once, so it may go to the court (SPEC §10).
    await form.locator('input[name=signedInPerson]').check();
    await form.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('已达成协议。').waitFor();
    await expect.poll(() => page.locator('.instalments-table tbody tr').count()).toBe(2);
    await expect.poll(() => page.locator('.step-title').textContent()).toBe('已达成调解协议');
    await expectButtonsAreAllowedActions(page);

    await page.click('[data-action=refer]');
    const refer = page.locator('form[data-form=refer]');
    await refer.locator('select[name=kind]').selectOption('confirmation');
    await refer.locator(`select[name=toOrgId] option[value="${ids.court}"]`).waitFor({ state: 'attached' });
    await refer.locator('select[name=toOrgId]').selectOption(ids.court);
    await refer.locator('textarea[name=reason]').fill('双方共同申请司法确认');
    await refer.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('已移送/转办。').waitFor();
    await expect.poll(() => page.locator('.step-title').textContent()).toBe(`已申请司法确认，等待${names.court}受理`);
    await snap(page, 'staff-case-referred');
    expectNoProblems();
  });

  it('the court liaison takes the request from the confirmation queue and confirms the agreement', async () => {
    const page = await signedIn('court liaison', 'e2e.court');
    await takeFromQueue(page, '司法确认申请（待受理）', 'court-workbench');

    await accept(page);
    await expect.poll(() => page.locator('.step-title').textContent()).toContain('正在审查调解协议');
    await expectButtonsAreAllowedActions(page);
    await page.click('[data-action=confirm]');
    await page.locator('form[data-form=confirm]').getByRole('button', { name: '确认协议有效' }).click();
    await page.getByText('已确认协议有效。').waitFor();
    await expect.poll(() => page.locator('.step-title').textContent()).toBe('法院已确认调解协议（司法确认）');
    await page.locator('.agreement .badge', { hasText: '已司法确认' }).waitFor();
    await snap(page, 'court-case-confirmed');

    await page.getByRole('link', { name: '委派/立案', exact: true }).click();
    await page.locator(`select[name=orgId] option[value="${ids.union}"]`).waitFor({ state: 'attached' });
    await snap(page, 'court-delegate-form');
    expectNoProblems();
  });

  it('the worker sees the confirmation and the next instalment date', async () => {
    const page = await signedIn('worker', workerPhone, PHONE);
    await page.waitForURL(/\/app\/my$/);
    const card = page.locator('.case-card', { hasText: names.employer });
    await expect.poll(() => card.locator('.case-step').textContent()).toBe('法院已确认调解协议（司法确认）');
    const [y, m, d] = firstInstalmentDue.split('-').map(Number);
    const dueZh = `${y}年${m}月${d}日`;
    await card.locator('[data-clock=performance]', { hasText: '下一期应付款日' }).waitFor();
    expect(await card.locator('[data-clock=performance]').textContent()).toContain(dueZh);
    await snap(page, 'worker-my-cases-confirmed');

    await card.click();
    await page.waitForURL(new RegExp(ids.caseId));
    await expect.poll(() => page.locator('.step-title').textContent()).toBe('法院已确认调解协议（司法确认）');
    await page.getByText('经法院确认的调解协议有强制执行效力').waitFor();
    expect(await page.locator('[data-clock=performance]').textContent()).toContain(dueZh);
    expect(await page.locator('[data-clock=performance]').textContent()).toContain('应付 ¥6,000.00');
    await page.locator('.timeline .ev-confirm', { hasText: '法院确认调解协议（司法确认）' }).waitFor();
    await page.locator('.instalments-table tr.next', { hasText: '下一期' }).waitFor();
    await expectButtonsAreAllowedActions(page);
    await snap(page, 'worker-case-confirmed');
    expectNoProblems();
  });

  it("the supervisor's closure rate for the organisation has moved", async () => {
    const page = await signedIn('supervisor', 'e2e.supervisor');
    const cell = page.locator('tr', { hasText: names.union }).locator('td[data-field=closureRate]');
    await cell.waitFor();
    const after = (await cell.textContent())!.trim();
    expect(after).not.toBe(closureBefore);
    expect(after).toBe('50.0%'); // two accepted, one concluded (settled)
    await page.locator('.kpi-closure .kpi-value').waitFor();
    await page.locator('.chart canvas').first().waitFor();
    // The CSV link carries the same filters.
    const href = await page.getByRole('link', { name: '按机构', exact: true }).getAttribute('href');
    expect(href).toMatch(/^\/stats\/closure\.csv\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d&groupBy=org$/);
    await snap(page, 'supervisor-dashboard-after');

    await page.locator('select[name=orgId]').selectOption(ids.union);
    await expect.poll(() => page.locator('.kpi-closure .kpi-value').textContent()).toBe('50.0%');
    expect(await page.getByRole('link', { name: '按机构', exact: true }).getAttribute('href')).toContain(`orgId=${ids.union}`);
    expectNoProblems();
  });

  it("the administrator's pages: organisations with intake codes, staff accounts, the holiday calendar", async () => {
    const page = await signedIn('admin', 'admin');
    await page.locator('tr', { hasText: names.union }).getByText(intakeCode).waitFor();
    await snap(page, 'admin-organisations');
    await page.getByRole('link', { name: '账号', exact: true }).click();
    await page.locator('tr', { hasText: 'e2e.mediator' }).waitFor();
    await snap(page, 'admin-accounts');
    await page.getByRole('link', { name: '节假日', exact: true }).click();
    await page.locator('textarea[name=notice]').waitFor();
    await snap(page, 'admin-calendar');
    expectNoProblems();
  });
});
