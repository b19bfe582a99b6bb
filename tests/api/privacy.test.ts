import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../../src/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { testConfig } from '../../src/config.js';
import { act, caseBody, PASSWORD, TEST_PASSWORD_POLICY, testApp, type TestContext, type TestUser } from '../support/app.js';
import { freshDatabase } from '../support/db.js';
import { validIdNumber } from '../support/ids.js';
import { employer as joinAsEmployer, type PartyUser } from '../support/parties.js';

const maskedId = (id: string) => `${id.slice(0, 4)}**********${id.slice(-4)}`;
const maskedPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

describe('masking and internal notes', () => {
  let t: TestContext;
  let union: { id: string };
  let commission: { id: string };
  let worker: TestUser & { phone: string; idNumber: string };
  let mediator: TestUser;
  let arbitrator: TestUser;
  let supervisor: TestUser;
  /** The employer's representative, invited to the case and joined (SPEC §10). */
  let employer: PartyUser;
  const co = { name: '李四', idNumber: validIdNumber(424242), phone: '13812345678' };
  let caseId: string;
  let filed: any;

  beforeAll(async () => {
    t = await testApp();
    union = await t.org('union', { regionCode: '451023' });
    commission = await t.org('arbitration_commission', { regionCode: '451000' });
    worker = await t.worker();
    mediator = await t.staff('mediator', union.id);
    arbitrator = await t.staff('arbitrator', commission.id);
    supervisor = await t.supervisor('4510');
    const res = await t.call('POST', '/cases', {
      token: worker.token,
      body: caseBody(union.id, {
        applicants: [
          { name: '张三', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 800_000 }] },
          { ...co, claims: [{ category: 'wages', description: '欠薪', amountFen: 600_000 }] },
          { name: '王五', claims: [{ category: 'wages', description: '欠薪', amountFen: 400_000 }] },
        ],
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    filed = res.json();
    caseId = filed.id;
    employer = await joinAsEmployer(t, caseId, mediator.token, { name: '王经理' });
  });
  afterAll(() => t.close());

  const applicantsSeenBy = async (who: TestUser) => {
    const res = await t.call('GET', `/cases/${caseId}`, { token: who.token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().applicants as { name: string; idNumber: string | null; phone: string | null; isCaller: boolean }[];
  };

  it('the applicant worker sees their own ID number and phone whole, a co-applicant\'s masked', async () => {
    const [self, other, none] = await applicantsSeenBy(worker);
    expect(self).toMatchObject({ name: '张三', idNumber: worker.idNumber, phone: worker.phone, isCaller: true });
    expect(other).toMatchObject({ name: '李四', idNumber: maskedId(co.idNumber), phone: maskedPhone(co.phone), isCaller: false });
    expect(other.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(other.phone).toBe('138****5678');
    expect(none).toMatchObject({ idNumber: null, phone: null });
  });

  it('the filing response masks the co-applicant the same way', () => {
    expect(filed.applicants[0]).toMatchObject({ idNumber: worker.idNumber, phone: worker.phone });
    expect(filed.applicants[1]).toMatchObject({ idNumber: maskedId(co.idNumber), phone: maskedPhone(co.phone) });
    expect(JSON.stringify(filed)).not.toContain(co.idNumber);
  });

  it('staff of the handling organisation see everyone whole', async () => {
    const [self, other, none] = await applicantsSeenBy(mediator);
    expect(self).toMatchObject({ idNumber: worker.idNumber, phone: worker.phone, isCaller: false });
    expect(other).toMatchObject({ idNumber: co.idNumber, phone: co.phone });
    expect(none).toMatchObject({ idNumber: null, phone: null });
  });

  it('a supervisor sees everyone masked, the filer included', async () => {
    const [self, other] = await applicantsSeenBy(supervisor);
    expect(self).toMatchObject({ idNumber: maskedId(worker.idNumber), phone: maskedPhone(worker.phone) });
    expect(other).toMatchObject({ idNumber: maskedId(co.idNumber), phone: maskedPhone(co.phone) });
    const res = await t.call('GET', `/cases/${caseId}`, { token: supervisor.token });
    for (const secret of [worker.idNumber, worker.phone, co.idNumber, co.phone]) expect(res.body).not.toContain(secret);
  });

  it("the employer's representative sees every worker masked, like any party, and their own phone whole", async () => {
    const applicants = await applicantsSeenBy(employer);
    expect(applicants[0]).toMatchObject({ idNumber: maskedId(worker.idNumber), phone: maskedPhone(worker.phone), isCaller: false });
    expect(applicants[1]).toMatchObject({ idNumber: maskedId(co.idNumber), phone: maskedPhone(co.phone) });
    const res = await t.call('GET', `/cases/${caseId}`, { token: employer.token });
    for (const secret of [worker.idNumber, worker.phone, co.idNumber, co.phone]) expect(res.body).not.toContain(secret);
    expect(res.json().respondents).toEqual([expect.objectContaining({ name: '王经理', phone: employer.phone, isCaller: true })]);
    // The worker sees the representative's phone masked.
    const forWorker = (await t.call('GET', `/cases/${caseId}`, { token: worker.token })).json();
    expect(forWorker.respondents[0].phone).toBe(maskedPhone(employer.phone));
  });

  it('the case list and the timeline carry no ID number or phone for anyone', async () => {
    for (const who of [supervisor, mediator, worker, employer]) {
      const list = await t.call('GET', '/cases', { token: who.token });
      const events = await t.call('GET', `/cases/${caseId}/events`, { token: who.token });
      for (const secret of [co.idNumber, co.phone]) {
        expect(list.body).not.toContain(secret);
        expect(events.body).not.toContain(secret);
      }
    }
  });

  it('internal notes are hidden from the worker and shown to staff', async () => {
    await act(t, mediator.token, caseId, 'note', { text: '内部：用人单位负责人态度强硬', internal: true });
    await act(t, mediator.token, caseId, 'note', { text: '已电话通知双方调解时间' });
    const forWorker = await t.call('GET', `/cases/${caseId}/events`, { token: worker.token });
    expect(forWorker.statusCode).toBe(200);
    const workerNotes = forWorker.json().items.filter((e: { action: string }) => e.action === 'note');
    expect(workerNotes).toHaveLength(1);
    expect(workerNotes[0]).toMatchObject({ internal: false, data: { text: '已电话通知双方调解时间' } });
    expect(forWorker.body).not.toContain('态度强硬');
    expect(forWorker.json().items.some((e: { internal: boolean }) => e.internal)).toBe(false);

    const forStaff = (await t.call('GET', `/cases/${caseId}/events`, { token: mediator.token })).json().items;
    const staffNotes = forStaff.filter((e: { action: string }) => e.action === 'note');
    expect(staffNotes.map((e: { internal: boolean; data: { text: string } }) => [e.internal, e.data.text])).toEqual([
      [true, '内部：用人单位负责人态度强硬'],
      [false, '已电话通知双方调解时间'],
    ]);
    // Nor does the case detail carry the internal note to the worker.
    const detail = await t.call('GET', `/cases/${caseId}`, { token: worker.token });
    expect(detail.body).not.toContain('态度强硬');
    // Nor to the employer's representative, the other party.
    const forEmployer = await t.call('GET', `/cases/${caseId}/events`, { token: employer.token });
    expect(forEmployer.statusCode).toBe(200);
    expect(forEmployer.body).not.toContain('态度强硬');
    expect(forEmployer.json().items.some((e: { internal: boolean }) => e.internal)).toBe(false);
    expect(forEmployer.json().items.filter((e: { action: string }) => e.action === 'note')).toHaveLength(1);
    expect((await t.call('GET', `/cases/${caseId}`, { token: employer.token })).body).not.toContain('态度强硬');
  });

  it('after a referral, staff of both organisations see the data whole and the internal notes', async () => {
    await act(t, mediator.token, caseId, 'accept');
    await act(t, mediator.token, caseId, 'fail', { reason: '用人单位拒绝调解' });
    const referred = await act(t, worker.token, caseId, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '申请仲裁' });
    // The action's response is masked for the worker like the detail.
    expect(referred.applicants[0]).toMatchObject({ idNumber: worker.idNumber, phone: worker.phone });
    expect(referred.applicants[1]).toMatchObject({ idNumber: maskedId(co.idNumber), phone: maskedPhone(co.phone) });
    for (const staff of [mediator, arbitrator]) {
      const [self, other] = await applicantsSeenBy(staff);
      expect(self).toMatchObject({ idNumber: worker.idNumber, phone: worker.phone });
      expect(other).toMatchObject({ idNumber: co.idNumber, phone: co.phone });
    }
    const forArbitrator = (await t.call('GET', `/cases/${caseId}/events`, { token: arbitrator.token })).json().items;
    expect(forArbitrator.some((e: { internal: boolean }) => e.internal)).toBe(true);
  });

  it('a worker cannot write notes, internal or not', async () => {
    const version = (await t.call('GET', `/cases/${caseId}`, { token: worker.token })).json().version;
    const res = await t.call('POST', `/cases/${caseId}/actions`, { token: worker.token, body: { action: 'note', version, text: '我想看内部备注', internal: true } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INVALID_TRANSITION');
  });
});

interface LoggedApp {
  /** Every log line written so far, as JSON text. */
  lines: string[];
  call(method: string, url: string, token?: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** Signs in the administrator and sets up a union with a mediator; returns their tokens. */
  setup(mediatorUsername: string, mediatorPhone?: string): Promise<{ admin: string; mediator: string; unionId: string }>;
  close(): Promise<void>;
}

/** The app as src/app.ts builds it, logging through loggerOptions() into memory. */
async function loggedApp(level: string): Promise<LoggedApp> {
  const handle = await freshDatabase();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  const app = await buildApp({ config: testConfig(), db: handle.db, passwordPolicy: TEST_PASSWORD_POLICY, logger: loggerOptions(level, stream) });
  await ensureAdmin(handle.db, { username: 'admin', password: PASSWORD, policy: TEST_PASSWORD_POLICY });
  const call: LoggedApp['call'] = (method, url, token, body) =>
    app.inject({ method: method as 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { payload: body as object }) });
  return {
    lines,
    call,
    async setup(mediatorUsername, mediatorPhone) {
      const admin = (await call('POST', '/auth/login', undefined, { username: 'admin', password: PASSWORD })).json().token as string;
      const union = (await call('POST', '/organizations', admin, { name: `平果县总工会${mediatorUsername}`, kind: 'union', regionCode: '451023' })).json();
      const created = await call('POST', '/users', admin, {
        username: mediatorUsername, password: PASSWORD, name: '调解员', role: 'mediator', orgId: union.id, ...(mediatorPhone ? { phone: mediatorPhone } : {}),
      });
      expect(created.statusCode, created.body).toBe(201);
      const mediator = (await call('POST', '/auth/login', undefined, { username: mediatorUsername, password: PASSWORD })).json().token as string;
      return { admin, mediator, unionId: union.id };
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

/** Register, file, search by phone and ID number, act; returns every secret that went over the wire. */
async function scenario(l: LoggedApp): Promise<string[]> {
  const staffPhone = '15077112233';
  const { admin, mediator, unionId } = await l.setup('mediator1', staffPhone);
  const phone = '13977001122';
  const idNumber = '11010519491231002X';
  const reg = await l.call('POST', '/auth/register', undefined, { phone, password: PASSWORD, name: '张三', idNumber });
  expect(reg.statusCode, reg.body).toBe(201);
  const badReg = await l.call('POST', '/auth/register', undefined, { phone: '13977001199', password: PASSWORD, name: '张三', idNumber: '110105194912310021' });
  expect(badReg.statusCode).toBe(400);
  const login = await l.call('POST', '/auth/login', undefined, { username: phone, password: PASSWORD });
  expect(login.statusCode).toBe(200);
  const worker = login.json().token as string;
  expect((await l.call('POST', '/auth/login', undefined, { username: phone, password: 'wrong-password-123' })).statusCode).toBe(401);

  const coId = validIdNumber(777);
  const coPhone = '18677665544';
  const filed = await l.call('POST', '/cases', worker, caseBody(unionId, {
    applicants: [
      { name: '张三', idNumber, phone, claims: [{ category: 'wages', description: `欠薪，联系电话${phone}`, amountFen: 800_000 }] },
      { name: '李四', idNumber: coId, phone: coPhone, claims: [{ category: 'wages', description: '欠薪', amountFen: 500_000 }] },
    ],
  }));
  expect(filed.statusCode, filed.body).toBe(201);
  const caseId = filed.json().id as string;

  for (const q of [phone, idNumber, idNumber.toLowerCase(), coPhone]) {
    expect((await l.call('GET', `/cases?q=${q}`, mediator)).statusCode).toBe(200);
    expect((await l.call('GET', `/cases?q=${q}&limit=5`, worker)).statusCode).toBe(200);
  }
  const version = () => l.call('GET', `/cases/${caseId}`, mediator).then((r) => r.json().version as number);
  expect((await l.call('POST', `/cases/${caseId}/actions`, mediator, { action: 'accept', version: await version() })).statusCode).toBe(200);
  const note = { action: 'note', version: await version(), text: `申请人身份证${coId}，电话${coPhone}`, internal: true };
  expect((await l.call('POST', `/cases/${caseId}/actions`, mediator, note)).statusCode).toBe(200);
  expect((await l.call('POST', `/cases/${caseId}/actions`, mediator, { action: 'accept', version: 1 })).statusCode).toBe(409);
  expect((await l.call('POST', `/cases/${caseId}/actions`, worker, { action: 'withdraw', version: await version(), reason: `已和解 ${phone}` })).statusCode).toBe(200);
  expect((await l.call('GET', `/cases/${caseId}/events`, worker)).statusCode).toBe(200);
  expect((await l.call('GET', '/me', worker)).statusCode).toBe(200);
  expect((await l.call('GET', '/me', `${worker}x`)).statusCode).toBe(401);
  expect((await l.call('GET', `/nope/${phone}`, worker)).statusCode).toBe(404);

  const tokenParts = [admin, mediator, worker].flatMap((tk) => [tk, tk.split('.')[2]]);
  return [phone, idNumber, idNumber.toLowerCase(), '110105194912310021', coId, coPhone, staffPhone, PASSWORD, 'wrong-password-123', ...tokenParts];
}

function expectClean(lines: string[], secrets: string[]) {
  for (const line of lines) {
    for (const secret of secrets) expect(line, `a log line contains ${secret.slice(0, 6)}…`).not.toContain(secret);
    expect(line).not.toMatch(/\$argon2/);
  }
}

/** A logged app at `level` for the tests of the enclosing block, built before them and closed after. */
function loggedAppFor(level: string): () => LoggedApp {
  let l: LoggedApp;
  beforeAll(async () => {
    l = await loggedApp(level);
  });
  afterAll(() => l.close());
  return () => l;
}

/** The whole scenario leaves none of its secrets in any log line, though its requests are logged. */
async function expectScenarioClean(l: LoggedApp) {
  const secrets = await scenario(l);
  expect(l.lines.length).toBeGreaterThan(20);
  // The requests were logged, with the searched values scrubbed out of the URL.
  expect(l.lines.some((line) => line.includes('/cases?q='))).toBe(true);
  expectClean(l.lines, secrets);
}

describe('nothing personal in the logs (SPEC §7, 个人信息保护法)', () => {
  describe('at level info', () => {
    const app = loggedAppFor('info');

    it('no ID number, phone number, password or token appears in any log line', () => expectScenarioClean(app()));

    it('a request that fails inside the database logs no ID number or phone either', async () => {
      const l = app();
      const { mediator, unionId } = await l.setup('mediator2');
      const idNumber = validIdNumber(31337);
      const phone = '13566778899';
      const from = l.lines.length;
      // A NUL in a name is refused by PostgreSQL after the case row is written, while the applicants are.
      const res = await l.call('POST', '/cases', mediator, caseBody(unionId, {
        applicants: [{ name: '张\u0000三', idNumber, phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 100_000 }] }],
      }));
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toContain(idNumber);
      expect(l.lines.length).toBeGreaterThan(from);
      expectClean(l.lines.slice(from), [idNumber, phone]);
    });

    it('a phone number searched with the +86 country code stays out of the logs', async () => {
      const l = app();
      const { mediator } = await l.setup('mediator3');
      const from = l.lines.length;
      expect((await l.call('GET', `/cases?q=${encodeURIComponent('+8613977001133')}`, mediator)).statusCode).toBe(200);
      expect(l.lines.slice(from).some((line) => line.includes('/cases?q='))).toBe(true);
      expectClean(l.lines.slice(from), ['13977001133']);
    });
  });

  describe('at level trace, the most a deployment can log', () => {
    const app = loggedAppFor('trace');

    it('no ID number, phone number, password or token appears in any log line', () => expectScenarioClean(app()));
  });
});
