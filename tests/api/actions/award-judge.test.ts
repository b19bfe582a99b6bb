/**
 * POST /cases/:id/actions (SPEC §4): decisions that end a proceeding: an arbitral award and a
 * court judgement. Each row of the table is run by describeActions (setup.ts); the payload rules
 * are this file's own.
 */
import { describe, expect, it } from 'vitest';
import {
  arbitrator, asUnion, asWorker, BY, commission, court, describeActions, type Effect, expectConcluded,
  expectRefused, mediator, S, UNION_AND_WORKER, useActionWorld, WHEN,
} from './setup.js';

useActionWorld();

const awarded: Effect = (_before, after, ev) => {
  expectConcluded(after, 'awarded');
  expect(after.agreement).toMatchObject({ orgId: commission.id, amountFen: 1_500_000, final: true, deliveredAt: '2025-06-01T02:00:00.000Z', status: 'pending' });
  expect(ev.data).toMatchObject({ agreementId: after.agreement.id, final: true, deliveredAt: '2025-06-01T02:00:00.000Z' });
};

const judged: Effect = (_before, after, ev) => {
  expectConcluded(after, 'judged', { kind: 'litigation' });
  expect(after.agreement).toMatchObject({ orgId: court.id, amountFen: 2_000_000, terms: '判决支付', status: 'pending' });
  expect(ev.data).toMatchObject({ agreementId: after.agreement.id, agreement: { amountFen: 2_000_000 } });
};

const arbitratorBefore = { name: 'the arbitrator, whose proceeding came before', who: () => arbitrator };

describeActions('award-judge', [
  { action: 'award', ...BY.arbitrator, ready: S.arbitrationAccepted, effect: awarded,
    wrongRole: UNION_AND_WORKER, wrongState: [WHEN.onlyReceived, WHEN.paused, { name: 'a mediation cannot be awarded', setup: S.mediationAccepted, by: () => mediator }] },
  { action: 'judge', ...BY.liaison, ready: S.litigationAccepted, effect: judged,
    wrongRole: [asUnion, arbitratorBefore, asWorker],
    wrongState: [{ name: 'the lawsuit is only received', setup: S.litigationReceived }, { name: 'a confirmation cannot be judged', setup: S.confirmationAccepted }] },
]);

describe('payload rules', () => {
  it('award: a delivery date in the future is 400', async () => {
    const id = await S.arbitrationAccepted();
    const deliveredAt = new Date(Date.now() + 86_400_000).toISOString();
    const error = await expectRefused(arbitrator, id, { action: 'award', agreement: { amountFen: 100, terms: '裁决' }, final: false, deliveredAt }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.deliveredAt');
  });
});
