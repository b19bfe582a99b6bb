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

/** The element the pages read the embedded organisation from (src/web/pages/Worker.tsx). */
export const INTAKE_DATA_ID = 'intake-org';
/**
 * On the app's element: whether this request came with a session cookie that holds ("1") or not
 * ("0"), which the app cannot read itself (httpOnly; src/web/session.tsx sessionCookieSeen).
 */
export const SESSION_SEEN_ATTR = 'data-session-cookie';
/** The QR page differs with and without a session: never kept by a shared cache, and per cookie. */
export const INTAKE_CACHE_CONTROL = 'private, no-cache';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a <script type="application/json"> block: nothing in it may close the element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

interface IntakeOrg {
  name: string;
  kind: string;
}

/** What the build rendered (scripts/intake-frames.ts): the QR page's frame per kind, with slots. */
interface IntakeFrames {
  nameSlot: string;
  codeSlot: string;
  frames: Record<string, { visitor: string; signedIn: string }>;
}

/**
 * The QR page's frame for this organisation, as the app renders it before GET /me has answered
 * (the build renders it with the pages' own components, so the app takes the markup over without
 * anything moving): for a browser with a session the claim form, empty and disabled until the app
 * has it; for one without, the register and sign-in buttons, which work before the script has come.
 */
export function intakeFrame(built: IntakeFrames, org: IntakeOrg, code: string, signedIn: boolean): string | null {
  const frame = built.frames[org.kind]?.[signedIn ? 'signedIn' : 'visitor'];
  if (!frame) return null;
  // The code as the address has it (letters and digits only, checked by the caller), as the app links it.
  return frame.split(built.nameSlot).join(escapeHtml(org.name)).split(built.codeSlot).join(code);
}

/** Whether a session token is one this server signed and has not expired (signature and expiry only). */
function tokenHolds(app: FastifyInstance, token: string): boolean {
  try {
    app.jwt.verify(token);
    return true;
  } catch {
    return false;
  }
}

/** index.html with its stylesheet inlined (when it can be), and the frames the build rendered. */
function intakeTemplate(root: string): { html: string; frames: IntakeFrames } | null {
  const html = readFileSync(`${root}/index.html`, 'utf8');
  if (!html.includes('<div id="app"></div>') || !existsSync(`${root}/intake-frames.json`)) return null;
  const frames = JSON.parse(readFileSync(`${root}/intake-frames.json`, 'utf8')) as IntakeFrames;
  const inlined = html.replace(/<link rel="stylesheet"[^>]*href="\/assets\/([^"]+\.css)"[^>]*>/g, (tag, file: string) => {
    const path = `${root}/assets/${file}`;
    if (!existsSync(path)) return tag;
    const css = readFileSync(path, 'utf8');
    return css.includes('</') ? tag : `<style>${css}</style>`;
  });
  return { html: inlined, frames };
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
    let made: { at: number; template: ReturnType<typeof intakeTemplate> } | null = null;
    const currentTemplate = () => {
      const at = statSync(`${root}/index.html`).mtimeMs;
      if (made?.at !== at) made = { at, template: intakeTemplate(root) };
      return made.template;
    };
    app.get<{ Params: { code: string } }>('/i/:code', page, async (request, reply) => {
      const code = request.params.code;
      const template = /^[A-Za-z0-9]{1,20}$/.test(code) ? currentTemplate() : null;
      if (!template) return sendIndex(request, reply);
      // The organisation exactly as GET /organizations/by-intake/:code answers it; an unknown
      // code gets the plain page, which says so.
      const res = await app.inject({ method: 'GET', url: `/organizations/by-intake/${code}` });
      if (res.statusCode !== 200) return sendIndex(request, reply);
      const org = res.json() as IntakeOrg;
      // A session cookie counts when this server signed its token and it has not expired: checked
      // here without the database, and nothing of whose it is goes into the page. One that does
      // not hold (expired after JWT_EXPIRES_IN, or signed with another secret) is cleared, and
      // the page is the signed-out one from the start. A token that holds but was revoked (a
      // password changed elsewhere) gets the form, and the app turns it into the signed-out page
      // when GET /me answers 401.
      const cookie = request.cookies?.[SESSION_COOKIE];
      const signedIn = Boolean(cookie) && tokenHolds(app, cookie!);
      if (cookie && !signedIn) app.clearSession(reply);
      const frame = intakeFrame(template.frames, org, code, signedIn);
      if (!frame) return sendIndex(request, reply);
      let html = template.html.replace(
        '<div id="app"></div>',
        `<div id="app" ${SESSION_SEEN_ATTR}="${signedIn ? 1 : 0}">${frame}</div><script type="application/json" id="${INTAKE_DATA_ID}">${scriptJson(org)}</script>`,
      );
      // With a session, who is signed in is asked for while the script is still on its way; the
      // app's own GET /me then takes this answer (a round trip of seconds on a slow line).
      if (signedIn) html = html.replace('</head>', '<link rel="preload" href="/me" as="fetch" crossorigin="anonymous">\n</head>');
      return reply.header('cache-control', INTAKE_CACHE_CONTROL).header('vary', 'cookie').type('text/html; charset=utf-8').send(html);
    });
  },
  { name: 'pages' },
);
