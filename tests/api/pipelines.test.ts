import { describe, expect, it } from 'vitest';
import { act, agreementIn, caseBody, useTestApp } from '../support/app.js';
import { phoneCode } from '../support/parties.js';
import { mediationAndCourt } from '../support/people.js';

const t = useTestApp();

describe('pipeline 1: online filing → union mediation → court confirmation → payments → performed', () => {
  it('walks the whole way', async () => {
    const { centre: union, court, mediator, liaison } = await mediationAndCourt(t, 'union');
    const worker = await t.worker();

    const filed = await t.call('POST', '/cases', {
      token: worker.token,
      body: caseBody(union.id, {
        applicants: [{ name: '张三', idNumber: worker.idNumber, phone: worker.phone, claims: [{ category: 'wages', description: '欠薪', amountFen: 800_000 }] }],
      }),
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const c = filed.json();
    expect(c.channel).toBe('online');
    expect(c.kind).toBe('individual');
    expect(c.proceedings).toHaveLength(1);
    expect(c.proceedings[0]).toMatchObject({ kind: 'mediation', state: 'received', orgId: union.id });
    expect(c.allowedActions).toEqual(['withdraw']);
    expect(c.applicants[0].idNumber).toBe(worker.idNumber);

    let d = await act(t, mediator.token, c.id, 'accept');
    expect(d.proceedings[0].state).toBe('accepted');
    d = await act(t, mediator.token, c.id, 'settle', { agreement: agreementIn('分两期支付', ['2099-01-10', 300_000], ['2099-02-10', 300_000]) });
    expect(d.proceedings[0]).toMatchObject({ state: 'concluded', outcome: 'settled' });
    expect(d.agreement).toMatchObject({ amountFen: 600_000, status: 'pending', paidFen: 0, effective: false });
    // Not effective until both sides sign (SPEC §10): the worker by a code on their phone, the
    // employer's paper signature recorded by the mediator; only then may it go to the court.
    expect(d.nextSteps.map((s: { kind: string }) => s.kind)).not.toContain('confirmation');
    d = await act(t, worker.token, c.id, 'sign', { code: await phoneCode(t, worker.phone, 'sign') });
    expect(d.agreement).toMatchObject({ effective: false, awaitingSignature: { applicants: [], respondent: true } });
    d = await act(t, mediator.token, c.id, 'sign', { party: 'respondent', inPerson: true });
    expect(d.agreement).toMatchObject({ effective: true, awaitingSignature: { applicants: [], respondent: false } });
    expect(d.agreement.signatures.map((s: { party: string; method: string }) => `${s.party}:${s.method}`)).toEqual(['applicant:otp', 'respondent:in_person']);
    expect(d.nextSteps.map((s: { kind: string }) => s.kind)).toContain('confirmation');

    d = await act(t, mediator.token, c.id, 'refer', { toOrgId: court.id, kind: 'confirmation', reason: '申请司法确认' });
    expect(d.proceedings[1]).toMatchObject({ kind: 'confirmation', state: 'received', orgId: court.id });
    d = await act(t, liaison.token, c.id, 'accept');
    d = await act(t, liaison.token, c.id, 'confirm');
    expect(d.proceedings[1].outcome).toBe('confirmed');
    expect(d.agreement.confirmedByOrgId).toBe(court.id);

    d = await act(t, mediator.token, c.id, 'record_payment', { amountFen: 300_000, paidAt: '2025-03-01' });
    expect(d.agreement).toMatchObject({ paidFen: 300_000, status: 'pending' });
    d = await act(t, mediator.token, c.id, 'record_payment', { amountFen: 300_000, paidAt: '2025-03-02' });
    expect(d.agreement).toMatchObject({ paidFen: 600_000, status: 'performed' });
    d = await act(t, liaison.token, c.id, 'close', { outcome: 'performed' });
    expect(d).toMatchObject({ status: 'closed', outcome: 'performed' });

    const events = (await t.call('GET', `/cases/${c.id}/events`, { token: worker.token })).json().items;
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'file', 'accept', 'settle', 'sign', 'sign', 'refer', 'accept', 'confirm', 'record_payment', 'record_payment', 'close',
    ]);
    const verify = await t.call('GET', `/cases/${c.id}/verify`, { token: liaison.token });
    expect(verify.json()).toMatchObject({ intact: true, events: 11 });
  });
});

describe('pipeline 2: mediation fails → arbitration → award → performed', () => {
  it('walks the whole way', async () => {
    const centre = await t.org('township_center');
    const commission = await t.org('arbitration_commission', { regionCode: '451000' });
    const mediator = await t.staff('mediator', centre.id);
    const arbitrator = await t.staff('arbitrator', commission.id);
    const c = (await t.call('POST', '/cases', { token: mediator.token, body: caseBody(centre.id, { acceptNow: true }) })).json();
    expect(c.channel).toBe('walk_in');
    expect(c.proceedings[0].state).toBe('accepted');

    let d = await act(t, mediator.token, c.id, 'fail', { reason: '用人单位拒绝调解' });
    expect(d.nextSteps.map((s: { kind: string }) => s.kind)).toContain('arbitration');
    d = await act(t, mediator.token, c.id, 'refer', { toOrgId: commission.id, kind: 'arbitration', reason: '调解不成' });
    d = await act(t, arbitrator.token, c.id, 'accept');
    d = await act(t, arbitrator.token, c.id, 'award', {
      agreement: { amountFen: 1_500_000, terms: '裁决支付工资' },
      final: true,
      deliveredAt: new Date().toISOString(),
    });
    expect(d.agreement).toMatchObject({ final: true, status: 'pending' });
    d = await act(t, arbitrator.token, c.id, 'record_payment', { amountFen: 1_500_000, paidAt: new Date().toISOString() });
    expect(d.agreement.status).toBe('performed');
    d = await act(t, arbitrator.token, c.id, 'close', { outcome: 'performed' });
    expect(d.status).toBe('closed');
  });
});

describe('pipeline 3: a court delegates pre-filing mediation → settled → back to the court', () => {
  it('walks the whole way', async () => {
    const { centre, court, mediator, liaison } = await mediationAndCourt(t, 'mediation_center');
    const filed = await t.call('POST', '/cases', { token: liaison.token, body: caseBody(centre.id) });
    expect(filed.statusCode, filed.body).toBe(201);
    const c = filed.json();
    expect(c.channel).toBe('court_delegated');
    expect(c.allowedActions).toContain('note');
    expect(c.allowedActions).not.toContain('accept');

    await act(t, mediator.token, c.id, 'accept');
    // Both sides sign the paper agreement at the session: effective, so the court may confirm it.
    await act(t, mediator.token, c.id, 'settle', { agreement: { amountFen: 900_000, terms: '一次性支付' }, signedInPerson: true });
    let d = await act(t, mediator.token, c.id, 'refer', { toOrgId: court.id, kind: 'confirmation', reason: '委派调解达成协议，申请确认' });
    d = await act(t, liaison.token, c.id, 'accept');
    d = await act(t, liaison.token, c.id, 'confirm');
    expect(d.proceedings.map((p: { kind: string; outcome: string }) => `${p.kind}:${p.outcome}`)).toEqual([
      'mediation:settled',
      'confirmation:confirmed',
    ]);
  });
});
