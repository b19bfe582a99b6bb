/** Who is signed in (GET /me), and the organisations' names the pages show in place of ids. */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { api, get } from './api';
import type { Organization, Role, User } from './types';

export interface Session {
  me: User | null;
  /** Whether `me` is the answer of GET /me yet (a QR code's page renders before it comes). */
  known: boolean;
  setMe(u: User | null): void;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session>({ me: null, known: true, setMe: () => {}, signOut: async () => {} });
export const useSession = () => useContext(SessionContext);

/** Where each role starts. */
export function homeFor(role: Role | undefined): string {
  switch (role) {
    case 'worker':
    case 'employer':
      return '/app/my';
    case 'mediator':
    case 'arbitrator':
    case 'court_liaison':
      return '/app/work';
    case 'supervisor':
      return '/app/dashboard';
    case 'admin':
      return '/app/admin/orgs';
    default:
      return '/app/login';
  }
}

export const isStaff = (r: Role | undefined) => r === 'mediator' || r === 'arbitrator' || r === 'court_liaison';

let orgsPromise: Promise<Organization[]> | null = null;
/** Every organisation, loaded once per page load (signed-in callers only). */
export function loadOrgs(fresh = false): Promise<Organization[]> {
  if (!orgsPromise || fresh) {
    orgsPromise = get<{ items: Organization[] }>('/organizations').then(
      (r) => r.items,
      (e) => {
        orgsPromise = null;
        throw e;
      },
    );
  }
  return orgsPromise;
}

export function useOrgs(): Map<string, Organization> {
  const [orgs, setOrgs] = useState<Map<string, Organization>>(new Map());
  useEffect(() => {
    let live = true;
    loadOrgs()
      .then((list) => live && setOrgs(new Map(list.map((o) => [o.id, o]))))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  return orgs;
}

/**
 * Whether this browser signed in (a hint, not a credential: the session is the httpOnly cookie).
 * Without it the pages do not ask GET /me, whose 401 a browser would log as an error on every
 * visit of a person who has not signed in.
 */
const HINT = 'tiaojie.signedIn';
export function rememberSignedIn(on: boolean) {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    /* storage may be unavailable (private mode); GET /me is then always asked */
  }
}
export function mightBeSignedIn(): boolean {
  if (sessionCookieSeen()) return true;
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true;
  }
}

/**
 * What the server saw of the session cookie when it sent this page, as it marks a QR code's page
 * (src/http/pages.ts): true for a cookie it signed that has not expired, false for none (or one
 * it found expired and cleared), null on pages it did not mark. The cookie is httpOnly, so this is
 * the only way a script learns of it. A cookie that was not sent does not prove there is none: a
 * link followed from another site leaves a SameSite=Strict cookie behind, which GET /me then sends.
 */
export function sessionCookieSeen(): boolean | null {
  const seen = typeof document === 'undefined' ? null : document.getElementById('app')?.getAttribute('data-session-cookie');
  return seen === '1' ? true : seen === '0' ? false : null;
}

export async function fetchMe(): Promise<User | null> {
  if (!mightBeSignedIn()) return null;
  try {
    return await api<User>('GET', '/me', undefined, { quiet401: true });
  } catch {
    return null;
  }
}

export async function endSession(): Promise<void> {
  orgsPromise = null;
  try {
    await api('POST', '/auth/logout', {}, { quiet401: true });
  } catch {
    /* the cookie is cleared server-side; nothing else to do */
  }
}
