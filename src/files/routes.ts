import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FILE_CONTENT_TYPES, FILE_KINDS } from '../domain/caseFile.js';
import { documentedAs, filePart } from '../http/openapi.js';
import { idParams } from '../http/schemas.js';
import { downloadQuery, fileParams, fileResponse, withdrawBody } from './schemas.js';
import * as service from './service.js';

/**
 * `Content-Disposition` for a name in any script (RFC 6266 with RFC 5987's `filename*`): browsers
 * take the UTF-8 name, and older clients an ASCII stand-in.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export const fileRoutes: FastifyPluginAsyncZod<service.FileDeps> = async (app, deps) => {
  const tags = ['case file'];
  const security = [{ bearer: [] }];

  app.post(
    '/cases/:id/files',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Add a file to the case: multipart/form-data with one part `file` (PDF, JPEG, PNG or WebP, decided by its bytes) and the fields `kind`, `description`, and `internal` (staff only)',
        params: idParams,
        response: { 201: fileResponse },
      },
      config: documentedAs({
        multipartBody: {
          properties: {
            file: filePart('the file: PDF, JPEG, PNG or WebP, at most FILE_MAX_BYTES'),
            kind: { type: 'string', enum: [...FILE_KINDS] },
            description: { type: 'string', maxLength: 500 },
            internal: { type: 'string', enum: ['true', 'false'], description: 'staff only: never shown to the parties' },
          },
          required: ['file', 'kind'],
        },
      }),
    },
    async (request, reply) => {
      const file = await service.uploadFile(deps, request.caller, request.params.id, request);
      reply.status(201);
      return file;
    },
  );

  app.get(
    '/cases/:id/files',
    {
      preHandler: app.authenticate,
      schema: { tags, security, summary: 'The files of the case the caller may see, oldest first', params: idParams, response: { 200: z.object({ items: z.array(fileResponse) }) } },
    },
    async (request) => service.listFiles(deps, request.caller, request.params.id),
  );

  app.get(
    '/cases/:id/files/:fileId',
    {
      preHandler: app.authenticate,
      schema: { tags, security, summary: "One file's bytes, as they were uploaded", params: fileParams, querystring: downloadQuery },
      config: documentedAs({ binaryAnswer: { status: 200, types: FILE_CONTENT_TYPES, description: 'the bytes, with Content-Disposition naming the file' } }),
    },
    async (request, reply) => {
      const { file, body } = await service.openFile(deps, request.caller, request.params.id, request.params.fileId);
      const etag = `"${file.sha256}"`;
      reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(request.query.disposition, file.name))
        .header('x-content-type-options', 'nosniff')
        // Personal evidence: the browser may keep it for this user, no shared cache may.
        .header('cache-control', 'private, no-cache')
        .header('etag', etag);
      if (request.headers['if-none-match'] === etag) {
        body.destroy();
        return reply.status(304).send();
      }
      reply.header('content-length', file.sizeBytes);
      return reply.send(body);
    },
  );

  app.post(
    '/cases/:id/files/:fileId/withdraw',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Withdraw a file (staff): the parties no longer see it; it stays in the case file and its chain',
        params: fileParams,
        body: withdrawBody,
        response: { 200: fileResponse },
      },
    },
    async (request) => service.withdrawFile(deps, request.caller, request.params.id, request.params.fileId, request.body.reason),
  );
};
