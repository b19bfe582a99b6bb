import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { testConfig } from '../../src/config.js';
import { INTAKE_DATA_ID, SESSION_SEEN_ATTR } from '../../src/http/pages.js';
import { TEST_PASSWORD_POLICY } from '../support/app.js';
import { freshDatabase } from '../support/db.js';
import type { DbHandle } from '../../src/db/client.js';
import type { FastifyInstance } from 'fastify';

const INDEX =
  '<!doctype html><head><title>调解</title><script type="module" src="/assets/app-1a2b.js"></script>' +
  '<link rel="stylesheet" crossorigin href="/assets/app-3c4d.css"></head><div id="app"></div>';
const CSS = '.org-banner{color:#fff}';
/** As scripts/intake-frames.ts writes it (tests/e2e/delivery.test.ts checks the real one in Chromium). */
const frame = (kind: string, word: string) => ({
  visitor: `<h1>NAMESLOT</h1><span class="org-kind">${kind}</span><p>网上申请劳动争议${word}</p><a href="/app/register?next=%2Fi%2FCODESLOT">注册并填写申请</a><a href="/app/login?next=%2Fi%2FCODESLOT">已有账号，登录</a>`,
  signedIn:
    `<h1>NAMESLOT</h1><span class="org-kind">${kind}</span><p>网上申请劳动争议${word}</p><div class="notice info" role="status">表单正在准备，几秒后就能填写…</div>` +
    `<fieldset disabled><form class="case-form" novalidate><input value name="applicants.0.name"/><p class="hint">提交后，NAMESLOT会在几个工作日内联系你。</p></form></fieldset>`,
});
const FRAMES = {
  nameSlot: 'NAMESLOT',
  codeSlot: 'CODESLOT',
  frames: { union: frame('工会劳动争议调解组织', '调解'), arbitration_commission: frame('劳动人事争议仲裁委员会', '仲裁'), people_mediation: frame('人民调解委员会', '调解') },
};

/** A session token as the server signs them (HS256), for tokens it must refuse: expired, or signed with another secret. */
function token(payload: Record<string, unknown>, secret: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}
const session = (t: string) => ({ cookie: `tiaojie_session=${t}` });
/** The part of the page that differs with the session. */
const seen = (html: string) => new RegExp(`<div id="app" ${SESSION_SEEN_ATTR}="(\\d)">`).exec(html)?.[1];

let handle: DbHandle;
let app: FastifyInstance;
let noFrame: FastifyInstance;
let admin: string;
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'tiaojie-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'app-1a2b.js'), 'console.log("tiaojie")');
  writeFileSync(join(root, 'assets', 'app-3c4d.css'), CSS);
  writeFileSync(join(root, 'intake-frames.json'), JSON.stringify(FRAMES));
  handle = await freshDatabase();
  await ensureAdmin(handle.db, { username: 'admin', password: 'admin-password-1', policy: TEST_PASSWORD_POLICY });
  app = await buildApp({ config: testConfig(), db: handle.db, logger: false, passwordPolicy: TEST_PASSWORD_POLICY, webRoot: root });
  noFrame = await buildApp({ config: testConfig(), db: handle.db, logger: false, webRoot: root, pages: { intakeFrame: false } });
  admin = (await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: 'admin-password-1' } })).json().token;
});
afterAll(async () => {
  await app.close();
  await noFrame.close();
  await handle.close();
});

async function org(name: string, kind: string, intakeCode: string) {
  const res = await app.inject({ method: 'POST', url: '/organizations', headers: { authorization: `Bearer ${admin}` }, payload: { name, kind, regionCode: '451023', intakeCode } });
  expect(res.statusCode).toBe(201);
  return res.json();
}
/** The organisation a page embeds for the app to start from. */
function embedded(html: string): unknown {
  const m = new RegExp(`<script type="application/json" id="${INTAKE_DATA_ID}">(.*?)</script>`).exec(html);
  return m ? JSON.parse(m[1]) : null;
}

describe('the pages are served by the API server', () => {
  it('answers every page address with index.html, uncached', async () => {
    for (const url of ['/', '/i/NOSUCH', '/app', '/app/cases/123', '/app/supervisor']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>调解</title>');
    }
  });

  it('serves fingerprinted assets with a long cache life, and nothing outside them', async () => {
    const res = await app.inject({ url: '/assets/app-1a2b.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/assets/../index.html' })).statusCode).not.toBe(200);
    expect((await app.inject({ url: '/assets/nope.js' })).statusCode).toBe(404);
  });

  it('keeps API addresses answering JSON', async () => {
    const res = await app.inject({ url: '/cases' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('a QR code’s page arrives with its organisation and claim frame in the HTML', () => {
  it('answers /i/<code> with the organisation, the register and sign-in buttons, and the styles inlined', async () => {
    const o = await org('平果市总工会劳动争议调解室', 'union', 'PGZGH');
    for (const code of ['PGZGH', 'pgzgh']) {
      const res = await app.inject({ url: `/i/${code}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      // It depends on the cookie: never kept by a shared cache, revalidated, kept per cookie.
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(String(res.headers.vary)).toContain('cookie');
      expect(res.headers['set-cookie']).toBeUndefined();
      const html = res.body;
      expect(seen(html)).toBe('0');
      // Exactly what GET /organizations/by-intake/:code answers, for the app to start from.
      expect(embedded(html)).toEqual((await app.inject({ url: `/organizations/by-intake/${code}` })).json());
      expect(embedded(html)).toMatchObject({ id: o.id, name: '平果市总工会劳动争议调解室', regionCode: '451023', regionName: '平果市' });
      expect(html).toContain('<h1>平果市总工会劳动争议调解室</h1>');
      expect(html).toContain('<span class="org-kind">工会劳动争议调解组织</span>');
      expect(html).toContain('网上申请劳动争议调解');
      // Back to the address as typed, as the app links it.
      expect(html).toContain(`href="/app/register?next=%2Fi%2F${code}"`);
      expect(html).toContain(`href="/app/login?next=%2Fi%2F${code}"`);
      // No stylesheet to wait for: the page paints from this one answer.
      expect(html).toContain(`<style>${CSS}</style>`);
      expect(html).not.toContain('app-3c4d.css');
      expect(html).toContain('<script type="module" src="/assets/app-1a2b.js"></script>');
    }
  });

  it('sends a browser whose session cookie holds the claim form, empty and disabled, and asks for GET /me from its head', async () => {
    await org('平果市劳动人事争议仲裁委员会', 'arbitration_commission', 'PGZC');
    const res = await app.inject({ url: '/i/PGZC', headers: session(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(String(res.headers.vary)).toContain('cookie');
    // A session that holds is left as it is.
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(seen(res.body)).toBe('1');
    expect(res.body).toContain('<h1>平果市劳动人事争议仲裁委员会</h1>');
    expect(res.body).toContain('网上申请劳动争议仲裁');
    expect(res.body).toContain('<fieldset disabled><form class="case-form" novalidate><input value name="applicants.0.name"/>');
    expect(res.body).toContain('表单正在准备，几秒后就能填写…');
    // Every place the build left for the organisation's name.
    expect(res.body).toContain('提交后，平果市劳动人事争议仲裁委员会会在几个工作日内联系你。');
    expect(res.body).not.toContain('NAMESLOT');
    expect(res.body).not.toContain('注册并填写申请');
    // Who is signed in is asked for while the script is still on its way.
    expect(res.body).toContain('<link rel="preload" href="/me" as="fetch" crossorigin="anonymous">');
    const visitor = await app.inject({ url: '/i/PGZC' });
    expect(visitor.body).not.toContain('rel="preload"');
    expect(visitor.body).not.toContain('<fieldset');
    expect(visitor.headers['cache-control']).toBe('private, no-cache');
    expect(String(visitor.headers.vary)).toContain('cookie');
  });

  it('sends every signed-in browser the same page: nothing of whose session it is', async () => {
    const worker = { phone: '13907768821', password: 'worker-password-1', name: '韦秀英', idNumber: '451023199003070021' };
    const registered = await app.inject({ method: 'POST', url: '/auth/register', payload: worker });
    expect(registered.statusCode).toBe(201);
    const asWorker = await app.inject({ url: '/i/PGZC', headers: session(registered.json().token) });
    const asAdmin = await app.inject({ url: '/i/PGZC', headers: session(admin) });
    expect(seen(asWorker.body)).toBe('1');
    expect(asWorker.body).toBe(asAdmin.body);
    for (const personal of [worker.name, worker.phone, worker.idNumber, registered.json().user.id]) expect(asWorker.body).not.toContain(personal);
  });

  it('treats a session cookie that does not hold as none: the signed-out page, and the cookie cleared', async () => {
    const secret = testConfig().JWT_SECRET;
    const someone = (await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: 'admin-password-1' } })).json().user.id;
    const now = Math.floor(Date.now() / 1000);
    // The same token made by hand holds while it has not expired (so the ones below fail for their reason).
    const holds = await app.inject({ url: '/i/PGZC', headers: session(token({ sub: someone, tv: 0, iat: now, exp: now + 600 }, secret)) });
    expect(seen(holds.body)).toBe('1');
    for (const [why, cookie] of [
      ['expired', token({ sub: someone, tv: 0, iat: now - 13 * 3600, exp: now - 3600 }, secret)],
      ['signed with another secret', token({ sub: someone, tv: 0, iat: now, exp: now + 600 }, `${secret}-not`)],
      ['not a token', 'whatever'],
    ]) {
      const res = await app.inject({ url: '/i/PGZC', headers: session(cookie) });
      expect(res.statusCode, why).toBe(200);
      expect(seen(res.body), why).toBe('0');
      expect(res.body, why).not.toContain('<fieldset');
      expect(res.body, why).toContain('href="/app/login?next=%2Fi%2FPGZC"');
      expect(res.body, why).not.toContain('rel="preload"');
      expect(res.headers['cache-control'], why).toBe('private, no-cache');
      const cleared = String(res.headers['set-cookie']);
      expect(cleared, why).toMatch(/^tiaojie_session=;/);
      expect(cleared, why).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(cleared, why).toContain('HttpOnly');
    }
  });

  it('escapes what an administrator typed into the name', async () => {
    await org('<img src=x onerror=alert(1)>&"调解"', 'people_mediation', 'XSSTEST');
    const html = (await app.inject({ url: '/i/XSSTEST' })).body;
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;&#38;&#34;调解&#34;');
    expect(embedded(html)).toMatchObject({ name: '<img src=x onerror=alert(1)>&"调解"' });
    expect(html).not.toMatch(/<script type="application\/json"[^>]*>[^<]*<img/);
  });

  it('answers an unknown or malformed code with the plain page, which says so', async () => {
    await org('平果市人民法院', 'court', 'PGFY');
    // Unknown, too long, not letters and digits, or a kind the build rendered no frame for.
    for (const url of ['/i/NOSUCH', `/i/${'X'.repeat(40)}`, '/i/%3Cb%3E', '/i/PG-ZGH', '/i/PGFY']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
    }
  });

  it('can be served without the frame (the page-load bench compares)', async () => {
    const res = await noFrame.inject({ url: '/i/PGZGH' });
    expect(res.body).toBe(INDEX);
  });
});
