import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuidSchema } from '../http/schemas.js';
import { deadlineItem } from './schemas.js';
import * as service from './service.js';

export const deadlineRoutes: FastifyPluginAsyncZod<service.DeadlineDeps> = async (app, deps) => {
  app.get(
    '/deadlines',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['deadlines'],
        security: [{ bearer: [] }],
        summary: 'The deadline board: open clocks soonest first (staff: their organisation; supervisors: their region)',
        querystring: z.object({
          status: z.enum(['due_soon', 'breached', 'running', 'paused']).optional(),
          orgId: uuidSchema.optional(),
          within: z.coerce.number().int().min(0).max(3660).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(200).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(deadlineItem),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => service.listDeadlines(deps, request.caller, request.query),
  );
};
