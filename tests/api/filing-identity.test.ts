/**
 * SPEC §10: under phone verification a worker files as themself. The first applicant of an online
 * filing is the account's own verified phone and name, whatever the form said (tried before: a
 * signed-in worker filed in another person's name and phone, and that phone reached the staff whole).
 */
import { describe, expect, it } from 'vitest';
import { issueOtp } from '../../src/auth/otp.js';
import { testConfig } from '../../src/config.js';
import { caseBody, PASSWORD, useTestApp } from '../support/app.js';
import { expectError } from '../support/errors.js';
import { validIdNumber } from '../support/ids.js';

const t = useTestApp({ PHONE_VERIFICATION: 'required' });

async function verifiedWorker(phone: string, idNumber?: string) {
  const { code } = await issueOtp(t.handle.db, { phone, purpose: 'register', now: new Date(), key: testConfig().OTP_HASH_KEY, send: true });
  const res = await t.call('POST', '/auth/register', { body: { phone, password: PASSWORD, name: '韦小英', code, ...(idNumber ? { idNumber } : {}) } });
  expect(res.statusCode).toBe(201);
  return res.json().token as string;
}

describe('a worker filing online under PHONE_VERIFICATION=required', () => {
  it('is the first applicant with the account’s own name and phone, not the ones typed in', async () => {
    const union = await t.org('union');
    const mediator = await t.staff('mediator', union.id);
    const token = await verifiedWorker('13911112222');
    const filed = await t.call('POST', '/cases', {
      token,
      body: caseBody(union.id, { applicants: [{ name: '别人', phone: '13800001111', claims: [{ category: 'wages', description: '工资', amountFen: 100_000 }] }] }),
    });
    expect(filed.statusCode).toBe(201);
    expect(filed.json().applicants[0]).toMatchObject({ name: '韦小英', phone: '13911112222', isCaller: true });
    const seenByStaff = (await t.call('GET', `/cases/${filed.json().id}`, { token: mediator.token })).json();
    expect(seenByStaff.applicants[0]).toMatchObject({ name: '韦小英', phone: '13911112222' });
    expect(JSON.stringify(seenByStaff)).not.toContain('13800001111');
  });

  it('refuses another person’s ID number against the account’s own, filing nothing', async () => {
    const union = await t.org('union');
    const own = validIdNumber(11);
    const token = await verifiedWorker('13911113333', own);
    const res = await t.call('POST', '/cases', {
      token,
      body: caseBody(union.id, { applicants: [{ name: '别人', idNumber: validIdNumber(12), claims: [{ category: 'wages', description: '工资', amountFen: 100_000 }] }] }),
    });
    expect(expectError(res, 400, 'VALIDATION_FAILED').details?.map((d) => d.field)).toEqual(['body.applicants.0.idNumber']);
    expect((await t.call('GET', '/cases', { token })).json().items).toEqual([]);
  });

  it('registration needs the code', async () => {
    expectError(await t.call('POST', '/auth/register', { body: { phone: '13911114444', password: PASSWORD, name: '韦小英' } }), 400, 'VALIDATION_FAILED');
  });
});
