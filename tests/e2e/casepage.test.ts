/**
 * The case page and its action forms in Chromium (issue 20): a mediator assigns a colleague by
 * name; a 409 keeps what was typed, says why, and a reload and resubmission go through; form
 * problems are shown once, at the bad field, where the eye is; a withdrawn case says so; a session
 * of a settled mediation is not "coming"; on a worker's phone the arbitration commission's own
 * deadline is shown as the commission's, not in the colours that ask her to act; a court records
 * its ruling's number and date. Organisations, people and cases are made through the API;
 * screenshots go to tests/e2e/screenshots/casepage-*.png.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../src/domain/time.js';
import { validIdNumber } from '../support/ids.js';
import { ADMIN_PASSWORD, DESKTOP, LATIN_ALLOWED, PHONE, type Pages, SHOTS, actOn, closeSuite, openSuite, randomPhone, settle, shot, signIn, skipBrowser, type E2eServer } from './support.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- API answers are read field by field */

const NAMES = { union: '平果市江滨社区劳动争议调解室', commission: '平果市劳动人事争议仲裁委员会（测试）', court: '平果市人民法院（测试）' };
const INTAKE = 'JBSQ2026';
const PASSWORD = ADMIN_PASSWORD;

describe.skipIf(skipBrowser)('the case page and its forms', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  const ids = { union: '', commission: '', court: '', colleague: '', mediator: '' };
  const tokens = { mediator: '', colleague: '', court: '', worker: '' };
  const worker = { phone: randomPhone('137'), name: '罗美玲', idNumber: validIdNumber() };
  /** Case A: a walk-in mediation, accepted on the spot; assigned, then changed under an open form. */
  let caseA = '';

  const api = (method: string, path: string, body?: unknown, token?: string) => server.api(method, path, body, token);
  const act = (token: string, caseId: string, action: string, data: Record<string, unknown> = {}) => actOn(server, caseId, token, action, data);
  /** A walk-in case logged by the mediator and accepted on the spot. */
  async function walkIn(respondent: string): Promise<string> {
    const c = await api(
      'POST',
      '/cases',
      {
        orgId: ids.union,
        categories: ['wages'],
        summary: '申请人来访，称单位拖欠工资。',
        incidentDate: '2026-01-05',
        applicants: [{ name: '李明', claims: [{ category: 'wages', description: '支付拖欠工资', amountFen: 1_234_500 }] }],
        respondent: { name: respondent },
        acceptNow: true,
      },
      tokens.mediator,
    );
    return c.id;
  }
  /** An online claim by the worker. */
  async function online(orgId: string, respondent: string): Promise<string> {
    const c = await api(
      'POST',
      '/cases',
      {
        orgId,
        categories: ['wages'],
        summary: '单位拖欠三个月工资。',
        incidentDate: '2026-01-05',
        applicants: [{ name: worker.name, idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '支付拖欠工资', amountFen: 900_000 }] }],
        respondent: { name: respondent },
      },
      tokens.worker,
    );
    return c.id;
  }
  async function staffPage(who: 'mediator' | 'court', caseId: string): Promise<Page> {
    const page = await pages.open(who, { viewport: DESKTOP });
    await signIn(page, server.base, who === 'mediator' ? 'e2e.cp.mediator' : 'e2e.cp.court', PASSWORD);
    await page.goto(`${server.base}/app/cases/${caseId}`);
    await page.locator('.case-head h1').waitFor();
    return page;
  }
  /** Latin words on the page, every "how was this date reached" opened, other than the case number (which carries the intake code). */
  async function latinWords(page: Page, number: string): Promise<string[]> {
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const text = (await page.locator('main').innerText()).split(number).join(' ');
    return (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !LATIN_ALLOWED.has(w));
  }
  const viewportShot = async (page: Page, name: string) => {
    await settle(page);
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  };

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite());
    const admin = await server.token('admin');
    ids.union = (await api('POST', '/organizations', { name: NAMES.union, kind: 'union', regionCode: '451023', intakeCode: INTAKE }, admin)).id;
    ids.commission = (await api('POST', '/organizations', { name: NAMES.commission, kind: 'arbitration_commission', regionCode: '451023' }, admin)).id;
    ids.court = (await api('POST', '/organizations', { name: NAMES.court, kind: 'court', regionCode: '451023' }, admin)).id;
    ids.mediator = (await api('POST', '/users', { username: 'e2e.cp.mediator', password: PASSWORD, role: 'mediator', name: '韦丽萍', orgId: ids.union }, admin)).id;
    ids.colleague = (await api('POST', '/users', { username: 'e2e.cp.colleague', password: PASSWORD, role: 'mediator', name: '陈小燕', orgId: ids.union }, admin)).id;
    await api('POST', '/users', { username: 'e2e.cp.court', password: PASSWORD, role: 'court_liaison', name: '黄海峰', orgId: ids.court }, admin);
    tokens.mediator = await server.token('e2e.cp.mediator', PASSWORD);
    tokens.colleague = await server.token('e2e.cp.colleague', PASSWORD);
    tokens.court = await server.token('e2e.cp.court', PASSWORD);
    tokens.worker = (await api('POST', '/auth/register', { phone: worker.phone, password: PASSWORD, name: worker.name, idNumber: worker.idNumber })).token;
    caseA = await walkIn('平果市鸿运建材有限公司');
  });

  afterAll(() => closeSuite({ pages, browser, server }));

  it('a mediator assigns a colleague by choosing her name; the case then names its handler', async () => {
    const page = await staffPage('mediator', caseA);
    await page.click('[data-action=assign]');
    const select = page.locator('[data-form=assign] select[name=userId]');
    const labels = await select.locator('option').allInnerTexts();
    expect(labels).toEqual(['请选择', '陈小燕', '韦丽萍（我）']);
    // No one handles it yet: taking it oneself is offered first.
    expect(await select.inputValue()).toBe(ids.mediator);
    await expect.poll(() => page.locator('[data-form=assign]').innerText()).toContain('目前还没有指派承办人');
    await select.selectOption({ label: '陈小燕' });
    await shot(page, 'casepage-assign-desktop');
    await page.click('[data-form=assign] button[type=submit]');
    await page.getByText('已指派承办人。').waitFor();
    await expect.poll(() => page.locator('[data-handler]').innerText()).toBe('承办人：陈小燕');
    await expect.poll(() => page.locator('.timeline').innerText()).toContain('承办人：陈小燕');
    expect((await api('GET', `/cases/${caseA}`, undefined, tokens.mediator)).proceedings[0].assignedUserId).toBe(ids.colleague);

    // The current handler is marked in the list, and choosing her again is caught before sending.
    await page.click('[data-action=assign]');
    expect(await select.locator('option').allInnerTexts()).toEqual(['请选择', '陈小燕（现承办人）', '韦丽萍（我）']);
    await expect.poll(() => page.locator('[data-form=assign]').innerText()).toContain('现承办人：陈小燕');
    await select.selectOption({ label: '陈小燕（现承办人）' });
    await page.click('[data-form=assign] button[type=submit]');
    await expect.poll(() => page.locator('[data-form=assign] .field-error').innerText()).toBe('这位已经是现承办人');
    expect(await latinWords(page, (await api('GET', `/cases/${caseA}`, undefined, tokens.mediator)).number)).toEqual([]);
    expect(pages.unexpected()).toEqual([]);
  });

  it('a 409 keeps the open form and what was typed, says why, and a reload then a resubmission go through', async () => {
    const page = await staffPage('mediator', caseA);
    const typed = '已电话联系被申请人，约定下周一来调解室协商。';
    await page.click('[data-action=note]');
    await page.fill('[data-form=note] textarea[name=text]', typed);
    // Meanwhile a colleague schedules a session on the same case.
    const sessionAt = new Date(Date.now() + 3 * 86_400_000);
    await act(tokens.colleague, caseA, 'schedule', { at: sessionAt.toISOString(), place: '调解室一' });

    pages.expectError(/409/);
    await page.click('[data-form=note] button[type=submit]');
    const notice = page.locator('[data-form=note] .conflict');
    await expect.poll(() => notice.innerText()).toContain('这个案件刚被其他人更新了');
    expect(await notice.innerText()).toContain('你填写的内容都还在');
    expect(await page.locator('[data-form=note] textarea[name=text]').inputValue()).toBe(typed);
    expect(await page.locator('[data-form=note] button[type=submit]').isDisabled()).toBe(true);
    // The way out is where the eye is, and focused.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('刷新案件（保留填写的内容）');
    await shot(page, 'casepage-conflict-desktop');

    await page.getByRole('button', { name: '刷新案件（保留填写的内容）' }).click();
    await expect.poll(() => notice.innerText()).toContain('已刷新为案件的最新情况，你填写的内容还在。');
    // What came first, and who did it.
    expect(await notice.innerText()).toContain('安排调解/开庭 · 陈小燕');
    expect(await page.locator('[data-form=note] textarea[name=text]').inputValue()).toBe(typed);
    // The page shows the change that came first.
    await expect.poll(() => page.locator('.step').innerText()).toContain('下次调解');
    await shot(page, 'casepage-conflict-reloaded-desktop');

    await page.click('[data-form=note] button[type=submit]');
    await page.getByText('已添加备注。').waitFor();
    await expect.poll(() => page.locator('.timeline').innerText()).toContain(typed);
    const events = (await api('GET', `/cases/${caseA}/events`, undefined, tokens.mediator)).items;
    expect(events.map((e: any) => e.action).slice(-2)).toEqual(['schedule', 'note']);
    expect(pages.unexpected()).toEqual([]);
  });

  it('the claim form brings "choose at least one" into view on a phone and focuses the first choice', async () => {
    const page = await pages.open('worker', { viewport: PHONE });
    await signIn(page, server.base, worker.phone, PASSWORD);
    await page.goto(`${server.base}/i/${INTAKE}`);
    await page.getByRole('button', { name: '提交申请' }).click();
    const where = await page.evaluate(() => {
      const e = document.getElementById('categories-error')!.getBoundingClientRect();
      const bar = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
      return { top: e.top, bottom: e.bottom, bar, height: window.innerHeight, focused: (document.activeElement as HTMLInputElement | null)?.value };
    });
    expect(await page.locator('#categories-error').innerText()).toBe('请至少选一项');
    expect(where.top).toBeGreaterThanOrEqual(where.bar);
    expect(where.bottom).toBeLessThanOrEqual(where.height);
    expect(where.focused).toBe('wages');
    await viewportShot(page, 'casepage-choose-one-phone');
    expect(pages.unexpected()).toEqual([]);
  });

  it('one bad instalment marks only that instalment; the sum is checked once the instalments read well', async () => {
    const caseB = await walkIn('平果市顺达物流有限公司');
    const page = await staffPage('mediator', caseB);
    await page.click('[data-action=settle]');
    const form = page.locator('[data-form=settle]');
    await form.locator('input[name="agreement.amountFen"]').fill('10000');
    await form.locator('textarea[name="agreement.terms"]').fill('被申请人分三期支付拖欠工资。');
    await form.locator('input[aria-label=期数]').fill('3');
    await form.getByRole('button', { name: '生成' }).click();
    await form.locator('input[name="instalments.1.amount"]').fill('三千');
    await form.locator('button[type=submit]').click();

    await expect.poll(() => form.locator('.instalments [aria-invalid=true]').count()).toBe(1);
    expect(await form.locator('.instalments [aria-invalid=true]').getAttribute('name')).toBe('instalments.1.amount');
    expect(await form.locator('.instalment.bad').count()).toBe(1);
    expect(await form.locator('[data-instalments-total]').count()).toBe(0);
    const border = (name: string) => form.locator(`input[name="${name}"]`).evaluate((e) => getComputedStyle(e).borderTopColor);
    expect(await border('instalments.1.amount')).not.toBe(await border('instalments.0.amount'));
    expect(await border('instalments.0.amount')).toBe(await border('instalments.2.amount'));
    expect(await border('instalments.0.dueOn')).toBe(await border('instalments.2.dueOn'));
    expect(await form.locator('.instalment.bad .field-error').innerText()).toBe('第2期：请填写金额，如 3000 或 3000.50');
    await shot(page, 'casepage-instalment-desktop');

    // Read as amounts, the three no longer add up: one message, under the list, no row marked.
    await form.locator('input[name="instalments.1.amount"]').fill('3000');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('[data-instalments-total]').innerText()).toBe('各期合计 ¥9,666.67，与协议总额 ¥10,000.00 不一致');
    expect(await form.locator('.instalments [aria-invalid=true]').count()).toBe(0);
    expect(await form.locator('.has-error .instalments').count()).toBe(0);
    expect(pages.unexpected()).toEqual([]);
  });

  it('an overpayment is said once, at the amount, with thousands separators', async () => {
    const caseC = await walkIn('平果市恒达机械厂');
    await act(tokens.mediator, caseC, 'settle', { agreement: { amountFen: 1_234_500, terms: '一次付清。' }, signedInPerson: true });
    const page = await staffPage('mediator', caseC);
    await page.click('[data-action=record_payment]');
    const form = page.locator('[data-form=record_payment]');
    await form.locator('input[name=amountFen]').fill('20000');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('.field-error').allInnerTexts()).toEqual(['超过了尚未支付的¥12,345.00']);
    const text = await page.locator('main').innerText();
    expect(text.split('超过了尚未支付').length - 1).toBe(1);
    expect(await form.locator('input[name=amountFen]').evaluate((e) => e === document.activeElement)).toBe(true);
    await shot(page, 'casepage-overpayment-desktop');
    // The referral form, with the legal basis of each next step, and the explained dates: Chinese only.
    await page.click('[data-action=refer]');
    await page.locator('[data-form=refer] select[name=kind]').selectOption('confirmation');
    expect(await latinWords(page, (await api('GET', `/cases/${caseC}`, undefined, tokens.mediator)).number)).toEqual([]);
    await shot(page, 'casepage-refer-desktop');
    expect(pages.unexpected()).toEqual([]);
  });

  it('staff read a staff line for a claim waiting for them; once withdrawn, the case says 已撤回 to the worker', async () => {
    const caseW = await online(ids.union, '平果市新世纪超市');
    const staff = await staffPage('mediator', caseW);
    const step = await staff.locator('.step').innerText();
    expect(step).toContain('待受理：请尽快决定是否受理');
    expect(step).not.toContain('工作人员会联系你');
    expect(await staff.locator('[data-case-badge]').innerText()).toBe('待受理');

    await act(tokens.worker, caseW, 'withdraw', { reason: '单位已经付钱了' });
    const page = await pages.open('worker', { viewport: PHONE });
    await signIn(page, server.base, worker.phone, PASSWORD);
    await page.goto(`${server.base}/app/cases/${caseW}`);
    await expect.poll(() => page.locator('[data-case-badge]').innerText()).toBe('已撤回');
    expect(await page.locator('.case-head').innerText()).not.toContain('进行中');
    // Her own last day to apply for arbitration keeps the colours of a date that is hers.
    const own = page.locator('[data-clock=limitation]');
    expect(await own.innerText()).toContain('申请仲裁的最后一日');
    expect(await own.getAttribute('class')).toBe('clock tone-running');
    await shot(page, 'casepage-withdrawn-phone');
    // The worker's list says the same.
    await page.goto(`${server.base}/app`);
    const card = page.locator('.case-card', { hasText: '平果市新世纪超市' });
    await expect.poll(() => card.locator('.badge').first().innerText()).toBe('已撤回');
    expect(pages.unexpected()).toEqual([]);
  });

  it('a session scheduled before the settlement is not listed as coming; one on an open case is', async () => {
    const caseS = await walkIn('平果市宏达装饰公司');
    await act(tokens.mediator, caseS, 'schedule', { at: new Date(Date.now() + 2 * 86_400_000).toISOString(), place: '调解室二' });
    await act(tokens.mediator, caseS, 'settle', { agreement: { amountFen: 500_000, terms: '当场付清。' } });
    const page = await staffPage('mediator', caseS);
    expect(await page.locator('.step').innerText()).not.toContain('下次调解');
    expect(await page.locator('[data-hearing=coming]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-hearing=off]').innerText()).toContain('不再举行');
    await shot(page, 'casepage-session-after-settlement-desktop');

    // Case A's session (its mediation still open) is coming, and said so.
    await page.goto(`${server.base}/app/cases/${caseA}`);
    await expect.poll(() => page.locator('[data-hearing=coming]').innerText()).toContain('即将进行');
    expect(await page.locator('.step').innerText()).toContain('下次调解');
    expect(pages.unexpected()).toEqual([]);
  });

  it("on a worker's phone the commission's acceptance deadline is the commission's, not an orange call to act", async () => {
    // Filed a week ago, so the commission's five working days are (nearly) up.
    server.setNow(new Date(Date.now() - 7 * 86_400_000));
    const caseR = await online(ids.commission, '平果市富民食品厂');
    server.setNow(null);
    const clocks = (await api('GET', `/cases/${caseR}`, undefined, tokens.worker)).clocks as any[];
    const acceptance = clocks.find((k) => k.kind === 'arbitration_acceptance');
    expect(acceptance.dueSoon || acceptance.status === 'breached').toBe(true);

    const page = await pages.open('worker', { viewport: PHONE });
    await signIn(page, server.base, worker.phone, PASSWORD);
    await page.goto(`${server.base}/app/cases/${caseR}`);
    const clock = page.locator('[data-clock=arbitration_acceptance]');
    await expect.poll(() => clock.innerText()).toContain('仲裁委应在此日前决定是否受理');
    expect(await clock.innerText()).toContain('办理机构的期限');
    expect(await clock.innerText()).not.toMatch(/即将到期|已超期/);
    const colours = await clock.evaluate((e) => ({ border: getComputedStyle(e).borderLeftColor, days: getComputedStyle(e.querySelector('.days')!).color }));
    const ORANGE = 'rgb(180, 83, 9)';
    const RED = 'rgb(185, 28, 28)';
    for (const c of Object.values(colours)) expect([ORANGE, RED]).not.toContain(c);
    // The step says by when the commission must decide, and nothing about staff calling.
    expect(await page.locator('.step').innerText()).toMatch(/仲裁委应在\d{4}年\d{1,2}月\d{1,2}日前决定是否受理/);
    await shot(page, 'casepage-agency-deadline-phone');
    expect(await latinWords(page, (await api('GET', `/cases/${caseR}`, undefined, tokens.worker)).number)).toEqual([]);
    expect(pages.unexpected()).toEqual([]);
  });

  it("a court records its ruling's number and date when it confirms; the page and the timeline show them", async () => {
    const caseJ = await walkIn('平果市金源矿业有限公司');
    await act(tokens.mediator, caseJ, 'settle', { agreement: { amountFen: 800_000, terms: '分两期支付。' }, signedInPerson: true });
    await act(tokens.mediator, caseJ, 'refer', { toOrgId: ids.court, kind: 'confirmation', reason: '双方共同申请司法确认' });
    const page = await staffPage('court', caseJ);
    // The receiving desk reads by when it must decide (the hand-off's three working days).
    await expect.poll(() => page.locator('.step').innerText()).toMatch(/待受理：请在\d{4}年\d{1,2}月\d{1,2}日前决定是否受理。/);
    await act(tokens.court, caseJ, 'accept');
    await page.reload();
    await page.click('[data-action=confirm]');
    const form = page.locator('[data-form=confirm]');
    await form.locator('input[name=rulingNumber]').fill('桂1023民特88');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('.field-error').innerText()).toBe('案号格式不对，应如（2026）桂1023民特123号');
    const year = chinaDate(new Date()).slice(0, 4);
    const today = chinaDate(new Date());
    await form.locator('input[name=rulingNumber]').fill(`(${year})桂1023民特88号`);
    await form.locator('input[name=rulingDate]').fill(today);
    await shot(page, 'casepage-ruling-form-desktop');
    await form.locator('button[type=submit]').click();
    await page.getByText('已确认协议有效。').waitFor();
    const [y, m, d] = today.split('-').map(Number);
    const expected = `裁定书（${year}）桂1023民特88号，${y}年${m}月${d}日作出`;
    await expect.poll(() => page.locator('[data-ruling]').innerText()).toBe(expected);
    await expect.poll(() => page.locator('.timeline').innerText()).toContain(expected);
    expect(await page.locator('[data-confirmed-by]').innerText()).toContain(expected);
    await shot(page, 'casepage-ruling-desktop');
    const last = (await api('GET', `/cases/${caseJ}/events`, undefined, tokens.court)).items.at(-1);
    expect(last.data).toMatchObject({ rulingNumber: `（${year}）桂1023民特88号`, rulingDate: today });
    expect(pages.unexpected()).toEqual([]);
  });
});
