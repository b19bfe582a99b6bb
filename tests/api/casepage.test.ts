/**
 * What the case page needs of the API (issue 20): the staff of an organisation by name, to assign
 * a colleague without typing an account id (GET /organizations/:id/staff), and the number and
 * date of a court's ruling (裁定书) on `confirm`, `refuse` and `decline` at a court.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';
import { expectError } from '../support/errors.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */
type Org = { id: string; intakeCode: string; regionCode: string };

let t: TestContext;
let union: Org;
let otherUnion: Org;
let court: Org;
let commission: Org;
let mediator: TestUser;
let colleague: TestUser;
let otherMediator: TestUser;
let liaison: TestUser;
let arbitrator: TestUser;
let supervisor: TestUser;
let worker: TestUser;

const NAMES = { mediator: '韦丽萍', colleague: '陈小燕', leaver: '黄卫东' };

async function createStaff(name: string, role: 'mediator' | 'court_liaison', orgId: string, extra: Record<string, unknown> = {}): Promise<{ id: string; username: string }> {
  const username = `staff${Math.random().toString(36).slice(2, 10)}`;
  const res = await t.call('POST', '/users', { token: t.admin.token, body: { username, password: 'correct-horse-9', role, name, orgId, ...extra } });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, username };
}

beforeAll(async () => {
  t = await testApp();
  union = await t.org('union');
  otherUnion = await t.org('union');
  court = await t.org('court');
  commission = await t.org('arbitration_commission');
  mediator = await t.staff('mediator', union.id);
  colleague = await t.staff('mediator', union.id);
  otherMediator = await t.staff('mediator', otherUnion.id);
  liaison = await t.staff('court_liaison', court.id);
  arbitrator = await t.staff('arbitrator', commission.id);
  supervisor = await t.supervisor('4510');
  worker = await t.worker();
  // Names a person would choose by (the factory names everyone 测试用户).
  await t.call('PATCH', `/users/${mediator.id}`, { token: t.admin.token, body: { name: NAMES.mediator } });
  await t.call('PATCH', `/users/${colleague.id}`, { token: t.admin.token, body: { name: NAMES.colleague } });
});
afterAll(() => t.close());

describe('GET /organizations/:id/staff', () => {
  it("gives a staff member the organisation's active colleagues by name, with no username or phone", async () => {
    const leaver = await createStaff(NAMES.leaver, 'mediator', union.id, { phone: '13812345678' });
    await t.call('PATCH', `/users/${leaver.id}`, { token: t.admin.token, body: { disabled: true } });
    const res = await t.call('GET', `/organizations/${union.id}/staff`, { token: mediator.token });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string; name: string; role: string }[];
    // Pinyin order: 陈 (chen) before 韦 (wei); the disabled account is not offered.
    expect(items).toEqual([
      { id: colleague.id, name: NAMES.colleague, role: 'mediator' },
      { id: mediator.id, name: NAMES.mediator, role: 'mediator' },
    ]);
    expect(res.body).not.toContain(leaver.username);
    expect(res.body).not.toContain('13812345678');
  });

  it('an administrator may read any organisation, and gets 404 for one that does not exist', async () => {
    const res = await t.call('GET', `/organizations/${court.id}/staff`, { token: t.admin.token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([{ id: liaison.id, name: '测试用户', role: 'court_liaison' }]);
    expectError(await t.call('GET', '/organizations/00000000-0000-4000-8000-000000000000/staff', { token: t.admin.token }), 404, 'NOT_FOUND');
  });

  it('refuses everyone else: 401 signed out; 403 for workers, supervisors and staff of other organisations', async () => {
    expectError(await t.call('GET', `/organizations/${union.id}/staff`), 401, 'UNAUTHENTICATED');
    for (const who of [worker, supervisor, otherMediator, arbitrator, liaison]) {
      expectError(await t.call('GET', `/organizations/${union.id}/staff`, { token: who.token }), 403, 'FORBIDDEN');
    }
    // A staff member learns nothing about organisations that are not theirs, existing or not.
    expectError(await t.call('GET', '/organizations/00000000-0000-4000-8000-000000000000/staff', { token: mediator.token }), 403, 'FORBIDDEN');
    const bad = expectError(await t.call('GET', '/organizations/not-an-id/staff', { token: mediator.token }), 400, 'VALIDATION_FAILED');
    expect(bad.details?.map((d) => d.field)).toEqual(['params.id']);
  });

  it('is in /openapi.json, and a colleague it lists can be assigned', async () => {
    const doc = (await t.call('GET', '/openapi.json')).json();
    const op = doc.paths['/organizations/{id}/staff']?.get;
    expect(op).toBeDefined();
    const item = op.responses['200'].content['application/json'].schema.properties.items.items;
    expect(Object.keys(item.properties).sort()).toEqual(['id', 'name', 'role']);

    const filed = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { acceptNow: true }) });
    expect(filed.statusCode, filed.body).toBe(201);
    const staff = (await t.call('GET', `/organizations/${union.id}/staff`, { token: mediator.token })).json().items;
    const chosen = staff.find((s: { name: string }) => s.name === NAMES.colleague);
    const d = await act(t, mediator.token, filed.json().id, 'assign', { userId: chosen.id });
    expect(d.proceedings[0].assignedUserId).toBe(colleague.id);
  });
});

describe("a court's ruling on confirm, refuse and decline", () => {
  const DAY1 = new Date('2026-05-04T02:00:00Z'); // 2026-05-04 10:00 China time: filed, referred, accepted
  const DAY3 = new Date('2026-05-06T01:00:00Z'); // 2026-05-06 09:00 China time: the decision is recorded
  afterAll(() => t.setNow(null));

  /** A settled mediation referred to the court for confirmation; accepted there unless `accept: false`. */
  async function atCourt(accept = true): Promise<string> {
    t.setNow(DAY1);
    const filed = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { acceptNow: true }) });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id;
    await act(t, mediator.token, id, 'settle', { agreement: { amountFen: 600_000, terms: '一次付清' }, signedInPerson: true });
    await act(t, mediator.token, id, 'refer', { toOrgId: court.id, kind: 'confirmation', reason: '申请司法确认' });
    if (accept) await act(t, liaison.token, id, 'accept');
    t.setNow(DAY3);
    return id;
  }

  async function state(id: string) {
    const detail = (await t.call('GET', `/cases/${id}`, { token: liaison.token })).json();
    const events = (await t.call('GET', `/cases/${id}/events`, { token: liaison.token })).json().items;
    return { version: detail.version, proceedings: detail.proceedings, events: events.length };
  }

  async function decide(id: string, body: Record<string, unknown>) {
    const version = (await t.call('GET', `/cases/${id}`, { token: liaison.token })).json().version;
    return t.call('POST', `/cases/${id}/actions`, { token: liaison.token, body: { version, ...body } });
  }

  const lastEvent = async (id: string) => {
    const items = (await t.call('GET', `/cases/${id}/events`, { token: liaison.token })).json().items;
    return items[items.length - 1];
  };

  it('confirm records the number (in the official brackets) and the date in its event', async () => {
    const id = await atCourt();
    const res = await decide(id, { action: 'confirm', rulingNumber: ' (2026)桂1023民特123号 ', rulingDate: '2026-05-05' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().proceedings[1]).toMatchObject({ kind: 'confirmation', outcome: 'confirmed' });
    expect(await lastEvent(id)).toMatchObject({ action: 'confirm', data: { rulingNumber: '（2026）桂1023民特123号', rulingDate: '2026-05-05' } });
  });

  it('both stay optional: confirm without them records neither', async () => {
    const id = await atCourt();
    expect((await decide(id, { action: 'confirm' })).statusCode).toBe(200);
    const ev = await lastEvent(id);
    expect(ev.action).toBe('confirm');
    expect(ev.data).not.toHaveProperty('rulingNumber');
    expect(ev.data).not.toHaveProperty('rulingDate');
  });

  it('refuse takes them with its reason; decline of a confirmation takes them (dated from receipt)', async () => {
    const refused = await atCourt();
    const r = await decide(refused, { action: 'refuse', reason: '协议内容违反法律规定', rulingNumber: '（2026）桂1023民特124号', rulingDate: '2026-05-06' });
    expect(r.statusCode, r.body).toBe(200);
    expect(await lastEvent(refused)).toMatchObject({ action: 'refuse', data: { reason: '协议内容违反法律规定', rulingNumber: '（2026）桂1023民特124号', rulingDate: '2026-05-06' } });

    const declined = await atCourt(false);
    const d = await decide(declined, { action: 'decline', reason: '不属于本院管辖', rulingNumber: '（2026）桂1023民特125号之一', rulingDate: '2026-05-04' });
    expect(d.statusCode, d.body).toBe(200);
    expect(await lastEvent(declined)).toMatchObject({ action: 'decline', data: { rulingNumber: '（2026）桂1023民特125号之一', rulingDate: '2026-05-04' } });
  });

  it('refuses a bad number, an impossible, future or too early date with 400 naming the field, and changes nothing', async () => {
    const id = await atCourt();
    const before = await state(id);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ rulingNumber: '桂1023民特123' }, 'body.rulingNumber', /court case number/],
      [{ rulingNumber: '（26）桂1023民特123号' }, 'body.rulingNumber', /court case number/],
      [{ rulingNumber: '（2099）桂1023民特1号' }, 'body.rulingNumber', /year still to come/],
      [{ rulingDate: '2026-02-30' }, 'body.rulingDate', /YYYY-MM-DD/],
      [{ rulingDate: '6 May 2026' }, 'body.rulingDate', /YYYY-MM-DD/],
      [{ rulingDate: '2026-05-07' }, 'body.rulingDate', /in the future/],
      [{ rulingDate: '2026-05-03' }, 'body.rulingDate', /before the court accepted/],
      // Dated after the day the decision is recorded as made.
      [{ rulingDate: '2026-05-06', occurredAt: '2026-05-05T09:00:00+08:00' }, 'body.rulingDate', /recorded as made/],
    ];
    for (const [extra, field, message] of cases) {
      const err = expectError(await decide(id, { action: 'confirm', ...extra }), 400, 'VALIDATION_FAILED');
      expect(err.details, JSON.stringify(extra)).toEqual([expect.objectContaining({ field, message: expect.stringMatching(message) })]);
    }
    const refuse = expectError(await decide(id, { action: 'refuse', reason: '不予确认', rulingDate: '2027-01-01' }), 400, 'VALIDATION_FAILED');
    expect(refuse.details?.[0].field).toBe('body.rulingDate');
    expect(await state(id)).toEqual(before);
    expect(before.proceedings[1].state).toBe('accepted');
  });

  it('a decline that is not a court\'s has no ruling to record: 400, nothing changed', async () => {
    t.setNow(null);
    const filed = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id) });
    const id = filed.json().id;
    const version = filed.json().version;
    const res = await t.call('POST', `/cases/${id}/actions`, {
      token: mediator.token,
      body: { action: 'decline', version, reason: '不属于本组织受理范围', rulingNumber: '（2026）桂1023民特126号' },
    });
    const err = expectError(res, 400, 'VALIDATION_FAILED');
    expect(err.details?.[0]).toMatchObject({ field: 'body.rulingNumber', message: expect.stringMatching(/court's ruling/) });
    const after = (await t.call('GET', `/cases/${id}`, { token: mediator.token })).json();
    expect(after.version).toBe(version);
    expect(after.proceedings[0].state).toBe('received');
  });

  it('the fields are in /openapi.json for confirm, refuse and decline', async () => {
    const doc = (await t.call('GET', '/openapi.json')).json();
    const body = doc.paths['/cases/{id}/actions'].post.requestBody.content['application/json'].schema;
    const variants = (body.oneOf ?? body.anyOf) as { properties: Record<string, any> }[];
    for (const action of ['confirm', 'refuse', 'decline']) {
      const v = variants.find((x) => x.properties.action?.const === action || x.properties.action?.enum?.[0] === action);
      expect(v, action).toBeDefined();
      expect(Object.keys(v!.properties)).toEqual(expect.arrayContaining(['rulingNumber', 'rulingDate']));
    }
  });
});
