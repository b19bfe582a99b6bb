/**
 * The QR page's frame as the app itself renders it before GET /me has answered (Layout around
 * IntakeView), for every kind of organisation: with the register and sign-in buttons for a
 * browser without a session, with the claim form (empty, disabled until the app has it) for one
 * with a session cookie. Nobody's data is in either: the server sends the same frame to every
 * browser of the same kind, and the app fills the worker's name in from GET /me. The build
 * renders these (scripts/intake-frames.ts) into dist/web/intake-frames.json; the server puts the
 * organisation's name and code in place of the placeholders and sends the frame inside the HTML
 * of /i/<code> (src/http/pages.ts), so a phone shows the page from the first answer and the app
 * then takes the very same markup over. Never part of the browser bundle.
 */
import { renderToString } from 'preact-render-to-string';
import { Layout } from './components/Layout';
import { ORG_KIND_NAMES } from './i18n';
import { IntakeView } from './pages/Worker';
import { SessionContext } from './session';
import type { Organization } from './types';

/** Stand-ins the server replaces: letters only, so no escaping or URL encoding changes them. */
export const NAME_SLOT = 'ORGNAMESLOTQX';
export const CODE_SLOT = 'INTAKECODESLOTQX';

export interface IntakeFrame {
  /** No session cookie: the register and sign-in buttons. */
  visitor: string;
  /** A session cookie: the claim form, empty and disabled until the app and GET /me have come. */
  signedIn: string;
}

export function renderIntakeFrames(): Record<string, IntakeFrame> {
  const frames: Record<string, IntakeFrame> = {};
  for (const kind of Object.keys(ORG_KIND_NAMES) as Organization['kind'][]) {
    const org: Organization = { id: '', name: NAME_SLOT, kind, regionCode: '', regionName: null, parentId: null, intakeCode: CODE_SLOT, handles: [], createdAt: '' };
    const render = (known: boolean) =>
      renderToString(
        <SessionContext.Provider value={{ me: null, known, setMe: () => {}, signOut: async () => {} }}>
          <Layout>
            <IntakeView code={CODE_SLOT} org={org} />
          </Layout>
        </SessionContext.Provider>,
      );
    frames[kind] = { visitor: render(true), signedIn: render(false) };
  }
  return frames;
}
