import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, uuidSchema } from '../http/schemas.js';
import { actionBody, caseDetail, caseListItem, eventResponse, fileCaseBody, listQuery } from './schemas.js';
import { SEARCH_CURSOR } from './search.js';
import * as service from './service.js';

// A plain list's cursor is the last case's id; a search's also names the rank it stopped in.
const listQueryWithSearch = listQuery.extend({
  q: listQuery.shape.q.describe(
    'a case number or its beginning, part of a party\'s or the employer\'s name, or a worker\'s whole phone or resident ID number; results ranked, best first',
  ),
  cursor: z
    .union([uuidSchema, z.string().regex(SEARCH_CURSOR, 'must be a cursor this list gave')])
    .optional()
    .describe('nextCursor of the previous page'),
});

export const caseRoutes: FastifyPluginAsyncZod<service.CaseDeps> = async (app, deps) => {
  const tags = ['cases'];
  const security = [{ bearer: [] }];

  app.post(
    '/cases',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'File a case: a worker online, or staff logging a walk-in or paper case',
        body: fileCaseBody,
        response: { 201: caseDetail },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return service.fileCase(deps, request.caller, request.body);
    },
  );

  app.get(
    '/cases',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Cases the caller may see, newest first',
        querystring: listQueryWithSearch,
        response: { 200: z.object({ items: z.array(caseListItem), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => service.listCases(deps, request.caller, request.query),
  );

  app.get(
    '/cases/:id',
    {
      preHandler: app.authenticate,
      schema: { tags, security, summary: 'One case with everything the caller may see of it', params: idParams, response: { 200: caseDetail } },
    },
    async (request) => service.getCase(deps, request.caller, request.params.id),
  );

  app.get(
    '/cases/:id/events',
    {
      preHandler: app.authenticate,
      schema: { tags, security, summary: 'The case timeline', params: idParams, response: { 200: z.object({ items: z.array(eventResponse) }) } },
    },
    async (request) => service.listEvents(deps, request.caller, request.params.id),
  );

  app.get(
    '/cases/:id/verify',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Whether the case\'s event hash chain is intact',
        params: idParams,
        response: {
          200: z.object({ intact: z.boolean(), events: z.number(), brokenAt: z.number().nullable(), problem: z.string().nullable() }),
        },
      },
    },
    async (request) => service.verifyCase(deps, request.caller, request.params.id),
  );

  app.post(
    '/cases/:id/actions',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Take one action on a case (SPEC §4); `version` must be the case\'s current version',
        params: idParams,
        body: actionBody,
        response: { 200: caseDetail },
      },
    },
    async (request) => service.performAction(deps, request.caller, request.params.id, request.body),
  );
};
