import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, testApp, type TestContext } from '../support/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await testApp({ LOGIN_MAX_PER_ACCOUNT: 3, LOGIN_MAX_PER_ADDRESS: 6, LOGIN_WINDOW_SECONDS: 600 });
});
afterAll(() => t.close());

const login = (username: string, password: string, ip = '203.0.113.7') =>
  t.app.inject({ method: 'POST', url: '/auth/login', payload: { username, password }, remoteAddress: ip });

describe('sign-in throttling', () => {
  it('refuses an account after too many attempts, with 429 in the SPEC shape, even with the right password', async () => {
    const worker = await t.worker();
    for (let i = 0; i < 3; i++) expect((await login(worker.phone, 'wrong-password', `198.51.100.${i}`)).statusCode).toBe(401);
    const blocked = await login(worker.phone, PASSWORD, '198.51.100.9');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ error: { code: 'RATE_LIMITED' }, requestId: expect.any(String) });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses an address that tries many accounts', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await login(`nobody${i}`, 'x', '192.0.2.44')).statusCode);
    expect(codes.slice(0, 6)).toEqual(Array(6).fill(401));
    expect(codes.slice(6)).toEqual([429, 429]);
    // Another address is unaffected.
    const worker = await t.worker();
    expect((await login(worker.phone, PASSWORD, '192.0.2.45')).statusCode).toBe(200);
  });
});

describe('behind a load balancer (TRUST_PROXY=true)', () => {
  it('throttles each client address, not the balancer\'s', async () => {
    const lb = await testApp({ TRUST_PROXY: true, LOGIN_MAX_PER_ACCOUNT: 1000, LOGIN_MAX_PER_ADDRESS: 2 });
    try {
      const via = (client: string) =>
        lb.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'nobody', password: 'x' }, remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': client } });
      expect([(await via('198.51.100.1')).statusCode, (await via('198.51.100.1')).statusCode, (await via('198.51.100.1')).statusCode]).toEqual([401, 401, 429]);
      expect((await via('198.51.100.2')).statusCode).toBe(401);
    } finally {
      await lb.close();
    }
  });
});
