/** zod building blocks shared by the features' request and response schemas. */
import { z } from 'zod';
import { MOBILE_PATTERN, creditCodeProblem, idNumberProblem } from '../domain/identity.js';
import { chinaDate, chinaMidnight, isValidDate } from '../domain/time.js';

export const uuidSchema = z.string().uuid();
export const idParams = z.object({ id: uuidSchema });

/** Labour disputes in this system fall within these years; anything else is a typing error. */
const MIN_YEAR = 1950;
const MAX_YEAR = 2100;
const inYears = (d: Date) => d.getUTCFullYear() >= MIN_YEAR && d.getUTCFullYear() <= MAX_YEAR;

/** A legal date, YYYY-MM-DD, that exists on the calendar. */
export const legalDate = z
  .string()
  .refine(isValidDate, 'must be a date written YYYY-MM-DD')
  .refine((v) => !isValidDate(v) || inYears(new Date(`${v}T00:00:00Z`)), `must be between ${MIN_YEAR} and ${MAX_YEAR}`);

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
  .transform((v) => (isValidDate(v) ? chinaMidnight(v) : new Date(v)))
  .refine(inYears, `must be between ${MIN_YEAR} and ${MAX_YEAR}`);

export const idNumber = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .superRefine((v, ctx) => {
    const problem = idNumberProblem(v, chinaDate(new Date()));
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
