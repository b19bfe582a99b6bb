import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { testConfig } from '../../src/config.js';
import type { DbHandle } from '../../src/db/client.js';
import { TEST_PASSWORD_POLICY } from '../support/app.js';
import { freshDatabase } from '../support/db.js';

/** A built-pages folder as vite.config.ts writes it: every text file with its .br and .gz beside it. */
function webRoot(): { root: string; script: string; index: string } {
  const root = mkdtempSync(join(tmpdir(), 'tiaojie-web-'));
  mkdirSync(join(root, 'assets'));
  const index = '<!doctype html><title>调解</title><script type="module" src="/assets/app-1a2b.js"></script><div id="app"></div>';
  // Big enough to be worth compressing, and varied enough that the encodings differ.
  const script = Array.from({ length: 200 }, (_, i) => `export const step${i} = ${JSON.stringify(`第${i}步：劳动争议调解`)};`).join('\n');
  const write = (file: string, text: string) => {
    writeFileSync(join(root, file), text);
    writeFileSync(join(root, `${file}.br`), brotliCompressSync(text));
    writeFileSync(join(root, `${file}.gz`), gzipSync(text));
  };
  write('index.html', index);
  write('assets/app-1a2b.js', script);
  return { root, script, index };
}

const decode = (res: LightMyRequestResponse): string => {
  const enc = res.headers['content-encoding'];
  if (enc === 'br') return brotliDecompressSync(res.rawPayload).toString('utf8');
  if (enc === 'gzip') return gunzipSync(res.rawPayload).toString('utf8');
  expect(enc ?? 'identity').toBe('identity');
  return res.rawPayload.toString('utf8');
};
const varies = (res: LightMyRequestResponse) =>
  String(res.headers.vary ?? '')
    .toLowerCase()
    .split(/\s*,\s*/)
    .includes('accept-encoding');

let handle: DbHandle;
let app: FastifyInstance;
let plain: FastifyInstance;
let web: ReturnType<typeof webRoot>;
let token: string;
beforeAll(async () => {
  web = webRoot();
  handle = await freshDatabase();
  await ensureAdmin(handle.db, { username: 'admin', password: 'admin-password-1', policy: TEST_PASSWORD_POLICY });
  app = await buildApp({ config: testConfig(), db: handle.db, logger: false, passwordPolicy: TEST_PASSWORD_POLICY, webRoot: web.root });
  plain = await buildApp({ config: testConfig(), db: handle.db, logger: false, passwordPolicy: TEST_PASSWORD_POLICY, webRoot: web.root, compress: false, pages: { preCompressed: false } });
  token = (await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: 'admin-password-1' } })).json().token;
  // Enough organisations that the list is several kilobytes of JSON.
  for (let i = 0; i < 12; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/organizations',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: `平果市第${i + 1}劳动争议调解委员会`, kind: 'people_mediation', regionCode: '451023' },
    });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => {
  await app.close();
  await plain.close();
  await handle.close();
});

describe('built assets are sent precompressed', () => {
  it('answers Brotli and gzip that decode to the very bytes of the file, and the file itself to a client that asks for neither', async () => {
    const br = await app.inject({ url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const gz = await app.inject({ url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'gzip' } });
    const none = await app.inject({ url: '/assets/app-1a2b.js' });
    expect([br.statusCode, gz.statusCode, none.statusCode]).toEqual([200, 200, 200]);
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(br.rawPayload.length).toBeLessThan(web.script.length / 3);
    for (const res of [br, gz, none]) {
      expect(decode(res)).toBe(web.script);
      expect(res.headers['content-type']).toContain('javascript');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(varies(res)).toBe(true);
    }
  });

  it('honours the client’s preferences: a refused encoding is never sent', async () => {
    const res = await app.inject({ url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'br;q=0, gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(decode(res)).toBe(web.script);
    const identity = await app.inject({ url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'identity' } });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body).toBe(web.script);
  });

  it('sends index.html compressed too, for every page address, and never lets it be cached unchecked', async () => {
    for (const url of ['/', '/app/my', '/i/NOSUCH']) {
      const br = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(br.statusCode, url).toBe(200);
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(br.headers['cache-control'], url).toBe('no-cache');
      expect(varies(br), url).toBe(true);
      expect(decode(br)).toBe(web.index);
      const none = await app.inject({ url });
      expect(none.headers['content-encoding'], url).toBeUndefined();
      expect(none.body).toBe(web.index);
    }
  });
});

describe('API answers are compressed on the fly', () => {
  const list = (enc?: string) =>
    app.inject({ url: '/organizations', headers: { authorization: `Bearer ${token}`, ...(enc ? { 'accept-encoding': enc } : {}) } });

  it('compresses a JSON answer of more than 1 KB with Brotli or gzip, decoding to the same JSON', async () => {
    const none = await list();
    expect(none.statusCode).toBe(200);
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(Number(none.headers['content-length'])).toBe(none.rawPayload.length);
    expect(none.rawPayload.length).toBeGreaterThan(2048);
    const br = await list('gzip, deflate, br, zstd');
    const gz = await list('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    for (const res of [br, gz]) {
      expect(res.statusCode).toBe(200);
      expect(decode(res)).toBe(none.body);
      expect(res.rawPayload.length).toBeLessThan(none.rawPayload.length / 3);
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      expect(varies(res)).toBe(true);
      // The API's own headers stay: no cache keeps personal data.
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-type']).toContain('application/json');
    }
  });

  it('leaves answers under 1 KB as they are', async () => {
    const health = await app.inject({ url: '/healthz', headers: { 'accept-encoding': 'br, gzip' } });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toEqual({ status: 'ok' });
    const refused = await app.inject({ url: '/cases', headers: { 'accept-encoding': 'br, gzip' } });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('sends nothing the client did not offer to decode', async () => {
    for (const enc of ['identity', 'deflate', 'zstd', 'br;q=0, gzip;q=0']) {
      const res = await list(enc);
      expect(res.statusCode, enc).toBe(200);
      expect(res.headers['content-encoding'], enc).toBeUndefined();
      expect(res.json().items.length).toBe(12);
    }
  });

  it('can be turned off (the page-load bench compares with and without)', async () => {
    const res = await plain.inject({ url: '/organizations', headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    const asset = await plain.inject({ url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.headers['content-encoding']).toBeUndefined();
    expect(asset.body).toBe(web.script);
  });
});
