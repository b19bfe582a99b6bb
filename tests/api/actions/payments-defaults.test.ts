/**
 * POST /cases/:id/actions (SPEC §4): following an agreement up: recording payments towards it and
 * recording a default. Each row of the table is run by describeActions (setup.ts); the payload
 * rules are this file's own.
 */
import { describe, expect, it } from 'vitest';
import { act } from '../../support/app.js';
import {
  asWorker, BY, describeActions, type Effect, expectRefused, hourAgo, liaison, mediator, nextKinds, S, t,
  useActionWorld, WHEN,
} from './setup.js';

useActionWorld();

const paymentRecorded: Effect = (before, after, ev) => {
  expect(before.agreement).toMatchObject({ paidFen: 0, status: 'pending' });
  expect(after.agreement).toMatchObject({ paidFen: 200_000, status: 'pending' });
  expect(after.payments).toEqual([{ id: expect.any(String), amountFen: 200_000, paidAt: '2025-06-02T01:00:00.000Z', recordedAt: expect.any(String), applicantIndex: null }]);
  expect(ev.data).toMatchObject({ agreementId: before.agreement.id, amountFen: 200_000, paidFen: 200_000, status: 'pending' });
};

const defaultRecorded: Effect = (before, after, ev) => {
  expect(before.nextSteps).toEqual([]);
  expect(after.agreement).toMatchObject({ id: before.agreement.id, status: 'defaulted' });
  expect(nextKinds(after)).toEqual(['litigation']);
  expect(ev.data).toEqual({ agreementId: before.agreement.id, reason: '第一期逾期未付' });
};

/** Payments and defaults are recorded by whoever recorded the agreement, not by whoever handled the case last. */
const NOT_THE_RECORDER = [{ name: 'the court, which handled the case last but did not record the agreement', who: () => liaison }, asWorker];

describeActions('payments-defaults', [
  { action: 'record_payment', ...BY.unionAsRecorder, ready: S.confirmationConfirmed, effect: paymentRecorded,
    wrongRole: NOT_THE_RECORDER, wrongState: [WHEN.noAgreement, { name: 'the agreement is already performed', setup: S.agreementPerformed }] },
  { action: 'record_default', ...BY.unionAsRecorder, ready: S.confirmationConfirmed, effect: defaultRecorded, wrongRole: NOT_THE_RECORDER,
    wrongState: [WHEN.noAgreement, { name: 'the agreement is already in default', setup: S.agreementDefaulted }, { name: 'the agreement is performed', setup: S.agreementPerformed }] },
]);

describe('payload rules', () => {
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
});
