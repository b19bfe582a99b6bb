import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** dist/web at the project root, whether the server runs from src/ (tsx) or dist/src/ (compiled). */
export const WEB_DIST = ['../../dist/web', '../../../dist/web']
  .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
  .find((dir) => existsSync(`${dir}/index.html`));

/**
 * Serves the browser pages (built by `npm run build:web` into dist/web) from the same server as
 * the API: their assets under /assets, and index.html for every page address, so a worker's
 * phone can open /i/<intake code> straight from the QR sign. The pages use the public API.
 */
export const pagesPlugin = fp(
  async (app: FastifyInstance, opts: { root?: string }) => {
    const root = opts.root ?? WEB_DIST;
    if (!root) {
      app.log.warn('no built pages in dist/web; run npm run build:web to serve them');
      return;
    }
    // Vite fingerprints asset names, so they may be cached for a year; index.html never is.
    await app.register(fastifyStatic, { root: `${root}/assets`, prefix: '/assets/', index: false, decorateReply: true, immutable: true, maxAge: '365d' });
    const page = { schema: { hide: true } };
    const sendIndex = async (_req: unknown, reply: { header: (k: string, v: string) => unknown; sendFile: (f: string, r: string, o: object) => unknown }) => {
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html', root, { cacheControl: false });
    };
    app.get('/', page, sendIndex as never);
    app.get('/i/:code', page, sendIndex as never);
    app.get('/app', page, sendIndex as never);
    app.get('/app/*', page, sendIndex as never);
  },
  { name: 'pages' },
);
