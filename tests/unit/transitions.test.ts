import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXTENSION_LIMITS } from '../../src/domain/clockRules.js';
import { basisZh } from '../../src/domain/law.js';
import {
  AGREEMENT_STATUSES,
  KIND_OUTCOMES,
  PROCEEDING_KINDS,
  PROCEEDING_OUTCOMES,
  ROLES,
  type AgreementStatus,
  type ProceedingKind,
  type ProceedingOutcome,
  type ProceedingState,
  type Role,
} from '../../src/domain/model.js';
import {
  ACTIONS,
  allowedActions,
  capacities,
  closableOutcomes,
  CONCLUDING_ACTIONS,
  denial,
  mayActOnCase,
  REFERRAL_ROUTES,
  referralTargets,
  TRANSITIONS,
  type ActionName,
  type Caller,
  type CaseSnapshot,
  type ProceedingSnapshot,
} from '../../src/domain/transitions.js';

const UNION = 'org-union';
const COMMISSION = 'org-commission';
const COURT = 'org-court';
const OTHER = 'org-elsewhere';
const WORKER = 'user-worker';

const worker: Caller = { userId: WORKER, role: 'worker', orgId: null };
const otherWorker: Caller = { userId: 'user-other-worker', role: 'worker', orgId: null };
const staff = (orgId: string, role: Role = 'mediator'): Caller => ({ userId: `user-${orgId}`, role, orgId });
const supervisor: Caller = { userId: 'user-supervisor', role: 'supervisor', orgId: null };
const admin: Caller = { userId: 'user-admin', role: 'admin', orgId: null };

function proc(kind: ProceedingKind, orgId: string, state: ProceedingState, outcome: ProceedingOutcome | null = null, extra: Partial<ProceedingSnapshot> = {}): ProceedingSnapshot {
  return { kind, orgId, state, outcome, paused: false, extensionCount: 0, ...extra };
}

function snap(proceedings: ProceedingSnapshot[], extra: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    status: 'open',
    proceedings,
    agreement: null,
    applicantUserIds: [WORKER],
    handlingOrgIds: [...new Set(proceedings.map((p) => p.orgId))],
    ...extra,
  };
}

const kindsOf = (routes: { to: ProceedingKind }[]) => routes.map((r) => r.to).sort();

// A case that went union mediation (failed) → arbitration, now accepted at the commission.
const atArbitration = snap([proc('mediation', UNION, 'concluded', 'failed'), proc('arbitration', COMMISSION, 'accepted')]);

describe('capacities', () => {
  it('a worker who is an applicant acts as the applicant, and only that', () => {
    expect([...capacities(worker, atArbitration)]).toEqual(['applicant']);
  });

  it('a worker who is not an applicant has no capacity', () => {
    expect(capacities(otherWorker, atArbitration).size).toBe(0);
  });

  it('staff of the open proceeding\'s organisation are proceeding, last-proceeding and handling staff', () => {
    expect(capacities(staff(COMMISSION, 'arbitrator'), atArbitration)).toEqual(
      new Set(['proceeding_staff', 'last_proceeding_staff', 'handling_staff']),
    );
  });

  it('staff of an organisation that handled the case earlier are handling staff only', () => {
    expect(capacities(staff(UNION), atArbitration)).toEqual(new Set(['handling_staff']));
  });

  it('staff of the organisation that recorded the agreement are agreement staff', () => {
    const c = snap([proc('mediation', UNION, 'concluded', 'settled'), proc('confirmation', COURT, 'received')], {
      agreement: { orgId: UNION, status: 'pending' },
    });
    expect(capacities(staff(UNION), c)).toEqual(new Set(['handling_staff', 'agreement_staff']));
    expect(capacities(staff(COURT, 'court_liaison'), c)).toEqual(new Set(['handling_staff', 'proceeding_staff', 'last_proceeding_staff']));
  });

  it('staff of the last proceeding\'s organisation keep that capacity after it ends', () => {
    const c = snap([proc('mediation', UNION, 'concluded', 'failed')]);
    expect(capacities(staff(UNION), c)).toEqual(new Set(['handling_staff', 'last_proceeding_staff']));
  });

  it('staff of an unrelated organisation, supervisors and administrators have none', () => {
    expect(capacities(staff(OTHER), atArbitration).size).toBe(0);
    expect(capacities(supervisor, atArbitration).size).toBe(0);
    expect(capacities(admin, atArbitration).size).toBe(0);
  });

  it('a staff role without an organisation has none', () => {
    expect(capacities({ userId: 'x', role: 'mediator', orgId: null }, atArbitration).size).toBe(0);
  });

  it('a supervisor or administrator who happens to carry an org id still has none', () => {
    expect(capacities({ userId: 'x', role: 'supervisor', orgId: COMMISSION }, atArbitration).size).toBe(0);
    expect(capacities({ userId: 'x', role: 'admin', orgId: COMMISSION }, atArbitration).size).toBe(0);
  });
});

describe('denial codes', () => {
  it('FORBIDDEN for callers with no capacity on the case, whatever the action', () => {
    for (const caller of [otherWorker, staff(OTHER), supervisor, admin]) {
      for (const action of ACTIONS) {
        expect(denial(caller, atArbitration, action)?.code, `${caller.role} ${action}`).toBe('FORBIDDEN');
      }
      expect(allowedActions(caller, atArbitration)).toEqual([]);
    }
  });

  it('INVALID_TRANSITION when the caller is on the case but the role does not allow the action', () => {
    expect(denial(worker, atArbitration, 'accept')?.code).toBe('INVALID_TRANSITION');
    expect(denial(worker, atArbitration, 'note')?.code).toBe('INVALID_TRANSITION');
    expect(denial(staff(UNION), atArbitration, 'award')?.code).toBe('INVALID_TRANSITION');
    expect(denial(staff(UNION), atArbitration, 'withdraw')?.code).toBe('INVALID_TRANSITION');
  });

  it('INVALID_TRANSITION when the state does not allow the action', () => {
    const arb = staff(COMMISSION, 'arbitrator');
    expect(denial(arb, atArbitration, 'accept')?.code).toBe('INVALID_TRANSITION'); // already accepted
    expect(denial(arb, atArbitration, 'fail')?.code).toBe('INVALID_TRANSITION'); // mediation only
    expect(denial(arb, atArbitration, 'confirm')?.code).toBe('INVALID_TRANSITION'); // confirmation only
    expect(denial(arb, atArbitration, 'refer')?.code).toBe('INVALID_TRANSITION'); // a proceeding is open
    expect(denial(arb, atArbitration, 'close')?.code).toBe('INVALID_TRANSITION'); // a proceeding is open
    expect(denial(arb, atArbitration, 'record_payment')?.code).toBe('INVALID_TRANSITION'); // no agreement
    expect(denial(arb, atArbitration, 'resume')?.code).toBe('INVALID_TRANSITION'); // not paused
  });

  it('what the staff of an accepted arbitration may do', () => {
    expect(allowedActions(staff(COMMISSION, 'arbitrator'), atArbitration)).toEqual([
      'schedule', 'extend', 'pause', 'settle', 'award', 'withdraw', 'assign', 'note', 'invite_respondent', 'add_representative', 'serve',
    ]);
  });

  it('a received proceeding is accepted or declined, not concluded', () => {
    const c = snap([proc('mediation', UNION, 'received')]);
    const m = staff(UNION);
    expect(allowedActions(m, c)).toEqual(['accept', 'decline', 'withdraw', 'assign', 'note', 'invite_respondent', 'add_representative', 'serve']);
    expect(denial(m, c, 'settle')?.code).toBe('INVALID_TRANSITION');
    expect(allowedActions(worker, c)).toEqual(['withdraw']);
  });

  it('a paused proceeding can only be resumed, not scheduled, extended or concluded', () => {
    const c = snap([proc('mediation', UNION, 'accepted', null, { paused: true })]);
    const m = staff(UNION);
    expect(denial(m, c, 'resume')).toBeNull();
    for (const a of ['pause', 'schedule', 'extend', 'settle', 'fail'] as const) {
      expect(denial(m, c, a)?.code, a).toBe('INVALID_TRANSITION');
    }
  });

  it('an arbitration is extended once; a mediation as often as the parties agree', () => {
    const arb = staff(COMMISSION, 'arbitrator');
    const once = snap([proc('arbitration', COMMISSION, 'accepted', null, { extensionCount: 1 })]);
    expect(denial(arb, once, 'extend')?.code).toBe('INVALID_TRANSITION');
    const med = snap([proc('mediation', UNION, 'accepted', null, { extensionCount: 5 })]);
    expect(denial(staff(UNION), med, 'extend')).toBeNull();
  });

  it('confirmation and litigation cannot be extended', () => {
    const court = staff(COURT, 'court_liaison');
    expect(denial(court, snap([proc('confirmation', COURT, 'accepted')]), 'extend')?.code).toBe('INVALID_TRANSITION');
    expect(denial(court, snap([proc('litigation', COURT, 'accepted')]), 'extend')?.code).toBe('INVALID_TRANSITION');
  });

  it('a closed case takes notes from handling staff and nothing else', () => {
    const closed = snap([proc('mediation', UNION, 'concluded', 'withdrawn')], { status: 'closed' });
    expect(allowedActions(staff(UNION), closed)).toEqual(['note']);
    expect(allowedActions(worker, closed)).toEqual([]);
    expect(denial(worker, closed, 'withdraw')?.code).toBe('INVALID_TRANSITION');
  });

  it('agreement actions belong to the organisation that recorded it', () => {
    const c = snap([proc('mediation', UNION, 'concluded', 'settled'), proc('confirmation', COURT, 'concluded', 'confirmed')], {
      agreement: { orgId: UNION, status: 'pending' },
    });
    expect(denial(staff(UNION), c, 'record_payment')).toBeNull();
    expect(denial(staff(UNION), c, 'record_default')).toBeNull();
    expect(denial(staff(COURT, 'court_liaison'), c, 'record_payment')?.code).toBe('INVALID_TRANSITION');
    const defaulted = { ...c, agreement: { orgId: UNION, status: 'defaulted' as const } };
    expect(denial(staff(UNION), defaulted, 'record_payment')).toBeNull();
    expect(denial(staff(UNION), defaulted, 'record_default')?.code).toBe('INVALID_TRANSITION');
    const performed = { ...c, agreement: { orgId: UNION, status: 'performed' as const } };
    expect(denial(staff(UNION), performed, 'record_payment')?.code).toBe('INVALID_TRANSITION');
  });

  it('only staff of the last proceeding close a case', () => {
    const c = snap([proc('mediation', UNION, 'concluded', 'failed'), proc('arbitration', COMMISSION, 'declined')]);
    expect(denial(staff(COMMISSION, 'arbitrator'), c, 'close')).toBeNull();
    expect(denial(staff(UNION), c, 'close')?.code).toBe('INVALID_TRANSITION');
    expect(denial(worker, c, 'close')?.code).toBe('INVALID_TRANSITION');
  });
});

describe('referralTargets', () => {
  it('a worker may go to arbitration after a failed mediation, and nowhere else', () => {
    const c = snap([proc('mediation', UNION, 'concluded', 'failed')]);
    expect(kindsOf(referralTargets(worker, c))).toEqual(['arbitration']);
    expect(denial(worker, c, 'refer')).toBeNull();
    expect(allowedActions(worker, c)).toEqual(['refer']);
  });

  it('a worker may go to arbitration when a mediation agreement is in default, not before', () => {
    const settled = [proc('mediation', UNION, 'concluded', 'settled')];
    expect(referralTargets(worker, snap(settled, { agreement: { orgId: UNION, status: 'pending' } }))).toEqual([]);
    expect(referralTargets(worker, snap(settled, { agreement: { orgId: UNION, status: 'performed' } }))).toEqual([]);
    expect(kindsOf(referralTargets(worker, snap(settled, { agreement: { orgId: UNION, status: 'defaulted' } })))).toEqual(['arbitration']);
  });

  it('a worker refers nothing else: not after a withdrawn or declined mediation, nor a refused confirmation, nor to a court', () => {
    const cases: CaseSnapshot[] = [
      snap([proc('mediation', UNION, 'concluded', 'withdrawn')]),
      snap([proc('mediation', UNION, 'declined')]),
      snap([proc('mediation', UNION, 'concluded', 'settled'), proc('confirmation', COURT, 'concluded', 'refused')]),
      snap([proc('mediation', UNION, 'concluded', 'settled'), proc('confirmation', COURT, 'concluded', 'confirmed')], {
        agreement: { orgId: UNION, status: 'defaulted' },
      }),
      snap([proc('arbitration', COMMISSION, 'concluded', 'awarded')], { agreement: { orgId: COMMISSION, status: 'defaulted' } }),
    ];
    for (const c of cases) {
      expect(referralTargets(worker, c)).toEqual([]);
      expect(denial(worker, c, 'refer')?.code).toBe('INVALID_TRANSITION');
    }
  });

  it('a worker who is not an applicant refers nothing', () => {
    const c = snap([proc('mediation', UNION, 'concluded', 'failed')]);
    expect(referralTargets(otherWorker, c)).toEqual([]);
    expect(denial(otherWorker, c, 'refer')?.code).toBe('FORBIDDEN');
  });

  it('staff of the last proceeding follow every route from where it ended', () => {
    const m = staff(UNION);
    expect(kindsOf(referralTargets(m, snap([proc('mediation', UNION, 'concluded', 'failed')])))).toEqual(['arbitration', 'mediation']);
    expect(kindsOf(referralTargets(m, snap([proc('mediation', UNION, 'declined')])))).toEqual(['arbitration', 'mediation']);
    expect(
      kindsOf(referralTargets(m, snap([proc('mediation', UNION, 'concluded', 'settled')], { agreement: { orgId: UNION, status: 'pending', effective: true } }))),
    ).toEqual(['confirmation']);
    expect(
      kindsOf(referralTargets(m, snap([proc('mediation', UNION, 'concluded', 'settled')], { agreement: { orgId: UNION, status: 'defaulted', effective: true } }))),
    ).toEqual(['arbitration', 'confirmation', 'litigation']);
    const arb = staff(COMMISSION, 'arbitrator');
    expect(kindsOf(referralTargets(arb, snap([proc('arbitration', COMMISSION, 'declined')])))).toEqual(['litigation']);
    expect(kindsOf(referralTargets(arb, snap([proc('arbitration', COMMISSION, 'concluded', 'withdrawn')])))).toEqual(['arbitration', 'mediation']);
    const court = staff(COURT, 'court_liaison');
    expect(kindsOf(referralTargets(court, snap([proc('litigation', COURT, 'declined')])))).toEqual(['litigation', 'mediation']);
  });

  it('needsDefault routes open only when the agreement is in default', () => {
    const court = staff(COURT, 'court_liaison');
    const confirmed = [proc('mediation', UNION, 'concluded', 'settled'), proc('confirmation', COURT, 'concluded', 'confirmed')];
    expect(referralTargets(court, snap(confirmed, { agreement: { orgId: UNION, status: 'pending' } }))).toEqual([]);
    expect(kindsOf(referralTargets(court, snap(confirmed, { agreement: { orgId: UNION, status: 'defaulted' } })))).toEqual(['litigation']);
    for (const r of REFERRAL_ROUTES.filter((route) => route.needsDefault)) {
      const c = snap([proc(r.from, UNION, r.after[0] === 'declined' ? 'declined' : 'concluded', r.after[0] === 'declined' ? null : r.after[0])]);
      expect(referralTargets(staff(UNION), c).some((t) => t === r), `${r.from}→${r.to} without an agreement`).toBe(false);
    }
  });

  it('staff of an earlier organisation, supervisors and administrators refer nothing', () => {
    const c = snap([proc('mediation', UNION, 'concluded', 'failed'), proc('arbitration', COMMISSION, 'declined')]);
    expect(referralTargets(staff(UNION), c)).toEqual([]);
    expect(referralTargets(supervisor, c)).toEqual([]);
    expect(referralTargets(admin, c)).toEqual([]);
  });

  it('nothing while a proceeding is open or once the case is closed', () => {
    expect(referralTargets(staff(COMMISSION, 'arbitrator'), atArbitration)).toEqual([]);
    const closed = snap([proc('mediation', UNION, 'concluded', 'failed')], { status: 'closed' });
    expect(referralTargets(staff(UNION), closed)).toEqual([]);
    expect(referralTargets(worker, closed)).toEqual([]);
  });
});

describe('closableOutcomes', () => {
  it('abandoned and transferred are always possible', () => {
    expect(closableOutcomes(snap([proc('mediation', UNION, 'concluded', 'failed')]))).toEqual(['abandoned', 'transferred']);
    expect(closableOutcomes(snap([proc('mediation', UNION, 'declined')]))).toEqual(['abandoned', 'transferred']);
  });

  it('performed only once the agreement is performed', () => {
    const settled = [proc('mediation', UNION, 'concluded', 'settled')];
    expect(closableOutcomes(snap(settled, { agreement: { orgId: UNION, status: 'pending' } }))).not.toContain('performed');
    expect(closableOutcomes(snap(settled, { agreement: { orgId: UNION, status: 'defaulted' } }))).not.toContain('performed');
    expect(closableOutcomes(snap(settled, { agreement: { orgId: UNION, status: 'performed' } }))).toEqual(['performed', 'abandoned', 'transferred']);
  });

  it('judged only after a judgement, withdrawn only after a withdrawal', () => {
    expect(closableOutcomes(snap([proc('litigation', COURT, 'concluded', 'judged')]))).toEqual(['judged', 'abandoned', 'transferred']);
    expect(closableOutcomes(snap([proc('mediation', UNION, 'concluded', 'withdrawn')]))).toEqual(['withdrawn', 'abandoned', 'transferred']);
    expect(closableOutcomes(snap([proc('mediation', UNION, 'concluded', 'failed')]))).not.toContain('withdrawn');
  });
});

describe('the tables themselves', () => {
  it('every action has a rule, and every rule an action', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ACTIONS].sort());
    for (const a of ACTIONS) {
      const rule = TRANSITIONS[a];
      expect(rule.who.length, a).toBeGreaterThan(0);
      expect(rule.summary.trim(), a).not.toBe('');
      if (rule.on === 'open_proceeding') expect(rule.from?.length, a).toBeGreaterThan(0);
    }
  });

  it('every outcome a rule leads to is one the proceeding kinds it applies to can reach (SPEC §3)', () => {
    for (const a of ACTIONS) {
      const outcome = TRANSITIONS[a].to?.outcome;
      if (!outcome) continue;
      for (const kind of TRANSITIONS[a].kinds ?? PROCEEDING_KINDS) {
        expect(KIND_OUTCOMES[kind], `${a} on ${kind}`).toContain(outcome);
      }
    }
  });

  it('the applicant capacity reaches withdraw, refer and sign, and nothing else', () => {
    const applicantActions = ACTIONS.filter((a) => TRANSITIONS[a].who.includes('applicant'));
    expect(applicantActions.sort()).toEqual(['refer', 'sign', 'withdraw']);
  });

  it('the respondent capacity reaches respond and sign, and nothing else', () => {
    expect(ACTIONS.filter((a) => TRANSITIONS[a].who.includes('respondent')).sort()).toEqual(['respond', 'sign']);
  });

  it('extend applies exactly to the kinds with an extension limit', () => {
    expect([...(TRANSITIONS.extend.kinds ?? [])].sort()).toEqual(Object.keys(EXTENSION_LIMITS).sort());
  });

  it('every referral route names a legal basis and follows a real ending into a kind some organisation handles', () => {
    for (const r of REFERRAL_ROUTES) {
      expect(r.basis.trim().length, `${r.from}→${r.to}`).toBeGreaterThan(5);
      expect(r.after.length).toBeGreaterThan(0);
      for (const ended of r.after) {
        if (ended !== 'declined') expect(KIND_OUTCOMES[r.from], `${r.from}→${r.to}`).toContain(ended);
      }
      expect(PROCEEDING_KINDS).toContain(r.to);
    }
  });

  it('workers may only refer to arbitration (SPEC §4)', () => {
    for (const r of REFERRAL_ROUTES.filter((route) => route.byWorker)) {
      expect(r.to).toBe('arbitration');
      expect(r.from).toBe('mediation');
    }
  });

  it('no two routes lead from the same ending to the same kind under the same condition', () => {
    const seen = new Set<string>();
    for (const r of REFERRAL_ROUTES) {
      for (const ended of r.after) {
        const key = `${r.from}/${ended}/${r.to}/${r.needsDefault ? 'default' : ''}`;
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }
  });
});

describe('properties over arbitrary cases', () => {
  const orgs = [UNION, COMMISSION, COURT, OTHER];
  const proceeding = fc
    .record({
      kind: fc.constantFrom(...PROCEEDING_KINDS),
      orgId: fc.constantFrom(...orgs),
      state: fc.constantFrom<ProceedingState>('received', 'accepted', 'concluded', 'declined'),
      outcome: fc.constantFrom<ProceedingOutcome>(...PROCEEDING_OUTCOMES),
      paused: fc.boolean(),
      extensionCount: fc.nat(3),
    })
    .map((p): ProceedingSnapshot => ({ ...p, outcome: p.state === 'concluded' ? p.outcome : null, paused: p.state === 'accepted' && p.paused }));
  const caseSnapshot = fc
    .record({
      status: fc.constantFrom<'open' | 'closed'>('open', 'closed'),
      // Only the newest proceeding may be open.
      earlier: fc.array(proceeding.filter((p) => p.state === 'concluded' || p.state === 'declined'), { maxLength: 3 }),
      last: proceeding,
      agreement: fc.option(fc.record({ orgId: fc.constantFrom(...orgs), status: fc.constantFrom<AgreementStatus>(...AGREEMENT_STATUSES) }), { nil: null }),
      applicant: fc.boolean(),
    })
    .map(({ status, earlier, last, agreement, applicant }) => snap([...earlier, last], { status, agreement, applicantUserIds: applicant ? [WORKER] : [] }));
  const caller = fc.oneof(
    fc.constant(worker),
    fc.constantFrom(...orgs).chain((o) => fc.constantFrom<Role>(...ROLES).map((role) => ({ userId: `u-${o}`, role, orgId: role === 'worker' ? null : o }))),
    fc.constant(supervisor),
    fc.constant(admin),
  );

  it('supervisors and administrators never act; workers only ever withdraw or refer', () => {
    fc.assert(
      fc.property(caseSnapshot, caller, (c, who) => {
        const allowed = allowedActions(who, c);
        if (who.role === 'supervisor' || who.role === 'admin') return allowed.length === 0;
        if (who.role === 'worker') return allowed.every((a) => a === 'withdraw' || a === 'refer');
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('allowedActions is exactly the actions with no denial, and a denied caller with no capacity is FORBIDDEN', () => {
    fc.assert(
      fc.property(caseSnapshot, caller, fc.constantFrom<ActionName>(...ACTIONS), (c, who, action) => {
        const d = denial(who, c, action);
        if (capacities(who, c).size === 0 && d?.code !== 'FORBIDDEN') return false;
        return allowedActions(who, c).includes(action) === (d === null);
      }),
      { numRuns: 2000 },
    );
  });

  it('refer is allowed exactly when there is somewhere to refer to', () => {
    fc.assert(
      fc.property(caseSnapshot, caller, (c, who) => (denial(who, c, 'refer') === null) === referralTargets(who, c).length > 0),
      { numRuns: 2000 },
    );
  });
});

// Named in issue 24 (mutation testing): what the table must keep allowing, and who may act at all.
describe('what the tests did not pin before mutation testing', () => {
  it('an accepted litigation is judged, settled or withdrawn by the court, and not awarded or failed', () => {
    const c = snap([proc('arbitration', COMMISSION, 'concluded', 'awarded'), proc('litigation', COURT, 'accepted')]);
    const court = staff(COURT, 'court_liaison');
    for (const a of ['judge', 'settle', 'withdraw'] as const) expect(denial(court, c, a), a).toBeNull();
    for (const a of ['award', 'fail', 'confirm', 'refuse'] as const) expect(denial(court, c, a)?.code, a).toBe('INVALID_TRANSITION');
  });

  it('a running confirmation is confirmed or refused; a paused one is neither until it resumes', () => {
    const running = snap([proc('mediation', UNION, 'concluded', 'settled'), proc('confirmation', COURT, 'accepted')]);
    const court = staff(COURT, 'court_liaison');
    expect(denial(court, running, 'confirm')).toBeNull();
    expect(denial(court, running, 'refuse')).toBeNull();
    const paused = snap([proc('mediation', UNION, 'concluded', 'settled'), proc('confirmation', COURT, 'accepted', null, { paused: true })]);
    expect(denial(court, paused, 'confirm')?.code).toBe('INVALID_TRANSITION');
    expect(denial(court, paused, 'refuse')?.code).toBe('INVALID_TRANSITION');
  });

  it('a case with nowhere to refer can still be closed by the last proceeding\'s staff', () => {
    // A confirmed agreement not in default leads nowhere (a lawsuit needs a default), yet the case
    // must be closable: abandoned or transferred are always possible.
    const c = snap([proc('mediation', UNION, 'concluded', 'settled'), proc('confirmation', COURT, 'concluded', 'confirmed')], { agreement: { orgId: UNION, status: 'pending' } });
    const court = staff(COURT, 'court_liaison');
    expect(referralTargets(court, c)).toEqual([]);
    expect(denial(court, c, 'refer')?.code).toBe('INVALID_TRANSITION');
    expect(denial(court, c, 'close')).toBeNull();
    expect(closableOutcomes(c)).toEqual(expect.arrayContaining(['abandoned', 'transferred']));
  });

  it('mayActOnCase: the applicant and staff of a handling organisation may; nobody else, whatever their role', () => {
    expect(mayActOnCase(worker, atArbitration)).toBe(true);
    expect(mayActOnCase(staff(UNION), atArbitration)).toBe(true);
    expect(mayActOnCase(staff(COMMISSION, 'arbitrator'), atArbitration)).toBe(true);
    expect(mayActOnCase(otherWorker, atArbitration)).toBe(false);
    expect(mayActOnCase(staff(OTHER), atArbitration)).toBe(false);
    expect(mayActOnCase(supervisor, atArbitration)).toBe(false);
    expect(mayActOnCase(admin, atArbitration)).toBe(false);
    expect(mayActOnCase({ userId: 'x', role: 'mediator', orgId: null }, atArbitration)).toBe(false);
  });

  it('not_duplicate only while a possible duplicate waits, and only for handling staff', () => {
    const received = snap([proc('mediation', UNION, 'received')]);
    expect(denial(staff(UNION), received, 'not_duplicate')?.code).toBe('INVALID_TRANSITION');
    const flagged = { ...received, possibleDuplicates: 1 };
    expect(denial(staff(UNION), flagged, 'not_duplicate')).toBeNull();
    expect(denial(worker, flagged, 'not_duplicate')?.code).toBe('INVALID_TRANSITION');
    expect(denial(staff(UNION), { ...flagged, status: 'closed' }, 'not_duplicate')).toBeNull();
  });
});

describe('the law each referral rests on', () => {
  // The table a centre's lawyer checks: each route between proceedings, and the articles it
  // cites, as the pages and the documents print them. A route or an article changed in
  // src/domain/transitions.ts changes a line here.
  const expected: [route: string, basis: string][] = [
    ['mediation failed → arbitration (worker)', '《劳动争议调解仲裁法》第五条、第十四条（调解不成或者自调解组织收到申请之日起十五日内未达成调解协议的，可以申请仲裁）'],
    ['mediation withdrawn/declined → arbitration', '《劳动争议调解仲裁法》第五条、第十四条'],
    ['mediation failed/withdrawn/declined → mediation', '《劳动争议调解仲裁法》第十条（当事人可以到其他调解组织申请调解）'],
    ['mediation settled → confirmation', '《人民调解法》第三十三条；《民事诉讼法》第二百零五条（双方自调解协议生效之日起三十日内共同申请）'],
    ['mediation settled → arbitration (default) (worker)', '《劳动争议调解仲裁法》第十五条（一方在协议约定期限内不履行调解协议的，另一方可以申请仲裁）'],
    ['mediation settled → litigation (default)', '《劳动争议调解仲裁法》第十六条（用人单位不履行拖欠劳动报酬等调解协议的，劳动者可以申请支付令）'],
    ['confirmation refused/withdrawn/declined → mediation', '《人民调解法》第三十三条第三款；《民事诉讼法》第二百零六条（通过调解变更原调解协议或者达成新的调解协议）'],
    ['confirmation refused/withdrawn/declined → arbitration', '《人民调解法》第三十三条第三款；《劳动争议调解仲裁法》第五条'],
    ['confirmation confirmed → litigation (default)', '《人民调解法》第三十三条第二款；《民事诉讼法》第二百零六条、第二百四十七条（申请强制执行经确认有效的调解协议）'],
    ['arbitration declined → litigation', '《劳动争议调解仲裁法》第二十九条（仲裁委员会不予受理的，可以向人民法院提起诉讼）'],
    ['arbitration awarded → litigation', '《劳动争议调解仲裁法》第四十八条至第五十一条（起诉、申请撤销终局裁决或者申请执行）'],
    ['arbitration settled → litigation (default)', '《劳动争议调解仲裁法》第四十二条、第五十一条（一方不履行仲裁调解书的，另一方可以申请执行）'],
    ['arbitration withdrawn → arbitration', '《劳动人事争议仲裁办案规则》第三十五条（撤回仲裁申请后，可以再次申请仲裁）'],
    ['arbitration withdrawn → mediation', '《劳动争议调解仲裁法》第五条、第十条'],
    ['litigation judged/settled/withdrawn/declined → litigation', '《民事诉讼法》第一百七十一条、第二百四十七条（上诉或者申请执行）'],
    ['litigation withdrawn/declined → mediation', '《民事诉讼法》第一百二十五条（起诉到人民法院的纠纷适宜调解的，先行调解）'],
  ];

  it('each route, in order, cites these articles', () => {
    const label = (r: (typeof REFERRAL_ROUTES)[number]) => `${r.from} ${r.after.join('/')} → ${r.to}${r.needsDefault ? ' (default)' : ''}${r.byWorker ? ' (worker)' : ''}`;
    expect(REFERRAL_ROUTES.map((r) => [label(r), basisZh(r.legalBasis)])).toEqual(expected);
  });
});

describe("both parties online: the employer's representative, signatures (SPEC §10)", () => {
  const REP = 'user-rep';
  const rep: Caller = { userId: REP, role: 'employer', orgId: null };
  const otherRep: Caller = { userId: 'user-other-rep', role: 'employer', orgId: null };
  const atMediation = snap([proc('mediation', UNION, 'accepted')], { respondentUserIds: [REP] });
  const settledUnsigned = snap([proc('mediation', UNION, 'concluded', 'settled')], {
    respondentUserIds: [REP],
    agreement: { orgId: UNION, status: 'pending', effective: false, signable: true },
  });
  const settledSigned = { ...settledUnsigned, agreement: { orgId: UNION, status: 'pending' as const, effective: true, signable: false } };

  it('a representative who joined acts as the respondent, and only that; one who did not has no capacity', () => {
    expect([...capacities(rep, atMediation)]).toEqual(['respondent']);
    expect(capacities(otherRep, atMediation).size).toBe(0);
    expect(mayActOnCase(otherRep, atMediation)).toBe(false);
    // An employer is never an applicant, even with the applicant's user id.
    expect(capacities({ userId: WORKER, role: 'employer', orgId: null }, atMediation).size).toBe(0);
  });

  it('the representative may respond while the case is open, and nothing staff do', () => {
    expect(allowedActions(rep, atMediation)).toEqual(['respond']);
    expect(allowedActions(rep, { ...atMediation, status: 'closed' })).toEqual([]);
    expect(allowedActions(worker, atMediation)).not.toContain('respond');
  });

  it('staff of the open or the last proceeding invite the employer; any handling staff add a representative', () => {
    expect(allowedActions(staff(UNION), atMediation)).toEqual(expect.arrayContaining(['invite_respondent', 'add_representative', 'serve']));
    const moved = snap([proc('mediation', UNION, 'concluded', 'failed'), proc('arbitration', COMMISSION, 'accepted')]);
    expect(allowedActions(staff(UNION), moved)).toEqual(expect.arrayContaining(['add_representative']));
    expect(allowedActions(staff(UNION), moved)).not.toContain('invite_respondent');
    expect(allowedActions(staff(UNION), moved)).not.toContain('serve');
    expect(allowedActions(worker, atMediation)).not.toContain('invite_respondent');
  });

  it('a settlement waiting for signatures may be signed by the parties and the staff who recorded it, never once all have signed', () => {
    for (const who of [worker, rep, staff(UNION)]) expect(denial(who, settledUnsigned, 'sign')).toBeNull();
    expect(denial(staff(COURT, 'court_liaison'), settledUnsigned, 'sign')).toMatchObject({ code: 'FORBIDDEN' });
    for (const who of [worker, rep, staff(UNION)]) expect(denial(who, settledSigned, 'sign')).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(denial(worker, snap([proc('mediation', UNION, 'accepted')]), 'sign')).toMatchObject({ code: 'INVALID_TRANSITION', message: 'sign needs an agreement' });
  });

  it('only an effective agreement may be referred for judicial confirmation (人民调解法 art. 29)', () => {
    expect(kindsOf(referralTargets(staff(UNION), settledUnsigned))).not.toContain('confirmation');
    expect(kindsOf(referralTargets(staff(UNION), settledSigned))).toContain('confirmation');
    const route = REFERRAL_ROUTES.find((r) => r.from === 'mediation' && r.to === 'confirmation')!;
    expect(route.needsEffective).toBe(true);
    expect(REFERRAL_ROUTES.filter((r) => r.needsEffective)).toEqual([route]);
  });
});

describe('a party signs once (SPEC §10)', () => {
  const REP = 'user-rep';
  const rep: Caller = { userId: REP, role: 'employer', orgId: null };
  const settled = (awaiting: { applicantUserIds: string[]; respondent: boolean }) =>
    snap([proc('mediation', UNION, 'concluded', 'settled')], { respondentUserIds: [REP], agreement: { orgId: UNION, status: 'pending', effective: false, signable: true, awaiting } });

  it('the worker who signed no longer may; the employer still may, and staff may record either', () => {
    const c = settled({ applicantUserIds: [], respondent: true });
    expect(denial(worker, c, 'sign')).toMatchObject({ code: 'INVALID_TRANSITION', message: 'you have already signed the agreement' });
    expect(denial(rep, c, 'sign')).toBeNull();
    expect(denial(staff(UNION), c, 'sign')).toBeNull();
  });

  it('the employer who signed no longer may; the worker still may', () => {
    const c = settled({ applicantUserIds: [WORKER], respondent: false });
    expect(denial(rep, c, 'sign')).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(denial(worker, c, 'sign')).toBeNull();
  });
});

describe('what a refused caller is told (the message of the 403 or 409 the API answers)', () => {
  const arb = staff(COMMISSION, 'arbitrator');
  const m = staff(UNION);
  const told = (caller: Caller, c: CaseSnapshot, action: ActionName) => denial(caller, c, action);

  it('no capacity, a role that does not allow it, a closed case', () => {
    expect(told(staff(OTHER), atArbitration, 'note')).toEqual({ code: 'FORBIDDEN', message: 'you may not act on this case' });
    expect(told(worker, atArbitration, 'accept')).toEqual({ code: 'INVALID_TRANSITION', message: 'your role on this case does not allow accept' });
    const closed = snap([proc('mediation', UNION, 'concluded', 'withdrawn')], { status: 'closed' });
    expect(told(m, closed, 'close')).toEqual({ code: 'INVALID_TRANSITION', message: 'close is not possible on a closed case' });
  });

  it('the open proceeding: none, its state, its kind, paused or not, extended too often', () => {
    const ended = snap([proc('mediation', UNION, 'concluded', 'failed')]);
    expect(told(m, ended, 'note')).toBeNull();
    expect(told(staff(UNION), snap([proc('mediation', UNION, 'concluded', 'failed'), proc('mediation', UNION, 'received')]), 'schedule')).toEqual({
      code: 'INVALID_TRANSITION',
      message: 'schedule is not possible on a received proceeding',
    });
    expect(told(arb, atArbitration, 'fail')).toEqual({ code: 'INVALID_TRANSITION', message: 'fail is not possible on a arbitration proceeding' });
    expect(told(arb, atArbitration, 'resume')).toEqual({ code: 'INVALID_TRANSITION', message: 'the proceeding is not paused' });
    const paused = snap([proc('mediation', UNION, 'accepted', null, { paused: true })]);
    expect(told(m, paused, 'schedule')).toEqual({ code: 'INVALID_TRANSITION', message: 'the proceeding is paused' });
    const once = snap([proc('arbitration', COMMISSION, 'accepted', null, { extensionCount: 1 })]);
    expect(told(arb, once, 'extend')).toEqual({
      code: 'INVALID_TRANSITION',
      message: `a arbitration proceeding may be extended only 1 time(s) (${EXTENSION_LIMITS.arbitration!.basis})`,
    });
    // With no open proceeding, the applicant's withdrawal has nothing to withdraw.
    const withdrawn = snap([proc('arbitration', COMMISSION, 'concluded', 'withdrawn')]);
    expect(told(worker, withdrawn, 'withdraw')).toEqual({ code: 'INVALID_TRANSITION', message: 'withdraw needs an open proceeding' });
  });

  it('referring and closing: only once the proceeding ended, only somewhere the law allows, only with an outcome the case can have', () => {
    expect(told(arb, atArbitration, 'refer')).toEqual({ code: 'INVALID_TRANSITION', message: 'refer needs the open proceeding to end first' });
    expect(told(arb, atArbitration, 'close')).toEqual({ code: 'INVALID_TRANSITION', message: 'close needs the open proceeding to end first' });
    // A settled mediation whose agreement is neither signed by every party nor in default: nowhere to refer yet, but closable.
    const unsigned = snap([proc('mediation', UNION, 'concluded', 'settled')], { agreement: { orgId: UNION, status: 'pending', effective: false } });
    expect(told(m, unsigned, 'refer')).toEqual({ code: 'INVALID_TRANSITION', message: 'there is nowhere you may refer this case now' });
    expect(told(m, unsigned, 'close')).toBeNull();
  });

  it('the agreement: none, its status, no signature awaited, one already given', () => {
    const none = snap([proc('mediation', UNION, 'concluded', 'settled')]);
    expect(told(worker, none, 'sign')).toEqual({ code: 'INVALID_TRANSITION', message: 'sign needs an agreement' });
    const pending = snap([proc('mediation', UNION, 'concluded', 'settled')], { agreement: { orgId: UNION, status: 'performed' } });
    expect(told(m, pending, 'record_default')).toEqual({ code: 'INVALID_TRANSITION', message: 'record_default is not possible on a performed agreement' });
    const signed = snap([proc('mediation', UNION, 'concluded', 'settled')], { agreement: { orgId: UNION, status: 'pending', signable: false } });
    expect(told(m, signed, 'sign')).toEqual({ code: 'INVALID_TRANSITION', message: 'the agreement waits for no signature' });
    const waiting = snap([proc('mediation', UNION, 'concluded', 'settled')], {
      agreement: { orgId: UNION, status: 'pending', signable: true, awaiting: { applicantUserIds: [], respondent: true } },
    });
    expect(told(worker, waiting, 'sign')).toEqual({ code: 'INVALID_TRANSITION', message: 'you have already signed the agreement' });
  });

  it('a duplicate to dismiss', () => {
    expect(told(arb, atArbitration, 'not_duplicate')).toEqual({ code: 'INVALID_TRANSITION', message: 'the case has no possible duplicate to dismiss' });
  });
});

describe('more of what mutation testing found unpinned (issue 24)', () => {
  it('a closed case takes no payment, default or signature on its agreement, and its applicant is told the case is closed', () => {
    const closed = snap([proc('mediation', UNION, 'concluded', 'settled')], {
      status: 'closed',
      agreement: { orgId: UNION, status: 'pending', signable: true, awaiting: { applicantUserIds: [WORKER], respondent: true } },
    });
    expect(allowedActions(staff(UNION), closed)).toEqual(['note']);
    for (const action of ['record_payment', 'record_default', 'sign'] as const) {
      expect(denial(staff(UNION), closed, action), action).toEqual({ code: 'INVALID_TRANSITION', message: `${action} is not possible on a closed case` });
    }
    expect(denial(worker, closed, 'sign')).toEqual({ code: 'INVALID_TRANSITION', message: 'sign is not possible on a closed case' });
    expect(denial(worker, closed, 'withdraw')).toEqual({ code: 'INVALID_TRANSITION', message: 'withdraw is not possible on a closed case' });
    // The last proceeding's staff are told the case is closed, not that there is nowhere to refer it.
    expect(denial(staff(UNION), closed, 'refer')).toEqual({ code: 'INVALID_TRANSITION', message: 'refer is not possible on a closed case' });
  });

  it('the actions that conclude a proceeding, and may say who prevailed (SPEC §12), each leading to its outcome', () => {
    expect(CONCLUDING_ACTIONS).toEqual(['settle', 'fail', 'award', 'judge', 'confirm', 'refuse', 'withdraw']);
    expect(CONCLUDING_ACTIONS.map((a) => [a, TRANSITIONS[a].to])).toEqual([
      ['settle', { state: 'concluded', outcome: 'settled' }],
      ['fail', { state: 'concluded', outcome: 'failed' }],
      ['award', { state: 'concluded', outcome: 'awarded' }],
      ['judge', { state: 'concluded', outcome: 'judged' }],
      ['confirm', { state: 'concluded', outcome: 'confirmed' }],
      ['refuse', { state: 'concluded', outcome: 'refused' }],
      ['withdraw', { state: 'concluded', outcome: 'withdrawn' }],
    ]);
  });

  it('a case with no proceeding yet: its handling staff may note it and close it, and nobody may refer it', () => {
    const none = snap([], { handlingOrgIds: [UNION] });
    expect([...capacities(staff(UNION), none)]).toEqual(['handling_staff']);
    expect(referralTargets(staff(UNION), none)).toEqual([]);
    expect(referralTargets(worker, none)).toEqual([]);
    expect(closableOutcomes(none)).toEqual(['abandoned', 'transferred']);
    expect(allowedActions(staff(UNION), none)).toEqual(['note', 'add_representative']);
  });

  it('the staff of a proceeding that ended may still invite the employer’s representative', () => {
    const ended = snap([proc('mediation', UNION, 'concluded', 'failed')]);
    expect(denial(staff(UNION), ended, 'invite_respondent')).toBeNull();
    expect(denial(staff(UNION), snap([proc('mediation', UNION, 'accepted')]), 'invite_respondent')).toBeNull();
  });
});
