import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentUser, userResponse } from '../users/present.js';
import { RetryLater } from '../auth/otp.js';
import { acceptInvitation, invitation, openService, sendInvitationCode, type LinkDeps } from './links.js';

const tokenParams = z.object({ token: z.string().max(100).describe('the token of the link sent by SMS') });
const code = z.string().regex(/^\d{6}$/, 'must be the 6-digit code sent to your phone');

/** SPEC §10's one-time links: the employer's invitation and a served document. No sign-in: the link is the key, the phone code the proof. */
export const linkRoutes: FastifyPluginAsyncZod<LinkDeps> = async (app, deps) => {
  const tags = ['parties'];

  app.get(
    '/invitations/:token',
    {
      schema: {
        tags,
        summary: "What an employer's representative is invited to (their phone masked)",
        params: tokenParams,
        response: {
          200: z.object({ caseNumber: z.string(), respondentName: z.string(), name: z.string(), phone: z.string(), orgName: z.string(), accepted: z.boolean() }),
        },
      },
    },
    async (request) => invitation(deps, request.params.token),
  );

  app.post(
    '/invitations/:token/code',
    {
      preHandler: app.rateLimit({ max: 30, timeWindow: 15 * 60_000, keyGenerator: (req) => `invite:ip:${req.ip}` }),
      schema: {
        tags,
        summary: 'Send a sign-in code to the phone the invitation was sent to (the page need not know it whole)',
        params: tokenParams,
        response: { 202: z.object({ phone: z.string(), expiresInSeconds: z.number().int(), resendAfterSeconds: z.number().int() }) },
      },
    },
    async (request, reply) => {
      try {
        const sent = await sendInvitationCode(deps, request.params.token);
        reply.status(202);
        return sent;
      } catch (err) {
        if (err instanceof RetryLater) reply.header('retry-after', err.retryAfterSeconds);
        throw err;
      } finally {
        deps.sendTexts?.();
      }
    },
  );

  app.post(
    '/invitations/:token/accept',
    {
      // Codes are guessed at most five times each (src/auth/otp.ts); addresses trying links are throttled besides.
      preHandler: app.rateLimit({ max: 30, timeWindow: 15 * 60_000, keyGenerator: (req) => `invite:ip:${req.ip}` }),
      schema: {
        tags,
        summary: 'Join the case as the employer\'s representative with the code sent (purpose login) to the invited phone; signs in',
        params: tokenParams,
        body: z.object({ code }),
        response: { 200: z.object({ token: z.string(), user: userResponse, caseId: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const { user, caseId } = await acceptInvitation(deps, request.params.token, request.body.code);
      const token = app.issueToken(user);
      app.setSession(reply, token);
      return { token, user: presentUser(user), caseId };
    },
  );

  app.post(
    '/services/:token/open',
    {
      preHandler: app.rateLimit({ max: 60, timeWindow: 15 * 60_000, keyGenerator: (req) => `service:ip:${req.ip}` }),
      schema: {
        tags,
        summary: 'Open a served document\'s link: the first opening is the day of service (电子送达)',
        params: tokenParams,
        response: {
          200: z.object({
            caseId: z.string().uuid(),
            caseNumber: z.string(),
            title: z.string(),
            documentType: z.string().nullable(),
            fileId: z.string().uuid().nullable(),
            party: z.enum(['applicant', 'respondent']),
            servedAt: z.string(),
            orgName: z.string(),
          }),
        },
      },
    },
    async (request) => openService(deps, request.params.token),
  );
};
