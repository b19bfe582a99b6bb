/**
 * POST /cases/:id/actions (SPEC §10, both parties online): the employer's representative invited by
 * staff and stating its position, who acts for a party, signatures on a settlement, and service of
 * documents. Each row of the table is run by describeActions (setup.ts); the one-time links, the
 * phone codes, the signatures and the per-worker shares are this file's own.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { smsMessages } from '../../../src/db/schema/index.js';
import { maskPhone } from '../../../src/domain/identity.js';
import { act, caseBody } from '../../support/app.js';
import { SAMPLES, upload } from '../../support/multipart.js';
import { acceptInvitation, employer, freshPhone, linkTexted, phoneCode } from '../../support/parties.js';
import {
  AGREEMENT, arbitrator, asWorker, BY, court, describeActions, detailOf, type Effect, employerRep, expectError, expectRefused,
  INVITED_PHONE, last, legalAid, mediator, nextKinds, observe, PAYLOADS, procuratorate, S, t, timelineOf, union, useActionWorld, worker,
} from './setup.js';

useActionWorld();

// ---------------------------------------------------------------------------------------------
// The rows

const theMediator = { actorName: 'the mediator handling the mediation', actor: () => mediator };
const theEmployer = { actorName: "the employer's representative who joined the case", actor: () => employerRep };
const asEmployer = { name: "the employer's representative of the case", who: () => employerRep, setup: S.employerJoined };
const asMediatorOfJoinedCase = { name: 'the mediator handling the case', who: () => mediator, setup: S.employerJoined };
const movedOn = { name: 'staff of the union once the case has gone on to arbitration', who: () => mediator, setup: S.arbitrationAccepted };
const closed = { name: 'the case is closed', setup: S.closed };

const at = (iso: string) => Date.parse(iso);

const invited: Effect = (before, after, ev) => {
  expect(before.respondents).toEqual([]);
  // Staff of the handling organisation see the phone whole; the event keeps it masked.
  expect(after.respondents).toEqual([
    { id: expect.any(String), name: '王经理', phone: INVITED_PHONE, isCaller: false, invitedAt: expect.any(String), acceptedAt: null, position: null, agreesToMediate: null, respondedAt: null },
  ]);
  expect(at(after.respondents[0].invitedAt)).toBe(at(ev.occurredAt));
  expect(ev.data).toEqual({ respondentId: after.respondents[0].id, name: '王经理', phone: maskPhone(INVITED_PHONE) });
};

const responded: Effect = (before, after, ev) => {
  const { text, agreesToMediate } = PAYLOADS.respond() as { text: string; agreesToMediate: boolean };
  expect(before.respondents).toEqual([expect.objectContaining({ isCaller: true, phone: employerRep.phone, position: null, agreesToMediate: null, respondedAt: null })]);
  expect(after.respondents).toEqual([{ ...before.respondents[0], position: text, agreesToMediate, respondedAt: expect.any(String) }]);
  expect(at(after.respondents[0].respondedAt)).toBe(at(ev.occurredAt));
  expect(ev.data).toEqual({ respondentId: before.respondents[0].id, text, agreesToMediate });
  expect(ev.actorOrgId).toBeNull();
};

const represented: Effect = (before, after, ev) => {
  expect(before.representatives).toEqual([]);
  const rep = { applicantIndex: 0, kind: 'legal_aid', name: '平果市法律援助中心', orgId: legalAid.id };
  expect(after.representatives).toEqual([{ ...rep, addedAt: expect.any(String) }]);
  expect(at(after.representatives[0].addedAt)).toBe(at(ev.occurredAt));
  expect(ev.data).toEqual(rep);
  // The case goes on where it was.
  expect(after.proceedings).toEqual(before.proceedings);
};

const signed: Effect = (before, after, ev) => {
  expect(before.agreement).toMatchObject({ signatures: [], effective: false, awaitingSignature: { applicants: [0], respondent: true } });
  expect(after.agreement).toMatchObject({
    id: before.agreement.id,
    amountFen: before.agreement.amountFen,
    terms: before.agreement.terms,
    signatures: [{ party: 'applicant', applicantIndex: 0, name: '张三', method: 'in_person', signedAt: expect.any(String) }],
    effective: false,
    awaitingSignature: { applicants: [], respondent: true },
  });
  expect(at(after.agreement.signatures[0].signedAt)).toBe(at(ev.occurredAt));
  // Not effective yet: no judicial confirmation (人民调解法 art. 29, 33).
  expect(nextKinds(after)).not.toContain('confirmation');
  expect(ev.data).toEqual({ agreementId: before.agreement.id, party: 'applicant', applicantIndex: 0, name: '张三', method: 'in_person', effective: false });
  expect(ev.proceedingId).toBe(before.agreement.proceedingId);
};

const served: Effect = (before, after, ev) => {
  expect(before.services).toEqual([]);
  expect(after.services).toEqual([
    {
      id: expect.any(String),
      title: expect.stringContaining('受理通知书'),
      documentType: 'acceptance_notice',
      fileId: null,
      party: 'applicant',
      applicantIndex: 0,
      name: '张三',
      channel: 'in_person',
      sentAt: expect.any(String),
      servedAt: expect.any(String),
    },
  ]);
  const s = after.services[0];
  expect(at(s.sentAt)).toBe(at(ev.occurredAt));
  expect(at(s.servedAt)).toBe(at(ev.occurredAt));
  expect(ev.data).toEqual({ documentType: 'acceptance_notice', fileId: null, title: s.title, to: 'applicants', channel: 'in_person', servedAt: expect.any(String), people: 1 });
  expect(at(ev.data.servedAt)).toBe(at(ev.occurredAt));
};

describeActions('parties', [
  { action: 'invite_respondent', ...theMediator, ready: S.mediationAccepted, effect: invited,
    wrongRole: [asWorker, movedOn, asEmployer], wrongState: [closed] },
  { action: 'respond', ...theEmployer, ready: S.employerJoined, effect: responded,
    wrongRole: [{ ...asWorker, setup: S.employerJoined }, asMediatorOfJoinedCase],
    wrongState: [{ name: 'the case is closed', setup: S.employerJoinedClosed }] },
  { action: 'add_representative', ...BY.unionAsEarlierHandler, ready: S.arbitrationAccepted, effect: represented,
    wrongRole: [asWorker, asEmployer], wrongState: [closed] },
  { action: 'sign', ...BY.unionAsRecorder, ready: S.mediationSettledUnsigned, effect: signed,
    wrongRole: [{ name: 'the arbitrator the unsigned agreement went on to, who did not record it', who: () => arbitrator, setup: S.unsignedAtArbitration }],
    wrongState: [
      { name: 'there is no agreement', setup: S.mediationFailed },
      { name: 'every party signed the agreement at the session', setup: S.mediationSettled },
      { name: 'an award is signed by nobody', setup: S.arbitrationAwarded, by: () => arbitrator },
    ] },
  { action: 'serve', ...theMediator, ready: S.mediationAccepted, effect: served,
    wrongRole: [asWorker, movedOn, asEmployer], wrongState: [closed] },
]);

// ---------------------------------------------------------------------------------------------
// The invitation

/** Answers of the public link routes (no sign-in) in the SPEC §7 error shape. */
const open = (url: string, body?: unknown) => t.call(url.endsWith('/accept') || url.endsWith('/open') ? 'POST' : 'GET', url, body === undefined ? {} : { body });

describe('the invitation', () => {
  it('is texted as a one-time link: it says what it is for, the phone masked, and lets the representative join once, with a code sent to that phone', async () => {
    const id = await S.mediationAccepted();
    const number = (await detailOf(mediator, id)).number;
    const phone = freshPhone();
    await act(t, mediator.token, id, 'invite_respondent', { phone, name: '孙经理' });
    const { token, text } = await linkTexted(t, phone, '/app/invite/', id);
    expect(text).toContain(number);
    expect(text).toContain('孙经理');
    expect(text).not.toContain(worker.idNumber);
    expect(text).not.toContain(worker.phone);

    const shown = await open(`/invitations/${token}`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toEqual({ caseNumber: number, respondentName: expect.any(String), name: '孙经理', phone: maskPhone(phone), orgName: expect.any(String), accepted: false });

    // A wrong code, or a code for another phone, joins nothing.
    const before = await observe(id);
    const right = await phoneCode(t, phone, 'login');
    const wrong = right === '000000' ? '111111' : '000000';
    const error = expectError(await open(`/invitations/${token}/accept`, { code: wrong }), 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.code');
    expectError(await open(`/invitations/${token}/accept`, { code: 'abc' }), 400, 'VALIDATION_FAILED');
    expect(await observe(id)).toEqual(before);

    const joined = await open(`/invitations/${token}/accept`, { code: right });
    expect(joined.statusCode, joined.body).toBe(200);
    const { token: session, user, caseId } = joined.json();
    expect(caseId).toBe(id);
    expect(user).toMatchObject({ role: 'employer', username: `employer:${phone}`, orgId: null });

    const rep = { id: user.id, token: session, role: 'employer', orgId: null };
    const seen = await detailOf(rep, id);
    expect(seen.respondents).toEqual([expect.objectContaining({ name: '孙经理', phone, isCaller: true, acceptedAt: expect.any(String) })]);
    // The same masking as any party: the worker's ID number and phone are not theirs to see.
    expect(seen.applicants[0].idNumber).not.toBe(worker.idNumber);
    expect(seen.applicants[0].phone).toBe(maskPhone(worker.phone));
    expect(seen.allowedActions).toEqual(['respond']);
    const ev = (await timelineOf(mediator, id)).at(-1)!;
    expect(ev).toMatchObject({ action: 'respondent_joined', actorUserId: user.id, data: { respondentId: seen.respondents[0].id, name: '孙经理' } });
    expect((await t.call('GET', '/cases', { token: session })).json().items.map((c: { id: string }) => c.id)).toEqual([id]);

    // Used once: a forwarded link is no key to the case.
    const again = await phoneCode(t, phone, 'login');
    expectError(await open(`/invitations/${token}/accept`, { code: again }), 409, 'INVALID_TRANSITION');
    expect((await open(`/invitations/${token}`)).json()).toMatchObject({ accepted: true });
  });

  it('a link that names no invitation is 404, whatever its shape', async () => {
    for (const token of ['nope', 'A'.repeat(24), 'A'.repeat(23) + '!', '%00', 'x'.repeat(100)]) {
      expectError(await open(`/invitations/${encodeURIComponent(token)}`), 404, 'NOT_FOUND', token);
      expectError(await open(`/invitations/${encodeURIComponent(token)}/accept`, { code: '123456' }), 404, 'NOT_FOUND', token);
    }
  });

  it('inviting the same phone again sends a new link and ends the old one; once joined, inviting it again is 400', async () => {
    const id = await S.mediationAccepted();
    const phone = freshPhone();
    await act(t, mediator.token, id, 'invite_respondent', { phone, name: '周经理' });
    const first = (await linkTexted(t, phone, '/app/invite/', id)).token;
    await act(t, mediator.token, id, 'invite_respondent', { phone, name: '周经理' });
    const second = (await linkTexted(t, phone, '/app/invite/', id)).token;
    expect(second).not.toBe(first);
    expect((await detailOf(mediator, id)).respondents).toHaveLength(1);
    expectError(await open(`/invitations/${first}`), 404, 'NOT_FOUND');
    await acceptInvitation(t, second, phone);
    const error = await expectRefused(mediator, id, { action: 'invite_respondent', phone, name: '周经理' }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.phone');
  });

  it('a representative of two cases is one account, and sees those two only', async () => {
    const a = await S.mediationAccepted();
    const b = await S.mediationAccepted();
    const phone = freshPhone();
    const first = await employer(t, a, mediator.token, { phone });
    const second = await employer(t, b, mediator.token, { phone });
    expect(second.id).toBe(first.id);
    const listed = (await t.call('GET', '/cases', { token: second.token })).json().items.map((c: { id: string }) => c.id);
    expect(listed.sort()).toEqual([a, b].sort());
    expectError(await t.call('GET', `/cases/${await S.mediationAccepted()}`, { token: second.token }), 404, 'NOT_FOUND');
  });

  it('a phone that is no mobile number, or a missing name, is 400', async () => {
    const id = await S.mediationAccepted();
    for (const body of [{ phone: '12345', name: '王经理' }, { phone: '1370000000a', name: '王经理' }, { phone: freshPhone() }, { phone: freshPhone(), name: '' }]) {
      await expectRefused(mediator, id, { action: 'invite_respondent', ...body }, 400, 'VALIDATION_FAILED', JSON.stringify(body));
    }
  });
});

describe('the employer’s position', () => {
  it('an employer who will not mediate: the mediator ends the mediation at once, and the worker may go to arbitration', async () => {
    const id = await S.employerJoined();
    const d = await act(t, employerRep.token, id, 'respond', { text: '公司不同意调解，请走仲裁程序', agreesToMediate: false });
    expect(d.respondents[0]).toMatchObject({ agreesToMediate: false, position: '公司不同意调解，请走仲裁程序' });
    expect((await detailOf(worker, id)).respondents[0]).toMatchObject({ agreesToMediate: false });
    expect((await detailOf(mediator, id)).allowedActions).toContain('fail');
    await act(t, mediator.token, id, 'fail', { reason: '被申请人不同意调解' });
    expect(nextKinds(await detailOf(worker, id))).toContain('arbitration');
  });
});

// ---------------------------------------------------------------------------------------------
// Who acts for a party

describe('representatives', () => {
  it('a legal-aid centre or a procuratorate named by id must be one; an applicant named must be on the case', async () => {
    const id = await S.mediationAccepted();
    const bad = [
      { kind: 'legal_aid', name: '工会', orgId: union.id },
      { kind: 'procuratorate_support', name: '法律援助', orgId: legalAid.id },
      { kind: 'legal_aid', name: '不存在', orgId: '0190f5c3-0000-7000-8000-000000000000' },
      { kind: 'lawyer', name: '律师', applicantIndex: 1 },
      { kind: 'notary', name: '公证员' },
      { kind: 'lawyer', name: '' },
    ];
    for (const body of bad) await expectRefused(mediator, id, { action: 'add_representative', ...body }, 400, 'VALIDATION_FAILED', JSON.stringify(body));
  });

  it('lists every party’s representatives in order, for the parties too', async () => {
    const id = await S.mediationAccepted();
    await act(t, mediator.token, id, 'add_representative', { kind: 'procuratorate_support', name: '平果市人民检察院', orgId: procuratorate.id, applicantIndex: 0 });
    await act(t, mediator.token, id, 'add_representative', { kind: 'lawyer', name: '广西某律师事务所 陈律师' });
    const reps = (await detailOf(worker, id)).representatives;
    expect(reps.map((r: { kind: string; applicantIndex: number | null; orgId: string | null }) => [r.kind, r.applicantIndex, r.orgId])).toEqual([
      ['procuratorate_support', 0, procuratorate.id],
      ['lawyer', null, null],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Signatures

describe('signatures', () => {
  it('each party signs by a code sent to their own phone; once all have, the agreement is effective and only then goes to a court for confirmation', async () => {
    const id = await S.employerJoined();
    await act(t, mediator.token, id, 'settle', { agreement: AGREEMENT });
    const unsigned = await detailOf(worker, id);
    expect(unsigned.agreement).toMatchObject({ signatures: [], effective: false, awaitingSignature: { applicants: [0], respondent: true } });
    expect(unsigned.allowedActions).toContain('sign');
    expect(nextKinds(await detailOf(mediator, id))).not.toContain('confirmation');
    await expectRefused(mediator, id, { action: 'refer', toOrgId: court.id, kind: 'confirmation', reason: '申请司法确认' }, 409, 'INVALID_TRANSITION');

    // A wrong code, a code for signing in, or none: nothing is signed.
    const right = await phoneCode(t, worker.phone, 'sign');
    let error = await expectRefused(worker, id, { action: 'sign', code: right === '000000' ? '111111' : '000000' }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.code');
    error = await expectRefused(worker, id, { action: 'sign' }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.code');
    const login = await phoneCode(t, employerRep.phone, 'login');
    await expectRefused(employerRep, id, { action: 'sign', code: login }, 400, 'VALIDATION_FAILED');

    const workerCode = await phoneCode(t, worker.phone, 'sign');
    let d = await act(t, worker.token, id, 'sign', { code: workerCode });
    expect(d.agreement).toMatchObject({
      signatures: [{ party: 'applicant', applicantIndex: 0, name: '张三', method: 'otp', signedAt: expect.any(String) }],
      effective: false,
      awaitingSignature: { applicants: [], respondent: true },
    });
    // A code is used once.
    await expectRefused(worker, id, { action: 'sign', code: workerCode }, 400, 'VALIDATION_FAILED');
    // Signed already: the worker may not sign again, and is not offered to.
    await expectRefused(worker, id, { action: 'sign', code: await phoneCode(t, worker.phone, 'sign') }, 409, 'INVALID_TRANSITION');
    expect((await detailOf(worker, id)).allowedActions).not.toContain('sign');

    d = await act(t, employerRep.token, id, 'sign', { code: await phoneCode(t, employerRep.phone, 'sign') });
    expect(d.agreement).toMatchObject({ effective: true, awaitingSignature: { applicants: [], respondent: false } });
    expect(d.agreement.signatures[1]).toMatchObject({ party: 'respondent', applicantIndex: null, name: employerRep.name, method: 'otp' });
    expect((await timelineOf(mediator, id)).at(-1)).toMatchObject({ action: 'sign', actorUserId: employerRep.id, data: { party: 'respondent', method: 'otp', effective: true } });
    expect(d.allowedActions).not.toContain('sign');
    expect(nextKinds(await detailOf(mediator, id))).toContain('confirmation');
    const referred = await act(t, mediator.token, id, 'refer', { toOrgId: court.id, kind: 'confirmation', reason: '双方共同申请司法确认' });
    expect(last(referred)).toMatchObject({ kind: 'confirmation', state: 'received' });
  });

  it('a party signs for themself only, by code; staff record paper signatures, naming whose, never with a code', async () => {
    const id = await S.mediationSettledUnsigned();
    const code = await phoneCode(t, worker.phone, 'sign');
    for (const extra of [{ party: 'respondent' }, { inPerson: true }, { applicantIndex: 0 }]) {
      await expectRefused(worker, id, { action: 'sign', code, ...extra }, 400, 'VALIDATION_FAILED', JSON.stringify(extra));
    }
    const bad = [
      { code: '123456' },
      { party: 'applicant', applicantIndex: 0 },
      { party: 'applicant', inPerson: true },
      { party: 'applicant', applicantIndex: 1, inPerson: true },
      { party: 'respondent', applicantIndex: 0, inPerson: true },
      { party: 'respondent', inPerson: false },
      { party: 'employer', inPerson: true },
      { party: 'respondent', inPerson: true, code: '123456' },
    ];
    for (const body of bad) await expectRefused(mediator, id, { action: 'sign', ...body }, 400, 'VALIDATION_FAILED', JSON.stringify(body));
    // The code the worker was sent is still good after all that.
    const d = await act(t, worker.token, id, 'sign', { code });
    expect(d.agreement.signatures).toHaveLength(1);
  });

  it('staff record the paper signatures one by one, with the scan of the signed agreement; a party signs once', async () => {
    const id = await S.mediationSettledUnsigned();
    const scan = await upload(t, mediator.token, id, [{ name: 'kind', value: 'agreement_signed' }, { name: 'file', bytes: SAMPLES.pdf, filename: '调解协议书（已签字）.pdf' }]);
    expect(scan.statusCode, scan.body).toBe(201);
    const fileId = scan.json().id;
    const elsewhere = await S.mediationAccepted();
    const foreign = (await upload(t, mediator.token, elsewhere, [{ name: 'kind', value: 'evidence' }, { name: 'file', bytes: SAMPLES.png, filename: 'x.png' }])).json().id;
    const error = await expectRefused(mediator, id, { action: 'sign', party: 'respondent', inPerson: true, fileId: foreign }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.fileId');

    let d = await act(t, mediator.token, id, 'sign', { party: 'respondent', inPerson: true, fileId });
    const respondentName = d.respondent.name;
    expect(d.agreement.signatures).toEqual([{ party: 'respondent', applicantIndex: null, name: respondentName, method: 'in_person', signedAt: expect.any(String) }]);
    expect((await timelineOf(mediator, id)).at(-1)!.data).toMatchObject({ party: 'respondent', fileId, effective: false });
    await expectRefused(mediator, id, { action: 'sign', party: 'respondent', inPerson: true }, 409, 'INVALID_TRANSITION');
    d = await act(t, mediator.token, id, 'sign', { party: 'applicant', applicantIndex: 0, inPerson: true });
    expect(d.agreement).toMatchObject({ effective: true, awaitingSignature: { applicants: [], respondent: false } });
    expect(d.allowedActions).not.toContain('sign');
    expect(nextKinds(d)).toContain('confirmation');
  });

  it('settle with signedInPerson records every party’s paper signature at once: effective, and on to the court', async () => {
    const id = await S.mediationAccepted();
    const d = await act(t, mediator.token, id, 'settle', { agreement: AGREEMENT, signedInPerson: true });
    expect(d.agreement).toMatchObject({
      signatures: [
        { party: 'applicant', applicantIndex: 0, name: '张三', method: 'in_person' },
        { party: 'respondent', applicantIndex: null, name: d.respondent.name, method: 'in_person' },
      ],
      effective: true,
      awaitingSignature: { applicants: [], respondent: false },
    });
    for (const s of d.agreement.signatures) expect(at(s.signedAt)).toBe(at(d.agreement.recordedAt));
    expect((await timelineOf(mediator, id)).at(-1)!.data).toMatchObject({ signedInPerson: true, effective: true });
    expect(nextKinds(d)).toContain('confirmation');
  });
});

// ---------------------------------------------------------------------------------------------
// Per-worker shares of a collective agreement

describe('each worker’s share', () => {
  /** The worker's online claim with two workmates: three applicants, the worker first. */
  async function threeWorkers(): Promise<string> {
    const res = await t.call('POST', '/cases', {
      token: worker.token,
      body: caseBody(union.id, {
        applicants: [
          { name: '张三', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 300_000 }] },
          { name: '李四', claims: [{ category: 'wages', description: '欠薪', amountFen: 200_000 }] },
          { name: '王五', claims: [{ category: 'wages', description: '欠薪', amountFen: 100_000 }] },
        ],
        respondent: { name: `平果某三人欠薪公司${freshPhone()}` },
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    await act(t, mediator.token, id, 'accept');
    return id;
  }
  const SHARES = [
    { applicantIndex: 0, amountFen: 300_000 },
    { applicantIndex: 1, amountFen: 200_000 },
    { applicantIndex: 2, amountFen: 100_000 },
  ];

  it('shares must add up to the amount and name each worker once', async () => {
    const id = await threeWorkers();
    const bad = [
      { amountFen: 600_000, terms: '分别支付', perApplicant: SHARES.slice(0, 2) },
      { amountFen: 600_000, terms: '分别支付', perApplicant: [...SHARES.slice(0, 2), { applicantIndex: 1, amountFen: 100_000 }] },
      { amountFen: 600_000, terms: '分别支付', perApplicant: [...SHARES.slice(0, 2), { applicantIndex: 3, amountFen: 100_000 }] },
      { amountFen: 600_000, terms: '分别支付', perApplicant: [] },
    ];
    for (const agreement of bad) {
      const error = await expectRefused(mediator, id, { action: 'settle', agreement }, 400, 'VALIDATION_FAILED', JSON.stringify(agreement.perApplicant));
      expect(error.details[0].field).toContain('perApplicant');
    }
  });

  it('payments name the worker paid; the detail shows each worker’s agreed and paid amounts, and a worker sees their own', async () => {
    const id = await threeWorkers();
    await act(t, mediator.token, id, 'settle', { agreement: { amountFen: 600_000, terms: '分别支付三名申请人', perApplicant: SHARES }, signedInPerson: true });
    await act(t, mediator.token, id, 'record_payment', { amountFen: 300_000, paidAt: new Date(Date.now() - 60_000).toISOString(), applicantIndex: 0 });
    await act(t, mediator.token, id, 'record_payment', { amountFen: 50_000, paidAt: new Date(Date.now() - 60_000).toISOString(), applicantIndex: 2 });
    let error = await expectRefused(mediator, id, { action: 'record_payment', amountFen: 1, paidAt: new Date(Date.now() - 60_000).toISOString(), applicantIndex: 0 }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.amountFen');
    error = await expectRefused(mediator, id, { action: 'record_payment', amountFen: 1, paidAt: new Date(Date.now() - 60_000).toISOString(), applicantIndex: 3 }, 400, 'VALIDATION_FAILED');
    expect(error.details[0].field).toBe('body.applicantIndex');

    const staff = await detailOf(mediator, id);
    expect(staff.agreement.perApplicant).toEqual([
      { applicantIndex: 0, name: '张三', agreedFen: 300_000, paidFen: 300_000 },
      { applicantIndex: 1, name: '李四', agreedFen: 200_000, paidFen: 0 },
      { applicantIndex: 2, name: '王五', agreedFen: 100_000, paidFen: 50_000 },
    ]);
    expect(staff.agreement).toMatchObject({ paidFen: 350_000, status: 'pending' });
    expect(staff.payments.map((p: { applicantIndex: number | null }) => p.applicantIndex)).toEqual([0, 2]);
    expect((await detailOf(worker, id)).agreement.perApplicant).toEqual([{ applicantIndex: 0, name: '张三', agreedFen: 300_000, paidFen: 300_000 }]);
  });

  it('an agreement not split per worker takes payments naming no one', async () => {
    const id = await S.mediationSettled();
    const d = await act(t, mediator.token, id, 'record_payment', { amountFen: 100_000, paidAt: new Date(Date.now() - 60_000).toISOString() });
    expect(d.agreement.perApplicant).toBeNull();
    expect(d.payments).toEqual([expect.objectContaining({ amountFen: 100_000, applicantIndex: null })]);
  });
});

// ---------------------------------------------------------------------------------------------
// Service (电子送达)

describe('service', () => {
  it('by SMS link: served the moment the link is first opened; opening it again changes nothing', async () => {
    const id = await S.mediationAccepted();
    const d = await act(t, mediator.token, id, 'serve', { documentType: 'acceptance_notice', to: 'applicants', channel: 'sms_link' });
    expect(d.services).toEqual([expect.objectContaining({ documentType: 'acceptance_notice', party: 'applicant', channel: 'sms_link', servedAt: null })]);
    expect((await timelineOf(mediator, id)).at(-1)!.data).toMatchObject({ channel: 'sms_link', servedAt: null, people: 1 });
    const { token, text } = await linkTexted(t, worker.phone, '/app/served/', id);
    expect(text).toContain(d.number);
    expect(text).not.toContain(worker.idNumber);
    const [row] = await t.handle.db.select().from(smsMessages).where(and(eq(smsMessages.caseId, id), eq(smsMessages.purpose, 'serve')));
    expect(row.phone).toBe(worker.phone);

    const events = (await timelineOf(mediator, id)).length;
    const opened = await open(`/services/${token}/open`);
    expect(opened.statusCode, opened.body).toBe(200);
    const body = opened.json();
    expect(body).toMatchObject({ caseId: id, caseNumber: d.number, documentType: 'acceptance_notice', fileId: null, party: 'applicant', title: d.services[0].title });
    const after = await detailOf(worker, id);
    expect(after.services[0].servedAt).not.toBeNull();
    expect(at(after.services[0].servedAt)).toBe(at(body.servedAt));
    const timeline = await timelineOf(mediator, id);
    expect(timeline).toHaveLength(events + 1);
    expect(timeline.at(-1)).toMatchObject({ action: 'served', actorUserId: null, data: { party: 'applicant', channel: 'sms_link' } });

    const again = await open(`/services/${token}/open`);
    expect(again.statusCode).toBe(200);
    expect(again.json().servedAt).toBe(body.servedAt);
    expect(await timelineOf(mediator, id)).toHaveLength(events + 1);
    // The record of it.
    const docs = (await t.call('GET', `/cases/${id}/documents`, { token: mediator.token })).json();
    expect((docs.items ?? docs).find((x: { type: string }) => x.type === 'service_receipt')).toMatchObject({ available: true });
  });

  it('a link that names no service is 404', async () => {
    for (const token of ['nope', 'B'.repeat(24), 'x'.repeat(100)]) expectError(await open(`/services/${token}/open`), 404, 'NOT_FOUND', token);
  });

  it('serves what exists and the parties may see: a document available now, or a file of this case that is not internal', async () => {
    const id = await S.mediationAccepted();
    const internal = await upload(t, mediator.token, id, [{ name: 'kind', value: 'other' }, { name: 'internal', value: 'true' }, { name: 'file', bytes: SAMPLES.png, filename: '内部.png' }]);
    expect(internal.statusCode, internal.body).toBe(201);
    const elsewhere = await S.mediationAccepted();
    const foreign = (await upload(t, mediator.token, elsewhere, [{ name: 'kind', value: 'evidence' }, { name: 'file', bytes: SAMPLES.png, filename: 'x.png' }])).json().id;
    const hourAhead = new Date(Date.now() + 3_600_000).toISOString();
    const bad: [Record<string, unknown>, number, string][] = [
      [{ to: 'applicants', channel: 'post' }, 400, 'VALIDATION_FAILED'],
      [{ documentType: 'application', fileId: foreign, to: 'applicants', channel: 'post' }, 400, 'VALIDATION_FAILED'],
      [{ documentType: 'application', to: 'applicants', channel: 'sms_link', servedAt: new Date(Date.now() - 60_000).toISOString() }, 400, 'VALIDATION_FAILED'],
      [{ documentType: 'application', to: 'applicants', channel: 'post', servedAt: hourAhead }, 400, 'VALIDATION_FAILED'],
      [{ documentType: 'application', to: 'everyone', channel: 'post' }, 400, 'VALIDATION_FAILED'],
      [{ documentType: 'application', to: 'applicants', channel: 'fax' }, 400, 'VALIDATION_FAILED'],
      [{ documentType: 'decline_notice', to: 'applicants', channel: 'post' }, 409, 'INVALID_TRANSITION'],
      [{ documentType: 'agreement', to: 'applicants', channel: 'post' }, 409, 'INVALID_TRANSITION'],
      [{ fileId: internal.json().id, to: 'applicants', channel: 'post' }, 400, 'VALIDATION_FAILED'],
      [{ fileId: foreign, to: 'applicants', channel: 'post' }, 400, 'VALIDATION_FAILED'],
      // No representative invited and no mobile number for the employer: nothing to text a link to.
      [{ documentType: 'application', to: 'respondent', channel: 'sms_link' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of bad) await expectRefused(mediator, id, { action: 'serve', ...body }, status, code, JSON.stringify(body));
  });

  it('on the employer: each representative who joined, by link; the employer itself by post', async () => {
    const id = await S.employerJoined();
    let d = await act(t, mediator.token, id, 'serve', { documentType: 'application', to: 'respondent', channel: 'sms_link' });
    expect(d.services).toEqual([expect.objectContaining({ party: 'respondent', applicantIndex: null, name: employerRep.name, channel: 'sms_link', servedAt: null })]);
    const { token } = await linkTexted(t, employerRep.phone, '/app/served/', id);
    expect((await open(`/services/${token}/open`)).json()).toMatchObject({ party: 'respondent' });
    const other = await S.mediationAccepted();
    d = await act(t, mediator.token, other, 'serve', { documentType: 'application', to: 'respondent', channel: 'post' });
    expect(d.services).toEqual([expect.objectContaining({ party: 'respondent', name: d.respondent.name, channel: 'post', servedAt: expect.any(String) })]);
  });

  it('an award recorded without its delivery date starts the worker’s appeal window on the day the award is served on them', async () => {
    const id = await S.arbitrationAwarded();
    let d = await detailOf(arbitrator, id);
    expect(d.agreement).toMatchObject({ deliveredAt: null, effective: true, signatures: [] });
    expect(d.clocks.filter((c: { kind: string }) => c.kind === 'appeal_window')).toEqual([]);
    const file = await upload(t, arbitrator.token, id, [{ name: 'kind', value: 'award' }, { name: 'file', bytes: SAMPLES.pdf, filename: '仲裁裁决书.pdf' }]);
    expect(file.statusCode, file.body).toBe(201);
    // Served on the employer: the worker's windows wait for the worker.
    d = await act(t, arbitrator.token, id, 'serve', { fileId: file.json().id, to: 'respondent', channel: 'post' });
    expect(d.clocks.filter((c: { kind: string }) => c.kind === 'appeal_window')).toEqual([]);
    const servedAt = new Date(Date.now() - 2 * 86_400_000);
    d = await act(t, arbitrator.token, id, 'serve', { fileId: file.json().id, to: 'applicants', channel: 'in_person', servedAt: servedAt.toISOString() });
    const window = d.clocks.find((c: { kind: string }) => c.kind === 'appeal_window');
    expect(window).toMatchObject({ status: 'running', startedOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(servedAt) });
    expect(d.services.map((s: { party: string; fileId: string }) => [s.party, s.fileId])).toEqual([
      ['respondent', file.json().id],
      ['applicant', file.json().id],
    ]);
  });

  it('the worker and the employer see their own services', async () => {
    const id = await S.employerJoined();
    await act(t, mediator.token, id, 'serve', { documentType: 'acceptance_notice', to: 'applicants', channel: 'post' });
    await act(t, mediator.token, id, 'serve', { documentType: 'acceptance_notice', to: 'respondent', channel: 'post' });
    expect((await detailOf(mediator, id)).services.map((s: { party: string }) => s.party)).toEqual(['applicant', 'respondent']);
    expect((await detailOf(worker, id)).services.map((s: { party: string }) => s.party)).toEqual(['applicant']);
    expect((await detailOf(employerRep, id)).services.map((s: { party: string }) => s.party)).toEqual(['respondent']);
  });
});
