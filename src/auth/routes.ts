import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idNumber, mobile, text } from '../http/schemas.js';
import { presentUser, userResponse } from '../users/present.js';
import { rateLimited } from '../http/errors.js';
import type { TextSender } from '../sms/sender.js';
import { OTP_PURPOSES, RetryLater } from './otp.js';
import { SESSION_COOKIE } from './plugin.js';
import { hit } from './rateLimitStore.js';
import * as service from './service.js';

const tokenResponse = z.object({ token: z.string(), user: userResponse });
const password = z.string().min(8, 'must be at least 8 characters').max(200);
const otpCode = z.string().trim().regex(/^[0-9]{6}$/, 'must be the 6 digits of the code sent by SMS');

/** Sign in with a username and password, or with a phone and the code sent to it (SPEC §10). */
const loginBody = z
  .object({
    username: z.string().trim().min(1).max(100).optional(),
    password: z.string().min(1).max(200).optional(),
    phone: mobile.optional(),
    code: otpCode.optional(),
  })
  .superRefine((b, ctx) => {
    const byCode = b.phone !== undefined || b.code !== undefined;
    if (byCode && (b.username !== undefined || b.password !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [b.username !== undefined ? 'username' : 'password'], message: 'give either username and password, or phone and code' });
      return;
    }
    for (const field of byCode ? (['phone', 'code'] as const) : (['username', 'password'] as const)) {
      if (b[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is required' });
    }
  });

export interface AuthRouteOptions extends service.PhoneDeps {
  loginLimits: { perAccount: number; perAddress: number; windowMs: number };
  /** Codes one client address may ask for in an hour (config.OTP_MAX_PER_ADDRESS). */
  otpMaxPerAddress: number;
  /** A code's text goes out as soon as it is recorded, not at the next sweep. */
  texts: TextSender;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, deps) => {
  const { perAccount, perAddress, windowMs } = deps.loginLimits;
  const sendPendingTexts = () => deps.texts.send();
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
  // A worker's username is their phone: guesses of her password and of her codes share one count.
  const perAccountLimit = perAccountLimitFor((request) => {
    const body = request.body as { username?: unknown; phone?: unknown } | undefined;
    return String(body?.username ?? body?.phone ?? '').trim().toLowerCase().slice(0, 100);
  });
  const throttle = [perAddressLimit, perAccountLimit];

  app.post(
    '/auth/login',
    {
      preHandler: throttle,
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a username (a worker\'s phone number) and password, or with a phone and the code sent to it (purpose login)',
        body: loginBody,
        response: { 200: tokenResponse },
      },
    },
    async (request, reply) => {
      const { username, password: pw, phone, code } = request.body;
      const user =
        phone !== undefined && code !== undefined
          ? await service.loginWithCode(deps, { phone, code })
          : await service.login(deps, { username: username!, password: pw! });
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
        summary: 'Register a worker account; the phone number is the username. `code`: the code sent to it (purpose register), required when PHONE_VERIFICATION=required',
        body: z.object({ phone: mobile, password, name: text(100), idNumber: idNumber.optional(), code: otpCode.optional() }),
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
    '/auth/otp',
    {
      // One address asking for codes to phone after phone is throttled; each phone has its own limits.
      preHandler: app.rateLimit({ max: deps.otpMaxPerAddress, timeWindow: 60 * 60_000, keyGenerator: (req) => `otp:ip:${req.ip}` }),
      schema: {
        tags: ['auth'],
        summary: 'Send a 6-digit code to a phone by SMS, to register, sign in or sign (SPEC §10)',
        description:
          'The code lives 5 minutes and allows 5 tries. At most one code a minute per phone and purpose, ten a day per phone: 429 with Retry-After. The answer is the same whether or not the phone has an account.',
        body: z.object({ phone: mobile, purpose: z.enum(OTP_PURPOSES) }),
        response: { 202: z.object({ expiresInSeconds: z.number().int(), resendAfterSeconds: z.number().int() }) },
      },
    },
    async (request, reply) => {
      let answer: { expiresInSeconds: number; resendAfterSeconds: number };
      try {
        answer = await service.requestOtp(deps, request.body);
      } catch (err) {
        if (err instanceof RetryLater) reply.header('retry-after', err.retryAfterSeconds);
        throw err;
      }
      // The code is committed: its text goes out now, in the background (the sweep retries a failure).
      sendPendingTexts();
      reply.status(202);
      return answer;
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
