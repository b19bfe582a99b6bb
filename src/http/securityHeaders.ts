/**
 * Security headers on every answer: helmet's set for what a browser renders (the pages, /docs,
 * their scripts and styles), and for the API's JSON the set an API answer needs (OWASP REST
 * Security Cheat Sheet, "Security headers"), which adds `Cache-Control: no-store`: answers carry
 * personal data (SPEC §7), which no browser or proxy cache should keep.
 *
 * The headers depend only on the options, so they are worked out once, at start (helmet's by
 * running its middleware against a recorder), and each answer gets a finished set from one hook.
 * (@fastify/helmet, used before, built a fresh helmet middleware for every request: parsing the
 * CSP directives again each time cost about 3% of a case detail's CPU. On a JSON answer helmet's
 * twelve headers, five of which only a rendered document uses, made the header block 801 bytes;
 * the API's seven make it 458.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers helmet sets with these options. Refuses options whose values depend on the request. */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const csp = options.contentSecurityPolicy;
  const directives = typeof csp === 'object' ? Object.values(csp.directives ?? {}) : [];
  if (directives.some((v) => v && typeof v === 'object' && [...(v as Iterable<unknown>)].some((x) => typeof x === 'function'))) {
    throw new Error('security headers are worked out once: a CSP directive cannot depend on the request');
  }
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader() {},
  };
  let failed: unknown = null;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failed = err ?? null;
  });
  if (failed) throw failed;
  return headers;
}

/** What a JSON answer of the API carries: nothing in it is rendered, framed or run. */
export const API_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

const isJson = (type: unknown) => typeof type === 'string' && type.startsWith('application/json');

export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: HelmetOptions) => {
    const documents = helmetHeaders(options);
    // Once the answer's type is known: JSON (answers, refusals, /openapi.json) or anything else.
    app.addHook('onSend', (_request, reply, payload, done) => {
      reply.headers(isJson(reply.getHeader('content-type')) ? API_HEADERS : documents);
      done(null, payload);
    });
  },
  { name: 'security-headers' },
);
