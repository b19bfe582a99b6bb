/** zod building blocks shared by the features' request and response schemas. */
import { z } from 'zod';
import { MOBILE_PATTERN, creditCodeProblem, idNumberProblem } from '../domain/identity.js';
import { chinaMidnight, isValidDate } from '../domain/time.js';

export const uuidSchema = z.string().uuid();
export const idParams = z.object({ id: uuidSchema });

/** A legal date, YYYY-MM-DD, that exists on the calendar. */
export const legalDate = z.string().refine(isValidDate, 'must be a date written YYYY-MM-DD');

/**
 * A moment: ISO 8601 with an offset, or a bare legal date meaning the start of that day in
 * China time (staff often only know the day of a paper filing).
 */
export const instant = z
  .string()
  .refine(
    (v) => isValidDate(v) || z.iso.datetime({ offset: true }).safeParse(v).success,
    'must be an ISO 8601 timestamp with an offset, or a date YYYY-MM-DD',
  )
  .transform((v) => (isValidDate(v) ? chinaMidnight(v) : new Date(v)));

export const idNumber = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .superRefine((v, ctx) => {
    const problem = idNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `resident ID number ${problem}` });
  });

export const creditCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .superRefine((v, ctx) => {
    const problem = creditCodeProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `unified social credit code ${problem}` });
  });

export const mobile = z.string().trim().regex(MOBILE_PATTERN, 'must be an 11-digit mainland mobile number');

export const regionCode = z.string().regex(/^[0-9]{6}$/, 'must be a six-digit administrative division code');
export const regionPrefix = z.string().regex(/^[0-9]{2,6}$/, 'must be 2 to 6 digits of an administrative division code');

/** Names and short texts: trimmed, not empty, bounded. */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const isoTimestamp = z.string();
export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  requestId: z.string(),
});
