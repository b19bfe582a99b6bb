import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as service from './service.js';

const yearParams = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a four-digit year')
    .transform(Number)
    .refine((y) => y >= 1990 && y <= 2100, 'must be between 1990 and 2100'),
});
const calendarResponse = z.object({
  year: z.number(),
  holidays: z.array(z.string()),
  makeupWorkdays: z.array(z.string()),
  official: z.boolean(),
  source: z.string(),
});

export const calendarRoutes: FastifyPluginAsyncZod<service.CalendarDeps> = async (app, deps) => {
  const tags = ['calendar'];

  app.get(
    '/calendar/:year',
    {
      schema: {
        tags,
        summary: 'Public holidays and make-up working days of a year; unofficial years are weekends only',
        params: yearParams,
        response: { 200: calendarResponse },
      },
    },
    async (request) => service.getCalendar(deps, request.params.year),
  );

  app.put(
    '/calendar/:year',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags,
        security: [{ bearer: [] }],
        summary: "Load a year's official calendar (admin); running clocks that depend on it are recomputed",
        params: yearParams,
        body: z.object({ holidays: z.array(z.string()).max(366), makeupWorkdays: z.array(z.string()).max(366) }),
        response: { 200: calendarResponse.extend({ recomputed: z.object({ clocks: z.number(), cases: z.number() }) }) },
      },
    },
    async (request) => service.putCalendar(deps, request.caller, request.params.year, request.body),
  );
};
