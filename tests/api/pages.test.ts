import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { testConfig } from '../../src/config.js';
import { INTAKE_DATA_ID } from '../../src/http/pages.js';
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
  signedIn: `<h1>NAMESLOT</h1><span class="org-kind">${kind}</span><p>网上申请劳动争议${word}</p><div class="loading">正在加载…</div>`,
});
const FRAMES = {
  nameSlot: 'NAMESLOT',
  codeSlot: 'CODESLOT',
  frames: { union: frame('工会劳动争议调解组织', '调解'), arbitration_commission: frame('劳动人事争议仲裁委员会', '仲裁'), people_mediation: frame('人民调解委员会', '调解') },
};

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
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(String(res.headers.vary)).toContain('cookie');
      const html = res.body;
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

  it('shows a browser that holds a session a loading line instead of the sign-in buttons', async () => {
    await org('平果市劳动人事争议仲裁委员会', 'arbitration_commission', 'PGZC');
    const res = await app.inject({ url: '/i/PGZC', headers: { cookie: 'tiaojie_session=whatever' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>平果市劳动人事争议仲裁委员会</h1>');
    expect(res.body).toContain('网上申请劳动争议仲裁');
    expect(res.body).toContain('正在加载…');
    expect(res.body).not.toContain('注册并填写申请');
    // Who is signed in is asked for while the script is still on its way.
    expect(res.body).toContain('<link rel="preload" href="/me" as="fetch" crossorigin="anonymous">');
    expect((await app.inject({ url: '/i/PGZC' })).body).not.toContain('rel="preload"');
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
