/**
 * Property test of the transition table through the service layer: random walks of actions on
 * a case that starts at a union mediation. At every step, every action is tried for every caller
 * (decided without writing anything), and the service must accept it exactly when the case
 * detail lists it in that caller's `allowedActions`. Then one allowed action is applied for real
 * and the case invariants of SPEC §§3–4 and §10 are checked. When staff invite the employer's
 * representative of the walks, they join the case with a phone code as the invitation's link
 * lets them, and act on it from then on.
 */
import { asc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller.js';
import { maySee } from '../../src/cases/access.js';
import { decideAction } from '../../src/cases/decide.js';
import { referencesOf } from '../../src/cases/effects.js';
import { loadBundle, readReferences } from '../../src/cases/repository.js';
import { parties, snapshot } from '../../src/cases/state.js';
import { calendarCache } from '../../src/clocks/calendarCache.js';
import { actionBody, fileCaseBody, type ActionInput, type CaseDetail } from '../../src/cases/schemas.js';
import { fileCase, getCase, performAction, type CaseDeps } from '../../src/cases/service.js';
import { events } from '../../src/db/schema/index.js';
import {
  CASE_OUTCOMES,
  KIND_OUTCOMES,
  OPEN_STATES,
  orgHandles,
  PROCEEDING_KINDS,
  PROCEEDING_STATES,
  type OrgKind,
  type ProceedingKind,
} from '../../src/domain/model.js';
import { ACTIONS, closableOutcomes, referralTargets, type ActionName } from '../../src/domain/transitions.js';
import { testConfig } from '../../src/config.js';
import { AppError } from '../../src/http/errors.js';
import { caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';
import { acceptInvitation, employerOfNoCase, freshPhone, linkTexted, phoneCode, type PartyUser } from '../support/parties.js';

/** About 4 s per run on PGlite; PROPERTY_RUNS=200 for a deeper search. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 14);
/**
 * The test's own timeout, a safety net for a walk that hangs: generous, because on a loaded shared
 * machine one run can take ten times its usual 4 s, and a slow machine is not a failure.
 */
const SAFETY_NET_MS = Math.max(600_000, RUNS * 60_000);
const MIN_STEPS = 5;
const MAX_STEPS = 12;
/** A worker filing online writes one event (`file`). */
const FILING_EVENTS = 1;

/**
 * Who acts: staff of each organisation a case can reach, the applicant and a supervisor of the
 * region. `outsider` (staff of an organisation that never handles the case) is checked once per
 * walk rather than at every step, to keep the runtime down: it can never see the case.
 */
const CALLERS = ['unionMediator', 'townMediator', 'liaison', 'arbitrator', 'worker', 'employer', 'supervisor'] as const;
type CallerName = (typeof CALLERS)[number] | 'outsider';

let t: TestContext;
let deps: CaseDeps;
let callers: Record<CallerName, Caller>;
let worker: TestUser & { phone: string; idNumber: string };
/** The employer's representative: invited by staff in some walks (invite_respondent), joining those cases. */
let employerRep: PartyUser;
let legalAidId: string;
let procuratorateId: string;
const orgKinds = new Map<string, OrgKind>();
/** A staff member of each organisation, for `assign`. */
const staffOf = new Map<string, string>();
let orgFor: (kind: ProceedingKind, seed: number) => string;
let unionId: string;

function asCaller(u: TestUser, role: Caller['role'], regionCode: string | null = null): Caller {
  return { userId: u.id, role, orgId: u.orgId, regionCode, name: role };
}

beforeAll(async () => {
  t = await testApp();
  deps = { db: t.handle.db, now: () => new Date(), otpKey: testConfig().OTP_HASH_KEY };
  const org = async (kind: OrgKind, regionCode?: string) => {
    const o = await t.org(kind, regionCode ? { regionCode } : {});
    orgKinds.set(o.id, kind);
    return o;
  };
  const union = await org('union');
  unionId = union.id;
  const township = await org('township_center');
  const commission = await org('arbitration_commission', '451000');
  const court = await org('court');
  const bystander = await org('people_mediation');
  legalAidId = (await t.org('legal_aid')).id;
  procuratorateId = (await t.org('procuratorate')).id;
  const unionMediator = await t.staff('mediator', union.id);
  const townMediator = await t.staff('mediator', township.id);
  const arbitrator = await t.staff('arbitrator', commission.id);
  const liaison = await t.staff('court_liaison', court.id);
  const outsider = await t.staff('mediator', bystander.id);
  staffOf.set(union.id, (await t.staff('mediator', union.id)).id);
  staffOf.set(township.id, townMediator.id);
  staffOf.set(commission.id, (await t.staff('arbitrator', commission.id)).id);
  staffOf.set(court.id, liaison.id);
  worker = await t.worker();
  // The account an accepted invitation makes; each walk's case is invited to it afresh.
  employerRep = await employerOfNoCase(t, '王经理');
  const supervisor = await t.supervisor('4510');
  callers = {
    unionMediator: asCaller(unionMediator, 'mediator'),
    townMediator: asCaller(townMediator, 'mediator'),
    liaison: asCaller(liaison, 'court_liaison'),
    arbitrator: asCaller(arbitrator, 'arbitrator'),
    worker: asCaller(worker, 'worker'),
    employer: asCaller(employerRep, 'employer'),
    supervisor: asCaller(supervisor, 'supervisor', '4510'),
    outsider: asCaller(outsider, 'mediator'),
  };
  orgFor = (kind, seed) => {
    switch (kind) {
      case 'mediation':
        return seed % 2 === 0 ? township.id : union.id;
      case 'arbitration':
        return commission.id;
      default:
        return court.id;
    }
  };
  // Referral targets per kind must be real: every organisation used here handles its kind.
  for (const kind of PROCEEDING_KINDS) for (const seed of [0, 1]) expect(orgHandles(orgKinds.get(orgFor(kind, seed))!, kind)).toBe(true);
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// Valid payloads, so that a refusal can only come from the transition table.

const pastInstant = () => new Date(Date.now() - 60_000).toISOString();

function agreementFor(seed: number) {
  const amountFen = [0, 80_000, 600_000][seed % 3];
  if (amountFen > 0 && seed % 4 === 1) {
    return {
      amountFen,
      terms: '分两期支付',
      instalments: [
        { dueOn: '2099-01-10', amountFen: amountFen / 2 },
        { dueOn: '2099-02-10', amountFen: amountFen / 2 },
      ],
    };
  }
  return { amountFen, terms: '一次性支付' };
}

/** The candidate bodies for an action; it is accepted when any of them is. */
function payloads(action: ActionName, view: CaseDetail, seed: number, caller: Caller): Record<string, unknown>[] {
  const newest = view.proceedings[view.proceedings.length - 1];
  const open = newest && OPEN_STATES.includes(newest.state) ? newest : null;
  switch (action) {
    case 'accept':
    case 'resume':
    case 'confirm':
      return [{}];
    case 'decline':
    case 'pause':
    case 'fail':
    case 'refuse':
    case 'withdraw':
    case 'record_default':
      return [{ reason: `${action} 的理由` }];
    case 'schedule':
      return [{ at: '2099-03-01T09:30:00+08:00', place: '第一调解室' }];
    case 'extend':
      return [{ days: open?.kind === 'arbitration' ? 1 + (seed % 15) : 1 + (seed % 60), reason: '延长期限' }];
    case 'settle':
      return [{ agreement: agreementFor(seed) }];
    case 'award':
      return [{ agreement: agreementFor(seed), final: seed % 2 === 0, deliveredAt: pastInstant() }];
    case 'judge':
      return [seed % 3 === 0 ? {} : { agreement: agreementFor(seed) }];
    case 'refer':
      return PROCEEDING_KINDS.map((kind) => ({ toOrgId: orgFor(kind, seed), kind, reason: `转${kind}` }));
    case 'assign':
      return [{ userId: open ? staffOf.get(open.orgId)! : caller.userId }];
    case 'record_payment': {
      const a = view.agreement;
      const outstanding = a ? a.amountFen - a.paidFen : 0;
      const amountFen = outstanding <= 0 ? 1 : seed % 2 === 0 ? outstanding : 1 + (seed % outstanding);
      return [{ amountFen, paidAt: pastInstant() }];
    }
    case 'close':
      return CASE_OUTCOMES.map((outcome) => ({ outcome }));
    case 'note':
      return [{ text: '跟进记录', internal: seed % 2 === 0 }];
    case 'not_duplicate':
      // Every walk's case is the same worker's claim against the same employer: the earlier walks' open cases are its possible duplicates.
      return [{ number: view.possibleDuplicates[0]?.number ?? 'NONE-2026-00000' }];
    case 'invite_respondent':
      // The walks' representative (refused once they have joined: 400) or someone new.
      return [
        { phone: employerRep.phone, name: employerRep.name },
        { phone: freshPhone(), name: '刘经理' },
      ];
    case 'respond':
      return [{ text: '公司的意见', agreesToMediate: seed % 2 === 0 }];
    case 'add_representative':
      return [
        [{ kind: 'legal_aid', orgId: legalAidId }, { kind: 'lawyer' }, { kind: 'union', applicantIndex: 0 }, { kind: 'procuratorate_support', orgId: procuratorateId, applicantIndex: 0 }][seed % 4],
      ].map((r) => ({ name: '代理人', ...r }));
    case 'sign':
      // A party signs for themself by code (trial() treats it as checked, as the service would have);
      // staff record whichever paper signature is missing.
      if (caller.role === 'worker' || caller.role === 'employer') return [{ code: '000000' }];
      return [
        { party: 'applicant', applicantIndex: 0, inPerson: true },
        { party: 'respondent', inPerson: true },
      ];
    case 'serve':
      return [
        { documentType: 'application', to: 'applicants', channel: seed % 2 === 0 ? 'in_person' : 'sms_link' },
        { documentType: 'application', to: 'respondent', channel: 'post' },
      ];
  }
}

// ---------------------------------------------------------------------------------------------

type Trial = { ok: true } | { ok: false; code: string; message: string };

/** Decides the action on the case as stored (src/cases/decide.ts), as performAction would, without writing anything. */
async function trial(caller: Caller, id: string, input: ActionInput): Promise<Trial> {
  const db = t.handle.db;
  const bundle = await loadBundle(db, id, false);
  if (!bundle || !maySee(caller, parties(bundle))) return { ok: false, code: 'NOT_FOUND', message: 'case' };
  const [refs, cal] = await Promise.all([readReferences(db, referencesOf(input)), calendarCache(db).at(db, bundle.calendarVersion)]);
  try {
    // A party's code is checked by the service before it decides (cases/service.ts); here it is taken as right.
    const codeChecked = input.action === 'sign' && input.code !== undefined && (caller.role === 'worker' || caller.role === 'employer');
    decideAction(bundle, input, { caller, now: deps.now(), cal, refs, codeChecked });
    return { ok: true };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

async function eventCount(id: string) {
  return t.handle.db.$count(events, eq(events.caseId, id));
}

async function seen(caller: Caller, id: string): Promise<CaseDetail | null> {
  try {
    return await getCase(deps, caller, id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

/** SPEC §§3–4: what must hold of a case after any sequence of accepted actions. */
async function checkInvariants(view: CaseDetail, accepted: number, label: string) {
  const open = view.proceedings.filter((p) => OPEN_STATES.includes(p.state));
  expect(open.length, `${label}: at most one open proceeding`).toBeLessThanOrEqual(1);
  if (open.length === 1) expect(view.proceedings[view.proceedings.length - 1], `${label}: only the newest may be open`).toBe(open[0]);
  for (const p of view.proceedings) {
    const where = `${label}: proceeding ${p.kind} at ${orgKinds.get(p.orgId)} ${p.state}/${p.outcome}`;
    expect(PROCEEDING_STATES, where).toContain(p.state);
    expect(orgHandles(orgKinds.get(p.orgId)!, p.kind), where).toBe(true);
    if (p.state === 'concluded') expect(KIND_OUTCOMES[p.kind], where).toContain(p.outcome);
    else expect(p.outcome, where).toBeNull();
    expect(p.concludedAt === null, where).toBe(OPEN_STATES.includes(p.state));
    if (p.state === 'accepted') expect(p.acceptedAt, where).not.toBeNull();
    if (p.state === 'received' || p.state === 'declined') expect(p.acceptedAt, where).toBeNull();
    // Only an accepted proceeding can be suspended (中止); pause/resume act on nothing else.
    expect(p.paused && p.state !== 'accepted', `${where}: marked paused`).toBe(false);
  }
  if (view.status === 'closed') {
    expect(open, `${label}: closed with a proceeding open`).toHaveLength(0);
    expect(view.outcome, label).not.toBeNull();
    expect(view.closedAt, label).not.toBeNull();
  } else {
    expect(view.outcome, label).toBeNull();
    expect(view.closedAt, label).toBeNull();
  }
  if (view.agreement) {
    const a = view.agreement;
    expect(a.paidFen, label).toBeLessThanOrEqual(a.amountFen);
    expect(a.status === 'performed', `${label}: agreement ${a.status} ${a.paidFen}/${a.amountFen}`).toBe(a.paidFen === a.amountFen);
    // SPEC §10: each party signs once; a settlement is effective exactly when all have signed; an award or judgement is signed by nobody.
    const signers = a.signatures.map((x) => `${x.party}:${x.applicantIndex}`);
    expect(new Set(signers).size, `${label}: signatures ${signers}`).toBe(signers.length);
    const settlement = view.proceedings.find((p) => p.id === a.proceedingId)?.outcome === 'settled';
    const waiting = a.awaitingSignature.applicants.length > 0 || a.awaitingSignature.respondent;
    expect(a.effective, `${label}: effective, waiting for ${JSON.stringify(a.awaitingSignature)}`).toBe(!waiting);
    if (!settlement) expect(a.signatures, `${label}: signatures on an award or judgement`).toEqual([]);
    // Judicial confirmation is of an effective agreement (人民调解法 art. 29, 33), and signatures are never taken back.
    const agreedAt = view.proceedings.findIndex((p) => p.id === a.proceedingId);
    if (view.proceedings.slice(agreedAt + 1).some((p) => p.kind === 'confirmation')) expect(a.effective, `${label}: confirmation of an agreement not signed by all`).toBe(true);
  }
  if (view.nextSteps.some((s) => s.kind === 'confirmation')) expect(view.agreement?.effective, `${label}: confirmation offered`).toBe(true);
  // Every representative who joined did so through an invitation to this case.
  for (const r of view.respondents) expect(r.acceptedAt === null || Date.parse(r.acceptedAt) >= Date.parse(r.invitedAt), label).toBe(true);
  expect(view.version, `${label}: version`).toBe(1 + accepted);
  expect(await eventCount(view.id), `${label}: events`).toBe(FILING_EVENTS + accepted);
}

/**
 * Pick an action first, then who does it, so that `note` (open to every handler in every state)
 * does not crowd out the rest; the actions that move a case on weigh more than those that
 * leave it where it is or end it early.
 */
const LIGHT: readonly ActionName[] = ['note', 'assign', 'schedule', 'extend', 'pause', 'withdraw', 'decline', 'add_representative', 'serve', 'respond'];
function weightedPick(actions: ActionName[], pick: number): { action: ActionName; rest: number } {
  const weight = (a: ActionName) => (LIGHT.includes(a) ? 1 : 4);
  const total = actions.reduce((s, a) => s + weight(a), 0);
  let r = pick % total;
  for (const a of actions) {
    if (r < weight(a)) return { action: a, rest: Math.floor(pick / total) };
    r -= weight(a);
  }
  throw new Error('unreachable');
}

interface Option {
  who: CallerName;
  action: ActionName;
  input: ActionInput;
}

/** Tries every action for every caller on the case as it is now; returns what was accepted. */
async function exploreStep(id: string, view: CaseDetail, seed: number, label: string, who_: readonly CallerName[] = CALLERS): Promise<Option[]> {
  const options: Option[] = [];
  const snap = snapshot((await loadBundle(t.handle.db, id, false))!);
  for (const who of who_) {
    const caller = callers[who];
    const own = await seen(caller, id);
    if (who === 'outsider') expect(own, 'the outsider never sees the case').toBeNull();
    const allowed = new Set(own?.allowedActions ?? []);
    const refusal = own === null ? 'NOT_FOUND' : who === 'supervisor' ? 'FORBIDDEN' : 'INVALID_TRANSITION';
    for (const action of ACTIONS) {
      const where = `${label}: ${who} ${action} (allowed: ${[...allowed].join(',') || '-'}; proceedings: ${view.proceedings.map((p) => `${p.kind}:${p.state}:${p.outcome ?? ''}${p.paused ? ':paused' : ''}`).join(' → ')}; agreement: ${view.agreement?.status ?? 'none'}; case ${view.status})`;
      const tried: { body: Record<string, unknown>; input: ActionInput; result: Trial }[] = [];
      for (const body of payloads(action, view, seed, caller)) {
        const input = actionBody.parse({ action, version: view.version, ...body });
        tried.push({ body, input, result: await trial(caller, id, input) });
      }
      const ok = tried.filter((x) => x.result.ok);
      expect(ok.length > 0, `${where}: accepted ${ok.length > 0}, refusals ${JSON.stringify(tried.map((x) => x.result))}`).toBe(allowed.has(action));
      if (ok.length === 0) {
        // A refusal comes from visibility or the table, never from the (valid) payload.
        for (const x of tried) expect((x.result as { code: string }).code, `${where}: ${JSON.stringify(x.result)}`).toBe(refusal);
      }
      if (action === 'refer') {
        const kinds = ok.map((x) => x.body.kind).sort();
        const expected = [...new Set(referralTargets(caller, snap).map((r) => r.to))].sort();
        expect(kinds, `${where}: referral kinds`).toEqual(allowed.has('refer') ? expected : []);
      }
      if (action === 'close') {
        const outcomes = ok.map((x) => x.body.outcome).sort();
        expect(outcomes, `${where}: closing outcomes`).toEqual(allowed.has('close') ? [...closableOutcomes(snap)].sort() : []);
      }
      for (const x of ok) options.push({ who, action, input: x.input });
    }
  }
  return options;
}

describe('random walks through the transition table (service layer)', () => {
  it(`accepts exactly the allowed actions and keeps the invariants (${RUNS} runs, up to ${MAX_STEPS} steps)`, async () => {
    const started = Date.now();
    let steps = 0;
    const seenActions = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ pick: fc.nat(), seed: fc.nat() }), { minLength: MIN_STEPS, maxLength: MAX_STEPS }), async (walk) => {
        const filed = await fileCase(
          deps,
          callers.worker,
          fileCaseBody.parse(
            caseBody(unionId, {
              applicants: [{ name: '张三', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 900_000 }] }],
            }),
          ),
        );
        const id = filed.id;
        let accepted = 0;
        const history: string[] = [];
        for (const [n, step] of walk.entries()) {
          const label = `step ${n} after [${history.join(', ')}]`;
          const view = await getCase(deps, callers.unionMediator, id);
          await checkInvariants(view, accepted, label);
          const before = { version: view.version, events: await eventCount(id) };

          const options = await exploreStep(id, view, step.seed, label);
          expect({ version: (await getCase(deps, callers.unionMediator, id)).version, events: await eventCount(id) }, `${label}: the trials left no trace`).toEqual(before);

          const actions = [...new Set(options.map((o) => o.action))];
          expect(actions.length, `${label}: a note is always possible`).toBeGreaterThan(0);
          const { action, rest } = weightedPick(actions, step.pick);
          const choices = options.filter((o) => o.action === action);
          const chosen = choices[rest % choices.length];

          let input = chosen.input;
          // A party signing reads the code off their phone.
          if (input.action === 'sign' && input.code !== undefined) input = { ...input, code: await phoneCode(t, chosen.who === 'worker' ? worker.phone : employerRep.phone, 'sign') };
          const after = await performAction(deps, callers[chosen.who], id, input);
          accepted++;
          steps++;
          seenActions.add(action);
          history.push(`${chosen.who}:${action}${input.action === 'refer' ? `→${input.kind}` : ''}`);
          expect(after.version, `${label}: version after ${action}`).toBe(before.version + 1);
          expect(await eventCount(id), `${label}: events after ${action}`).toBe(before.events + 1);
          const [ev] = await t.handle.db.select().from(events).where(eq(events.caseId, id)).orderBy(asc(events.seq)).offset(before.events);
          expect(ev, `${label}: the event of ${action}`).toMatchObject({ action, actorUserId: callers[chosen.who].userId, seq: before.events + 1 });

          if (input.action === 'invite_respondent' && input.phone === employerRep.phone) {
            // The representative opens the texted link and joins with a code: one event more.
            const { token } = await linkTexted(t, employerRep.phone, '/app/invite/', id);
            const joined = await acceptInvitation(t, token, employerRep.phone);
            expect(joined.id, `${label}: the invitation's account`).toBe(employerRep.id);
            accepted++;
            history.push('employer:joins');
            const [joinEv] = await t.handle.db.select().from(events).where(eq(events.caseId, id)).orderBy(asc(events.seq)).offset(before.events + 1);
            expect(joinEv, `${label}: the event of joining`).toMatchObject({ action: 'respondent_joined', actorUserId: employerRep.id, seq: before.events + 2 });
          }
        }
        const end = `end after [${history.join(', ')}]`;
        const final = await getCase(deps, callers.unionMediator, id);
        await checkInvariants(final, accepted, end);
        expect(await exploreStep(id, final, 0, end, ['outsider']), `${end}: the outsider may do nothing`).toEqual([]);
      }),
      // No shrinking: each failure message already names the walk that led to it (`after [...]`),
      // and shrinking a walk of database round trips takes minutes.
      { numRuns: RUNS, endOnFailure: true },
    );
    // Not a timed assertion: a figure to watch, and a check that the walks went somewhere.
    console.log(`property: ${RUNS} runs, ${steps} steps, actions applied: ${[...seenActions].sort().join(' ')}; ${Date.now() - started} ms`);
    expect(seenActions.size).toBeGreaterThan(8);
  }, SAFETY_NET_MS);
});
