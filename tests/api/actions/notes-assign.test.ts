/**
 * POST /cases/:id/actions (SPEC §4, §12): work on a case that changes no state: notes (internal or
 * not), assigning a proceeding to a colleague, and saying a possible duplicate claim is none. Each row of the table is run by describeActions
 * (setup.ts); the payload rules are this file's own.
 */
import { describe, expect, it } from 'vitest';
import { act } from '../../support/app.js';
import {
  arbitrator, arbitrator2, BY, describeActions, detailOf, duplicateOf, type Effect, expectRefused, last, mediator, S, t,
  timelineOf, UNION_AND_WORKER, useActionWorld, worker,
} from './setup.js';

useActionWorld();

const assigned: Effect = (before, after, ev) => {
  expect(last(before).assignedUserId).toBeNull();
  expect(last(after)).toMatchObject({ assignedUserId: arbitrator2.id, state: 'accepted' });
  expect(ev.data).toEqual({ userId: arbitrator2.id });
};

const noted: Effect = (before, after, ev) => {
  expect(after.proceedings).toEqual(before.proceedings);
  expect(after.agreement).toEqual(before.agreement);
  expect(ev).toMatchObject({ internal: false, proceedingId: null });
  expect(ev.data).toEqual({ text: '已电话联系用人单位', internal: false });
};

const notDuplicate: Effect = (before, after, ev) => {
  expect(before.possibleDuplicates).toEqual([{ number: duplicateOf.number, orgName: last(before).orgName, status: 'open' }]);
  expect(after.possibleDuplicates).toEqual([]);
  expect(after.proceedings).toEqual(before.proceedings);
  // The flag is for staff: so is its dismissal.
  expect(ev).toMatchObject({ internal: true, proceedingId: null, data: { number: duplicateOf.number } });
};

describeActions('notes-assign', [
  { action: 'assign', ...BY.arbitrator, ready: S.arbitrationAccepted, effect: assigned, wrongRole: UNION_AND_WORKER, wrongState: [{ name: 'no proceeding is open', setup: S.arbitrationDeclined }] },
  // A note is possible in every state, closed cases included (every-action.test.ts).
  { action: 'note', ...BY.unionAsEarlierHandler, ready: S.arbitrationAccepted, effect: noted, wrongRole: [{ name: 'the applicant worker (notes are for staff)', who: () => worker }], wrongState: [] },
  {
    action: 'not_duplicate',
    actorName: 'the mediator of the union',
    actor: () => mediator,
    ready: S.possibleDuplicate,
    effect: notDuplicate,
    wrongRole: [{ name: 'the applicant worker (the flag is for staff)', who: () => worker }],
    wrongState: [{ name: 'the case has no possible duplicate', setup: S.mediationReceived }],
  },
]);

describe('payload rules', () => {
  it('not_duplicate: a number that is not a possible duplicate of the case is 400; the other case no longer shows it either', async () => {
    const id = await S.possibleDuplicate();
    const error = await expectRefused(mediator, id, { action: 'not_duplicate', number: 'XXXX-2026-99999' }, 400, 'VALIDATION_FAILED', 'unknown number');
    expect(error.details[0].field).toBe('body.number');
    const first = (await t.call('GET', `/cases?q=${encodeURIComponent(duplicateOf.number)}`, { token: mediator.token })).json().items[0];
    const second = await detailOf(mediator, id);
    expect((await detailOf(mediator, first.id)).possibleDuplicates).toEqual([{ number: second.number, orgName: last(second).orgName, status: 'open' }]);
    // The worker is not told of the flag.
    expect((await detailOf(worker, id)).possibleDuplicates).toEqual([]);
    await act(t, mediator.token, id, 'not_duplicate', { number: duplicateOf.number });
    expect((await detailOf(mediator, first.id)).possibleDuplicates).toEqual([]);
    expect((await detailOf(mediator, first.id)).allowedActions).not.toContain('not_duplicate');
  });

  it('assign: someone who is not staff of the proceeding\'s organisation is 400', async () => {
    const id = await S.arbitrationAccepted();
    for (const userId of [mediator.id, worker.id, '0190f5c3-0000-7000-8000-000000000000']) {
      const error = await expectRefused(arbitrator, id, { action: 'assign', userId }, 400, 'VALIDATION_FAILED', userId);
      expect(error.details[0].field).toBe('body.userId');
    }
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
