/** GET /me/notifications and POST /me/notifications/read (SPEC §10): requests and answers. */
import { z } from 'zod';
import { NOTIFICATION_KINDS } from './rules.js';

/** A notification's id: the bigint identity, as a positive safe integer. */
const notificationId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const listNotificationsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z
      .string()
      .regex(/^[1-9][0-9]{0,15}$/, 'must be a cursor this list gave')
      .transform(Number)
      .refine(Number.isSafeInteger, 'must be a cursor this list gave')
      .optional()
      .describe('nextCursor of the previous page'),
  })
  .strict();
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

export const notificationItem = z.object({
  id: z.number().int(),
  caseId: z.string().uuid(),
  caseNumber: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  text: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationItem = z.infer<typeof notificationItem>;

export const notificationList = z.object({
  items: z.array(notificationItem),
  nextCursor: z.string().nullable(),
  /** How many of the caller's notifications are unread, on every page. */
  unread: z.number().int(),
});

/** Either some notifications by id, or all of the caller's. */
export const markReadBody = z
  .object({
    ids: z.array(notificationId).min(1).max(100).optional().describe('the notifications to mark read; each must be the caller\'s'),
    all: z.literal(true).optional().describe('mark every notification of the caller read'),
  })
  .strict()
  .refine((b) => (b.ids === undefined) !== (b.all === undefined), { message: 'give either ids or all: true', path: ['ids'] });
export type MarkReadBody = z.infer<typeof markReadBody>;

export const markReadAnswer = z.object({
  /** How many were unread and are now read. */
  marked: z.number().int(),
  unread: z.number().int(),
});
