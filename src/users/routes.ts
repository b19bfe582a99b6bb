import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../domain/model.js';
import { mobile, regionPrefix, text, uuidSchema } from '../http/schemas.js';
import { invalidTransition } from '../http/errors.js';
import { presentUser } from './present.js';
import { userResponse } from './schemas.js';
import * as service from './service.js';

export const userRoutes: FastifyPluginAsyncZod<service.UserDeps> = async (app, deps) => {
  const tags = ['users'];
  const security = [{ bearer: [] }];

  app.post(
    '/users',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags,
        security,
        summary: 'Create a staff, supervisor or administrator account (admin)',
        body: z.object({
          username: z.string().trim().regex(/^[A-Za-z0-9_.-]{3,50}$/, 'must be 3 to 50 letters, digits, _ . or -'),
          password: z.string().min(8, 'must be at least 8 characters').max(200),
          role: z.enum(ROLES).exclude(['worker', 'employer']).describe("staff, supervisors and administrators; workers register and employers' representatives join by invitation"),
          name: text(100),
          orgId: uuidSchema.optional(),
          // A supervisor's region: 2-6 digits of a division code, or '' for the whole country.
          regionCode: z.union([regionPrefix, z.literal('')]).optional(),
          phone: mobile.optional(),
        }),
        response: { 201: userResponse },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return presentUser(await service.createUser(deps, request.body));
    },
  );

  app.patch(
    '/users/:id',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags,
        security,
        summary: "Disable or re-enable an account, rename it, or set a new password (admin); revokes the account's tokens",
        params: z.object({ id: uuidSchema }),
        body: z
          .object({ disabled: z.boolean().optional(), password: z.string().min(8, 'must be at least 8 characters').max(200).optional(), name: text(100).optional() })
          .refine((b) => Object.keys(b).length > 0, 'name at least one of disabled, password, name'),
        response: { 200: userResponse },
      },
    },
    async (request) => {
      if (request.params.id === request.caller.userId && request.body.disabled) throw invalidTransition('you cannot disable your own account');
      const user = await service.updateUser(deps, request.params.id, request.body);
      // This process stops honouring the account's old tokens at once; the others hear of it from the database.
      app.callers.forget(user.id);
      return presentUser(user);
    },
  );

  app.get(
    '/users',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags,
        security,
        summary: 'List accounts (admin)',
        querystring: z.object({ orgId: uuidSchema.optional(), role: z.enum(ROLES).optional() }),
        response: { 200: z.object({ items: z.array(userResponse) }) },
      },
    },
    async (request) => ({ items: (await service.listUsers(deps, request.query)).map(presentUser) }),
  );
};
