/**
 * POST /cases/:id/actions (SPEC §4): decisions that end a proceeding: an arbitral award and a
 * court judgement. Each row of the table is run by describeActions (setup.ts); the payload rules
 * are this file's own.
 */
import { describe, expect, it } from 'vitest';
import {
  type ActionSpec,
  arbitrator,
  asUnion,
  asWorker,
  commission,
  court,
  describeActions,
  expectRefused,
  last,
  liaison,
  mediator,
  S,
  useActionWorld,
} from './setup.js';

useActionWorld();

const SPECS: ActionSpec[] = [
  {
    action: 'award',
    actorName: 'the arbitrator',
    actor: () => arbitrator,
    ready: S.arbitrationAccepted,
    effect(_before, after, ev) {
      expect(last(after)).toMatchObject({ state: 'concluded', outcome: 'awarded' });
      expect(after.agreement).toMatchObject({
        orgId: commission.id,
        amountFen: 1_500_000,
        final: true,
        deliveredAt: '2025-06-01T02:00:00.000Z',
        status: 'pending',
      });
      expect(ev.data).toMatchObject({ agreementId: after.agreement.id, final: true, deliveredAt: '2025-06-01T02:00:00.000Z' });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the proceeding is only received', setup: S.arbitrationReceived },
      { name: 'the proceeding is paused', setup: S.arbitrationPaused },
      { name: 'a mediation cannot be awarded', setup: S.mediationAccepted, by: () => mediator },
    ],
  },
  {
    action: 'judge',
    actorName: 'the court liaison',
    actor: () => liaison,
    ready: S.litigationAccepted,
    effect(_before, after, ev) {
      expect(last(after)).toMatchObject({ kind: 'litigation', state: 'concluded', outcome: 'judged' });
      expect(after.agreement).toMatchObject({ orgId: court.id, amountFen: 2_000_000, terms: '判决支付', status: 'pending' });
      expect(ev.data).toMatchObject({ agreementId: after.agreement.id, agreement: { amountFen: 2_000_000 } });
    },
    wrongRole: [asUnion, { name: 'the arbitrator, whose proceeding came before', who: () => arbitrator }, asWorker],
    wrongState: [
      { name: 'the lawsuit is only received', setup: S.litigationReceived },
      { name: 'a confirmation cannot be judged', setup: S.confirmationAccepted },
    ],
  },
];

describeActions('award-judge', SPECS);

describe('payload rules', () => {
  it('award: a delivery date in the future is 400', async () => {
    const id = await S.arbitrationAccepted();
    const error = await expectRefused(
      arbitrator,
      id,
      { action: 'award', agreement: { amountFen: 100, terms: '裁决' }, final: false, deliveredAt: new Date(Date.now() + 86_400_000).toISOString() },
      400,
      'VALIDATION_FAILED',
    );
    expect(error.details[0].field).toBe('body.deliveredAt');
  });
});
