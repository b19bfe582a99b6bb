/**
 * A case action decided with no database (src/cases/decide.ts): the filing and each action are
 * pure functions from the case before to the change to persist, so the rules of an action are
 * tested here on plain values.
 */
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller.js';
import { calendarFromRows } from '../../src/clocks/engine.js';
import { decideAction, decideFiling, statChange, type CaseChange } from '../../src/cases/decide.js';
import { verifyChain } from '../../src/cases/eventLog.js';
import type { ActionInput, FileCaseInput } from '../../src/cases/schemas.js';
import type { CaseBundle, OrganizationRow } from '../../src/cases/state.js';
import type { OrgKind } from '../../src/domain/model.js';
import { AppError } from '../../src/http/errors.js';

const cal = calendarFromRows([]);
const org = (id: string, kind: OrgKind, name: string): OrganizationRow => ({
  id,
  name,
  kind,
  regionCode: '440305',
  parentId: null,
  intakeCode: id.slice(0, 6).toUpperCase(),
  createdAt: new Date('2025-01-01T00:00:00Z'),
});
const union = org('0000000a-0000-4000-8000-000000000001', 'union', '南山区总工会调解委员会');
const commission = org('0000000b-0000-4000-8000-000000000002', 'arbitration_commission', '南山区劳动人事争议仲裁委员会');
const mediator: Caller = { userId: '0000000c-0000-4000-8000-000000000003', role: 'mediator', orgId: union.id, regionCode: '440305', name: '李调解' };
const arbitrator: Caller = { userId: '0000000d-0000-4000-8000-000000000004', role: 'arbitrator', orgId: commission.id, regionCode: '440305', name: '王仲裁' };
const worker: Caller = { userId: '0000000e-0000-4000-8000-000000000005', role: 'worker', orgId: null, regionCode: null, name: '张三' };

// 10:00 China time, 2 June 2025.
const at = (day: number, hour = 2) => new Date(Date.UTC(2025, 5, day, hour));

const filing: FileCaseInput = {
  orgId: union.id,
  categories: ['wages'],
  summary: '拖欠三个月工资',
  incidentDate: '2025-05-20',
  employmentEndedOn: '2025-05-31',
  applicants: [{ name: '张三', idNumber: undefined, phone: '13800138000', claims: [{ category: 'wages', description: '三月至五月工资', amountFen: 1_500_000 }] }],
  respondent: { name: '深圳某某电子有限公司' },
} as FileCaseInput;

function file(by: Caller, where: OrganizationRow, extra: Partial<FileCaseInput> = {}): CaseBundle {
  return decideFiling({ ...filing, orgId: where.id, ...extra }, { caller: by, now: at(2), cal, refs: {}, org: where, number: `${where.intakeCode}-2025-00001`, callerOrg: null, calendarVersion: 'v', resembles: [] }).after;
}

/** An action's body without its version (taken from the case acted on). */
type Body = ActionInput extends infer T ? (T extends unknown ? Omit<T, 'version'> : never) : never;

function act(b: CaseBundle, by: Caller, input: Body, now = at(3), refs = {}): CaseChange {
  return decideAction(b, { ...input, version: b.row.version } as ActionInput, { caller: by, now, cal, refs });
}

function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('not refused');
}

describe('filing', () => {
  it('opens the case with its first proceeding, two chained events and the limitation clock', () => {
    const b = file(worker, union);
    expect(b.row).toMatchObject({ status: 'open', channel: 'online', version: 1, eventCount: 1, currentState: 'received', claimedFen: 1_500_000 });
    expect(b.proceedings).toMatchObject([{ kind: 'mediation', state: 'received', orgId: union.id, orgName: union.name }]);
    expect(b.applicants[0].userId).toBe(worker.userId);
    expect(b.clocks.map((k) => k.kind)).toContain('limitation');
  });

  it('refuses staff filing at another organisation', () => {
    expect(refusal(() => file(arbitrator, union))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('accept', () => {
  it('moves the proceeding, keeps the 15-day mediation clock from receipt and links the event onto the chain', () => {
    const b = file(worker, union);
    const change = act(b, mediator, { action: 'accept' });
    const { after } = change;
    expect(after.proceedings[0]).toMatchObject({ state: 'accepted', acceptedAt: at(3) });
    expect(after.row).toMatchObject({ version: 2, eventCount: 2, currentState: 'accepted', lastOccurredAt: at(3) });
    const clock = after.clocks.find((k) => k.kind === 'mediation')!;
    expect(clock).toMatchObject({ status: 'running', startedOn: '2025-06-02', dueOn: '2025-06-17' });
    expect(clock).toBe(b.clocks.find((k) => k.kind === 'mediation'));
    expect(change.events).toHaveLength(1);
    expect(change.events[0]).toMatchObject({ action: 'accept', seq: 2, actorUserId: mediator.userId, data: { kind: 'mediation', orgId: union.id } });
    expect(change.events[0].prevHash).toBe(b.row.lastEventHash);
    expect(after.row.lastEventHash).toBe(change.events[0].hash);
  });

  it('leaves the case it was given as it was', () => {
    const b = file(worker, union);
    const copy = structuredClone(b);
    act(b, mediator, { action: 'accept' });
    expect(b).toEqual(copy);
  });

  it('is refused to staff of another organisation, to the worker, to a stale version, and a second time', () => {
    const b = file(worker, union);
    expect(refusal(() => act(b, arbitrator, { action: 'accept' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(refusal(() => act(b, worker, { action: 'accept' })).code).toMatch(/^(FORBIDDEN|INVALID_TRANSITION)$/);
    expect(refusal(() => decideAction(b, { action: 'accept', version: 7 }, { caller: mediator, now: at(3), cal, refs: {} }))).toMatchObject({ code: 'VERSION_CONFLICT' });
    const accepted = act(b, mediator, { action: 'accept' }).after;
    expect(refusal(() => act(accepted, mediator, { action: 'accept' }))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('refuses a time before the previous event or after now', () => {
    const b = file(worker, union);
    expect(refusal(() => act(b, mediator, { action: 'accept', occurredAt: at(1) }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refusal(() => act(b, mediator, { action: 'accept', occurredAt: at(4) }))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('settle', () => {
  const accepted = () => act(file(worker, union), mediator, { action: 'accept' }).after;
  const agreement = { amountFen: 1_200_000, terms: '分两期支付', instalments: [{ dueOn: '2025-06-30', amountFen: 600_000 }, { dueOn: '2025-07-31', amountFen: 600_000 }] };

  it('concludes on time, records the agreement as current, stops the mediation clock and starts performance', () => {
    const change = act(accepted(), mediator, { action: 'settle', agreement }, at(10));
    const { after } = change;
    expect(after.proceedings[0]).toMatchObject({ state: 'concluded', outcome: 'settled', onTime: true, concludedAt: at(10) });
    expect(after.agreement).toMatchObject({ amountFen: 1_200_000, status: 'pending', paidFen: 0, proceedingId: after.proceedings[0].id });
    expect(after.instalments.map((i) => i.seq)).toEqual([1, 2]);
    expect(after.clocks.find((k) => k.kind === 'mediation')).toMatchObject({ status: 'met', stoppedOn: '2025-06-10' });
    expect(after.clocks.find((k) => k.kind === 'performance')).toMatchObject({ status: 'running', dueOn: '2025-06-30' });
    expect(change.events[0].data).toEqual({ agreementId: after.agreement!.id, agreement });
  });

  it('is counted as a conclusion and a settlement on the day, at the mediating organisation', () => {
    const change = act(accepted(), mediator, { action: 'settle', agreement }, at(10));
    const counted = change.stats.filter((d) => d.counters.settled);
    expect(counted).toEqual([expect.objectContaining({ orgId: union.id, kind: 'mediation', on: '2025-06-10', counters: expect.objectContaining({ settled: 1, concluded: 1 }) })]);
    const facts = statChange(change.before, change.after);
    expect(facts.proceedings).toHaveLength(1);
    expect(facts.agreements).toHaveLength(1);
  });

  it('concluded after the 15 days is not on time', () => {
    const late = act(accepted(), mediator, { action: 'settle', agreement }, at(28));
    expect(late.after.proceedings[0].onTime).toBe(false);
  });
});

describe('payments', () => {
  const settled = () => {
    const b = act(file(worker, union), mediator, { action: 'accept' }).after;
    const agreement = { amountFen: 1_000_000, terms: '分两期', instalments: [{ dueOn: '2025-06-30', amountFen: 500_000 }, { dueOn: '2025-07-31', amountFen: 500_000 }] };
    return act(b, mediator, { action: 'settle', agreement }, at(10)).after;
  };

  it('a first instalment moves the performance clock to the next one', () => {
    const change = act(settled(), mediator, { action: 'record_payment', amountFen: 500_000, paidAt: at(11) }, at(12));
    expect(change.after.agreement).toMatchObject({ paidFen: 500_000, status: 'pending' });
    expect(change.after.payments).toHaveLength(1);
    expect(change.after.clocks.find((k) => k.kind === 'performance')).toMatchObject({ dueOn: '2025-07-31', status: 'running' });
  });

  it('refuses more than is outstanding and a payment dated in the future', () => {
    const b = settled();
    expect(refusal(() => act(b, mediator, { action: 'record_payment', amountFen: 1_000_001, paidAt: at(11) }, at(12)))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refusal(() => act(b, mediator, { action: 'record_payment', amountFen: 1, paidAt: at(20) }, at(12)))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('extend', () => {
  it('moves the arbitration clock by the days given, once, and refuses more than the law allows, citing it', () => {
    const b = act(file(arbitrator, commission), arbitrator, { action: 'accept' }).after;
    const tooLong = refusal(() => act(b, arbitrator, { action: 'extend', days: 16, reason: '案情复杂' }, at(4)));
    expect(tooLong).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('《劳动争议调解仲裁法》') });
    const before = b.clocks.find((k) => k.kind === 'arbitration_award')!;
    const extended = act(b, arbitrator, { action: 'extend', days: 10, reason: '案情复杂' }, at(4)).after;
    const clock = extended.clocks.find((k) => k.kind === 'arbitration_award')!;
    expect(clock).toMatchObject({ extensionDays: 10, extensions: 1 });
    expect(clock.dueOn > before.dueOn).toBe(true);
    expect(refusal(() => act(extended, arbitrator, { action: 'extend', days: 5, reason: '仍需时间' }, at(5))).code).toBe('INVALID_TRANSITION');
  });
});

describe('refer and assign, with the rows they name', () => {
  const failed = () => {
    const b = act(file(worker, union), mediator, { action: 'accept' }).after;
    return act(b, mediator, { action: 'fail', reason: '用人单位拒绝调解' }, at(5)).after;
  };

  it('refers a failed mediation to arbitration: a new proceeding received there, which now handles the case', () => {
    const change = act(failed(), mediator, { action: 'refer', toOrgId: commission.id, kind: 'arbitration', reason: '调解不成' }, at(6), { org: commission });
    const { after } = change;
    expect(after.proceedings.map((p) => [p.kind, p.state])).toEqual([
      ['mediation', 'concluded'],
      ['arbitration', 'received'],
    ]);
    expect(after.row).toMatchObject({ currentOrgId: commission.id, currentKind: 'arbitration', currentState: 'received' });
    expect(after.orgs.map((o) => o.orgId)).toEqual([union.id, commission.id]);
    expect(change.events[0].data).toMatchObject({ toOrgId: commission.id, fromOrgId: union.id });
  });

  it('refuses a referral to an organisation that does not exist or does not handle the kind', () => {
    const b = failed();
    const input = { action: 'refer', toOrgId: commission.id, kind: 'arbitration', reason: '调解不成' } as const;
    expect(refusal(() => act(b, mediator, input, at(6), { org: null }))).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('names no organisation') });
    expect(refusal(() => act(b, mediator, input, at(6), { org: union }))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('assigns only an active member of the handling organisation', () => {
    const b = file(worker, union);
    const other = { id: arbitrator.userId, orgId: commission.id, disabled: false };
    expect(refusal(() => act(b, mediator, { action: 'assign', userId: other.id }, at(3), { staff: other }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refusal(() => act(b, mediator, { action: 'assign', userId: mediator.userId }, at(3), { staff: { id: mediator.userId, orgId: union.id, disabled: true } }))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const assigned = act(b, mediator, { action: 'assign', userId: mediator.userId }, at(3), { staff: { id: mediator.userId, orgId: union.id, disabled: false } });
    expect(assigned.after.proceedings[0].assignedUserId).toBe(mediator.userId);
  });
});

describe('the chain across actions', () => {
  it('stays intact over a whole mediation, each event on the last', () => {
    let b = file(worker, union);
    const rows: CaseChange['events'] = [];
    for (const [input, day] of [
      [{ action: 'accept' }, 3],
      [{ action: 'schedule', at: at(8), place: '调解室一' }, 4],
      [{ action: 'note', text: '已电话联系用人单位', internal: true }, 5],
      [{ action: 'settle', agreement: { amountFen: 800_000, terms: '一次付清' } }, 8],
    ] as [Body, number][]) {
      const change = act(b, mediator, input, at(day));
      rows.push(...change.events);
      b = change.after;
    }
    expect(b.row.version).toBe(5);
    expect(b.hearings).toHaveLength(1);
    // The filing's own event comes first on the chain.
    const filed = decideFiling(filing, { caller: worker, now: at(2), cal, refs: {}, org: union, number: 'X', callerOrg: null, calendarVersion: 'v', resembles: [] });
    expect(rows.map((r) => r.seq)).toEqual([2, 3, 4, 5]);
    expect(rows.every((r, i) => i === 0 || r.prevHash === rows[i - 1].hash)).toBe(true);
    expect(verifyChain(filed.events)).toBeNull();
  });
});
