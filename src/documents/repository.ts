/** The issued documents' rows (table `case_documents`) and the case events the documents read. */
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { isoInstant, Statement, type StatementRunner } from '../db/prepared.js';
import type { DocumentType } from '../domain/caseFile.js';

type On = Database | StatementRunner;

export interface IssuedDocument {
  id: string;
  type: DocumentType;
  code: string;
  factsHash: string;
  sha256: string;
  title: string;
  issuedAt: Date;
}

interface RawDocument {
  id: string;
  type: DocumentType;
  code: string;
  facts_hash: string;
  sha256: string;
  title: string;
  issued_at: string | Date;
}

const issued = (r: RawDocument): IssuedDocument => ({
  id: r.id,
  type: r.type,
  code: r.code,
  factsHash: r.facts_hash,
  sha256: r.sha256,
  title: r.title,
  issuedAt: new Date(isoInstant(r.issued_at)),
});

// Newest first within a type: by issue time, then by the time-ordered id.
const latestOfType = new Statement<RawDocument>(
  'case_document_latest',
  () => sql`select id, type, code, facts_hash, sha256, title, issued_at from case_documents
            where case_id = ${sql.placeholder('caseId')}::uuid and type = ${sql.placeholder('type')}
            order by issued_at desc, id desc limit 1`,
);
const latestOfEachType = new Statement<RawDocument>(
  'case_document_latest_each',
  () => sql`select distinct on (type) id, type, code, facts_hash, sha256, title, issued_at from case_documents
            where case_id = ${sql.placeholder('caseId')}::uuid order by type, issued_at desc, id desc`,
);
const insertDocument = new Statement(
  'case_document_insert',
  () => sql`insert into case_documents (id, case_id, type, code, facts_hash, sha256, title, issued_by, issued_at)
            values (${sql.placeholder('id')}::uuid, ${sql.placeholder('caseId')}::uuid, ${sql.placeholder('type')}, ${sql.placeholder('code')},
                    ${sql.placeholder('factsHash')}, ${sql.placeholder('sha256')}, ${sql.placeholder('title')}, ${sql.placeholder('issuedBy')}::uuid,
                    ${sql.placeholder('issuedAt')}::timestamptz)`,
);
const byCode = new Statement<RawDocument & { case_id: string; case_number: string; superseded: boolean }>(
  'case_document_by_code',
  () => sql`select d.id, d.type, d.code, d.facts_hash, d.sha256, d.title, d.issued_at, d.case_id, c.number as case_number,
                   exists (select 1 from case_documents n where n.case_id = d.case_id and n.type = d.type
                           and (n.issued_at, n.id) > (d.issued_at, d.id)) as superseded
            from case_documents d join cases c on c.id = d.case_id where d.code = ${sql.placeholder('code')}`,
);
/** The document of this type issued last on the case, if any. */
export async function latestIssued(on: On, caseId: string, type: DocumentType): Promise<IssuedDocument | null> {
  const [row] = await latestOfType.run(on, { caseId, type });
  return row ? issued(row) : null;
}

/** The document of each type issued last on the case. */
export async function latestIssuedByType(on: On, caseId: string): Promise<Map<DocumentType, IssuedDocument>> {
  const rows = await latestOfEachType.run(on, { caseId });
  return new Map(rows.map((r) => [r.type, issued(r)]));
}

export function recordIssued(tx: StatementRunner, caseId: string, issuedBy: string, d: IssuedDocument): Promise<unknown> {
  return insertDocument.run(tx, { id: d.id, caseId, type: d.type, code: d.code, factsHash: d.factsHash, sha256: d.sha256, title: d.title, issuedBy, issuedAt: d.issuedAt.toISOString() });
}

/** A document by its verification code, with its case's number and whether a newer one of its type was issued since. */
export async function issuedByCode(db: Database, code: string): Promise<(IssuedDocument & { caseId: string; caseNumber: string; superseded: boolean }) | null> {
  const [row] = await byCode.run(db, { code });
  return row ? { ...issued(row), caseId: row.case_id, caseNumber: row.case_number, superseded: row.superseded } : null;
}
