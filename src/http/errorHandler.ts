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

/** Paths of strings holding a NUL character, which PostgreSQL text and jsonb cannot store. */
function nulPaths(value: unknown, path: string, out: string[]): string[] {
  if (out.length >= 20) return out;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, `${path}.${i}`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) nulPaths(v, `${path}.${k}`, out);
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
        return reply.status(400).send(errorBody('VALIDATION_FAILED', 'a value is out of range', request.id));
      }
      if (!isResponseSerializationError(err) && err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        return reply.status(err.statusCode).send(errorBody('BAD_REQUEST', err.message, request.id));
      }
      request.log.error({ err: loggableError(err) }, 'request failed');
      return reply.status(500).send(errorBody('INTERNAL', 'something went wrong on our side', request.id));
    });

    // Text with NUL characters is refused up front, for every route, naming each field.
    app.addHook('preValidation', async (request) => {
      const bad = [
        ...nulPaths(request.body, 'body', []),
        ...nulPaths(request.query, 'querystring', []),
        ...nulPaths(request.params, 'params', []),
      ];
      if (bad.length) throw validationFailed(bad.map((field) => ({ field, message: 'must not contain NUL characters' })));
    });

    app.setNotFoundHandler((request, reply) => {
      reply.status(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`, request.id));
    });
  },
  { name: 'error-handler' },
);
