/**
 * The one-time links of SPEC §10, opened by people who may not be signed in yet: the employer's
 * invitation (open it, prove the phone with a code, and the case is theirs to follow as the
 * employer's representative) and a served document (the moment its link is opened is the day it
 * was served). Each reads the case under its lock, decides the change (pure, below), and writes it
 * with the case's other changes (repository.ts persist).
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { checkOtp, issueOtp, OTP_RESEND_MS, OTP_TTL_MS } from '../auth/otp.js';
import { hashPassword, type PasswordPolicy } from '../auth/passwords.js';
import { users } from '../db/schema/index.js';
import { maskPhone } from '../domain/identity.js';
import { statDeltas } from '../domain/statistics.js';
import { fieldProblem, invalidTransition, notFound } from '../http/errors.js';
import { clocksAfter, statChange, withEvents, type CaseChange } from './decide.js';
import { awardServedFacts, linkHash } from './effects.js';
import { caseOfLink, caseTransaction, loadBundle } from './repository.js';
import type { CaseDeps } from './service.js';
import type { CaseBundle, RespondentRow, ServiceRow } from './state.js';
import type { WorkCalendar } from '../domain/calendar.js';

export interface LinkDeps extends CaseDeps {
  passwordPolicy: PasswordPolicy;
  otpKey: string;
}

/** A link's token as it arrives: base64url of 18 bytes. Anything else names no link. */
const TOKEN = /^[A-Za-z0-9_-]{24}$/;

async function linkedCase(deps: LinkDeps, link: 'invitation' | 'service', token: string): Promise<{ caseId: string; hash: string }> {
  if (!TOKEN.test(token)) throw notFound(link);
  const hash = linkHash(token);
  const caseId = await caseOfLink(deps.db, link, hash);
  if (!caseId) throw notFound(link);
  return { caseId, hash };
}

// ---- The employer's invitation ------------------------------------------------------------

/** GET /invitations/:token: what the representative is invited to, with nothing personal but their own masked phone. */
export async function invitation(deps: LinkDeps, token: string) {
  const { caseId, hash } = await linkedCase(deps, 'invitation', token);
  const bundle = await loadCase(deps, caseId);
  const r = bundle.respondents.find((x) => x.invitationHash === hash)!;
  const org = bundle.proceedings[bundle.proceedings.length - 1];
  return { caseNumber: bundle.row.number, respondentName: bundle.row.respondentName, name: r.name, phone: maskPhone(r.phone)!, orgName: org.orgName, accepted: r.acceptedAt !== null };
}

/**
 * POST /invitations/:token/code: a code to sign in with (purpose login), sent to the invited phone,
 * which the page never needs to know whole. The phone's limits apply (src/auth/otp.ts).
 */
export async function sendInvitationCode(deps: LinkDeps, token: string) {
  const { caseId, hash } = await linkedCase(deps, 'invitation', token);
  const r = (await loadCase(deps, caseId)).respondents.find((x) => x.invitationHash === hash)!;
  if (r.acceptedAt) throw invalidTransition('this invitation has already been used');
  await issueOtp(deps.db, { phone: r.phone, purpose: 'login', now: deps.now(), key: deps.otpKey, send: true });
  return { phone: maskPhone(r.phone)!, expiresInSeconds: OTP_TTL_MS / 1000, resendAfterSeconds: OTP_RESEND_MS / 1000 };
}

/** The representative joins: their invitation bound to their employer account, an event on the case. Pure. */
export function decideJoin(before: CaseBundle, r: RespondentRow, userId: string, now: Date): CaseChange {
  const joined: RespondentRow = { ...r, userId, acceptedAt: now };
  const acted = { ...before, respondents: before.respondents.map((x) => (x === r ? joined : x)) };
  const at = new Date(Math.max(now.getTime(), before.row.lastOccurredAt.getTime()));
  const logged = withEvents(acted.row, [
    { action: 'respondent_joined', actorUserId: userId, actorOrgId: null, proceedingId: null, internal: false, data: { respondentId: r.id, name: r.name }, occurredAt: at },
  ], now);
  const after = { ...acted, row: logged.row };
  return { before, after, events: logged.events, stats: statDeltas(statChange(before, after)) };
}

/**
 * POST /invitations/:token/accept {code}: the code (purpose login) must have been sent to the
 * invited phone; the representative's employer account (username `employer:<phone>`) is found or
 * made. An invitation already used is 409, so a forwarded link is no key to the case.
 */
export async function acceptInvitation(deps: LinkDeps, token: string, code: string) {
  const now = deps.now();
  const { caseId, hash } = await linkedCase(deps, 'invitation', token);
  const peek = (await loadCase(deps, caseId)).respondents.find((x) => x.invitationHash === hash)!;
  if (peek.acceptedAt) throw invalidTransition('this invitation has already been used');
  const { id: codeId } = await checkOtp(deps.db, { phone: peek.phone, purpose: 'login', code, now, key: deps.otpKey });
  const user = await employerAccount(deps, peek);
  await caseTransaction(deps.db, async (tx) => {
    const { bundle } = await tx.loadForUpdate(caseId, {});
    const r = bundle?.respondents.find((x) => x.invitationHash === hash);
    if (!bundle || !r) throw notFound('invitation');
    if (r.acceptedAt) throw invalidTransition('this invitation has already been used');
    if (!(await tx.consumeCode(codeId, now))) throw fieldProblem('body.code', 'has already been used; ask for a new one');
    tx.persist(decideJoin(bundle, r, user.id, now));
  });
  return { user, caseId };
}

/** The employer account of the invited phone, made on first use with a password nobody knows (they sign in by code). */
async function employerAccount(deps: LinkDeps, r: RespondentRow) {
  const username = `employer:${r.phone}`;
  const [found] = await deps.db.select().from(users).where(and(eq(users.username, username), eq(users.role, 'employer'))).limit(1);
  if (found) {
    if (found.disabled) throw invalidTransition('this account is disabled');
    return found;
  }
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'), deps.passwordPolicy);
  const [made] = await deps.db
    .insert(users)
    .values({ id: uuidv7(), username, passwordHash, role: 'employer', name: r.name, phone: r.phone })
    .onConflictDoNothing({ target: users.username })
    .returning();
  if (made) return made;
  // Two first uses at once: the other made it.
  const [other] = await deps.db.select().from(users).where(eq(users.username, username)).limit(1);
  return other;
}

// ---- A served document's link -------------------------------------------------------------

/** The service, opened: served now if it was not yet; an award so served starts the worker's windows. Pure. */
export function decideOpened(before: CaseBundle, s: ServiceRow, now: Date, cal: WorkCalendar): CaseChange | null {
  if (s.servedAt) return null;
  const opened: ServiceRow = { ...s, servedAt: now };
  const acted = { ...before, services: before.services.map((x) => (x === s ? opened : x)) };
  const clocks = clocksAfter(acted, awardServedFacts(before, [opened], now), cal, now);
  const at = new Date(Math.max(now.getTime(), before.row.lastOccurredAt.getTime()));
  const logged = withEvents(acted.row, [
    {
      action: 'served',
      actorUserId: null,
      actorOrgId: null,
      proceedingId: null,
      internal: false,
      data: { serviceId: s.id, party: s.party, name: s.name, title: s.title, channel: s.channel, servedAt: now.toISOString() },
      occurredAt: at,
    },
  ], now);
  const after = { ...acted, row: logged.row, clocks };
  return { before, after, events: logged.events, stats: statDeltas(statChange(before, after)) };
}

/** POST /services/:token/open: records the service the first time, and says what was served (nothing personal). */
export async function openService(deps: LinkDeps, token: string) {
  const now = deps.now();
  const { caseId, hash } = await linkedCase(deps, 'service', token);
  const served = await caseTransaction(deps.db, async (tx) => {
    const { bundle } = await tx.loadForUpdate(caseId, {});
    const s = bundle?.services.find((x) => x.linkHash === hash);
    if (!bundle || !s) throw notFound('service');
    const change = decideOpened(bundle, s, now, await tx.calendar(bundle.calendarVersion));
    if (change) tx.persist(change);
    return { bundle, s: change ? change.after.services.find((x) => x.id === s.id)! : s };
  });
  const { bundle, s } = served;
  return {
    caseId,
    caseNumber: bundle.row.number,
    title: s.title,
    documentType: s.documentType,
    fileId: s.fileId,
    party: s.party,
    servedAt: s.servedAt!.toISOString(),
    orgName: bundle.proceedings[bundle.proceedings.length - 1].orgName,
  };
}

async function loadCase(deps: LinkDeps, caseId: string): Promise<CaseBundle> {
  const b = await loadBundle(deps.db, caseId, false);
  if (!b) throw notFound('case');
  return b;
}
