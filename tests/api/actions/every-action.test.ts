/**
 * POST /cases/:id/actions (SPEC §4): what holds for every action rather than one: the table has a
 * row for each, a closed case takes nothing but notes, occurredAt must fall between the previous
 * event and now, and a malformed, unknown or unauthenticated request writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/domain/transitions.js';
import { act } from '../../support/app.js';
import {
  ACTION_FILE,
  actionFilesExist,
  commission,
  expectError,
  expectRefused,
  fileOnline,
  mediator,
  observe,
  PAYLOADS,
  post,
  S,
  t,
  timelineOf,
  useActionWorld,
  worker,
} from './setup.js';

useActionWorld();

it('the table covers every action', () => {
  expect(Object.keys(ACTION_FILE).sort()).toEqual([...ACTIONS].sort());
  expect(actionFilesExist()).toBe(true);
});

describe('a closed case', () => {
  it('refuses every action but a note, and takes notes from its handlers', async () => {
    const id = await S.closed();
    for (const action of ACTIONS.filter((a) => a !== 'note')) {
      const who = action === 'withdraw' ? worker : mediator;
      const data = action === 'refer' ? { toOrgId: commission.id, kind: 'arbitration', reason: '再申请' } : PAYLOADS[action]();
      await expectRefused(who, id, { action, ...data }, 409, 'INVALID_TRANSITION', action);
    }
    const d = await act(t, mediator.token, id, 'note', { text: '结案后回访', internal: false });
    expect(d).toMatchObject({ status: 'closed', allowedActions: ['note'] });
    expect((await timelineOf(mediator, id)).at(-1)).toMatchObject({ action: 'note', data: { text: '结案后回访', internal: false } });
  });
});

describe('payload rules', () => {
  it('occurredAt: in the future is 400, before the previous event is 400, and a back-dated act in between is recorded as such', async () => {
    const filedAt = new Date(Date.now() - 10 * 86_400_000);
    const id = await fileOnline({ occurredAt: filedAt.toISOString() });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    let error = await expectRefused(mediator, id, { action: 'accept', occurredAt: future }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.occurredAt');
    error = await expectRefused(mediator, id, { action: 'accept', occurredAt: new Date(filedAt.getTime() - 60_000).toISOString() }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.occurredAt');

    const acceptedAt = new Date(Date.now() - 5 * 86_400_000).toISOString();
    const d = await act(t, mediator.token, id, 'accept', { occurredAt: acceptedAt });
    expect(Date.parse(d.proceedings[0].acceptedAt)).toBe(Date.parse(acceptedAt));
    const ev = (await timelineOf(mediator, id)).at(-1)!;
    expect(ev).toMatchObject({ action: 'accept' });
    expect(Date.parse(ev.occurredAt)).toBe(Date.parse(acceptedAt));
    expect(Date.parse(ev.recordedAt)).toBeGreaterThan(Date.parse(acceptedAt));
    // The accept is now the previous event: going back before it is refused too.
    await expectRefused(mediator, id, { action: 'note', text: '补录', internal: false, occurredAt: new Date(Date.parse(acceptedAt) - 60_000).toISOString() }, 400, 'VALIDATION_FAILED');
  });

  it('a malformed request is 400, an unknown case 404, no token 401, and none of them writes anything', async () => {
    const id = await S.mediationAccepted();
    await expectRefused(mediator, id, { action: 'dance' }, 400, 'VALIDATION_FAILED');
    await expectRefused(mediator, id, { action: 'fail' }, 400, 'VALIDATION_FAILED');
    const before = await observe(id);
    expectError(await post(mediator, id, { action: 'accept' }), 400, 'VALIDATION_FAILED');
    expectError(await post(mediator, id, { action: 'accept', version: '1' }), 400, 'VALIDATION_FAILED');
    expectError(await post(mediator, '0190f5c3-0000-7000-8000-000000000000', { action: 'note', text: 'x', version: 1 }), 404, 'NOT_FOUND');
    expectError(await post(mediator, 'nope', { action: 'note', text: 'x', version: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await t.call('POST', `/cases/${id}/actions`, { body: { action: 'note', text: 'x', version: before.version } }), 401, 'UNAUTHENTICATED');
    expect(await observe(id)).toEqual(before);
  });
});
