/**
 * Searching cases in Chromium (issue 19): the box in the frame of every staff page opens the case
 * list with the search; a name finds the person whose name it is before those whose names contain
 * it, and nothing of another organisation; a phone typed with spaces finds its case without the
 * page ever showing the number; a mistyped ID number and a string of symbols are explained in
 * Chinese before anything is sent; a supervisor searches from the dashboard, on a phone too.
 * Screenshots at phone and desktop sizes go to tests/e2e/screenshots/search-*.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/domain/identity.js';
import { caseBody } from '../support/app.js';
import { ADMIN_PASSWORD as PASSWORD, LATIN_ALLOWED, PHONE, type Pages, axeProblems, closeSuite, openSuite, shotBothSizes, signIn as signInAs, skipBrowser, type E2eServer } from './support.js';

const PHONE_NO = '13912340001';
const first17 = '45102319900307123';
const ID = first17 + idNumberCheckChar(first17);
const WRONG_ID = first17 + (idNumberCheckChar(first17) === '1' ? '2' : '1');

describe.skipIf(skipBrowser)('searching cases in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  let base = '';
  const numbers = { li: '', liGuang: '', wang: '', other: '' };

  const signIn = (page: Page, username: string, landing: string) => signInAs(page, base, username, PASSWORD, landing);
  /** The case numbers in the list, top to bottom. */
  const listed = (page: Page) => page.$$eval('.cases-table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent?.trim() ?? ''));
  /** Latin words a person can read on the page that are neither allowed words nor case numbers. */
  const latin = (page: Page) =>
    page.evaluate((allowed) => {
      const texts = [document.body.innerText, ...Array.from(document.querySelectorAll('[placeholder],[aria-label]')).flatMap((e) => [e.getAttribute('placeholder') ?? '', e.getAttribute('aria-label') ?? ''])];
      const words = texts.join(' ').replace(/[A-Z0-9]{4,12}-\d{4}-\d{5}/g, ' ').match(/[A-Za-z]{2,}/g) ?? [];
      return words.filter((w) => !allowed.includes(w));
    }, [...LATIN_ALLOWED]);
  const searchFromFrame = async (page: Page, q: string) => {
    await page.fill('.topsearch input', q);
    await page.press('.topsearch input', 'Enter');
    await page.waitForURL((u) => u.pathname === '/app/cases' && u.searchParams.get('q') === q);
  };
  const searchInList = async (page: Page, q: string) => {
    await page.fill('.searchbar input[type=search]', q);
    await page.press('.searchbar input[type=search]', 'Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === q);
  };

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite());
    base = server.base;
    const admin = await server.token('admin');
    const union = (await server.api('POST', '/organizations', { name: '平果市总工会劳动争议调解委员会', kind: 'union', regionCode: '451023', intakeCode: 'PGSS' }, admin)).id;
    const other = (await server.api('POST', '/organizations', { name: '南宁市兴宁区劳动争议调解中心', kind: 'township_center', regionCode: '450102', intakeCode: 'NNXN' }, admin)).id;
    await server.api('POST', '/users', { username: 'e2e.search.mediator', password: PASSWORD, role: 'mediator', name: '韦丽萍', orgId: union }, admin);
    await server.api('POST', '/users', { username: 'e2e.search.other', password: PASSWORD, role: 'mediator', name: '黄海峰', orgId: other }, admin);
    await server.api('POST', '/users', { username: 'e2e.search.supervisor', password: PASSWORD, role: 'supervisor', name: '凌宏', regionCode: '45' }, admin);
    const claims = [{ category: 'wages', description: '拖欠三个月工资', amountFen: 1_500_000 }];
    const file = async (username: string, orgId: string, applicant: Record<string, unknown>, respondent: string) =>
      (await server.api('POST', '/cases', caseBody(orgId, { applicants: [{ ...applicant, claims }], respondent: { name: respondent } }), await server.token(username))).number as string;
    numbers.li = await file('e2e.search.mediator', union, { name: '李四', phone: PHONE_NO, idNumber: ID }, '平果某建筑有限公司');
    numbers.liGuang = await file('e2e.search.mediator', union, { name: '李四光' }, '平果市宏达建材有限公司');
    numbers.wang = await file('e2e.search.mediator', union, { name: '王五' }, '平果铝业配套厂');
    numbers.other = await file('e2e.search.other', other, { name: '李四' }, '南宁某餐饮有限公司');
  });
  afterAll(() => closeSuite({ pages, browser, server }));

  it('a mediator searches from the workbench: the name itself first, then names containing it, only her own organisation’s', async () => {
    const page = await pages.open('mediator');
    await signIn(page, 'e2e.search.mediator', '/app/work');
    await searchFromFrame(page, '李四');
    await page.waitForSelector('.cases-table');
    expect(await listed(page)).toEqual([numbers.li, numbers.liGuang]);
    await expect(page.textContent('main')).resolves.toContain('按相符程度排列');
    // The list's own box holds the search, and the frame's box is not there twice.
    expect(await page.inputValue('.searchbar input[type=search]')).toBe('李四');
    expect(await page.$('.topsearch')).toBeNull();
    expect(await latin(page)).toEqual([]);
    expect(await axeProblems(page)).toEqual([]);
    await shotBothSizes(page, 'search-name');

    await searchInList(page, '139 1234 0001');
    await page.waitForFunction(() => document.querySelectorAll('.cases-table tbody tr').length === 1);
    expect(await listed(page)).toEqual([numbers.li]);
    expect(await page.textContent('main')).not.toContain(PHONE_NO);

    await searchInList(page, numbers.li.slice(0, 5));
    await page.waitForFunction(() => document.querySelectorAll('.cases-table tbody tr').length === 3);
    expect([...(await listed(page))].sort()).toEqual([numbers.li, numbers.liGuang, numbers.wang].sort());
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('.cases-table tbody tr').length === 1);
    expect(await page.inputValue('.searchbar input[type=search]')).toBe('139 1234 0001');
  });

  it('a mistyped ID number and symbols alone are explained in Chinese, and nothing is sent', async () => {
    const page = await pages.open('mediator, mistyping');
    await signIn(page, 'e2e.search.mediator', '/app/work');
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/cases') asked.push(r.url());
    });
    await searchFromFrame(page, WRONG_ID);
    await page.waitForSelector('.notice.error');
    expect(await page.textContent('.notice.error')).toContain('身份证号最后一位（校验位）不对');
    await shotBothSizes(page, 'search-wrong-id');
    await searchInList(page, '%%');
    await page.waitForFunction(() => document.querySelector('.notice.error')?.textContent?.includes('只有符号无法搜索'));
    expect(asked.filter((u) => u.includes('q='))).toEqual([]);
    await searchInList(page, ID);
    await page.waitForSelector('.cases-table');
    expect(await listed(page)).toEqual([numbers.li]);
    expect(await page.textContent('main')).not.toContain(ID);
  });

  it('a supervisor searches her region from the dashboard, on a phone', async () => {
    const page = await pages.open('supervisor', { viewport: PHONE });
    await signIn(page, 'e2e.search.supervisor', '/app/dashboard');
    await page.waitForSelector('.topsearch input');
    const box = await page.$eval('.topsearch', (el) => el.getBoundingClientRect());
    expect(box.width).toBeGreaterThan(PHONE.width - 60);
    await shotBothSizes(page, 'search-dashboard');
    await searchFromFrame(page, '李四');
    await page.waitForFunction(() => document.querySelectorAll('.cases-table tbody tr').length === 3);
    expect(await listed(page)).toEqual([numbers.other, numbers.li, numbers.liGuang]);
    await shotBothSizes(page, 'search-supervisor');
    expect(pages.unexpected()).toEqual([]);
  });
});
