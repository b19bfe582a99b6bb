/**
 * The case file's part of `/verify` (SPEC §9): every `file_added` and `document_issued` event
 * records the SHA-256 of the bytes it names; the stored bytes must still hash to it, and the file
 * or document row must still point at them. The event chain proves the events unchanged; this
 * proves the store unchanged.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { caseDocuments, caseFiles } from '../db/schema/index.js';
import { recomputeDigests } from './blobs.js';

interface LoggedEvent {
  seq: number;
  action: string;
  data: Record<string, unknown>;
}

/** The first stored file or document that no longer matches its event, or null. */
export async function checkStoredFiles(db: Database, caseId: string, events: readonly LoggedEvent[]): Promise<{ seq: number; problem: string } | null> {
  const named = events
    .filter((e) => e.action === 'file_added' || e.action === 'document_issued')
    .map((e) => ({ seq: e.seq, sha256: String(e.data.sha256), id: String(e.data.fileId ?? e.data.documentId), what: e.action === 'file_added' ? 'file' : 'document', name: String(e.data.name ?? e.data.title ?? '') }));
  if (!named.length) return null;
  const [files, documents, digests] = await Promise.all([
    db.select({ id: caseFiles.id, sha256: caseFiles.sha256 }).from(caseFiles).where(eq(caseFiles.caseId, caseId)),
    db.select({ id: caseDocuments.id, sha256: caseDocuments.sha256 }).from(caseDocuments).where(eq(caseDocuments.caseId, caseId)),
    recomputeDigests(db, named.map((n) => n.sha256)),
  ]);
  const pointsAt = new Map([...files, ...documents].map((r) => [r.id, r.sha256]));
  for (const n of named) {
    if (pointsAt.get(n.id) !== n.sha256) return { seq: n.seq, problem: `the ${n.what} "${n.name}" no longer points at the bytes its event recorded` };
    if (digests.get(n.sha256)?.digest !== n.sha256) return { seq: n.seq, problem: `the stored bytes of the ${n.what} "${n.name}" were changed or lost` };
  }
  return null;
}
