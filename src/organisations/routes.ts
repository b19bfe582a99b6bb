import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ORG_HANDLES, ORG_KINDS } from '../domain/model.js';
import { regionName } from '../domain/regions.js';
import { idParams, regionCode, regionPrefix, text, uuidSchema } from '../http/schemas.js';
import { orgResponse, staffMember, type OrgResponse } from './schemas.js';
import * as service from './service.js';

function present(o: service.Organization): OrgResponse {
  return { ...o, regionName: regionName(o.regionCode), handles: [...ORG_HANDLES[o.kind]], createdAt: o.createdAt.toISOString() };
}

export const organisationRoutes: FastifyPluginAsyncZod<service.OrgDeps> = async (app, deps) => {
  const tags = ['organisations'];
  const security = [{ bearer: [] }];

  app.post(
    '/organizations',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags,
        security,
        summary: 'Create an organisation (admin)',
        body: z.object({
          name: text(200),
          kind: z.enum(ORG_KINDS),
          regionCode,
          parentId: uuidSchema.optional(),
          intakeCode: z
            .string()
            .trim()
            .toUpperCase()
            .regex(/^[A-Z0-9]{4,12}$/, 'must be 4 to 12 letters or digits')
            .optional(),
        }),
        response: { 201: orgResponse },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return present(await service.createOrganization(deps, request.body));
    },
  );

  app.get(
    '/organizations',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'List organisations',
        querystring: z.object({ kind: z.enum(ORG_KINDS).optional(), regionCode: regionPrefix.optional(), q: z.string().max(100).optional() }),
        response: { 200: z.object({ items: z.array(orgResponse) }) },
      },
    },
    async (request) => ({ items: (await service.listOrganizations(deps, request.query)).map(present) }),
  );

  app.get(
    '/organizations/by-intake/:code',
    {
      schema: {
        tags,
        summary: 'Resolve the intake code printed on a centre\'s QR sign (no sign-in needed)',
        params: z.object({ code: z.string().max(20) }),
        response: { 200: orgResponse },
      },
    },
    async (request) => present(await service.getByIntakeCode(deps, request.params.code)),
  );

  app.get(
    '/organizations/:id',
    {
      preHandler: app.authenticate,
      schema: { tags, security, summary: 'One organisation', params: idParams, response: { 200: orgResponse } },
    },
    async (request) => present(await service.getOrganization(deps, request.params.id)),
  );

  app.get(
    '/organizations/:id/staff',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: "The organisation's active staff by name, to choose who handles a case (its own staff, and admin)",
        params: idParams,
        response: { 200: z.object({ items: z.array(staffMember) }) },
      },
    },
    async (request) => ({ items: await service.listStaff(deps, request.caller, request.params.id) }),
  );
};
