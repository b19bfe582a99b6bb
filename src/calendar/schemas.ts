/** What the calendar routes answer (an allowlist); the pages take its type from here. */
import { z } from 'zod';

export const calendarResponse = z.object({
  year: z.number(),
  holidays: z.array(z.string()),
  makeupWorkdays: z.array(z.string()),
  dayNames: z.record(z.string(), z.string()).describe('the holiday each holiday and make-up working day belongs to, e.g. { "2031-01-23": "春节" }'),
  official: z.boolean().describe('true only for the official data of the chinese-days package; an administrator’s entry is false'),
  provisional: z.boolean().describe('no announced calendar: counted on weekends alone'),
  source: z.string().describe("'chinese-days', 'weekends-only', or the source the administrator named"),
  enteredBy: z.object({ id: z.string(), name: z.string() }).nullable().describe('who entered the year (null for the package’s data)'),
  enteredAt: z.string().nullable(),
  notice: z.string().nullable().describe('the text the administrator entered, as given'),
});
export type CalendarResponse = z.infer<typeof calendarResponse>;
