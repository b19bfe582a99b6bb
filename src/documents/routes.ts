import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../files/routes.js';
import { downloadQuery } from '../files/schemas.js';
import { documentedAs } from '../http/openapi.js';
import { idParams } from '../http/schemas.js';
import { documentListItem, documentParams, verifyParams, verifyResponse } from './schemas.js';
import * as service from './service.js';

export const documentRoutes: FastifyPluginAsyncZod<service.DocumentDeps> = async (app, deps) => {
  const tags = ['case file'];
  const security = [{ bearer: [] }];

  app.get(
    '/cases/:id/documents',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'The legal documents of the case (SPEC §9): whether the case has each now, and the one issued last',
        params: idParams,
        response: { 200: z.object({ items: z.array(documentListItem) }) },
      },
    },
    async (request) => service.listDocuments(deps, request.caller, request.params.id),
  );

  app.get(
    '/cases/:id/documents/:type',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'One document as A4 PDF: as issued, or issued now if the case has changed since; masked for a reader who may not see personal data whole',
        params: documentParams,
        querystring: downloadQuery,
      },
      config: documentedAs({ binaryAnswer: { status: 200, types: ['application/pdf'], description: 'the document, A4 PDF' } }),
    },
    async (request, reply) => {
      const doc = await service.getDocument(deps, request.caller, request.params.id, request.params.type);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(request.query.disposition, `${doc.title}-${doc.caseNumber}.pdf`))
        .header('x-content-type-options', 'nosniff')
        // Personal data: the browser may keep it for this user, no shared cache may; a document is issued anew when the case changes.
        .header('cache-control', 'private, no-cache')
        .header('x-document-code', doc.code)
        .header('x-document-sha256', doc.sha256)
        .header('content-length', doc.bytes.length)
        .send(doc.bytes);
    },
  );

  app.get(
    '/verify/documents/:code',
    {
      schema: {
        tags,
        summary: 'Check a printed document by its verification code (anyone, no sign-in): what was issued under it, and whether the stored copy is intact',
        params: verifyParams,
        response: { 200: verifyResponse },
      },
    },
    async (request) => service.verifyDocument(deps, request.params.code),
  );
};
