/**
 * How the pages reach a worker's phone, in Chromium at phone size: a QR code's page arrives with
 * its organisation and claim frame in the first answer (it works before any script has come, and
 * the app takes it over without moving anything), the files arrive Brotli-compressed with their
 * cache lives, a signed-in worker gets the claim form from the same link, and 我要申请 offers the
 * organisations grouped by place without enterprises' own committees. Timings are not asserted
 * here; tests/bench/page-load.ts measures them on a throttled line.
 */
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, Pages, launchChromium, settle, shot, skipBrowser, startServer, type E2eServer } from './support.js';

describe.skipIf(skipBrowser)('delivery to a phone: the QR page, compressed files, 我要申请', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  let base = '';
  const worker = { phone: '13907768821', password: 'worker-password-1', name: '韦秀英' };

  beforeAll(async () => {
    server = await startServer();
    base = server.base;
    browser = await launchChromium();
    pages = new Pages(browser, base);
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

  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await server?.close();
  });

  it('shows the organisation and the register button from the HTML alone, before any script runs', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/i/PGZGH`);
      await expect(page.locator('.org-banner h1').textContent()).resolves.toBe('平果市总工会劳动争议调解室');
      await expect(page.locator('.org-banner .org-kind').textContent()).resolves.toBe('工会劳动争议调解组织');
      const register = page.locator('a', { hasText: '注册并填写申请' });
      expect(await register.isVisible()).toBe(true);
      // Styled already: the banner has its colour without a stylesheet to fetch.
      expect(await page.locator('.org-banner').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');
      // The buttons are plain links: they work before the script has come.
      await register.click();
      await page.waitForURL((u) => u.pathname === '/app/register');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/i/PGZGH');
    } finally {
      await context.close();
    }
  });

  it('lets the app take the frame over without anything moving or changing its words', async () => {
    const page = await pages.open('visitor', { viewport: PHONE });
    // Hold the script back, to look at the page as the server sent it first.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const box = () => page.locator('a', { hasText: '注册并填写申请' }).boundingBox();
    const words = () => page.locator('#app').innerText();
    // A module script holds DOMContentLoaded back, not the first paint.
    await page.goto(`${base}/i/PGZGH`, { waitUntil: 'commit' });
    await page.locator('a', { hasText: '注册并填写申请' }).waitFor();
    await settle(page);
    const before = { box: await box(), words: await words() };
    expect(before.box).not.toBeNull();
    // Marks on the server's elements: the app keeps them (no element drawn anew, nothing flashes).
    await page.evaluate(() => document.querySelectorAll('#app *').forEach((el) => ((el as unknown as { fromServer: boolean }).fromServer = true)));
    await shot(page, 'delivery-intake-frame-phone');
    release();
    await page.waitForLoadState('load');
    await settle(page);
    // The app is in charge: the sign-in link now navigates inside the page, without a new document.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    expect({ box: await box(), words: await words() }).toEqual(before);
    expect(await page.evaluate(() => Array.from(document.querySelectorAll('#app *')).filter((el) => !(el as unknown as { fromServer?: boolean }).fromServer).map((el) => el.outerHTML))).toEqual([]);
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
    for (const h of [...(await byPath(/^\/app\/login$/)), ...(await byPath(/^\/i\/PGZGH$/))]) {
      expect(h['content-encoding']).toBe('br');
      expect(h['cache-control']).toBe('no-cache');
    }
    expect(pages.unexpected()).toEqual([]);
  });

  it('gives a signed-in worker the claim form for that organisation from the same link', async () => {
    const page = await pages.open('worker', { viewport: PHONE });
    await page.goto(`${base}/app/login`);
    await page.fill('input[name=username]', worker.phone);
    await page.fill('input[name=password]', worker.password);
    await page.click('form button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/app/my');
    // As from a camera app: a new document, not a click inside the app.
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.goto(`${base}/i/PGZGH`);
    await expect(page.locator('.org-banner h1').textContent()).resolves.toBe('平果市总工会劳动争议调解室');
    await page.locator('.form-page form input').first().waitFor();
    expect(await page.locator('a', { hasText: '注册并填写申请' }).count()).toBe(0);
    // The page preloads GET /me and the app takes that answer: asked once. The organisation came in the page.
    expect(asked.filter((p) => p === '/me')).toEqual(['/me']);
    expect(asked.filter((p) => p.startsWith('/organizations/by-intake'))).toEqual([]);
    await shot(page, 'delivery-intake-worker-phone');
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
    const page = await pages.open('worker', { viewport: PHONE });
    await page.goto(`${base}/app/login`);
    await page.fill('input[name=username]', worker.phone);
    await page.fill('input[name=password]', worker.password);
    await page.click('form button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/app/my');
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
    await expect(page.locator('.org-banner h1').textContent()).resolves.toBe('平果市马头镇劳动争议调解中心');
    await page.locator('.form-page form input').first().waitFor();
    expect(pages.unexpected()).toEqual([]);
  });

  it('still takes an enterprise committee’s claims through its own QR code', async () => {
    const page = await pages.open('worker', { viewport: PHONE });
    await page.goto(`${base}/app/login`);
    await page.fill('input[name=username]', worker.phone);
    await page.fill('input[name=password]', worker.password);
    await page.click('form button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/app/my');
    await page.goto(`${base}/i/PGHTLY`);
    await expect(page.locator('.org-banner h1').textContent()).resolves.toBe('广西平果恒通铝业有限公司劳动争议调解委员会');
    await page.locator('.form-page form input').first().waitFor();
    expect(pages.unexpected()).toEqual([]);
  });
});
