/**
 * Possible duplicate claims (SPEC §12): the same worker against the same employer at two centres
 * is accepted twice, and each case shows its staff the other (its number and organisation only);
 * the worker and others see nothing of it; an employer is the same by credit code or by name, a
 * worker by ID number or phone; only open cases count; staff dismiss a pair with not_duplicate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { act, caseBody, useTestApp, type TestUser } from '../support/app.js';
import { validCreditCode, validIdNumber } from '../support/ids.js';

const t = useTestApp();
let unionA: { id: string; name: string };
let unionB: { id: string; name: string };
let mediatorA: TestUser;
let mediatorB: TestUser;
let supervisor: TestUser;
let worker: TestUser & { phone: string; idNumber: string };

const detail = async (who: TestUser, id: string) => {
  const res = await t.call('GET', `/cases/${id}`, { token: who.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
async function file(who: TestUser, orgId: string, respondent: Record<string, unknown>, applicant: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/cases', {
    token: who.token,
    body: caseBody(orgId, {
      respondent,
      applicants: [{ name: '黄小明', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 300_000 }], ...applicant }],
    }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string; possibleDuplicates: unknown[] };
}

beforeAll(async () => {
  unionA = { ...(await t.org('union', { regionCode: '451023', name: '平果市总工会劳动争议调解室' })), name: '平果市总工会劳动争议调解室' };
  unionB = { ...(await t.org('mediation_center', { regionCode: '451022', name: '田东县劳动争议调解中心' })), name: '田东县劳动争议调解中心' };
  mediatorA = await t.staff('mediator', unionA.id);
  mediatorB = await t.staff('mediator', unionB.id);
  supervisor = await t.supervisor('4510');
  worker = await t.worker();
});

describe('the same worker against the same employer', () => {
  it('is accepted at a second centre, and both cases show the other to their staff only', async () => {
    const employer = { name: '平果某电子厂', creditCode: validCreditCode() };
    const first = await file(worker, unionA.id, employer);
    expect(first.possibleDuplicates).toEqual([]);
    const second = await file(worker, unionB.id, employer);
    // The worker who filed is not told: the flag is for the centres.
    expect(second.possibleDuplicates).toEqual([]);
    expect((await detail(mediatorB, second.id)).possibleDuplicates).toEqual([{ number: first.number, orgName: unionA.name, status: 'open' }]);
    expect((await detail(mediatorA, first.id)).possibleDuplicates).toEqual([{ number: second.number, orgName: unionB.name, status: 'open' }]);
    expect((await detail(mediatorA, first.id)).allowedActions).toContain('not_duplicate');
    expect((await detail(supervisor, first.id)).possibleDuplicates).toEqual([]);
    expect((await detail(worker, first.id)).allowedActions).not.toContain('not_duplicate');

    // The intake queue flags both, for staff only.
    const queued = (who: TestUser) => t.call('GET', '/cases?status=open&order=waiting', { token: who.token }).then((r) => r.json().items as { id: string; possibleDuplicate: boolean }[]);
    expect((await queued(mediatorB)).find((c) => c.id === second.id)?.possibleDuplicate).toBe(true);
    expect((await queued(mediatorA)).find((c) => c.id === first.id)?.possibleDuplicate).toBe(true);
    expect((await queued(worker)).find((c) => c.id === first.id)?.possibleDuplicate).toBe(false);

    // Staff of the second centre say it is not one: neither case shows it any more.
    await act(t, mediatorB.token, second.id, 'not_duplicate', { number: first.number });
    expect((await detail(mediatorB, second.id)).possibleDuplicates).toEqual([]);
    expect((await detail(mediatorA, first.id)).possibleDuplicates).toEqual([]);
    expect((await detail(mediatorA, first.id)).allowedActions).not.toContain('not_duplicate');
    expect((await queued(mediatorA)).find((c) => c.id === first.id)?.possibleDuplicate).toBe(false);
    const timeline = (await t.call('GET', `/cases/${second.id}/events`, { token: mediatorB.token })).json().items;
    expect(timeline.at(-1)).toMatchObject({ action: 'not_duplicate', internal: true, data: { number: first.number } });
    const workersTimeline = (await t.call('GET', `/cases/${second.id}/events`, { token: worker.token })).json().items;
    expect(workersTimeline.some((e: { action: string }) => e.action === 'not_duplicate')).toBe(false);
  });

  it('finds the employer by name when a filing has no credit code, and the worker by phone alone', async () => {
    const first = await file(mediatorA, unionA.id, { name: '平果某餐饮店' }, { idNumber: validIdNumber() });
    // Another ID number (a typing error at the desk, say), the same phone.
    const second = await file(mediatorA, unionA.id, { name: '平果某餐饮店', creditCode: validCreditCode() }, { idNumber: validIdNumber() });
    expect((await detail(mediatorA, second.id)).possibleDuplicates).toEqual([{ number: first.number, orgName: unionA.name, status: 'open' }]);
  });

  it('does not flag another employer, another worker, or a case already closed', async () => {
    const other = await t.worker();
    const employer = { name: '平果某砖厂', creditCode: validCreditCode() };
    const first = await file(worker, unionA.id, employer);
    const anotherEmployer = await file(worker, unionA.id, { name: '平果某石材厂', creditCode: validCreditCode() });
    expect((await detail(mediatorA, anotherEmployer.id)).possibleDuplicates).toEqual([]);
    const res = await t.call('POST', '/cases', {
      token: other.token,
      body: caseBody(unionA.id, { respondent: employer, applicants: [{ name: '韦二', idNumber: other.idNumber, phone: other.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 1 }] }] }),
    });
    expect((await detail(mediatorA, res.json().id)).possibleDuplicates).toEqual([]);

    // Withdrawn and closed: a new claim against the same employer is no duplicate of it.
    await act(t, worker.token, first.id, 'withdraw', { reason: '先和单位协商' });
    await act(t, mediatorA.token, first.id, 'close', { outcome: 'withdrawn' });
    const again = await file(worker, unionA.id, employer);
    expect((await detail(mediatorA, again.id)).possibleDuplicates).toEqual([]);
  });

  it('refuses not_duplicate for a number that is no possible duplicate, and to the worker', async () => {
    const employer = { name: '平果某物流公司', creditCode: validCreditCode() };
    const first = await file(worker, unionA.id, employer);
    const second = await file(worker, unionA.id, employer);
    const version = (await detail(mediatorA, second.id)).version;
    const wrong = await t.call('POST', `/cases/${second.id}/actions`, { token: mediatorA.token, body: { action: 'not_duplicate', version, number: 'PGZGH-1999-00001' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('body.number');
    const byWorker = await t.call('POST', `/cases/${second.id}/actions`, { token: worker.token, body: { action: 'not_duplicate', version, number: first.number } });
    expect(byWorker.statusCode).toBe(409);
    expect((await detail(mediatorA, second.id)).possibleDuplicates).toHaveLength(1);
  });
});
