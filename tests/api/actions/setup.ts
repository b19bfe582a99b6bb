/**
 * What every file of tests/api/actions/ shares: one database with the organisations and people
 * of a case's life, cases brought to known states, the SPEC §7 refusal checks, and the table
 * runner that proves, for each action, who may take it, from which state, what it writes, and
 * that every refusal writes nothing.
 */
import { existsSync } from 'node:fs';
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
  caseRespondents,
  instalments,
  notifications,
  payments,
  proceedings,
  reminders,
  services,
  smsMessages,
} from '../../../src/db/schema/index.js';
import { ACTIONS, type ActionName } from '../../../src/domain/transitions.js';
import { act, caseBody, testApp, type TestContext, type TestUser } from '../../support/app.js';
import { employer, employerOfNoCase, type PartyUser } from '../../support/parties.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */
export type Detail = any;
export type Ev = { seq: number; action: string; actorUserId: string | null; actorOrgId: string | null; proceedingId: string | null; internal: boolean; data: any; occurredAt: string; recordedAt: string };
type Org = { id: string; intakeCode: string; regionCode: string };

// Filled by useActionWorld's beforeAll; importers read them through ES module live bindings.
export let t: TestContext;
export let union: Org; // where every case starts (mediation)
export let township: Org; // a second mediation organisation
export let commission: Org; // arbitration
export let court: Org; // confirmation, litigation
export let procuratorate: Org; // handles no proceeding
export let legalAid: Org; // acts for workers (SPEC §10 add_representative)
export let bystanderOrg: Org; // a mediation organisation in the same region that never handles these cases
export let mediator: TestUser;
export let townMediator: TestUser;
export let arbitrator: TestUser;
export let arbitrator2: TestUser;
export let liaison: TestUser;
export let outsider: TestUser;
export let supervisor: TestUser; // region 4510: sees every case here
export let farSupervisor: TestUser; // region 4403: sees none of them
export let worker: TestUser & { phone: string; idNumber: string }; // the applicant of every case
export let otherWorker: TestUser;
/** The employer's representative who joins the cases S.employerJoined makes (the same account each time). */
export let employerRep: PartyUser;
/** An employer's representative who joined a case of their own, none of the table's. */
export let otherEmployer: PartyUser;
/** An employer's account invited to no case at all. */
export let strayEmployer: PartyUser;

/** Builds this file's database and the people in it before its tests, and closes it after. */
export function useActionWorld() {
  beforeAll(async () => {
    t = await testApp();
    union = await t.org('union');
    township = await t.org('township_center');
    commission = await t.org('arbitration_commission', { regionCode: '451000' });
    court = await t.org('court');
    procuratorate = await t.org('procuratorate');
    legalAid = await t.org('legal_aid');
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
    employerRep = await employer(t, await S.mediationAccepted(), mediator.token, { name: '王经理' });
    otherEmployer = await employer(t, await S.mediationAccepted(), mediator.token, { name: '另一家公司的李经理' });
    strayEmployer = await employerOfNoCase(t);
  });
  afterAll(() => t.close());
}

// ---------------------------------------------------------------------------------------------
// Helpers

export const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
export const AGREEMENT = { amountFen: 600_000, terms: '分两期支付拖欠工资', instalments: [{ dueOn: '2099-01-10', amountFen: 300_000 }, { dueOn: '2099-02-10', amountFen: 300_000 }] };

export function post(user: TestUser, caseId: string, body: Record<string, unknown>) {
  return t.call('POST', `/cases/${caseId}/actions`, { token: user.token, body });
}

export async function detailOf(user: TestUser, caseId: string): Promise<Detail> {
  const res = await t.call('GET', `/cases/${caseId}`, { token: user.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function timelineOf(user: TestUser, caseId: string): Promise<Ev[]> {
  const res = await t.call('GET', `/cases/${caseId}/events`, { token: user.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

/** SPEC §7: `{ error: { code, message, details? }, requestId }` with the right status. */
export function expectError(res: LightMyRequestResponse, status: number, code: string, label = '') {
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

/** Every table an action may write to. */
const WRITTEN = {
  cases, proceedings, events, agreements, instalments, payments, hearings, caseOrgs, applicants, claims, clocks, reminders,
  caseRespondents, services, smsMessages, notifications,
};

async function countRows() {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(WRITTEN)) counts[name] = await t.handle.db.$count(table);
  return counts;
}

/**
 * Everything a rejected action could have touched: the case as a supervisor sees it, its
 * timeline, its rows, and the row count of every table an action writes to.
 */
export async function observe(caseId: string) {
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
      respondents: await db.select().from(caseRespondents).where(eq(caseRespondents.caseId, caseId)).orderBy(asc(caseRespondents.id)),
      services: await db.select().from(services).where(eq(services.caseId, caseId)).orderBy(asc(services.id)),
    },
    counts: await countRows(),
  };
}

/** Posts a body that must be refused with `status`/`code`, and proves nothing changed. */
export async function expectRefused(user: TestUser, caseId: string, body: Record<string, unknown>, status: number, code: string, label = '') {
  const before = await observe(caseId);
  const res = await post(user, caseId, { version: before.version, ...body });
  const error = expectError(res, status, code, label);
  expect(await observe(caseId)).toEqual(before);
  return error;
}

// ---------------------------------------------------------------------------------------------
// Cases in known states. Every case is filed online by `worker` at the union, so the applicant
// can act on it, and every later organisation has the union as an earlier handler.

let employers = 0;
/**
 * The worker's online claim at the union. Each is against an employer of its own unless `extra`
 * names one: the same worker against the same employer twice is a possible duplicate (SPEC §12),
 * which only the rows about duplicates want.
 */
export async function fileOnline(extra: Record<string, unknown> = {}): Promise<string> {
  return (await fileOnlineCase(extra)).id;
}
async function fileOnlineCase(extra: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
  const res = await t.call('POST', '/cases', {
    token: worker.token,
    body: caseBody(union.id, {
      applicants: [{ name: '张三', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 1_500_000 }] }],
      respondent: { name: `平果某建筑有限公司第${++employers}分公司` },
      ...extra,
    }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** The open case the last `S.possibleDuplicate` resembles: the number not_duplicate names. */
export const duplicateOf = { number: 'NONE-2026-00000' };

async function andThen(id: string, user: TestUser, action: string, data: Record<string, unknown> = {}) {
  await act(t, user.token, id, action, data);
  return id;
}

export const S = {
  mediationReceived: () => fileOnline(),
  mediationAccepted: async () => andThen(await S.mediationReceived(), mediator, 'accept'),
  mediationFailed: async () => andThen(await S.mediationAccepted(), mediator, 'fail', { reason: '用人单位拒绝调解' }),
  /** Settled at the session, where both sides signed the paper agreement (SPEC §10): effective at once. */
  mediationSettled: async () => andThen(await S.mediationAccepted(), mediator, 'settle', { agreement: AGREEMENT, signedInPerson: true }),
  /** Settled, and waiting for every party's signature. */
  mediationSettledUnsigned: async () => andThen(await S.mediationAccepted(), mediator, 'settle', { agreement: AGREEMENT }),
  /** An unsigned settlement in default, which the union referred on to arbitration. */
  unsignedAtArbitration: async () =>
    andThen(await andThen(await S.mediationSettledUnsigned(), mediator, 'record_default', { reason: '未签字也未付款' }), mediator, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '调解协议未履行' }),
  /** The mediation accepted, and `employerRep` invited to it and joined. */
  employerJoined: async () => {
    const id = await S.mediationAccepted();
    await employer(t, id, mediator.token, { phone: employerRep.phone, name: employerRep.name });
    return id;
  },
  employerJoinedClosed: async () => {
    const id = await S.employerJoined();
    await andThen(await andThen(id, worker, 'withdraw', { reason: '已自行和解' }), mediator, 'close', { outcome: 'withdrawn' });
    return id;
  },
  mediationWithdrawn: async () => andThen(await S.mediationAccepted(), worker, 'withdraw', { reason: '不再申请' }),
  secondMediationReceived: async () => andThen(await S.mediationFailed(), mediator, 'refer', { toOrgId: township.id, kind: 'mediation', reason: '换一家调解' }),
  secondMediationAccepted: async () => andThen(await S.secondMediationReceived(), townMediator, 'accept'),
  arbitrationReceived: async () => andThen(await S.mediationFailed(), mediator, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '调解不成' }),
  arbitrationAccepted: async () => andThen(await S.arbitrationReceived(), arbitrator, 'accept'),
  arbitrationPaused: async () => andThen(await S.arbitrationAccepted(), arbitrator, 'pause', { reason: '等待工伤认定' }),
  arbitrationDeclined: async () => andThen(await S.arbitrationReceived(), arbitrator, 'decline', { reason: '超过仲裁时效' }),
  /** An award recorded without its delivery date (SPEC §10: its windows start when it is served). */
  arbitrationAwarded: async () => andThen(await S.arbitrationAccepted(), arbitrator, 'award', { agreement: { amountFen: 800_000, terms: '裁决支付工资' }, final: false }),
  arbitrationWithdrawn: async () => andThen(await S.arbitrationAccepted(), arbitrator, 'withdraw', { reason: '申请人撤回' }),
  confirmationReceived: async () => andThen(await S.mediationSettled(), mediator, 'refer', { toOrgId: court.id, kind: 'confirmation', reason: '申请司法确认' }),
  confirmationAccepted: async () => andThen(await S.confirmationReceived(), liaison, 'accept'),
  confirmationConfirmed: async () => andThen(await S.confirmationAccepted(), liaison, 'confirm'),
  agreementPerformed: async () => andThen(await S.confirmationConfirmed(), mediator, 'record_payment', { amountFen: AGREEMENT.amountFen, paidAt: hourAgo() }),
  agreementDefaulted: async () => andThen(await S.confirmationConfirmed(), mediator, 'record_default', { reason: '第一期逾期未付' }),
  litigationReceived: async () => andThen(await S.arbitrationDeclined(), arbitrator, 'refer', { toOrgId: court.id, kind: 'litigation', reason: '不予受理后起诉' }),
  litigationAccepted: async () => andThen(await S.litigationReceived(), liaison, 'accept'),
  closed: async () => andThen(await S.mediationWithdrawn(), mediator, 'close', { outcome: 'withdrawn' }),
  /** The worker files twice against one employer: the second case (received) shows the first as a possible duplicate. */
  possibleDuplicate: async () => {
    const respondent = { name: `平果某重复申请测试公司${++employers}` };
    const first = await fileOnlineCase({ respondent });
    duplicateOf.number = first.number;
    return (await fileOnlineCase({ respondent })).id;
  },
};

// ---------------------------------------------------------------------------------------------
// The table: for each action, a case and a caller that may take it, what it must change, and
// the callers and states that may not.

export interface WrongCaller {
  name: string;
  who: () => TestUser;
  /** A case other than the action's ready case, when the caller needs a different history. */
  setup?: () => Promise<string>;
}
export interface WrongState {
  name: string;
  setup: () => Promise<string>;
  /** The caller, when not the action's actor. */
  by?: () => TestUser;
}
/** A row of the table; the body it sends is PAYLOADS[action]. */
export interface ActionSpec {
  action: ActionName;
  actorName: string;
  actor: () => TestUser;
  ready: () => Promise<string>;
  effect: (before: Detail, after: Detail, ev: Ev) => void;
  /** Callers who see the case and hold some capacity on it, but not the one this action needs: 409. */
  wrongRole: WrongCaller[];
  /** States the action is not possible from: 409. */
  wrongState: WrongState[];
}

/** What a row's `effect` is given: the detail before and after, and the event the action wrote. */
export type Effect = ActionSpec['effect'];

/** Who takes each row's action, named as the row's success test names them. */
export const BY = {
  receivingArbitrator: { actorName: 'the arbitrator of the receiving commission', actor: () => arbitrator },
  arbitrator: { actorName: 'the arbitrator', actor: () => arbitrator },
  declinedArbitrator: { actorName: 'the arbitrator, whose application was declined', actor: () => arbitrator },
  withdrawnArbitrator: { actorName: 'the arbitrator, whose proceeding was withdrawn', actor: () => arbitrator },
  liaison: { actorName: 'the court liaison', actor: () => liaison },
  townMediator: { actorName: 'the mediator of the second mediation organisation', actor: () => townMediator },
  unionAsEarlierHandler: { actorName: 'the union, an earlier handler', actor: () => mediator },
  unionAsRecorder: { actorName: 'the union, which recorded the agreement', actor: () => mediator },
  worker: { actorName: 'the applicant worker', actor: () => worker },
} satisfies Record<string, Pick<ActionSpec, 'actorName' | 'actor'>>;

export const asWorker = { name: 'the applicant worker (staff-only action)', who: () => worker };
export const asUnion = { name: 'staff of the union, which handled the case earlier', who: () => mediator };
/** The usual wrong callers of a staff action: an organisation that handled the case before, and the worker. */
export const UNION_AND_WORKER: WrongCaller[] = [asUnion, asWorker];

/** States several actions are refused from; each row lists the ones that apply to it. */
export const WHEN = {
  onlyReceived: { name: 'the proceeding is only received', setup: () => S.arbitrationReceived() },
  paused: { name: 'the proceeding is paused', setup: () => S.arbitrationPaused() },
  alreadyAccepted: { name: 'the proceeding is already accepted', setup: () => S.arbitrationAccepted() },
  confirmationOnlyReceived: { name: 'the confirmation is only received', setup: () => S.confirmationReceived() },
  noAgreement: { name: 'there is no agreement', setup: () => S.mediationFailed() },
} satisfies Record<string, WrongState>;

export const last = (d: Detail) => d.proceedings[d.proceedings.length - 1];
/** The kinds of proceeding the case may be referred on to. */
export const nextKinds = (d: Detail): string[] => d.nextSteps.map((s: { kind: string }) => s.kind);

/** The last proceeding concluded with `outcome`; `more` names other fields it must show. */
export function expectConcluded(d: Detail, outcome: string, more: Record<string, unknown> = {}) {
  expect(last(d)).toMatchObject({ ...more, state: 'concluded', outcome });
}

/** An action whose body is only a reason records that reason and nothing else. */
export function expectReasonOnly(ev: Ev, reason: string) {
  expect(ev.data).toEqual({ reason });
}

export const STRANGERS: (WrongCaller & { status: number; code: string })[] = [
  { name: 'staff of an organisation that never handled the case', who: () => outsider, status: 404, code: 'NOT_FOUND' },
  { name: 'a supervisor of another region', who: () => farSupervisor, status: 404, code: 'NOT_FOUND' },
  { name: 'a worker who is not an applicant', who: () => otherWorker, status: 404, code: 'NOT_FOUND' },
  { name: "an employer's representative who joined another case", who: () => otherEmployer, status: 404, code: 'NOT_FOUND' },
  { name: 'an employer account invited to no case', who: () => strayEmployer, status: 404, code: 'NOT_FOUND' },
  { name: 'a supervisor of the region, who sees the case but may not act on it', who: () => supervisor, status: 403, code: 'FORBIDDEN' },
];

/**
 * The body each action's table row sends (a closed case is sent them all). The rows' `effect`
 * checks look for these values.
 */
export const PAYLOADS: Record<ActionName, () => Record<string, unknown>> = {
  accept: () => ({}),
  decline: () => ({ reason: '超过仲裁时效' }),
  schedule: () => ({ at: '2099-03-01T09:30:00+08:00', place: '第一仲裁庭' }),
  extend: () => ({ days: 10, reason: '案情复杂，经主任批准' }),
  pause: () => ({ reason: '等待工伤认定结论' }),
  resume: () => ({}),
  settle: () => ({ agreement: { amountFen: 1_000_000, terms: '仲裁调解书', instalments: [{ dueOn: '2099-05-01', amountFen: 400_000 }, { dueOn: '2099-06-01', amountFen: 600_000 }] } }),
  fail: () => ({ reason: '双方分歧过大' }),
  award: () => ({ agreement: { amountFen: 1_500_000, terms: '裁决支付工资' }, final: true, deliveredAt: '2025-06-01T10:00:00+08:00' }),
  judge: () => ({ agreement: { amountFen: 2_000_000, terms: '判决支付' } }),
  confirm: () => ({}),
  refuse: () => ({ reason: '协议内容违反法律规定' }),
  withdraw: () => ({ reason: '已与单位自行和解' }),
  refer: () => ({ toOrgId: court.id, kind: 'litigation', reason: '不予受理后起诉' }),
  assign: () => ({ userId: arbitrator2.id }),
  record_payment: () => ({ amountFen: 200_000, paidAt: '2025-06-02T09:00:00+08:00' }),
  record_default: () => ({ reason: '第一期逾期未付' }),
  close: () => ({ outcome: 'withdrawn' }),
  note: () => ({ text: '已电话联系用人单位', internal: false }),
  not_duplicate: () => ({ number: duplicateOf.number }),
  invite_respondent: () => ({ phone: INVITED_PHONE, name: '王经理' }),
  respond: () => ({ text: '公司认可拖欠工资的事实，同意调解，希望分期支付', agreesToMediate: true }),
  add_representative: () => ({ applicantIndex: 0, kind: 'legal_aid', name: '平果市法律援助中心', orgId: legalAid.id }),
  // Staff record the first applicant's paper signature; a party signing by code is parties.test.ts's own.
  sign: () => ({ party: 'applicant', applicantIndex: 0, inPerson: true }),
  serve: () => ({ documentType: 'acceptance_notice', to: 'applicants', channel: 'in_person' }),
};

/** The phone PAYLOADS.invite_respondent invites (nobody's account). */
export const INVITED_PHONE = '13512340101';

/** The file of this folder (without `.test.ts`) whose table holds each action's row. */
export const ACTION_FILE: Record<ActionName, string> = {
  accept: 'accept-decline',
  decline: 'accept-decline',
  schedule: 'hearings-extend-pause',
  extend: 'hearings-extend-pause',
  pause: 'hearings-extend-pause',
  resume: 'hearings-extend-pause',
  settle: 'settle-fail',
  fail: 'settle-fail',
  award: 'award-judge',
  judge: 'award-judge',
  confirm: 'court-confirm-refuse',
  refuse: 'court-confirm-refuse',
  withdraw: 'withdraw-close',
  close: 'withdraw-close',
  refer: 'referrals',
  assign: 'notes-assign',
  note: 'notes-assign',
  not_duplicate: 'notes-assign',
  record_payment: 'payments-defaults',
  record_default: 'payments-defaults',
  invite_respondent: 'parties',
  respond: 'parties',
  add_representative: 'parties',
  sign: 'parties',
  serve: 'parties',
};

/** Every file named in ACTION_FILE exists, so each action's row is run by describeActions there. */
export function actionFilesExist(): boolean {
  return [...new Set(Object.values(ACTION_FILE))].every((f) => existsSync(new URL(`./${f}.test.ts`, import.meta.url)));
}

/**
 * Runs a file's rows of the table: the action succeeds for its actor and writes one event;
 * strangers, callers in the wrong capacity, wrong states and stale versions are refused with
 * the SPEC §7 shape and write nothing.
 */
export function describeActions(file: string, specs: ActionSpec[]) {
  const owned = ACTIONS.filter((a) => ACTION_FILE[a] === file);
  const rows = specs.map((s) => s.action);
  if ([...rows].sort().join() !== [...owned].sort().join()) {
    throw new Error(`${file}.test.ts has rows for [${rows}], but ACTION_FILE gives it [${owned}]`);
  }
  describe.each(specs)('$action', (s) => {
    it(`succeeds for ${s.actorName}; the detail and the timeline show it`, async () => {
      const id = await s.ready();
      const actor = s.actor();
      const before = await detailOf(actor, id);
      const timelineBefore = await timelineOf(actor, id);
      const rowsBefore = await t.handle.db.$count(events, eq(events.caseId, id));
      expect(before.allowedActions).toContain(s.action);

      const res = await post(actor, id, { action: s.action, version: before.version, ...PAYLOADS[s.action]() });
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
      await expectRefused(w.who(), id, { action: s.action, ...PAYLOADS[s.action]() }, w.status, w.code, w.name);
      // What the detail offers agrees with what the service refuses.
      if (w.status !== 404) expect((await detailOf(w.who(), id)).allowedActions).not.toContain(s.action);
    });

    if (s.wrongState.length > 0) {
      it.each(s.wrongState)('refuses with 409 INVALID_TRANSITION when $name, and writes nothing', async (w) => {
        const id = await w.setup();
        const who = (w.by ?? s.actor)();
        await expectRefused(who, id, { action: s.action, ...PAYLOADS[s.action]() }, 409, 'INVALID_TRANSITION', w.name);
        expect((await detailOf(who, id)).allowedActions).not.toContain(s.action);
      });
    }

    it('refuses a stale or future version with 409 VERSION_CONFLICT and writes nothing', async () => {
      const id = await s.ready();
      const before = await observe(id);
      const versions = [before.version + 1, ...(before.version > 1 ? [before.version - 1] : [])];
      for (const version of versions) {
        const res = await post(s.actor(), id, { action: s.action, ...PAYLOADS[s.action](), version });
        const error = expectError(res, 409, 'VERSION_CONFLICT', `version ${version}`);
        expect(error.details).toEqual({ currentVersion: before.version });
        expect(await observe(id)).toEqual(before);
      }
    });
  });
}
