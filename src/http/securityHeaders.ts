/**
 * Security headers on every answer: helmet's set (by @fastify/helmet) for what a browser renders
 * (the pages, /docs, their scripts and styles), and for the API's JSON the set an API answer
 * needs (OWASP REST Security Cheat Sheet, "Security headers"), which adds `Cache-Control:
 * no-store`: answers carry personal data (SPEC §7), which no browser or proxy cache should keep.
 *
 * Which set an answer gets depends on what it is, known once it is sent (an API route's refusal,
 * a missing asset's 404 and /openapi.json are JSON; a page is HTML), so both are applied from one
 * onSend hook, helmet's through `reply.helmet`. helmet builds its middleware anew on each call,
 * which only the documents pay: the API's set is fixed, so it is written as it is.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

/** helmet's own options, as `reply.helmet` takes them. */
type HelmetOptions = NonNullable<Parameters<FastifyReply['helmet']>[0]>;

/**
 * What a JSON answer of the API carries: nothing in it is rendered, framed or run, so none of the
 * headers that only a rendered document uses. These never vary, so they are set as they are.
 */
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

/** `options`: helmet's options for documents (helmet's defaults where they say nothing). */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: HelmetOptions) => {
    await app.register(helmet, { ...options, global: false });
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (isJson(reply.getHeader('content-type'))) reply.headers(API_HEADERS);
      else reply.helmet();
      done(null, payload);
    });
  },
  { name: 'security-headers' },
);
