/**
 * The case service: each function reads top to bottom as the caller (resolved by the auth plugin)
 * → load (repository.ts) → decide (decide.ts, pure) → persist (repository.ts, in the same
 * transaction) → present (presenter.ts).
 */
import type { Caller } from '../auth/caller.js';
import { calendarCache } from '../clocks/calendarCache.js';
import type { Database } from '../db/client.js';
import { isoInstant } from '../db/prepared.js';
import { isStaffRole } from '../domain/model.js';
import { chinaDate, chinaYear } from '../domain/time.js';
import { checkStoredFiles } from '../files/verify.js';
import { eq } from 'drizzle-orm';
import { checkOtp } from '../auth/otp.js';
import { users } from '../db/schema/index.js';
import { fieldProblem, forbidden, notFound } from '../http/errors.js';
import { maySee } from './access.js';
import { caseNumber, checkFiling, decideAction, decideFiling, duplicateProbe, filingKind } from './decide.js';
import { referencesOf } from './effects.js';
import { eventJson, GENESIS_HASH, verifyChain } from './eventLog.js';
import { presentDetail } from './presenter.js';
import { caseTransaction, eventsOf, listRows, loadBundle, loadDetail, type ListRow } from './repository.js';
import type { ActionInput, CaseDetail, FileCaseInput, ListQuery } from './schemas.js';
import { decodeSearchCursor, encodeSearchCursor, parseSearch, ranksOf } from './search.js';
import { partyHash, type SearchKey } from './searchHash.js';
import { searchRows } from './searchRepository.js';
import { parties } from './state.js';

export { caseNumber };

const UUID_CURSOR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CaseDeps {
  db: Database;
  now: () => Date;
  /** Hashes phones and ID numbers for search; without it (the demo seed, tools) the start-up backfill does. */
  searchKey?: SearchKey;
  /** Where links sent by SMS point (PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
  /** The key phone codes are hashed with (config.OTP_HASH_KEY), for a party signing by code. */
  otpKey?: string;
  /** Sends the texts waiting in the outbox now, in the background (the sweep retries what fails). */
  sendTexts?: () => void;
  /** SPEC §10: `required`: a worker's online filing names the account's own verified phone and name as the first applicant. */
  phoneVerification?: 'required' | 'off';
}

/** SPEC §10: under phone verification a worker files as themself: the first applicant is the account's own name and phone. */
async function asFiledByWorker(deps: CaseDeps, caller: Caller, input: FileCaseInput): Promise<FileCaseInput> {
  if (caller.role !== 'worker' || deps.phoneVerification !== 'required') return input;
  const [user] = await deps.db.select({ name: users.name, phone: users.phone, idNumber: users.idNumber }).from(users).where(eq(users.id, caller.userId)).limit(1);
  if (!user?.phone) throw forbidden('your account has no verified phone');
  const [first, ...rest] = input.applicants;
  if (first.idNumber && user.idNumber && first.idNumber !== user.idNumber) throw fieldProblem('body.applicants.0.idNumber', 'is not the ID number of your account');
  return { ...input, applicants: [{ ...first, name: user.name, phone: user.phone, idNumber: first.idNumber ?? user.idNumber ?? undefined }, ...rest] };
}

/** A party signing with a phone code (SPEC §10): the code checked against their own account's phone, before the case is locked. */
async function checkSigningCode(deps: CaseDeps, caller: Caller, input: ActionInput, now: Date): Promise<number | null> {
  if (input.action !== 'sign' || !input.code || (caller.role !== 'worker' && caller.role !== 'employer')) return null;
  const [user] = await deps.db.select({ phone: users.phone }).from(users).where(eq(users.id, caller.userId)).limit(1);
  if (!user?.phone) throw fieldProblem('body.code', 'your account has no phone to send a code to');
  if (!deps.otpKey) throw new Error('signing by phone code needs the code key');
  return (await checkOtp(deps.db, { phone: user.phone, purpose: 'sign', code: input.code, now, key: deps.otpKey })).id;
}

/** POST /cases: the case, its parties and claims, its first proceeding and its first events, in one transaction. */
export async function fileCase(deps: CaseDeps, caller: Caller, given: FileCaseInput): Promise<CaseDetail> {
  const now = deps.now();
  const input = await asFiledByWorker(deps, caller, given);
  const { occurredAt } = checkFiling(caller, input, now);
  // The filing court's own organisation, for a court delegating mediation elsewhere (SPEC §7).
  const callerOrgId = caller.role === 'court_liaison' && caller.orgId && caller.orgId !== input.orgId ? caller.orgId : null;
  const { change, cal } = await caseTransaction(deps.db, async (tx) => {
    // The number is a row lock on (organisation, year) until commit: a refusal below returns it,
    // so numbers have no gaps.
    const filing = await tx.forFiling(input.orgId, chinaYear(occurredAt), callerOrgId, duplicateProbe(input));
    if (!filing.org) throw fieldProblem('body.orgId', 'names no organisation');
    filingKind(filing.org);
    const cal = await tx.calendar(filing.calendarVersion);
    const change = decideFiling(input, {
      caller,
      now,
      cal,
      refs: {},
      org: filing.org,
      number: caseNumber(filing.org.intakeCode, chinaYear(occurredAt), filing.number),
      callerOrg: filing.callerOrg,
      calendarVersion: filing.calendarVersion,
      resembles: filing.resembles,
    });
    tx.persist(change);
    return { change, cal };
  }, deps.searchKey);
  if (change.sms?.length) deps.sendTexts?.();
  // Presented from what was written, as GET /cases/:id would show it.
  if (!maySee(caller, parties(change.after))) throw notFound('case');
  return presentDetail(change.after, caller, now, cal);
}

/** POST /cases/:id/actions. */
export async function performAction(deps: CaseDeps, caller: Caller, id: string, input: ActionInput): Promise<CaseDetail> {
  const now = deps.now();
  const codeId = await checkSigningCode(deps, caller, input, now);
  const { change, cal } = await caseTransaction(deps.db, async (tx) => {
    const { bundle, refs } = await tx.loadForUpdate(id, referencesOf(input));
    if (!bundle || !maySee(caller, parties(bundle))) throw notFound('case');
    const cal = await tx.calendar(bundle.calendarVersion);
    const change = decideAction(bundle, input, { caller, now, cal, refs, publicBaseUrl: deps.publicBaseUrl, codeChecked: codeId !== null });
    // The code is used up with the signature, so a refused action leaves it usable.
    if (codeId !== null && !(await tx.consumeCode(codeId, now))) throw fieldProblem('body.code', 'has already been used; ask for a new one');
    tx.persist(change);
    return { change, cal };
  }, deps.searchKey);
  // Committed: an invitation, a served link or a notice goes out now rather than at the next sweep.
  if (change.sms?.length) deps.sendTexts?.();
  return presentDetail(change.after, caller, now, cal);
}

/** GET /cases/:id. */
export async function getCase(deps: CaseDeps, caller: Caller, id: string): Promise<CaseDetail> {
  const detail = await loadDetail(deps.db, id);
  if (!detail || !maySee(caller, parties(detail))) throw notFound('case');
  const cal = await calendarCache(deps.db).at(deps.db, detail.calendarVersion);
  return presentDetail(detail, caller, deps.now(), cal);
}

/**
 * GET /cases with `q` (SPEC §12): the search string read by search.ts (a mistyped ID number or a
 * string with nothing to search is a 400), ranked results, and a cursor naming the rank.
 */
async function searchPage(deps: CaseDeps, caller: Caller, q: ListQuery & { q: string }): Promise<{ rows: ListRow[]; nextCursor: string | null }> {
  const parsed = parseSearch(q.q, chinaDate(deps.now()));
  if ('problem' in parsed) throw fieldProblem('querystring.q', parsed.message);
  const { terms } = parsed;
  const cursor = q.cursor === undefined ? null : decodeSearchCursor(q.cursor);
  if (q.cursor !== undefined && (!cursor || !ranksOf(terms).includes(cursor.rank))) throw fieldProblem('querystring.cursor', 'is not a cursor of this search');
  let hash: string | null = null;
  if (terms.kind === 'identity') {
    if (!deps.searchKey) throw new Error('a search by phone or ID number needs the search key');
    hash = partyHash(deps.searchKey, terms.field, terms.value).toString('hex');
  }
  const hits = await searchRows(deps.db, caller, q, terms, { cursor, hash });
  const page = hits.slice(0, q.limit);
  const last = page[page.length - 1];
  return { rows: page.map((h) => h.row), nextCursor: hits.length > q.limit ? encodeSearchCursor({ rank: last.rank, id: last.row.id }) : null };
}

/** GET /cases: a page of what the caller may see, or of a search. */
export async function listCases(deps: CaseDeps, caller: Caller, q: ListQuery) {
  let page: ListRow[];
  let nextCursor: string | null;
  if (q.q !== undefined) ({ rows: page, nextCursor } = await searchPage(deps, caller, { ...q, q: q.q }));
  else {
    if (q.cursor !== undefined && !UUID_CURSOR.test(q.cursor)) throw fieldProblem('querystring.cursor', 'is a search\'s cursor: give its q too');
    const rows = await listRows(deps.db, caller, q);
    page = rows.slice(0, q.limit);
    nextCursor = rows.length > q.limit ? page[page.length - 1].id : null;
  }
  // Presented from the driver's values (only presented, never reasoned about): no Dates built.
  return {
    items: page.map(({ respondentName, currentState, receivedAt, currentReceivedAt, createdAt, closedAt, currentAssignedUserId, possibleDuplicate, ...c }) => ({
      id: c.id,
      number: c.number,
      kind: c.kind,
      status: c.status,
      outcome: c.outcome,
      channel: c.channel,
      categories: c.categories as CaseDetail['categories'],
      summary: c.summary,
      respondentName,
      currentOrgId: c.currentOrgId,
      currentKind: c.currentKind,
      state: currentState,
      applicantCount: c.applicantCount,
      claimedFen: c.claimedFen,
      version: c.version,
      receivedAt: isoInstant(receivedAt),
      currentReceivedAt: isoInstant(currentReceivedAt),
      createdAt: isoInstant(createdAt),
      closedAt: closedAt === null ? null : isoInstant(closedAt),
      currentAssignedUserId,
      // The flag is for the centres' staff (SPEC §12).
      possibleDuplicate: isStaffRole(caller.role) && possibleDuplicate,
    })),
    nextCursor,
  };
}

/** GET /cases/:id/events: the timeline; workers never see internal notes. */
export async function listEvents(deps: CaseDeps, caller: Caller, id: string) {
  const bundle = await loadBundle(deps.db, id, false);
  if (!bundle || !maySee(caller, parties(bundle))) throw notFound('case');
  const rows = await eventsOf(deps.db, id, { internal: isStaffRole(caller.role) });
  return { items: rows.map(eventJson) };
}

/** GET /cases/:id/verify: whether the event hash chain is intact (handling staff, supervisors). */
export async function verifyCase(deps: CaseDeps, caller: Caller, id: string) {
  const bundle = await loadBundle(deps.db, id, false);
  if (!bundle || !maySee(caller, parties(bundle))) throw notFound('case');
  if (caller.role === 'worker' || caller.role === 'employer') throw forbidden('only handling staff and supervisors verify a case');
  const rows = await eventsOf(deps.db, id, { internal: true });
  const broken = verifyChain(rows);
  const headMatches = rows.length === bundle.row.eventCount && (rows.at(-1)?.hash ?? GENESIS_HASH) === bundle.row.lastEventHash;
  const headProblem = headMatches ? null : { seq: rows.length, problem: 'the chain does not end where the case says it does' };
  const problem = broken ?? headProblem ?? (await checkStoredFiles(deps.db, id, rows));
  return { intact: problem === null, events: rows.length, brokenAt: problem?.seq ?? null, problem: problem?.problem ?? null };
}
