/**
 * Every page of every role, on the demo data of `npm start`, in Chromium: axe-core finds no
 * serious or critical violation, no English reaches the page, and no date is shown in numbers
 * (2026-12-06) rather than in Chinese form (issue 20).
 *
 * Each person signs in at the size they use (workers on a 390-pixel phone, staff and supervisors
 * at a desktop, the administrator at both) and visits every page their menu and their cases lead
 * to: the case page of each kind of proceeding in each state, with every "这个日期是怎么算的" and
 * other <details> opened, and each action form once. On each page the test runs axe-core and reads
 * what a person can see or hear: the rendered text, the page title, option texts and the
 * placeholder / title / aria-label / aria-valuetext / alt attributes, and lists every Latin word
 * in them that is not a name, a code or a unit (LATIN_ALLOWED in support.ts and the demo's own codes below).
 *
 * Findings are collected per person and reported together, each once with the pages it was seen
 * on, so one run shows all of them. The workers' pages are also saved as screenshots
 * (tests/e2e/screenshots/every-page-worker-*.png) to be looked at. Chart.js draws the dashboard's
 * charts on a canvas: their text is not in the page and is not read here (the same figures are in
 * the dashboard's table, which is). Native date inputs draw their own empty-field hint in the
 * browser's language, outside the page, and are not read either.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGS, DEMO_STAFF, DEMO_WORKERS } from '../../seeds/demo.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, DESKTOP, LATIN_ALLOWED, PHONE, type Pages, closeSuite, openSuite, settle, shot, signIn, skipBrowser, type E2eServer } from './support.js';

const INTAKE_CODES = DEMO_ORGS.map((o) => o.intakeCode);
const USERNAMES = [...DEMO_STAFF.map((s) => s.username), 'admin'];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const word = (alternatives: string[]) => new RegExp(`(?<![A-Za-z0-9._])(?:${alternatives.map(escape).join('|')})(?![A-Za-z0-9_])`, 'g');
/** Codes anywhere: an intake code alone or at the head of a case number. */
const CODES = word(INTAKE_CODES);
/** Web addresses (the QR sign prints its intake link). */
const URLS = /\bhttps?:\/\/[^\s<>"'，。）]+/g;
/** User names are names: the administrator's account list shows them. */
const USER_NAMES = word(USERNAMES);

/** 2026-12-06, 2026/12/6, 12/06/2026 (a case number's PGZGH-2026-00012 is none of these). */
const NUMERIC_DATE = /(?<![\d-])(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}\/\d{1,2}\/\d{4})(?![\d-])/g;
/** Unified social credit codes (统一社会信用代码) of employers: 18 characters of digits and capitals. */
const CREDIT_CODES = /(?<![0-9A-Z])[0-9A-HJ-NP-RT-Y]{2}\d{6}[0-9A-HJ-NP-RT-Y]{10}(?![0-9A-Z])/g;
/** A run of Latin words with what joins them ("art. 14 (counts from receipt)"), reported whole. */
const LATIN_RUN = /[A-Za-z]{2,}(?:[\s\d.,;:()'/&+-]*[A-Za-z]{2,})*/g;

/** The Latin phrases of a text that are not names, codes or units, each with a little of its context. */
function englishIn(text: string, opts: { userNames: boolean }): string[] {
  let t = text.replace(URLS, ' ').replace(CREDIT_CODES, ' ').replace(CODES, ' ');
  if (opts.userNames) t = t.replace(USER_NAMES, ' ');
  const out: string[] = [];
  for (const m of t.matchAll(LATIN_RUN)) {
    if ((m[0].match(/[A-Za-z]{2,}/g) ?? []).every((w) => LATIN_ALLOWED.has(w))) continue;
    const at = m.index ?? 0;
    const context = t.slice(Math.max(0, at - 12), at + m[0].length + 12).replace(/\s+/g, ' ').trim();
    out.push(`"${m[0]}" in “${context}”`);
  }
  return out;
}

/** What a person can see or hear on the page, gathered in the page. */
function visibleTexts(): string[] {
  const parts = [document.title, document.body.innerText];
  for (const el of Array.from(document.querySelectorAll('[placeholder], [title], [aria-label], [aria-valuetext], [alt], [aria-roledescription]'))) {
    for (const a of ['placeholder', 'title', 'aria-label', 'aria-valuetext', 'alt', 'aria-roledescription']) {
      const v = el.getAttribute(a);
      if (v) parts.push(v);
    }
  }
  for (const o of Array.from(document.querySelectorAll('option, svg text, svg title'))) parts.push(o.textContent ?? '');
  return parts;
}

const MAX_NODES = 4;

/** One problem on one page. */
interface Finding {
  page: string;
  /** The rule and the element (or the English), the same wherever it recurs. */
  what: string;
  /** An example of the element's markup. */
  example?: string;
}

describe.skipIf(skipBrowser)('every page of every role: axe-core, no English, dates in Chinese', () => {
  let server: E2eServer;
  let browser: Browser;
  let pages: Pages;
  /** Visited pages, to report how many were checked. */
  let visited = 0;

  beforeAll(async () => {
    ({ server, browser, pages } = await openSuite({ demo: true }));
  }, 240_000);

  afterAll(() => closeSuite({ pages, browser, server }));

  /** Answers of 400 and above, by whom and for what address. */
  const failedResponses: string[] = [];
  /** Requests in flight per page, so a page is known to be loaded without waiting for the network to stay idle. */
  const inflight = new WeakMap<Page, number>();

  /** A page of its own for a person (Pages records its console errors), its requests counted. */
  async function open(who: string, viewport: { width: number; height: number }): Promise<Page> {
    const page = await pages.open(who, { viewport });
    inflight.set(page, 0);
    const add = (n: number) => () => inflight.set(page, (inflight.get(page) ?? 0) + n);
    page.on('request', add(1));
    page.on('requestfinished', add(-1));
    page.on('requestfailed', add(-1));
    page.on('response', (r) => {
      if (r.status() >= 400) failedResponses.push(`${who}: ${r.status()} ${new URL(r.url()).pathname}`);
    });
    return page;
  }

  /** Waits for the page to finish loading: no "正在加载" left and no request in flight, over two frames running. */
  async function ready(page: Page) {
    const BUSY = '.loading, .boot, [aria-busy="true"]';
    for (let quiet = 0, round = 0; quiet < 2; round++) {
      if (round > 300) throw new Error(`${page.url()}: requests still in flight`);
      await page.waitForFunction((busy) => document.readyState === 'complete' && document.querySelector('main') && !document.querySelector(busy), BUSY).catch(async () => {
        const left = await page.evaluate((busy) => Array.from(document.querySelectorAll(busy), (e) => e.outerHTML.slice(0, 160)).join(' | '), BUSY);
        throw new Error(`${page.url()} did not finish loading: ${left || 'no <main>'}`);
      });
      await settle(page);
      quiet = inflight.get(page) === 0 && !(await page.evaluate((busy) => Boolean(document.querySelector(busy)), BUSY)) ? quiet + 1 : 0;
    }
  }

  /** axe-core's serious and critical violations, and the English, of the page as it is now. */
  async function audit(page: Page, label: string, findings: Finding[], opts: { userNames?: boolean; within?: string } = {}) {
    await ready(page);
    visited++;
    const axe = await (opts.within ? new AxeBuilder({ page }).include(opts.within) : new AxeBuilder({ page })).analyze();
    for (const v of axe.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      for (const n of v.nodes.slice(0, MAX_NODES)) {
        const data = n.any.find((c) => c.data && typeof c.data === 'object' && 'contrastRatio' in c.data)?.data as
          | { fgColor: string; bgColor: string; contrastRatio: number; expectedContrastRatio: string }
          | undefined;
        const why = data ? `${data.fgColor} on ${data.bgColor} = ${data.contrastRatio}:1, needs ${data.expectedContrastRatio}` : (n.failureSummary ?? '').split('\n').slice(1).join(' ').trim();
        findings.push({ page: label, what: `axe ${v.id} (${v.impact}) at ${n.target.join(' ')} — ${why}`, example: n.html.slice(0, 160) });
      }
      if (v.nodes.length > MAX_NODES) findings.push({ page: label, what: `axe ${v.id}: ${v.nodes.length - MAX_NODES} more elements beside the ${MAX_NODES} above` });
    }
    const texts = await page.evaluate(visibleTexts);
    const english = [...new Set(texts.flatMap((t) => englishIn(t, { userNames: Boolean(opts.userNames) })))];
    for (const e of english) findings.push({ page: label, what: `English ${e}` });
    // Every date a person reads is in Chinese form (2026年12月6日), never 2026-12-06 or 12/06/2026.
    const numericDates = [...new Set(texts.flatMap((t) => [...t.replace(URLS, ' ').matchAll(NUMERIC_DATE)].map((m) => m[0])))];
    for (const d of numericDates) findings.push({ page: label, what: `a date not in Chinese form: "${d}"` });
  }

  /** Opens an address and checks it landed there (not on a redirect or the not-found page). */
  async function visit(page: Page, path: string, label: string, findings: Finding[], opts: { userNames?: boolean; openDetails?: boolean } = {}) {
    await page.goto(`${server.base}${path}`);
    await ready(page);
    const at = new URL(page.url());
    expect(at.pathname + at.search, `${label}: ${path} redirected`).toBe(path);
    expect(await page.locator('h1').first().textContent(), `${label}: ${path}`).not.toBe('没有这个页面');
    if (opts.openDetails) await openDetails(page);
    await audit(page, label, findings, opts);
  }

  /** Every <details> of the page open (the clock explanations, ended clocks, back-dating). */
  async function openDetails(page: Page) {
    await page.$$eval('details:not([open]) > summary', (ss) => ss.forEach((s) => (s as HTMLElement).click()));
  }

  /**
   * A case page with its explanations open, then each of its action forms not yet seen (axe-core
   * over the form alone: the rest of the page was just checked).
   */
  async function casePage(page: Page, who: string, c: { id: string; number: string; what: string }, seenActions: Set<string>, findings: Finding[], screenshot?: string) {
    const label = `${who} case ${c.number} (${c.what})`;
    await visit(page, `/app/cases/${c.id}`, label, findings, { openDetails: true });
    if (screenshot) await shot(page, screenshot);
    const actions = await page.$$eval('.action-buttons button[data-action]', (bs) => bs.map((b) => b.getAttribute('data-action')!));
    for (const a of actions) {
      if (seenActions.has(a)) continue;
      seenActions.add(a);
      const button = page.locator(`.action-buttons button[data-action="${a}"]`);
      await button.click();
      await page.locator('.action-form').first().waitFor();
      await openDetails(page);
      await audit(page, `${label} form “${a}”`, findings, { within: '.action-form' });
      await button.click();
    }
  }

  /** Staff share one case page and one form of each kind: mediators, arbitrators and court liaisons see the same components. */
  const staffCases = new Set<string>();
  const staffActions = new Set<string>();

  /** Cases a person sees, one of each kind of proceeding in each state (and outcome) not in `skip`. */
  async function casesOfEachState(username: string, skip: Set<string>): Promise<{ id: string; number: string; what: string }[]> {
    const token = await server.token(username);
    const seen = new Map<string, { id: string; number: string; what: string }>();
    let cursor: string | null = null;
    for (let round = 0; round < 5; round++) {
      const page: { items: { id: string; number: string; currentKind: string; state: string; status: string; outcome: string | null; kind: string }[]; nextCursor: string | null } =
        await server.api('GET', `/cases?limit=100${cursor ? `&cursor=${cursor}` : ''}`, undefined, token);
      for (const c of page.items) {
        const what = [c.currentKind, c.state, c.outcome ?? c.status, c.kind === 'collective' ? 'collective' : ''].filter(Boolean).join(' ');
        if (!seen.has(what) && !skip.has(what)) seen.set(what, { id: c.id, number: c.number, what });
      }
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    for (const what of seen.keys()) skip.add(what);
    return [...seen.values()];
  }

  /** Fails with each finding once, an example of its markup, and the pages it was seen on. */
  function report(findings: Finding[]) {
    const seen = new Map<string, { example?: string; on: string[] }>();
    for (const f of findings) {
      const entry = seen.get(f.what) ?? { example: f.example, on: [] };
      entry.on.push(f.page);
      seen.set(f.what, entry);
    }
    const lines = [...seen].map(
      ([what, { example, on }]) =>
        `${what}${example ? `\n    e.g. ${example}` : ''}\n    on ${on.slice(0, 3).join('; ')}${on.length > 3 ? ` and ${on.length - 3} more pages` : ''}`,
    );
    expect(lines.length, `${lines.length} findings:\n${lines.join('\n')}\n`).toBe(0);
  }

  it('the scans: codes, case numbers, addresses and the allowed words pass; English prose and citations, and numeric dates, do not', () => {
    expect(englishIn('PGZGH-2025-00012 · 扫码 · https://tiaojie.example.cn/i/PGZGH · 下载 CSV（Excel/WPS 可直接打开）', { userNames: false })).toEqual([]);
    const citation = englishIn('依据：劳动争议调解仲裁法 art. 14 (counts from receipt)', { userNames: false });
    expect(citation).toHaveLength(1);
    expect(citation[0]).toMatch(/^"art\. 14 \(counts from receipt" in “.*劳动争议调解仲裁法 art\. 14/);
    expect(englishIn('统一社会信用代码 91451023MA5C4312GQ', { userNames: false })).toEqual([]);
    expect(englishIn('（3/5/10-day periods are working days）', { userNames: false })).toHaveLength(1);
    expect(englishIn('账号 mediator.union', { userNames: true })).toEqual([]);
    expect(englishIn('账号 mediator.union', { userNames: false })).toHaveLength(1);
    expect(englishIn('PGZGHX 4510 Z', { userNames: false })).toHaveLength(1);
    expect('PGZGH-2026-00012 2026年12月6日 2026-12-06 2026/1/5 12/06/2026 ¥1,200.00'.match(NUMERIC_DATE)).toEqual(['2026-12-06', '2026/1/5', '12/06/2026']);
  });

  it('signed out, on a phone and a desktop: the front page, sign-in, registration, the intake link', async () => {
    const findings: Finding[] = [];
    for (const [size, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const page = await open(`signed out (${size})`, viewport);
      const who = `signed out (${size})`;
      await visit(page, '/', `${who} home`, findings);
      // The first Tab reaches "跳到正文", which moves the keyboard past the menu to the page.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      await visit(page, '/app/login', `${who} sign-in`, findings);
      if (size === 'phone') {
        await page.click('form button[type=submit]');
        await audit(page, `${who} sign-in with its errors`, findings);
      }
      await visit(page, '/app/register', `${who} registration`, findings);
      if (size === 'phone') {
        await page.fill('input[name=phone]', '123');
        await page.click('form button[type=submit]');
        await audit(page, `${who} registration with its errors`, findings);
      }
      await visit(page, '/i/PGZGH', `${who} intake PGZGH`, findings);
      // The page asks for the code and is told 404; it says so in words.
      pages.expectError(/status of 404/);
      await visit(page, '/i/000000', `${who} intake with a code that does not exist`, findings);
      await visit(page, '/app/login?next=%2Fi%2FPGZGH', `${who} sign-in from the intake link`, findings);
    }
    report(findings);
  }, 120_000);

  it('workers on a phone: my cases, applying, the intake form, each of their cases with its dates explained and its forms', async () => {
    const findings: Finding[] = [];
    const seenActions = new Set<string>();
    for (const [i, w] of DEMO_WORKERS.entries()) {
      const who = `worker ${w.phone}`;
      const page = await open(who, PHONE);
      await signIn(page, server.base, w.phone, DEMO_PASSWORD);
      await visit(page, '/app/my', `${who} 我的案件`, findings);
      await shot(page, `every-page-worker-${w.phone}-my-cases`);
      if (i === 0) {
        await visit(page, '/app/file', `${who} 我要申请`, findings);
        await page.locator('.pick').first().click();
        await page.locator('form.case-form').waitFor();
        await audit(page, `${who} claim form (chosen from the list)`, findings);
        await visit(page, '/i/PGZGH', `${who} claim form from the intake link`, findings);
        await page.click('form.case-form button[type=submit]');
        await audit(page, `${who} claim form with its errors`, findings);
        await shot(page, `every-page-worker-claim-form-errors`);
      }
      const token = await server.token(w.phone);
      const mine: { items: { id: string; number: string; currentKind: string; state: string; status: string }[] } = await server.api('GET', '/cases?limit=50', undefined, token);
      for (const c of mine.items)
        await casePage(page, who, { id: c.id, number: c.number, what: `${c.currentKind} ${c.state} ${c.status}` }, seenActions, findings, `every-page-worker-${w.phone}-${c.number}`);
    }
    report(findings);
  }, 180_000);

  for (const username of ['mediator.union', 'arbitrator.pingguo', 'court.pingguo']) {
    it(`${username} at a desktop: workbench, case list, new case, QR sign, dashboard, a case of each kind and state with its forms`, async () => {
      const findings: Finding[] = [];
      const who = username;
      const page = await open(who, DESKTOP);
      await signIn(page, server.base, username, DEMO_PASSWORD);
      await visit(page, '/app/work', `${who} workbench`, findings);
      await visit(page, '/app/cases', `${who} case list`, findings);
      await visit(page, '/app/new', `${who} new case`, findings);
      if (!username.startsWith('court.')) await visit(page, '/app/qr', `${who} QR sign`, findings);
      await visit(page, '/app/dashboard', `${who} dashboard`, findings);
      for (const c of await casesOfEachState(username, staffCases)) await casePage(page, who, c, staffActions, findings);
      if (username === 'mediator.union') {
        const phone = await open(`${who} (phone)`, PHONE);
        await signIn(phone, server.base, username, DEMO_PASSWORD);
        await visit(phone, '/app/work', `${who} (phone) workbench`, findings);
        await visit(phone, '/app/cases', `${who} (phone) case list`, findings);
      }
      report(findings);
    }, 180_000);
  }

  it('supervisor.baise at a desktop and a phone: dashboard, the region’s cases, a case of each kind', async () => {
    const findings: Finding[] = [];
    const who = 'supervisor.baise';
    const page = await open(who, DESKTOP);
    await signIn(page, server.base, who, DEMO_PASSWORD);
    await visit(page, '/app/dashboard', `${who} dashboard`, findings);
    await visit(page, '/app/cases', `${who} case list`, findings);
    // A supervisor reads cases (masked, no actions): one of each kind of proceeding.
    const cases = await casesOfEachState(who, new Set());
    const oneOfEachKind = cases.filter((c, i) => cases.findIndex((d) => d.what.split(' ')[0] === c.what.split(' ')[0]) === i);
    for (const c of oneOfEachKind) await casePage(page, who, c, new Set(), findings);
    const phone = await open(`${who} (phone)`, PHONE);
    await signIn(phone, server.base, who, DEMO_PASSWORD);
    await visit(phone, '/app/dashboard', `${who} (phone) dashboard`, findings);
    report(findings);
  }, 120_000);

  it('the administrator at a desktop and a phone: organisations, accounts, the holiday calendar, a QR sign', async () => {
    const findings: Finding[] = [];
    const token = await server.token('admin', ADMIN_PASSWORD);
    const orgs: { items: { id: string; intakeCode: string | null }[] } = await server.api('GET', '/organizations', undefined, token);
    const union = orgs.items.find((o) => o.intakeCode === 'PGZGH')!;
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const who = `admin (${size})`;
      const page = await open(who, viewport);
      await signIn(page, server.base, 'admin', ADMIN_PASSWORD);
      await visit(page, '/app/admin/orgs', `${who} organisations`, findings, { userNames: true });
      await visit(page, '/app/admin/users', `${who} accounts`, findings, { userNames: true });
      await visit(page, '/app/admin/calendar', `${who} holiday calendar`, findings, { userNames: true });
      await visit(page, `/app/qr/${union.id}`, `${who} QR sign of PGZGH`, findings);
    }
    report(findings);
  }, 120_000);

  it('no page logged an error, and the only failed request was the unknown intake code', () => {
    expect(visited).toBeGreaterThan(40);
    expect(failedResponses).toEqual(['signed out (phone): 404 /organizations/by-intake/000000', 'signed out (desktop): 404 /organizations/by-intake/000000']);
    expect(pages.unexpected()).toEqual([]);
  });
});
