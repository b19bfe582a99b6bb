/**
 * The staff lists and the supervisor's dashboard in Chromium (issue 20): the intake queue puts the
 * application waiting longest at the top; the court's queue and case list show the day the court
 * received the referral (its China-time day, even in a browser set to UTC); the dashboard on a
 * 390-px phone shows every organisation's full name, 14 of 17 as 82.4%, one period chosen at a
 * time, and the supervisor's region by name. The data are built through the API, back-dated to
 * the days the test needs. Screenshots at phone and desktop sizes go to tests/e2e/screenshots/desk-*.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../src/domain/time.js';
import { ADMIN_PASSWORD as PASSWORD, PHONE, type Pages, closeSuite, openSuite, shotBothSizes, signIn as signInAs, skipBrowser, type E2eServer } from './support.js';

const DAY = 86_400_000;
/** The China-time date `n` days ago, and an instant on it at a China wall time. */
const daysAgo = (n: number) => chinaDate(new Date(Date.now() - n * DAY));
const at = (n: number, hhmm: string) => `${daysAgo(n)}T${hhmm}:00+08:00`;
/** 2026-03-05 → 2026年3月5日, as the pages write a day. */
const zh = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

const names = {
  union: '平果市总工会劳动争议调解委员会',
  court: '平果市人民法院',
  enterprise: '广西平果恒通铝业有限公司劳动争议调解委员会',
};
/** The intake queue, in the order it must show (filed out of this order). */
const queue = [
  { respondent: '平果市宏达建材有限公司', receivedAt: at(9, '10:00') },
  { respondent: '平果市安通物流有限公司', receivedAt: at(7, '07:30') },
  { respondent: '平果市新兴餐饮有限公司', receivedAt: at(5, '15:00') },
];
/** Two settled cases referred to the court for confirmation: A filed first but referred last. */
const referred = {
  A: { respondent: '平果市铝城机械有限公司', filedDaysAgo: 30, referredAt: at(3, '07:30') },
  B: { respondent: '平果市右江纺织有限公司', filedDaysAgo: 25, referredAt: at(6, '16:00') },
};

describe.skipIf(skipBrowser)('staff lists and the dashboard in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  let base = '';
  const ids = { union: '', court: '', enterprise: '' };

  const api = (method: string, path: string, body?: unknown, token?: string) => server.api(method, path, body, token);
  const signIn = (page: Page, username: string) => signInAs(page, base, username, PASSWORD);

  const snap = (page: Page, name: string) => shotBothSizes(page, `desk-${name}`);

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite());
    base = server.base;

    const admin = await server.token('admin');
    ids.union = (await api('POST', '/organizations', { name: names.union, kind: 'union', regionCode: '451023' }, admin)).id;
    ids.court = (await api('POST', '/organizations', { name: names.court, kind: 'court', regionCode: '451023' }, admin)).id;
    ids.enterprise = (await api('POST', '/organizations', { name: names.enterprise, kind: 'enterprise_committee', regionCode: '451023' }, admin)).id;
    await api('POST', '/users', { username: 'e2e.desk.mediator', password: PASSWORD, role: 'mediator', name: '韦丽萍', orgId: ids.union }, admin);
    await api('POST', '/users', { username: 'e2e.desk.enterprise', password: PASSWORD, role: 'mediator', name: '覃建国', orgId: ids.enterprise }, admin);
    await api('POST', '/users', { username: 'e2e.desk.court', password: PASSWORD, role: 'court_liaison', name: '黄海峰', orgId: ids.court }, admin);
    await api('POST', '/users', { username: 'e2e.desk.supervisor', password: PASSWORD, role: 'supervisor', name: '凌宏', regionCode: '4510' }, admin);
    const mediator = await server.token('e2e.desk.mediator');
    const enterprise = await server.token('e2e.desk.enterprise');

    const file = async (token: string, orgId: string, respondent: string, occurredAt: string, acceptNow = false) =>
      (
        await api(
          'POST',
          '/cases',
          {
            orgId,
            categories: ['wages'],
            summary: '拖欠工资',
            incidentDate: daysAgo(60),
            applicants: [{ name: '李明', claims: [{ category: 'wages', description: '拖欠两个月工资', amountFen: 800_000 }] }],
            respondent: { name: respondent },
            occurredAt,
            acceptNow,
          },
          token,
        )
      ) as { id: string; version: number };
    const act = async (token: string, c: { id: string; version: number }, body: Record<string, unknown>) => {
      const next = await api('POST', `/cases/${c.id}/actions`, { version: c.version, ...body }, token);
      c.version = next.version;
      return c;
    };
    const agreement = { amountFen: 600_000, terms: '一次付清' };

    // The intake queue, filed out of order: the second, then the first, then the third.
    for (const i of [1, 0, 2]) await file(mediator, ids.union, queue[i].respondent, queue[i].receivedAt);

    // The union's figures: 17 accepted, 14 concluded (12 settled, 2 failed), so 14/17 = 82.35…% → 82.4%.
    for (const [key, r] of Object.entries(referred)) {
      const c = await file(mediator, ids.union, r.respondent, at(r.filedDaysAgo, '10:00'), true);
      await act(mediator, c, { action: 'settle', occurredAt: at(r.filedDaysAgo - 2, '10:00'), agreement, signedInPerson: true });
      await act(mediator, c, { action: 'refer', occurredAt: r.referredAt, toOrgId: ids.court, kind: 'confirmation', reason: `案件${key}申请司法确认` });
    }
    for (let i = 0; i < 15; i++) {
      const c = await file(mediator, ids.union, `平果市第${i + 1}建筑劳务有限公司`, at(40 - i, '09:00'), true);
      if (i < 10) await act(mediator, c, { action: 'settle', occurredAt: at(38 - i, '11:00'), agreement });
      else if (i < 12) await act(mediator, c, { action: 'fail', occurredAt: at(38 - i, '11:00'), reason: '双方分歧较大' });
    }
    // A long name on the dashboard, with a claim received but not accepted (the totals stay 14/17).
    await file(enterprise, ids.enterprise, '广西平果恒通铝业有限公司', at(4, '09:00'));
  });

  afterAll(() => closeSuite({ pages, browser, server }));

  it('the intake queue shows the application waiting longest at the top', async () => {
    const page = await pages.open('mediator', { viewport: PHONE });
    await signIn(page, 'e2e.desk.mediator');
    const items = page.locator('[data-queue="调解申请（待受理）"] .queue-item');
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.locator('strong').allTextContents()).toEqual(queue.map((q) => q.respondent));
    // The 07:30 receipt is its own China-time day.
    expect(await items.nth(1).locator('[data-field=currentReceivedAt]').textContent()).toContain(`${zh(daysAgo(7))} 07:30收到`);
    await snap(page, 'workbench-mediator');
    expect(pages.unexpected()).toEqual([]);
  });

  it('the workbench shows who at the centre carries how many open proceedings, and what nobody has taken', async () => {
    const page = await pages.open('mediator', { viewport: PHONE });
    await signIn(page, 'e2e.desk.mediator');
    const rows = page.locator('.workload tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.locator('th').allTextContents()).toEqual(['韦丽萍', '未分配']);
    // Nothing is assigned: the three waiting in the queue and the three accepted but not concluded are nobody's yet.
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual(['0', '0', '0']);
    const unassigned = rows.nth(1).locator('td');
    expect(await unassigned.first().textContent()).toBe('6');
    // The three accepted 26 to 28 days ago are past their 15 days, and say so in the clock's colour.
    expect(Number(await unassigned.nth(2).textContent())).toBeGreaterThanOrEqual(3);
    expect(await unassigned.nth(2).getAttribute('class')).toContain('tone-breached');
    await snap(page, 'workload');
    expect(pages.unexpected()).toEqual([]);
  });

  it('the court’s queue and case list show the day the court received each referral, also in a browser set to UTC', async () => {
    const page = await pages.open('court', { viewport: PHONE, timezoneId: 'UTC' });
    await signIn(page, 'e2e.desk.court');
    const items = page.locator('[data-queue="司法确认申请（待受理）"] .queue-item');
    await expect.poll(() => items.count()).toBe(2);
    // B was referred first, so it has waited longest, though A was filed first.
    expect(await items.locator('strong').allTextContents()).toEqual([referred.B.respondent, referred.A.respondent]);
    const a = (await items.nth(1).locator('[data-field=currentReceivedAt]').textContent())!;
    expect(a).toContain(`${zh(daysAgo(3))} 07:30收到`);
    expect(a).toContain(`${zh(daysAgo(referred.A.filedDaysAgo))}首次申请`);
    await snap(page, 'workbench-court');

    await page.goto(`${base}/app/cases`);
    const row = page.locator('tr', { hasText: referred.A.respondent });
    const received = row.locator('td[data-field=currentReceivedAt]');
    await received.waitFor();
    const text = (await received.textContent())!;
    // The referral's day first (07:30 China time is the day before in UTC), then the day the worker applied.
    expect(text.startsWith(zh(daysAgo(3)))).toBe(true);
    expect(text).toContain(`首次申请 ${zh(daysAgo(referred.A.filedDaysAgo))}`);
    await snap(page, 'case-list-court');
    expect(pages.unexpected()).toEqual([]);
  });

  it('the dashboard on a 390-px phone: full organisation names, 82.4% for 14 of 17, one period chosen, the region by name', async () => {
    const page = await pages.open('supervisor', { viewport: { width: 390, height: 844 } });
    await signIn(page, 'e2e.desk.supervisor');
    await page.waitForURL(/\/app\/dashboard/);
    const closure = page.locator('.kpi-closure .kpi-value');
    await closure.waitFor();
    expect(await closure.textContent()).toBe('82.4%');
    expect(await page.locator('.kpi-closure small').textContent()).toContain('结案 14 ÷ (旧存 0 + 受理 17)');
    const unionRow = page.locator('tr', { hasText: names.union });
    expect(await unionRow.locator('td[data-field=closureRate]').textContent()).toBe('82.4%');
    expect(await unionRow.locator('td[data-field=settlementRate]').textContent()).toBe('85.7%');

    // The subtitle: the region by name and the period in Chinese dates.
    const sub = (await page.locator('.page-title .sub').textContent())!;
    expect(sub.startsWith('百色市 · ')).toBe(true);
    expect(sub).not.toMatch(/4510|\d{4}-\d{2}-\d{2}/);
    expect(sub).toContain(`至 ${zh(chinaDate(new Date()))}`);

    // Every organisation's full name is on the page, inside the phone's width and not cut.
    const labels = page.locator('.org-bars-name');
    await expect.poll(() => labels.count()).toBe(3);
    expect((await labels.allTextContents()).sort()).toEqual(Object.values(names).sort());
    const fits = await labels.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { text: el.textContent, inside: r.left >= 0 && r.right <= window.innerWidth, whole: el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1 };
      }),
    );
    for (const f of fits) expect(f, f.text ?? '').toMatchObject({ inside: true, whole: true });
    const cell = page.locator('tr', { hasText: names.enterprise }).locator('td').first();
    expect(await cell.textContent()).toBe(names.enterprise);
    expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    // The bars carry the figures as text.
    expect(await page.locator('.org-bars li', { hasText: names.union }).locator('.org-bar-value').allTextContents()).toEqual(['结案率 82.4%', '调解成功率 85.7%']);

    // Exactly one period is chosen, whichever is clicked (今年 and 近12个月 can cover the same days).
    const group = page.getByRole('group', { name: '时间段' });
    const pressed = () => group.locator('button[aria-pressed=true]').allTextContents();
    expect(await pressed()).toEqual(['近12个月']);
    expect(await group.locator('.pill.on').count()).toBe(1);
    await snap(page, 'dashboard-supervisor');
    for (const label of ['今年', '本月', '本季度', '近12个月']) {
      await group.getByRole('button', { name: label, exact: true }).click();
      await expect.poll(pressed).toEqual([label]);
      expect(await group.locator('.pill.on').count()).toBe(1);
    }
    // Dates of one's own: the 自选日期 button is the one chosen.
    await page.fill('input[name=from]', daysAgo(20));
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(pressed).toEqual(['自选日期']);
    await expect.poll(() => page.locator('.page-title .sub').textContent()).toContain(`${zh(daysAgo(20))} 至`);
    expect(pages.unexpected()).toEqual([]);
  });
});
