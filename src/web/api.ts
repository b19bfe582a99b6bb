/**
 * The pages' one way to the API. The session is the httpOnly cookie the server set at sign-in,
 * so no token is ever held in page scripts; writes carry the header the server requires of
 * cookie-signed requests (a cross-site form cannot set it).
 */
import { translateError, translateProblem } from './i18n';

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The API's own message, English. */
    readonly raw: string,
    readonly details: unknown,
  ) {
    super(translateError(code, raw));
    this.name = 'ApiError';
  }

  /** The field problems of a 400, keyed by the field path without `body.` / `querystring.`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(this.details)) return out;
    for (const d of this.details as FieldProblem[]) {
      if (!d || typeof d.field !== 'string') continue;
      const key = d.field.replace(/^(body|querystring|params)\.?/, '');
      if (!(key in out)) out[key] = translateProblem(key, String(d.message ?? ''));
    }
    return out;
  }
}

let onUnauthenticated: (() => void) | null = null;
/** What to do when the session has ended (the app sends the person back to sign in). */
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function api<T>(method: string, path: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (WRITES.has(method)) headers['x-tiaojie-request'] = '1';
  // A form (an upload) sets its own multipart content type, with its boundary.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network', undefined);
  }
  if (res.status === 204) return null as T;
  let payload: unknown = null;
  const text = await res.text();
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }
  if (!res.ok) {
    const e = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    const err = new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? '', e?.details);
    if (res.status === 401 && !opts.quiet401 && onUnauthenticated) onUnauthenticated();
    throw err;
  }
  return payload as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

/** A query string from the defined values only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
