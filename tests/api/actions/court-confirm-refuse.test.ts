/**
 * POST /cases/:id/actions (SPEC §4): the court's judicial confirmation (司法确认) of a mediated
 * agreement, given or refused. Each row of the table is run by describeActions (setup.ts).
 */
import { expect } from 'vitest';
import {
  BY, court, describeActions, type Effect, expectConcluded, expectReasonOnly, last, nextKinds, S,
  UNION_AND_WORKER, union, useActionWorld, WHEN,
} from './setup.js';

useActionWorld();

const confirmed: Effect = (before, after, ev) => {
  expect(last(after)).toMatchObject({ kind: 'confirmation', state: 'concluded', outcome: 'confirmed' });
  expect(before.agreement.confirmedAt).toBeNull();
  expect(after.agreement).toMatchObject({ id: before.agreement.id, orgId: union.id, confirmedByOrgId: court.id });
  expect(Date.parse(after.agreement.confirmedAt)).toBe(Date.parse(ev.occurredAt));
  expect(ev.data).toEqual({ agreementId: before.agreement.id });
};

const refused: Effect = (_before, after, ev) => {
  expectConcluded(after, 'refused', { kind: 'confirmation', reason: '协议内容违反法律规定' });
  expect(after.agreement.confirmedByOrgId).toBeNull();
  expect(nextKinds(after).sort()).toEqual(['arbitration', 'mediation']);
  expectReasonOnly(ev, '协议内容违反法律规定');
};

describeActions('court-confirm-refuse', [
  { action: 'confirm', ...BY.liaison, ready: S.confirmationAccepted, effect: confirmed,
    wrongRole: UNION_AND_WORKER, wrongState: [WHEN.confirmationOnlyReceived, { name: 'a lawsuit cannot be confirmed', setup: S.litigationAccepted }] },
  { action: 'refuse', ...BY.liaison, ready: S.confirmationAccepted, effect: refused,
    wrongRole: UNION_AND_WORKER, wrongState: [WHEN.confirmationOnlyReceived, { name: 'a lawsuit cannot be refused confirmation', setup: S.litigationAccepted }] },
]);
