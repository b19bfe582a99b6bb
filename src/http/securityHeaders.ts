/**
 * Security headers (CSP, frame, referrer, HSTS, …) on every answer, as helmet defines them.
 *
 * helmet's headers depend only on its options, so they are worked out once, at start, by running
 * its middleware against a recorder, and each request gets the finished set from one hook.
 * (@fastify/helmet, used before, built a fresh helmet middleware for every request: parsing the
 * CSP directives again each time cost about 3% of a case detail's CPU.)
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

export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: HelmetOptions) => {
    const headers = helmetHeaders(options);
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security-headers' },
);
