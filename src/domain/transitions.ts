/**
 * The transition table of SPEC §4: who may do what to a case, from which state, and where it
 * leads. The case service, `allowedActions`, the README diagram and the property tests all read
 * this one table; no other file decides whether an action is allowed.
 */
import type {
  AgreementStatus,
  CaseOutcome,
  CaseStatus,
  ProceedingKind,
  ProceedingOutcome,
  ProceedingState,
  Role,
} from './model.js';
import { EXTENSION_LIMITS } from './clockRules.js';
import { basisZh, type LegalBasis } from './law.js';
import { isStaffRole } from './model.js';

export const ACTIONS = [
  'accept',
  'decline',
  'schedule',
  'extend',
  'pause',
  'resume',
  'settle',
  'fail',
  'award',
  'judge',
  'confirm',
  'refuse',
  'withdraw',
  'refer',
  'assign',
  'record_payment',
  'record_default',
  'close',
  'note',
  'not_duplicate',
  'invite_respondent',
  'respond',
  'add_representative',
  'sign',
  'serve',
] as const;
export type ActionName = (typeof ACTIONS)[number];

/**
 * The capacities in which a caller can act on a case:
 * - `proceeding_staff`: staff of the organisation of the open proceeding;
 * - `last_proceeding_staff`: staff of the organisation of the newest proceeding;
 * - `agreement_staff`: staff of the organisation that recorded the current agreement;
 * - `handling_staff`: staff of any organisation that has handled the case;
 * - `applicant`: a worker who is an applicant of the case;
 * - `respondent`: the employer's representative invited to the case (SPEC §10).
 */
export type Capacity = 'proceeding_staff' | 'last_proceeding_staff' | 'agreement_staff' | 'handling_staff' | 'applicant' | 'respondent';

/** What an action works on, which decides the state it is checked against. */
export type Target = 'open_proceeding' | 'no_open_proceeding' | 'agreement' | 'case';

export interface ActionRule {
  who: readonly Capacity[];
  on: Target;
  /** open_proceeding: the states it acts from. */
  from?: readonly ProceedingState[];
  /** open_proceeding: the proceeding kinds it applies to (all when absent). */
  kinds?: readonly ProceedingKind[];
  /** open_proceeding: whether the proceeding must be paused (true), running (false), or either. */
  paused?: boolean;
  /** open_proceeding: the state (and outcome) it leads to. */
  to?: { state: ProceedingState; outcome?: ProceedingOutcome };
  /** agreement: the agreement statuses it acts from. */
  agreement?: readonly AgreementStatus[];
  /** Whether it needs the case to be open (everything but notes). */
  needsOpenCase: boolean;
  /** case: whether it needs a possible duplicate not yet dismissed (SPEC §12). */
  needsDuplicate?: boolean;
  /** agreement: whether it needs a settlement the parties have not all signed yet (SPEC §10). */
  needsUnsigned?: boolean;
  summary: string;
}

const OPEN: readonly ProceedingState[] = ['received', 'accepted'];

export const TRANSITIONS: Record<ActionName, ActionRule> = {
  accept: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['received'], to: { state: 'accepted' }, needsOpenCase: true, summary: 'take the application in (受理)' },
  decline: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['received'], to: { state: 'declined' }, needsOpenCase: true, summary: 'refuse to take it in (不予受理)' },
  schedule: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['accepted'], paused: false, needsOpenCase: true, summary: 'add a mediation session or hearing' },
  // Only the kinds with an extensible statutory period, as clockRules.ts (EXTENSION_LIMITS) lists them.
  extend: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['accepted'], kinds: Object.keys(EXTENSION_LIMITS) as ProceedingKind[], paused: false, needsOpenCase: true, summary: 'lengthen the period' },
  pause: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['accepted'], paused: false, needsOpenCase: true, summary: 'suspend the proceeding (中止)' },
  resume: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['accepted'], paused: true, needsOpenCase: true, summary: 'resume a suspended proceeding' },
  settle: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['accepted'], kinds: ['mediation', 'arbitration', 'litigation'], paused: false, to: { state: 'concluded', outcome: 'settled' }, needsOpenCase: true, summary: 'record a settlement agreement' },
  fail: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['accepted'], kinds: ['mediation'], paused: false, to: { state: 'concluded', outcome: 'failed' }, needsOpenCase: true, summary: 'mediation failed (调解不成)' },
  award: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['accepted'], kinds: ['arbitration'], paused: false, to: { state: 'concluded', outcome: 'awarded' }, needsOpenCase: true, summary: 'record the arbitral award' },
  judge: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['accepted'], kinds: ['litigation'], paused: false, to: { state: 'concluded', outcome: 'judged' }, needsOpenCase: true, summary: 'record the judgement' },
  confirm: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['accepted'], kinds: ['confirmation'], paused: false, to: { state: 'concluded', outcome: 'confirmed' }, needsOpenCase: true, summary: 'confirm the agreement (司法确认)' },
  refuse: { who: ['proceeding_staff'], on: 'open_proceeding', from: ['accepted'], kinds: ['confirmation'], paused: false, to: { state: 'concluded', outcome: 'refused' }, needsOpenCase: true, summary: 'refuse confirmation' },
  withdraw: { who: ['applicant', 'proceeding_staff'], on: 'open_proceeding', from: OPEN, to: { state: 'concluded', outcome: 'withdrawn' }, needsOpenCase: true, summary: 'withdraw the application (撤回)' },
  refer: { who: ['last_proceeding_staff', 'applicant'], on: 'no_open_proceeding', needsOpenCase: true, summary: 'open a proceeding at another organisation' },
  assign: { who: ['proceeding_staff'], on: 'open_proceeding', from: OPEN, needsOpenCase: true, summary: 'set the handling staff member' },
  record_payment: { who: ['agreement_staff'], on: 'agreement', agreement: ['pending', 'defaulted'], needsOpenCase: true, summary: 'record a payment against the agreement' },
  record_default: { who: ['agreement_staff'], on: 'agreement', agreement: ['pending'], needsOpenCase: true, summary: 'mark the agreement in default' },
  close: { who: ['last_proceeding_staff'], on: 'no_open_proceeding', needsOpenCase: true, summary: 'close the case with an outcome' },
  note: { who: ['handling_staff'], on: 'case', needsOpenCase: false, summary: 'add a note' },
  not_duplicate: { who: ['handling_staff'], on: 'case', needsOpenCase: false, needsDuplicate: true, summary: 'say a possible duplicate claim is not one (SPEC §12)' },
  invite_respondent: { who: ['proceeding_staff', 'last_proceeding_staff'], on: 'case', needsOpenCase: true, summary: "invite the employer's representative by phone (SPEC §10)" },
  respond: { who: ['respondent'], on: 'case', needsOpenCase: true, summary: "state the employer's position, and whether it agrees to mediate" },
  add_representative: { who: ['handling_staff'], on: 'case', needsOpenCase: true, summary: 'record who acts for a party (legal aid, a lawyer, the union, a procuratorate)' },
  sign: { who: ['applicant', 'respondent', 'agreement_staff'], on: 'agreement', needsUnsigned: true, needsOpenCase: true, summary: 'sign the settlement: a party by phone code, or staff recording a paper signature' },
  serve: { who: ['last_proceeding_staff'], on: 'case', needsOpenCase: true, summary: 'serve a document or file on a party (送达)' },
};

/**
 * The actions that conclude a proceeding with an outcome: they may say who prevailed (SPEC §12),
 * which the proceeding keeps and the statistics count.
 */
export const CONCLUDING_ACTIONS = ACTIONS.filter((a) => TRANSITIONS[a].to?.state === 'concluded');

/**
 * Where a case may be referred once its newest proceeding has ended. `after` lists the outcomes
 * (or `declined`) of that proceeding; `needsDefault` requires the current agreement to be in
 * default; `byWorker` lets the applicant refer it themself (SPEC §4: to arbitration after a
 * failed or defaulted mediation).
 */
export interface ReferralRoute {
  from: ProceedingKind;
  after: readonly (ProceedingOutcome | 'declined')[];
  to: ProceedingKind;
  needsDefault?: boolean;
  /** The agreement must be effective: signed by every party (SPEC §10, 人民调解法 art. 29). */
  needsEffective?: boolean;
  byWorker?: boolean;
  /** The laws the route rests on, as data. */
  legalBasis: LegalBasis;
  /** `legalBasis` in the Chinese citation form, shown with the route (`nextSteps[].basis`). */
  basis: string;
}

const LDMA = 'labourDisputeMediationArbitration';

const route = (r: Omit<ReferralRoute, 'basis'>): ReferralRoute => ({ ...r, basis: basisZh(r.legalBasis) });

export const REFERRAL_ROUTES: readonly ReferralRoute[] = [
  route({ from: 'mediation', after: ['failed'], to: 'arbitration', byWorker: true, legalBasis: [{ law: LDMA, article: [5, 14], note: '调解不成或者自调解组织收到申请之日起十五日内未达成调解协议的，可以申请仲裁' }] }),
  route({ from: 'mediation', after: ['withdrawn', 'declined'], to: 'arbitration', legalBasis: [{ law: LDMA, article: [5, 14] }] }),
  route({ from: 'mediation', after: ['failed', 'withdrawn', 'declined'], to: 'mediation', legalBasis: [{ law: LDMA, article: 10, note: '当事人可以到其他调解组织申请调解' }] }),
  route({
    from: 'mediation', after: ['settled'], to: 'confirmation', needsEffective: true,
    legalBasis: [{ law: 'peoplesMediation', article: 33 }, { law: 'civilProcedure', article: 205, note: '双方自调解协议生效之日起三十日内共同申请' }],
  }),
  route({ from: 'mediation', after: ['settled'], to: 'arbitration', needsDefault: true, byWorker: true, legalBasis: [{ law: LDMA, article: 15, note: '一方在协议约定期限内不履行调解协议的，另一方可以申请仲裁' }] }),
  route({ from: 'mediation', after: ['settled'], to: 'litigation', needsDefault: true, legalBasis: [{ law: LDMA, article: 16, note: '用人单位不履行拖欠劳动报酬等调解协议的，劳动者可以申请支付令' }] }),
  route({
    from: 'confirmation', after: ['refused', 'withdrawn', 'declined'], to: 'mediation',
    legalBasis: [{ law: 'peoplesMediation', article: 33, paragraph: 3 }, { law: 'civilProcedure', article: 206, note: '通过调解变更原调解协议或者达成新的调解协议' }],
  }),
  route({ from: 'confirmation', after: ['refused', 'withdrawn', 'declined'], to: 'arbitration', legalBasis: [{ law: 'peoplesMediation', article: 33, paragraph: 3 }, { law: LDMA, article: 5 }] }),
  route({
    from: 'confirmation', after: ['confirmed'], to: 'litigation', needsDefault: true,
    legalBasis: [{ law: 'peoplesMediation', article: 33, paragraph: 2 }, { law: 'civilProcedure', article: [206, 247], note: '申请强制执行经确认有效的调解协议' }],
  }),
  route({ from: 'arbitration', after: ['declined'], to: 'litigation', legalBasis: [{ law: LDMA, article: 29, note: '仲裁委员会不予受理的，可以向人民法院提起诉讼' }] }),
  route({ from: 'arbitration', after: ['awarded'], to: 'litigation', legalBasis: [{ law: LDMA, article: { from: 48, to: 51 }, note: '起诉、申请撤销终局裁决或者申请执行' }] }),
  route({ from: 'arbitration', after: ['settled'], to: 'litigation', needsDefault: true, legalBasis: [{ law: LDMA, article: [42, 51], note: '一方不履行仲裁调解书的，另一方可以申请执行' }] }),
  route({ from: 'arbitration', after: ['withdrawn'], to: 'arbitration', legalBasis: [{ law: 'arbitrationRules', article: 35, note: '撤回仲裁申请后，可以再次申请仲裁' }] }),
  route({ from: 'arbitration', after: ['withdrawn'], to: 'mediation', legalBasis: [{ law: LDMA, article: [5, 10] }] }),
  route({ from: 'litigation', after: ['judged', 'settled', 'withdrawn', 'declined'], to: 'litigation', legalBasis: [{ law: 'civilProcedure', article: [171, 247], note: '上诉或者申请执行' }] }),
  route({ from: 'litigation', after: ['withdrawn', 'declined'], to: 'mediation', legalBasis: [{ law: 'civilProcedure', article: 125, note: '起诉到人民法院的纠纷适宜调解的，先行调解' }] }),
];

/**
 * What each case outcome needs (SPEC §3): `performed` only once the agreement is performed,
 * `judged` only after a judgement; the others record that the case left the pipeline.
 */
export const CLOSE_REQUIREMENTS: Record<CaseOutcome, 'agreement_performed' | 'last_judged' | 'last_withdrawn' | null> = {
  performed: 'agreement_performed',
  judged: 'last_judged',
  withdrawn: 'last_withdrawn',
  abandoned: null,
  transferred: null,
};

// ---------------------------------------------------------------------------------------------
// Evaluation against a case: pure functions over a small snapshot.

export interface ProceedingSnapshot {
  kind: ProceedingKind;
  orgId: string;
  state: ProceedingState;
  outcome: ProceedingOutcome | null;
  paused: boolean;
  extensionCount: number;
}

export interface CaseSnapshot {
  status: CaseStatus;
  /** Oldest first. */
  proceedings: readonly ProceedingSnapshot[];
  /** `effective`: signed by every party, or not a settlement (an award, a judgement); `signable`: a settlement still waiting for a signature. */
  agreement: {
    orgId: string;
    status: AgreementStatus;
    effective?: boolean;
    signable?: boolean;
    /** A settlement's parties yet to sign: the applicants' user ids (those with accounts), and whether the employer has not. */
    awaiting?: { applicantUserIds: readonly string[]; respondent: boolean };
  } | null;
  applicantUserIds: readonly string[];
  /** The employer's representatives who accepted their invitation (SPEC §10). */
  respondentUserIds?: readonly string[];
  /** Every organisation that has handled the case (had a proceeding, or delegated it). */
  handlingOrgIds: readonly string[];
  /** Possible duplicate claims not yet dismissed (SPEC §12). */
  possibleDuplicates?: number;
}

export interface Caller {
  userId: string;
  role: Role;
  orgId: string | null;
}

export type Denial = { code: 'FORBIDDEN' | 'INVALID_TRANSITION'; message: string };

export function openProceeding(c: CaseSnapshot): ProceedingSnapshot | null {
  const last = c.proceedings[c.proceedings.length - 1];
  return last && (last.state === 'received' || last.state === 'accepted') ? last : null;
}

export function lastProceeding(c: CaseSnapshot): ProceedingSnapshot | null {
  return c.proceedings[c.proceedings.length - 1] ?? null;
}

/** The capacities the caller holds on this case. */
export function capacities(caller: Caller, c: CaseSnapshot): Set<Capacity> {
  const out = new Set<Capacity>();
  if (caller.role === 'worker') {
    if (c.applicantUserIds.includes(caller.userId)) out.add('applicant');
    return out;
  }
  if (caller.role === 'employer') {
    if (c.respondentUserIds?.includes(caller.userId)) out.add('respondent');
    return out;
  }
  if (!isStaffRole(caller.role) || !caller.orgId) return out;
  const org = caller.orgId;
  if (c.handlingOrgIds.includes(org)) out.add('handling_staff');
  if (openProceeding(c)?.orgId === org) out.add('proceeding_staff');
  if (lastProceeding(c)?.orgId === org) out.add('last_proceeding_staff');
  if (c.agreement?.orgId === org) out.add('agreement_staff');
  return out;
}

/** Whether the caller may act on the case at all (otherwise 403). */
export function mayActOnCase(caller: Caller, c: CaseSnapshot): boolean {
  return capacities(caller, c).size > 0;
}

/** Where the caller may refer the case now; empty when they may not refer it. */
export function referralTargets(caller: Caller, c: CaseSnapshot): ReferralRoute[] {
  if (c.status !== 'open' || openProceeding(c)) return [];
  const last = lastProceeding(c);
  if (!last) return [];
  const caps = capacities(caller, c);
  const ended = last.state === 'declined' ? 'declined' : last.outcome;
  if (!ended) return [];
  return REFERRAL_ROUTES.filter((r) => {
    if (r.from !== last.kind || !r.after.includes(ended)) return false;
    if (r.needsDefault && c.agreement?.status !== 'defaulted') return false;
    if (r.needsEffective && !c.agreement?.effective) return false;
    if (caps.has('last_proceeding_staff')) return true;
    return caps.has('applicant') && r.byWorker === true;
  });
}

/** The case outcomes the case may be closed with now. */
export function closableOutcomes(c: CaseSnapshot): CaseOutcome[] {
  const last = lastProceeding(c);
  return (Object.keys(CLOSE_REQUIREMENTS) as CaseOutcome[]).filter((o) => {
    switch (CLOSE_REQUIREMENTS[o]) {
      case 'agreement_performed':
        return c.agreement?.status === 'performed';
      case 'last_judged':
        return last?.outcome === 'judged';
      case 'last_withdrawn':
        return last?.outcome === 'withdrawn';
      default:
        return true;
    }
  });
}

/** Whether a party's own signature is still awaited; staff record any party's while anyone's is. */
function signerAwaited(caps: Set<Capacity>, caller: Caller, awaiting: { applicantUserIds: readonly string[]; respondent: boolean } | undefined): boolean {
  if (caps.has('agreement_staff') || !awaiting) return true;
  if (caps.has('applicant')) return awaiting.applicantUserIds.includes(caller.userId);
  if (caps.has('respondent')) return awaiting.respondent;
  return false;
}

/** Checks an action against the table, without its payload. null means allowed. */
export function denial(caller: Caller, c: CaseSnapshot, action: ActionName): Denial | null {
  const rule = TRANSITIONS[action];
  const caps = capacities(caller, c);
  if (caps.size === 0) return { code: 'FORBIDDEN', message: 'you may not act on this case' };
  if (!rule.who.some((w) => caps.has(w))) {
    return { code: 'INVALID_TRANSITION', message: `your role on this case does not allow ${action}` };
  }
  if (rule.needsOpenCase && c.status !== 'open') {
    return { code: 'INVALID_TRANSITION', message: `${action} is not possible on a closed case` };
  }
  const open = openProceeding(c);
  switch (rule.on) {
    case 'open_proceeding': {
      if (!open) return { code: 'INVALID_TRANSITION', message: `${action} needs an open proceeding` };
      if (rule.from && !rule.from.includes(open.state)) {
        return { code: 'INVALID_TRANSITION', message: `${action} is not possible on a ${open.state} proceeding` };
      }
      if (rule.kinds && !rule.kinds.includes(open.kind)) {
        return { code: 'INVALID_TRANSITION', message: `${action} is not possible on a ${open.kind} proceeding` };
      }
      if (rule.paused !== undefined && open.paused !== rule.paused) {
        return { code: 'INVALID_TRANSITION', message: open.paused ? 'the proceeding is paused' : 'the proceeding is not paused' };
      }
      if (action === 'extend') {
        const limit = EXTENSION_LIMITS[open.kind]!;
        if (limit.maxTimes !== null && open.extensionCount >= limit.maxTimes) {
          return { code: 'INVALID_TRANSITION', message: `a ${open.kind} proceeding may be extended only ${limit.maxTimes} time(s) (${limit.basis})` };
        }
      }
      return null;
    }
    case 'no_open_proceeding': {
      if (open) return { code: 'INVALID_TRANSITION', message: `${action} needs the open proceeding to end first` };
      if (action === 'refer' && referralTargets(caller, c).length === 0) {
        return { code: 'INVALID_TRANSITION', message: 'there is nowhere you may refer this case now' };
      }
      if (action === 'close' && closableOutcomes(c).length === 0) {
        return { code: 'INVALID_TRANSITION', message: 'the case cannot be closed now' };
      }
      return null;
    }
    case 'agreement': {
      if (!c.agreement) return { code: 'INVALID_TRANSITION', message: `${action} needs an agreement` };
      if (rule.agreement && !rule.agreement.includes(c.agreement.status)) {
        return { code: 'INVALID_TRANSITION', message: `${action} is not possible on a ${c.agreement.status} agreement` };
      }
      if (rule.needsUnsigned && !c.agreement.signable) return { code: 'INVALID_TRANSITION', message: 'the agreement waits for no signature' };
      if (action === 'sign' && !signerAwaited(caps, caller, c.agreement.awaiting)) return { code: 'INVALID_TRANSITION', message: 'you have already signed the agreement' };
      return null;
    }
    case 'case':
      if (rule.needsDuplicate && !c.possibleDuplicates) return { code: 'INVALID_TRANSITION', message: 'the case has no possible duplicate to dismiss' };
      return null;
  }
}

/** SPEC §4: the actions the caller may take now, in table order. */
export function allowedActions(caller: Caller, c: CaseSnapshot): ActionName[] {
  return ACTIONS.filter((a) => denial(caller, c, a) === null);
}
