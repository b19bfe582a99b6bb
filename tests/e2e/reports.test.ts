/**
 * The supervisor's report in Chromium (issue 19): last quarter in the ministry's cuts on the
 * dashboard — how the cases ended, who prevailed, final awards — by organisation and by quarter,
 * and the Excel workbook and the CSV of exactly that period and grouping downloaded with the
 * session's cookie. Data built through the API, back-dated into the last whole quarter.
 * Screenshots at phone and desktop sizes: tests/e2e/screenshots/reports-*.
 */
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../src/domain/time.js';
import { ADMIN_PASSWORD as PASSWORD, actOn, axeProblems, closeSuite, openSuite, PHONE, shotBothSizes, signIn, skipBrowser, type E2eServer, type Pages } from './support.js';

/** The last whole quarter before today (China time): its first and last day, and its key. */
function lastQuarter() {
  const today = chinaDate(new Date());
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3); // this quarter's index, 0–3
  if (q === 0) (q = 4), (y -= 1);
  const first = (q - 1) * 3 + 1;
  const end = new Date(Date.UTC(y, first + 2, 0)).toISOString().slice(0, 10);
  return { from: `${y}-${String(first).padStart(2, '0')}-01`, to: end, key: `${y}-Q${q}`, label: `${y}年第${'一二三四'[q - 1]}季度` };
}

const names = { union: '平果市总工会劳动争议调解委员会', commission: '百色市劳动人事争议仲裁委员会' };

describe.skipIf(skipBrowser)('the supervisor’s report in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  const Q = lastQuarter();
  /** A day of the last quarter at 10:00 China time. */
  const on = (day: number) => `${Q.from.slice(0, 8)}${String(day).padStart(2, '0')}T10:00:00+08:00`;
  const month2 = (day: number) => `${Q.from.slice(0, 5)}${String(Number(Q.from.slice(5, 7)) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:00:00+08:00`;

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite());
    const admin = await server.token('admin');
    const union = (await server.api('POST', '/organizations', { name: names.union, kind: 'union', regionCode: '451023' }, admin)).id;
    const commission = (await server.api('POST', '/organizations', { name: names.commission, kind: 'arbitration_commission', regionCode: '451000' }, admin)).id;
    await server.api('POST', '/users', { username: 'e2e.rep.mediator', password: PASSWORD, role: 'mediator', name: '韦丽萍', orgId: union }, admin);
    await server.api('POST', '/users', { username: 'e2e.rep.arbitrator', password: PASSWORD, role: 'arbitrator', name: '黄志强', orgId: commission }, admin);
    await server.api('POST', '/users', { username: 'e2e.rep.supervisor', password: PASSWORD, role: 'supervisor', name: '凌宏', regionCode: '4510' }, admin);
    const mediator = await server.token('e2e.rep.mediator');
    const arbitrator = await server.token('e2e.rep.arbitrator');
    const file = async (token: string, orgId: string, respondent: string, occurredAt: string) =>
      (
        await server.api(
          'POST',
          '/cases',
          {
            orgId,
            categories: ['wages'],
            summary: '拖欠工资',
            incidentDate: `${Number(Q.from.slice(0, 4)) - 1}-06-01`,
            applicants: [{ name: '李明', claims: [{ category: 'wages', description: '拖欠两个月工资', amountFen: 800_000 }] }],
            respondent: { name: respondent },
            occurredAt,
            acceptNow: true,
          },
          token,
        )
      ).id as string;
    const agreement = (amountFen: number) => ({ amountFen, terms: '一次性支付' });
    // At the commission: two awards (one final, the worker prevailing; one not, the employer) and an arbitral settlement.
    const a1 = await file(arbitrator, commission, '百色市宏达建材有限公司', on(3));
    await actOn(server, a1, arbitrator, 'award', { occurredAt: on(20), agreement: agreement(1_200_000), final: true, deliveredAt: on(20), prevailed: 'worker' });
    const a2 = await file(arbitrator, commission, '百色市安通物流有限公司', on(5));
    await actOn(server, a2, arbitrator, 'award', { occurredAt: month2(10), agreement: agreement(0), final: false, deliveredAt: month2(10), prevailed: 'employer' });
    const a3 = await file(arbitrator, commission, '百色市新兴餐饮有限公司', on(6));
    await actOn(server, a3, arbitrator, 'settle', { occurredAt: month2(12), agreement: agreement(350_050), prevailed: 'partly' });
    // At the union: two mediations settled (one said each in part) and one failed.
    const m1 = await file(mediator, union, '平果市铝城机械有限公司', on(8));
    await actOn(server, m1, mediator, 'settle', { occurredAt: on(15), agreement: agreement(500_000), prevailed: 'partly' });
    const m2 = await file(mediator, union, '平果市右江纺织有限公司', on(9));
    await actOn(server, m2, mediator, 'settle', { occurredAt: on(16), agreement: agreement(200_000) });
    const m3 = await file(mediator, union, '平果市第一建筑劳务有限公司', on(10));
    await actOn(server, m3, mediator, 'fail', { occurredAt: on(18), reason: '双方分歧较大' });
  });

  afterAll(() => closeSuite({ pages, browser, server }));

  it('lets the mediator say who prevailed with the outcome, in the outcome’s own form', async () => {
    const mediator = await server.token('e2e.rep.mediator');
    const { orgId } = await server.api('GET', '/me', undefined, mediator);
    const body = {
      orgId,
      categories: ['wages'],
      summary: '拖欠工资',
      incidentDate: chinaDate(new Date(Date.now() - 30 * 86_400_000)),
      applicants: [{ name: '陆春燕', claims: [{ category: 'wages', description: '拖欠一个月工资', amountFen: 300_000 }] }],
      respondent: { name: '平果市第二建筑劳务有限公司' },
      acceptNow: true,
    };
    const { id } = await server.api('POST', '/cases', body, mediator);
    const page = await pages.open('mediator');
    await signIn(page, server.base, 'e2e.rep.mediator', PASSWORD);
    await page.goto(`${server.base}/app/cases/${id}`);
    await page.click('[data-action=fail]');
    const form = page.locator('form[data-form=fail]');
    await form.locator('textarea[name=reason]').fill('用人单位拒绝调解');
    expect(await form.locator('select[name=prevailed] option').allTextContents()).toEqual(['不标注', '劳动者胜诉', '用人单位胜诉', '双方部分胜诉']);
    await form.locator('select[name=prevailed]').selectOption('employer');
    await form.getByRole('button', { name: '提交', exact: true }).click();
    await expect.poll(async () => (await server.api('GET', `/cases/${id}`, undefined, mediator)).proceedings[0].prevailed).toBe('employer');
    expect(pages.unexpected()).toEqual([]);
  });

  async function openReport(page: Page) {
    await signIn(page, server.base, 'e2e.rep.supervisor', PASSWORD, '/app/dashboard');
    await page.getByRole('group', { name: '时间段' }).getByRole('button', { name: '上季度', exact: true }).click();
    const report = page.locator('section.report');
    await report.locator('tr[data-key]').first().waitFor();
    return report;
  }

  it('shows last quarter in the ministry’s cuts, by organisation and by quarter, at phone and desk size', async () => {
    const page = await pages.open('supervisor', { viewport: PHONE });
    const report = await openReport(page);
    expect(await page.locator('.page-title .sub').textContent()).toContain(`${Number(Q.to.slice(0, 4))}年${Number(Q.to.slice(5, 7))}月${Number(Q.to.slice(8, 10))}日`);

    // How the six ended, and who prevailed (one mediation nobody said).
    const manners = (await report.locator('[data-share=结案方式] li').allTextContents()).map((s) => s.replace(/\s+/g, ''));
    expect(manners).toEqual(['调解组织调解成功2（33.3%）', '仲裁调解1（16.7%）', '仲裁裁决2（33.3%）', '其他方式1（16.7%）']);
    const results = (await report.locator('[data-share=处理结果] li').allTextContents()).map((s) => s.replace(/\s+/g, ''));
    expect(results).toEqual(['劳动者胜诉1（16.7%）', '用人单位胜诉1（16.7%）', '双方部分胜诉2（33.3%）', '未标注2（33.3%）']);
    expect((await report.locator('.share-final').textContent())!.replace(/\s+/g, '')).toBe('终局裁决1件，占裁决结案的50.0%');

    // By organisation, with their full names, the commission's awards and the yuan it agreed or awarded.
    const row = (name: string) => report.locator('tbody tr', { hasText: name });
    const cut = (name: string, key: string) => row(name).locator(`td[data-cut=${key}]`).textContent();
    expect(await cut(names.commission, 'endedByAward')).toBe('2');
    expect(await cut(names.commission, 'finalAwards')).toBe('1');
    expect(await cut(names.union, 'endedByMediation')).toBe('2');
    expect(await row(names.commission).locator('td').last().textContent()).toBe('¥15,500.50');
    expect(await report.locator('tfoot td[data-cut=concluded]').textContent()).toBe('6');

    // The downloads name the quarter itself, so the workbook's title says it.
    const xlsx = await report.locator('a[data-download=xlsx]').getAttribute('href');
    expect(xlsx).toBe(`/stats/closure.xlsx?quarter=${Q.key}&groupBy=org`);
    await shotBothSizes(page, 'reports-supervisor-org');

    await report.getByRole('button', { name: '按季度' }).click();
    await expect.poll(() => report.locator('tbody tr').allTextContents()).toHaveLength(1);
    expect(await report.locator('tbody tr td').first().textContent()).toBe(Q.label);
    expect(await report.locator('a[data-download=csv]').getAttribute('href')).toBe(`/stats/closure.csv?quarter=${Q.key}&groupBy=quarter`);
    expect(await axeProblems(page)).toEqual([]);
    await shotBothSizes(page, 'reports-supervisor-quarter');
    expect(pages.unexpected()).toEqual([]);
  });

  it('downloads the workbook and the CSV of that period and grouping with the session', async () => {
    const page = await pages.open('supervisor');
    const report = await openReport(page);
    const download = async (selector: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), report.locator(selector).click()]);
      return { name: file.suggestedFilename(), bytes: await (await import('node:fs/promises')).readFile((await file.path())!) };
    };
    const wb = await download('a[data-download=xlsx-all]');
    expect(wb.name).toBe(`closure-${Q.from}-${Q.to}-org+region+quarter+category+kind.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(wb.bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['按机构', '按地区', '按季度', '按争议类型', '按程序']);
    expect(String(book.getWorksheet('按机构')!.getCell('A1').value)).toContain(`统计期间：${Q.label}`);

    const csv = await download('a[data-download=csv]');
    expect(csv.name).toBe(`closure-${Q.from}-${Q.to}-org.csv`);
    const text = csv.bytes.toString('utf8');
    expect(text).toContain(`${names.commission},百色市,`);
    expect(text).toContain(',15500.50,');
    expect(pages.unexpected()).toEqual([]);
  });
});
