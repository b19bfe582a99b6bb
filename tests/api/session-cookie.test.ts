import { describe, expect, it } from 'vitest';
import { caseBody, PASSWORD, useTestApp } from '../support/app.js';

const t = useTestApp();

describe('the browser session cookie', () => {
  it('is set at sign-in, httpOnly and same-site only, and signs the pages in', async () => {
    const w = await t.worker();
    const res = await t.call('POST', '/auth/login', { body: { username: w.phone, password: PASSWORD } });
    const cookie = res.cookies.find((c) => c.name === 'tiaojie_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.value).toBe(res.json().token);
    const me = await t.app.inject({ url: '/me', cookies: { tiaojie_session: cookie.value } });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe(w.phone);
  });

  it('needs the request header on writes, which a form on another site cannot send', async () => {
    const org = await t.org('union');
    const m = await t.staff('mediator', org.id);
    const cookies = { tiaojie_session: m.token };
    const bare = await t.app.inject({ method: 'POST', url: '/cases', cookies, payload: caseBody(org.id) });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().error.code).toBe('FORBIDDEN');
    const ok = await t.app.inject({ method: 'POST', url: '/cases', cookies, headers: { 'x-tiaojie-request': '1' }, payload: caseBody(org.id) });
    expect(ok.statusCode, ok.body).toBe(201);
    // Reads need no header.
    expect((await t.app.inject({ url: '/cases', cookies })).statusCode).toBe(200);
  });

  it('is cleared at sign-out; a bad cookie is 401', async () => {
    const res = await t.call('POST', '/auth/logout');
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.find((c) => c.name === 'tiaojie_session')!;
    expect(cleared.value).toBe('');
    expect((await t.app.inject({ url: '/me', cookies: { tiaojie_session: 'garbage' } })).statusCode).toBe(401);
  });

  it('yields to an Authorization header when both are sent', async () => {
    const a = await t.worker();
    const b = await t.worker();
    const me = await t.app.inject({ url: '/me', cookies: { tiaojie_session: a.token }, headers: { authorization: `Bearer ${b.token}` } });
    expect(me.json().id).toBe(b.id);
  });
});
