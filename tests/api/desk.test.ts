/**
 * The staff lists and the supervisor's dashboard (issue 20): GET /cases in the order of an intake
 * queue (waiting longest first) with the current proceeding's own receipt, region names on the
 * signed-in user, and regions named in Chinese in the statistics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';

let t: TestContext;
let union: { id: string };
let court: { id: string };
let mediator: TestUser;
let liaison: TestUser;
let stranger: TestUser;
/** A: filed first, referred to the court last. B: filed second, referred first. C: filed at the court itself, in between. */
const ids = { A: '', B: '', C: '' };
const at = (s: string) => new Date(s).toISOString();
const REFERRED_A = '2026-03-20T07:30:00+08:00';

beforeAll(async () => {
  t = await testApp();
  union = await t.org('union', { regionCode: '451023' });
  court = await t.org('court', { regionCode: '451023' });
  const elsewhere = await t.org('union', { regionCode: '450107' });
  mediator = await t.staff('mediator', union.id);
  liaison = await t.staff('court_liaison', court.id);
  stranger = await t.staff('mediator', elsewhere.id);

  const fileAt = async (token: string, orgId: string, occurredAt: string, name: string) => {
    const res = await t.call('POST', '/cases', { token, body: caseBody(orgId, { occurredAt: at(occurredAt), respondent: { name } }) });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  const settleAndRefer = async (id: string, acceptedAt: string, settledAt: string, referredAt: string) => {
    await act(t, mediator.token, id, 'accept', { occurredAt: at(acceptedAt) });
    await act(t, mediator.token, id, 'settle', { occurredAt: at(settledAt), agreement: { amountFen: 100_000, terms: '一次付清' }, signedInPerson: true });
    await act(t, mediator.token, id, 'refer', { occurredAt: at(referredAt), toOrgId: court.id, kind: 'confirmation', reason: '申请司法确认' });
  };
  ids.A = await fileAt(mediator.token, union.id, '2026-03-01T10:00:00+08:00', '甲公司');
  ids.B = await fileAt(mediator.token, union.id, '2026-03-05T10:00:00+08:00', '乙公司');
  ids.C = await fileAt(liaison.token, court.id, '2026-03-15T10:00:00+08:00', '丙公司');
  await settleAndRefer(ids.A, '2026-03-02T09:00:00+08:00', '2026-03-03T09:00:00+08:00', REFERRED_A);
  await settleAndRefer(ids.B, '2026-03-06T09:00:00+08:00', '2026-03-07T09:00:00+08:00', '2026-03-10T16:00:00+08:00');
});
afterAll(() => t.close());

const list = async (who: TestUser | null, query: string) => t.call('GET', `/cases?${query}`, who ? { token: who.token } : {});
const numbersOf = (items: { id: string }[]) => items.map((c) => Object.entries(ids).find(([, id]) => id === c.id)?.[0] ?? c.id);

describe('GET /cases?order=waiting: an intake queue, waiting longest first', () => {
  it('orders by when the current proceeding was received, not by when the case began', async () => {
    const waiting = await list(liaison, 'state=received&status=open&order=waiting');
    expect(waiting.statusCode, waiting.body).toBe(200);
    expect(numbersOf(waiting.json().items)).toEqual(['B', 'C', 'A']);
    // The default stays newest case first.
    const newest = await list(liaison, 'state=received&status=open');
    expect(numbersOf(newest.json().items)).toEqual(['C', 'B', 'A']);
  });

  it('pages through the same order with the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(liaison, `order=waiting&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      expect(page.items).toHaveLength(1);
      seen.push(...numbersOf(page.items));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['B', 'C', 'A']);
  });

  it('shows each case with its current proceeding’s receipt beside the case’s own', async () => {
    const items = (await list(liaison, 'order=waiting')).json().items as { id: string; receivedAt: string; currentReceivedAt: string }[];
    const a = items.find((c) => c.id === ids.A)!;
    expect(Date.parse(a.currentReceivedAt)).toBe(Date.parse(REFERRED_A));
    expect(Date.parse(a.receivedAt)).toBe(Date.parse('2026-03-01T10:00:00+08:00'));
    const detail = (await t.call('GET', `/cases/${ids.A}`, { token: liaison.token })).json();
    expect(Date.parse(a.currentReceivedAt)).toBe(Date.parse(detail.proceedings.at(-1).receivedAt));
    // A case with one proceeding: both are the filing.
    const c = items.find((x) => x.id === ids.C)!;
    expect(Date.parse(c.currentReceivedAt)).toBe(Date.parse(c.receivedAt));
    // In the default order too.
    const newest = (await list(mediator, '')).json().items as { id: string; currentReceivedAt: string }[];
    expect(Date.parse(newest.find((x) => x.id === ids.A)!.currentReceivedAt)).toBe(Date.parse(REFERRED_A));
  });

  it('keeps to what the caller may see', async () => {
    expect(numbersOf((await list(mediator, 'order=waiting')).json().items)).toEqual(['B', 'A']);
    expect((await list(stranger, 'order=waiting')).json().items).toEqual([]);
    // A cursor naming a case the caller cannot see gives an empty page, not the case.
    const res = await list(stranger, `order=waiting&cursor=${ids.A}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], nextCursor: null });
  });

  it('refuses an unknown order with 400 and a caller without a token with 401', async () => {
    const bad = await list(liaison, 'order=oldest');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(bad.json().error.details[0].field).toBe('querystring.order');
    const anonymous = await list(null, 'order=waiting');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('regionName: a supervisor’s region in Chinese', () => {
  it('GET /me and sign-in name a supervisor’s region; other roles have none', async () => {
    const baise = await t.supervisor('4510');
    const me = await t.call('GET', '/me', { token: baise.token });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ role: 'supervisor', regionCode: '4510', regionName: '百色市' });
    expect((await t.call('GET', '/me', { token: (await t.supervisor('45')).token })).json().regionName).toBe('广西壮族自治区');
    expect((await t.call('GET', '/me', { token: (await t.supervisor('')).token })).json().regionName).toBe('全国');
    expect((await t.call('GET', '/me', { token: (await t.supervisor('451023')).token })).json().regionName).toBe('平果市');
    expect((await t.call('GET', '/me', { token: mediator.token })).json()).toMatchObject({ regionCode: null, regionName: null });
    const worker = await t.worker();
    expect((await t.call('GET', '/me', { token: worker.token })).json().regionName).toBeNull();
  });

  it('the administrator’s list of accounts carries it too', async () => {
    const users = (await t.call('GET', '/users?role=supervisor', { token: t.admin.token })).json().items as { regionCode: string; regionName: string }[];
    expect(users.find((u) => u.regionCode === '4510')?.regionName).toBe('百色市');
  });

  it('GET /me without a token is 401', async () => {
    const res = await t.call('GET', '/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('the OpenAPI document describes the field', async () => {
    const doc = JSON.stringify((await t.call('GET', '/openapi.json')).json());
    expect(doc).toContain('regionName');
    expect(doc).toContain('currentReceivedAt');
  });
});

describe('statistics by region: labelled in Chinese', () => {
  it('names each region group, and the groups of a division’s own organisations as 本级', async () => {
    const commission = await t.org('arbitration_commission', { regionCode: '451000' });
    const arbitrator = await t.staff('arbitrator', commission.id);
    await t.call('POST', '/cases', { token: arbitrator.token, body: caseBody(commission.id, { occurredAt: at('2026-03-12T10:00:00+08:00') }) });
    const sup = await t.supervisor('4510');
    const res = await t.call('GET', '/stats/closure?from=2026-03-01&to=2026-03-31&groupBy=region', { token: sup.token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows.map((r: { key: string; label: string }) => [r.key, r.label])).toEqual([
      ['451000', '百色市本级'],
      ['451023', '平果市'],
    ]);
    const province = await t.supervisor('45');
    const wide = (await t.call('GET', '/stats/closure?from=2026-03-01&to=2026-03-31&groupBy=region', { token: province.token })).json();
    expect(wide.rows.map((r: { key: string; label: string }) => [r.key, r.label])).toEqual([['4510', '百色市']]);
  });
});
