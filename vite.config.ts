import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { writeIntakeFrames } from './scripts/intake-frames';
import { sourcesHash, STAMP_FILE } from './scripts/pages-stamp';

/**
 * The browser pages (src/web) build into dist/web, which the API server serves
 * (src/http/pages.ts): index.html for the page addresses, fingerprinted files under /assets.
 * Preact's JSX is compiled by esbuild directly; no framework plugin is needed.
 *
 * Every text file of the build also gets a .br (Brotli, best quality) and a .gz (gzip level 9)
 * beside it, which the server sends as they are (@fastify/static `preCompressed`). They are
 * written even when they come out no smaller, so the server never compresses a page file per request.
 * After the bundle, the QR page's frame and the sources' stamp (afterBuild, below).
 */
const project = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

/**
 * After the bundle is written: the QR page's frame (scripts/intake-frames.ts), then the stamp of
 * the sources as they were when the build started (scripts/pages-stamp.ts), which `npm start`
 * compares to skip a build that is already current. A build that failed writes no stamp.
 */
function afterBuild(): Plugin {
  let sources = '';
  let written = false;
  return {
    name: 'tiaojie:after-build',
    apply: 'build',
    buildStart() {
      sources = sourcesHash(project);
      written = false;
    },
    writeBundle() {
      written = true;
    },
    async closeBundle() {
      if (!written) return;
      await writeIntakeFrames({ root, outDir });
      writeFileSync(join(outDir, STAMP_FILE), `${sources}\n`);
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [
    compression({
      include: /\.(html|js|css|svg|json|txt|map)$/,
      algorithms: [defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), defineAlgorithm('gzip', { level: 9 })],
      skipIfLargerOrEqual: false,
      logLevel: 'silent',
    }),
    afterBuild(),
  ],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    // Cheap Android phones run recent Chrome WebViews; es2020 keeps the output small and safe.
    target: 'es2020',
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    chunkSizeWarningLimit: 250,
  },
  server: {
    // `npx vite` in development: the API runs on its own port (npm run dev).
    proxy: Object.fromEntries(
      ['/auth', '/me', '/organizations', '/users', '/cases', '/deadlines', '/calendar', '/stats'].map((p) => [p, 'http://127.0.0.1:3000']),
    ),
  },
});
