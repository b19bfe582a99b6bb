import argon2 from 'argon2';

/**
 * argon2id as OWASP's password storage guidance recommends (m = 19 MiB, t = 2, p = 1).
 * Tests pass a smaller memory cost so that building users stays cheap.
 */
export interface PasswordPolicy {
  memoryCost: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { memoryCost: 19_456 };

export function hashPassword(password: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: policy.memoryCost, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Verifying against this when a username is unknown keeps response time from telling which names exist. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('tiaojie-decoy-password');
  return decoy;
}
