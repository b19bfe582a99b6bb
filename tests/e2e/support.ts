/**
 * What every browser test needs: the pages built, a real server on an embedded database (empty,
 * or with the demo data), Debian's Chromium, pages that record every console error, and a
 * person signed in. Tests import this; they never start Chromium or a server their own way.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { syncOfficialCalendars } from '../../src/calendar/service.js';
import { testConfig } from '../../src/config.js';
import { openDatabase, type DbHandle } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { pagesCurrent } from '../../scripts/pages-stamp.js';
import { DEMO_PASSWORD, seedDemo } from '../../seeds/demo.js';
import { TEST_PASSWORD_POLICY } from '../support/app.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = resolve(import.meta.dirname, '../..');
export const WEB = join(ROOT, 'dist/web');
export const SHOTS = join(ROOT, 'tests/e2e/screenshots');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };
export const ADMIN_PASSWORD = 'e2e-password-1';

/**
 * Latin words a page may show, each a name, an abbreviation or a unit Chinese readers use as it
 * is. Intake codes, case numbers (PGZGH-2025-00012), employers' credit codes, web addresses and,
 * on the administrator's pages, account user names are allowed separately (every-page.test.ts);
 * nothing else is.
 */
export const LATIN_ALLOWED = new Set([
  'CSV', // the statistics download's file format
  'Excel', // names of the spreadsheet programs that open it
  'WPS',
  'CNC', // a job title as workers write it (“CNC操作员” in the demo data)
  'PDF', // the documents' and uploads' file formats, named so on every phone
  'JPG',
  'PNG',
  'WebP',
  'KB', // a file's size
  'MB',
]);
export { DEMO_PASSWORD };

export const hasChromium = existsSync(CHROMIUM);
/** Browser suites drive the embedded database themselves; a PostgreSQL pass would only repeat them. */
export const onPostgresPass = Boolean(process.env.TEST_DATABASE_URL);
/** `describe.skipIf(skipBrowser)`: no Chromium here, or the PostgreSQL pass. */
export const skipBrowser = !hasChromium || onPostgresPass;
if (!hasChromium) {
  console.warn(`tests/e2e: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium fonts-noto-cjk to run the browser tests)`);
}

export const CHROMIUM_ARGS = ['--headless', '--lang=zh-CN', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Builds the pages when dist/web is missing or was built from other sources (its build-stamp, as `npm start` checks). */
export function ensurePagesBuilt() {
  if (pagesCurrent(WEB, ROOT)) return;
  execFileSync('npm', ['run', '--silent', 'build:web', '--', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

/** A settled frame: layout and charts have drawn. */
export const settle = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

export interface E2eServer {
  app: FastifyInstance;
  handle: DbHandle;
  base: string;
  /** A JSON call to the API as a script would make it; throws on a non-2xx answer. */
  api<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<T>;
  /** A token for an account (the demo password for demo accounts, ADMIN_PASSWORD for admin and test accounts). */
  token(username: string, password?: string): Promise<string>;
  /** Pins the server's clock (acts are recorded at this moment); null goes back to real time. */
  setNow(d: Date | null): void;
  close(): Promise<void>;
}

/**
 * A real server on a fresh in-memory database with the official calendars and the administrator
 * (`admin` / ADMIN_PASSWORD); with `demo: true`, also the demo data of `npm start` (every demo
 * account's password is DEMO_PASSWORD).
 */
export async function startServer(opts: { demo?: boolean; now?: Date } = {}): Promise<E2eServer> {
  ensurePagesBuilt();
  mkdirSync(SHOTS, { recursive: true });
  const handle = openDatabase({ pgliteDir: 'memory://' });
  await runMigrations(handle);
  await syncOfficialCalendars(handle.db);
  await ensureAdmin(handle.db, { username: 'admin', password: ADMIN_PASSWORD, policy: TEST_PASSWORD_POLICY });
  if (opts.demo) await seedDemo(handle.db, { passwordPolicy: TEST_PASSWORD_POLICY, ...(opts.now ? { now: opts.now } : {}) });
  let pinned: Date | null = null;
  const app = await buildApp({
    config: testConfig(),
    db: handle.db,
    now: () => pinned ?? new Date(),
    logger: false,
    passwordPolicy: TEST_PASSWORD_POLICY,
    webRoot: WEB,
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const api: E2eServer['api'] = async (method, path, body, token) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = res.status === 204 ? null : await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    app,
    handle,
    base,
    api,
    token: async (username, password) =>
      (await api('POST', '/auth/login', { username, password: password ?? (username === 'admin' || username.startsWith('e2e.') ? ADMIN_PASSWORD : DEMO_PASSWORD) })).token,
    setNow: (d) => {
      pinned = d;
    },
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** What a browser suite runs on: a server (startServer's options), Chromium, and pages on the server. */
export async function openSuite(opts: Parameters<typeof startServer>[0] = {}): Promise<{ server: E2eServer; browser: Browser; pages: Pages }> {
  const server = await startServer(opts);
  const browser = await launchChromium();
  return { server, browser, pages: new Pages(browser, server.base) };
}

/** Closes what openSuite opened, as far as it got. */
export async function closeSuite(s: { pages?: Pages; browser?: Browser; server?: E2eServer }) {
  await s.pages?.close();
  await s.browser?.close();
  await s.server?.close();
}

/**
 * Pages of one browser, each in its own context (its own cookies), that collect every console
 * error and uncaught exception under the name of the person whose page it was. `expectError`
 * marks a console error a test provokes on purpose (a 400 or 409 the page must explain).
 */
export class Pages {
  readonly problems: string[] = [];
  private readonly expected: RegExp[] = [];
  private readonly contexts: BrowserContext[] = [];
  constructor(readonly browser: Browser, readonly base: string) {}

  async open(who: string, opts: { viewport?: { width: number; height: number }; timezoneId?: string } = {}): Promise<Page> {
    const context = await this.browser.newContext({
      viewport: opts.viewport ?? DESKTOP,
      locale: 'zh-CN',
      timezoneId: opts.timezoneId ?? 'Asia/Shanghai',
      deviceScaleFactor: 1,
    });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const i = this.expected.findIndex((re) => re.test(m.text()));
      if (i >= 0) this.expected.splice(i, 1);
      else this.problems.push(`${who}: console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.problems.push(`${who}: page error: ${e.message}`));
    return page;
  }

  expectError(re: RegExp) {
    this.expected.push(re);
  }

  /** Every console error was one a test asked for, and each one asked for happened. */
  unexpected(): string[] {
    return [...this.problems, ...this.expected.map((re) => `expected a console error ${re} that never came`)];
  }

  async close() {
    for (const c of this.contexts) await c.close().catch(() => {});
  }
}

/** Signs in through the sign-in page; with `landing`, waits for exactly that page. */
export async function signIn(page: Page, base: string, username: string, password: string, landing?: string) {
  await page.goto(`${base}/app/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('form button[type=submit]');
  await page.waitForURL((u) => (landing ? u.pathname === landing : !u.pathname.startsWith('/app/login')));
}

/** A full-page screenshot at the page's own size into tests/e2e/screenshots/<name>.png. */
export async function shot(page: Page, name: string) {
  await settle(page);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Full-page screenshots from the top at phone and desktop sizes (<name>-phone.png, <name>-desktop.png), back to the page's own size after. */
export async function shotBothSizes(page: Page, name: string) {
  const own = page.viewportSize()!;
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(own);
  await settle(page);
}

/** axe-core's serious and critical violations on the page as it is, each with up to three of its elements. */
export async function axeProblems(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** An instant given as China wall time, e.g. chinaTime('2026-11-10T07:15:00'). */
export const chinaTime = (wall: string) => new Date(`${wall}+08:00`);

/** A mobile number no other test run uses, under a three-digit prefix. */
export const randomPhone = (prefix: string) => `${prefix}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** A new organisation with one mediator in it (password ADMIN_PASSWORD), as the administrator makes them; and the mediator's token. */
export async function orgWithMediator(
  server: E2eServer,
  org: { name: string; kind: string; regionCode: string; intakeCode?: string },
  mediator: { username: string; name: string },
): Promise<{ orgId: string; mediator: string }> {
  const admin = await server.token('admin');
  const { id } = await server.api('POST', '/organizations', org, admin);
  await server.api('POST', '/users', { ...mediator, password: ADMIN_PASSWORD, role: 'mediator', orgId: id }, admin);
  return { orgId: id, mediator: await server.token(mediator.username, ADMIN_PASSWORD) };
}

/** A worker registers and files her own claim at `orgId`, alone, with one claim; the case's id. */
export async function workerFiles(
  server: E2eServer,
  worker: { phone: string; password: string; name: string; idNumber: string },
  orgId: string,
  c: { category: string; description: string; amountFen: number; summary: string; incidentDate: string; respondent: string },
): Promise<string> {
  const { token } = await server.api('POST', '/auth/register', worker);
  const body = {
    orgId,
    categories: [c.category],
    summary: c.summary,
    incidentDate: c.incidentDate,
    applicants: [{ name: worker.name, idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: c.category, description: c.description, amountFen: c.amountFen }] }],
    respondent: { name: c.respondent },
  };
  return (await server.api('POST', '/cases', body, token)).id;
}

/** An action on a case at the version it is at now. */
export async function actOn(server: E2eServer, caseId: string, token: string, action: string, data: Record<string, unknown> = {}) {
  const { version } = await server.api('GET', `/cases/${caseId}`, undefined, token);
  return server.api('POST', `/cases/${caseId}/actions`, { action, version, ...data }, token);
}
