import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { testConfig, type Config } from '../../src/config.js';
import type { DbHandle } from '../../src/db/client.js';
import type { OrgKind } from '../../src/domain/model.js';
import { freshDatabase } from './db.js';
import { validCreditCode, validIdNumber } from './ids.js';

/** Cheap argon2id for tests; production uses the OWASP parameters. */
export const TEST_PASSWORD_POLICY = { memoryCost: 1024 };
export const PASSWORD = 'correct-horse-9';

export interface TestUser {
  id: string;
  token: string;
  role: string;
  orgId: string | null;
}

export interface TestContext {
  app: FastifyInstance;
  handle: DbHandle;
  /** Moves the app's clock; by default it is the real time. */
  setNow(d: Date | null): void;
  admin: TestUser;
  call(method: string, url: string, opts?: { token?: string; body?: unknown }): Promise<LightMyRequestResponse>;
  org(kind: OrgKind, extra?: { regionCode?: string; name?: string }): Promise<{ id: string; intakeCode: string; regionCode: string }>;
  staff(role: 'mediator' | 'arbitrator' | 'court_liaison', orgId: string): Promise<TestUser>;
  supervisor(regionCode: string): Promise<TestUser>;
  worker(): Promise<TestUser & { phone: string; idNumber: string }>;
  close(): Promise<void>;
}

let counter = 0;
const unique = () => `${process.pid % 1000}${++counter}`.padStart(6, '0').slice(-6);

export async function testApp(overrides: Partial<Config> = {}): Promise<TestContext> {
  const handle = await freshDatabase();
  let pinned: Date | null = null;
  const app = await buildApp({
    config: testConfig(overrides),
    db: handle.db,
    now: () => pinned ?? new Date(),
    passwordPolicy: TEST_PASSWORD_POLICY,
    logger: false,
  });
  await ensureAdmin(handle.db, { username: 'admin', password: PASSWORD, policy: TEST_PASSWORD_POLICY });

  const call: TestContext['call'] = (method, url, opts = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
      ...(opts.body === undefined ? {} : { payload: opts.body as object }),
    });

  const login = async (username: string): Promise<{ token: string; user: { id: string; role: string; orgId: string | null } }> => {
    const res = await call('POST', '/auth/login', { body: { username, password: PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const adminLogin = await login('admin');
  const admin: TestUser = { id: adminLogin.user.id, token: adminLogin.token, role: 'admin', orgId: null };

  const createUser = async (body: Record<string, unknown>): Promise<TestUser> => {
    const username = `u${unique()}x${Math.random().toString(36).slice(2, 8)}`;
    const res = await call('POST', '/users', { token: admin.token, body: { username, password: PASSWORD, name: '测试用户', ...body } });
    if (res.statusCode !== 201) throw new Error(`create user: ${res.statusCode} ${res.body}`);
    const { token, user } = await login(username);
    return { id: user.id, token, role: user.role, orgId: user.orgId };
  };

  return {
    app,
    handle,
    setNow: (d) => {
      pinned = d;
    },
    admin,
    call,
    async org(kind, extra = {}) {
      const regionCode = extra.regionCode ?? '451023';
      const res = await call('POST', '/organizations', {
        token: admin.token,
        body: { name: extra.name ?? `测试${kind}${unique()}`, kind, regionCode },
      });
      if (res.statusCode !== 201) throw new Error(`create org: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    staff: (role, orgId) => createUser({ role, orgId }),
    supervisor: (regionCode) => createUser({ role: 'supervisor', regionCode }),
    async worker() {
      const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const idNumber = validIdNumber();
      const res = await call('POST', '/auth/register', { body: { phone, password: PASSWORD, name: '张三', idNumber } });
      if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
      const { token, user } = res.json();
      return { id: user.id, token, role: 'worker', orgId: null, phone, idNumber };
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

/**
 * Builds a fresh app for the calling file before its tests and closes it after. The returned
 * context forwards to that app, so a file can hold it in a `const` at the top.
 */
export function useTestApp(overrides: Partial<Config> = {}): TestContext {
  let built: TestContext | undefined;
  beforeAll(async () => {
    built = await testApp(overrides);
  });
  afterAll(() => built?.close());
  return new Proxy({} as TestContext, {
    get(_, key) {
      if (!built) throw new Error('the test app is built in beforeAll: use it inside a hook or a test');
      return Reflect.get(built, key);
    },
  });
}

/** An agreement paid in the given instalments (due day, fen), for their sum, as the API requires. */
export function agreementIn(terms: string, ...instalments: [dueOn: string, amountFen: number][]) {
  return {
    amountFen: instalments.reduce((sum, [, fen]) => sum + fen, 0),
    terms,
    instalments: instalments.map(([dueOn, amountFen]) => ({ dueOn, amountFen })),
  };
}

/** A valid POST /cases body at an organisation; override any part. */
export function caseBody(orgId: string, overrides: Record<string, unknown> = {}) {
  return {
    orgId,
    categories: ['wages'],
    summary: '拖欠三个月工资',
    incidentDate: '2025-01-10',
    applicants: [
      {
        name: '李四',
        idNumber: validIdNumber(),
        phone: '13812345678',
        claims: [{ category: 'wages', description: '2024年10月至12月工资', amountFen: 1_500_000 }],
      },
    ],
    respondent: { name: '平果某建筑有限公司', creditCode: validCreditCode() },
    ...overrides,
  };
}

/** Posts an action with the case's current version and expects success. */
export async function act(
  t: TestContext,
  token: string,
  caseId: string,
  action: string,
  data: Record<string, unknown> = {},
): Promise<any> {
  const current = await t.call('GET', `/cases/${caseId}`, { token });
  if (current.statusCode !== 200) throw new Error(`load ${caseId}: ${current.statusCode} ${current.body}`);
  const res = await t.call('POST', `/cases/${caseId}/actions`, { token, body: { action, version: current.json().version, ...data } });
  if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}
