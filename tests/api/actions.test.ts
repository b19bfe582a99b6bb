/**
 * POST /cases/:id/actions, one action at a time (SPEC §4), through HTTP: who may take each
 * action, from which state, what it writes, and that every refusal has the SPEC §7 shape and
 * writes nothing.
 */
import { asc, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agreements,
  applicants,
  caseOrgs,
  cases,
  claims,
  clocks,
  events,
  hearings,
  instalments,
  payments,
  proceedings,
  reminders,
} from '../../src/db/schema/index.js';
import { EXTENSION_LIMITS } from '../../src/domain/clockRules.js';
import { ACTIONS, type ActionName } from '../../src/domain/transitions.js';
import { act, caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */
type Detail = any;
type Ev = { seq: number; action: string; actorUserId: string | null; actorOrgId: string | null; proceedingId: string | null; internal: boolean; data: any; occurredAt: string; recordedAt: string };
type Org = { id: string; intakeCode: string; regionCode: string };

let t: TestContext;
let union: Org; // where every case starts (mediation)
let township: Org; // a second mediation organisation
let commission: Org; // arbitration
let court: Org; // confirmation, litigation
let procuratorate: Org; // handles no proceeding
let bystanderOrg: Org; // a mediation organisation in the same region that never handles these cases
let mediator: TestUser;
let townMediator: TestUser;
let arbitrator: TestUser;
let arbitrator2: TestUser;
let liaison: TestUser;
let outsider: TestUser;
let supervisor: TestUser; // region 4510: sees every case here
let farSupervisor: TestUser; // region 4403: sees none of them
let worker: TestUser & { phone: string; idNumber: string }; // the applicant of every case
let otherWorker: TestUser;

beforeAll(async () => {
  t = await testApp();
  union = await t.org('union');
  township = await t.org('township_center');
  commission = await t.org('arbitration_commission', { regionCode: '451000' });
  court = await t.org('court');
  procuratorate = await t.org('procuratorate');
  bystanderOrg = await t.org('people_mediation');
  mediator = await t.staff('mediator', union.id);
  townMediator = await t.staff('mediator', township.id);
  arbitrator = await t.staff('arbitrator', commission.id);
  arbitrator2 = await t.staff('arbitrator', commission.id);
  liaison = await t.staff('court_liaison', court.id);
  outsider = await t.staff('mediator', bystanderOrg.id);
  supervisor = await t.supervisor('4510');
  farSupervisor = await t.supervisor('4403');
  worker = await t.worker();
  otherWorker = await t.worker();
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// Helpers

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const AGREEMENT = { amountFen: 600_000, terms: '分两期支付拖欠工资', instalments: [{ dueOn: '2099-01-10', amountFen: 300_000 }, { dueOn: '2099-02-10', amountFen: 300_000 }] };

function post(user: TestUser, caseId: string, body: Record<string, unknown>) {
  return t.call('POST', `/cases/${caseId}/actions`, { token: user.token, body });
}

async function detailOf(user: TestUser, caseId: string): Promise<Detail> {
  const res = await t.call('GET', `/cases/${caseId}`, { token: user.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function timelineOf(user: TestUser, caseId: string): Promise<Ev[]> {
  const res = await t.call('GET', `/cases/${caseId}/events`, { token: user.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

/** SPEC §7: `{ error: { code, message, details? }, requestId }` with the right status. */
function expectError(res: LightMyRequestResponse, status: number, code: string, label = '') {
  expect(res.statusCode, `${label} ${res.body}`).toBe(status);
  const body = res.json();
  expect(Object.keys(body).sort()).toEqual(['error', 'requestId']);
  expect(typeof body.requestId).toBe('string');
  expect(body.requestId.length).toBeGreaterThan(0);
  expect(body.error.code, label).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  for (const k of Object.keys(body.error)) expect(['code', 'message', 'details']).toContain(k);
  if (code === 'VALIDATION_FAILED') {
    expect(Array.isArray(body.error.details)).toBe(true);
    expect(body.error.details.length).toBeGreaterThan(0);
    for (const d of body.error.details) expect(d).toEqual({ field: expect.any(String), message: expect.any(String) });
  }
  return body.error as { code: string; message: string; details?: any };
}

/**
 * Everything a rejected action could have touched: the case as a supervisor sees it, its
 * timeline, its rows, and the row count of every table an action writes to.
 */
async function observe(caseId: string) {
  const db = t.handle.db;
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  return {
    version: row.version,
    eventCount: await db.$count(events, eq(events.caseId, caseId)),
    detail: await detailOf(supervisor, caseId),
    timeline: await timelineOf(supervisor, caseId),
    rows: {
      case: row,
      proceedings: await db.select().from(proceedings).where(eq(proceedings.caseId, caseId)).orderBy(asc(proceedings.seq)),
      agreements: await db.select().from(agreements).where(eq(agreements.caseId, caseId)).orderBy(asc(agreements.id)),
      events: await db.select().from(events).where(eq(events.caseId, caseId)).orderBy(asc(events.seq)),
      orgs: await db.select().from(caseOrgs).where(eq(caseOrgs.caseId, caseId)).orderBy(asc(caseOrgs.orgId)),
      clocks: await db.select().from(clocks).where(eq(clocks.caseId, caseId)).orderBy(asc(clocks.id)),
    },
    counts: {
      cases: await db.$count(cases),
      proceedings: await db.$count(proceedings),
      events: await db.$count(events),
      agreements: await db.$count(agreements),
      instalments: await db.$count(instalments),
      payments: await db.$count(payments),
      hearings: await db.$count(hearings),
      caseOrgs: await db.$count(caseOrgs),
      applicants: await db.$count(applicants),
      claims: await db.$count(claims),
      clocks: await db.$count(clocks),
      reminders: await db.$count(reminders),
    },
  };
}

/** Posts a body that must be refused with `status`/`code`, and proves nothing changed. */
async function expectRefused(user: TestUser, caseId: string, body: Record<string, unknown>, status: number, code: string, label = '') {
  const before = await observe(caseId);
  const res = await post(user, caseId, { version: before.version, ...body });
  const error = expectError(res, status, code, label);
  expect(await observe(caseId)).toEqual(before);
  return error;
}

// ---------------------------------------------------------------------------------------------
// Cases in known states. Every case is filed online by `worker` at the union, so the applicant
// can act on it, and every later organisation has the union as an earlier handler.

async function fileOnline(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.call('POST', '/cases', {
    token: worker.token,
    body: caseBody(union.id, {
      applicants: [{ name: '张三', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 1_500_000 }] }],
      ...extra,
    }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function andThen(id: string, user: TestUser, action: string, data: Record<string, unknown> = {}) {
  await act(t, user.token, id, action, data);
  return id;
}

const S = {
  mediationReceived: () => fileOnline(),
  mediationAccepted: async () => andThen(await S.mediationReceived(), mediator, 'accept'),
  mediationFailed: async () => andThen(await S.mediationAccepted(), mediator, 'fail', { reason: '用人单位拒绝调解' }),
  mediationSettled: async () => andThen(await S.mediationAccepted(), mediator, 'settle', { agreement: AGREEMENT }),
  mediationWithdrawn: async () => andThen(await S.mediationAccepted(), worker, 'withdraw', { reason: '不再申请' }),
  secondMediationReceived: async () => andThen(await S.mediationFailed(), mediator, 'refer', { toOrgId: township.id, kind: 'mediation', reason: '换一家调解' }),
  secondMediationAccepted: async () => andThen(await S.secondMediationReceived(), townMediator, 'accept'),
  arbitrationReceived: async () => andThen(await S.mediationFailed(), mediator, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '调解不成' }),
  arbitrationAccepted: async () => andThen(await S.arbitrationReceived(), arbitrator, 'accept'),
  arbitrationPaused: async () => andThen(await S.arbitrationAccepted(), arbitrator, 'pause', { reason: '等待工伤认定' }),
  arbitrationDeclined: async () => andThen(await S.arbitrationReceived(), arbitrator, 'decline', { reason: '超过仲裁时效' }),
  arbitrationWithdrawn: async () => andThen(await S.arbitrationAccepted(), arbitrator, 'withdraw', { reason: '申请人撤回' }),
  confirmationReceived: async () => andThen(await S.mediationSettled(), mediator, 'refer', { toOrgId: court.id, kind: 'confirmation', reason: '申请司法确认' }),
  confirmationAccepted: async () => andThen(await S.confirmationReceived(), liaison, 'accept'),
  confirmationConfirmed: async () => andThen(await S.confirmationAccepted(), liaison, 'confirm'),
  agreementPerformed: async () => andThen(await S.confirmationConfirmed(), mediator, 'record_payment', { amountFen: AGREEMENT.amountFen, paidAt: hourAgo() }),
  agreementDefaulted: async () => andThen(await S.confirmationConfirmed(), mediator, 'record_default', { reason: '第一期逾期未付' }),
  litigationReceived: async () => andThen(await S.arbitrationDeclined(), arbitrator, 'refer', { toOrgId: court.id, kind: 'litigation', reason: '不予受理后起诉' }),
  litigationAccepted: async () => andThen(await S.litigationReceived(), liaison, 'accept'),
  closed: async () => andThen(await S.mediationWithdrawn(), mediator, 'close', { outcome: 'withdrawn' }),
};

// ---------------------------------------------------------------------------------------------
// The table: for each action, a case and a caller that may take it, what it must change, and
// the callers and states that may not.

interface WrongCaller {
  name: string;
  who: () => TestUser;
  /** A case other than the action's ready case, when the caller needs a different history. */
  setup?: () => Promise<string>;
}
interface WrongState {
  name: string;
  setup: () => Promise<string>;
  /** The caller, when not the action's actor. */
  by?: () => TestUser;
}
interface ActionSpec {
  action: ActionName;
  actorName: string;
  actor: () => TestUser;
  ready: () => Promise<string>;
  data: () => Record<string, unknown>;
  effect: (before: Detail, after: Detail, ev: Ev) => void;
  /** Callers who see the case and hold some capacity on it, but not the one this action needs: 409. */
  wrongRole: WrongCaller[];
  /** States the action is not possible from: 409. */
  wrongState: WrongState[];
}

const last = (d: Detail) => d.proceedings[d.proceedings.length - 1];
const asWorker = { name: 'the applicant worker (staff-only action)', who: () => worker };
const asUnion = { name: 'staff of the union, which handled the case earlier', who: () => mediator };

const SPECS: ActionSpec[] = [
  {
    action: 'accept',
    actorName: 'the arbitrator of the receiving commission',
    actor: () => arbitrator,
    ready: S.arbitrationReceived,
    data: () => ({}),
    effect(before, after, ev) {
      expect(last(before)).toMatchObject({ kind: 'arbitration', state: 'received', acceptedAt: null });
      expect(last(after)).toMatchObject({ kind: 'arbitration', orgId: commission.id, state: 'accepted', outcome: null });
      expect(Date.parse(last(after).acceptedAt)).toBe(Date.parse(ev.occurredAt));
      expect(ev.proceedingId).toBe(last(after).id);
      expect(ev.data).toEqual({ kind: 'arbitration', orgId: commission.id });
    },
    wrongRole: [
      asUnion,
      asWorker,
      {
        name: 'the court that delegated a mediation (handling staff, not the mediation organisation)',
        who: () => liaison,
        setup: async () => {
          const res = await t.call('POST', '/cases', { token: liaison.token, body: caseBody(township.id) });
          expect(res.statusCode, res.body).toBe(201);
          return res.json().id;
        },
      },
    ],
    wrongState: [
      { name: 'the proceeding is already accepted', setup: S.arbitrationAccepted },
      { name: 'the proceeding was declined', setup: S.arbitrationDeclined },
    ],
  },
  {
    action: 'decline',
    actorName: 'the arbitrator of the receiving commission',
    actor: () => arbitrator,
    ready: S.arbitrationReceived,
    data: () => ({ reason: '超过仲裁时效' }),
    effect(_before, after, ev) {
      expect(last(after)).toMatchObject({ state: 'declined', outcome: null, reason: '超过仲裁时效' });
      expect(Date.parse(last(after).concludedAt)).toBe(Date.parse(ev.occurredAt));
      expect(after.nextSteps.map((s: { kind: string }) => s.kind)).toContain('litigation');
      expect(ev.data).toEqual({ reason: '超过仲裁时效' });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [{ name: 'the proceeding is already accepted', setup: S.arbitrationAccepted }],
  },
  {
    action: 'schedule',
    actorName: 'the arbitrator',
    actor: () => arbitrator,
    ready: S.arbitrationAccepted,
    data: () => ({ at: '2099-03-01T09:30:00+08:00', place: '第一仲裁庭' }),
    effect(before, after, ev) {
      expect(last(before).hearings).toEqual([]);
      expect(last(after).hearings).toEqual([{ at: '2099-03-01T01:30:00.000Z', place: '第一仲裁庭' }]);
      expect(last(after).state).toBe('accepted');
      expect(ev.data).toEqual({ at: '2099-03-01T01:30:00.000Z', place: '第一仲裁庭' });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the proceeding is only received', setup: S.arbitrationReceived },
      { name: 'the proceeding is paused', setup: S.arbitrationPaused },
    ],
  },
  {
    action: 'extend',
    actorName: 'the arbitrator',
    actor: () => arbitrator,
    ready: S.arbitrationAccepted,
    data: () => ({ days: 10, reason: '案情复杂，经主任批准' }),
    effect(before, after, ev) {
      // Arbitration may be extended once: the second time is no longer offered.
      expect(before.allowedActions).toContain('extend');
      expect(after.allowedActions).not.toContain('extend');
      expect(after.allowedActions).toContain('award');
      expect(ev.data).toMatchObject({ days: 10, reason: '案情复杂，经主任批准' });
      expect(ev.data.basis).toBe(EXTENSION_LIMITS.arbitration!.basis);
      expect(ev.data.basis).toContain('《劳动争议调解仲裁法》第四十三条');
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the proceeding is only received', setup: S.arbitrationReceived },
      { name: 'the proceeding is paused', setup: S.arbitrationPaused },
      { name: 'a confirmation has no extensible period', setup: S.confirmationAccepted, by: () => liaison },
    ],
  },
  {
    action: 'pause',
    actorName: 'the arbitrator',
    actor: () => arbitrator,
    ready: S.arbitrationAccepted,
    data: () => ({ reason: '等待工伤认定结论' }),
    effect(before, after, ev) {
      expect(last(before).paused).toBe(false);
      expect(last(after)).toMatchObject({ paused: true, state: 'accepted' });
      expect(after.allowedActions).toContain('resume');
      expect(after.allowedActions).not.toContain('pause');
      expect(after.allowedActions).not.toContain('award');
      expect(ev.data).toEqual({ reason: '等待工伤认定结论' });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the proceeding is only received', setup: S.arbitrationReceived },
      { name: 'the proceeding is already paused', setup: S.arbitrationPaused },
    ],
  },
  {
    action: 'resume',
    actorName: 'the arbitrator',
    actor: () => arbitrator,
    ready: S.arbitrationPaused,
    data: () => ({}),
    effect(before, after, ev) {
      expect(last(before).paused).toBe(true);
      expect(last(after)).toMatchObject({ paused: false, state: 'accepted' });
      expect(after.allowedActions).toContain('pause');
      expect(after.allowedActions).not.toContain('resume');
      expect(ev.data).toEqual({});
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the proceeding is not paused', setup: S.arbitrationAccepted },
      { name: 'the proceeding is only received', setup: S.arbitrationReceived },
    ],
  },
  {
    action: 'settle',
    actorName: 'the arbitrator',
    actor: () => arbitrator,
    ready: S.arbitrationAccepted,
    data: () => ({ agreement: { amountFen: 1_000_000, terms: '仲裁调解书', instalments: [{ dueOn: '2099-05-01', amountFen: 400_000 }, { dueOn: '2099-06-01', amountFen: 600_000 }] } }),
    effect(before, after, ev) {
      expect(before.agreement).toBeNull();
      expect(last(after)).toMatchObject({ state: 'concluded', outcome: 'settled' });
      expect(after.agreement).toMatchObject({
        proceedingId: last(after).id,
        orgId: commission.id,
        amountFen: 1_000_000,
        terms: '仲裁调解书',
        instalments: [{ dueOn: '2099-05-01', amountFen: 400_000 }, { dueOn: '2099-06-01', amountFen: 600_000 }],
        paidFen: 0,
        status: 'pending',
      });
      expect(ev.data).toMatchObject({ agreementId: after.agreement.id, agreement: { amountFen: 1_000_000, terms: '仲裁调解书' } });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the proceeding is only received', setup: S.arbitrationReceived },
      { name: 'the proceeding is paused', setup: S.arbitrationPaused },
      { name: 'a confirmation cannot be settled', setup: S.confirmationAccepted, by: () => liaison },
    ],
  },
  {
    action: 'fail',
    actorName: 'the mediator of the second mediation organisation',
    actor: () => townMediator,
    ready: S.secondMediationAccepted,
    data: () => ({ reason: '双方分歧过大' }),
    effect(_before, after, ev) {
      expect(last(after)).toMatchObject({ kind: 'mediation', orgId: township.id, state: 'concluded', outcome: 'failed', reason: '双方分歧过大' });
      expect(after.nextSteps.map((s: { kind: string }) => s.kind)).toContain('arbitration');
      expect(after.agreement).toBeNull();
      expect(ev.data).toEqual({ reason: '双方分歧过大' });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the mediation is only received', setup: S.secondMediationReceived },
      { name: 'an arbitration cannot fail', setup: S.arbitrationAccepted, by: () => arbitrator },
    ],
  },
  {
    action: 'award',
    actorName: 'the arbitrator',
    actor: () => arbitrator,
    ready: S.arbitrationAccepted,
    data: () => ({ agreement: { amountFen: 1_500_000, terms: '裁决支付工资' }, final: true, deliveredAt: '2025-06-01T10:00:00+08:00' }),
    effect(_before, after, ev) {
      expect(last(after)).toMatchObject({ state: 'concluded', outcome: 'awarded' });
      expect(after.agreement).toMatchObject({
        orgId: commission.id,
        amountFen: 1_500_000,
        final: true,
        deliveredAt: '2025-06-01T02:00:00.000Z',
        status: 'pending',
      });
      expect(ev.data).toMatchObject({ agreementId: after.agreement.id, final: true, deliveredAt: '2025-06-01T02:00:00.000Z' });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the proceeding is only received', setup: S.arbitrationReceived },
      { name: 'the proceeding is paused', setup: S.arbitrationPaused },
      { name: 'a mediation cannot be awarded', setup: S.mediationAccepted, by: () => mediator },
    ],
  },
  {
    action: 'judge',
    actorName: 'the court liaison',
    actor: () => liaison,
    ready: S.litigationAccepted,
    data: () => ({ agreement: { amountFen: 2_000_000, terms: '判决支付' } }),
    effect(_before, after, ev) {
      expect(last(after)).toMatchObject({ kind: 'litigation', state: 'concluded', outcome: 'judged' });
      expect(after.agreement).toMatchObject({ orgId: court.id, amountFen: 2_000_000, terms: '判决支付', status: 'pending' });
      expect(ev.data).toMatchObject({ agreementId: after.agreement.id, agreement: { amountFen: 2_000_000 } });
    },
    wrongRole: [asUnion, { name: 'the arbitrator, whose proceeding came before', who: () => arbitrator }, asWorker],
    wrongState: [
      { name: 'the lawsuit is only received', setup: S.litigationReceived },
      { name: 'a confirmation cannot be judged', setup: S.confirmationAccepted },
    ],
  },
  {
    action: 'confirm',
    actorName: 'the court liaison',
    actor: () => liaison,
    ready: S.confirmationAccepted,
    data: () => ({}),
    effect(before, after, ev) {
      expect(last(after)).toMatchObject({ kind: 'confirmation', state: 'concluded', outcome: 'confirmed' });
      expect(before.agreement.confirmedAt).toBeNull();
      expect(after.agreement).toMatchObject({ id: before.agreement.id, orgId: union.id, confirmedByOrgId: court.id });
      expect(Date.parse(after.agreement.confirmedAt)).toBe(Date.parse(ev.occurredAt));
      expect(ev.data).toEqual({ agreementId: before.agreement.id });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the confirmation is only received', setup: S.confirmationReceived },
      { name: 'a lawsuit cannot be confirmed', setup: S.litigationAccepted },
    ],
  },
  {
    action: 'refuse',
    actorName: 'the court liaison',
    actor: () => liaison,
    ready: S.confirmationAccepted,
    data: () => ({ reason: '协议内容违反法律规定' }),
    effect(_before, after, ev) {
      expect(last(after)).toMatchObject({ kind: 'confirmation', state: 'concluded', outcome: 'refused', reason: '协议内容违反法律规定' });
      expect(after.agreement.confirmedByOrgId).toBeNull();
      expect(after.nextSteps.map((s: { kind: string }) => s.kind).sort()).toEqual(['arbitration', 'mediation']);
      expect(ev.data).toEqual({ reason: '协议内容违反法律规定' });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the confirmation is only received', setup: S.confirmationReceived },
      { name: 'a lawsuit cannot be refused confirmation', setup: S.litigationAccepted },
    ],
  },
  {
    action: 'withdraw',
    actorName: 'the applicant worker',
    actor: () => worker,
    ready: S.mediationReceived,
    data: () => ({ reason: '已与单位自行和解' }),
    effect(_before, after, ev) {
      expect(last(after)).toMatchObject({ state: 'concluded', outcome: 'withdrawn', reason: '已与单位自行和解' });
      expect(ev).toMatchObject({ actorUserId: worker.id, actorOrgId: null });
      expect(ev.data).toEqual({ reason: '已与单位自行和解', by: 'applicant' });
    },
    wrongRole: [{ ...asUnion, setup: S.arbitrationReceived }],
    wrongState: [
      { name: 'the mediation has failed', setup: S.mediationFailed },
      { name: 'the case is closed', setup: S.closed },
    ],
  },
  {
    action: 'refer',
    actorName: 'the arbitrator, whose application was declined',
    actor: () => arbitrator,
    ready: S.arbitrationDeclined,
    data: () => ({ toOrgId: court.id, kind: 'litigation', reason: '不予受理后起诉' }),
    effect(before, after, ev) {
      expect(after.proceedings).toHaveLength(before.proceedings.length + 1);
      expect(after.proceedings.slice(0, -1)).toEqual(before.proceedings);
      expect(last(after)).toMatchObject({ kind: 'litigation', orgId: court.id, state: 'received', outcome: null, referredFromOrgId: commission.id, reason: '不予受理后起诉' });
      expect(ev.proceedingId).toBe(last(after).id);
      expect(ev.data).toMatchObject({ toOrgId: court.id, kind: 'litigation', reason: '不予受理后起诉', fromOrgId: commission.id });
      expect(ev.data.basis).toContain('《劳动争议调解仲裁法》第二十九条');
    },
    wrongRole: [asUnion, { name: 'the applicant worker (no route of theirs after a declined arbitration)', who: () => worker }],
    wrongState: [
      { name: 'a proceeding is still open', setup: S.arbitrationAccepted },
      { name: 'a confirmed agreement not in default leads nowhere', setup: S.confirmationConfirmed, by: () => liaison },
    ],
  },
  {
    action: 'assign',
    actorName: 'the arbitrator',
    actor: () => arbitrator,
    ready: S.arbitrationAccepted,
    data: () => ({ userId: arbitrator2.id }),
    effect(before, after, ev) {
      expect(last(before).assignedUserId).toBeNull();
      expect(last(after)).toMatchObject({ assignedUserId: arbitrator2.id, state: 'accepted' });
      expect(ev.data).toEqual({ userId: arbitrator2.id });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [{ name: 'no proceeding is open', setup: S.arbitrationDeclined }],
  },
  {
    action: 'record_payment',
    actorName: 'the union, which recorded the agreement',
    actor: () => mediator,
    ready: S.confirmationConfirmed,
    data: () => ({ amountFen: 200_000, paidAt: '2025-06-02T09:00:00+08:00' }),
    effect(before, after, ev) {
      expect(before.agreement).toMatchObject({ paidFen: 0, status: 'pending' });
      expect(after.agreement).toMatchObject({ paidFen: 200_000, status: 'pending' });
      expect(after.payments).toEqual([{ id: expect.any(String), amountFen: 200_000, paidAt: '2025-06-02T01:00:00.000Z', recordedAt: expect.any(String) }]);
      expect(ev.data).toMatchObject({ agreementId: before.agreement.id, amountFen: 200_000, paidFen: 200_000, status: 'pending' });
    },
    wrongRole: [{ name: 'the court, which handled the case last but did not record the agreement', who: () => liaison }, asWorker],
    wrongState: [
      { name: 'there is no agreement', setup: S.mediationFailed },
      { name: 'the agreement is already performed', setup: S.agreementPerformed },
    ],
  },
  {
    action: 'record_default',
    actorName: 'the union, which recorded the agreement',
    actor: () => mediator,
    ready: S.confirmationConfirmed,
    data: () => ({ reason: '第一期逾期未付' }),
    effect(before, after, ev) {
      expect(before.nextSteps).toEqual([]);
      expect(after.agreement).toMatchObject({ id: before.agreement.id, status: 'defaulted' });
      expect(after.nextSteps.map((s: { kind: string }) => s.kind)).toEqual(['litigation']);
      expect(ev.data).toEqual({ agreementId: before.agreement.id, reason: '第一期逾期未付' });
    },
    wrongRole: [{ name: 'the court, which handled the case last but did not record the agreement', who: () => liaison }, asWorker],
    wrongState: [
      { name: 'there is no agreement', setup: S.mediationFailed },
      { name: 'the agreement is already in default', setup: S.agreementDefaulted },
      { name: 'the agreement is performed', setup: S.agreementPerformed },
    ],
  },
  {
    action: 'close',
    actorName: 'the arbitrator, whose proceeding was withdrawn',
    actor: () => arbitrator,
    ready: S.arbitrationWithdrawn,
    data: () => ({ outcome: 'withdrawn' }),
    effect(before, after, ev) {
      expect(before).toMatchObject({ status: 'open', outcome: null, closedAt: null });
      expect(after).toMatchObject({ status: 'closed', outcome: 'withdrawn' });
      expect(Date.parse(after.closedAt)).toBe(Date.parse(ev.occurredAt));
      expect(after.allowedActions).toEqual(['note']);
      expect(after.nextSteps).toEqual([]);
      expect(ev.proceedingId).toBeNull();
      expect(ev.data).toEqual({ outcome: 'withdrawn' });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'a proceeding is open', setup: S.arbitrationAccepted },
      { name: 'the case is already closed', setup: S.closed, by: () => mediator },
    ],
  },
  {
    action: 'note',
    actorName: 'the union, an earlier handler',
    actor: () => mediator,
    ready: S.arbitrationAccepted,
    data: () => ({ text: '已电话联系用人单位', internal: false }),
    effect(before, after, ev) {
      expect(after.proceedings).toEqual(before.proceedings);
      expect(after.agreement).toEqual(before.agreement);
      expect(ev).toMatchObject({ internal: false, proceedingId: null });
      expect(ev.data).toEqual({ text: '已电话联系用人单位', internal: false });
    },
    wrongRole: [{ name: 'the applicant worker (notes are for staff)', who: () => worker }],
    // A note is possible in every state, closed cases included (tested below).
    wrongState: [],
  },
];

const STRANGERS: (WrongCaller & { status: number; code: string })[] = [
  { name: 'staff of an organisation that never handled the case', who: () => outsider, status: 404, code: 'NOT_FOUND' },
  { name: 'a supervisor of another region', who: () => farSupervisor, status: 404, code: 'NOT_FOUND' },
  { name: 'a worker who is not an applicant', who: () => otherWorker, status: 404, code: 'NOT_FOUND' },
  { name: 'a supervisor of the region, who sees the case but may not act on it', who: () => supervisor, status: 403, code: 'FORBIDDEN' },
];

it('the table covers every action', () => {
  expect(SPECS.map((s) => s.action).sort()).toEqual([...ACTIONS].sort());
});

describe.each(SPECS)('$action', (s) => {
  it(`succeeds for ${s.actorName}; the detail and the timeline show it`, async () => {
    const id = await s.ready();
    const actor = s.actor();
    const before = await detailOf(actor, id);
    const timelineBefore = await timelineOf(actor, id);
    const rowsBefore = await t.handle.db.$count(events, eq(events.caseId, id));
    expect(before.allowedActions).toContain(s.action);

    const res = await post(actor, id, { action: s.action, version: before.version, ...s.data() });
    expect(res.statusCode, res.body).toBe(200);
    const after = await detailOf(actor, id);
    expect(res.json()).toEqual(after);
    expect(after.version).toBe(before.version + 1);

    const timeline = await timelineOf(actor, id);
    expect(timeline).toHaveLength(timelineBefore.length + 1);
    expect(timeline.slice(0, -1)).toEqual(timelineBefore);
    const ev = timeline[timeline.length - 1];
    expect(ev).toMatchObject({ seq: timelineBefore[timelineBefore.length - 1].seq + 1, action: s.action, actorUserId: actor.id, actorOrgId: actor.orgId });
    expect(await t.handle.db.$count(events, eq(events.caseId, id))).toBe(rowsBefore + 1);
    s.effect(before, after, ev);
  });

  const wrongCallers: (WrongCaller & { status: number; code: string })[] = [
    ...STRANGERS,
    ...s.wrongRole.map((w) => ({ ...w, status: 409, code: 'INVALID_TRANSITION' })),
  ];
  it.each(wrongCallers)('refuses $name with $status $code and writes nothing', async (w) => {
    const id = await (w.setup ?? s.ready)();
    await expectRefused(w.who(), id, { action: s.action, ...s.data() }, w.status, w.code, w.name);
    // What the detail offers agrees with what the service refuses.
    if (w.status !== 404) expect((await detailOf(w.who(), id)).allowedActions).not.toContain(s.action);
  });

  if (s.wrongState.length > 0) {
    it.each(s.wrongState)('refuses with 409 INVALID_TRANSITION when $name, and writes nothing', async (w) => {
      const id = await w.setup();
      const who = (w.by ?? s.actor)();
      await expectRefused(who, id, { action: s.action, ...s.data() }, 409, 'INVALID_TRANSITION', w.name);
      expect((await detailOf(who, id)).allowedActions).not.toContain(s.action);
    });
  }

  it('refuses a stale or future version with 409 VERSION_CONFLICT and writes nothing', async () => {
    const id = await s.ready();
    const before = await observe(id);
    const versions = [before.version + 1, ...(before.version > 1 ? [before.version - 1] : [])];
    for (const version of versions) {
      const res = await post(s.actor(), id, { action: s.action, ...s.data(), version });
      const error = expectError(res, 409, 'VERSION_CONFLICT', `version ${version}`);
      expect(error.details).toEqual({ currentVersion: before.version });
      expect(await observe(id)).toEqual(before);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('a closed case', () => {
  it('refuses every action but a note, and takes notes from its handlers', async () => {
    const id = await S.closed();
    for (const spec of SPECS.filter((x) => x.action !== 'note')) {
      const who = spec.action === 'withdraw' ? worker : mediator;
      const data = spec.action === 'refer' ? { toOrgId: commission.id, kind: 'arbitration', reason: '再申请' } : spec.data();
      await expectRefused(who, id, { action: spec.action, ...data }, 409, 'INVALID_TRANSITION', spec.action);
    }
    const d = await act(t, mediator.token, id, 'note', { text: '结案后回访', internal: false });
    expect(d).toMatchObject({ status: 'closed', allowedActions: ['note'] });
    expect((await timelineOf(mediator, id)).at(-1)).toMatchObject({ action: 'note', data: { text: '结案后回访', internal: false } });
  });
});

describe('payload rules', () => {
  it('extend on arbitration: more than 15 days is 400, at most 15 days once is fine', async () => {
    const id = await S.arbitrationAccepted();
    const error = await expectRefused(arbitrator, id, { action: 'extend', days: 16, reason: '案情复杂' }, 400, 'VALIDATION_FAILED');
    expect(error.details.map((d: { field: string }) => d.field)).toEqual(['body.days']);
    await expectRefused(arbitrator, id, { action: 'extend', days: 0, reason: '案情复杂' }, 400, 'VALIDATION_FAILED');
    const d = await act(t, arbitrator.token, id, 'extend', { days: 15, reason: '案情复杂' });
    expect(d.allowedActions).not.toContain('extend');
  });

  it('extend on arbitration: a second extension is 409 even when the total stays within 15 days', async () => {
    const id = await S.arbitrationAccepted();
    await act(t, arbitrator.token, id, 'extend', { days: 10, reason: '案情复杂' });
    await expectRefused(arbitrator, id, { action: 'extend', days: 5, reason: '再延长' }, 409, 'INVALID_TRANSITION');
    await expectRefused(arbitrator, id, { action: 'extend', days: 16, reason: '再延长' }, 409, 'INVALID_TRANSITION');
  });

  it('extend on mediation: by the parties\' consent, more than once and beyond 15 days', async () => {
    const id = await S.mediationAccepted();
    await act(t, mediator.token, id, 'extend', { days: 20, reason: '双方同意延长' });
    const d = await act(t, mediator.token, id, 'extend', { days: 30, reason: '双方再次同意' });
    expect(d.allowedActions).toContain('extend');
    const ext = (await timelineOf(mediator, id)).filter((e) => e.action === 'extend');
    expect(ext.map((e) => e.data.days)).toEqual([20, 30]);
  });

  it('record_payment: more than the outstanding amount is 400; exactly the rest performs the agreement', async () => {
    const id = await S.mediationSettled();
    await expectRefused(mediator, id, { action: 'record_payment', amountFen: 600_001, paidAt: hourAgo() }, 400, 'VALIDATION_FAILED');
    await act(t, mediator.token, id, 'record_payment', { amountFen: 500_000, paidAt: hourAgo() });
    const error = await expectRefused(mediator, id, { action: 'record_payment', amountFen: 100_001, paidAt: hourAgo() }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.amountFen');
    await expectRefused(mediator, id, { action: 'record_payment', amountFen: 0, paidAt: hourAgo() }, 400, 'VALIDATION_FAILED');
    const d = await act(t, mediator.token, id, 'record_payment', { amountFen: 100_000, paidAt: hourAgo() });
    expect(d.agreement).toMatchObject({ paidFen: 600_000, status: 'performed' });
    expect(d.payments.map((p: { amountFen: number }) => p.amountFen)).toEqual([500_000, 100_000]);
    expect(d.allowedActions).not.toContain('record_payment');
  });

  it('record_payment: a payment dated in the future is 400', async () => {
    const id = await S.mediationSettled();
    await expectRefused(mediator, id, { action: 'record_payment', amountFen: 1, paidAt: new Date(Date.now() + 86_400_000).toISOString() }, 400, 'VALIDATION_FAILED');
  });

  it('close: an outcome whose requirement is not met is 409; performed once the agreement is paid', async () => {
    const id = await S.mediationSettled();
    const error = await expectRefused(mediator, id, { action: 'close', outcome: 'performed' }, 409, 'INVALID_TRANSITION');
    expect(error.message).toContain('performed');
    await expectRefused(mediator, id, { action: 'close', outcome: 'judged' }, 409, 'INVALID_TRANSITION');
    await expectRefused(mediator, id, { action: 'close', outcome: 'withdrawn' }, 409, 'INVALID_TRANSITION');
    await expectRefused(mediator, id, { action: 'close', outcome: 'finished' }, 400, 'VALIDATION_FAILED');
    await act(t, mediator.token, id, 'record_payment', { amountFen: 600_000, paidAt: hourAgo() });
    const d = await act(t, mediator.token, id, 'close', { outcome: 'performed' });
    expect(d).toMatchObject({ status: 'closed', outcome: 'performed' });
  });

  it('close: judged only after a judgement', async () => {
    const id = await S.litigationAccepted();
    await act(t, liaison.token, id, 'judge', {});
    const d = await act(t, liaison.token, id, 'close', { outcome: 'judged' });
    expect(d).toMatchObject({ status: 'closed', outcome: 'judged' });
  });

  it('refer: to an organisation that does not handle that kind is 400', async () => {
    const id = await S.mediationFailed();
    const bad = [
      { toOrgId: court.id, kind: 'arbitration' },
      { toOrgId: commission.id, kind: 'mediation' },
      { toOrgId: procuratorate.id, kind: 'litigation' },
      { toOrgId: '0190f5c3-0000-7000-8000-000000000000', kind: 'arbitration' },
      { toOrgId: 'not-a-uuid', kind: 'arbitration' },
      { toOrgId: commission.id, kind: 'appeal' },
    ];
    for (const b of bad) {
      const error = await expectRefused(mediator, id, { action: 'refer', reason: '转仲裁', ...b }, 400, 'VALIDATION_FAILED', JSON.stringify(b));
      expect(error.details[0].field).toMatch(/^body\.(toOrgId|kind)$/);
    }
  });

  it('refer: a route the table does not have is 409 (a failed mediation goes nowhere near a court)', async () => {
    const id = await S.mediationFailed();
    await expectRefused(mediator, id, { action: 'refer', toOrgId: court.id, kind: 'litigation', reason: '起诉' }, 409, 'INVALID_TRANSITION');
    await expectRefused(mediator, id, { action: 'refer', toOrgId: court.id, kind: 'confirmation', reason: '确认' }, 409, 'INVALID_TRANSITION');
  });

  it('refer: the worker may go to arbitration after a failed mediation, but not to litigation or another mediation', async () => {
    const id = await S.mediationFailed();
    expect((await detailOf(worker, id)).allowedActions).toEqual(['refer']);
    await expectRefused(worker, id, { action: 'refer', toOrgId: court.id, kind: 'litigation', reason: '起诉' }, 409, 'INVALID_TRANSITION');
    await expectRefused(worker, id, { action: 'refer', toOrgId: township.id, kind: 'mediation', reason: '换一家' }, 409, 'INVALID_TRANSITION');
    const d = await act(t, worker.token, id, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '调解不成，申请仲裁' });
    expect(d.proceedings.at(-1)).toMatchObject({ kind: 'arbitration', orgId: commission.id, state: 'received', referredFromOrgId: union.id });
    expect((await timelineOf(worker, id)).at(-1)).toMatchObject({ action: 'refer', actorUserId: worker.id, actorOrgId: null });
    expect((await detailOf(arbitrator, id)).allowedActions).toContain('accept');
  });

  it('refer: the worker may go to arbitration after a mediated agreement is in default, not before', async () => {
    const id = await S.mediationSettled();
    expect((await detailOf(worker, id)).allowedActions).not.toContain('refer');
    await expectRefused(worker, id, { action: 'refer', toOrgId: commission.id, kind: 'arbitration', reason: '未履行' }, 409, 'INVALID_TRANSITION');
    await act(t, mediator.token, id, 'record_default', { reason: '逾期未付' });
    await expectRefused(worker, id, { action: 'refer', toOrgId: court.id, kind: 'litigation', reason: '支付令' }, 409, 'INVALID_TRANSITION');
    const d = await act(t, worker.token, id, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '调解协议未履行' });
    expect(d.proceedings.at(-1)).toMatchObject({ kind: 'arbitration', state: 'received' });
  });

  it('occurredAt: in the future is 400, before the previous event is 400, and a back-dated act in between is recorded as such', async () => {
    const filedAt = new Date(Date.now() - 10 * 86_400_000);
    const id = await fileOnline({ occurredAt: filedAt.toISOString() });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    let error = await expectRefused(mediator, id, { action: 'accept', occurredAt: future }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.occurredAt');
    error = await expectRefused(mediator, id, { action: 'accept', occurredAt: new Date(filedAt.getTime() - 60_000).toISOString() }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.occurredAt');

    const acceptedAt = new Date(Date.now() - 5 * 86_400_000).toISOString();
    const d = await act(t, mediator.token, id, 'accept', { occurredAt: acceptedAt });
    expect(Date.parse(d.proceedings[0].acceptedAt)).toBe(Date.parse(acceptedAt));
    const ev = (await timelineOf(mediator, id)).at(-1)!;
    expect(ev).toMatchObject({ action: 'accept' });
    expect(Date.parse(ev.occurredAt)).toBe(Date.parse(acceptedAt));
    expect(Date.parse(ev.recordedAt)).toBeGreaterThan(Date.parse(acceptedAt));
    // The accept is now the previous event: going back before it is refused too.
    await expectRefused(mediator, id, { action: 'note', text: '补录', internal: false, occurredAt: new Date(Date.parse(acceptedAt) - 60_000).toISOString() }, 400, 'VALIDATION_FAILED');
  });

  it('withdraw: by the applicant worker works; by another worker it is 404', async () => {
    const id = await S.mediationAccepted();
    await expectRefused(otherWorker, id, { action: 'withdraw', reason: '撤回' }, 404, 'NOT_FOUND');
    const d = await act(t, worker.token, id, 'withdraw', { reason: '撤回' });
    expect(d.proceedings[0]).toMatchObject({ state: 'concluded', outcome: 'withdrawn' });
  });

  it('withdraw: staff of the proceeding\'s organisation may withdraw it too', async () => {
    const id = await S.arbitrationReceived();
    const d = await act(t, arbitrator.token, id, 'withdraw', { reason: '申请人书面撤回' });
    expect(d.proceedings.at(-1)).toMatchObject({ state: 'concluded', outcome: 'withdrawn' });
    expect((await timelineOf(arbitrator, id)).at(-1)!.data).toEqual({ reason: '申请人书面撤回', by: 'staff' });
  });

  it('withdraw: a suspended (paused) proceeding may be withdrawn, and the suspension ends with it', async () => {
    const id = await S.arbitrationPaused();
    expect((await detailOf(worker, id)).allowedActions).toEqual(['withdraw']);
    const d = await act(t, worker.token, id, 'withdraw', { reason: '已和解' });
    const p = d.proceedings.at(-1);
    expect(p).toMatchObject({ kind: 'arbitration', state: 'concluded', outcome: 'withdrawn' });
    // Its clocks stopped with it...
    for (const k of d.clocks.filter((c: { proceedingId: string | null }) => c.proceedingId === p.id)) {
      expect(['met', 'breached']).toContain(k.status);
    }
    // ...and a concluded proceeding is not "paused" (中止): only an accepted one can be.
    expect(p.paused).toBe(false);
  });

  it('assign: someone who is not staff of the proceeding\'s organisation is 400', async () => {
    const id = await S.arbitrationAccepted();
    for (const userId of [mediator.id, worker.id, '0190f5c3-0000-7000-8000-000000000000']) {
      const error = await expectRefused(arbitrator, id, { action: 'assign', userId }, 400, 'VALIDATION_FAILED', userId);
      expect(error.details[0].field).toBe('body.userId');
    }
  });

  it('award: a delivery date in the future is 400', async () => {
    const id = await S.arbitrationAccepted();
    const error = await expectRefused(
      arbitrator,
      id,
      { action: 'award', agreement: { amountFen: 100, terms: '裁决' }, final: false, deliveredAt: new Date(Date.now() + 86_400_000).toISOString() },
      400,
      'VALIDATION_FAILED',
    );
    expect(error.details[0].field).toBe('body.deliveredAt');
  });

  it('settle: instalments that do not add up to the amount are 400', async () => {
    const id = await S.mediationAccepted();
    const error = await expectRefused(
      mediator,
      id,
      { action: 'settle', agreement: { amountFen: 600_000, terms: '分期', instalments: [{ dueOn: '2099-01-10', amountFen: 300_000 }] } },
      400,
      'VALIDATION_FAILED',
    );
    expect(error.details[0].field).toContain('instalments');
  });

  it('a malformed request is 400, an unknown case 404, no token 401, and none of them writes anything', async () => {
    const id = await S.mediationAccepted();
    await expectRefused(mediator, id, { action: 'dance' }, 400, 'VALIDATION_FAILED');
    await expectRefused(mediator, id, { action: 'fail' }, 400, 'VALIDATION_FAILED');
    const before = await observe(id);
    expectError(await post(mediator, id, { action: 'accept' }), 400, 'VALIDATION_FAILED');
    expectError(await post(mediator, id, { action: 'accept', version: '1' }), 400, 'VALIDATION_FAILED');
    expectError(await post(mediator, '0190f5c3-0000-7000-8000-000000000000', { action: 'note', text: 'x', version: 1 }), 404, 'NOT_FOUND');
    expectError(await post(mediator, 'nope', { action: 'note', text: 'x', version: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await t.call('POST', `/cases/${id}/actions`, { body: { action: 'note', text: 'x', version: before.version } }), 401, 'UNAUTHENTICATED');
    expect(await observe(id)).toEqual(before);
  });

  it('an internal note is kept from the worker\'s timeline but counts in the version', async () => {
    const id = await S.mediationAccepted();
    const before = await timelineOf(worker, id);
    const d = await act(t, mediator.token, id, 'note', { text: '用人单位态度强硬', internal: true });
    const staffView = await timelineOf(mediator, id);
    expect(staffView.at(-1)).toMatchObject({ action: 'note', internal: true, data: { text: '用人单位态度强硬', internal: true } });
    expect(await timelineOf(worker, id)).toEqual(before);
    expect((await detailOf(worker, id)).version).toBe(d.version);
  });
});
