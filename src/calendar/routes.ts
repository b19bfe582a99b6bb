import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { text } from '../http/schemas.js';
import { calendarResponse } from './schemas.js';
import * as service from './service.js';

const yearParams = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a four-digit year')
    .transform(Number)
    .refine((y) => y >= 1990 && y <= 2100, 'must be between 1990 and 2100'),
});
/** Long enough for a notice with its preamble and closing (about 1 500 characters) several times over. */
const MAX_NOTICE = 20_000;

const putBody = z
  .object({
    source: text(200).describe('where the dates come from: the notice’s title and number, e.g. 国务院办公厅关于2031年部分节假日安排的通知（国办发明电〔2030〕7号）'),
    notice: z
      .string()
      .max(MAX_NOTICE)
      .optional()
      .describe('the notice as pasted, or dates typed in its manner ("1月1日至3日放假", "2月14日上班", "2031-01-01 至 2031-01-03"), one holiday a line'),
    holidays: z.array(z.string()).max(366).optional().describe('or the public holidays as YYYY-MM-DD (with makeupWorkdays)'),
    makeupWorkdays: z.array(z.string()).max(366).optional(),
    dayNames: z
      .record(z.string(), text(40))
      .optional()
      .refine((o) => o === undefined || Object.keys(o).length <= 732, 'names at most 732 days')
      .describe('with the lists: the holiday each date belongs to'),
  })
  .superRefine((b, ctx) => {
    if (b.notice !== undefined) {
      for (const k of ['holidays', 'makeupWorkdays', 'dayNames'] as const) {
        if (b[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'give either notice or the lists of dates, not both' });
      }
      if (!b.notice.trim()) ctx.addIssue({ code: 'custom', path: ['notice'], message: 'must not be empty' });
    } else if (b.holidays === undefined && b.makeupWorkdays === undefined) {
      ctx.addIssue({ code: 'custom', path: ['notice'], message: 'give the notice’s text, or holidays and makeupWorkdays' });
    } else {
      for (const k of ['holidays', 'makeupWorkdays'] as const) {
        if (b[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'is required with the other list of dates' });
      }
    }
  });

export const calendarRoutes: FastifyPluginAsyncZod<service.CalendarDeps> = async (app, deps) => {
  const tags = ['calendar'];

  app.get(
    '/calendar/:year',
    {
      schema: {
        tags,
        summary: 'Public holidays and make-up working days of a year, where they come from and who entered them; unannounced years are weekends only',
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
        summary:
          "Enter a year's holiday notice (admin): the notice's text, or the dates as lists, with its source; recorded as entered by the caller, not official. Running clocks that depend on it are recomputed. Problems in the notice come back as 400 details with their line.",
        params: yearParams,
        body: putBody,
        response: { 200: calendarResponse.extend({ recomputed: z.object({ clocks: z.number(), cases: z.number() }) }) },
      },
    },
    async (request) => service.putCalendar(deps, request.caller, request.params.year, request.body),
  );
};
