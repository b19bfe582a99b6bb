/**
 * POST /cases/:id/actions (SPEC §4): withdrawing a proceeding and closing a case, with the
 * outcomes a close may claim. Each row of the table is run by describeActions (setup.ts); the
 * payload rules are this file's own.
 */
import { describe, expect, it } from 'vitest';
import { act } from '../../support/app.js';
import {
  arbitrator, asUnion, BY, describeActions, detailOf, type Effect, expectConcluded, expectRefused, hourAgo,
  liaison, mediator, otherWorker, S, t, timelineOf, UNION_AND_WORKER, useActionWorld, worker,
} from './setup.js';

useActionWorld();

const withdrawn: Effect = (_before, after, ev) => {
  expectConcluded(after, 'withdrawn', { reason: '已与单位自行和解' });
  expect(ev).toMatchObject({ actorUserId: worker.id, actorOrgId: null });
  expect(ev.data).toEqual({ reason: '已与单位自行和解', by: 'applicant' });
};

const closed: Effect = (before, after, ev) => {
  expect(before).toMatchObject({ status: 'open', outcome: null, closedAt: null });
  expect(after).toMatchObject({ status: 'closed', outcome: 'withdrawn' });
  expect(Date.parse(after.closedAt)).toBe(Date.parse(ev.occurredAt));
  expect(after.allowedActions).toEqual(['note']);
  expect(after.nextSteps).toEqual([]);
  expect(ev.proceedingId).toBeNull();
  expect(ev.data).toEqual({ outcome: 'withdrawn' });
};

describeActions('withdraw-close', [
  { action: 'withdraw', ...BY.worker, ready: S.mediationReceived, effect: withdrawn,
    wrongRole: [{ ...asUnion, setup: S.arbitrationReceived }], wrongState: [{ name: 'the mediation has failed', setup: S.mediationFailed }, { name: 'the case is closed', setup: S.closed }] },
  { action: 'close', ...BY.withdrawnArbitrator, ready: S.arbitrationWithdrawn, effect: closed,
    wrongRole: UNION_AND_WORKER, wrongState: [{ name: 'a proceeding is open', setup: S.arbitrationAccepted }, { name: 'the case is already closed', setup: S.closed, by: () => mediator }] },
]);

describe('payload rules', () => {
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
});
