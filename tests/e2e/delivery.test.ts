/**
 * How the pages reach a worker's phone, in Chromium at phone size: a QR code's page arrives with
 * its organisation and claim frame in the first answer (it works before any script has come, and
 * the app takes it over without moving anything), the files arrive Brotli-compressed with their
 * cache lives, a signed-in worker gets the claim form itself in the first answer (disabled until
 * the app has it and knows her, so nothing she types is lost), a session that has ended turns
 * into the signed-out page, and 我要申请 offers the organisations grouped by place without
 * enterprises' own committees. Timings are not asserted here; tests/bench/page-load.ts measures
 * them on a throttled line.
 */
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, type Pages, SHOTS, closeSuite, openSuite, settle, shot, signIn, skipBrowser, type E2eServer } from './support.js';

describe.skipIf(skipBrowser)('delivery to a phone: the QR page, compressed files, 我要申请', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  let base = '';
  const worker = { phone: '13907768821', password: 'worker-password-1', name: '韦秀英' };

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite());
    base = server.base;
    const admin = await server.token('admin');
    const org = (name: string, kind: string, regionCode: string, intakeCode: string) =>
      server.api('POST', '/organizations', { name, kind, regionCode, intakeCode }, admin);
    // Listed out of order on purpose; the page orders them.
    await org('深圳市宝安区劳动人事争议多元调解中心', 'mediation_center', '440306', 'BATJZX');
    await org('平果市劳动人事争议仲裁委员会', 'arbitration_commission', '451023', 'PGZC');
    await org('平果市总工会劳动争议调解室', 'union', '451023', 'PGZGH');
    await org('广西平果恒通铝业有限公司劳动争议调解委员会', 'enterprise_committee', '451023', 'PGHTLY');
    await org('平果市马头镇劳动争议调解中心', 'township_center', '451023', 'PGMTZ');
    await org('百色市劳动人事争议仲裁委员会', 'arbitration_commission', '451000', 'BSZC');
    await org('南宁市总工会劳动争议调解委员会', 'union', '450100', 'NNZGH');
    await org('平果市人民法院', 'court', '451023', 'PGFY');
    await server.api('POST', '/auth/register', worker);
  });

  afterAll(() => closeSuite({ pages, browser, server }));

  /** A page at phone size signed in as a worker, on her cases. */
  async function workerPage(who: string, account: { phone: string; password: string } = worker) {
    const page = await pages.open(who, { viewport: PHONE });
    await signIn(page, base, account.phone, account.password, '/app/my');
    return page;
  }
  /** A phone without scripts (a context of its own), closed after `fn`. */
  async function withoutScripts(fn: (context: BrowserContext) => Promise<void>) {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', javaScriptEnabled: false });
    try {
      await fn(context);
    } finally {
      await context.close();
    }
  }
  const banner = (page: Page) => page.locator('.org-banner h1').textContent();
  /** Holds back every request matching `re` until `release` is called. */
  async function hold(page: Page, re: RegExp) {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(re, async (route) => {
      await held;
      await route.continue();
    });
    return release;
  }
  /** Marks the elements the server sent, to tell later whether the app kept them or drew its own. */
  const mark = (page: Page) => page.evaluate(() => document.querySelectorAll('#app *').forEach((el) => ((el as unknown as { fromServer: boolean }).fromServer = true)));
  const unmarked = (page: Page) =>
    page.evaluate(() => Array.from(document.querySelectorAll('#app *')).filter((el) => !(el as unknown as { fromServer?: boolean }).fromServer).map((el) => el.outerHTML.slice(0, 120)));

  it('shows the organisation and the register button from the HTML alone, before any script runs', async () => {
    await withoutScripts(async (context) => {
      const page = await context.newPage();
      await page.goto(`${base}/i/PGZGH`);
      await expect(banner(page)).resolves.toBe('平果市总工会劳动争议调解室');
      await expect(page.locator('.org-banner .org-kind').textContent()).resolves.toBe('工会劳动争议调解组织');
      const register = page.locator('a', { hasText: '注册并填写申请' });
      expect(await register.isVisible()).toBe(true);
      // Styled already: the banner has its colour without a stylesheet to fetch.
      expect(await page.locator('.org-banner').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');
      // The buttons are plain links: they work before the script has come.
      await register.click();
      await page.waitForURL((u) => u.pathname === '/app/register');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/i/PGZGH');
    });
  });

  it('lets the app take the frame over without anything moving or changing its words', async () => {
    const page = await pages.open('visitor', { viewport: PHONE });
    // Hold the script back, to look at the page as the server sent it first.
    const release = await hold(page, /\/assets\/index-[^/]+\.js$/);
    const box = () => page.locator('a', { hasText: '注册并填写申请' }).boundingBox();
    const words = () => page.locator('#app').innerText();
    // A module script holds DOMContentLoaded back, not the first paint.
    await page.goto(`${base}/i/PGZGH`, { waitUntil: 'commit' });
    await page.locator('a', { hasText: '注册并填写申请' }).waitFor();
    await settle(page);
    const before = { box: await box(), words: await words() };
    expect(before.box).not.toBeNull();
    // Marks on the server's elements: the app keeps them (no element drawn anew, nothing flashes).
    await mark(page);
    await shot(page, 'delivery-intake-frame-phone');
    release();
    await page.waitForLoadState('load');
    await settle(page);
    // The app is in charge: the sign-in link now navigates inside the page, without a new document.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    expect({ box: await box(), words: await words() }).toEqual(before);
    expect(await unmarked(page)).toEqual([]);
    await page.locator('a', { hasText: '已有账号，登录' }).click();
    await page.waitForURL((u) => u.pathname === '/app/login');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(pages.unexpected()).toEqual([]);
  });

  it('sends the page, its script and its styles Brotli-compressed, assets cached for a year and the page revalidated', async () => {
    const page = await pages.open('visitor', { viewport: PHONE });
    const seen: Response[] = [];
    page.on('response', (r) => seen.push(r));
    await page.goto(`${base}/app/login`);
    await page.locator('input[name=username]').waitFor();
    await page.goto(`${base}/i/PGZGH`);
    await page.waitForLoadState('load');
    const byPath = async (re: RegExp) => {
      const found = seen.filter((r) => re.test(new URL(r.url()).pathname));
      expect(found.length, String(re)).toBeGreaterThan(0);
      return Promise.all(found.map((r) => r.allHeaders()));
    };
    for (const h of [...(await byPath(/^\/assets\/index-[^/]+\.js$/)), ...(await byPath(/^\/assets\/index-[^/]+\.css$/))]) {
      expect(h['content-encoding']).toBe('br');
      expect(h['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(h.vary).toContain('accept-encoding');
    }
    for (const h of await byPath(/^\/app\/login$/)) {
      expect(h['content-encoding']).toBe('br');
      expect(h['cache-control']).toBe('no-cache');
    }
    // The QR page depends on the session cookie: kept by no shared cache, and per cookie.
    for (const h of await byPath(/^\/i\/PGZGH$/)) {
      expect(h['content-encoding']).toBe('br');
      expect(h['cache-control']).toBe('private, no-cache');
      expect(h.vary).toContain('cookie');
    }
    expect(pages.unexpected()).toEqual([]);
  });

  it('gives a signed-in worker the claim form for that organisation from the same link', async () => {
    const page = await workerPage('worker');
    // As from a camera app: a new document, not a click inside the app.
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.goto(`${base}/i/PGZGH`);
    await expect(banner(page)).resolves.toBe('平果市总工会劳动争议调解室');
    await page.locator('.form-page form input').first().waitFor();
    expect(await page.locator('a', { hasText: '注册并填写申请' }).count()).toBe(0);
    // The page preloads GET /me and the app takes that answer: asked once. The organisation came in the page.
    expect(asked.filter((p) => p === '/me')).toEqual(['/me']);
    expect(asked.filter((p) => p.startsWith('/organizations/by-intake'))).toEqual([]);
    await shot(page, 'delivery-intake-worker-phone');
    expect(pages.unexpected()).toEqual([]);
  });

  /** Where the parts of the QR page a worker reads are in the page (not the viewport: a tap may scroll it; the banner moves if the sticky header grows). */
  const layout = (page: Page) =>
    page.evaluate(() =>
      Object.fromEntries(
        ['.org-banner', '.form-page .notice', '.form-page form', 'input[name="respondent.name"]', 'form button[type=submit]'].map((sel) => {
          const r = document.querySelector(sel)!.getBoundingClientRect();
          return [sel, { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height }];
        }),
      ),
    );
  /** Taps a field and types, as a person would whether or not the field takes it. */
  const typeInto = async (page: Page, selector: string, text: string) => {
    await page.locator(selector).click({ force: true });
    await page.keyboard.type(text);
  };

  it('shows a signed-in worker the claim form from the HTML alone: disabled, saying it is being prepared, nothing of hers in it', async () => {
    await withoutScripts(async (context) => {
      // Signed in before on this phone: the session cookie (the sign-in answer sets it in this context).
      expect((await context.request.post(`${base}/auth/login`, { data: { username: worker.phone, password: worker.password } })).ok()).toBe(true);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${base}/i/PGZGH`);
      await expect(banner(page)).resolves.toBe('平果市总工会劳动争议调解室');
      const form = page.locator('.form-page form');
      expect(await form.isVisible()).toBe(true);
      await expect(page.locator('.form-page .notice').textContent()).resolves.toBe('表单正在准备，几秒后就能填写…');
      // Every field is there and none takes input yet.
      const fields = form.locator('input, textarea, select, button');
      expect(await fields.count()).toBeGreaterThan(10);
      expect(await form.locator('input:enabled, textarea:enabled, select:enabled, button:enabled').count()).toBe(0);
      expect(await page.locator('.form-page fieldset').getAttribute('aria-busy')).toBe('true');
      await typeInto(page, 'input[name="respondent.name"]', '平果铝业');
      expect(await page.locator('input[name="respondent.name"]').inputValue()).toBe('');
      // The name on the submit line is the organisation's, filled in by the server.
      await page.getByText('提交后，平果市总工会劳动争议调解室会在几个工作日内联系你。').waitFor();
      // Her menu, and nobody's data: the same page for every signed-in browser.
      expect(await page.locator('nav a').allTextContents()).toEqual(['我的案件', '消息', '我要申请']);
      expect(await page.locator('input[name="applicants.0.name"]').inputValue()).toBe('');
      expect(await page.content()).not.toContain(worker.name);
      expect(await page.locator('a', { hasText: '注册并填写申请' }).count()).toBe(0);
      // Without scripts there is no frame to wait for (shot's settle needs one).
      await page.screenshot({ path: join(SHOTS, 'delivery-intake-worker-frame-phone.png'), fullPage: true });
    });
  });

  it('lets the app take a signed-in worker’s form over and open it with her name: nothing moves, nothing typed is lost', async () => {
    const page = await workerPage('worker');
    // The script and GET /me held back, to look at each step.
    const releaseScript = await hold(page, /\/assets\/index-[^/]+\.js$/);
    const releaseMe = await hold(page, /\/me$/);
    await page.goto(`${base}/i/PGZGH`, { waitUntil: 'commit' });
    await page.locator('.form-page form input[name="respondent.name"]').waitFor();
    await settle(page);
    const first = await layout(page);
    await mark(page);
    await typeInto(page, 'input[name="respondent.name"]', '平果铝业');
    expect(await page.locator('input[name="respondent.name"]').inputValue()).toBe('');
    // The page as sent reads well to assistive technology too (axe-core: nothing serious or critical).
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // The script runs; who she is has not come yet: the same elements, still disabled, nothing moved.
    releaseScript();
    await page.waitForLoadState('load');
    await settle(page);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    expect(await unmarked(page)).toEqual([]);
    expect(await layout(page)).toEqual(first);
    expect(await page.locator('fieldset[disabled]').count()).toBe(1);
    await typeInto(page, 'input[name="respondent.name"]', '平果铝业');
    expect(await page.locator('input[name="respondent.name"]').inputValue()).toBe('');

    // GET /me answers: the form opens with her name in it, where it was.
    releaseMe();
    await page.locator('.form-page fieldset:not([disabled])').waitFor();
    await settle(page);
    await expect(page.locator('.form-page .notice').textContent()).resolves.toBe(`已登录：${worker.name}。按下面四步填写。`);
    expect(await page.locator('input[name="applicants.0.name"]').inputValue()).toBe(worker.name);
    expect(await page.locator('input[name="applicants.0.phone"]').inputValue()).toBe(worker.phone);
    expect(await page.locator('.form-page fieldset').getAttribute('aria-busy')).toBeNull();
    expect(await layout(page)).toEqual(first);
    expect(await page.locator('.who-name').textContent()).toContain(worker.name);
    await shot(page, 'delivery-intake-worker-ready-phone');

    // What she types now stays, and is what is filed.
    const incident = new Date(Date.now() - 20 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    await page.locator('label.choice', { hasText: '劳动报酬' }).click();
    await page.fill('textarea[name="desc.wages"]', '支付2026年9月至10月工资共9000元');
    await typeInto(page, 'input[name="respondent.name"]', '广西平果某建材有限公司');
    await page.fill('textarea[name=summary]', '我在公司做搬运，9月和10月的工资一直没发。');
    await page.fill('input[name=incidentDate]', incident);
    await settle(page);
    expect(await page.locator('input[name="respondent.name"]').inputValue()).toBe('广西平果某建材有限公司');
    await page.click('form button[type=submit]');
    await page.waitForURL((u) => /^\/app\/cases\/[^/]+$/.test(u.pathname));
    // Inside the app all along: no new document.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    const id = new URL(page.url()).pathname.split('/').pop();
    const filed = await server.api('GET', `/cases/${id}`, undefined, await server.token(worker.phone, worker.password));
    expect(filed.respondent.name).toBe('广西平果某建材有限公司');
    expect(filed.incidentDate).toBe(incident);
    expect(filed.applicants.map((a: { name: string }) => a.name)).toEqual([worker.name]);
    expect(filed.applicants[0].claims[0].description).toBe('支付2026年9月至10月工资共9000元');
    expect(pages.unexpected()).toEqual([]);
  });

  it('turns the form into the signed-out page when the session has ended elsewhere (a password changed on another phone)', async () => {
    const other = { phone: '13907768830', password: 'worker-password-2', name: '黄丽萍' };
    await server.api('POST', '/auth/register', other);
    const page = await workerPage('worker whose session ended', other);
    // Another phone changes the password: every other session, this browser's too, is signed out.
    await server.api('POST', '/me/password', { currentPassword: other.password, newPassword: 'worker-password-3' }, await server.token(other.phone, other.password));
    // The browser logs GET /me's 401 as a failed load; the page itself says nothing is wrong.
    pages.expectError(/401/);
    const releaseScript = await hold(page, /\/assets\/index-[^/]+\.js$/);
    await page.goto(`${base}/i/PGZGH`, { waitUntil: 'commit' });
    // The cookie still carries a token this server signed: the server sends the form…
    await page.locator('.form-page fieldset[disabled] form').waitFor();
    releaseScript();
    // …and the app, told by GET /me that nobody is signed in, shows the way to sign in again.
    await page.locator('a', { hasText: '已有账号，登录' }).waitFor();
    await page.locator('a', { hasText: '注册并填写申请' }).waitFor();
    await settle(page);
    expect(await page.locator('.form-page form').count()).toBe(0);
    expect(await page.locator('.form-page .notice').count()).toBe(0);
    expect(await page.locator('nav a').count()).toBe(0);
    expect(await page.locator('.topbar a', { hasText: '登录' }).count()).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('tiaojie.signedIn'))).toBeNull();
    await shot(page, 'delivery-intake-session-ended-phone');
    // Signing in again from here comes back to the form.
    await page.locator('a', { hasText: '已有账号，登录' }).click();
    await page.fill('input[name=username]', other.phone);
    await page.fill('input[name=password]', 'worker-password-3');
    await page.click('form button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/i/PGZGH');
    await page.locator('.form-page fieldset:not([disabled]) input[name="applicants.0.name"]').waitFor();
    expect(await page.locator('input[name="applicants.0.name"]').inputValue()).toBe(other.name);
    expect(pages.unexpected()).toEqual([]);
  });

  it('sends the signed-out page at once for an expired session cookie, and clears it', async () => {
    const page = await pages.open('worker with an expired session', { viewport: PHONE });
    // Signed in on this phone long ago: the pages' hint, and a cookie whose token no longer holds.
    await page.goto(`${base}/app/login`);
    await page.evaluate(() => localStorage.setItem('tiaojie.signedIn', '1'));
    await page.context().addCookies([{ name: 'tiaojie_session', value: 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.expired', url: base, httpOnly: true, sameSite: 'Strict' }]);
    // Records whether the form is ever drawn, from the first byte on.
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if (document.querySelector('#app form')) (window as unknown as { sawForm: boolean }).sawForm = true;
      }).observe(document, { childList: true, subtree: true });
    });
    // The hint makes the app ask GET /me once, which answers 401 (logged by the browser).
    pages.expectError(/401/);
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/me');
    await page.goto(`${base}/i/PGZGH`);
    await page.locator('a', { hasText: '注册并填写申请' }).waitFor();
    expect((await answered).status()).toBe(401);
    await settle(page);
    expect(await page.evaluate(() => (window as unknown as { sawForm?: boolean }).sawForm ?? false)).toBe(false);
    expect((await page.context().cookies(base)).map((c) => c.name)).not.toContain('tiaojie_session');
    expect(await page.evaluate(() => localStorage.getItem('tiaojie.signedIn'))).toBeNull();
    expect(pages.unexpected()).toEqual([]);
  });

  it('says so when the code on the sign is unknown', async () => {
    const page = await pages.open('visitor', { viewport: PHONE });
    // The page asks GET /organizations/by-intake/NOSUCH, which the browser logs as a failed load.
    pages.expectError(/404/);
    await page.goto(`${base}/i/NOSUCH`);
    await page.getByText('没有找到这个受理点').waitFor();
    expect(pages.unexpected()).toEqual([]);
  });

  it('我要申请: organisations grouped by place, each place by kind then name, no enterprise’s own committee and no court', async () => {
    const page = await workerPage('worker');
    await page.locator('nav a', { hasText: '我要申请' }).click();
    await page.locator('.pick').first().waitFor();
    const groups = await page.locator('main section').evaluateAll((sections) =>
      sections.map((s) => ({ place: s.querySelector('h2')!.textContent, orgs: Array.from(s.querySelectorAll('.pick strong')).map((x) => x.textContent) })),
    );
    expect(groups).toEqual([
      { place: '宝安区', orgs: ['深圳市宝安区劳动人事争议多元调解中心'] },
      { place: '南宁市', orgs: ['南宁市总工会劳动争议调解委员会'] },
      { place: '百色市', orgs: ['百色市劳动人事争议仲裁委员会'] },
      { place: '平果市', orgs: ['平果市总工会劳动争议调解室', '平果市马头镇劳动争议调解中心', '平果市劳动人事争议仲裁委员会'] },
    ]);
    await page.getByText('企业内部的劳动争议调解委员会只受理本企业职工的申请').waitFor();
    await shot(page, 'delivery-file-claim-phone');
    // Choosing one opens its claim form.
    await page.locator('.pick', { hasText: '平果市马头镇劳动争议调解中心' }).click();
    await expect(banner(page)).resolves.toBe('平果市马头镇劳动争议调解中心');
    await page.locator('.form-page form input').first().waitFor();
    expect(pages.unexpected()).toEqual([]);
  });

  it('still takes an enterprise committee’s claims through its own QR code', async () => {
    const page = await workerPage('worker');
    await page.goto(`${base}/i/PGHTLY`);
    await expect(banner(page)).resolves.toBe('广西平果恒通铝业有限公司劳动争议调解委员会');
    await page.locator('.form-page form input').first().waitFor();
    expect(pages.unexpected()).toEqual([]);
  });
});
