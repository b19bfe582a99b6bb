import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listNotificationsQuery, markReadAnswer, markReadBody, notificationList } from './schemas.js';
import * as service from './service.js';

/** SPEC §10: what each party has been told, at GET /me/notifications. */
export const notificationRoutes: FastifyPluginAsyncZod<service.NotificationDeps> = async (app, deps) => {
  const tags = ['notifications'];
  const security = [{ bearer: [] }];

  app.get(
    '/me/notifications',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: "The caller's notifications, newest first (workers and employer representatives; staff get 403)",
        querystring: listNotificationsQuery,
        response: { 200: notificationList },
      },
    },
    async (request) => service.listNotifications(deps, request.caller, request.query),
  );

  app.post(
    '/me/notifications/read',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: "Mark notifications read: `ids` (each the caller's own, else 404 and nothing changes) or `all: true`",
        body: markReadBody,
        response: { 200: markReadAnswer },
      },
    },
    async (request) => service.markRead(deps, request.caller, request.body),
  );
};
