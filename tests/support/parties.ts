/**
 * The parties of SPEC §10 in tests: phone codes as a person would read them off their phone, the
 * one-time links texted to them, and the employer's representative invited to a case and joined.
 */
import { and, desc, eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { issueOtp, type OtpPurpose } from '../../src/auth/otp.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { testConfig } from '../../src/config.js';
import { otpCodes, smsMessages, users } from '../../src/db/schema/index.js';
import { TEST_PASSWORD_POLICY, type TestContext, type TestUser } from './app.js';

/** What these helpers use of a test app (tests/support/app.ts testApp, or an app a file builds itself). */
export type PartiesApp = Pick<TestContext, 'app' | 'handle' | 'call'>;

export interface PartyUser extends TestUser {
  phone: string;
  name: string;
}

let phones = 0;
/** A mobile number no other test file's people have (137…, a counter and the process). */
export function freshPhone(): string {
  return `137${String(process.pid % 10_000).padStart(4, '0')}${String(++phones % 10_000).padStart(4, '0')}`;
}

/**
 * A phone code for `phone` and `purpose`, as its holder would read it off the phone. How often a
 * phone may be sent codes is tests/api/otp.test.ts's concern, not the callers' here, who sign and
 * join many times a minute: the phone's earlier codes are cleared first, so its limits start
 * afresh. The code is recorded as the app would record it (same key, same table) but not texted.
 */
export async function phoneCode(t: PartiesApp, phone: string, purpose: OtpPurpose, now = new Date()): Promise<string> {
  await t.handle.db.delete(otpCodes).where(eq(otpCodes.phone, phone));
  const { code } = await issueOtp(t.handle.db, { phone, purpose, now, key: testConfig().OTP_HASH_KEY, send: false });
  return code;
}

/** The newest text to `phone` (about `caseId`, when given) carrying a link under `path`, and the link's token. */
export async function linkTexted(t: PartiesApp, phone: string, path: '/app/invite/' | '/app/served/', caseId?: string): Promise<{ token: string; text: string }> {
  const rows = await t.handle.db
    .select({ text: smsMessages.text })
    .from(smsMessages)
    .where(caseId ? and(eq(smsMessages.phone, phone), eq(smsMessages.caseId, caseId)) : eq(smsMessages.phone, phone))
    .orderBy(desc(smsMessages.id));
  for (const { text } of rows) {
    const m = text.match(new RegExp(`${path}([A-Za-z0-9_-]+)`));
    if (m) return { token: m[1], text };
  }
  throw new Error(`no text with a link under ${path} was sent to ${phone}`);
}

let addresses = 0;
/**
 * Opens the invitation link `token` with a login code sent to `phone`: the representative, signed
 * in. Each representative opens it from a phone of their own, so from an address of their own (the
 * route throttles each address; tests/api/actions joins dozens of cases from one process).
 */
export async function acceptInvitation(t: PartiesApp, token: string, phone: string): Promise<PartyUser> {
  const code = await phoneCode(t, phone, 'login');
  const n = ++addresses;
  const res = await t.app.inject({ method: 'POST', url: `/invitations/${token}/accept`, payload: { code }, remoteAddress: `10.18.${(n >> 8) & 255}.${n & 255}` });
  if (res.statusCode !== 200) throw new Error(`accept invitation: ${res.statusCode} ${res.body}`);
  const { token: session, user } = res.json();
  return { id: user.id, token: session, role: user.role, orgId: user.orgId, phone, name: user.name };
}

/**
 * The employer's representative of a case (SPEC §10): staff (`staffToken`) invite them by phone
 * (invite_respondent), and they open the texted link and join with a code. The same phone joining
 * a second case is the same account.
 */
export async function employer(t: PartiesApp, caseId: string, staffToken: string, who: { phone?: string; name?: string } = {}): Promise<PartyUser> {
  const phone = who.phone ?? freshPhone();
  const { token } = await invite(t, caseId, staffToken, phone, who.name ?? '王经理');
  return acceptInvitation(t, token, phone);
}

/** Staff (`staffToken`) invite `phone` to the case (invite_respondent): the link texted to it. */
export async function invite(t: PartiesApp, caseId: string, staffToken: string, phone: string, name = '王经理'): Promise<{ token: string; text: string }> {
  const current = await t.call('GET', `/cases/${caseId}`, { token: staffToken });
  if (current.statusCode !== 200) throw new Error(`load ${caseId}: ${current.statusCode} ${current.body}`);
  const res = await t.call('POST', `/cases/${caseId}/actions`, { token: staffToken, body: { action: 'invite_respondent', version: current.json().version, phone, name } });
  if (res.statusCode !== 200) throw new Error(`invite_respondent: ${res.statusCode} ${res.body}`);
  return linkTexted(t, phone, '/app/invite/', caseId);
}

/**
 * An employer's account that was invited to no case: made as an accepted invitation makes one
 * (src/cases/links.ts: a password nobody knows), and signed in by phone code (POST /auth/login { phone, code }).
 */
export async function employerOfNoCase(t: PartiesApp, name = '赵经理'): Promise<PartyUser> {
  const phone = freshPhone();
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'), TEST_PASSWORD_POLICY);
  await t.handle.db.insert(users).values({ id: uuidv7(), username: `employer:${phone}`, passwordHash, role: 'employer', name, phone });
  const code = await phoneCode(t, phone, 'login');
  const res = await t.call('POST', '/auth/login', { body: { phone, code } });
  if (res.statusCode !== 200) throw new Error(`employer login: ${res.statusCode} ${res.body}`);
  const { token, user } = res.json();
  return { id: user.id, token, role: user.role, orgId: user.orgId, phone, name };
}
