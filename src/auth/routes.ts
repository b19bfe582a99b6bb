import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idNumber, mobile, text } from '../http/schemas.js';
import { presentUser, userResponse } from '../users/present.js';
import { rateLimited } from '../http/errors.js';
import { SESSION_COOKIE } from './plugin.js';
import { hit } from './rateLimitStore.js';
import * as service from './service.js';

const tokenResponse = z.object({ token: z.string(), user: userResponse });
const password = z.string().min(8, 'must be at least 8 characters').max(200);

export interface AuthRouteOptions extends service.AuthDeps {
  loginLimits: { perAccount: number; perAddress: number; windowMs: number };
}

export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, deps) => {
  const { perAccount, perAddress, windowMs } = deps.loginLimits;
  // Guessing many accounts' passwords from one address is throttled by @fastify/rate-limit; guessing
  // one account's from many addresses by a counter per account (the plugin runs one limit a request).
  const perAddressLimit = app.rateLimit({ max: perAddress, timeWindow: windowMs, keyGenerator: (req) => `login:ip:${req.ip}` });
  const perAccountLimitFor = (account: (request: FastifyRequest) => string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { current, ttl } = await hit(deps.db, `login:user:${account(request)}`, windowMs);
    if (current > perAccount) {
      reply.header('retry-after', Math.ceil(ttl / 1000));
      throw rateLimited();
    }
  };
  const perAccountLimit = perAccountLimitFor((request) =>
    String((request.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase().slice(0, 100),
  );
  const throttle = [perAddressLimit, perAccountLimit];

  app.post(
    '/auth/login',
    {
      preHandler: throttle,
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a username (a worker\'s phone number) and password',
        body: z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: tokenResponse },
      },
    },
    async (request, reply) => {
      const user = await service.login(deps, request.body);
      const token = app.issueToken(user);
      app.setSession(reply, token);
      return { token, user: presentUser(user) };
    },
  );

  app.post(
    '/auth/register',
    {
      // One address registering account after account is throttled too.
      preHandler: app.rateLimit({ max: perAddress, timeWindow: windowMs, keyGenerator: (req) => `register:ip:${req.ip}` }),
      schema: {
        tags: ['auth'],
        summary: 'Register a worker account; the phone number is the username',
        body: z.object({ phone: mobile, password, name: text(100), idNumber: idNumber.optional() }),
        response: { 201: tokenResponse },
      },
    },
    async (request, reply) => {
      const user = await service.registerWorker(deps, request.body);
      const token = app.issueToken(user);
      app.setSession(reply, token);
      reply.status(201);
      return { token, user: presentUser(user) };
    },
  );

  app.post(
    '/me/password',
    {
      preHandler: [app.authenticate, perAccountLimitFor((req) => req.caller.userId)],
      schema: {
        tags: ['auth'],
        summary: 'Change your password; every other session is signed out',
        security: [{ bearer: [] }],
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: password }),
        response: { 200: tokenResponse },
      },
    },
    async (request, reply) => {
      const user = await service.changePassword(deps, request.caller, request.body);
      // This process stops honouring the old tokens at once; the others hear of it from the database.
      app.callers.forget(user.id);
      const token = app.issueToken(user);
      if (request.cookies?.[SESSION_COOKIE]) app.setSession(reply, token);
      return { token, user: presentUser(user) };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'End the browser session (clears the session cookie)', response: { 204: z.null() } },
    },
    async (_request, reply) => {
      app.clearSession(reply);
      return reply.status(204).send(null);
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
