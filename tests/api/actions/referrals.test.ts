/**
 * POST /cases/:id/actions (SPEC §4): referring a case on to another organisation, and which routes
 * the transition table allows to whom. Each row of the table is run by describeActions (setup.ts);
 * the payload rules are this file's own.
 */
import { describe, expect, it } from 'vitest';
import { act } from '../../support/app.js';
import {
  arbitrator, asUnion, BY, commission, court, describeActions, detailOf, type Effect, expectRefused, last,
  liaison, mediator, procuratorate, S, t, timelineOf, township, union, useActionWorld, worker,
} from './setup.js';

useActionWorld();

const referred: Effect = (before, after, ev) => {
  expect(after.proceedings).toHaveLength(before.proceedings.length + 1);
  expect(after.proceedings.slice(0, -1)).toEqual(before.proceedings);
  expect(last(after)).toMatchObject({ kind: 'litigation', orgId: court.id, state: 'received', outcome: null, referredFromOrgId: commission.id, reason: '不予受理后起诉' });
  expect(ev.proceedingId).toBe(last(after).id);
  expect(ev.data).toMatchObject({ toOrgId: court.id, kind: 'litigation', reason: '不予受理后起诉', fromOrgId: commission.id });
  expect(ev.data.basis).toContain('《劳动争议调解仲裁法》第二十九条');
};

describeActions('referrals', [
  { action: 'refer', ...BY.declinedArbitrator, ready: S.arbitrationDeclined, effect: referred,
    wrongRole: [asUnion, { name: 'the applicant worker (no route of theirs after a declined arbitration)', who: () => worker }],
    wrongState: [
      { name: 'a proceeding is still open', setup: S.arbitrationAccepted },
      { name: 'a confirmed agreement not in default leads nowhere', setup: S.confirmationConfirmed, by: () => liaison },
    ] },
]);

describe('payload rules', () => {
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
});
