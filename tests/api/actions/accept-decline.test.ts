/**
 * POST /cases/:id/actions (SPEC §4): accepting and declining a proceeding that was referred or
 * filed. Each row of the table is run by describeActions (setup.ts).
 */
import { expect } from 'vitest';
import { caseBody } from '../../support/app.js';
import {
  BY, commission, describeActions, type Effect, expectReasonOnly, last, liaison, nextKinds, S, t, township,
  UNION_AND_WORKER, useActionWorld, WHEN,
} from './setup.js';

useActionWorld();

const accepted: Effect = (before, after, ev) => {
  expect(last(before)).toMatchObject({ kind: 'arbitration', state: 'received', acceptedAt: null });
  expect(last(after)).toMatchObject({ kind: 'arbitration', orgId: commission.id, state: 'accepted', outcome: null });
  expect(Date.parse(last(after).acceptedAt)).toBe(Date.parse(ev.occurredAt));
  expect(ev.proceedingId).toBe(last(after).id);
  expect(ev.data).toEqual({ kind: 'arbitration', orgId: commission.id });
};

const declined: Effect = (_before, after, ev) => {
  expect(last(after)).toMatchObject({ state: 'declined', outcome: null, reason: '超过仲裁时效' });
  expect(Date.parse(last(after).concludedAt)).toBe(Date.parse(ev.occurredAt));
  expect(nextKinds(after)).toContain('litigation');
  expectReasonOnly(ev, '超过仲裁时效');
};

/** Handling staff of a case it delegated to a mediation organisation, which is not the one to accept it. */
const delegatingCourt = {
  name: 'the court that delegated a mediation (handling staff, not the mediation organisation)',
  who: () => liaison,
  setup: async () => {
    const res = await t.call('POST', '/cases', { token: liaison.token, body: caseBody(township.id) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  },
};

describeActions('accept-decline', [
  { action: 'accept', ...BY.receivingArbitrator, ready: S.arbitrationReceived, effect: accepted,
    wrongRole: [...UNION_AND_WORKER, delegatingCourt], wrongState: [WHEN.alreadyAccepted, { name: 'the proceeding was declined', setup: S.arbitrationDeclined }] },
  { action: 'decline', ...BY.receivingArbitrator, ready: S.arbitrationReceived, effect: declined,
    wrongRole: UNION_AND_WORKER, wrongState: [WHEN.alreadyAccepted] },
]);
