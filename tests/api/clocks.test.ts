import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, agreementIn, caseBody, testApp, type TestContext } from '../support/app.js';

let t: TestContext;
// Every date below is a real 2025 date checked against the State Council's calendar.
const TODAY = new Date('2025-12-15T04:00:00Z'); // Monday 2025-12-15 in China

beforeAll(async () => {
  t = await testApp();
  t.setNow(TODAY);
});
afterAll(() => t.close());

type Clock = { kind: string; status: string; dueOn: string; startedOn: string; stoppedOn: string | null; dueSoon: boolean; explanation: string[]; [k: string]: unknown };
const clock = (d: { clocks: Clock[] }, kind: string, nth = 0) => d.clocks.filter((c) => c.kind === kind)[nth];

describe('mediation, confirmation window, performance and the worker\'s limitation', () => {
  it('runs each clock from the right day to the right day', async () => {
    const union = await t.org('union');
    const mediator = await t.staff('mediator', union.id);
    const filed = await t.call('POST', '/cases', {
      token: mediator.token,
      body: caseBody(union.id, {
        categories: ['termination'],
        incidentDate: '2025-01-05',
        occurredAt: '2025-01-20T02:00:00Z',
        applicants: [{ name: '王五', claims: [{ category: 'termination', description: '违法解除赔偿金', amountFen: 3_000_000 }] }],
      }),
    });
    expect(filed.statusCode, filed.body).toBe(201);
    let d = filed.json();
    // SPEC §5's own example: received 2025-01-20, 15 days → 02-04 is in the Spring Festival → 02-05.
    expect(clock(d, 'mediation')).toMatchObject({
      startedOn: '2025-01-20',
      dueOn: '2025-02-05',
      unit: 'calendar',
      length: 15,
      status: 'breached', // nobody acted by 2025-02-05 and today is 2025-12-15
      rule: { id: 'mediation-15d', basis: '《劳动争议调解仲裁法》第十四条第三款（自调解组织收到调解申请之日起计算）' },
      calendarYears: [2025],
      provisional: false,
    });
    expect(clock(d, 'mediation').explanation.join(' ')).toContain('春节');
    expect(clock(d, 'mediation').explanation).toContain('2025年2月4日为法定节假日（春节），顺延至2025年2月5日');
    expect(clock(d, 'mediation').explanation.join('')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // Art. 27: one year from the incident, interrupted by the application on 2025-01-20.
    expect(clock(d, 'limitation')).toMatchObject({ startedOn: '2025-01-05', dueOn: '2026-01-05', status: 'met', stoppedOn: '2025-01-20' });

    d = await act(t, mediator.token, d.id, 'accept', { occurredAt: '2025-01-21T01:00:00Z' });
    d = await act(t, mediator.token, d.id, 'settle', {
      occurredAt: '2025-02-03T03:00:00Z',
      agreement: agreementIn('分两期支付', ['2025-03-01', 1_000_000], ['2025-04-01', 1_000_000]),
    });
    expect(clock(d, 'mediation')).toMatchObject({ status: 'met', stoppedOn: '2025-02-03' });
    expect(clock(d, 'confirmation_window')).toMatchObject({ startedOn: '2025-02-03', dueOn: '2025-03-05', status: 'breached' });
    expect(clock(d, 'performance')).toMatchObject({ dueOn: '2025-03-01', unit: 'instalments' });
    expect(clock(d, 'performance').explanation).toEqual(['按协议，第1期应于2025年3月1日前支付¥10,000.00']);
    expect(clock(d, 'performance').rule).toEqual({ id: 'performance-instalments', basis: '调解协议、仲裁裁决或判决确定的履行期限' });

    d = await act(t, mediator.token, d.id, 'record_payment', { amountFen: 1_000_000, paidAt: '2025-02-28', occurredAt: '2025-02-28T02:00:00Z' });
    expect(clock(d, 'performance')).toMatchObject({ dueOn: '2025-04-01' });
    d = await act(t, mediator.token, d.id, 'record_payment', { amountFen: 1_000_000, paidAt: '2025-03-30', occurredAt: '2025-03-30T02:00:00Z' });
    expect(clock(d, 'performance')).toMatchObject({ status: 'met', stoppedOn: '2025-03-30' });
  });

  it('starts the limitation period at the end of employment for wages, and not at all while employed', async () => {
    const union = await t.org('union');
    const mediator = await t.staff('mediator', union.id);
    const ended = (
      await t.call('POST', '/cases', {
        token: mediator.token,
        body: caseBody(union.id, { incidentDate: '2024-06-01', employmentEndedOn: '2025-03-31', occurredAt: '2025-04-10T02:00:00Z' }),
      })
    ).json();
    // 2026-03-31 is a Tuesday.
    expect(clock(ended, 'limitation')).toMatchObject({ startedOn: '2025-03-31', dueOn: '2026-03-31', status: 'met' });
    const employed = (
      await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { incidentDate: '2025-05-01', occurredAt: '2025-06-10T02:00:00Z' }) })
    ).json();
    expect(employed.clocks.filter((c: Clock) => c.kind === 'limitation')).toEqual([]);
  });
});

describe('arbitration: acceptance, award with extension and pause, appeal and vacate windows', () => {
  it('follows SPEC §5 to the day', async () => {
    const commission = await t.org('arbitration_commission', { regionCode: '451000' });
    const arbitrator = await t.staff('arbitrator', commission.id);
    let d = (
      await t.call('POST', '/cases', {
        token: arbitrator.token,
        body: caseBody(commission.id, { incidentDate: '2025-08-01', occurredAt: '2025-09-26T01:00:00Z' }),
      })
    ).json();
    // SPEC §5's example: 09-28 (make-up Sunday), 09-29, 09-30, 10-09, 10-10.
    expect(clock(d, 'arbitration_acceptance')).toMatchObject({ unit: 'working', length: 5, dueOn: '2025-10-10' });

    d = await act(t, arbitrator.token, d.id, 'accept', { occurredAt: '2025-10-09T02:00:00Z' });
    expect(clock(d, 'arbitration_acceptance')).toMatchObject({ status: 'met', stoppedOn: '2025-10-09' });
    // 45 days → 2025-11-23, a Sunday → Monday 11-24.
    expect(clock(d, 'arbitration_award')).toMatchObject({ startedOn: '2025-10-09', dueOn: '2025-11-24' });

    d = await act(t, arbitrator.token, d.id, 'extend', { days: 15, reason: '案情复杂，经主任批准延长', occurredAt: '2025-10-15T02:00:00Z' });
    expect(clock(d, 'arbitration_award')).toMatchObject({ dueOn: '2025-12-08', extensions: 1, extensionDays: 15 });
    const again = await t.call('POST', `/cases/${d.id}/actions`, { token: arbitrator.token, body: { action: 'extend', version: d.version, days: 1, reason: '再次延长' } });
    expect(again.statusCode).toBe(409);

    d = await act(t, arbitrator.token, d.id, 'pause', { reason: '等待工伤认定结论', occurredAt: '2025-10-20T02:00:00Z' });
    expect(clock(d, 'arbitration_award').status).toBe('paused');
    d = await act(t, arbitrator.token, d.id, 'resume', { occurredAt: '2025-10-25T02:00:00Z' });
    // Five paused days: 12-08 → 12-13, a Saturday → Monday 12-15.
    expect(clock(d, 'arbitration_award')).toMatchObject({ status: 'running', pausedDays: 5, dueOn: '2025-12-15', dueSoon: true });

    d = await act(t, arbitrator.token, d.id, 'award', {
      occurredAt: '2025-12-01T02:00:00Z',
      deliveredAt: '2025-12-01T06:00:00Z',
      final: true,
      agreement: { amountFen: 1_500_000, terms: '终局裁决' },
    });
    expect(clock(d, 'arbitration_award')).toMatchObject({ status: 'met', stoppedOn: '2025-12-01' });
    expect(clock(d, 'appeal_window')).toMatchObject({ startedOn: '2025-12-01', dueOn: '2025-12-16', status: 'running', dueSoon: true });
    expect(clock(d, 'vacate_window')).toMatchObject({ startedOn: '2025-12-01', dueOn: '2025-12-31', dueSoon: false });
  });
});

describe('referral, acceptance at the receiving organisation, confirmation review', () => {
  it('times the hand-off in working days and restarts the limitation period after a failed mediation', async () => {
    const union = await t.org('union');
    const commission = await t.org('arbitration_commission');
    const court = await t.org('court');
    const mediator = await t.staff('mediator', union.id);
    const arbitrator = await t.staff('arbitrator', commission.id);
    let d = (
      await t.call('POST', '/cases', {
        token: mediator.token,
        body: caseBody(union.id, { categories: ['social_insurance'], incidentDate: '2025-01-10', occurredAt: '2025-02-10T02:00:00Z', acceptNow: true }),
      })
    ).json();
    d = await act(t, mediator.token, d.id, 'fail', { reason: '单位拒不到场', occurredAt: '2025-02-28T02:00:00Z' });
    const restarted = clock(d, 'limitation', 1);
    // 2026-02-28 is a Saturday, but a make-up working day (调休) after the Spring Festival.
    expect(restarted).toMatchObject({ startedOn: '2025-02-28', dueOn: '2026-02-28', status: 'running' });
    d = await act(t, mediator.token, d.id, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '调解不成', occurredAt: '2025-03-03T02:00:00Z' });
    expect(clock(d, 'limitation', 1)).toMatchObject({ status: 'met', stoppedOn: '2025-03-03' });
    expect(clock(d, 'referral_ack')).toMatchObject({ unit: 'working', startedOn: '2025-03-03', dueOn: '2025-03-06', status: 'breached' });
    expect(clock(d, 'arbitration_acceptance')).toMatchObject({ dueOn: '2025-03-10' });
    d = await act(t, arbitrator.token, d.id, 'accept', { occurredAt: '2025-03-05T02:00:00Z' });
    expect(clock(d, 'referral_ack')).toMatchObject({ status: 'met', stoppedOn: '2025-03-05' });

    // A separate case settled and sent to the court: the review period runs from acceptance.
    const liaison = await t.staff('court_liaison', court.id);
    let e = (await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { occurredAt: '2025-05-06T02:00:00Z', acceptNow: true }) })).json();
    e = await act(t, mediator.token, e.id, 'settle', { occurredAt: '2025-05-07T02:00:00Z', agreement: { amountFen: 100_000, terms: '当场支付' }, signedInPerson: true });
    e = await act(t, mediator.token, e.id, 'refer', { toOrgId: court.id, kind: 'confirmation', reason: '申请确认', occurredAt: '2025-05-08T02:00:00Z' });
    expect(clock(e, 'confirmation_window')).toMatchObject({ status: 'met', stoppedOn: '2025-05-08' });
    e = await act(t, liaison.token, e.id, 'accept', { occurredAt: '2025-05-09T02:00:00Z' });
    // 30 days from 05-09 → 06-08, a Sunday → Monday 06-09.
    expect(clock(e, 'confirmation_review')).toMatchObject({ startedOn: '2025-05-09', dueOn: '2025-06-09' });
  });
});

describe('the deadline board', () => {
  it('lists open clocks soonest first, filtered by status, scoped by organisation and region', async () => {
    const centre = await t.org('mediation_center', { regionCode: '440306' });
    const mediator = await t.staff('mediator', centre.id);
    const ids: string[] = [];
    for (const day of ['2025-12-10', '2025-12-12', '2025-12-01']) {
      const c = (await t.call('POST', '/cases', { token: mediator.token, body: caseBody(centre.id, { categories: ['contract'], incidentDate: '2025-11-01', occurredAt: `${day}T02:00:00Z` }) })).json();
      ids.push(c.id);
    }
    const board = (await t.call('GET', '/deadlines', { token: mediator.token })).json();
    const dues = board.items.map((i: Clock) => i.dueOn);
    expect(dues).toEqual([...dues].sort());
    expect(board.items.every((i: { orgId: string }) => i.orgId === centre.id)).toBe(true);
    expect(board.items.map((i: Clock) => i.dueOn)).toEqual(['2025-12-16', '2025-12-25', '2025-12-29']);

    const soon = (await t.call('GET', '/deadlines?status=due_soon', { token: mediator.token })).json();
    expect(soon.items.map((i: Clock) => i.dueOn)).toEqual(['2025-12-16']);
    const page1 = (await t.call('GET', '/deadlines?limit=2', { token: mediator.token })).json();
    const page2 = (await t.call('GET', `/deadlines?limit=2&cursor=${page1.nextCursor}`, { token: mediator.token })).json();
    expect([...page1.items, ...page2.items].map((i: Clock) => i.id)).toEqual(board.items.map((i: Clock) => i.id));
    expect(page2.nextCursor).toBeNull();

    const shenzhen = await t.supervisor('4403');
    const baise = await t.supervisor('4510');
    expect((await t.call('GET', '/deadlines', { token: shenzhen.token })).json().items).toHaveLength(3);
    expect((await t.call('GET', `/deadlines?orgId=${centre.id}`, { token: baise.token })).json().items).toHaveLength(0);

    const worker = await t.worker();
    expect((await t.call('GET', '/deadlines', { token: worker.token })).statusCode).toBe(403);
    expect((await t.call('GET', '/deadlines', { token: t.admin.token })).statusCode).toBe(403);
    expect((await t.call('GET', '/deadlines')).statusCode).toBe(401);
    const other = await t.staff('mediator', (await t.org('union')).id);
    expect((await t.call('GET', `/deadlines?orgId=${centre.id}`, { token: other.token })).statusCode).toBe(403);
    expect((await t.call('GET', '/deadlines?status=late', { token: mediator.token })).statusCode).toBe(400);
  });
});

describe('the calendar', () => {
  it('serves official years, marks unannounced years provisional, and lets an admin load one', async () => {
    const y2025 = (await t.call('GET', '/calendar/2025')).json();
    expect(y2025).toMatchObject({ year: 2025, official: true, source: 'chinese-days' });
    expect(y2025.holidays).toContain('2025-01-28');
    expect(y2025.makeupWorkdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    const y2031 = (await t.call('GET', '/calendar/2031')).json();
    expect(y2031).toMatchObject({ year: 2031, official: false, holidays: [], makeupWorkdays: [] });

    const body = { holidays: ['2031-01-01'], makeupWorkdays: [], source: '测试' };
    expect((await t.call('PUT', '/calendar/2031', { body })).statusCode).toBe(401);
    const worker = await t.worker();
    expect((await t.call('PUT', '/calendar/2031', { token: worker.token, body })).statusCode).toBe(403);
    const bad = await t.call('PUT', '/calendar/2031', {
      token: t.admin.token,
      body: { holidays: ['2030-12-31', '2031-01-04', '2031-02-30'], makeupWorkdays: ['2031-01-04', '2031-01-06'], source: '测试' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((x: { field: string }) => x.field)).toEqual(
      expect.arrayContaining(['body.holidays.0', 'body.holidays.2', 'body.makeupWorkdays.0', 'body.makeupWorkdays.1']),
    );
    expect((await t.call('GET', '/calendar/2031')).json().official).toBe(false);
  });

  it('recomputes running clocks that reach into a newly loaded year and records it on the case', async () => {
    t.setNow(new Date('2026-11-20T04:00:00Z'));
    try {
      const union = await t.org('union');
      const mediator = await t.staff('mediator', union.id);
      const commission = await t.org('arbitration_commission');
      const arbitrator = await t.staff('arbitrator', commission.id);
      let d = (await t.call('POST', '/cases', { token: arbitrator.token, body: caseBody(commission.id, { incidentDate: '2026-10-01', acceptNow: true }) })).json();
      // 45 days from 2026-11-20 is 2027-01-04, in a year with no official calendar yet.
      expect(clock(d, 'arbitration_award')).toMatchObject({ dueOn: '2027-01-04', provisional: true, calendarYears: [2027] });
      void mediator;

      const res = await t.call('PUT', '/calendar/2027', {
        token: t.admin.token,
        body: { holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'], makeupWorkdays: ['2027-01-09'], source: '测试' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().recomputed.cases).toBeGreaterThanOrEqual(1);
      d = (await t.call('GET', `/cases/${d.id}`, { token: arbitrator.token })).json();
      expect(clock(d, 'arbitration_award')).toMatchObject({ dueOn: '2027-01-05', provisional: false });
      const events = (await t.call('GET', `/cases/${d.id}/events`, { token: arbitrator.token })).json().items;
      const last = events.at(-1);
      expect(last.action).toBe('calendar_loaded');
      expect(last.data).toMatchObject({ year: 2027, clocks: [{ kind: 'arbitration_award', fromDueOn: '2027-01-04', toDueOn: '2027-01-05' }] });
      expect((await t.call('GET', `/cases/${d.id}/verify`, { token: arbitrator.token })).json().intact).toBe(true);
    } finally {
      t.setNow(TODAY);
    }
  });
});

describe('GET /cases?dueBefore', () => {
  it('lists the cases with an open clock due before the date', async () => {
    const union = await t.org('union');
    const mediator = await t.staff('mediator', union.id);
    const early = (await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { incidentDate: '2025-11-01', occurredAt: '2025-12-01T02:00:00Z' }) })).json();
    const late = (await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { incidentDate: '2025-11-01', occurredAt: '2025-12-12T02:00:00Z' }) })).json();
    const ids = (q: string) => t.call('GET', `/cases?${q}`, { token: mediator.token }).then((r) => r.json().items.map((i: { id: string }) => i.id));
    expect(await ids('dueBefore=2025-12-20')).toEqual([early.id]);
    expect((await ids('dueBefore=2025-12-31')).sort()).toEqual([early.id, late.id].sort());
    expect((await t.call('GET', '/cases?dueBefore=2025-13-01', { token: mediator.token })).statusCode).toBe(400);
  });
});
