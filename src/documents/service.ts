/**
 * The case's legal documents (SPEC §9): which the case has, issuing one (a code, the PDF in the
 * blob store, its row and a `document_issued` event on the chain, in one transaction), handing
 * it out as issued or masked for the reader, and the public check of a printed copy's code.
 */
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Caller } from '../auth/caller.js';
import { maySee, seesPersonalData, type CaseParties } from '../cases/access.js';
import { caseFileTransaction, loadBundle } from '../cases/repository.js';
import { parties, type CaseBundle } from '../cases/state.js';
import type { Database } from '../db/client.js';
import type { StatementRunner } from '../db/prepared.js';
import { DOCUMENT_TYPES, type DocumentType } from '../domain/caseFile.js';
import { isStaffRole } from '../domain/model.js';
import { bufferBlob, readBlobWhole, recomputeDigests, storeBlob } from '../files/blobs.js';
import { forbidden, invalidTransition, notFound, type AppError } from '../http/errors.js';
import { documentFacts, factsHash, seesAllWhole, servedRecords, titleOf, variantOf, type DocumentCase, type DocumentFacts, type Reader } from './facts.js';
import { renderDocument } from './render.js';
import { issuedByCode, latestIssued, latestIssuedByType, recordIssued, type IssuedDocument } from './repository.js';
import type { DocumentListItem, VerifyResponse } from './schemas.js';

export interface DocumentDeps {
  db: Database;
  now: () => Date;
  /** Where the public can reach this server (PUBLIC_BASE_URL): the QR code then holds a whole address. */
  publicBaseUrl?: string;
}

/**
 * Where a printed copy is checked, as its QR code holds it. The configuration names no public
 * address of the server, so this is the path on whichever address the reader has it from.
 */
export const verificationPath = (code: string) => `/verify/documents/${code}`;

// 32 letters and digits without 0, O, 1 and I, which are misread from paper: 60 random bits a code.
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export function newCode(): string {
  return [...randomBytes(12)].map((b) => CODE_ALPHABET[b & 31]).join('');
}

/** A code as a person may type it from paper: in any case, with or without the dashes it is printed with. */
export const normaliseCode = (raw: string) => raw.replace(/[-\s]/g, '').toUpperCase();

/**
 * Who may issue a document (make a new one: a new code, a row, an event on the case's chain):
 * - staff of an organisation handling the case: any document the case has; they run the
 *   proceedings the documents record;
 * - the applicant worker: their own application and the notices addressed to them (acceptance,
 *   decline, session, the end of a mediation), so that a worker who filed from a phone can
 *   download what the organisation decided without waiting for someone there to press a button;
 *   these documents only restate what staff already recorded. The agreement, the request for
 *   judicial confirmation and the service receipt are prepared by staff for signature or as their
 *   record, so the worker has them once staff have issued them;
 * - nobody else: a supervisor reads (SPEC §1) the documents already issued, masked (SPEC §7).
 * Anyone who may see the case has a document already issued whose facts still hold.
 */
const ISSUED_BY_WORKER: readonly DocumentType[] = ['application', 'acceptance_notice', 'decline_notice', 'hearing_notice', 'mediation_ended'];

function issueDenial(caller: Caller, p: CaseParties, type: DocumentType, b: Pick<CaseBundle, 'services' | 'applicants'>): AppError | null {
  if (isStaffRole(caller.role) && maySee(caller, p)) return null;
  // What was served on a party is theirs to read as the case stands (SPEC §10): opening it issues it.
  if (maySee(caller, p) && servedOn(caller, b, type)) return null;
  if (caller.role === 'worker' && maySee(caller, p)) {
    return ISSUED_BY_WORKER.includes(type) ? null : invalidTransition(`staff handling the case issue the ${type}; it has not been issued as the case now stands`);
  }
  return forbidden(`only staff handling the case issue documents; the ${type} has not been issued as the case now stands`);
}

/** Whether a document of this type was served on the caller, a party: the worker as an applicant, or the employer's representative. */
function servedOn(caller: Caller, b: Pick<CaseBundle, 'services' | 'applicants'>, type: DocumentType): boolean {
  return b.services.some((s) => {
    if (s.documentType !== type) return false;
    if (caller.role === 'employer') return s.party === 'respondent';
    return caller.role === 'worker' && s.party === 'applicant' && s.applicantIndex !== null && b.applicants[s.applicantIndex]?.userId === caller.userId;
  });
}

interface SeenCase {
  bundle: CaseBundle;
  case: DocumentCase;
}

/** The case with the services recorded on it, or 404 when there is no such case or the caller may not see it. */
async function visibleCase(on: Database | StatementRunner, caller: Caller, caseId: string, bundle?: CaseBundle): Promise<SeenCase> {
  const loaded = bundle ?? (await loadBundle(on, caseId, false));
  if (!loaded || !maySee(caller, parties(loaded))) throw notFound('case');
  return { bundle: loaded, case: { ...loaded, served: servedRecords(loaded) } };
}

/** Whether the caller sees an applicant's ID number and phone whole (SPEC §7), as the case detail shows them. */
const readerFor = (caller: Caller, bundle: CaseBundle): Reader => {
  const p = parties(bundle);
  return (a) => seesPersonalData(caller, p, a.userId);
};

/** GET /cases/:id/documents: every document type, whether the case has it now, and the one issued last. */
export async function listDocuments(deps: DocumentDeps, caller: Caller, caseId: string): Promise<{ items: DocumentListItem[] }> {
  const [seen, latest] = await Promise.all([visibleCase(deps.db, caller, caseId), latestIssuedByType(deps.db, caseId)]);
  const p = parties(seen.bundle);
  return {
    items: DOCUMENT_TYPES.map((type) => {
      const facts = documentFacts(seen.case, type);
      const last = latest.get(type);
      return {
        type,
        title: facts ? titleOf(type, facts) : (last?.title ?? titleOf(type, null)),
        available: facts !== null,
        current: facts !== null && last !== undefined && last.factsHash === factsHash(facts),
        mayIssue: facts !== null && issueDenial(caller, p, type, seen.bundle) === null,
        ...(last ? { issuedAt: last.issuedAt.toISOString(), verificationCode: last.code } : {}),
      };
    }),
  };
}

export interface DocumentCopy {
  bytes: Buffer;
  type: DocumentType;
  title: string;
  caseNumber: string;
  code: string;
  /** The document as issued: the hash its event records, whichever copy is handed out. */
  sha256: string;
  masked: boolean;
}

/** An issued document, with its bytes when they were just made, and the case it was made from. */
interface Issued {
  doc: IssuedDocument;
  bytes: Buffer | null;
  case: DocumentCase;
}

/** What a document prints of its issue: the code, the date, and the address its QR code holds (whole when the server knows its public address). */
const stamp = (deps: DocumentDeps, code: string, issuedAt: Date, masked: boolean) => ({
  code,
  issuedAt,
  verifyUrl: deps.publicBaseUrl ? new URL(verificationPath(code), deps.publicBaseUrl).toString() : verificationPath(code),
  masked,
});

/**
 * GET /cases/:id/documents/:type: the document issued last if the case still says what it
 * said, else a new one issued now; as issued for a reader who sees all its personal data, else a
 * masked copy with the same code and issue date.
 */
export async function getDocument(deps: DocumentDeps, caller: Caller, caseId: string, type: DocumentType): Promise<DocumentCopy> {
  const [seen, latest] = await Promise.all([visibleCase(deps.db, caller, caseId), latestIssued(deps.db, caseId, type)]);
  const facts = documentFacts(seen.case, type);
  if (!facts) throw invalidTransition(`the case has no ${type} now`);
  const hash = factsHash(facts);
  let issued: Issued;
  if (latest?.factsHash === hash) issued = { doc: latest, bytes: null, case: seen.case };
  else {
    const denied = issueDenial(caller, parties(seen.bundle), type, seen.bundle);
    if (denied) throw denied;
    issued = await issue(deps, caller, caseId, { facts, hash });
  }
  const { doc } = issued;
  const copy = { type, title: doc.title, caseNumber: seen.bundle.row.number, code: doc.code, sha256: doc.sha256 };
  const reader = readerFor(caller, seen.bundle);
  if (seesAllWhole(issued.case, reader)) {
    return { ...copy, bytes: issued.bytes ?? (await readBlobWhole(deps.db, doc.sha256)), masked: false };
  }
  const masked = documentFacts(issued.case, type, reader)!;
  return { ...copy, bytes: await renderDocument(masked, stamp(deps, doc.code, doc.issuedAt, true)), masked: true };
}

/**
 * Issues a document: laid out before the case is locked (the lock is then held for the writes
 * only), checked again under the lock, where the case may have moved on (its facts are then laid
 * out again) or someone may have issued the same document meanwhile (that one is answered).
 */
async function issue(
  deps: DocumentDeps,
  caller: Caller,
  caseId: string,
  prepared: { facts: DocumentFacts; hash: string },
): Promise<Issued> {
  const now = deps.now();
  const code = newCode();
  const type = prepared.facts.type;
  let bytes = await renderDocument(prepared.facts, stamp(deps, code, now, false));
  const result = await caseFileTransaction<Issued>(deps.db, caseId, now, async (tx, bundle) => {
    const seen = await visibleCase(tx, caller, caseId, bundle);
    const denied = issueDenial(caller, parties(bundle), type, bundle);
    if (denied) throw denied;
    const facts = documentFacts(seen.case, type);
    if (!facts) throw invalidTransition(`the case has no ${type} now`);
    const hash = factsHash(facts);
    const latest = await latestIssued(tx, caseId, type);
    if (latest?.factsHash === hash) return { events: [], result: { doc: latest, bytes: null, case: seen.case } };
    if (hash !== prepared.hash) bytes = await renderDocument(facts, stamp(deps, code, now, false));
    const { blob, chunks } = bufferBlob(bytes);
    const doc: IssuedDocument = { id: uuidv7(), type, code, factsHash: hash, sha256: blob.sha256, title: variantOf(facts).title, issuedAt: now };
    await storeBlob(tx, blob, chunks, now);
    await recordIssued(tx, caseId, caller.userId, doc);
    const data = { documentId: doc.id, type, code, title: doc.title, sha256: doc.sha256 };
    return {
      events: [{ action: 'document_issued', actorUserId: caller.userId, actorOrgId: caller.orgId, proceedingId: null, internal: false, data, occurredAt: now }],
      result: { doc, bytes, case: seen.case },
    };
  });
  if (!result) throw notFound('case');
  return result;
}

/** GET /verify/documents/:code (public): what was issued under this code, and whether the stored copy is intact. No personal data. */
export async function verifyDocument(deps: DocumentDeps, rawCode: string): Promise<VerifyResponse> {
  const doc = await issuedByCode(deps.db, normaliseCode(rawCode));
  if (!doc) throw notFound('document');
  const stored = (await recomputeDigests(deps.db, [doc.sha256])).get(doc.sha256);
  return {
    valid: stored?.digest === doc.sha256,
    type: doc.type,
    title: doc.title,
    caseNumber: doc.caseNumber,
    issuedAt: doc.issuedAt.toISOString(),
    sha256: doc.sha256,
    superseded: doc.superseded,
  };
}
