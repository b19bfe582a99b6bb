/**
 * Both parties online in Chromium, on a 390-pixel phone (SPEC §10): the employer's representative
 * opens the invitation the SMS brought, proves the phone with the code sent to it, lands on the case, states the
 * employer's position and signs the agreement by code; the worker signs it by code and sees it
 * take effect; a served document's link, opened signed out, shows the day of service in China time
 * and, after signing in by code, the document itself; the worker's messages with the unread count
 * in the menu. Codes are made as the SMS would bring them (issueOtp), a minute after the page asked
 * for its own, so the page's button is pressed for real and the newest code is the one typed.
 * Screenshots go to tests/e2e/screenshots/parties-*.png.
 */
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueOtp } from '../../src/auth/otp.js';
import { testConfig } from '../../src/config.js';
import { chinaDate, dateZh } from '../../src/web/format.js';
import { validIdNumber } from '../support/ids.js';
import { ADMIN_PASSWORD, DESKTOP, PHONE, type Pages, actOn, closeSuite, openSuite, orgWithMediator, randomPhone, settle, shot, signIn, skipBrowser, workerFiles, type E2eServer } from './support.js';

const KEY = testConfig().OTP_HASH_KEY;

/** Back to the top before a full-page shot, so the sticky menu is drawn where it belongs. */
const top = (page: Page) => page.evaluate(() => window.scrollTo(0, 0));

describe.skipIf(skipBrowser)('both parties online, on a phone', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  let caseId = '';
  let caseNumber = '';
  let mediator = '';
  let workerId = '';
  let inviteToken = '';
  const worker = { phone: randomPhone('136'), password: ADMIN_PASSWORD, name: '蒙秀兰', idNumber: validIdNumber() };
  const employerPhone = randomPhone('139');

  /** Rows of a query on the embedded database. */
  async function rows<T>(q: ReturnType<typeof sql>): Promise<T[]> {
    const r = await server.handle.db.execute(q);
    return ((r as unknown as { rows?: T[] }).rows ?? (r as unknown as T[])) as T[];
  }

  /** The token of the newest link of `path` texted to a phone. */
  async function linkSentTo(phone: string, path: string): Promise<string> {
    const [last] = await rows<{ text: string }>(sql`select text from sms_messages where phone = ${phone} and text like ${`%${path}/%`} order by id desc limit 1`);
    const token = new RegExp(`${path}/([A-Za-z0-9_-]{24})`).exec(last?.text ?? '')?.[1];
    expect(token, `a link ${path} texted to the phone`).toBeTruthy();
    return token!;
  }

  /**
   * Presses the page's 获取验证码 (and waits for the 202), then makes the code the SMS would bring,
   * a minute later, so it is the newest for the phone and purpose; returns it to be typed.
   */
  let minutes = 0;
  async function askCode(page: Page, scope: string, phone: string, purpose: 'login' | 'sign', route = '/auth/otp'): Promise<string> {
    const sent = page.waitForResponse((r) => new URL(r.url()).pathname === route && r.request().method() === 'POST');
    await page.locator(`${scope} [data-send-code]`).click();
    expect((await sent).status()).toBe(202);
    await expect.poll(() => page.locator(`${scope} [data-send-code]`).textContent()).toMatch(/秒后可重发/);
    const { code } = await issueOtp(server.handle.db, { phone, purpose, now: new Date(Date.now() + ++minutes * 61_000), key: KEY, send: false });
    return code;
  }

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite());
    const made = await orgWithMediator(server, { name: '平果市劳动人事争议联合调解中心', kind: 'mediation_center', regionCode: '451023' }, { username: 'e2e_parties_med', name: '陆调解员' });
    mediator = made.mediator;
    caseId = await workerFiles(server, worker, made.orgId, {
      category: 'wages',
      description: '2026年9月至11月工资',
      amountFen: 1_350_000,
      summary: '铝厂拖欠三个月工资。',
      incidentDate: '2026-11-30',
      respondent: '平果某铝业有限公司',
    });
    workerId = (await server.api('POST', '/auth/login', { username: worker.phone, password: worker.password })).user.id;
    await actOn(server, caseId, mediator, 'accept');
    caseNumber = (await actOn(server, caseId, mediator, 'invite_respondent', { phone: employerPhone, name: '黄经理' })).number;
    inviteToken = await linkSentTo(employerPhone, '/app/invite');
  }, 120_000);
  afterAll(() => closeSuite({ pages, browser, server }));

  it('(a) the employer opens the invitation, joins by code, states its position and signs', async () => {
    const page = await pages.open('employer', { viewport: PHONE });
    await page.goto(`${server.base}/app/invite/${inviteToken}`);
    await page.locator('[data-invited-phone]').waitFor();
    const masked = `${employerPhone.slice(0, 3)}****${employerPhone.slice(7)}`;
    expect(await page.locator('[data-invited-phone]').textContent()).toBe(masked);
    expect(await page.locator('main').textContent()).toContain(caseNumber);
    expect(await page.locator('main').textContent()).toContain('平果市劳动人事争议联合调解中心');
    await shot(page, 'parties-invite');

    // The code goes to the invited phone, which the page never knows whole.
    const code = await askCode(page, 'form', employerPhone, 'login', `/invitations/${inviteToken}/code`);
    expect(await page.locator('form').textContent()).toContain(`验证码已发到 ${masked}`);
    await page.fill('input[name=code]', code);
    await page.getByRole('button', { name: '确认并查看案件' }).click();
    await page.waitForURL((u) => u.pathname === `/app/cases/${caseId}`);
    await page.locator('.case-head').waitFor();
    expect(await page.locator('main').textContent()).toContain('您已加入案件');
    // The worker's claims are there, and her phone and ID number only masked.
    const claims = page.locator('section.claims-card');
    expect(await claims.textContent()).toContain('2026年9月至11月工资');
    expect(await claims.textContent()).toContain(`${worker.phone.slice(0, 3)}****${worker.phone.slice(7)}`);
    expect(await page.locator('main').textContent()).not.toContain(worker.phone);
    expect(await page.locator('main').textContent()).not.toContain(worker.idNumber);
    expect(await page.locator('.topbar').textContent()).toContain('用人单位代表');

    // The employer's position.
    await page.locator('[data-action=respond]').click();
    const form = page.locator('form[data-form=respond]');
    await form.locator('input[name=agreesToMediate][value=yes]').check();
    await form.locator('textarea[name=text]').fill('拖欠工资属实，公司愿意分两期支付。');
    await form.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.locator('[data-position]').textContent()).toContain('拖欠工资属实');
    expect(await page.locator('[data-position]').textContent()).toContain('同意调解');

    // A file from the employer's side, through the case file.
    const card = page.locator('section.case-file');
    await card.locator('select').selectOption('other');
    await card.locator('input[type=file]:not([capture])').setInputFiles({ name: '工资发放说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await card.locator('button[type=submit]').click();
    await expect.poll(() => card.locator('li[data-file=other]').count()).toBe(1);
    await top(page);
    await shot(page, 'parties-employer-case');

    // The mediator records the settlement; the parties are to sign it on their phones.
    await actOn(server, caseId, mediator, 'settle', { agreement: { amountFen: 1_200_000, terms: '被申请人于2027年1月15日前支付申请人工资12000元，申请人放弃其他请求。' } });
    await page.reload();
    const agreement = page.locator('section.agreement');
    await agreement.locator('[data-awaits-me]').waitFor();
    expect(await agreement.locator('[data-signed=no]').count()).toBe(2);
    const signCode = await askCode(page, '[data-sign-here]', employerPhone, 'sign');
    await agreement.locator('input[name=code]').fill(signCode);
    await agreement.getByRole('button', { name: '确认签署' }).click();
    await expect.poll(() => page.locator('.notice.ok').first().textContent()).toContain('已签署协议');
    await expect.poll(() => agreement.locator('[data-signed=yes]').textContent()).toContain('用人单位');
    expect(await agreement.locator('[data-sign-here]').count()).toBe(0);
    expect(await agreement.textContent()).toContain('手机验证码');
    await top(page);
    await shot(page, 'parties-employer-signed');

    // Her case among the representative's own; the used invitation is no key any more.
    await page.goto(`${server.base}/app/my`);
    await expect.poll(() => page.locator('.case-card').first().textContent()).toContain(`申请人：${worker.name}`);
    await shot(page, 'parties-employer-my');
    await page.goto(`${server.base}/app/invite/${inviteToken}`);
    await expect.poll(() => page.locator('main').textContent()).toContain('这个邀请已经接受过了');
    expect(await page.locator('form').count()).toBe(0);
  });

  it('(b) the worker signs the agreement by code and sees it take effect', async () => {
    const page = await pages.open('worker', { viewport: PHONE });
    await signIn(page, server.base, worker.phone, worker.password);
    // Her list says what waits for her.
    await page.goto(`${server.base}/app/my`);
    await expect.poll(() => page.locator('[data-todo]').first().textContent()).toContain('调解协议待您签署');
    await page.goto(`${server.base}/app/cases/${caseId}`);
    const agreement = page.locator('section.agreement');
    await agreement.locator('[data-awaits-me]').waitFor();
    expect(await agreement.locator('[data-signed=yes]').textContent()).toContain('用人单位');
    await top(page);
    await shot(page, 'parties-worker-to-sign');

    // A wrong code is refused in her language and signs nothing.
    pages.expectError(/400/);
    const code = await askCode(page, '[data-sign-here]', worker.phone, 'sign');
    await agreement.locator('input[name=code]').fill(code === '000000' ? '111111' : '000000');
    await agreement.getByRole('button', { name: '确认签署' }).click();
    await expect.poll(() => agreement.locator('[data-sign-here]').textContent()).toContain('验证码不对');
    expect(await agreement.locator('[data-signed=yes]').count()).toBe(1);

    await agreement.locator('input[name=code]').fill(code);
    await agreement.getByRole('button', { name: '确认签署' }).click();
    await agreement.locator('[data-agreement-effective]').waitFor();
    expect(await agreement.locator('[data-signed=yes]').count()).toBe(2);
    expect(await agreement.textContent()).toContain('各方都已签署，协议自');
    const detail = await server.api('GET', `/cases/${caseId}`, undefined, mediator);
    expect(detail.agreement.effective).toBe(true);
    expect(detail.agreement.signatures.map((s: { method: string }) => s.method)).toEqual(['otp', 'otp']);
    await top(page);
    await shot(page, 'parties-worker-effective');
  });

  it('(c) a served link, opened signed out, dates the service in China time; signing in by code leads back to read it', async () => {
    // The mediator reads the signed agreement (which issues it as it now stands), then serves it on the worker.
    const issued = await fetch(`${server.base}/cases/${caseId}/documents/agreement`, { headers: { authorization: `Bearer ${mediator}`, accept: 'application/pdf' } });
    expect(issued.status).toBe(200);
    await actOn(server, caseId, mediator, 'serve', { documentType: 'agreement', to: 'applicants', channel: 'sms_link' });
    const token = await linkSentTo(worker.phone, '/app/served');
    const before = await server.api('GET', `/cases/${caseId}`, undefined, mediator);
    expect(before.services[0].servedAt).toBeNull();

    const page = await pages.open('worker, from the SMS', { viewport: PHONE });
    await page.goto(`${server.base}/app/served/${token}`);
    await page.locator('[data-served-date]').waitFor();
    const today = dateZh(chinaDate());
    expect(await page.locator('h1').first().textContent()).toBe('已送达');
    expect(await page.locator('[data-served-title]').textContent()).toContain('调解协议书');
    expect(await page.locator('main').textContent()).toContain(caseNumber);
    expect(await page.locator('[data-served-date]').textContent()).toContain(today);
    await shot(page, 'parties-served');

    const after = await server.api('GET', `/cases/${caseId}`, undefined, mediator);
    expect(after.services[0].servedAt).toBeTruthy();
    expect(dateZh(after.services[0].servedAt)).toBe(today);

    // Registering also offers a code to the phone; pressed before a phone is typed, it says so.
    await page.goto(`${server.base}/app/register`);
    await page.locator('[data-send-code]').click();
    await expect.poll(() => page.locator('form').textContent()).toContain('请先填写11位手机号码');
    await shot(page, 'parties-register');
    await page.goBack();
    await page.locator('[data-served-date]').waitFor();

    // Not signed in: the document is read after signing in by code, and the page comes back here.
    await page.getByRole('link', { name: '用验证码登录' }).click();
    await page.waitForURL((u) => u.pathname === '/app/login');
    await page.fill('input[name=phone]', worker.phone);
    const code = await askCode(page, 'form', worker.phone, 'login');
    await page.fill('input[name=code]', code);
    await shot(page, 'parties-login-code');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL((u) => u.pathname === `/app/served/${token}`);
    const read = page.locator('[data-read-document]');
    await read.waitFor();
    const pdf = await page.request.get(new URL((await read.getAttribute('href'))!, server.base).toString());
    expect(pdf.status(), await pdf.text()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    // Opened again, the day of service is still the first opening's.
    expect(await page.locator('[data-served-date]').textContent()).toContain(today);
    await shot(page, 'parties-served-signed-in');

    // The mediator's case page lists it as served, with the date.
    const desk = await pages.open('mediator', { viewport: PHONE });
    await signIn(desk, server.base, 'e2e_parties_med', ADMIN_PASSWORD);
    await desk.goto(`${server.base}/app/cases/${caseId}`);
    const services = desk.locator('section.services');
    await expect.poll(() => services.locator('[data-service=served]').count()).toBe(1);
    expect(await services.textContent()).toContain(`送达日期：${today}`);
    expect(await desk.locator('section.agreement [data-signed=yes]').count()).toBe(2);
    await top(desk);
    await shot(desk, 'parties-mediator-case');
  });

  it("(d) the worker's messages: the unread count in the menu, the list, marking read", async () => {
    // What the rules have told her so far: her case accepted, the agreement waiting for her signature, the agreement served.
    const [{ n: unread }] = await rows<{ n: number }>(sql`select count(*)::int as n from notifications where user_id = ${workerId} and read_at is null`);
    expect(unread).toBeGreaterThanOrEqual(3);

    const page = await pages.open('worker, messages', { viewport: PHONE });
    await signIn(page, server.base, worker.phone, worker.password);
    const badge = page.locator('nav.tabs [data-unread]');
    await expect.poll(() => badge.textContent()).toBe(`${unread}条未读`);
    await page.locator('nav.tabs').getByRole('link', { name: /消息/ }).click();
    await page.waitForURL((u) => u.pathname === '/app/messages');
    await expect.poll(() => page.locator('ul.messages > li').count()).toBe(unread);
    expect(await page.locator('[data-unread-count]').textContent()).toBe(`${unread}条未读`);
    expect(await page.locator('ul.messages').textContent()).toContain(caseNumber);
    for (const kind of ['proceeding_accepted', 'signature_requested', 'document_served']) expect(await page.locator(`ul.messages > li[data-notification=${kind}]`).count(), kind).toBe(1);
    await shot(page, 'parties-messages');

    // Opening one reads it and goes to its case; the menu counts one fewer.
    await page.locator('ul.messages > li.unread button').first().click();
    await page.waitForURL((u) => u.pathname === `/app/cases/${caseId}`);
    await expect.poll(() => badge.textContent()).toBe(`${unread - 1}条未读`);
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/app/messages');
    await expect.poll(() => page.locator('ul.messages > li.unread').count()).toBe(unread - 1);

    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => page.locator('[data-unread-count]').textContent()).toBe('全部已读');
    expect(await page.locator('ul.messages > li.unread').count()).toBe(0);
    await expect.poll(() => badge.count()).toBe(0);
    const [{ n: left }] = await rows<{ n: number }>(sql`select count(*)::int as n from notifications where user_id = ${workerId} and read_at is null`);
    expect(left).toBe(0);
    await settle(page);
    await shot(page, 'parties-messages-read');
  });

  it("(e) the mediator's forms: invite the employer, a representative, shares per worker, a paper signature, service", async () => {
    const body = {
      orgId: (await server.api('GET', '/me', undefined, mediator)).orgId,
      categories: ['wages'],
      summary: '两名工人被拖欠工资。',
      incidentDate: '2026-11-20',
      acceptNow: true,
      applicants: [
        { name: '韦大勇', phone: randomPhone('137'), claims: [{ category: 'wages', description: '10月至11月工资', amountFen: 800_000 }] },
        { name: '覃小梅', claims: [{ category: 'wages', description: '11月工资', amountFen: 400_000 }] },
      ],
      respondent: { name: '平果某建材有限公司' },
    };
    const second = (await server.api('POST', '/cases', body, mediator)).id as string;
    const page = await pages.open('mediator, forms', { viewport: DESKTOP });
    await signIn(page, server.base, 'e2e_parties_med', ADMIN_PASSWORD);
    await page.goto(`${server.base}/app/cases/${second}`);
    const open = async (action: string) => {
      await page.locator(`[data-action=${action}]`).click();
      return page.locator(`form[data-form=${action}]`);
    };
    const done = (words: string) => expect.poll(() => page.locator('.notice.ok').first().textContent()).toContain(words);

    let form = await open('invite_respondent');
    await form.locator('input[name=name]').fill('覃主任');
    await form.locator('input[name=phone]').fill(randomPhone('138'));
    await form.getByRole('button', { name: '发送邀请短信' }).click();
    await done('已邀请单位代表');
    await expect.poll(() => page.locator('[data-respondent=invited]').textContent()).toContain('覃主任');

    form = await open('add_representative');
    await form.locator('select[name=applicantIndex]').selectOption({ label: '覃小梅' });
    await form.locator('select[name=kind]').selectOption('legal_aid');
    await form.locator('input[name=name]').fill('平果县法律援助中心 农律师');
    await form.getByRole('button', { name: '提交' }).click();
    await done('已登记代理人');
    expect(await page.locator('section.parties').textContent()).toContain('法律援助：平果县法律援助中心 农律师（代理申请人 覃小梅）');

    // A settlement of 9,000 yuan split in proportion to the claims (6,000 and 3,000), to be signed afterwards.
    form = await open('settle');
    await form.locator('input[name="agreement.amountFen"]').fill('9000');
    await form.locator('textarea[name="agreement.terms"]').fill('被申请人于2027年1月10日前支付两名申请人工资共9000元。');
    await form.getByLabel('分别写明每位劳动者应得的金额').check();
    await form.getByRole('button', { name: '按请求金额比例分配总额' }).click();
    expect(await form.locator('input[name="perApplicant.0"]').inputValue()).toBe('6000');
    expect(await form.locator('input[name="perApplicant.1"]').inputValue()).toBe('3000');
    // A share typed wrong is caught at the sum before anything is sent.
    await form.locator('input[name="perApplicant.1"]').fill('2500');
    expect(await form.locator('[data-shares-sum]').textContent()).toContain('相差 ¥500.00');
    await form.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => form.textContent()).toContain('各位劳动者的金额合计¥8,500.00，与协议总额¥9,000.00不一致');
    await form.scrollIntoViewIfNeeded();
    await shot(page, 'parties-settle-form');
    await form.locator('input[name="perApplicant.1"]').fill('3000');
    expect(await form.getByLabel('各方已当场在纸质协议上签字').isChecked()).toBe(false);
    await form.getByRole('button', { name: '提交' }).click();
    await done('已达成协议');
    const agreement = page.locator('section.agreement');
    expect(await agreement.locator('[data-signed=no]').count()).toBe(3);
    expect(await agreement.locator('.shares-table').textContent()).toContain('覃小梅¥3,000.00');

    // The employer's representative signed the paper in front of the mediator.
    form = await open('sign');
    await form.locator('select[name=party]').selectOption({ label: '用人单位：平果某建材有限公司' });
    await form.getByRole('button', { name: '确认签署' }).click();
    await done('已登记当面签字');
    await expect.poll(() => agreement.locator('[data-signed=yes]').textContent()).toContain('当面签字');

    // By SMS the worker without a phone cannot be reached: said so in Chinese, and nothing is served.
    pages.expectError(/400/);
    form = await open('serve');
    await form.locator('select[name=documentType]').selectOption({ label: '文书：调解协议书' });
    await form.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => form.textContent()).toContain('有申请人没有登记手机号，请改为当面送达或邮寄送达');
    // By post to the employer, received yesterday at ten.
    await form.locator('select[name=to]').selectOption('respondent');
    await form.locator('select[name=channel]').selectOption('post');
    const yesterday = chinaDate(new Date(Date.now() - 86_400_000));
    await form.locator('input[name=servedAt]').fill(`${yesterday}T10:00`);
    await form.getByRole('button', { name: '提交' }).click();
    await done('已送达文书');
    const served = page.locator('section.services [data-service=served]');
    await expect.poll(() => served.textContent()).toContain(`送达日期：${dateZh(yesterday)}`);
    expect(await served.textContent()).toContain('用人单位 覃主任 · 邮寄送达');
    await top(page);
    await shot(page, 'parties-mediator-forms');
  });

  it('no page logged an error it should not have', () => {
    expect(pages.unexpected()).toEqual([]);
  });
});
