import { z } from 'zod';
import { DOCUMENT_TYPES } from '../domain/caseFile.js';
import { uuidSchema } from '../http/schemas.js';

export const documentParams = z.object({ id: uuidSchema, type: z.enum(DOCUMENT_TYPES) });

export const documentListItem = z.object({
  type: z.enum(DOCUMENT_TYPES),
  title: z.string(),
  /** SPEC §9's table: the case has this document now. */
  available: z.boolean(),
  /** The document issued last still says what the case says: asking for it gives it back as issued. */
  current: z.boolean(),
  /** The caller may issue it anew (otherwise they have it once issued, if `current`). */
  mayIssue: z.boolean(),
  /** The document of this type issued last, if any. */
  issuedAt: z.string().optional(),
  verificationCode: z.string().optional(),
});
export type DocumentListItem = z.infer<typeof documentListItem>;

export const verifyParams = z.object({
  code: z.string().regex(/^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$/, 'must be the 12-character verification code printed on the document'),
});

/** What anyone may learn of an issued document from its code: no party's name or personal data. */
export const verifyResponse = z.object({
  /** The stored document still has the bytes it was issued with. */
  valid: z.boolean(),
  type: z.enum(DOCUMENT_TYPES),
  title: z.string(),
  caseNumber: z.string(),
  issuedAt: z.string(),
  /** SHA-256 of the PDF as issued. */
  sha256: z.string(),
  /** A newer document of the same type was issued on the case since (a changed session date, say). */
  superseded: z.boolean(),
});
export type VerifyResponse = z.infer<typeof verifyResponse>;
