/**
 * POST /cases/:id/actions (SPEC §4): the course of an accepted proceeding: hearings, extensions of
 * its period, suspension (中止) and resumption. Each row of the table is run by describeActions
 * (setup.ts); the payload rules are this file's own.
 */
import { describe, expect, it } from 'vitest';
import { EXTENSION_LIMITS } from '../../../src/domain/clockRules.js';
import { act } from '../../support/app.js';
import {
  arbitrator, BY, describeActions, type Effect, expectReasonOnly, expectRefused, last, liaison, mediator, S, t,
  timelineOf, UNION_AND_WORKER, useActionWorld, WHEN,
} from './setup.js';

useActionWorld();

const scheduled: Effect = (before, after, ev) => {
  expect(last(before).hearings).toEqual([]);
  expect(last(after).hearings).toEqual([{ at: '2099-03-01T01:30:00.000Z', place: '第一仲裁庭' }]);
  expect(last(after).state).toBe('accepted');
  expect(ev.data).toEqual({ at: '2099-03-01T01:30:00.000Z', place: '第一仲裁庭' });
};

const extended: Effect = (before, after, ev) => {
  // Arbitration may be extended once: the second time is no longer offered.
  expect(before.allowedActions).toContain('extend');
  expect(after.allowedActions).not.toContain('extend');
  expect(after.allowedActions).toContain('award');
  expect(ev.data).toMatchObject({ days: 10, reason: '案情复杂，经主任批准' });
  expect(ev.data.basis).toBe(EXTENSION_LIMITS.arbitration!.basis);
  expect(ev.data.basis).toContain('《劳动争议调解仲裁法》第四十三条');
};

const paused: Effect = (before, after, ev) => {
  expect(last(before).paused).toBe(false);
  expect(last(after)).toMatchObject({ paused: true, state: 'accepted' });
  expect(after.allowedActions).toContain('resume');
  expect(after.allowedActions).not.toContain('pause');
  expect(after.allowedActions).not.toContain('award');
  expectReasonOnly(ev, '等待工伤认定结论');
};

const resumed: Effect = (before, after, ev) => {
  expect(last(before).paused).toBe(true);
  expect(last(after)).toMatchObject({ paused: false, state: 'accepted' });
  expect(after.allowedActions).toContain('pause');
  expect(after.allowedActions).not.toContain('resume');
  expect(ev.data).toEqual({});
};

describeActions('hearings-extend-pause', [
  { action: 'schedule', ...BY.arbitrator, ready: S.arbitrationAccepted, effect: scheduled, wrongRole: UNION_AND_WORKER, wrongState: [WHEN.onlyReceived, WHEN.paused] },
  { action: 'extend', ...BY.arbitrator, ready: S.arbitrationAccepted, effect: extended,
    wrongRole: UNION_AND_WORKER, wrongState: [WHEN.onlyReceived, WHEN.paused, { name: 'a confirmation has no extensible period', setup: S.confirmationAccepted, by: () => liaison }] },
  { action: 'pause', ...BY.arbitrator, ready: S.arbitrationAccepted, effect: paused,
    wrongRole: UNION_AND_WORKER, wrongState: [WHEN.onlyReceived, { name: 'the proceeding is already paused', setup: S.arbitrationPaused }] },
  { action: 'resume', ...BY.arbitrator, ready: S.arbitrationPaused, effect: resumed,
    wrongRole: UNION_AND_WORKER, wrongState: [{ name: 'the proceeding is not paused', setup: S.arbitrationAccepted }, WHEN.onlyReceived] },
]);

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
});
