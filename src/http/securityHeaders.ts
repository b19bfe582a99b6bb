/**
 * Security headers on every answer, by @fastify/helmet: helmet's set for what a browser renders
 * (the pages, /docs, their scripts and styles), and for the API's JSON the set an API answer
 * needs (OWASP REST Security Cheat Sheet, "Security headers"), which adds `Cache-Control:
 * no-store`: answers carry personal data (SPEC §7), which no browser or proxy cache should keep.
 *
 * Which set an answer gets depends on what it is, known once it is sent (an API route's refusal,
 * a missing asset's 404 and /openapi.json are JSON; a page is HTML), so helmet is applied from an
 * onSend hook through `reply.helmet` rather than per route.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

/** helmet's own options, as `reply.helmet` takes them. */
type HelmetOptions = NonNullable<Parameters<FastifyReply['helmet']>[0]>;

/**
 * What a JSON answer of the API carries: nothing in it is rendered, framed or run, so the headers
 * that only a rendered document uses are left out. Every helmet option is named, since these are
 * laid over the documents' options.
 */
export const API_HELMET: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: { policy: 'same-origin' },
  originAgentCluster: false,
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  xContentTypeOptions: true,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: { action: 'deny' },
  xPermittedCrossDomainPolicies: false,
  xPoweredBy: true,
  xXssProtection: false,
};

const isJson = (type: unknown) => typeof type === 'string' && type.startsWith('application/json');

/** `options`: helmet's options for documents (helmet's defaults where they say nothing). */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: HelmetOptions) => {
    await app.register(helmet, { ...options, global: false });
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (isJson(reply.getHeader('content-type'))) {
        reply.helmet(API_HELMET);
        reply.header('cache-control', 'no-store');
      } else {
        reply.helmet();
      }
      done(null, payload);
    });
  },
  { name: 'security-headers' },
);
