import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROCEEDING_KINDS } from '../domain/model.js';
import { STAT_FIELDS, STAT_GROUPS } from '../domain/statistics.js';
import { legalDate, regionPrefix, uuidSchema } from '../http/schemas.js';
import { closureStatsResponse } from './schemas.js';
import * as service from './service.js';

const query = z.object({
  from: legalDate,
  to: legalDate,
  groupBy: z.enum(STAT_GROUPS).default('org'),
  orgId: uuidSchema.optional(),
  regionCode: regionPrefix.optional(),
  kind: z.enum(PROCEEDING_KINDS).optional(),
});

/** One CSV field: quoted when it holds a separator, a quote or a line break; formulas neutralised. */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  // A leading = + - @ would be run as a formula by spreadsheet programs (CSV injection).
  if (/^[=+\-@]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

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
        summary: 'The same rows as CSV (UTF-8 with a byte-order mark, for spreadsheet programs)',
        querystring: query,
        response: { 200: { content: { 'text/csv': { schema: z.string().describe('a header row in Chinese, then one row per group and a totals row') } } } },
      },
    },
    async (request, reply) => {
      const result = await service.closureStats(deps, request.caller, request.query);
      const columns = ['key', 'label', ...STAT_FIELDS.map((f) => f.key)] as const;
      const header = ['分组', '名称', ...STAT_FIELDS.map((f) => f.zh)];
      const rows = (result.totals ? [...result.rows, result.totals] : result.rows) as unknown as Record<string, unknown>[];
      function* lines() {
        yield `\uFEFF${header.map(csvField).join(',')}\r\n`;
        for (const row of rows) yield `${columns.map((c) => csvField(row[c])).join(',')}\r\n`;
      }
      const filename = `closure-${result.from}-${result.to}-${result.groupBy}.csv`;
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
      // Fastify streams a Readable as it is; the documented schema describes what the client receives.
      return reply.send(Readable.from(lines(), { objectMode: false }) as unknown as string);
    },
  );
};
