/**
 * The case's legal documents (SPEC §9) through the API: each of the eight types rendered and its
 * text read back with pdftotext (poppler-utils), issued once and then handed out as the same
 * bytes, issued anew with a new code when its facts change, masked for a supervisor with the code
 * and hash of the document as issued, checked publicly by its code, and refused to those who may
 * not have it. One app, two cases, each type rendered once or twice.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone } from '../../src/domain/identity.js';
import { act, agreementIn, caseBody, useTestApp, type TestUser } from '../support/app.js';
import { expectError } from '../support/errors.js';

const t = useTestApp();
const china = (s: string) => new Date(`${s}+08:00`);

let union: { id: string };
let commission: { id: string };
let mediator: TestUser;
let arbitrator: TestUser;
let outsider: TestUser;
let supervisor: TestUser;
let worker: TestUser & { phone: string; idNumber: string };
let otherWorker: TestUser;
/** Settled after a session: application, acceptance, session, agreement, confirmation request, service receipt. */
let settled: { id: string; number: string };
/** Failed mediation, then an arbitration declined: the mediation's end, the decline, the arbitration's application. */
let declined: { id: string; number: string };

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** The document's text as pdftotext extracts it, without the line breaks and spaces the layout puts in. */
const textOf = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, '');

function fetchDoc(token: string | undefined, caseId: string, type: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url: `/cases/${caseId}/documents/${type}`, headers: { accept: 'application/pdf', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
}

async function pdf(token: string, caseId: string, type: string) {
  const res = await fetchDoc(token, caseId, type);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const bytes = res.rawPayload;
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  return { res, bytes, text: textOf(bytes), code: String(res.headers['x-document-code']), sha256: String(res.headers['x-document-sha256']) };
}

async function listOf(token: string, caseId: string) {
  const res = await t.call('GET', `/cases/${caseId}/documents`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return Object.fromEntries(res.json().items.map((i: { type: string }) => [i.type, i])) as Record<string, any>;
}

async function issuedEvents(caseId: string) {
  const res = await t.call('GET', `/cases/${caseId}/events`, { token: mediator.token });
  return res.json().items.filter((e: { action: string }) => e.action === 'document_issued');
}

async function fileOnline(): Promise<{ id: string; number: string }> {
  const res = await t.call('POST', '/cases', {
    token: worker.token,
    body: caseBody(union.id, {
      categories: ['wages'],
      applicants: [{ name: '张三', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '2025年10月至12月工资', amountFen: 1_500_000 }] }],
      respondent: { name: '平果某建筑有限公司', address: '平果市马头镇某路18号' },
    }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, number: res.json().number };
}

beforeAll(async () => {
  t.setNow(china('2026-03-02T09:00:00'));
  union = await t.org('union', { regionCode: '451023', name: '平果市总工会劳动争议调解委员会' });
  commission = await t.org('arbitration_commission', { regionCode: '451023', name: '平果市劳动人事争议仲裁委员会' });
  const bystander = await t.org('people_mediation', { regionCode: '451023' });
  mediator = await t.staff('mediator', union.id);
  arbitrator = await t.staff('arbitrator', commission.id);
  outsider = await t.staff('mediator', bystander.id);
  supervisor = await t.supervisor('4510');
  worker = await t.worker();
  otherWorker = await t.worker();

  settled = await fileOnline();
  declined = await fileOnline();
  await act(t, mediator.token, declined.id, 'accept');
  await act(t, mediator.token, declined.id, 'fail', { reason: '用人单位拒绝调解' });
  await act(t, mediator.token, declined.id, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '调解不成' });
  await act(t, arbitrator.token, declined.id, 'decline', { reason: '申请超过仲裁时效' });
});

describe('the documents of a case', () => {
  it('lists all eight types; a new case has only its application, which its worker may issue', async () => {
    const items = await listOf(worker.token, settled.id);
    expect(Object.keys(items).sort()).toEqual(['acceptance_notice', 'agreement', 'application', 'confirmation_request', 'decline_notice', 'hearing_notice', 'mediation_ended', 'service_receipt']);
    expect(items.application).toEqual({ type: 'application', title: '劳动争议调解申请书', available: true, current: false, mayIssue: true });
    for (const type of ['acceptance_notice', 'decline_notice', 'agreement', 'mediation_ended', 'confirmation_request', 'hearing_notice', 'service_receipt']) {
      expect(items[type], type).toMatchObject({ available: false, mayIssue: false });
    }
    expectError(await fetchDoc(mediator.token, settled.id, 'agreement'), 409, 'INVALID_TRANSITION');
  });

  it('the worker downloads their application: issued once, recorded on the chain, the same bytes again', async () => {
    const first = await pdf(worker.token, settled.id, 'application');
    expect(first.text).toContain('劳动争议调解申请书');
    expect(first.text).toContain(`案号：${settled.number}`);
    expect(first.text).toContain(`申请人：张三，公民身份号码：${worker.idNumber}，联系电话：${worker.phone}`);
    expect(first.text).toContain('被申请人：平果某建筑有限公司');
    expect(first.text).toContain('2025年10月至12月工资（劳动报酬），金额人民币15,000.00元');
    expect(first.text).toContain('此致平果市总工会劳动争议调解委员会');
    expect(first.text).toContain('《劳动争议调解仲裁法》第十二条');
    expect(first.text).toContain('二〇二六年三月二日');
    expect(first.code).toMatch(/^[0-9A-Z]{12}$/);
    expect(first.text).toContain(`验证码：${first.code.match(/.{4}/g)!.join('-')}`);
    expect(first.text).toContain(`/verify/documents/${first.code}`);
    expect(first.sha256).toBe(sha(first.bytes));
    expect(first.res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`劳动争议调解申请书-${settled.number}.pdf`)}`);
    expect(first.res.headers['cache-control']).toBe('private, no-cache');
    // Tens of kilobytes: the font is embedded as a subset.
    expect(first.bytes.length).toBeLessThan(150_000);

    t.setNow(china('2026-03-02T10:00:00'));
    const again = await pdf(mediator.token, settled.id, 'application');
    expect(again.bytes.equals(first.bytes)).toBe(true);
    const events = await issuedEvents(settled.id);
    expect(events).toHaveLength(1);
    expect(Object.keys(events[0].data).sort()).toEqual(['code', 'documentId', 'sha256', 'title', 'type']);
    expect(events[0].data).toMatchObject({ type: 'application', code: first.code, title: '劳动争议调解申请书', sha256: first.sha256 });
    expect(events[0]).toMatchObject({ actorUserId: worker.id, internal: false, proceedingId: null });
    expect((await listOf(worker.token, settled.id)).application).toMatchObject({ current: true, verificationCode: first.code, issuedAt: china('2026-03-02T09:00:00').toISOString() });
  });

  it('acceptance and session notices; a new session date issues a new notice with a new code', async () => {
    await act(t, mediator.token, settled.id, 'accept');
    const accepted = await pdf(worker.token, settled.id, 'acceptance_notice');
    expect(accepted.text).toContain('受理通知书');
    expect(accepted.text).toContain('张三：你（们）与平果某建筑有限公司劳动报酬争议一案，本组织于2026年3月2日收到调解申请');
    expect(accepted.text).toContain('《劳动争议调解仲裁法》第十四条第三款');

    await act(t, mediator.token, settled.id, 'schedule', { at: '2026-03-09T09:30:00+08:00', place: '总工会三楼调解室' });
    const session = await pdf(mediator.token, settled.id, 'hearing_notice');
    expect(session.text).toContain('调解通知书');
    expect(session.text).toContain('定于2026年3月9日（星期一）上午9时30分在总工会三楼调解室进行调解');
    expect(session.text).toContain('《劳动争议调解仲裁法》第十三条');

    await act(t, mediator.token, settled.id, 'schedule', { at: '2026-03-11T14:00:00+08:00', place: '总工会三楼调解室' });
    const moved = await pdf(mediator.token, settled.id, 'hearing_notice');
    expect(moved.text).toContain('2026年3月11日（星期三）下午2时');
    expect(moved.code).not.toBe(session.code);
    expect((await t.call('GET', `/verify/documents/${session.code}`)).json()).toMatchObject({ valid: true, superseded: true });
    expect((await t.call('GET', `/verify/documents/${moved.code}`)).json()).toMatchObject({ valid: true, superseded: false });
  });

  it('the agreement and the request for confirmation, issued by staff, then the worker has them', async () => {
    await act(t, mediator.token, settled.id, 'settle', { agreement: agreementIn('双方就本案再无其他争议', ['2026-04-10', 900_000], ['2026-05-10', 900_000]) });
    // The worker may fetch an agreement once issued, but does not issue it.
    expectError(await fetchDoc(worker.token, settled.id, 'agreement'), 409, 'INVALID_TRANSITION');
    const agreement = await pdf(mediator.token, settled.id, 'agreement');
    expect(agreement.text).toContain('调解协议书');
    expect(agreement.text).toContain('被申请人向申请人支付人民币18,000.00元（大写：壹万捌仟元整），分二期支付：2026年4月10日前支付人民币9,000.00元；2026年5月10日前支付人民币9,000.00元');
    expect(agreement.text).toContain('其他约定：双方就本案再无其他争议。');
    expect(agreement.text).toContain('调解员（签名）');
    expect(agreement.text).toContain('平果市总工会劳动争议调解委员会（印章）');
    expect(agreement.text).toContain('《劳动争议调解仲裁法》第十四条');
    const mine = await pdf(worker.token, settled.id, 'agreement');
    expect(mine.bytes.equals(agreement.bytes)).toBe(true);

    const request = await pdf(mediator.token, settled.id, 'confirmation_request');
    expect(request.text).toContain('司法确认申请书');
    expect(request.text).toContain('请求确认申请人之间于2026年3月2日经平果市总工会劳动争议调解委员会主持调解达成的调解协议有效');
    expect(request.text).toContain('《人民调解法》第三十三条第一款');
    expect(request.text).toContain('《民事诉讼法》第二百零五条');
  });

  it('a supervisor gets a masked copy with the code and hash of the document as issued', async () => {
    const issued = await pdf(mediator.token, settled.id, 'agreement');
    const copy = await pdf(supervisor.token, settled.id, 'agreement');
    expect(copy.code).toBe(issued.code);
    expect(copy.sha256).toBe(issued.sha256);
    expect(copy.bytes.equals(issued.bytes)).toBe(false);
    expect(copy.text).not.toContain(worker.idNumber);
    expect(copy.text).not.toContain(worker.phone);
    expect(copy.text).toContain(`公民身份号码：${maskIdNumber(worker.idNumber)}`);
    expect(copy.text).toContain(`联系电话：${maskPhone(worker.phone)}`);
    expect(copy.text).toContain(`验证码：${issued.code.match(/.{4}/g)!.join('-')}`);
    expect(copy.text).toContain('二〇二六年三月二日');
    // The masked copy is made again the same way.
    expect((await pdf(supervisor.token, settled.id, 'agreement')).bytes.equals(copy.bytes)).toBe(true);
    // A supervisor reads; one never issued is not theirs to issue.
    expectError(await fetchDoc(supervisor.token, declined.id, 'mediation_ended'), 403, 'FORBIDDEN');
  });

  it('the service receipt appears once a service is recorded on the case', async () => {
    expectError(await fetchDoc(mediator.token, settled.id, 'service_receipt'), 409, 'INVALID_TRANSITION');
    // Served on the worker in person at the centre on 3 March (SPEC §10 `serve`).
    t.setNow(china('2026-03-03T10:00:00'));
    await act(t, mediator.token, settled.id, 'serve', { documentType: 'agreement', to: 'applicants', channel: 'in_person' });
    expect((await listOf(mediator.token, settled.id)).service_receipt).toMatchObject({ available: true, title: '送达回证' });
    const receipt = await pdf(mediator.token, settled.id, 'service_receipt');
    expect(receipt.text).toContain('送达回证');
    expect(receipt.text).toContain('送达文书：调解协议书；受送达人：申请人张三；送达方式：直接送达；送达日期：2026年3月3日；送达人：平果市总工会劳动争议调解委员会');
    expect(receipt.text).toContain('《民事诉讼法》第八十七条');
  });

  it('a failed mediation, then a declined arbitration: the certificate, the decline with the next step, the application for arbitration', async () => {
    const ended = await pdf(worker.token, declined.id, 'mediation_ended');
    expect(ended.text).toContain('调解终止证明书');
    expect(ended.text).toContain('终止调解，原因是：用人单位拒绝调解');
    expect(ended.text).toContain('《劳动争议调解仲裁法》第二十七条第一款');

    // Asked for twice at once before it was ever issued: issued once, the same document to both.
    const [decline, twin] = await Promise.all([pdf(worker.token, declined.id, 'decline_notice'), pdf(arbitrator.token, declined.id, 'decline_notice')]);
    expect(twin.bytes.equals(decline.bytes)).toBe(true);
    expect((await issuedEvents(declined.id)).filter((e: { data: { type: string } }) => e.data.type === 'decline_notice')).toHaveLength(1);
    expect(decline.text).toContain('不予受理通知书');
    expect(decline.text).toContain('理由如下：申请超过仲裁时效。');
    expect(decline.text).toContain('向人民法院提起诉讼。依据：《劳动争议调解仲裁法》第二十九条');
    expect(decline.text).toContain('平果市劳动人事争议仲裁委员会（印章）');

    const application = await pdf(arbitrator.token, declined.id, 'application');
    expect(application.text).toContain('劳动人事争议仲裁申请书');
    expect(application.text).toContain('此致平果市劳动人事争议仲裁委员会');
    expect(application.text).toContain('《劳动争议调解仲裁法》第二十八条');
  });

  it('the case still verifies with its documents on the chain', async () => {
    const res = await t.call('GET', `/cases/${settled.id}/verify`, { token: mediator.token });
    expect(res.json()).toMatchObject({ intact: true });
  });
});

describe('public verification of a printed copy', () => {
  it('answers for a real code, with nothing personal, whichever way it is typed', async () => {
    const issued = await pdf(mediator.token, settled.id, 'agreement');
    const res = await t.call('GET', `/verify/documents/${issued.code}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      valid: true,
      type: 'agreement',
      title: '调解协议书',
      caseNumber: settled.number,
      issuedAt: china('2026-03-02T10:00:00').toISOString(),
      sha256: issued.sha256,
      superseded: false,
    });
    expect(res.body).not.toContain('张三');
    expect(res.body).not.toContain(worker.idNumber);
    const typed = `${issued.code.slice(0, 4)}-${issued.code.slice(4, 8)}-${issued.code.slice(8)}`.toLowerCase();
    expect((await t.call('GET', `/verify/documents/${typed}`)).json().sha256).toBe(issued.sha256);
  });

  it('an unknown code is 404, a malformed one 400', async () => {
    expectError(await t.call('GET', '/verify/documents/ZZZZZZZZZZZZ'), 404, 'NOT_FOUND');
    expectError(await t.call('GET', '/verify/documents/not-a-code'), 400, 'VALIDATION_FAILED');
  });
});

describe('who may not', () => {
  it('a worker of another case, staff of another organisation: 404; nobody signed in: 401', async () => {
    for (const who of [otherWorker, outsider]) {
      expectError(await t.call('GET', `/cases/${settled.id}/documents`, { token: who.token }), 404, 'NOT_FOUND');
      expectError(await fetchDoc(who.token, settled.id, 'application'), 404, 'NOT_FOUND');
    }
    expectError(await t.call('GET', `/cases/${settled.id}/documents`), 401, 'UNAUTHENTICATED');
    expectError(await fetchDoc(undefined, settled.id, 'application'), 401, 'UNAUTHENTICATED');
  });

  it('an unknown document type is 400', async () => {
    expectError(await fetchDoc(mediator.token, settled.id, 'award'), 400, 'VALIDATION_FAILED');
  });
});

describe('with PUBLIC_BASE_URL', () => {
  it('prints, and puts in the QR code, the whole address where a printed copy is checked', async () => {
    const { testApp } = await import('../support/app.js');
    const other = await testApp({ PUBLIC_BASE_URL: 'https://tiaojie.example.gov.cn/' });
    try {
      const org = await other.org('union', { regionCode: '451023' });
      const staff = await other.staff('mediator', org.id);
      const filed = await other.call('POST', '/cases', { token: staff.token, body: caseBody(org.id) });
      const res = await other.app.inject({ method: 'GET', url: `/cases/${filed.json().id}/documents/application`, headers: { authorization: `Bearer ${staff.token}` } });
      expect(res.statusCode, res.body).toBe(200);
      expect(textOf(res.rawPayload)).toContain(`https://tiaojie.example.gov.cn/verify/documents/${res.headers['x-document-code']}`);
    } finally {
      await other.close();
    }
  });
});
