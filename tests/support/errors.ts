import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

export interface ErrorBody {
  code: string;
  message: string;
  details?: { field: string; message: string }[];
}

/** A refusal with this status and SPEC §7 code: `{ error: { code, message, … }, requestId }`. */
export function expectError(res: { statusCode: number; body: string; json(): any }, status: number, code: string): ErrorBody {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }), requestId: expect.any(String) });
  return body.error;
}

/** The fields a VALIDATION_FAILED error names. */
export const fields = (e: { details?: { field: string }[] }) => (e.details ?? []).map((d) => d.field);

/**
 * What is wrong with a 4xx answer's shape (SPEC §7), or null: JSON with exactly `error` and
 * `requestId`, an error of `code`, `message` and perhaps `details`, of the given code if one is
 * given, and a VALIDATION_FAILED names each bad field.
 */
export function shapeProblem(res: LightMyRequestResponse, code?: string): string | null {
  if (!String(res.headers['content-type']).startsWith('application/json')) return `content-type ${res.headers['content-type']}`;
  let body: any;
  try {
    body = res.json();
  } catch {
    return `not JSON: ${res.body.slice(0, 100)}`;
  }
  if (Object.keys(body ?? {}).sort().join() !== 'error,requestId') return `keys ${Object.keys(body ?? {})}`;
  if (typeof body.requestId !== 'string' || !body.requestId) return 'no requestId';
  const e = body.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || !e.message) return `error ${JSON.stringify(e)}`;
  if (!Object.keys(e).every((k) => ['code', 'message', 'details'].includes(k))) return `error keys ${Object.keys(e)}`;
  if (code && e.code !== code) return `code ${e.code}, expected ${code}`;
  // SPEC §7: "400 VALIDATION_FAILED (details name each bad field)".
  if (res.statusCode === 400 && e.code === 'VALIDATION_FAILED') {
    if (!Array.isArray(e.details) || !e.details.length || !e.details.every((d: any) => typeof d?.field === 'string' && d.field && typeof d?.message === 'string')) {
      return `VALIDATION_FAILED without details naming the field: ${JSON.stringify(e).slice(0, 200)}`;
    }
  }
  return null;
}
