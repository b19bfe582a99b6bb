import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The browser pages (src/web) build into dist/web, which the API server serves
 * (src/http/pages.ts): index.html for the page addresses, fingerprinted files under /assets.
 * Preact's JSX is compiled by esbuild directly; no framework plugin is needed.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
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
