/**
 * A court's ruling (裁定书) named by its decision: `confirm` and `refuse` of a confirmation, and
 * `decline` at a court, may carry the ruling's number and date. They are checked against the case
 * (the schema has checked their form) and recorded in the decision's event.
 */
import { RULING_NUMBER } from '../domain/identity.js';
import { chinaDate } from '../domain/time.js';
import { fieldProblem } from '../http/errors.js';
import type { ProceedingRow } from './state.js';

const COURT_KINDS: readonly ProceedingRow['kind'][] = ['confirmation', 'litigation'];

/**
 * The event data of a ruling: `{ rulingNumber?, rulingDate? }`, or `{}` when none is given.
 * The date is a legal date between the day the court took the matter (acceptance; receipt for a
 * decline) and both today and the day the decision is recorded as made.
 */
export function rulingData(
  p: ProceedingRow,
  input: { rulingNumber?: string; rulingDate?: string },
  at: { occurredAt: Date; now: Date },
): { rulingNumber?: string; rulingDate?: string } {
  if (input.rulingNumber === undefined && input.rulingDate === undefined) return {};
  if (!COURT_KINDS.includes(p.kind)) {
    throw fieldProblem(input.rulingNumber !== undefined ? 'body.rulingNumber' : 'body.rulingDate', 'is only recorded for a court\'s ruling');
  }
  if (input.rulingNumber !== undefined) {
    const year = Number(RULING_NUMBER.exec(input.rulingNumber)![1]);
    if (year > Number(chinaDate(at.now).slice(0, 4))) throw fieldProblem('body.rulingNumber', 'names a year still to come');
  }
  const date = input.rulingDate;
  if (date !== undefined) {
    if (date > chinaDate(at.now)) throw fieldProblem('body.rulingDate', 'is in the future');
    const from = p.acceptedAt ?? p.receivedAt;
    if (date < chinaDate(from)) throw fieldProblem('body.rulingDate', p.acceptedAt ? 'is before the court accepted the matter' : 'is before the court received the matter');
    if (date > chinaDate(at.occurredAt)) throw fieldProblem('body.rulingDate', 'is after the day the decision is recorded as made (occurredAt)');
  }
  return {
    ...(input.rulingNumber !== undefined ? { rulingNumber: input.rulingNumber } : {}),
    ...(date !== undefined ? { rulingDate: date } : {}),
  };
}
