import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import type { Config } from '../config.js';
import { clientErrorHandler } from '../http/errorHandler.js';

type Limits = Pick<Config, 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_IDLE_TIMEOUT_MS'>;

/**
 * The HTTP server's limits against slow or oversized clients (issue 21), as Fastify options for
 * `Fastify({ ...httpServerOptions(config), … })`:
 * - headers (request line included) must be complete within HTTP_HEADERS_TIMEOUT_MS, and larger
 *   than 16 KiB they are refused with 431 (Node's `headersTimeout`, `maxHeaderSize`);
 * - the whole request, body included, within HTTP_REQUEST_TIMEOUT_MS (Fastify's `requestTimeout`):
 *   a body sent a byte at a time never resets it, unlike an idle timer;
 * - a connection silent for HTTP_IDLE_TIMEOUT_MS is closed (Fastify's `connectionTimeout`).
 * Node checks the first two on a timer (`connectionsCheckingInterval`, 30 s by default): here a
 * quarter of the shorter limit, at most 5 s, so a slow client is cut within 1.25 times its limit.
 * What is cut is answered in the SPEC's error shape (clientErrorHandler), 408 for a timeout.
 */
export function httpServerOptions(config: Limits) {
  const checkEvery = Math.max(25, Math.min(5_000, Math.floor(Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS) / 4)));
  return {
    connectionTimeout: config.HTTP_IDLE_TIMEOUT_MS,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: checkEvery,
      maxHeaderSize: 16 * 1024,
    },
    clientErrorHandler,
  } satisfies Partial<FastifyHttpOptions<Server>>;
}
