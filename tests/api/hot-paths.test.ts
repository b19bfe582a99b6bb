/**
 * The hot paths answer from memory (issue 6): an action presents the case as it changed it,
 * without reading it again, and the working calendar is held between requests. These tests pin
 * both to what a fresh read gives.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';
import { mediationAndCourt } from '../support/people.js';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const detail = async (by: TestUser, id: string) => {
  const res = await t.call('GET', `/cases/${id}`, { token: by.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** Takes an action and checks that its answer is exactly what GET /cases/:id shows right after. */
async function step(by: TestUser, id: string, action: string, data: Record<string, unknown> = {}) {
  const before = await detail(by, id);
  const res = await t.call('POST', `/cases/${id}/actions`, { token: by.token, body: { action, version: before.version, ...data } });
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  expect(res.json(), action).toEqual(await detail(by, id));
  return res.json();
}

/** Files a case and checks that the answer is what GET /cases/:id shows. */
async function file(by: TestUser, body: Record<string, unknown>) {
  const res = await t.call('POST', '/cases', { token: by.token, body });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json()).toEqual(await detail(by, res.json().id));
  return res.json();
}

describe('an action answers exactly what the case detail shows afterwards', () => {
  it('through mediation, default, arbitration, an award, litigation and closing', async () => {
    const union = await t.org('union');
    const commission = await t.org('arbitration_commission', { regionCode: '451000' });
    const court = await t.org('court');
    const mediator = await t.staff('mediator', union.id);
    const colleague = await t.staff('mediator', union.id);
    const arbitrator = await t.staff('arbitrator', commission.id);
    const liaison = await t.staff('court_liaison', court.id);
    const worker = await t.worker();

    const c = await file(
      worker,
      caseBody(union.id, {
        applicants: [
          { name: '张三', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 800_000 }, { category: 'other', description: '误工', amountFen: 50_000 }] },
          { name: '李四', claims: [{ category: 'wages', description: '欠薪', amountFen: 400_000 }] },
        ],
      }),
    );
    await step(mediator, c.id, 'accept');
    // Hearings out of order: the answer lists them by time, as the detail does.
    await step(mediator, c.id, 'schedule', { at: '2099-03-02T02:00:00Z', place: '调解室二' });
    await step(mediator, c.id, 'schedule', { at: '2099-03-01T02:00:00Z', place: '调解室一' });
    await step(mediator, c.id, 'assign', { userId: colleague.id });
    await step(mediator, c.id, 'note', { text: '双方同意延期', internal: true });
    await step(mediator, c.id, 'extend', { days: 10, reason: '双方同意' });
    await step(mediator, c.id, 'pause', { reason: '申请人住院' });
    await step(mediator, c.id, 'resume');
    await step(mediator, c.id, 'settle', {
      agreement: { amountFen: 900_000, terms: '分三期', instalments: [{ dueOn: '2099-01-10', amountFen: 300_000 }, { dueOn: '2099-02-10', amountFen: 300_000 }, { dueOn: '2099-03-10', amountFen: 300_000 }] },
    });
    // Payments out of order too.
    await step(mediator, c.id, 'record_payment', { amountFen: 100_000, paidAt: '2025-03-05T00:00:00Z' });
    await step(mediator, c.id, 'record_payment', { amountFen: 100_000, paidAt: '2025-03-01T00:00:00Z' });
    await step(mediator, c.id, 'record_default', { reason: '第一期逾期' });
    // The worker goes to arbitration after the default: a new organisation joins the case.
    await step(worker, c.id, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '调解协议未履行' });
    await step(arbitrator, c.id, 'accept');
    await step(arbitrator, c.id, 'extend', { days: 15, reason: '案情复杂' });
    // The award's agreement becomes the current one: its instalments, no payments yet.
    await step(arbitrator, c.id, 'award', {
      agreement: { amountFen: 1_250_000, terms: '裁决支付', instalments: [{ dueOn: '2099-05-01', amountFen: 1_250_000 }] },
      final: false,
      deliveredAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await step(arbitrator, c.id, 'record_payment', { amountFen: 250_000, paidAt: '2025-04-01T00:00:00Z' });
    await step(arbitrator, c.id, 'refer', { toOrgId: court.id, kind: 'litigation', reason: '不服裁决' });
    await step(liaison, c.id, 'accept');
    await step(liaison, c.id, 'judge', { agreement: { amountFen: 1_000_000, terms: '判决' } });
    await step(liaison, c.id, 'record_payment', { amountFen: 1_000_000, paidAt: '2025-05-01T00:00:00Z' });
    const closed = await step(liaison, c.id, 'close', { outcome: 'judged' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'judged' });
    expect((await t.call('GET', `/cases/${c.id}/verify`, { token: liaison.token })).json()).toMatchObject({ intact: true });
  });

  it('through confirmation, and the short endings: decline, fail, refuse, withdraw', async () => {
    const { centre, court, mediator, liaison } = await mediationAndCourt(t, 'mediation_center');
    const worker = await t.worker();

    const a = await file(mediator, caseBody(centre.id, { acceptNow: true }));
    await step(mediator, a.id, 'settle', { agreement: { amountFen: 0, terms: '互不追究' }, signedInPerson: true });
    await step(mediator, a.id, 'refer', { toOrgId: court.id, kind: 'confirmation', reason: '申请司法确认' });
    await step(liaison, a.id, 'accept');
    await step(liaison, a.id, 'confirm');
    const closed = await step(liaison, a.id, 'close', { outcome: 'performed' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'performed', agreement: { status: 'performed', effective: true } });
    expect(closed.proceedings.map((p: { kind: string; outcome: string }) => `${p.kind}:${p.outcome}`)).toEqual(['mediation:settled', 'confirmation:confirmed']);

    const b = await file(mediator, caseBody(centre.id));
    const declined = await step(mediator, b.id, 'decline', { reason: '不属于受理范围' });
    expect(declined.proceedings[0]).toMatchObject({ state: 'declined', outcome: null, reason: '不属于受理范围' });
    expect(declined.nextSteps.map((n: { kind: string }) => n.kind).sort()).toEqual(['arbitration', 'mediation']);

    const c = await file(mediator, caseBody(centre.id, { acceptNow: true }));
    const failed = await step(mediator, c.id, 'fail', { reason: '调解不成' });
    expect(failed.proceedings[0]).toMatchObject({ state: 'concluded', outcome: 'failed' });
    expect(failed.clocks.find((k: { kind: string }) => k.kind === 'mediation')).toMatchObject({ status: 'met' });

    const d = await file(mediator, caseBody(centre.id, { acceptNow: true }));
    await step(mediator, d.id, 'settle', { agreement: { amountFen: 100, terms: '一次付清' }, signedInPerson: true });
    await step(mediator, d.id, 'refer', { toOrgId: court.id, kind: 'confirmation', reason: '申请司法确认' });
    await step(liaison, d.id, 'accept');
    const refused = await step(liaison, d.id, 'refuse', { reason: '协议内容违法' });
    expect(refused.proceedings.at(-1)).toMatchObject({ kind: 'confirmation', state: 'concluded', outcome: 'refused', reason: '协议内容违法' });
    expect(refused.status).toBe('open');

    const e = await file(worker, caseBody(centre.id, { applicants: [{ name: '张三', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 1 }] }] }));
    const withdrawn = await step(worker, e.id, 'withdraw', { reason: '已和解' });
    expect(withdrawn.proceedings[0]).toMatchObject({ state: 'concluded', outcome: 'withdrawn', reason: '已和解' });
    expect(withdrawn.allowedActions).toEqual([]);
  });

  it('a filing delegated by a court answers what the court then sees', async () => {
    const union = await t.org('union');
    const court = await t.org('court', { regionCode: '450000' });
    const liaison = await t.staff('court_liaison', court.id);
    const c = await file(liaison, caseBody(union.id));
    expect(c.channel).toBe('court_delegated');
  });

  it('a refused action changes nothing the next answer shows', async () => {
    const centre = await t.org('mediation_center');
    const mediator = await t.staff('mediator', centre.id);
    const c = await file(mediator, caseBody(centre.id, { acceptNow: true }));
    const before = await detail(mediator, c.id);
    const bad = await t.call('POST', `/cases/${c.id}/actions`, {
      token: mediator.token,
      body: { action: 'settle', version: before.version, agreement: { amountFen: 100, terms: 'x', instalments: [{ dueOn: '2099-01-01', amountFen: 99 }] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(await detail(mediator, c.id)).toEqual(before);
    await step(mediator, c.id, 'note', { text: '仍可继续', internal: false });
  });
});

describe('the case list pages with its cursor', () => {
  it('pages of 2 add up to one page of all, for staff, a supervisor, a worker and the orgId filter', async () => {
    const union = await t.org('union', { regionCode: '450101' });
    const court = await t.org('court', { regionCode: '450102' });
    const mediator = await t.staff('mediator', union.id);
    const liaison = await t.staff('court_liaison', court.id);
    const supervisor = await t.supervisor('4501');
    const worker = await t.worker();
    const mine = caseBody(union.id, { applicants: [{ name: '张三', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 1 }] }] });
    for (let i = 0; i < 3; i++) await file(worker, mine);
    for (let i = 0; i < 3; i++) await file(mediator, caseBody(union.id));
    // Delegated by the court: seen by both organisations, listed once.
    for (let i = 0; i < 2; i++) await file(liaison, caseBody(union.id));

    const all = async (who: TestUser, filter: string) => {
      const res = await t.call('GET', `/cases?limit=100${filter}`, { token: who.token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((c: { id: string }) => c.id);
    };
    const paged = async (who: TestUser, filter: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.call('GET', `/cases?limit=2${filter}${cursor ? `&cursor=${cursor}` : ''}`, { token: who.token });
        expect(res.statusCode, res.body).toBe(200);
        ids.push(...res.json().items.map((c: { id: string }) => c.id));
        cursor = res.json().nextCursor;
      } while (cursor);
      return ids;
    };
    for (const [who, filter, count] of [
      [mediator, '', 8],
      [liaison, '', 2],
      [supervisor, '', 8],
      [worker, '', 3],
      [supervisor, `&orgId=${court.id}`, 2],
      [mediator, '&status=open&category=wages', 8],
    ] as const) {
      const ids = await all(who, filter);
      expect(ids).toHaveLength(count);
      expect(await paged(who, filter)).toEqual(ids);
    }
  });
});

describe('the held calendar follows a year loaded by another process', () => {
  // Another process's PUT /calendar commits a calendar_years row; this one learns of it only
  // through the version its own statements read. Dates: the award period of an arbitration
  // accepted on 2026-11-20 ends on 2027-01-04 on weekends alone (2027 has no official data).
  const load2027 = (holidays: string[]) =>
    t.handle.db.execute(
      sql`insert into calendar_years (year, holidays, makeup_workdays, official, source) values (2027, ${sql.raw(`array[${holidays.map((h) => `'${h}'`).join(',')}]::text[]`)}, '{}', true, 'admin')
          on conflict (year) do update set holidays = excluded.holidays`,
    );
  const drop2027 = () => t.handle.db.execute(sql`delete from calendar_years where year = 2027`);
  const award = (d: { clocks: { kind: string; dueOn: string; provisional: boolean; dueSoon: boolean }[] }) => d.clocks.find((k) => k.kind === 'arbitration_award')!;

  it('on the board, in the detail, and in the clocks an action starts', async () => {
    const commission = await t.org('arbitration_commission');
    const arbitrator = await t.staff('arbitrator', commission.id);
    t.setNow(new Date('2026-11-20T02:00:00Z'));
    try {
      const c = await file(arbitrator, caseBody(commission.id, { acceptNow: true }));
      expect(award(c)).toMatchObject({ dueOn: '2027-01-04', provisional: true });

      // On 2026-12-29, "due soon" reaches 2027-01-03 on weekends alone (12-30, 12-31, 01-01 and
      // 01-04 are the next working days), and 2027-01-04 once 01-01 is a holiday.
      t.setNow(new Date('2026-12-29T02:00:00Z'));
      const board = async () =>
        (await t.call('GET', '/deadlines?status=due_soon', { token: arbitrator.token })).json().items.map((k: { caseId: string; kind: string }) => `${k.caseId}:${k.kind}`);
      expect(award(await detail(arbitrator, c.id)).dueSoon).toBe(false);
      expect(await board()).not.toContain(`${c.id}:arbitration_award`);

      await load2027(['2027-01-01', '2027-02-12']);
      expect(await board()).toContain(`${c.id}:arbitration_award`);

      // The detail, after another change (the calendar just read is the one held now).
      await drop2027();
      expect(award(await detail(arbitrator, c.id)).dueSoon).toBe(false);
      await load2027(['2027-01-01', '2027-02-12']);
      expect(award(await detail(arbitrator, c.id)).dueSoon).toBe(true);

      // A filing: 45 days from 2026-12-29 is 2027-02-12, a holiday in the loaded year.
      await drop2027();
      await detail(arbitrator, c.id);
      await load2027(['2027-01-01', '2027-02-12']);
      const filed = await file(arbitrator, caseBody(commission.id, { acceptNow: true }));
      expect(award(filed)).toMatchObject({ dueOn: '2027-02-15', provisional: false });

      // An action: accepting a received case starts the award period on the calendar as it is now.
      const received = await file(arbitrator, caseBody(commission.id));
      await drop2027();
      const res = await t.call('POST', `/cases/${received.id}/actions`, { token: arbitrator.token, body: { action: 'accept', version: received.version } });
      expect(award(res.json())).toMatchObject({ dueOn: '2027-02-12', provisional: true });
      expect(res.json()).toEqual(await detail(arbitrator, received.id));
    } finally {
      await drop2027();
      t.setNow(null);
    }
  });
});
