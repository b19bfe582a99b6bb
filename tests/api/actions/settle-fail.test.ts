/**
 * POST /cases/:id/actions (SPEC §4): how a proceeding ends by the parties: a settlement with its
 * agreement, or a failed mediation. Each row of the table is run by describeActions (setup.ts);
 * the payload rules are this file's own.
 */
import { describe, expect, it } from 'vitest';
import {
  arbitrator, BY, commission, describeActions, type Effect, expectConcluded, expectReasonOnly, expectRefused,
  last, liaison, mediator, nextKinds, S, township, UNION_AND_WORKER, useActionWorld, WHEN,
} from './setup.js';

useActionWorld();

const settled: Effect = (before, after, ev) => {
  expect(before.agreement).toBeNull();
  expectConcluded(after, 'settled');
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
};

const failed: Effect = (_before, after, ev) => {
  expectConcluded(after, 'failed', { kind: 'mediation', orgId: township.id, reason: '双方分歧过大' });
  expect(nextKinds(after)).toContain('arbitration');
  expect(after.agreement).toBeNull();
  expectReasonOnly(ev, '双方分歧过大');
};

describeActions('settle-fail', [
  { action: 'settle', ...BY.arbitrator, ready: S.arbitrationAccepted, effect: settled,
    wrongRole: UNION_AND_WORKER, wrongState: [WHEN.onlyReceived, WHEN.paused, { name: 'a confirmation cannot be settled', setup: S.confirmationAccepted, by: () => liaison }] },
  { action: 'fail', ...BY.townMediator, ready: S.secondMediationAccepted, effect: failed,
    wrongRole: UNION_AND_WORKER,
    wrongState: [{ name: 'the mediation is only received', setup: S.secondMediationReceived }, { name: 'an arbitration cannot fail', setup: S.arbitrationAccepted, by: () => arbitrator }] },
]);

describe('payload rules', () => {
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
});
