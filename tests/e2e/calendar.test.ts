/**
 * The administrator enters a year's holidays from the State Council's notice (issue 20), at
 * desktop size: picks a year the official data does not cover yet, pastes the notice as
 * published, sees what was read as a twelve-month calendar (holidays and make-up days marked and
 * named, weekends shaded, a legend) with a source filled in from the notice's title and number;
 * a mistyped line is shown with its line and blocks saving; after saving, the page says who
 * entered the year, when, from what source, and that it is not official data. On a phone the
 * page fits the screen. axe-core finds no serious or critical violation on the page as it is read,
 * with a problem shown, and saved. Screenshots: tests/e2e/screenshots/calendar-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, DESKTOP, PHONE, type Pages, axeProblems, closeSuite, openSuite, settle, shot, signIn, skipBrowser, type E2eServer } from './support.js';

/** A notice for 2031 (the official data stops earlier), written the way the notices are. */
const NOTICE = `国务院办公厅关于2031年部分节假日安排的通知
国办发明电〔2030〕9号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　经国务院批准，现将2031年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周三）放假1天，不调休。
　　二、春节：1月22日（农历除夕、周三）至29日（农历正月初七、周三）放假调休，共8天。1月19日（周日）、2月8日（周六）上班。
　　三、清明节：4月5日（周六）至7日（周一）放假，共3天。
　　四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
　　五、端午节：6月22日（周日）至24日（周二）放假调休，共3天。6月21日（周六）上班。
　　六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。
国务院办公厅
2030年11月5日`;
const SOURCE = '国务院办公厅关于2031年部分节假日安排的通知（国办发明电〔2030〕9号）';

const cell = (page: Page, date: string) => page.locator(`td[data-date="${date}"]`);
/** A full-page screenshot from the top, so the sticky header sits where it belongs. */
async function shotFromTop(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

describe.skipIf(skipBrowser)('the administrator enters a year from the notice and sees it as a calendar before saving', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite());
  });
  afterAll(() => closeSuite({ pages, browser, server }));

  /** The administrator's calendar page, signed in on a page of its own, at `year`. */
  async function calendarPage(who: string, viewport: { width: number; height: number }, year: string) {
    const page = await pages.open(who, { viewport });
    await signIn(page, server.base, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.base}/app/admin/calendar`);
    await page.selectOption('select[name=year]', year);
    return page;
  }

  it('pastes the notice, checks the month calendar, fixes a mistyped line, saves, and sees who entered it', async () => {
    // The year has no official data: weekends only.
    expect(await server.api('GET', '/calendar/2031')).toMatchObject({ provisional: true, official: false, holidays: [] });

    const page = await calendarPage('admin', DESKTOP, '2031');
    await expect.poll(() => page.locator('.cal-saved-head + *').innerText()).toContain('尚无2031年安排');

    // Paste the notice.
    const area = page.locator('textarea[name=notice]');
    await area.focus();
    await page.keyboard.insertText(NOTICE);
    await expect.poll(() => page.locator('.cal-reading').innerText()).toContain('读出6个假期，放假28天，调休上班6天，没有发现问题');
    expect(await page.inputValue('input[name=source]')).toBe(SOURCE);
    const reading = await page.locator('.cal-reading').innerText();
    expect(reading).toContain('春节');
    expect(reading).toContain('2031年1月22日 周三 至 2031年1月29日 周三，放假8天');
    expect(reading).toContain('调休上班：2031年1月19日 周日、2031年2月8日 周六');
    expect(reading).toContain('第3、4、11行没有日期（标题、称谓、说明等），已略过');

    // The month calendar: twelve months, holidays named on their first day, make-up days, weekends.
    expect(await page.locator('table.cal-month').count()).toBe(12);
    expect(await page.locator('td.cal-day.is-holiday').count()).toBe(28);
    expect(await page.locator('td.cal-day.is-makeup').count()).toBe(6);
    expect(await cell(page, '2031-01-22').getAttribute('class')).toContain('is-holiday');
    expect(await cell(page, '2031-01-22').innerText()).toContain('春节');
    expect(await cell(page, '2031-01-23').innerText()).toContain('休');
    expect(await cell(page, '2031-10-01').innerText()).toContain('国庆');
    expect(await cell(page, '2031-01-19').getAttribute('class')).toContain('is-makeup');
    expect(await cell(page, '2031-01-19').getAttribute('aria-label')).toBe('1月19日 周日，春节调休上班');
    expect(await cell(page, '2031-01-04').getAttribute('class')).toContain('is-weekend');
    expect(await cell(page, '2031-01-06').getAttribute('class')).not.toMatch(/is-(holiday|makeup|weekend)/);
    expect(await page.locator('.cal-legend').innerText()).toMatch(/放假[\s\S]*调休上班[\s\S]*周末休息[\s\S]*工作日/);
    expect(await axeProblems(page)).toEqual([]);
    await shotFromTop(page, 'calendar-preview-desktop');

    // A mistyped line: shown with its line number, and saving is refused in the page.
    await area.press('Control+End');
    await page.keyboard.insertText('\n端午节补充：6月31日放假');
    const problem = page.locator('.cal-problems li');
    await expect.poll(() => problem.count()).toBe(1);
    const added = NOTICE.split('\n').length + 1;
    expect(await problem.innerText()).toMatch(new RegExp(`第${added}行[\\s\\S]*端午节补充：6月31日放假[\\s\\S]*6月31日不存在`));
    await problem.locator('button.cal-line').click();
    const selected = await area.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));
    expect(selected).toBe('端午节补充：6月31日放假');
    await page.click('form.cal-entry button[type=submit]');
    await expect.poll(() => page.locator('form.cal-entry .notice.error').innerText()).toContain('还有1处问题，改正后才能保存');
    expect(await axeProblems(page)).toEqual([]);
    await shotFromTop(page, 'calendar-problem-desktop');
    expect((await server.api('GET', '/calendar/2031')).provisional).toBe(true);

    // Fixed (the line removed), saved.
    await area.fill(NOTICE);
    await expect.poll(() => problem.count()).toBe(0);
    await page.click('form.cal-entry button[type=submit]');
    await expect.poll(() => page.locator('.notice.ok').innerText()).toContain('已保存2031年节假日安排：放假28天，调休上班6天');

    // Who entered it, when, from what source; not official.
    const saved = page.locator('.cal-entered');
    await expect.poll(() => saved.count()).toBe(1);
    const savedText = await saved.innerText();
    expect(savedText).toContain('人工录入，非官方数据');
    expect(savedText).toContain('系统管理员');
    expect(savedText).toContain(SOURCE);
    const stored = await server.api('GET', '/calendar/2031');
    expect(stored).toMatchObject({ official: false, provisional: false, source: SOURCE, notice: NOTICE, enteredBy: { name: '系统管理员' } });
    // The time shown is the entry's China time.
    const shownAt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(stored.enteredAt));
    const part = (t: string) => shownAt.find((p) => p.type === t)?.value;
    expect(savedText).toContain(`${part('year')}年${part('month')}月${part('day')}日`);
    // The saved text comes back into the form as entered.
    expect(await area.inputValue()).toBe(NOTICE);

    // No Latin words on the page (outside the text the administrator typed).
    const visible = await page.locator('main').innerText();
    expect(visible.match(/[A-Za-z]{2,}/g)).toBeNull();
    expect(await axeProblems(page)).toEqual([]);
    await shotFromTop(page, 'calendar-saved-desktop');

    // An official year: says so, with no one named.
    await page.selectOption('select[name=year]', '2026');
    await expect.poll(() => page.locator('.cal-saved').innerText()).toContain('系统随附的国务院办公厅公布安排');
    expect(await page.locator('.cal-entered').count()).toBe(0);
    expect(await area.inputValue()).toContain('春节：2月15日至23日放假，共9天。2月14日、2月28日上班。');
    expect(await page.locator('td.cal-day.is-holiday').count()).toBe(33);
    await shotFromTop(page, 'calendar-official-desktop');

    expect(pages.unexpected()).toEqual([]);
  });

  it('a notice pasted under the wrong year says so, and one click moves to its year keeping the text', async () => {
    const page = await calendarPage('admin, wrong year', DESKTOP, '2030');
    await expect.poll(() => page.locator('.cal-saved-head + *').innerText()).toContain('尚无2030年安排');
    const area = page.locator('textarea[name=notice]');
    await area.fill(`${NOTICE}\n`);
    const first = page.locator('.cal-problems li').first();
    await expect.poll(() => first.innerText()).toContain('这是2031年的通知，所选年份是2030年');
    // Read as 2030, the weekdays do not match either.
    expect(await page.locator('.cal-problems li').count()).toBeGreaterThan(1);
    await first.locator('button', { hasText: '改为2031年' }).click();
    await expect.poll(() => page.inputValue('select[name=year]')).toBe('2031');
    await expect.poll(() => page.locator('.cal-problems li').count()).toBe(0);
    expect(await area.inputValue()).toBe(`${NOTICE}\n`);
    expect(pages.unexpected()).toEqual([]);
  });

  it('fits a phone screen', async () => {
    const page = await calendarPage('admin on a phone', PHONE, '2031');
    await expect.poll(() => page.locator('.cal-entered').count()).toBe(1);
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shotFromTop(page, 'calendar-phone');
    expect(pages.unexpected()).toEqual([]);
  });
});
