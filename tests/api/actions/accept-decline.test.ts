/**
 * POST /cases/:id/actions (SPEC §4): accepting and declining a proceeding that was referred or
 * filed. Each row of the table is run by describeActions (setup.ts).
 */
import { expect } from 'vitest';
import { caseBody } from '../../support/app.js';
import {
  type ActionSpec,
  arbitrator,
  asUnion,
  asWorker,
  commission,
  describeActions,
  last,
  liaison,
  S,
  t,
  township,
  useActionWorld,
} from './setup.js';

useActionWorld();

const SPECS: ActionSpec[] = [
  {
    action: 'accept',
    actorName: 'the arbitrator of the receiving commission',
    actor: () => arbitrator,
    ready: S.arbitrationReceived,
    effect(before, after, ev) {
      expect(last(before)).toMatchObject({ kind: 'arbitration', state: 'received', acceptedAt: null });
      expect(last(after)).toMatchObject({ kind: 'arbitration', orgId: commission.id, state: 'accepted', outcome: null });
      expect(Date.parse(last(after).acceptedAt)).toBe(Date.parse(ev.occurredAt));
      expect(ev.proceedingId).toBe(last(after).id);
      expect(ev.data).toEqual({ kind: 'arbitration', orgId: commission.id });
    },
    wrongRole: [
      asUnion,
      asWorker,
      {
        name: 'the court that delegated a mediation (handling staff, not the mediation organisation)',
        who: () => liaison,
        setup: async () => {
          const res = await t.call('POST', '/cases', { token: liaison.token, body: caseBody(township.id) });
          expect(res.statusCode, res.body).toBe(201);
          return res.json().id;
        },
      },
    ],
    wrongState: [
      { name: 'the proceeding is already accepted', setup: S.arbitrationAccepted },
      { name: 'the proceeding was declined', setup: S.arbitrationDeclined },
    ],
  },
  {
    action: 'decline',
    actorName: 'the arbitrator of the receiving commission',
    actor: () => arbitrator,
    ready: S.arbitrationReceived,
    effect(_before, after, ev) {
      expect(last(after)).toMatchObject({ state: 'declined', outcome: null, reason: '超过仲裁时效' });
      expect(Date.parse(last(after).concludedAt)).toBe(Date.parse(ev.occurredAt));
      expect(after.nextSteps.map((s: { kind: string }) => s.kind)).toContain('litigation');
      expect(ev.data).toEqual({ reason: '超过仲裁时效' });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [{ name: 'the proceeding is already accepted', setup: S.arbitrationAccepted }],
  },
];

describeActions('accept-decline', SPECS);
