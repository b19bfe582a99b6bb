/**
 * SPEC §10 end to end through the API: the employer invited and joining by phone code, stating
 * its position, both parties signing, per-worker shares, service by SMS link dated when opened,
 * an award so served starting the worker's windows, and the refusals that change nothing.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { issueOtp } from '../../src/auth/otp.js';
import { testConfig } from '../../src/config.js';
import { act, agreementIn, caseBody, useTestApp, type TestContext } from '../support/app.js';
import { expectError } from '../support/errors.js';

const t = useTestApp();
const KEY = testConfig().OTP_HASH_KEY;

/** A code for the phone, as the SMS would bring it; each asked a minute after the last, so the one-a-minute limit never bites. */
let minutes = 0;
async function codeFor(ctx: TestContext, phone: string, purpose: 'login' | 'sign' | 'register') {
  const { code } = await issueOtp(ctx.handle.db, { phone, purpose, now: new Date(Date.now() + ++minutes * 61_000), key: KEY, send: true });
  return code;
}

/** The newest text queued to a phone. */
async function lastSms(ctx: TestContext, phone: string): Promise<string> {
  const rows = await ctx.handle.db.execute<{ text: string }>(sql`select text from sms_messages where phone = ${phone} order by id desc limit 1`);
  const list = (rows as unknown as { rows?: { text: string }[] }).rows ?? (rows as unknown as { text: string }[]);
  return list[0]?.text ?? '';
}
const tokenIn = (text: string, path: string) => new RegExp(`${path}/([A-Za-z0-9_-]{24})`).exec(text)?.[1] ?? '';
const counts = async (ctx: TestContext) => {
  const r = await ctx.handle.db.execute<Record<string, number>>(
    sql`select (select count(*)::int from events) as events, (select count(*)::int from case_respondents) as respondents, (select count(*)::int from services) as services, (select count(*)::int from sms_messages) as sms, (select count(*)::int from users) as users`,
  );
  return ((r as unknown as { rows?: Record<string, number>[] }).rows ?? (r as unknown as Record<string, number>[]))[0];
};

async function mediationCase(applicants = 1) {
  const union = await t.org('union');
  const mediator = await t.staff('mediator', union.id);
  const worker = await t.worker();
  const extra = Array.from({ length: applicants - 1 }, (_, i) => ({ name: `工友${i + 1}`, phone: `1370000${String(i).padStart(4, '0')}`, claims: [{ category: 'wages', description: '工资', amountFen: 100_000 }] }));
  const filed = await t.call('POST', '/cases', { token: worker.token, body: caseBody(union.id, { applicants: [{ name: '张三', phone: worker.phone, claims: [{ category: 'wages', description: '工资', amountFen: 300_000 }] }, ...extra] }) });
  expect(filed.statusCode).toBe(201);
  const id = filed.json().id as string;
  await act(t, mediator.token, id, 'accept');
  return { union, mediator, worker, id };
}

async function invite(c: { mediator: { token: string }; id: string }, phone = `1350000${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`) {
  await act(t, c.mediator.token, c.id, 'invite_respondent', { phone, name: '王经理' });
  const token = tokenIn(await lastSms(t, phone), '/app/invite');
  expect(token).toHaveLength(24);
  return { phone, token };
}

async function join(link: { phone: string; token: string }) {
  const res = await t.call('POST', `/invitations/${link.token}/accept`, { body: { code: await codeFor(t, link.phone, 'login') } });
  expect(res.statusCode).toBe(200);
  return res.json() as { token: string; user: { id: string; role: string }; caseId: string };
}

describe("the employer's representative", () => {
  it('is invited by SMS, joins with a code to the invited phone, sees only that case, masked, and states its position', async () => {
    const c = await mediationCase();
    const link = await invite(c);
    const text = await lastSms(t, link.phone);
    expect(text).toContain('王经理');
    expect(text).not.toMatch(/\d{17}[\dX]/);

    const shown = await t.call('GET', `/invitations/${link.token}`);
    expect(shown.json()).toMatchObject({ name: '王经理', accepted: false, phone: `${link.phone.slice(0, 3)}****${link.phone.slice(7)}` });

    const employer = await join(link);
    expect(employer.user.role).toBe('employer');
    expect(employer.caseId).toBe(c.id);

    const seen = await t.call('GET', `/cases/${c.id}`, { token: employer.token });
    expect(seen.statusCode).toBe(200);
    const detail = seen.json();
    expect(detail.applicants[0].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(detail.respondents).toEqual([expect.objectContaining({ name: '王经理', isCaller: true, phone: link.phone })]);
    expect(detail.allowedActions).toEqual(['respond']);

    const list = await t.call('GET', '/cases', { token: employer.token });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([c.id]);

    // Another case of the same centre stays hidden.
    const other = await mediationCase();
    expectError(await t.call('GET', `/cases/${other.id}`, { token: employer.token }), 404, 'NOT_FOUND');

    const responded = await act(t, employer.token, c.id, 'respond', { text: '同意调解，但工资数额有异议', agreesToMediate: true });
    expect(responded.respondents[0]).toMatchObject({ position: '同意调解，但工资数额有异议', agreesToMediate: true });
    // The worker sees the employer's representative with the phone masked.
    const byWorker = (await t.call('GET', `/cases/${c.id}`, { token: c.worker.token })).json();
    expect(byWorker.respondents[0].phone).toMatch(/\*{4}/);

    // Signing in again later by phone code.
    const login = await t.call('POST', '/auth/login', { body: { phone: link.phone, code: await codeFor(t, link.phone, 'login') } });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.role).toBe('employer');
  });

  it('refuses a link used twice, a code for another phone or purpose, and a garbage link, changing nothing', async () => {
    const c = await mediationCase();
    const link = await invite(c);
    const before = await counts(t);
    // A code sent to another phone is no proof of this one.
    const stranger = '13599998888';
    expectError(await t.call('POST', `/invitations/${link.token}/accept`, { body: { code: await codeFor(t, stranger, 'login') } }), 400, 'VALIDATION_FAILED');
    // A code for signing is not one for signing in.
    await codeFor(t, link.phone, 'sign');
    expectError(await t.call('POST', `/invitations/${link.token}/accept`, { body: { code: '000000' } }), 400, 'VALIDATION_FAILED');
    expectError(await t.call('GET', '/invitations/not-a-token'), 404, 'NOT_FOUND');
    expectError(await t.call('POST', `/invitations/${'A'.repeat(24)}/accept`, { body: { code: '123456' } }), 404, 'NOT_FOUND');
    expect(await counts(t)).toMatchObject({ events: before.events, respondents: before.respondents, users: before.users });

    await join(link);
    expectError(await t.call('POST', `/invitations/${link.token}/accept`, { body: { code: await codeFor(t, link.phone, 'login') } }), 409, 'INVALID_TRANSITION');
  });
});

describe('signatures (SPEC §10)', () => {
  it('both parties sign by code; the agreement is effective only then, and only then may it go to a court for confirmation', async () => {
    const c = await mediationCase();
    const court = await t.org('court');
    const employer = await join(await invite(c));
    const settled = await act(t, c.mediator.token, c.id, 'settle', { agreement: agreementIn('分两期支付', ['2099-01-10', 150_000], ['2099-02-10', 150_000]) });
    expect(settled.agreement).toMatchObject({ effective: false, signatures: [], awaitingSignature: { applicants: [0], respondent: true } });
    expect(settled.nextSteps.map((s: { kind: string }) => s.kind)).not.toContain('confirmation');
    expectError(
      await t.call('POST', `/cases/${c.id}/actions`, { token: c.mediator.token, body: { action: 'refer', version: settled.version, toOrgId: court.id, kind: 'confirmation', reason: '申请司法确认' } }),
      409,
      'INVALID_TRANSITION',
    );

    // A wrong code: 400, nothing signed.
    await codeFor(t, c.worker.phone, 'sign');
    const wrong = await t.call('POST', `/cases/${c.id}/actions`, { token: c.worker.token, body: { action: 'sign', version: settled.version, code: '000000' } });
    expectError(wrong, 400, 'VALIDATION_FAILED');
    // Without a code at all.
    expectError(await t.call('POST', `/cases/${c.id}/actions`, { token: c.worker.token, body: { action: 'sign', version: settled.version } }), 400, 'VALIDATION_FAILED');

    const byWorker = await act(t, c.worker.token, c.id, 'sign', { code: await codeFor(t, c.worker.phone, 'sign') });
    expect(byWorker.agreement).toMatchObject({ effective: false, awaitingSignature: { applicants: [], respondent: true } });
    expect(byWorker.agreement.signatures).toEqual([expect.objectContaining({ party: 'applicant', applicantIndex: 0, method: 'otp' })]);
    // Signing twice is refused.
    const again = await t.call('POST', `/cases/${c.id}/actions`, { token: c.worker.token, body: { action: 'sign', version: byWorker.version, code: await codeFor(t, c.worker.phone, 'sign') } });
    expectError(again, 409, 'INVALID_TRANSITION');

    const employerPhone = (await t.call('GET', `/cases/${c.id}`, { token: employer.token })).json().respondents[0].phone;
    const both = await act(t, employer.token, c.id, 'sign', { code: await codeFor(t, employerPhone, 'sign') });
    expect(both.agreement.effective).toBe(true);
    expect(both.allowedActions).not.toContain('sign');
    expect(both.nextSteps.map((s: { kind: string }) => s.kind)).toContain('confirmation');
    await act(t, c.mediator.token, c.id, 'refer', { toOrgId: court.id, kind: 'confirmation', reason: '申请司法确认' });
  });

  it('a stale version (the terms the signer read are not the case now) is refused and leaves the code usable', async () => {
    const c = await mediationCase();
    const settled = await act(t, c.mediator.token, c.id, 'settle', { agreement: { amountFen: 300_000, terms: '一次性支付' } });
    const code = await codeFor(t, c.worker.phone, 'sign');
    const stale = await t.call('POST', `/cases/${c.id}/actions`, { token: c.worker.token, body: { action: 'sign', version: settled.version - 1, code } });
    expectError(stale, 409, 'VERSION_CONFLICT');
    const signed = await act(t, c.worker.token, c.id, 'sign', { code });
    expect(signed.agreement.signatures).toHaveLength(1);
  });

  it('staff record paper signatures one by one, or all at once when settling in person', async () => {
    const c = await mediationCase(3);
    const settled = await act(t, c.mediator.token, c.id, 'settle', { agreement: { amountFen: 500_000, terms: '一次性支付' } });
    expect(settled.agreement.awaitingSignature).toEqual({ applicants: [0, 1, 2], respondent: true });
    const one = await act(t, c.mediator.token, c.id, 'sign', { party: 'applicant', applicantIndex: 1, inPerson: true });
    expect(one.agreement.signatures).toEqual([expect.objectContaining({ party: 'applicant', applicantIndex: 1, name: '工友1', method: 'in_person' })]);
    // Staff may not pretend to sign by code, and must say whose signature it is.
    expectError(await t.call('POST', `/cases/${c.id}/actions`, { token: c.mediator.token, body: { action: 'sign', version: one.version, code: '123456' } }), 400, 'VALIDATION_FAILED');
    expectError(await t.call('POST', `/cases/${c.id}/actions`, { token: c.mediator.token, body: { action: 'sign', version: one.version, party: 'applicant', applicantIndex: 7, inPerson: true } }), 400, 'VALIDATION_FAILED');

    const d = await mediationCase(3);
    const inPerson = await act(t, d.mediator.token, d.id, 'settle', { agreement: { amountFen: 500_000, terms: '一次性支付' }, signedInPerson: true });
    expect(inPerson.agreement.effective).toBe(true);
    expect(inPerson.agreement.signatures.map((s: { party: string; method: string }) => `${s.party}:${s.method}`)).toEqual([
      'applicant:in_person',
      'applicant:in_person',
      'applicant:in_person',
      'respondent:in_person',
    ]);
    expect(inPerson.allowedActions).not.toContain('sign');
  });
});

describe("per-worker amounts in a collective case (SPEC §10)", () => {
  it('splits the agreement, records payments naming the worker, and shows each worker only their own', async () => {
    const c = await mediationCase(10);
    const shares = Array.from({ length: 10 }, (_, i) => ({ applicantIndex: i, amountFen: i === 0 ? 300_000 : 100_000 }));
    // Shares that do not add up are refused, and nothing changes.
    const bad = await t.call('POST', `/cases/${c.id}/actions`, {
      token: c.mediator.token,
      body: { action: 'settle', version: 2, agreement: { amountFen: 1_300_000, terms: '按人支付', perApplicant: shares.map((s) => ({ ...s, amountFen: s.amountFen + 1 })) } },
    });
    expect(expectError(bad, 400, 'VALIDATION_FAILED').details?.[0]?.field).toMatch(/perApplicant/);
    const outOfRange = await t.call('POST', `/cases/${c.id}/actions`, {
      token: c.mediator.token,
      body: { action: 'settle', version: 2, agreement: { amountFen: 100_000, terms: '按人支付', perApplicant: [{ applicantIndex: 10, amountFen: 100_000 }] } },
    });
    expectError(outOfRange, 400, 'VALIDATION_FAILED');

    const settled = await act(t, c.mediator.token, c.id, 'settle', { agreement: { amountFen: 1_200_000, terms: '按人支付', perApplicant: shares }, signedInPerson: true });
    expect(settled.kind).toBe('collective');
    expect(settled.agreement.perApplicant).toHaveLength(10);
    await act(t, c.mediator.token, c.id, 'record_payment', { amountFen: 100_000, paidAt: new Date().toISOString(), applicantIndex: 0 });
    // More than a worker's share is refused.
    const current = (await t.call('GET', `/cases/${c.id}`, { token: c.mediator.token })).json();
    expectError(
      await t.call('POST', `/cases/${c.id}/actions`, { token: c.mediator.token, body: { action: 'record_payment', version: current.version, amountFen: 100_001, paidAt: new Date().toISOString(), applicantIndex: 3 } }),
      400,
      'VALIDATION_FAILED',
    );
    const mine = (await t.call('GET', `/cases/${c.id}`, { token: c.worker.token })).json();
    expect(mine.agreement.perApplicant).toEqual([{ applicantIndex: 0, name: '张三', agreedFen: 300_000, paidFen: 100_000 }]);
    expect(current.agreement.perApplicant[0]).toMatchObject({ agreedFen: 300_000, paidFen: 100_000 });
    expect(current.payments[0].applicantIndex).toBe(0);
  });
});

describe('electronic service (SPEC §10)', () => {
  it('serves by SMS link; the day the worker opens it is the service date; the receipt lists it', async () => {
    const c = await mediationCase();
    const served = await act(t, c.mediator.token, c.id, 'serve', { documentType: 'acceptance_notice', to: 'applicants', channel: 'sms_link' });
    expect(served.services).toEqual([expect.objectContaining({ party: 'applicant', name: '张三', channel: 'sms_link', servedAt: null, title: expect.stringContaining('受理通知书') })]);
    const docs = (await t.call('GET', `/cases/${c.id}/documents`, { token: c.mediator.token })).json();
    expect(docs.items.find((d: { type: string }) => d.type === 'service_receipt').available).toBe(false);

    const token = tokenIn(await lastSms(t, c.worker.phone), '/app/served');
    const opened = await t.call('POST', `/services/${token}/open`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ caseId: c.id, documentType: 'acceptance_notice', party: 'applicant' });
    const again = await t.call('POST', `/services/${token}/open`);
    expect(again.json().servedAt).toBe(opened.json().servedAt);
    const after = (await t.call('GET', `/cases/${c.id}`, { token: c.worker.token })).json();
    expect(after.services[0].servedAt).toBe(opened.json().servedAt);
    const receipt = (await t.call('GET', `/cases/${c.id}/documents`, { token: c.mediator.token })).json();
    expect(receipt.items.find((d: { type: string }) => d.type === 'service_receipt').available).toBe(true);
    const timeline = (await t.call('GET', `/cases/${c.id}/events`, { token: c.worker.token })).json().items.map((e: { action: string }) => e.action);
    expect(timeline.slice(-2)).toEqual(['serve', 'served']);
  });

  it('refuses what cannot be served, changing nothing', async () => {
    const c = await mediationCase();
    const before = await counts(t);
    const v = (await t.call('GET', `/cases/${c.id}`, { token: c.mediator.token })).json().version;
    const send = (body: Record<string, unknown>) => t.call('POST', `/cases/${c.id}/actions`, { token: c.mediator.token, body: { action: 'serve', version: v, ...body } });
    expectError(await send({ documentType: 'agreement', to: 'applicants', channel: 'post' }), 409, 'INVALID_TRANSITION');
    expectError(await send({ documentType: 'acceptance_notice', fileId: '0190aaaa-0000-7000-8000-000000000000', to: 'applicants', channel: 'post' }), 400, 'VALIDATION_FAILED');
    expectError(await send({ fileId: '0190aaaa-0000-7000-8000-000000000000', to: 'applicants', channel: 'post' }), 400, 'VALIDATION_FAILED');
    // No representative's phone to text a link to.
    expectError(await send({ documentType: 'acceptance_notice', to: 'respondent', channel: 'sms_link' }), 400, 'VALIDATION_FAILED');
    expectError(await send({ documentType: 'acceptance_notice', to: 'applicants', channel: 'sms_link', servedAt: new Date().toISOString() }), 400, 'VALIDATION_FAILED');
    expectError(await t.call('POST', '/services/garbage/open'), 404, 'NOT_FOUND');
    expect(await counts(t)).toEqual(before);
  });

  it('an award recorded without its delivery date starts the appeal window the day it is served on the worker, and says so', async () => {
    const commission = await t.org('arbitration_commission');
    const arbitrator = await t.staff('arbitrator', commission.id);
    const worker = await t.worker();
    const filed = await t.call('POST', '/cases', { token: worker.token, body: caseBody(commission.id, { applicants: [{ name: '张三', phone: worker.phone, claims: [{ category: 'wages', description: '工资', amountFen: 300_000 }] }] }) });
    const id = filed.json().id;
    await act(t, arbitrator.token, id, 'accept');
    const awarded = await act(t, arbitrator.token, id, 'award', { agreement: { amountFen: 300_000, terms: '裁决支付工资' }, final: false });
    expect(awarded.clocks.find((k: { kind: string }) => k.kind === 'appeal_window')).toBeUndefined();
    // The award as issued, uploaded as a file of kind award.
    const { upload, SAMPLES } = await import('../support/multipart.js');
    const up = await upload(t, arbitrator.token, id, [{ name: 'kind', value: 'award' }, { name: 'file', bytes: SAMPLES.pdf, filename: '裁决书.pdf' }]);
    expect(up.statusCode).toBe(201);
    await act(t, arbitrator.token, id, 'serve', { fileId: up.json().id, to: 'applicants', channel: 'sms_link' });
    t.setNow(new Date('2099-03-02T17:00:00Z'));
    try {
      const token = tokenIn(await lastSms(t, worker.phone), '/app/served');
      expect((await t.call('POST', `/services/${token}/open`)).statusCode).toBe(200);
    } finally {
      t.setNow(null);
    }
    const d = (await t.call('GET', `/cases/${id}`, { token: worker.token })).json();
    const appeal = d.clocks.find((k: { kind: string }) => k.kind === 'appeal_window');
    // Opened 2099-03-02T17:00Z = 2099-03-03 in China; fifteen days on.
    expect(appeal).toMatchObject({ startedOn: '2099-03-03', dueOn: '2099-03-18' });
    expect(appeal.explanation[0]).toContain('送达劳动者');
  });
});

describe('representatives (SPEC §10)', () => {
  it('records who acts for a party, shown on the case; a legal-aid centre must be one', async () => {
    const c = await mediationCase(2);
    const aid = await t.org('legal_aid');
    const withRep = await act(t, c.mediator.token, c.id, 'add_representative', { applicantIndex: 0, kind: 'legal_aid', name: '县法律援助中心 刘律师', orgId: aid.id });
    expect(withRep.representatives).toEqual([expect.objectContaining({ applicantIndex: 0, kind: 'legal_aid', orgId: aid.id })]);
    const union = await t.org('union');
    expectError(
      await t.call('POST', `/cases/${c.id}/actions`, { token: c.mediator.token, body: { action: 'add_representative', version: withRep.version, kind: 'legal_aid', name: 'x', orgId: union.id } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await t.call('POST', `/cases/${c.id}/actions`, { token: c.worker.token, body: { action: 'add_representative', version: withRep.version, kind: 'lawyer', name: '某律师' } }),
      409,
      'INVALID_TRANSITION',
    );
  });
});

describe('the invitation page asks for a code without knowing the whole phone', () => {
  it('sends it to the invited phone, within the phone limits, and not once the invitation is used', async () => {
    const c = await mediationCase();
    const link = await invite(c);
    const sent = await t.call('POST', `/invitations/${link.token}/code`);
    expect(sent.statusCode).toBe(202);
    expect(sent.json().phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    // Sent at once; the outbox then keeps the text with the code blanked.
    expect(await lastSms(t, link.phone)).toMatch(/验证码为(\d{6}|\*{6})，用于登录/);
    const again = await t.call('POST', `/invitations/${link.token}/code`);
    expectError(again, 429, 'RATE_LIMITED');
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    await join(link);
    expectError(await t.call('POST', `/invitations/${link.token}/code`), 409, 'INVALID_TRANSITION');
  });
});

describe('what the parties are told (SPEC §10), end to end', () => {
  it('the worker reads the acceptance, the session and the agreement waiting for them; texts are queued once', async () => {
    const c = await mediationCase();
    const employer = await join(await invite(c));
    await act(t, c.mediator.token, c.id, 'schedule', { at: '2099-03-02T01:30:00Z', place: '县总工会调解室' });
    await act(t, c.mediator.token, c.id, 'settle', { agreement: { amountFen: 300_000, terms: '一次性支付' } });
    const mine = (await t.call('GET', '/me/notifications', { token: c.worker.token })).json();
    expect(mine.items.map((n: { kind: string }) => n.kind).sort()).toEqual(expect.arrayContaining(['proceeding_accepted', 'session_scheduled', 'signature_requested']));
    const session = mine.items.find((n: { kind: string }) => n.kind === 'session_scheduled');
    expect(session.text).toContain('2099年3月2日');
    expect(session.text).toContain('县总工会调解室');
    const theirs = (await t.call('GET', '/me/notifications', { token: employer.token })).json();
    expect(theirs.items.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['session_scheduled', 'signature_requested']));
    // The worker's phone got each text once, none with an ID number.
    const texts = await t.handle.db.execute<{ text: string; n: number }>(sql`select text, count(*)::int as n from sms_messages where phone = ${c.worker.phone} group by text`);
    const rows = (texts as unknown as { rows?: { text: string; n: number }[] }).rows ?? (texts as unknown as { text: string; n: number }[]);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      expect(r.n).toBe(1);
      expect(r.text).not.toMatch(/\d{17}[\dX]/);
    }
  });
});

describe('a served document is the party’s to read', () => {
  it('the worker reads the agreement served on them even though staff never printed it; a worker it was not served on may not issue it', async () => {
    const c = await mediationCase();
    await act(t, c.mediator.token, c.id, 'settle', { agreement: { amountFen: 300_000, terms: '一次性支付' }, signedInPerson: true });
    const before = await t.call('GET', `/cases/${c.id}/documents/agreement`, { token: c.worker.token });
    expectError(before, 409, 'INVALID_TRANSITION');
    await act(t, c.mediator.token, c.id, 'serve', { documentType: 'agreement', to: 'applicants', channel: 'sms_link' });
    const pdf = await t.call('GET', `/cases/${c.id}/documents/agreement`, { token: c.worker.token });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
  });
});

describe('an employer account comes only from an invitation', () => {
  it('an administrator may not create one', async () => {
    const res = await t.call('POST', '/users', { token: t.admin.token, body: { username: 'hr.someone', password: 'correct-horse-9', name: '人事', role: 'employer' } });
    expectError(res, 400, 'VALIDATION_FAILED');
  });
});
