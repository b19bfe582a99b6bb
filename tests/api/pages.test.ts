import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { freshDatabase } from '../support/db.js';
import type { DbHandle } from '../../src/db/client.js';
import type { FastifyInstance } from 'fastify';

let handle: DbHandle;
let app: FastifyInstance;
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'tiaojie-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>调解</title><script type="module" src="/assets/app-1a2b.js"></script>');
  writeFileSync(join(root, 'assets', 'app-1a2b.js'), 'console.log("tiaojie")');
  handle = await freshDatabase();
  app = await buildApp({ config: testConfig(), db: handle.db, logger: false, webRoot: root });
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

describe('the pages are served by the API server', () => {
  it('answers every page address with index.html, uncached', async () => {
    for (const url of ['/', '/i/PGZGH', '/app', '/app/cases/123', '/app/supervisor']) {
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
