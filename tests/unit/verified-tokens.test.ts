import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from '../../src/auth/plugin.js';

const SUB = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

/** A verifier that counts its calls and accepts the tokens it is given, with their expiry in seconds. */
function verifier(tokens: Record<string, { sub?: unknown; tv?: unknown; exp?: number }>) {
  const calls: string[] = [];
  const verify = (token: string) => {
    calls.push(token);
    const payload = tokens[token];
    if (!payload) throw new Error('bad signature');
    return payload as { sub: string; tv: number; exp?: number };
  };
  return { calls, verify };
}

const status = (fn: () => unknown) => {
  try {
    fn();
    return 200;
  } catch (err) {
    return (err as { statusCode?: number }).statusCode;
  }
};

describe('verified tokens, remembered by their text', () => {
  it('checks a token once, then answers from memory with the same claims', () => {
    const v = verifier({ a: { sub: SUB, tv: 2, exp: 2_000 } });
    const tokens = new VerifiedTokens(v.verify, 10, () => 1_000_000);
    expect(tokens.claimsOf('a')).toEqual({ sub: SUB, tv: 2 });
    expect(tokens.claimsOf('a')).toEqual({ sub: SUB, tv: 2 });
    expect(v.calls).toEqual(['a']);
  });

  it('a remembered token is not answered from memory past its expiry: it goes back to the verifier, which refuses it', () => {
    let now = 1_000_000;
    const calls: string[] = [];
    // As fast-jwt does: a token past its exp is refused.
    const tokens = new VerifiedTokens((t) => {
      calls.push(t);
      if (now >= 1_500_000) throw new Error('expired');
      return { sub: SUB, tv: 0, exp: 1_500 };
    }, 10, () => now);
    expect(status(() => tokens.claimsOf('a'))).toBe(200);
    now = 1_499_999;
    expect(status(() => tokens.claimsOf('a'))).toBe(200);
    expect(calls).toHaveLength(1);
    now = 1_500_000;
    expect(status(() => tokens.claimsOf('a'))).toBe(401);
    expect(calls).toHaveLength(2);
  });

  it('refuses what the verifier refuses, and claims of the wrong shape, and remembers neither', () => {
    const v = verifier({ weird: { sub: 'admin', tv: 0 }, noVersion: { sub: SUB } });
    const tokens = new VerifiedTokens(v.verify, 10, () => 0);
    for (const t of ['forged', 'weird', 'noVersion']) {
      expect(status(() => tokens.claimsOf(t))).toBe(401);
      expect(status(() => tokens.claimsOf(t))).toBe(401);
    }
    expect(v.calls).toEqual(['forged', 'forged', 'weird', 'weird', 'noVersion', 'noVersion']);
  });

  it('holds at most `max` tokens, forgetting the oldest first', () => {
    const all = Object.fromEntries(['a', 'b', 'c'].map((t) => [t, { sub: SUB, tv: 0 }]));
    const v = verifier(all);
    const tokens = new VerifiedTokens(v.verify, 2, () => 0);
    for (const t of ['a', 'b', 'c', 'c', 'b', 'a']) tokens.claimsOf(t);
    expect(v.calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
