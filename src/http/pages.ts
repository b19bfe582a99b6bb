import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SESSION_COOKIE } from '../auth/plugin.js';

/** dist/web at the project root, whether the server runs from src/ (tsx) or dist/src/ (compiled). */
export const WEB_DIST = ['../../dist/web', '../../../dist/web']
  .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
  .find((dir) => existsSync(`${dir}/index.html`));

export interface PagesOptions {
  root?: string;
  /** Send the .br / .gz files the build wrote beside each file when the browser accepts them (default true). */
  preCompressed?: boolean;
  /**
   * Answer /i/<code> with the organisation and the intake page's frame already in the HTML, and
   * the stylesheet inlined, so a phone on a slow line shows the claim page from the first answer
   * instead of after three more round trips (default true).
   */
  intakeFrame?: boolean;
}

/** The same names the pages show (src/web/i18n.ts ORG_KIND_NAMES; tests/api/pages.test.ts keeps them equal). */
export const FRAME_KIND_NAMES: Record<string, string> = {
  enterprise_committee: '企业劳动争议调解委员会',
  union: '工会劳动争议调解组织',
  township_center: '乡镇/街道劳动争议调解组织',
  people_mediation: '人民调解委员会',
  mediation_center: '劳动人事争议多元/联合调解中心',
  arbitration_commission: '劳动人事争议仲裁委员会',
  court: '人民法院',
  procuratorate: '人民检察院',
  legal_aid: '法律援助中心',
};

/** The element the pages read the embedded organisation from (src/web/pages/Worker.tsx). */
export const INTAKE_DATA_ID = 'intake-org';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a <script type="application/json"> block: nothing in it may close the element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

interface IntakeOrg {
  name: string;
  kind: string;
  intakeCode: string;
}

/**
 * What src/web/components/Layout.tsx and the Intake page (src/web/pages/Worker.tsx) render for
 * this organisation before anyone is known to be signed in, in the same elements, so the app
 * takes the markup over without anything moving (tests/e2e/delivery.test.ts checks that).
 * A browser that holds a session cookie sees the organisation and a loading line in the card's
 * place; one without sees the register and sign-in buttons, which work before the script has come.
 */
export function intakeFrame(org: IntakeOrg, signedIn: boolean): string {
  const back = encodeURIComponent(`/i/${encodeURIComponent(org.intakeCode)}`);
  const card = signedIn
    ? '<div class="loading" aria-busy="true"><span class="spinner" aria-hidden="true"></span>正在加载…</div>'
    : '<div class="card center"><h2>先登录，再填写申请</h2><p>申请要用手机号注册一个账号，以后用它查看进展和重要日期。注册只要一分钟。</p>' +
      `<div class="stack"><a class="btn primary big block" href="/app/register?next=${back}">注册并填写申请</a>` +
      `<a class="btn big block" href="/app/login?next=${back}">已有账号，登录</a></div></div>`;
  return (
    '<div class="shell"><header class="topbar"><div class="topbar-inner">' +
    '<a class="brand" href="/"><span class="brand-mark" aria-hidden="true">调</span><span class="brand-text">调解<small>劳动争议一站式调处</small></span></a>' +
    '<a class="btn ghost small" href="/app/login">登录</a></div></header>' +
    '<main class="page"><div class="form-page"><div class="org-banner">' +
    `<span class="org-kind">${escapeHtml(FRAME_KIND_NAMES[org.kind] ?? '')}</span><h1>${escapeHtml(org.name)}</h1>` +
    `<p>网上申请劳动争议${org.kind === 'arbitration_commission' ? '仲裁' : '调解'} · 不见面 · 零跑腿</p></div>` +
    `${card}</div></main></div>`
  );
}

/** index.html with its stylesheet inlined (when it can be), ready to take an intake frame. */
function intakeTemplate(root: string): string | null {
  const html = readFileSync(`${root}/index.html`, 'utf8');
  if (!html.includes('<div id="app"></div>')) return null;
  return html.replace(/<link rel="stylesheet"[^>]*href="\/assets\/([^"]+\.css)"[^>]*>/g, (tag, file: string) => {
    const path = `${root}/assets/${file}`;
    if (!existsSync(path)) return tag;
    const css = readFileSync(path, 'utf8');
    return css.includes('</') ? tag : `<style>${css}</style>`;
  });
}

/**
 * Serves the browser pages (built by `npm run build:web` into dist/web) from the same server as
 * the API: their assets under /assets, and index.html for every page address, so a worker's
 * phone can open /i/<intake code> straight from the QR sign. The pages use the public API.
 *
 * Vite fingerprints asset names, so assets are cached for a year (`immutable`); index.html is
 * revalidated every time (`no-cache`). The build writes .br and .gz beside each file
 * (vite.config.ts); they are sent as they are, never compressed again per request.
 */
export const pagesPlugin = fp(
  async (app: FastifyInstance, opts: PagesOptions) => {
    const root = opts.root ?? WEB_DIST;
    if (!root) {
      app.log.warn('no built pages in dist/web; run npm run build:web to serve them');
      return;
    }
    const preCompressed = opts.preCompressed ?? true;
    await app.register(fastifyStatic, { root: `${root}/assets`, prefix: '/assets/', index: false, decorateReply: true, immutable: true, maxAge: '365d', preCompressed });
    const page = { schema: { hide: true } };
    const sendIndex = async (_req: FastifyRequest, reply: FastifyReply) => {
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html', root, { cacheControl: false });
    };
    app.get('/', page, sendIndex);
    app.get('/app', page, sendIndex);
    app.get('/app/*', page, sendIndex);

    if (!(opts.intakeFrame ?? true)) {
      app.get('/i/:code', page, sendIndex);
      return;
    }
    // Made again whenever the pages are rebuilt, so it never names assets a new build removed.
    let made: { at: number; template: string | null } | null = null;
    const currentTemplate = () => {
      const at = statSync(`${root}/index.html`).mtimeMs;
      if (made?.at !== at) made = { at, template: intakeTemplate(root) };
      return made.template;
    };
    app.get<{ Params: { code: string } }>('/i/:code', page, async (request, reply) => {
      const template = currentTemplate();
      if (!template) return sendIndex(request, reply);
      // The organisation exactly as GET /organizations/by-intake/:code answers it; an unknown
      // code gets the plain page, which says so.
      const res = await app.inject({ method: 'GET', url: `/organizations/by-intake/${encodeURIComponent(request.params.code)}` });
      if (res.statusCode !== 200) return sendIndex(request, reply);
      const org = res.json() as IntakeOrg;
      const signedIn = Boolean(request.headers.cookie?.includes(`${SESSION_COOKIE}=`));
      const html = template.replace(
        '<div id="app"></div>',
        `<div id="app">${intakeFrame(org, signedIn)}</div><script type="application/json" id="${INTAKE_DATA_ID}">${scriptJson(org)}</script>`,
      );
      // The frame differs with and without a session cookie.
      return reply.header('cache-control', 'no-cache').header('vary', 'cookie').type('text/html; charset=utf-8').send(html);
    });
  },
  { name: 'pages' },
);
