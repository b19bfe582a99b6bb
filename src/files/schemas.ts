import { z } from 'zod';
import { FILE_CONTENT_TYPES, FILE_KINDS } from '../domain/caseFile.js';

/** The text fields of an upload (SPEC §9), checked once the file has arrived. */
export const uploadFields = z
  .object({
    kind: z.enum(FILE_KINDS),
    description: z.string().trim().max(500).optional(),
    /** Staff only: never shown to the parties. */
    internal: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const fileResponse = z.object({
  id: z.string().uuid(),
  kind: z.enum(FILE_KINDS),
  name: z.string(),
  contentType: z.enum(FILE_CONTENT_TYPES),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  description: z.string().nullable(),
  internal: z.boolean(),
  /** The uploader's user id, name and role. */
  uploadedBy: z.string().uuid(),
  uploadedByName: z.string(),
  uploadedByRole: z.string(),
  uploadedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
});
export type FileResponse = z.infer<typeof fileResponse>;

export const fileParams = z.object({ id: z.string().uuid(), fileId: z.string().uuid() });

export const downloadQuery = z.object({
  /** `inline` to preview in the page (images and PDF), `attachment` (the default) to save. */
  disposition: z.enum(['inline', 'attachment']).default('attachment'),
});

export const withdrawBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
