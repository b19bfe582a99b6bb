/**
 * The case file's uploads (SPEC §9): who may add, see and withdraw a file, read top to bottom as
 * caller → case → checks → one transaction (blob, row, event on the chain) → answer.
 */
import { Readable } from 'node:stream';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { Caller } from '../auth/caller.js';
import { maySee, type CaseParties } from '../cases/access.js';
import { caseFileTransaction, loadBundle } from '../cases/repository.js';
import { parties } from '../cases/state.js';
import type { Database } from '../db/client.js';
import { Statement } from '../db/prepared.js';
import { caseFiles, users } from '../db/schema/index.js';
import { isStaffRole } from '../domain/model.js';
import { forbidden, invalidTransition, notFound, validationFailed } from '../http/errors.js';
import { readBlob, storeBlob } from './blobs.js';
import { receiveUpload } from './receive.js';
import { uploadFields, type FileResponse } from './schemas.js';

export interface FileDeps {
  db: Database;
  now: () => Date;
  maxBytes: number;
}

type FileRow = typeof caseFiles.$inferSelect & { uploadedByName: string; uploadedByRole: string };

/** The parties themselves (SPEC §9): they never see internal files, nor withdrawn ones. */
const isParty = (caller: Caller) => caller.role === 'worker' || caller.role === 'employer';

/** May add files: the applicant worker on their own case, the employer's representative on theirs (SPEC §10), staff of an organisation handling it. */
function mayUpload(caller: Caller, p: CaseParties): boolean {
  return (isParty(caller) || isStaffRole(caller.role)) && maySee(caller, p);
}

/** Whether the caller, who may see the case, may see this file. */
export function fileVisibleTo(caller: Caller, f: { internal: boolean; withdrawnAt: Date | null }): boolean {
  if (f.internal && !isStaffRole(caller.role)) return false;
  return !(f.withdrawnAt && isParty(caller));
}

function present(f: FileRow): FileResponse {
  return {
    id: f.id,
    kind: f.kind,
    name: f.name,
    contentType: f.contentType as FileResponse['contentType'],
    sizeBytes: f.sizeBytes,
    sha256: f.sha256,
    description: f.description,
    internal: f.internal,
    uploadedBy: f.uploadedBy,
    uploadedByName: f.uploadedByName,
    uploadedByRole: f.uploadedByRole,
    uploadedAt: f.uploadedAt.toISOString(),
    withdrawnAt: f.withdrawnAt?.toISOString() ?? null,
    withdrawnReason: f.withdrawnReason,
  };
}

/** The case's parties, or 404 when there is no such case or the caller may not see it. */
async function visibleCase(db: Database, caller: Caller, caseId: string): Promise<CaseParties> {
  const bundle = await loadBundle(db, caseId, false);
  if (!bundle || !maySee(caller, parties(bundle))) throw notFound('case');
  return parties(bundle);
}

const insertFile = new Statement(
  'case_file_insert',
  () => sql`insert into case_files (id, case_id, kind, name, content_type, size_bytes, sha256, description, internal, uploaded_by, uploaded_at)
            values (${sql.placeholder('id')}::uuid, ${sql.placeholder('caseId')}::uuid, ${sql.placeholder('kind')}, ${sql.placeholder('name')},
                    ${sql.placeholder('contentType')}, ${sql.placeholder('sizeBytes')}, ${sql.placeholder('sha256')}, ${sql.placeholder('description')},
                    ${sql.placeholder('internal')}, ${sql.placeholder('uploadedBy')}::uuid, ${sql.placeholder('uploadedAt')}::timestamptz)`,
);
const lockFile = new Statement<{ internal: boolean; withdrawn_at: string | null; name: string }>(
  'case_file_lock',
  () => sql`select internal, withdrawn_at, name from case_files where id = ${sql.placeholder('id')}::uuid and case_id = ${sql.placeholder('caseId')}::uuid for update`,
);
const markWithdrawn = new Statement(
  'case_file_withdraw',
  () => sql`update case_files set withdrawn_at = ${sql.placeholder('at')}::timestamptz, withdrawn_reason = ${sql.placeholder('reason')} where id = ${sql.placeholder('id')}::uuid`,
);

/** POST /cases/:id/files: receives the file, then stores it, its row and its `file_added` event in one transaction. */
export async function uploadFile(deps: FileDeps, caller: Caller, caseId: string, request: FastifyRequest): Promise<FileResponse> {
  // Who may is settled before a byte of the body is read.
  const before = await visibleCase(deps.db, caller, caseId);
  if (!mayUpload(caller, before)) throw forbidden('only the applicant and staff handling the case add files to it');
  const received = await receiveUpload(request, deps.maxBytes);
  try {
    const parsed = uploadFields.safeParse(received.fields);
    if (!parsed.success) {
      throw validationFailed(parsed.error.issues.map((i) => ({ field: ['body', ...i.path].join('.'), message: i.message })));
    }
    const internal = parsed.data.internal === 'true';
    if (internal && !isStaffRole(caller.role)) throw forbidden('only staff mark a file internal');
    const { file } = received;
    const now = deps.now();
    const row: typeof caseFiles.$inferSelect = {
      id: uuidv7(),
      caseId,
      kind: parsed.data.kind,
      name: file.name,
      contentType: file.contentType,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      description: parsed.data.description || null,
      internal,
      uploadedBy: caller.userId,
      uploadedAt: now,
      withdrawnAt: null,
      withdrawnReason: null,
    };
    const stored = await caseFileTransaction(deps.db, caseId, now, async (tx, bundle) => {
      // Checked again under the lock: the case may have moved on while the file arrived.
      if (!mayUpload(caller, parties(bundle))) throw forbidden('only the applicant and staff handling the case add files to it');
      await storeBlob(tx, file, file.chunks, now);
      await insertFile.run(tx, { ...row, uploadedAt: now.toISOString() });
      const data = { fileId: row.id, kind: row.kind, name: row.name, contentType: row.contentType, sizeBytes: row.sizeBytes, sha256: row.sha256 };
      return { events: [{ action: 'file_added', actorUserId: caller.userId, actorOrgId: caller.orgId, proceedingId: null, internal, data, occurredAt: now }], result: true };
    });
    if (!stored) throw notFound('case');
    return present({ ...row, uploadedByName: caller.name, uploadedByRole: caller.role });
  } finally {
    await received.discard();
  }
}

async function fileRows(db: Database, caseId: string, fileId?: string): Promise<FileRow[]> {
  return db
    .select({ ...getFileColumns(), uploadedByName: users.name, uploadedByRole: users.role })
    .from(caseFiles)
    .innerJoin(users, eq(users.id, caseFiles.uploadedBy))
    .where(fileId ? and(eq(caseFiles.caseId, caseId), eq(caseFiles.id, fileId)) : eq(caseFiles.caseId, caseId))
    .orderBy(asc(caseFiles.uploadedAt), asc(caseFiles.id));
}
const getFileColumns = () => ({
  id: caseFiles.id,
  caseId: caseFiles.caseId,
  kind: caseFiles.kind,
  name: caseFiles.name,
  contentType: caseFiles.contentType,
  sizeBytes: caseFiles.sizeBytes,
  sha256: caseFiles.sha256,
  description: caseFiles.description,
  internal: caseFiles.internal,
  uploadedBy: caseFiles.uploadedBy,
  uploadedAt: caseFiles.uploadedAt,
  withdrawnAt: caseFiles.withdrawnAt,
  withdrawnReason: caseFiles.withdrawnReason,
});

/** GET /cases/:id/files: the files the caller may see, oldest first. */
export async function listFiles(deps: FileDeps, caller: Caller, caseId: string): Promise<{ items: FileResponse[] }> {
  await visibleCase(deps.db, caller, caseId);
  const rows = await fileRows(deps.db, caseId);
  return { items: rows.filter((f) => fileVisibleTo(caller, f)).map(present) };
}

/** GET /cases/:id/files/:fileId: the file's row and its bytes as a stream, if the caller may see it. */
export async function openFile(deps: FileDeps, caller: Caller, caseId: string, fileId: string): Promise<{ file: FileResponse; body: Readable }> {
  await visibleCase(deps.db, caller, caseId);
  const [row] = await fileRows(deps.db, caseId, fileId);
  if (!row || !fileVisibleTo(caller, row)) throw notFound('file');
  return { file: present(row), body: Readable.from(readBlob(deps.db, row.sha256)) };
}

/** POST /cases/:id/files/:fileId/withdraw: staff hide a file from the parties; it stays in the chain. */
export async function withdrawFile(deps: FileDeps, caller: Caller, caseId: string, fileId: string, reason: string): Promise<FileResponse> {
  const now = deps.now();
  const done = await caseFileTransaction(deps.db, caseId, now, async (tx, bundle) => {
    if (!maySee(caller, parties(bundle))) throw notFound('case');
    if (!isStaffRole(caller.role)) throw forbidden('only staff handling the case withdraw a file');
    const [file] = await lockFile.run(tx, { id: fileId, caseId });
    if (!file || (file.internal && !isStaffRole(caller.role))) throw notFound('file');
    if (file.withdrawn_at) throw invalidTransition('the file is already withdrawn');
    await markWithdrawn.run(tx, { id: fileId, at: now.toISOString(), reason });
    const data = { fileId, name: file.name, reason };
    return { events: [{ action: 'file_withdrawn', actorUserId: caller.userId, actorOrgId: caller.orgId, proceedingId: null, internal: file.internal, data, occurredAt: now }], result: true };
  });
  if (!done) throw notFound('case');
  const [row] = await fileRows(deps.db, caseId, fileId);
  return present(row);
}
