import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams } from '../http/schemas.js';
import { workloadResponse } from './schemas.js';
import { orgWorkload, type WorkloadDeps } from './service.js';

export const workloadRoutes: FastifyPluginAsyncZod<WorkloadDeps> = async (app, deps) => {
  app.get(
    '/organizations/:id/workload',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['organisations'],
        security: [{ bearer: [] }],
        summary: "Open proceedings per staff member, with their clocks due soon and breached (the organisation's staff, its supervisors, admin)",
        params: idParams,
        response: { 200: workloadResponse },
      },
    },
    async (request) => orgWorkload(deps, request.caller, request.params.id),
  );
};
