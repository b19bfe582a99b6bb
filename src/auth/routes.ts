import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idNumber, mobile, text } from '../http/schemas.js';
import { presentUser, userResponse } from '../users/present.js';
import * as service from './service.js';

const tokenResponse = z.object({ token: z.string(), user: userResponse });
const password = z.string().min(8, 'must be at least 8 characters').max(200);

export const authRoutes: FastifyPluginAsyncZod<service.AuthDeps> = async (app, deps) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a username (a worker\'s phone number) and password',
        body: z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: tokenResponse },
      },
    },
    async (request) => {
      const user = await service.login(deps, request.body);
      return { token: app.issueToken(user), user: presentUser(user) };
    },
  );

  app.post(
    '/auth/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Register a worker account; the phone number is the username',
        body: z.object({ phone: mobile, password, name: text(100), idNumber: idNumber.optional() }),
        response: { 201: tokenResponse },
      },
    },
    async (request, reply) => {
      const user = await service.registerWorker(deps, request.body);
      reply.status(201);
      return { token: app.issueToken(user), user: presentUser(user) };
    },
  );

  app.get(
    '/me',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        security: [{ bearer: [] }],
        response: { 200: userResponse.extend({ idNumber: z.string().nullable() }) },
      },
    },
    async (request) => service.me(deps, request.caller),
  );
};
