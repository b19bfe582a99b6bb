/**
 * GET /organizations/:id/workload: who at a centre carries how many open proceedings, with their
 * clocks due soon and breached, and what nobody has taken yet; who may see it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { act, caseBody, useTestApp, type TestUser } from '../support/app.js';
import { expectError } from '../support/errors.js';

const t = useTestApp();
let union: { id: string };
let zhang: TestUser;
let li: TestUser;
let idle: TestUser;
const cases: string[] = [];

const china = (s: string) => new Date(`${s}+08:00`);
const workload = (token: string, orgId = union.id) => t.call('GET', `/organizations/${orgId}/workload`, { token });

/** What the case page shows of the current proceeding's clocks: how many are due soon and breached. */
async function clocksOf(id: string, token: string) {
  const detail = (await t.call('GET', `/cases/${id}`, { token })).json();
  const current = detail.proceedings.at(-1).id;
  const own = detail.clocks.filter((k: { proceedingId: string | null }) => k.proceedingId === current);
  return {
    dueSoon: own.filter((k: { dueSoon: boolean }) => k.dueSoon).length,
    breached: own.filter((k: { status: string }) => k.status === 'breached').length,
  };
}

beforeAll(async () => {
  union = await t.org('union', { regionCode: '451023' });
  zhang = await t.staff('mediator', union.id);
  li = await t.staff('mediator', union.id);
  idle = await t.staff('mediator', union.id);
  t.setNow(china('2026-03-02T09:00:00'));
  for (let i = 0; i < 4; i++) {
    const res = await t.call('POST', '/cases', { token: zhang.token, body: caseBody(union.id, { respondent: { name: `第${i + 1}号公司` } }) });
    expect(res.statusCode).toBe(201);
    cases.push(res.json().id);
  }
  // Zhang takes two (and settles one of them), Li one; the fourth waits in the queue.
  await act(t, zhang.token, cases[0], 'assign', { userId: zhang.id });
  await act(t, zhang.token, cases[1], 'assign', { userId: zhang.id });
  await act(t, zhang.token, cases[2], 'assign', { userId: li.id });
  await act(t, zhang.token, cases[1], 'accept');
  await act(t, zhang.token, cases[1], 'settle', { agreement: { amountFen: 100_000, terms: '一次付清' } });
});

describe('the workload of a centre', () => {
  it('counts each person’s open proceedings and what nobody holds, with no clock yet pressing', async () => {
    const res = await workload(zhang.token);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.asOf).toBe('2026-03-02');
    const byId = Object.fromEntries(body.staff.map((s: { userId: string }) => [s.userId, s]));
    expect(byId[zhang.id]).toMatchObject({ openProceedings: 1, dueSoon: 0, breached: 0, active: true, role: 'mediator' });
    expect(byId[li.id]).toMatchObject({ openProceedings: 1, dueSoon: 0, breached: 0, active: true });
    // Someone with nothing assigned is still listed, to be given work.
    expect(byId[idle.id]).toMatchObject({ openProceedings: 0, dueSoon: 0, breached: 0, active: true });
    expect(body.unassigned).toEqual({ openProceedings: 1, dueSoon: 0, breached: 0 });
    expect(body.staff.map((s: { openProceedings: number }) => s.openProceedings)).toEqual([1, 1, 0]);
  });

  it('counts the clocks as the case page shows them, due soon and then breached', async () => {
    for (const day of ['2026-03-13T09:00:00', '2026-03-20T09:00:00']) {
      t.setNow(china(day));
      const body = (await workload(zhang.token)).json();
      const byId = Object.fromEntries(body.staff.map((s: { userId: string }) => [s.userId, s]));
      const expected = await Promise.all([cases[0], cases[2], cases[3]].map((id) => clocksOf(id, zhang.token)));
      expect({ dueSoon: byId[zhang.id].dueSoon, breached: byId[zhang.id].breached }).toEqual(expected[0]);
      expect({ dueSoon: byId[li.id].dueSoon, breached: byId[li.id].breached }).toEqual(expected[1]);
      expect({ dueSoon: body.unassigned.dueSoon, breached: body.unassigned.breached }).toEqual(expected[2]);
      // The mediation period (15 days from receipt on 2 March) is pressing by the 13th and over by the 20th.
      const total = expected.reduce((n, e) => n + e.dueSoon + e.breached, 0);
      expect(total).toBeGreaterThanOrEqual(3);
    }
    t.setNow(null);
  });
});

describe('who may see it', () => {
  it('its own staff, the supervisor of its region and the administrator', async () => {
    expect((await workload(li.token)).statusCode).toBe(200);
    expect((await workload((await t.supervisor('4510')).token)).statusCode).toBe(200);
    expect((await workload(t.admin.token)).statusCode).toBe(200);
  });

  it('not a worker, staff of another centre, or the supervisor of another region', async () => {
    const elsewhere = await t.org('union', { regionCode: '450107' });
    expectError(await workload((await t.worker()).token), 403, 'FORBIDDEN');
    expectError(await workload((await t.staff('mediator', elsewhere.id)).token), 403, 'FORBIDDEN');
    expectError(await workload((await t.supervisor('4501')).token), 403, 'FORBIDDEN');
    expect((await t.call('GET', `/organizations/${union.id}/workload`)).statusCode).toBe(401);
  });

  it('an organisation that does not exist is not found, and a malformed id is a 400', async () => {
    expectError(await workload(t.admin.token, '0190a8a0-0000-7000-8000-000000000000'), 404, 'NOT_FOUND');
    expectError(await workload(t.admin.token, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
  });
});

describe('the intake queue', () => {
  it('says who holds each case, so the unassigned ones can be shared out from the list', async () => {
    const items = (await t.call('GET', '/cases?status=open&order=waiting', { token: zhang.token })).json().items as { id: string; currentAssignedUserId: string | null }[];
    const holder = Object.fromEntries(items.map((c) => [c.id, c.currentAssignedUserId]));
    expect(holder[cases[0]]).toBe(zhang.id);
    expect(holder[cases[2]]).toBe(li.id);
    expect(holder[cases[3]]).toBeNull();
  });

  it('lists a staff member’s own open cases for their workbench', async () => {
    const own = (await t.call('GET', `/cases?assignedTo=${zhang.id}`, { token: zhang.token })).json().items.map((c: { id: string }) => c.id);
    // Case 1 was settled: no longer open, no longer on her desk.
    expect(own).toEqual([cases[0]]);
    expect((await t.call('GET', `/cases?assignedTo=${li.id}`, { token: zhang.token })).json().items.map((c: { id: string }) => c.id)).toEqual([cases[2]]);
    expect((await t.call('GET', `/cases?assignedTo=${idle.id}`, { token: zhang.token })).json().items).toEqual([]);
    expect((await t.call('GET', '/cases?assignedTo=me', { token: zhang.token })).statusCode).toBe(400);
  });
});
