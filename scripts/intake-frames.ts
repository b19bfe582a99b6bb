/**
 * After `vite build` (vite.config.ts calls this): renders the QR page's frames with the pages' own
 * components (src/web/intakeFrames.tsx, through Vite's SSR loader, so they compile exactly as in
 * the bundle) into <outDir>/intake-frames.json, which the server reads (src/http/pages.ts). The
 * file sits beside index.html, outside /assets, and is never sent to a browser as it is.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'vite';

export interface IntakeFramesFile {
  /** Replaced by the organisation's name (HTML-escaped) and the code from the address. */
  nameSlot: string;
  codeSlot: string;
  /**
   * Per organisation kind: the frame for a browser without a session (the register and sign-in
   * buttons), and for one with a session cookie (the claim form, empty and disabled until the app
   * and GET /me have come).
   */
  frames: Record<string, { visitor: string; signedIn: string }>;
}

export const INTAKE_FRAMES_FILE = 'intake-frames.json';

export async function writeIntakeFrames(opts: { root: string; outDir: string }): Promise<void> {
  const vite = await createServer({
    configFile: false,
    root: opts.root,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  // What the components touch of a browser while a page renders: the router listens on the
  // window when it loads, and the layout reads the address. Nothing else runs (no effects in SSR).
  const g = globalThis as Record<string, unknown>;
  const had = { window: g.window, location: g.location };
  g.window = { addEventListener() {} };
  try {
    const mod = (await vite.ssrLoadModule('/intakeFrames.tsx')) as { NAME_SLOT: string; CODE_SLOT: string; renderIntakeFrames: () => IntakeFramesFile['frames'] };
    g.location = new URL(`http://localhost/i/${mod.CODE_SLOT}`);
    const file: IntakeFramesFile = { nameSlot: mod.NAME_SLOT, codeSlot: mod.CODE_SLOT, frames: mod.renderIntakeFrames() };
    writeFileSync(join(opts.outDir, INTAKE_FRAMES_FILE), JSON.stringify(file));
  } catch (err) {
    // The pages still work without it (the QR page then draws once its script has come), so a
    // component that cannot render outside a browser does not stop the build; the Chromium test
    // of the QR page (tests/e2e/delivery.test.ts) fails until it can.
    console.warn(`\nintake-frames: the QR page's frame was not rendered, /i/<code> is served without it: ${(err as Error).stack ?? err}\n`);
  } finally {
    g.window = had.window;
    g.location = had.location;
    await vite.close();
  }
}
