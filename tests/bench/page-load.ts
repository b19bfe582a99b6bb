/**
 * How long a worker's phone waits for a QR code's page (/i/<intake code>) on a slow line, measured
 * in Debian's Chromium with the line throttled through CDP (Network.emulateNetworkConditions):
 * by default 400 kbit/s down and up with a 2 s round trip, a 390×844 screen, every load cold
 * (a new browser context: no cache, no cookies).
 *
 *   npx tsx tests/bench/page-load.ts [--runs 5] [--latency 2000] [--kbps 400] [--only now] [--previous-web DIR]
 *
 * One run starts one server (tests/e2e/support.ts startServer, on an in-memory database) and
 * serves the same data and the same built pages three ways, side by side, so before and after
 * are measured in the same minutes:
 *   before      no compression, no intake frame (the server as it was before issue 20)
 *   compressed  Brotli/gzip (precompressed assets), no intake frame
 *   now         compression and the intake frame: the organisation and the claim page's frame in the HTML
 *   previous    (with --previous-web DIR) as now, but the pages built in DIR, an earlier revision's
 *               dist/web (its frames, its app), to compare a change of the pages in the same run
 * and loads the page as two people:
 *   visitor     someone who scanned the code and has not signed in: until the register button shows
 *   worker      a signed-in worker (session cookie and the pages' signed-in hint): until the claim form's fields show
 * Runs alternate between the servers; it prints each one's median and range over the runs.
 *
 * Figures: first contentful paint (the end of a blank screen), when the target is first drawn
 * (checked every animation frame from the first byte on), when it can be used (the register
 * button is a link: at once; the worker's form once it is enabled with her name filled in from
 * GET /me), when the page's scripts have run (the load event), and the bytes that crossed the line
 * (CDP encodedDataLength, headers included) until nothing was in flight any more. The pages as built now (a copy of dist/web taken at the
 * start) serve all three servers, so "before" has this tree's pages too, which ask for /me and
 * the organisation side by side (before issue 20 they asked one after the other). To measure the
 * pages of an earlier revision as "before", build them there and pass --before-web <its dist/web>
 * (tests/bench/README.md, "Page load").
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type AppDeps } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { TEST_PASSWORD_POLICY } from '../support/app.js';
import { launchChromium, PHONE, startServer, WEB } from '../e2e/support.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    latency: { type: 'string', default: '2000' },
    kbps: { type: 'string', default: '400' },
    only: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    'before-web': { type: 'string' },
    'previous-web': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(
    'npx tsx tests/bench/page-load.ts [--runs N] [--latency MS] [--kbps KBIT] [--only before,compressed,previous,now] [--before-web DIR] [--previous-web DIR] [--verbose: each request]',
  );
  process.exit(0);
}
const RUNS = Number(args.runs);
const LATENCY = Number(args.latency);
const BYTES_PER_S = (Number(args.kbps) * 1000) / 8;
const CODE = 'PGZGH';
const WORKER = { phone: '13907761234', password: 'bench-password-1', name: '黄秀兰' };

const VARIANTS: { name: string; options: Pick<AppDeps, 'compress' | 'pages'> }[] = [
  { name: 'before', options: { compress: false, pages: { preCompressed: false, intakeFrame: false } } },
  { name: 'compressed', options: { compress: true, pages: { preCompressed: true, intakeFrame: false } } },
  ...(args['previous-web'] ? [{ name: 'previous', options: { compress: true, pages: { preCompressed: true, intakeFrame: true } } }] : []),
  { name: 'now', options: { compress: true, pages: { preCompressed: true, intakeFrame: true } } },
].filter((v) => !args.only || args.only.split(',').includes(v.name));

type Who = 'visitor' | 'worker';
/** In the page: is what this person came for drawn? */
const TARGET: Record<Who, string> = {
  visitor: `[...document.querySelectorAll('a.btn.primary')].some((a) => a.textContent.includes('注册并填写申请') && a.getBoundingClientRect().height > 0)`,
  worker: `(() => { const f = document.querySelector('.form-page form'); return !!f && [...f.querySelectorAll('input, select, textarea')].some((i) => i.getBoundingClientRect().height > 0); })()`,
};
/** In the page: can this person use it? The register button is a link (usable when drawn); the form once it takes typing, with her name in it. */
const USABLE: Record<Who, string> = {
  visitor: TARGET.visitor,
  worker: `(() => { const n = document.querySelector('.form-page form input[name="applicants.0.name"]'); return !!n && !n.disabled && n.value !== '' && n.getBoundingClientRect().height > 0; })()`,
};

interface Sample {
  fcp: number;
  visible: number;
  usable: number;
  loaded: number;
  bytes: number;
  requests: number;
}

async function measure(browser: Browser, base: string, who: Who): Promise<Sample> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1 });
  try {
    if (who === 'worker') {
      // Signed in earlier: the session cookie (set by the sign-in answer) and the pages' hint; no cached files.
      const res = await context.request.post(`${base}/auth/login`, { data: { username: WORKER.phone, password: WORKER.password } });
      if (!res.ok()) throw new Error(`sign-in: ${res.status()}`);
      await context.addInitScript(() => localStorage.setItem('tiaojie.signedIn', '1'));
    }
    // Looks for the target every frame from the first one, so the time is when it was first drawn.
    await context.addInitScript(`(() => {
      const check = () => {
        try {
          if (window.__visibleAt === undefined && ${TARGET[who]}) window.__visibleAt = performance.now();
          if (window.__usableAt === undefined && ${USABLE[who]}) window.__usableAt = performance.now();
        } catch {}
        if (window.__usableAt === undefined || window.__visibleAt === undefined) requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })()`);
    const page: Page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    let bytes = 0;
    let requests = 0;
    const inFlight = new Set<string>();
    const urls = new Map<string, string>();
    let start = NaN;
    cdp.on('Network.requestWillBeSent', (e) => {
      // data: addresses (the date field's icon) never cross the line.
      if (!e.request.url.startsWith('http')) return;
      if (Number.isNaN(start)) start = e.timestamp;
      inFlight.add(e.requestId);
      urls.set(e.requestId, new URL(e.request.url).pathname);
      requests++;
    });
    cdp.on('Network.loadingFinished', (e) => {
      if (!inFlight.delete(e.requestId)) return;
      bytes += e.encodedDataLength;
      if (args.verbose) console.log(`    ${urls.get(e.requestId)} ${e.encodedDataLength} B at ${(e.timestamp - start).toFixed(1)} s`);
    });
    cdp.on('Network.loadingFailed', (e) => inFlight.delete(e.requestId));
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY, downloadThroughput: BYTES_PER_S, uploadThroughput: BYTES_PER_S });

    await page.goto(`${base}/i/${CODE}`, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(() => typeof (window as unknown as { __usableAt?: number }).__usableAt === 'number', undefined, { timeout: 120_000, polling: 100 });
    // Whatever the page still asks for (GET /me, the organisation) counts in its bytes.
    for (let quiet = 0; quiet < 5; ) {
      await page.waitForTimeout(200);
      quiet = inFlight.size ? 0 : quiet + 1;
    }
    const t = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      // Checked before each frame is drawn: nothing is seen before the first paint.
      visible: Math.max((window as unknown as { __visibleAt: number }).__visibleAt, performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0),
      usable: Math.max((window as unknown as { __usableAt: number }).__usableAt, performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0),
      loaded: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventStart,
    }));
    return { ...t, bytes, requests };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const kb = (b: number) => `${(b / 1000).toFixed(1)} KB`;

async function main() {
  const server = await startServer();
  const admin = await server.token('admin');
  await server.api('POST', '/organizations', { name: '平果市总工会劳动争议调解室', kind: 'union', regionCode: '451023', intakeCode: CODE }, admin);
  await server.api('POST', '/auth/register', WORKER);

  // A copy of the built pages, so a rebuild during the run (another test's) changes nothing here.
  const web = mkdtempSync(join(tmpdir(), 'tiaojie-page-load-'));
  cpSync(WEB, web, { recursive: true });
  const apps: FastifyInstance[] = [];
  const bases = new Map<string, string>();
  for (const v of VARIANTS) {
    const webRoot = v.name === 'before' && args['before-web'] ? args['before-web'] : v.name === 'previous' ? args['previous-web']! : web;
    const app = await buildApp({ config: testConfig(), db: server.handle.db, logger: false, passwordPolicy: TEST_PASSWORD_POLICY, webRoot, ...v.options });
    apps.push(app);
    bases.set(v.name, await app.listen({ port: 0, host: '127.0.0.1' }));
  }
  const browser = await launchChromium();
  const samples = new Map<string, Sample[]>();
  try {
    console.log(`page-load: /i/${CODE} cold, ${args.kbps} kbit/s down and up, ${LATENCY} ms round trip, ${PHONE.width}×${PHONE.height}, ${RUNS} runs`);
    for (let run = 1; run <= RUNS; run++) {
      for (const who of ['visitor', 'worker'] as Who[]) {
        for (const v of VARIANTS) {
          const s = await measure(browser, bases.get(v.name)!, who);
          const key = `${v.name}\t${who}`;
          samples.set(key, [...(samples.get(key) ?? []), s]);
          console.log(
            `  run ${run} ${v.name.padEnd(10)} ${who.padEnd(7)} paint ${sec(s.fcp)}  shown ${sec(s.visible)}  usable ${sec(s.usable)}  scripts ${sec(s.loaded)}  ${kb(s.bytes)} in ${s.requests} requests`,
          );
        }
      }
    }
  } finally {
    await browser.close();
    for (const app of apps) await app.close();
    await server.close();
    rmSync(web, { recursive: true, force: true });
  }

  const range = (xs: number[], f: (x: number) => string) => `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
  console.log(`\nmedian of ${RUNS} cold loads (range)`);
  console.log('| server | who | first paint | claim page shown | usable | scripts run | transferred |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [key, xs] of samples) {
    const [v, who] = key.split('\t');
    console.log(
      `| ${v} | ${who} | ${range(xs.map((x) => x.fcp), sec)} | ${range(xs.map((x) => x.visible), sec)} | ${range(xs.map((x) => x.usable), sec)} | ${range(xs.map((x) => x.loaded), sec)} | ${range(xs.map((x) => x.bytes), kb)} |`,
    );
  }
}

await main();
