import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { users } from '../db/schema/index.js';
import { fieldProblem, notFound, unauthenticated } from '../http/errors.js';
import { presentUser } from '../users/present.js';
import { insertAccount } from '../users/service.js';
import type { Caller } from './caller.js';
import { checkOtp, consumeOtp, issueOtp, otpAlreadyUsed, OTP_RESEND_MS, OTP_TTL_MS, type OtpPurpose } from './otp.js';
import { decoyHash, hashPassword, verifyPassword, type PasswordPolicy } from './passwords.js';

export interface AuthDeps {
  db: Database;
  passwordPolicy: PasswordPolicy;
}

/** What signing in and registering by phone code need besides (SPEC §10). */
export interface PhoneDeps extends AuthDeps {
  now: () => Date;
  /** config.OTP_HASH_KEY */
  otpKey: string;
  /** config.PHONE_VERIFICATION: whether registration needs a code. */
  phoneVerification: 'required' | 'off';
}

/**
 * The account that signs in by a code sent to `phone` (SPEC §10): the worker whose username is
 * the phone or, failing that, the employer representative whose account the invitation created
 * (username `employer:<phone>`). Staff sign in by password only.
 */
export async function accountForPhone(db: Database, phone: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(
      or(
        and(eq(users.username, phone), eq(users.role, 'worker')),
        and(eq(users.username, `employer:${phone}`), eq(users.role, 'employer'), eq(users.phone, phone)),
      ),
    )
    .orderBy(desc(sql`${users.role} = 'worker'`))
    .limit(1);
  return user;
}

/**
 * Sends a code (SPEC §10). To sign in, a phone with no account gets no text, but the answer and
 * the limits are the same as for one that has, so the answer tells nobody whether it has.
 */
export async function requestOtp(deps: PhoneDeps, input: { phone: string; purpose: OtpPurpose }) {
  const now = deps.now();
  let send = true;
  if (input.purpose === 'login') {
    const account = await accountForPhone(deps.db, input.phone);
    send = account !== undefined && !account.disabled;
  }
  await issueOtp(deps.db, { phone: input.phone, purpose: input.purpose, now, key: deps.otpKey, send });
  return { expiresInSeconds: OTP_TTL_MS / 1000, resendAfterSeconds: OTP_RESEND_MS / 1000 };
}

/** Signs in a worker or an employer representative by a code sent to their phone (purpose `login`). */
export async function loginWithCode(deps: PhoneDeps, input: { phone: string; code: string }) {
  const now = deps.now();
  const { id } = await checkOtp(deps.db, { phone: input.phone, purpose: 'login', code: input.code, now, key: deps.otpKey });
  const user = await accountForPhone(deps.db, input.phone);
  if (!user || user.disabled) throw unauthenticated('wrong phone or code');
  if (!(await consumeOtp(deps.db, id, now))) throw otpAlreadyUsed();
  return user;
}

export async function login(deps: AuthDeps, input: { username: string; password: string }) {
  const [user] = await deps.db.select().from(users).where(eq(users.username, input.username)).limit(1);
  if (!user) {
    await verifyPassword(await decoyHash(), input.password);
    throw unauthenticated('wrong username or password');
  }
  if (!(await verifyPassword(user.passwordHash, input.password)) || user.disabled) {
    throw unauthenticated('wrong username or password');
  }
  return user;
}

/**
 * A worker registers with their phone number, which becomes their username. With
 * PHONE_VERIFICATION=required a code sent to that phone (purpose `register`) is needed, so every
 * worker's account phone is one they hold; otherwise a code is checked when given. The code is
 * used up in the transaction that creates the account: a refused registration leaves it usable.
 */
export async function registerWorker(
  deps: PhoneDeps,
  input: { phone: string; password: string; name: string; idNumber?: string; code?: string },
) {
  const account = { username: input.phone, password: input.password, role: 'worker' as const, name: input.name, phone: input.phone, idNumber: input.idNumber ?? null };
  const taken = 'this phone number is already registered';
  if (input.code === undefined) {
    if (deps.phoneVerification === 'required') throw fieldProblem('body.code', 'is required: ask for a code sent to this phone (POST /auth/otp, purpose register)');
    return insertAccount(deps, account, taken);
  }
  const now = deps.now();
  const { id } = await checkOtp(deps.db, { phone: input.phone, purpose: 'register', code: input.code, now, key: deps.otpKey });
  return deps.db.transaction(async (tx) => {
    // insertAccount reads and writes through drizzle's query builder alone, which a transaction has
    // as the database does; it never touches the driver (`$client`), which only the database has.
    const user = await insertAccount({ ...deps, db: tx as unknown as Database }, account, taken);
    if (!(await consumeOtp(tx, id, now))) throw otpAlreadyUsed();
    return user;
  });
}

/** Changing one's password revokes every token issued before (the token version moves on). */
export async function changePassword(deps: AuthDeps, caller: Caller, input: { currentPassword: string; newPassword: string }) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, caller.userId)).limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) throw unauthenticated('the current password is wrong');
  const [updated] = await deps.db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword, deps.passwordPolicy), tokenVersion: sql`${users.tokenVersion} + 1` })
    .where(eq(users.id, user.id))
    .returning();
  return updated;
}

export async function me(deps: AuthDeps, caller: Caller) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, caller.userId)).limit(1);
  if (!user) throw notFound('user');
  return { ...presentUser(user), idNumber: user.idNumber };
}
