import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROCEEDING_KINDS } from '../domain/model.js';
import { quarterDates, STAT_GROUPS, type StatGroup } from '../domain/statistics.js';
import { legalDate, regionPrefix, uuidSchema } from '../http/schemas.js';
import { csvLines, workbookOf } from './exports.js';
import { closureStatsResponse } from './schemas.js';
import * as service from './service.js';

/** A quarter or a year must also fall within the years a legal date may (legalDate's bounds). */
const withinDates = (dates: { from: string; to: string } | null) => dates !== null && legalDate.safeParse(dates.from).success && legalDate.safeParse(dates.to).success;

/** The period: from and to, or one quarter, or one year (the ministry reports by quarter and year). */
const period = {
  from: legalDate.optional(),
  to: legalDate.optional(),
  quarter: z
    .string()
    .refine((v) => quarterDates(v) !== null, 'must be a quarter written YYYY-Qn, n from 1 to 4 (2025-Q3)')
    .refine((v) => quarterDates(v) === null || withinDates(quarterDates(v)), 'must be a quarter between 1950 and 2100')
    .optional()
    .describe('instead of from and to: one quarter, e.g. 2025-Q3'),
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a year written YYYY')
    .refine((v) => !/^\d{4}$/.test(v) || withinDates({ from: `${v}-01-01`, to: `${v}-12-31` }), 'must be a year between 1950 and 2100')
    .optional()
    .describe('instead of from and to: one calendar year, e.g. 2025'),
};
const filters = {
  orgId: uuidSchema.optional(),
  regionCode: regionPrefix.optional(),
  kind: z.enum(PROCEEDING_KINDS).optional(),
};

/** Exactly one way of naming the period, each part of it given. */
function onePeriod(q: { from?: string; to?: string; quarter?: string; year?: string }, ctx: z.RefinementCtx) {
  const ways = [q.from !== undefined || q.to !== undefined, q.quarter !== undefined, q.year !== undefined].filter(Boolean).length;
  if (ways > 1) {
    ctx.addIssue({ code: 'custom', path: [q.quarter !== undefined ? 'quarter' : 'year'], message: 'give one period: from and to, a quarter, or a year' });
    return;
  }
  if (q.quarter !== undefined || q.year !== undefined) return;
  if (q.from === undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is required (or give quarter or year)' });
  if (q.to === undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: 'is required (or give quarter or year)' });
}

const query = z.object({ ...period, groupBy: z.enum(STAT_GROUPS).default('org'), ...filters }).superRefine(onePeriod);

/** The workbook takes several groupings, one sheet each: groupBy=org,quarter. */
const groupList = z
  .string()
  .max(200)
  .transform((v) => v.split(','))
  .pipe(
    z
      .array(z.enum(STAT_GROUPS, { message: `must list groupings from ${STAT_GROUPS.join(', ')}, separated by commas` }))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'lists a grouping twice'),
  )
  .describe(`one or more of ${STAT_GROUPS.join(', ')}, separated by commas: one sheet each`);
const workbookQuery = z.object({ ...period, groupBy: groupList.default(['org']), ...filters }).superRefine(onePeriod);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const statsRoutes: FastifyPluginAsyncZod<service.StatsDeps> = async (app, deps) => {
  const tags = ['statistics'];
  const security = [{ bearer: [] }];

  app.get(
    '/stats/closure',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Closure statistics (SPEC §6): supervisors over their region, staff over their organisation',
        querystring: query,
        response: { 200: closureStatsResponse },
      },
    },
    async (request) => service.closureStats(deps, request.caller, request.query),
  );

  app.get(
    '/stats/closure.csv',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'The same figures as CSV (UTF-8 with a byte-order mark): Chinese headings, money in yuan, organisations and regions by name',
        querystring: query,
        response: { 200: { content: { 'text/csv': { schema: z.string().describe('a header row in Chinese, then one row per group and a totals row') } } } },
      },
    },
    async (request, reply) => {
      const { groupBy, ...q } = request.query;
      const report = await service.closureReport(deps, request.caller, q, [groupBy]);
      const filename = `closure-${report.from}-${report.to}-${groupBy}.csv`;
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
      // Fastify streams a Readable as it is; the documented schema describes what the client receives.
      return reply.send(Readable.from(csvLines(report, report.sheets[0]), { objectMode: false }) as unknown as string);
    },
  );

  app.get(
    '/stats/closure.xlsx',
    {
      preHandler: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'The same figures as an Excel workbook: one sheet per grouping, Chinese headings, yuan and percentages formatted, the period and scope in the title',
        querystring: workbookQuery,
        response: { 200: { content: { [XLSX]: { schema: z.string().describe('an .xlsx workbook') } } } },
      },
    },
    async (request, reply) => {
      const { groupBy, ...q } = request.query;
      const groups = groupBy as StatGroup[];
      const report = await service.closureReport(deps, request.caller, q, groups);
      const bytes = await workbookOf(report, deps.now?.() ?? new Date());
      const filename = `closure-${report.from}-${report.to}-${groups.join('+')}.xlsx`;
      reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="${filename}"`);
      return reply.send(bytes as unknown as string);
    },
  );
};
