import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { act, caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';
import { freshDatabase } from '../support/db.js';

let t: TestContext;
let union: { id: string };
let commission: { id: string };
let mediator: TestUser;
let worker: TestUser & { phone: string };

beforeAll(async () => {
  t = await testApp();
  union = await t.org('union');
  commission = await t.org('arbitration_commission');
  mediator = await t.staff('mediator', union.id);
  worker = await t.worker();
});
afterAll(() => t.close());

const MISSING = '01950000-0000-7000-8000-000000000000';

type Res = { statusCode: number; body: string; headers: Record<string, unknown>; json(): any };

/** SPEC §7: `{ error: { code, message, details? }, requestId }`, and nothing else. */
function expectError(res: Res, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.json();
  expect(Object.keys(body).sort()).toEqual(['error', 'requestId']);
  expect(typeof body.requestId).toBe('string');
  expect(body.requestId.length).toBeGreaterThan(0);
  if (code) expect(body.error.code).toBe(code);
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(Object.keys(body.error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
  return body.error as { code: string; message: string; details?: { field: string; message: string }[] };
}

function expectFields(res: Res, ...expected: string[]) {
  const e = expectError(res, 400, 'VALIDATION_FAILED');
  expect(Array.isArray(e.details)).toBe(true);
  for (const d of e.details!) {
    expect(typeof d.field).toBe('string');
    expect(typeof d.message).toBe('string');
  }
  expect(e.details!.map((d) => d.field)).toEqual(expect.arrayContaining(expected));
  return e.details!;
}

async function fileCase(overrides: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { acceptNow: true, ...overrides }) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

/** Everything a rejected action could have touched. */
async function snapshotOf(caseId: string) {
  const detail = (await t.call('GET', `/cases/${caseId}`, { token: mediator.token })).json();
  const events = (await t.call('GET', `/cases/${caseId}/events`, { token: mediator.token })).json().items;
  const { allowedActions: _a, ...rest } = detail;
  return { detail: rest, events };
}

async function count(table: 'cases' | 'users' | 'organizations' | 'events' | 'proceedings' | 'payments' | 'agreements'): Promise<number> {
  const r = await t.handle.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`);
  const rows = Array.isArray(r) ? r : (r as { rows: unknown[] }).rows;
  return (rows[0] as { n: number }).n;
}

describe('400 VALIDATION_FAILED', () => {
  it('malformed JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('an empty JSON body', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: '' });
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('JSON that is not an object', async () => {
    for (const payload of ['[]', 'null', '"admin"', '42']) {
      const res = await t.app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload });
      expectError(res, 400, 'VALIDATION_FAILED');
    }
  });

  it('wrong types, each field named', async () => {
    const res = await t.call('POST', '/auth/login', { body: { username: 123, password: true } });
    expectFields(res, 'body.username', 'body.password');
  });

  it('missing fields, each named', async () => {
    const res = await t.call('POST', '/cases', { token: mediator.token, body: {} });
    const details = expectFields(res, 'body.orgId', 'body.categories', 'body.summary', 'body.incidentDate', 'body.applicants', 'body.respondent');
    expect(details).toHaveLength(6);
  });

  it('nested fields are named by their path', async () => {
    const body = caseBody(union.id);
    (body.applicants as any)[0].claims[0].amountFen = -5;
    (body.applicants as any)[0].idNumber = '110105194912310021';
    const res = await t.call('POST', '/cases', { token: mediator.token, body });
    expectFields(res, 'body.applicants.0.claims.0.amountFen', 'body.applicants.0.idNumber');
  });

  it('an unknown action', async () => {
    const c = await fileCase();
    const res = await t.call('POST', `/cases/${c.id}/actions`, { token: mediator.token, body: { action: 'explode', version: c.version } });
    expectFields(res, 'body.action');
  });

  it('an action without its data', async () => {
    const c = await fileCase();
    const res = await t.call('POST', `/cases/${c.id}/actions`, { token: mediator.token, body: { action: 'fail', version: c.version } });
    expectFields(res, 'body.reason');
  });

  it('an invalid uuid in the path', async () => {
    for (const url of ['/cases/not-a-uuid', '/cases/123/events', '/cases/%27%3B%20drop%20table%20cases/verify']) {
      const res = await t.call('GET', url, { token: mediator.token });
      expectFields(res, 'params.id');
    }
    const res = await t.call('POST', '/cases/xyz/actions', { token: mediator.token, body: { action: 'accept', version: 1 } });
    expectFields(res, 'params.id');
  });

  it('impossible dates and out-of-range numbers are 400, never 500', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ incidentDate: '2025-02-30' }, 'body.incidentDate'],
      [{ incidentDate: '10000-01-01' }, 'body.incidentDate'],
      [{ occurredAt: '2025-13-45T00:00:00Z' }, 'body.occurredAt'],
      [{ occurredAt: 'yesterday' }, 'body.occurredAt'],
      [{ categories: [] }, 'body.categories'],
      [{ categories: ['bonus'] }, 'body.categories.0'],
      [{ applicants: [] }, 'body.applicants'],
      [{ respondent: { name: 'x', creditCode: '91350100M000100Y44' } }, 'body.respondent.creditCode'],
    ];
    for (const [override, field] of bad) {
      const res = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, override) });
      expectFields(res, field);
    }
    const huge = caseBody(union.id);
    (huge.applicants as any)[0].claims[0].amountFen = 1e20;
    expectFields(await t.call('POST', '/cases', { token: mediator.token, body: huge }), 'body.applicants.0.claims.0.amountFen');
    const fraction = caseBody(union.id);
    (fraction.applicants as any)[0].claims[0].amountFen = 10.5;
    expectFields(await t.call('POST', '/cases', { token: mediator.token, body: fraction }), 'body.applicants.0.claims.0.amountFen');
  });

  it('a date in the future is 400 naming it', async () => {
    const res = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { incidentDate: '2999-01-01' }) });
    expectFields(res, 'body.incidentDate');
  });

  it('a bad query string', async () => {
    expectFields(await t.call('GET', '/cases?limit=lots', { token: mediator.token }), 'querystring.limit');
  });
});

describe('no request gets a 500 for bad input', () => {
  it('a malformed percent-encoding in the path is 400 with the SPEC shape', async () => {
    for (const url of ['/cases/%ff', '/cases/%E0%A4%A/events', '/organizations/by-intake/%ff']) {
      expectError(await t.call('GET', url, { token: mediator.token }), 400, 'VALIDATION_FAILED');
    }
  });

  it('an over-long path parameter is refused with the SPEC shape', async () => {
    const res = await t.call('GET', `/organizations/by-intake/${'A'.repeat(200)}`);
    expect([400, 404, 414]).toContain(res.statusCode);
    expectError(res, res.statusCode);
  });

  describe('a NUL character (which PostgreSQL text cannot hold) is 400, never 500, and changes nothing', () => {
    const NUL = 'a\u0000b';

    it('in the registration and sign-in forms', async () => {
      expectError(await t.call('POST', '/auth/register', { body: { phone: '13900001111', password: 'password-123', name: NUL } }), 400, 'VALIDATION_FAILED');
      expectError(await t.call('POST', '/auth/login', { body: { username: NUL, password: 'password-123' } }), 400, 'VALIDATION_FAILED');
      expect((await t.call('POST', '/auth/login', { body: { username: '13900001111', password: 'password-123' } })).statusCode).toBe(401);
    });

    it('in a case filing: summary, applicant name, respondent', async () => {
      const before = await count('cases');
      const inApplicant = caseBody(union.id);
      (inApplicant.applicants as any)[0].name = NUL;
      for (const body of [caseBody(union.id, { summary: NUL }), inApplicant, caseBody(union.id, { respondent: { name: NUL } })]) {
        expectError(await t.call('POST', '/cases', { token: mediator.token, body }), 400, 'VALIDATION_FAILED');
      }
      expect(await count('cases')).toBe(before);
    });

    it('in an action\'s text', async () => {
      const c = await fileCase();
      const before = await snapshotOf(c.id);
      const res = await t.call('POST', `/cases/${c.id}/actions`, { token: mediator.token, body: { action: 'note', version: c.version, text: NUL } });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(await snapshotOf(c.id)).toEqual(before);
    });

    it('in a search or a path', async () => {
      expectError(await t.call('GET', '/cases?q=a%00b', { token: mediator.token }), 400, 'VALIDATION_FAILED');
      expectError(await t.call('GET', '/organizations?q=a%00b', { token: mediator.token }), 400, 'VALIDATION_FAILED');
      const res = await t.call('GET', '/organizations/by-intake/a%00b');
      expect(expectFields(res, 'params.code').map((d) => d.field)).toEqual(['params.code']);
    });
  });

  it('dates in year 1 are refused as out of range, naming each date, and file nothing', async () => {
    const before = await count('cases');
    const filing = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { incidentDate: '0001-01-01', occurredAt: '0001-01-02' }) });
    expect(expectFields(filing, 'body.incidentDate', 'body.occurredAt').map((d) => d.field).sort()).toEqual(['body.incidentDate', 'body.occurredAt']);
    expect(await count('cases')).toBe(before);
  });
});

describe('401, 403, 404', () => {
  it('401 UNAUTHENTICATED without a token', async () => {
    expectError(await t.call('GET', '/cases'), 401, 'UNAUTHENTICATED');
    expectError(await t.call('POST', '/cases', { body: caseBody(union.id) }), 401, 'UNAUTHENTICATED');
  });

  it('403 FORBIDDEN for a role that may not', async () => {
    expectError(await t.call('POST', '/organizations', { token: worker.token, body: { name: 'x', kind: 'union', regionCode: '451023' } }), 403, 'FORBIDDEN');
  });

  it('404 NOT_FOUND for an unknown route, with the SPEC shape', async () => {
    expectError(await t.call('GET', '/nope'), 404, 'NOT_FOUND');
    expectError(await t.call('DELETE', '/cases'), 404, 'NOT_FOUND');
  });

  it('404 NOT_FOUND for an unknown case', async () => {
    expectError(await t.call('GET', `/cases/${MISSING}`, { token: mediator.token }), 404, 'NOT_FOUND');
    expectError(await t.call('GET', `/cases/${MISSING}/events`, { token: mediator.token }), 404, 'NOT_FOUND');
    expectError(await t.call('POST', `/cases/${MISSING}/actions`, { token: mediator.token, body: { action: 'accept', version: 1 } }), 404, 'NOT_FOUND');
  });
});

describe('409', () => {
  it('DUPLICATE', async () => {
    const res = await t.call('POST', '/auth/register', { body: { phone: worker.phone, password: 'another-password', name: 'x' } });
    expectError(res, 409, 'DUPLICATE');
  });

  it('VERSION_CONFLICT tells the current version and changes nothing', async () => {
    const c = await fileCase();
    await act(t, mediator.token, c.id, 'schedule', { at: '2025-03-01T09:00:00+08:00', place: '调解室' });
    const before = await snapshotOf(c.id);
    const res = await t.call('POST', `/cases/${c.id}/actions`, { token: mediator.token, body: { action: 'fail', version: c.version, reason: '不成' } });
    const e = expectError(res, 409, 'VERSION_CONFLICT');
    expect(e.details).toEqual({ currentVersion: c.version + 1 });
    expect(await snapshotOf(c.id)).toEqual(before);
  });

  it('INVALID_TRANSITION changes nothing', async () => {
    const c = await fileCase();
    const before = await snapshotOf(c.id);
    const res = await t.call('POST', `/cases/${c.id}/actions`, { token: mediator.token, body: { action: 'confirm', version: c.version } });
    expectError(res, 409, 'INVALID_TRANSITION');
    expect(await snapshotOf(c.id)).toEqual(before);
  });
});

describe('413 for a body over 1 MiB', () => {
  it('is refused with the SPEC shape and creates nothing', async () => {
    const before = await count('cases');
    const body = caseBody(union.id, { summary: 'x'.repeat(1024 * 1024 + 10) });
    const res = await t.call('POST', '/cases', { token: mediator.token, body });
    expectError(res, 413);
    expect(await count('cases')).toBe(before);
  });

  it('a body just under 1 MiB is read and judged on its content: a password that long is 400 naming it, not 413', async () => {
    const res = await t.call('POST', '/auth/login', { body: { username: 'admin', password: 'x'.repeat(1000 * 1000) } });
    expect(expectFields(res, 'body.password').map((d) => d.field)).toEqual(['body.password']);
  });
});

describe('a rejected request changes nothing', () => {
  it('a refused filing leaves no case and does not use up a case number', async () => {
    const first = await fileCase();
    const before = { cases: await count('cases'), events: await count('events'), proceedings: await count('proceedings') };
    const bad = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(union.id, { orgId: commission.id }) });
    expectError(bad, 403, 'FORBIDDEN');
    const dup = caseBody(union.id);
    (dup.applicants as any[]).push({ ...(dup.applicants as any[])[0], name: '重复' });
    expectFields(await t.call('POST', '/cases', { token: mediator.token, body: dup }), 'body.applicants');
    expect({ cases: await count('cases'), events: await count('events'), proceedings: await count('proceedings') }).toEqual(before);
    const next = await fileCase();
    const n = (id: string) => t.call('GET', `/cases/${id}`, { token: mediator.token }).then((r) => Number(r.json().number.split('-').at(-1)));
    expect(await n(next.id)).toBe((await n(first.id)) + 1);
  });

  it('a payment over what is owed is refused and records nothing', async () => {
    const c = await fileCase();
    await act(t, mediator.token, c.id, 'settle', { agreement: { amountFen: 100_000, terms: '一次性支付' } });
    const before = await snapshotOf(c.id);
    const payments = await count('payments');
    const version = before.detail.version;
    const res = await t.call('POST', `/cases/${c.id}/actions`, { token: mediator.token, body: { action: 'record_payment', version, amountFen: 100_001, paidAt: '2025-03-01' } });
    expectFields(res, 'body.amountFen');
    expect(await snapshotOf(c.id)).toEqual(before);
    expect(await count('payments')).toBe(payments);
  });

  it('a referral to an organisation that does not handle that kind is refused and opens nothing', async () => {
    const c = await fileCase();
    await act(t, mediator.token, c.id, 'fail', { reason: '调解不成' });
    const before = await snapshotOf(c.id);
    const res = await t.call('POST', `/cases/${c.id}/actions`, {
      token: mediator.token,
      body: { action: 'refer', version: before.detail.version, toOrgId: union.id, kind: 'arbitration', reason: '转仲裁' },
    });
    expectFields(res, 'body.kind');
    expect(await snapshotOf(c.id)).toEqual(before);
  });

  it('assigning someone from another organisation is refused and assigns nobody', async () => {
    const c = await fileCase();
    const other = await t.staff('arbitrator', commission.id);
    const before = await snapshotOf(c.id);
    const res = await t.call('POST', `/cases/${c.id}/actions`, { token: mediator.token, body: { action: 'assign', version: before.detail.version, userId: other.id } });
    expectFields(res, 'body.userId');
    expect(await snapshotOf(c.id)).toEqual(before);
  });

  it('a back-dated act before the previous event is refused', async () => {
    const c = await fileCase({ occurredAt: '2025-03-01T10:00:00+08:00' });
    const before = await snapshotOf(c.id);
    const res = await t.call('POST', `/cases/${c.id}/actions`, {
      token: mediator.token,
      body: { action: 'fail', version: c.version, reason: '调解不成', occurredAt: '2025-02-01T10:00:00+08:00' },
    });
    expectFields(res, 'body.occurredAt');
    expect(await snapshotOf(c.id)).toEqual(before);
  });
});

describe('health, readiness and documentation', () => {
  it('GET /healthz is 200 without signing in', async () => {
    const res = await t.call('GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz is 200 when the database answers', async () => {
    const res = await t.call('GET', '/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ready');
  });

  it('GET /readyz is 503, not 500, when the database is gone', async () => {
    const handle = await freshDatabase();
    const app = await buildApp({ config: testConfig(), db: handle.db, logger: false });
    try {
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      await handle.close();
      const res = await app.inject({ url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('/openapi.json is OpenAPI 3 and lists every route with its schema', async () => {
    const res = await t.call('GET', '/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        documented.add(`${method.toUpperCase()} ${path}`);
        const success = Object.keys(op.responses ?? {}).filter((s) => /^2/.test(s));
        expect(success.length, `${method} ${path} documents a success response`).toBeGreaterThan(0);
        // The probes answer machines that read only the status, and a 204 has no body; every other
        // route documents its body (JSON, or CSV for the statistics export).
        if (path !== '/healthz' && path !== '/readyz') {
          for (const s of success.filter((x) => x !== '204')) {
            const media = Object.values(op.responses[s].content ?? {}) as { schema?: unknown }[];
            expect(media[0]?.schema, `${method} ${path} ${s}`).toBeDefined();
          }
        }
        // Signing out, asking for an invitation's code and opening a served link take no body.
        const bodiless = ['/auth/logout', '/invitations/{token}/code', '/services/{token}/open'];
        if (['post', 'put', 'patch'].includes(method) && !bodiless.includes(path)) {
          // An upload's body is a multipart form, documented as such.
          const body = op.requestBody?.content?.['application/json'] ?? op.requestBody?.content?.['multipart/form-data'];
          expect(body?.schema, `${method} ${path} body`).toBeDefined();
        }
        for (const param of path.match(/\{(\w+)\}/g) ?? []) {
          const name = param.slice(1, -1);
          expect(op.parameters?.some((p: { in: string; name: string }) => p.in === 'path' && p.name === name), `${method} ${path} :${name}`).toBe(true);
        }
      }
    }
    // Every route the app serves is documented (the docs themselves aside).
    // The browser pages (index.html at page addresses, /assets) are not part of the API.
    const served = servedRoutes(t.app.printRoutes({ commonPrefix: false })).filter(
      (r) => !r.endsWith(" /openapi.json") && !/ \/docs(\/|$)/.test(r) && !/ \/(i\/|app|assets\/|\*$|$)/.test(r),
    );
    expect(served.length).toBeGreaterThan(10);
    for (const route of served) expect(documented, route).toContain(route);
    // And the SPEC's routes are among them.
    for (const route of [
      'GET /healthz', 'GET /readyz', 'POST /auth/login', 'POST /auth/register', 'GET /me',
      'POST /organizations', 'GET /organizations', 'GET /organizations/{id}', 'GET /organizations/by-intake/{code}',
      'POST /users', 'GET /users', 'POST /cases', 'GET /cases', 'GET /cases/{id}', 'GET /cases/{id}/events',
      'GET /cases/{id}/verify', 'POST /cases/{id}/actions',
    ]) {
      expect(documented, route).toContain(route);
    }
  });

  it('the documented action body names every action', async () => {
    const doc = (await t.call('GET', '/openapi.json')).json();
    const schema = doc.paths['/cases/{id}/actions'].post.requestBody.content['application/json'].schema;
    const names = (schema.oneOf ?? schema.anyOf).map((s: any) => s.properties.action.enum?.[0] ?? s.properties.action.const);
    const { ACTIONS } = await import('../../src/domain/transitions.js');
    expect(names.sort()).toEqual([...ACTIONS].sort());
  });

  it('/docs serves HTML', async () => {
    let res = await t.call('GET', '/docs');
    if (res.statusCode >= 300 && res.statusCode < 400) res = await t.call('GET', String(res.headers.location));
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<html/i);
    expect(res.body).toMatch(/swagger/i);
  });
});

/**
 * The routes in Fastify's route tree (`printRoutes({ commonPrefix: false })`), as
 * "METHOD /path/{param}", HEAD left out.
 */
function servedRoutes(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = line.match(/^([\s│]*)(?:├── |└── )(.+?) \(([^)]+)\)\s*$/);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('').replace(/:(\w+)/g, '{$1}').replace(/\/\//g, '/');
    for (const method of m[3].split(',').map((s) => s.trim())) {
      if (method !== 'HEAD') out.push(`${method} ${path}`);
    }
  }
  return out;
}
