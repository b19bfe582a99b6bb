import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { DOCUMENT_TYPES, FILE_KINDS } from '../../domain/caseFile.js';
import { cases } from './cases.js';
import { users } from './users.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Stored bytes, addressed by their SHA-256: an uploaded file or an issued document. In the
 * database, so every server process reads the same store and the database's backups cover it.
 * Never updated; `/verify` recomputes the hash from the chunks.
 */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  chunkCount: integer('chunk_count').notNull(),
  storedAt: timestamp('stored_at', { withTimezone: true }).notNull(),
});

/** A blob's bytes in order, in pieces small enough that neither side ever holds a whole file at once. */
export const blobChunks = pgTable(
  'blob_chunks',
  {
    sha256: text('sha256').notNull().references(() => blobs.sha256),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.seq] })],
);

/** A file on a case (SPEC §9): what was uploaded, by whom, and whether it is internal or withdrawn. */
export const caseFiles = pgTable(
  'case_files',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind', { enum: FILE_KINDS }).notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull().references(() => blobs.sha256),
    description: text('description'),
    internal: boolean('internal').notNull().default(false),
    uploadedBy: uuid('uploaded_by').notNull().references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnReason: text('withdrawn_reason'),
  },
  (t) => [index('case_files_case_idx').on(t.caseId, t.uploadedAt)],
);

/** A legal document issued from a case's data (SPEC §9): the PDF as issued, found again by its code. */
export const caseDocuments = pgTable(
  'case_documents',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    type: text('type', { enum: DOCUMENT_TYPES }).notNull(),
    /** Printed on the document with its QR code; GET /verify/documents/:code. */
    code: text('code').notNull(),
    /** SHA-256 of the facts the document was made from: the same facts give back the same document. */
    factsHash: text('facts_hash').notNull(),
    sha256: text('sha256').notNull().references(() => blobs.sha256),
    title: text('title').notNull(),
    issuedBy: uuid('issued_by').notNull().references(() => users.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('case_documents_code_idx').on(t.code),
    index('case_documents_case_idx').on(t.caseId, t.type, t.issuedAt),
    check('case_documents_code_shape', sql`${t.code} ~ '^[0-9A-Z]{12}$'`),
  ],
);
