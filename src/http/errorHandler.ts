import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { scrubPersonalData } from '../domain/identity.js';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, validationFailed, type FieldProblem } from './errors.js';

/**
 * What of an unexpected error may be logged: drizzle puts a failed query's parameters (ID
 * numbers, phones) into the message, so only the first line before them is kept, scrubbed.
 */
export function loggableError(err: unknown): { type: string; message: string; code?: string; stack?: string } {
  const e = err as Error & { code?: unknown };
  const message = scrubPersonalData(String(e?.message ?? err).split('\nparams:')[0].split(' params: ')[0].slice(0, 500));
  const stack = e?.stack ? scrubPersonalData(e.stack.split('\n').filter((l) => l.trimStart().startsWith('at ')).slice(0, 12).join('\n')) : undefined;
  return { type: e?.name ?? typeof err, message, code: pgCode(err) ?? (typeof e?.code === 'string' ? e.code : undefined), stack };
}

export function errorBody(code: string, message: string, requestId: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) }, requestId };
}

/** A PostgreSQL error code, wherever the driver or drizzle put it. */
function pgCode(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let i = 0; e && i < 4; i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

const FASTIFY_CLIENT_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'VALIDATION_FAILED'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'VALIDATION_FAILED'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'VALIDATION_FAILED'],
};

/** JSON this deep is no form anyone fills in; refusing it keeps every walk over a body shallow. */
export const MAX_INPUT_DEPTH = 64;

/**
 * Problems no route's schema can see: text PostgreSQL cannot store as sent (NUL characters, lone
 * UTF-16 surrogates) and nesting beyond MAX_INPUT_DEPTH. Walks with an explicit stack, so no
 * input can exhaust the call stack.
 */
export function inputProblems(root: unknown, rootPath: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  const stack: [unknown, string, number][] = [[root, rootPath, 0]];
  while (stack.length && out.length < 20) {
    const [value, path, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) out.push({ field: path, message: 'must not contain NUL characters' });
      else if (!value.isWellFormed()) out.push({ field: path, message: 'must be well-formed Unicode text' });
    } else if (value && typeof value === 'object') {
      if (depth >= MAX_INPUT_DEPTH) {
        out.push({ field: path, message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` });
        continue;
      }
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      for (const [k, v] of entries) {
        if (!k.isWellFormed() || k.includes('\u0000')) out.push({ field: `${path}.${k.replace(/[\u0000\uD800-\uDFFF]/g, '?')}`, message: 'has a key that is not well-formed text' });
        else stack.push([v, `${path}.${k}`, depth + 1]);
      }
    }
  }
  return out;
}

/** SPEC §7: one error shape for every failure; 5xx messages never reach clients. */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(err)) {
        const details: FieldProblem[] = err.validation.map((v) => {
          const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
          const missing = (v.params as { issue?: { path?: unknown[] } })?.issue?.path;
          const field = [err.validationContext, path || (Array.isArray(missing) ? missing.join('.') : '')]
            .filter(Boolean)
            .join('.');
          return { field, message: v.message ?? 'is not valid' };
        });
        return reply.status(400).send(errorBody('VALIDATION_FAILED', 'the request is not valid', request.id, details));
      }
      if (err instanceof AppError) {
        return reply.status(err.statusCode).send(errorBody(err.code, err.message, request.id, err.details));
      }
      const known = err.code ? FASTIFY_CLIENT_ERRORS[err.code] : undefined;
      if (known) return reply.status(known[0]).send(errorBody(known[1], err.message, request.id, known[1] === 'VALIDATION_FAILED' ? [{ field: 'body', message: err.message }] : undefined));
      if (err.statusCode === 429) {
        return reply.status(429).send(errorBody('RATE_LIMITED', 'too many requests, try again later', request.id));
      }
      if (err.code?.startsWith('FST_JWT')) {
        return reply.status(401).send(errorBody('UNAUTHENTICATED', 'sign in first', request.id));
      }
      const code = pgCode(err);
      if (code === '23505') {
        return reply.status(409).send(errorBody('DUPLICATE', 'this already exists', request.id));
      }
      if (code === '22P02' || code === '22003' || code === '22007' || code === '22008' || code === '22021' || code === '22P05') {
        // Malformed value the schemas let through (e.g. out-of-range date): the client's fault.
        return reply.status(400).send(errorBody('VALIDATION_FAILED', 'a value is out of range', request.id, [{ field: 'body', message: 'a value cannot be stored as sent' }]));
      }
      if (!isResponseSerializationError(err) && err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        return reply.status(err.statusCode).send(errorBody('BAD_REQUEST', err.message, request.id));
      }
      request.log.error({ err: loggableError(err) }, 'request failed');
      return reply.status(500).send(errorBody('INTERNAL', 'something went wrong on our side', request.id));
    });

    // Refused up front, for every route, naming each field (see inputProblems).
    app.addHook('preValidation', async (request) => {
      const bad = [...inputProblems(request.body, 'body'), ...inputProblems(request.query, 'querystring'), ...inputProblems(request.params, 'params')];
      if (bad.length) throw validationFailed(bad);
    });

    app.setNotFoundHandler((request, reply) => {
      reply.status(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`, request.id));
    });
  },
  { name: 'error-handler' },
);

/** What Node's HTTP parser refuses before Fastify sees a request, by the error's code. */
const CONNECTION_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'HEADERS_TOO_LARGE', 'the request line or its headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'REQUEST_TIMEOUT', 'the request did not arrive in time'],
};

/**
 * Fastify's `clientErrorHandler`: a request Node refused while reading it (headers too large, too
 * slow, not HTTP) gets the SPEC §7 shape too, with a request id of its own that its log line
 * carries, and the connection is closed. Nothing of the request is logged: it was never read.
 */
export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = (err.code && CONNECTION_ERRORS[err.code]) || [400, 'BAD_REQUEST', 'the request is not valid HTTP'];
  const requestId = randomUUID();
  this.log.info({ reqId: requestId, status, reason: err.code ?? 'unknown' }, 'request refused before it was read');
  // A response already under way (a timeout while it is sent) cannot be followed by another.
  const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (socket.writable && !answering) {
    const body = JSON.stringify(errorBody(code, message, requestId));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
