/**
 * POST /cases/:id/actions (SPEC §4): how a proceeding ends by the parties: a settlement with its
 * agreement, or a failed mediation. Each row of the table is run by describeActions (setup.ts);
 * the payload rules are this file's own.
 */
import { describe, expect, it } from 'vitest';
import {
  type ActionSpec,
  arbitrator,
  asUnion,
  asWorker,
  commission,
  describeActions,
  expectRefused,
  last,
  liaison,
  mediator,
  S,
  townMediator,
  township,
  useActionWorld,
} from './setup.js';

useActionWorld();

const SPECS: ActionSpec[] = [
  {
    action: 'settle',
    actorName: 'the arbitrator',
    actor: () => arbitrator,
    ready: S.arbitrationAccepted,
    effect(before, after, ev) {
      expect(before.agreement).toBeNull();
      expect(last(after)).toMatchObject({ state: 'concluded', outcome: 'settled' });
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
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the proceeding is only received', setup: S.arbitrationReceived },
      { name: 'the proceeding is paused', setup: S.arbitrationPaused },
      { name: 'a confirmation cannot be settled', setup: S.confirmationAccepted, by: () => liaison },
    ],
  },
  {
    action: 'fail',
    actorName: 'the mediator of the second mediation organisation',
    actor: () => townMediator,
    ready: S.secondMediationAccepted,
    effect(_before, after, ev) {
      expect(last(after)).toMatchObject({ kind: 'mediation', orgId: township.id, state: 'concluded', outcome: 'failed', reason: '双方分歧过大' });
      expect(after.nextSteps.map((s: { kind: string }) => s.kind)).toContain('arbitration');
      expect(after.agreement).toBeNull();
      expect(ev.data).toEqual({ reason: '双方分歧过大' });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the mediation is only received', setup: S.secondMediationReceived },
      { name: 'an arbitration cannot fail', setup: S.arbitrationAccepted, by: () => arbitrator },
    ],
  },
];

describeActions('settle-fail', SPECS);

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
