/**
 * PUT /calendar/:year and GET /calendar/:year (SPEC §5): an administrator enters a year from the
 * State Council's notice as pasted, or as lists of dates, with its source; the year records who
 * entered it and when, and is not official (only the chinese-days package's data is). Problems
 * in the notice come back on their lines and change nothing. Running clocks are recomputed and
 * each case whose due date moved gets an event naming the source. Migration 0010 turns an earlier
 * administrator's load into an unofficial entry.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncOfficialCalendars } from '../../src/calendar/service.js';
import { queryRows, type DbHandle } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';
import { databaseBefore } from '../support/migrations.js';

/** A notice for 2031, a year chinese-days has no data for, written the way the notices are. */
const NOTICE_2031 = `国务院办公厅关于2031年部分节假日安排的通知
国办发明电〔2030〕9号
经国务院批准，现将2031年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月22日（农历除夕、周三）至29日（农历正月初七、周三）放假调休，共8天。1月19日（周日）、2月8日（周六）上班。
三、清明节：4月5日（周六）至7日（周一）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：6月22日（周日）至24日（周二）放假调休，共3天。6月21日（周六）上班。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
国务院办公厅
2030年11月5日`;
const SOURCE_2031 = '国务院办公厅关于2031年部分节假日安排的通知（国办发明电〔2030〕9号）';

let t: TestContext;
const callers: Record<string, TestUser> = {};

beforeAll(async () => {
  t = await testApp();
  await syncOfficialCalendars(t.handle.db);
  const union = await t.org('union');
  const commission = await t.org('arbitration_commission');
  const court = await t.org('court');
  callers.worker = await t.worker();
  callers.mediator = await t.staff('mediator', union.id);
  callers.arbitrator = await t.staff('arbitrator', commission.id);
  callers.court_liaison = await t.staff('court_liaison', court.id);
  callers.supervisor = await t.supervisor('4510');
});
afterAll(async () => {
  await t.close();
});

/** The calendar_years row of a year and the count of events, to show a refused request changed nothing. */
async function state(year: number) {
  const [row] = await queryRows<Record<string, unknown>>(t.handle.db, sql`select * from calendar_years where year = ${year}`);
  const [events] = await queryRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from events`);
  return { row: row ?? null, events: events.n };
}

describe('who may enter a year', () => {
  it('the administrator only: 401 without signing in, 403 for every other role, and nothing stored', async () => {
    const body = { notice: '元旦：1月1日放假', source: '测试' };
    const before = await state(2032);
    const anonymous = await t.call('PUT', '/calendar/2032', { body });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    for (const [role, user] of Object.entries(callers)) {
      const res = await t.call('PUT', '/calendar/2032', { token: user.token, body });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error.code, role).toBe('FORBIDDEN');
    }
    expect(await state(2032)).toEqual(before);
    expect((await t.call('PUT', '/calendar/2032', { token: t.admin.token, body })).statusCode).toBe(200);
  });

  it('anyone reads a year, signed in or not', async () => {
    expect((await t.call('GET', '/calendar/2026')).statusCode).toBe(200);
    expect((await t.call('GET', '/calendar/2026', { token: callers.worker.token })).statusCode).toBe(200);
  });
});

describe('entering a year from the notice', () => {
  it('reads the pasted notice, records who entered it, when and from what source, and is not official', async () => {
    const at = new Date('2030-11-20T02:30:00Z');
    t.setNow(at);
    try {
      const res = await t.call('PUT', '/calendar/2031', { token: t.admin.token, body: { notice: NOTICE_2031, source: ` ${SOURCE_2031} ` } });
      expect(res.statusCode, res.body).toBe(200);
      const put = res.json();
      expect(put).toMatchObject({
        year: 2031,
        official: false,
        provisional: false,
        source: SOURCE_2031,
        enteredBy: { id: t.admin.id, name: expect.any(String) },
        enteredAt: at.toISOString(),
        notice: NOTICE_2031,
        recomputed: { clocks: expect.any(Number), cases: expect.any(Number) },
      });
      expect(put.holidays).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
      expect(put.makeupWorkdays).toEqual(['2031-01-19', '2031-02-08', '2031-04-27', '2031-06-21', '2031-09-28', '2031-10-11']);
      expect(put.dayNames).toMatchObject({ '2031-01-22': '春节', '2031-01-19': '春节', '2031-10-08': '国庆节、中秋节', '2031-04-05': '清明节' });

      const { recomputed: _r, ...saved } = put;
      const got = (await t.call('GET', '/calendar/2031')).json();
      expect(got).toEqual(saved);
      const [admin] = await queryRows<{ name: string }>(t.handle.db, sql`select name from users where id = ${t.admin.id}`);
      expect(got.enteredBy.name).toBe(admin.name);
    } finally {
      t.setNow(null);
    }
  });

  it('takes the dates as lists too, with their names, and a later entry replaces the earlier one', async () => {
    const res = await t.call('PUT', '/calendar/2033', {
      token: t.admin.token,
      body: { holidays: ['2033-01-03', '2033-01-01', '2033-01-02'], makeupWorkdays: ['2033-01-08'], dayNames: { '2033-01-01': '元旦' }, source: '国办发明电〔2032〕1号' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ holidays: ['2033-01-01', '2033-01-02', '2033-01-03'], makeupWorkdays: ['2033-01-08'], dayNames: { '2033-01-01': '元旦' }, notice: null, official: false });
    const again = await t.call('PUT', '/calendar/2033', { token: t.admin.token, body: { notice: '元旦：1月1日至3日放假', source: '更正' } });
    expect(again.json()).toMatchObject({ source: '更正', makeupWorkdays: [], notice: '元旦：1月1日至3日放假' });
    expect((await t.call('GET', '/calendar/2033')).json()).toMatchObject({ source: '更正', makeupWorkdays: [] });
  });

  it('the package’s years are official, entered by no one; an administrator’s amendment of one is not', async () => {
    const y2026 = (await t.call('GET', '/calendar/2026')).json();
    expect(y2026).toMatchObject({ official: true, provisional: false, source: 'chinese-days', enteredBy: null, enteredAt: null, notice: null });
    expect(y2026.dayNames).toMatchObject({ '2026-02-15': '春节', '2026-02-14': '春节', '2026-04-04': '清明节' });
    const y2040 = (await t.call('GET', '/calendar/2040')).json();
    expect(y2040).toMatchObject({ official: false, provisional: true, source: 'weekends-only', holidays: [], enteredBy: null });

    const amended = await t.call('PUT', '/calendar/2026', { token: t.admin.token, body: { notice: describe2026WithoutNewYear, source: '核对后更正' } });
    expect(amended.statusCode, amended.body).toBe(200);
    expect((await t.call('GET', '/calendar/2026')).json()).toMatchObject({ official: false, source: '核对后更正', enteredBy: { id: t.admin.id } });
  });
});

const describe2026WithoutNewYear = '春节：2月15日至23日放假，共9天。2月14日、2月28日上班。';

describe('bad input: 400 with details, nothing changed', () => {
  const put = (year: number, body: unknown) => t.call('PUT', `/calendar/${year}`, { token: t.admin.token, body });

  it('problems in the notice, each on its line, in Chinese', async () => {
    const before = await state(2034);
    const res = await put(2034, { notice: '元旦：1月1日（周日）放假\n春节：2月30日放假\n\n2月6日上班\n国庆 10月1至7日', source: '测试' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details).toEqual([
      { field: 'body.notice', line: 2, message: '第2行“春节：2月30日放假”：2月30日不存在' },
      { field: 'body.notice', line: 4, message: '第4行“2月6日上班”：2月6日是周一，调休上班日应是周六或周日' },
      { field: 'body.notice', line: 5, message: '第5行“国庆 10月1至7日”：“10月1”后面少了“日”' },
      { field: 'body.notice', line: 5, message: '第5行“国庆 10月1至7日”：“7日”没有写月份' },
    ]);
    expect(await state(2034)).toEqual(before);
  });

  it('the wrong year for the notice', async () => {
    const res = await put(2034, { notice: NOTICE_2031, source: SOURCE_2031 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toEqual({ field: 'body.notice', line: 1, message: '第1行“国务院办公厅关于2031年部分节假日安排的通知”：这是2031年的通知，所选年份是2034年' });
  });

  it('a notice with no dates, an empty one, no source, both forms at once, neither', async () => {
    const fields = async (body: unknown) => {
      const res = await put(2034, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      return res.json().error.details.map((d: { field: string; message: string }) => `${d.field}: ${d.message}`);
    };
    expect(await fields({ notice: '各部门要安排好值班', source: '测试' })).toEqual(['body.notice: 没有读到任何放假日期']);
    expect(await fields({ notice: '   ', source: '测试' })).toEqual([expect.stringMatching(/^body\.notice: /)]);
    expect(await fields({ notice: '元旦：1月1日' })).toEqual([expect.stringMatching(/^body\.source: /)]);
    expect(await fields({ notice: '元旦：1月1日', source: '  ' })).toEqual([expect.stringMatching(/^body\.source: /)]);
    expect(await fields({ notice: '元旦：1月1日', holidays: ['2034-01-01'], source: '测试' })).toEqual([expect.stringMatching(/^body\.holidays: /)]);
    expect((await fields({ source: '测试' })).map((f: string) => f.split(':')[0])).toEqual(['body.notice']);
    expect((await fields({ holidays: ['2034-01-01'], source: '测试' })).map((f: string) => f.split(':')[0])).toEqual(['body.makeupWorkdays']);
    expect(await fields({ holidays: [], makeupWorkdays: [], source: '测试' })).toEqual(['body.holidays: 至少要有一个放假日期']);
    expect(await fields({ holidays: ['2034-01-01'], makeupWorkdays: [], dayNames: { '2034-05-01': '劳动节' }, source: '测试' })).toEqual([
      'body.dayNames.2034-05-01: 这个日期不在放假日或调休上班日中',
    ]);
    expect((await fields({ notice: 'x'.repeat(20_001), source: '测试' }))[0]).toMatch(/^body\.notice: /);
    expect((await state(2034)).row).toBeNull();
  });

  it('bad dates in the lists, in Chinese, by index', async () => {
    const res = await put(2034, { holidays: ['2033-12-31', '2034-02-30'], makeupWorkdays: ['2034-01-02'], source: '测试' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { field: 'body.holidays.0', message: '2033-12-31 不在2034年内' },
      { field: 'body.holidays.1', message: '不是有效日期，应写作 YYYY-MM-DD' },
      { field: 'body.makeupWorkdays.0', message: '2034-01-02 是周一，调休上班日应是周六或周日' },
    ]);
  });

  it('a year that is not one', async () => {
    for (const year of ['31', '1989', '2101', 'abcd']) {
      const res = await t.call('PUT', `/calendar/${year}`, { token: t.admin.token, body: { notice: '元旦：1月1日', source: '测试' } });
      expect(res.statusCode, year).toBe(400);
      expect(res.json().error.details[0].field, year).toBe('params.year');
    }
  });
});

describe('running clocks', () => {
  it('are recomputed against the entered year, and the case records the move with the source', async () => {
    t.setNow(new Date('2030-12-10T03:00:00Z'));
    try {
      // 2031 was entered above; a first, incomplete entry stands when the case is filed.
      expect((await t.call('PUT', '/calendar/2031', { token: t.admin.token, body: { holidays: ['2031-01-01'], makeupWorkdays: [], source: '临时' } })).statusCode).toBe(200);
      const commission = await t.org('arbitration_commission');
      const arbitrator = await t.staff('arbitrator', commission.id);
      const filed = await t.call('POST', '/cases', {
        token: arbitrator.token,
        body: caseBody(commission.id, { incidentDate: '2030-10-01', acceptNow: true, occurredAt: '2030-12-10T03:00:00Z' }),
      });
      expect(filed.statusCode, filed.body).toBe(201);
      const award = (d: { clocks: { kind: string; dueOn: string; provisional: boolean }[] }) => d.clocks.find((c) => c.kind === 'arbitration_award')!;
      // 45 days from 2030-12-10 is Friday 2031-01-24, a working day by that entry.
      expect(award(filed.json())).toMatchObject({ dueOn: '2031-01-24', provisional: false });

      const res = await t.call('PUT', '/calendar/2031', { token: t.admin.token, body: { notice: NOTICE_2031, source: SOURCE_2031 } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().recomputed.cases).toBeGreaterThanOrEqual(1);

      const d = (await t.call('GET', `/cases/${filed.json().id}`, { token: arbitrator.token })).json();
      // 2031-01-24 falls in the Spring Festival (1月22日至29日): the next working day is Thursday 30 January.
      expect(award(d)).toMatchObject({ dueOn: '2031-01-30', provisional: false });
      const events = (await t.call('GET', `/cases/${d.id}/events`, { token: arbitrator.token })).json().items;
      expect(events.at(-1)).toMatchObject({
        action: 'calendar_loaded',
        data: { year: 2031, source: SOURCE_2031, clocks: [{ kind: 'arbitration_award', fromDueOn: '2031-01-24', toDueOn: '2031-01-30' }] },
      });
      expect((await t.call('GET', `/cases/${d.id}/verify`, { token: arbitrator.token })).json().intact).toBe(true);
    } finally {
      t.setNow(null);
    }
  });
});

describe('migration 0010', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await databaseBefore('0010');
  });
  afterAll(() => handle.close());

  it('makes an earlier administrator’s load unofficial and says its source was not given; the package’s rows stay official', async () => {
    await handle.db.execute(sql`insert into calendar_years (year, holidays, makeup_workdays, official, source) values
      (2025, '{2025-01-01}', '{}', true, 'chinese-days'),
      (2030, '{2030-01-01}', '{2030-01-05}', true, 'admin')`);
    await runMigrations(handle);
    const rows = await queryRows<{ year: number; official: boolean; source: string; day_names: unknown; notice: string | null }>(
      handle.db,
      sql`select year, official, source, day_names, notice from calendar_years order by year`,
    );
    expect(rows).toEqual([
      { year: 2025, official: true, source: 'chinese-days', day_names: {}, notice: null },
      { year: 2030, official: false, source: '管理员录入（未注明来源）', day_names: {}, notice: null },
    ]);
    // The events stay append-only after it.
    const refused = await handle.db.execute(sql`truncate events`).then(
      () => 'allowed',
      (e: Error & { cause?: Error }) => String(e.cause?.message ?? e.message),
    );
    expect(refused).toMatch(/append-only/);
  });
});
