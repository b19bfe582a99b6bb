/**
 * POST /cases/:id/actions (SPEC §4): the court's judicial confirmation (司法确认) of a mediated
 * agreement, given or refused. Each row of the table is run by describeActions (setup.ts).
 */
import { expect } from 'vitest';
import {
  type ActionSpec,
  asUnion,
  asWorker,
  court,
  describeActions,
  last,
  liaison,
  S,
  union,
  useActionWorld,
} from './setup.js';

useActionWorld();

const SPECS: ActionSpec[] = [
  {
    action: 'confirm',
    actorName: 'the court liaison',
    actor: () => liaison,
    ready: S.confirmationAccepted,
    effect(before, after, ev) {
      expect(last(after)).toMatchObject({ kind: 'confirmation', state: 'concluded', outcome: 'confirmed' });
      expect(before.agreement.confirmedAt).toBeNull();
      expect(after.agreement).toMatchObject({ id: before.agreement.id, orgId: union.id, confirmedByOrgId: court.id });
      expect(Date.parse(after.agreement.confirmedAt)).toBe(Date.parse(ev.occurredAt));
      expect(ev.data).toEqual({ agreementId: before.agreement.id });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the confirmation is only received', setup: S.confirmationReceived },
      { name: 'a lawsuit cannot be confirmed', setup: S.litigationAccepted },
    ],
  },
  {
    action: 'refuse',
    actorName: 'the court liaison',
    actor: () => liaison,
    ready: S.confirmationAccepted,
    effect(_before, after, ev) {
      expect(last(after)).toMatchObject({ kind: 'confirmation', state: 'concluded', outcome: 'refused', reason: '协议内容违反法律规定' });
      expect(after.agreement.confirmedByOrgId).toBeNull();
      expect(after.nextSteps.map((s: { kind: string }) => s.kind).sort()).toEqual(['arbitration', 'mediation']);
      expect(ev.data).toEqual({ reason: '协议内容违反法律规定' });
    },
    wrongRole: [asUnion, asWorker],
    wrongState: [
      { name: 'the confirmation is only received', setup: S.confirmationReceived },
      { name: 'a lawsuit cannot be refused confirmation', setup: S.litigationAccepted },
    ],
  },
];

describeActions('court-confirm-refuse', SPECS);
