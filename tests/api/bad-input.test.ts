/**
 * Bad input at every route that takes a body, a query or path parameters (SPEC §7: "No request
 * ever gets a 500 for bad input, and a rejected request changes nothing"). Each property takes
 * a valid request by a caller who could make it, spoils one part of it and checks:
 *   - never a 5xx;
 *   - every 4xx in the SPEC error shape;
 *   - a spoiling that must be refused (wrong type, missing required field, over-long or blank
 *     text, a body that is not an object) is 400 VALIDATION_FAILED naming the field;
 *   - nothing written: a fingerprint of every table (row count and newest row version) is the
 *     same before and after, unless the request succeeded on a route that writes (a spoiling
 *     may leave a request valid, e.g. an extra field or odd-but-allowed text).
 * Then the limits: bodies over 1 MiB, very deep and very wide JSON, media types, prototype
 * poisoning; and injection text that is valid is stored and returned verbatim.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSearchCursor } from '../../src/cases/search.js';
import { queryRows } from '../../src/db/client.js';
import { caseBody, PASSWORD, testApp, type TestContext, type TestUser } from '../support/app.js';
import { validCreditCode, validIdNumber } from '../support/ids.js';
import { shapeProblem } from '../support/errors.js';
import { SAMPLES, upload } from '../support/multipart.js';
import { freshPhone, invite, linkTexted, phoneCode } from '../support/parties.js';

let t: TestContext;
let unionA: { id: string; intakeCode: string };
let commission: { id: string };
let mediator: TestUser;
let supervisor: TestUser;
let worker: TestUser;
/** A worker whose password the /me/password property may change; token and password follow it. */
const pw = { token: '', password: PASSWORD };
/** An account the admin renames, disables and re-enables. */
let patchTargetId: string;
/** An open case whose mediation is accepted, for the actions property; replaced after a success. */
let actionCaseId: string;
let readCaseId: string;
/** A file on readCaseId to fetch, and one to withdraw (replaced after a success). */
let readFileId: string;
let withdrawFileId: string;
/** The verification code of readCaseId's application, issued in beforeAll. */
let documentCode: string;
/**
 * SPEC §10's links on partyCaseId (the worker's own case, accepted): an invitation to read, one to
 * send a code for and one to accept (each replaced once used), and a document served by SMS link.
 */
let partyCaseId: string;
let readInvitation: string;
let codeInvitation: string;
let acceptInvitation: { token: string; phone: string };
let serviceToken: string;
/** One of the worker's notifications (the acceptance of their case). */
let notificationId: number;
/** A worker who signs in by phone code. */
let codeWorker: { phone: string };
let seq = 0;

// ---------------------------------------------------------------------------------------------
// Fingerprint: every table but the sign-in throttle's counters, by row count and newest row version.

let fingerprintQuery: ReturnType<typeof sql>;

/**
 * Texts a successful request queued (a code, an invitation, a notice) go out in the background
 * after it answers (src/sms/sender.ts), marking their outbox rows delivered: wait for that, so a
 * delivery is not taken for a write of the request that follows.
 */
async function outboxSettled() {
  for (let i = 0; i < 250; i++) {
    const [{ n }] = await queryRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from sms_messages where delivered_at is null and next_attempt_at <= now()`);
    if (Number(n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function fingerprint(): Promise<string> {
  await outboxSettled();
  const rows = await queryRows<{ t: string; n: number; h: string }>(t.handle.db, fingerprintQuery);
  return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join(' ');
}

/** The tables whose fingerprints differ, for a readable failure. */
function changedTables(before: string, after: string): string[] {
  const a = new Map(before.split(' ').map((s) => [s.split(':')[0], s]));
  return after.split(' ').filter((s) => a.get(s.split(':')[0]) !== s).map((s) => s.split(':').slice(0, 2).join(':'));
}

// ---------------------------------------------------------------------------------------------
// The SPEC error shape.

function expectSpecError(res: LightMyRequestResponse, status?: number) {
  if (status !== undefined) expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
  expect(shapeProblem(res), res.body.slice(0, 300)).toBeNull();
}

// ---------------------------------------------------------------------------------------------
// Nasty values.

const LONE_AND_ODD_UNICODE = [
  '\uD800', '\uDFFF', 'a\uDC00b', '\uDBFF\uDBFF', '\u202Eevil\u202C', '\u200F\u200E', '👨‍👩‍👧‍👦', '🀄️🧧🏳️‍🌈', '１２３４５６', '４５１０２３',
  'a\u200Db', '\u200B', '\uFEFFx', 'x\u00A0', 'e\u0301\u0301\u0301', 'İıß\uFB01', '\u3000', 'a\u0000b', '\u0000', '\u0007\u001b[31m', '\r\n\t',
];
const INJECTION = [
  "' or 1=1 --", "'); drop table cases; --", "1; select pg_sleep(5)", "' union select password_hash from users --", '%', '_', '\\', "''", '"',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{7*7}}', '${7*7}', "=cmd|' /C calc'!A0",
  '../../etc/passwd', '%00', '%ff', '__proto__', 'constructor', 'null', 'undefined', 'true', '[]', '{}', '', ' ', '\t\n\r',
];
const NUMBERISH = ['1e308', '-1e308', '-0', 'NaN', 'Infinity', '-1', '0x10', '0b11', '1_000', '１', ' 7 ', '9'.repeat(400), '00000000000', '2e3', '1.5'];
const DATEISH = [
  '2025-02-30', '2025-02-29', '99999-01-01', '0000-00-00', '2025-13-01', '2025-1-1', '1949-12-31', '2101-01-01', '0001-01-01',
  '2025-01-01T25:00:00+08:00', '2025-01-01T00:00:00', '2025-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '2025-03-02T17:00:00+14:00', '２０２５-０１-０１',
];
const UUIDISH = [
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '01950000-0000-0000-8000-000000000000',
  '01950000-0000-9000-8000-000000000000', '01950000-0000-7000-c000-000000000000', '{01950000-0000-7000-8000-000000000000}',
  '01950000000070008000000000000000', '01950000-0000-7000-8000-00000000000g', '01950000-0000-4000-8000-000000000000',
];
const IDISH = ['45102319850101001X', '451023198501010011', '13800000000', '1380000000', '+8613800138000', '91451023000000000X', '4510231985013200X'];

const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...LONE_AND_ODD_UNICODE), weight: 3 },
  // Odd characters inside otherwise ordinary text, which a field would accept.
  { arbitrary: fc.tuple(fc.constantFrom(...LONE_AND_ODD_UNICODE), fc.constantFrom('前', '中', '后')).map(([u, at]) => (at === '前' ? `${u}调解不成` : at === '中' ? `调解${u}不成` : `调解不成${u}`)), weight: 3 },
  { arbitrary: fc.constantFrom(...INJECTION), weight: 3 },
  { arbitrary: fc.constantFrom(...NUMBERISH, ...DATEISH, ...UUIDISH, ...IDISH), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
  // Around and over the limits (100, 200, 300, 2000, 5000, 10000), and huge (over 1 MiB in UTF-8 for the wide characters).
  {
    arbitrary: fc.constantFrom(99, 101, 199, 201, 301, 2001, 5001, 10_001, 100_000, 500_000).chain((n) => fc.constantFrom('x', '字', '😀').map((c) => c.repeat(n))),
    weight: 1,
  },
);
/** Query and path values: the same, but short enough for a URL. */
const nastyUrlValue = nastyString.map((s) => (s.length > 3000 ? s.slice(0, 3000) : s));

const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1e308, -1e308, -1, -0, 0, 0.5, 1.5, 2 ** 31, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e-308, 10_000_000_001, 1e21),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

function nest(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = kind === 'array' ? [] : {};
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}
// The properties nest moderately; the extreme depths have a test of their own below.
const deep = fc.tuple(fc.integer({ min: 1, max: 200 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([d, k]) => nest(d, k));
const smallJunk = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null));
const anArray = fc.array(smallJunk, { maxLength: 4 });
const anObject = fc.dictionary(fc.string({ maxLength: 6 }), smallJunk, { maxKeys: 4 });

/** A value of any JSON type but the one a field of `kind` needs. */
const junkFor: Record<Kind, fc.Arbitrary<unknown>> = {
  text: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), anArray, anObject, deep, fc.constantFrom(1e308, -0, 2 ** 53 + 2)),
  str: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), anArray, anObject, deep),
  num: fc.oneof(fc.constantFrom(...NUMBERISH, '1', '0'), fc.boolean(), fc.constant(null), anArray, anObject, deep),
  bool: fc.oneof(fc.constantFrom('true', 'false', '1', '0', 'yes', 'on', ''), fc.constantFrom(0, 1), fc.constant(null), anArray, anObject, deep),
  arr: fc.oneof(nastyString, fc.integer(), fc.boolean(), fc.constant(null), anObject, fc.constant({ 0: 'wages', length: 1 })),
  obj: fc.oneof(nastyString, fc.integer(), fc.boolean(), fc.constant(null), anArray, fc.constant([{}])),
};

/** Path segments sent as they are: malformed escapes and ways out of a static directory. */
const RAW_PATH_VALUES = [
  '%', '%ff', '%E0%A4%A', '%00', '..', '%2e%2e', '%2F', 'a%20b', '%C0%AF', '../../package.json', '..%2f..%2fpackage.json',
  '%2e%2e%2f%2e%2e%2fpackage.json', '....//....//package.json', '..\\..\\package.json', '%252e%252e%252fpackage.json', '.env', 'index.html',
];

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'role', 'isAdmin', 'id', 'userId', 'orgId', 'version', 'tokenVersion', 'passwordHash', 'status', '$where', '$gt', 'caseId', 'disabled', 'createdAt', 'extra'];
const extraValue = fc.oneof(nastyString, fc.integer(), fc.boolean(), fc.constant(null), fc.constant({ $gt: '' }), fc.constant('admin'), fc.constant({ role: 'admin' }));

// ---------------------------------------------------------------------------------------------
// Routes, their valid requests and the fields of their bodies.

type Kind = 'text' | 'str' | 'num' | 'bool' | 'arr' | 'obj';
type Path = (string | number)[];
/** A body field: `text` is trimmed and must not be blank; `max` bounds a string's length. */
interface Field {
  path: Path;
  kind: Kind;
  required: boolean;
  max?: number;
}

/** 'applicants.0.name:text100!' → the field applicants[0].name, text of at most 100, required. */
function field(spec: string): Field {
  const m = spec.match(/^([^:]+):(text|str|num|bool|arr|obj)(\d*)(!?)$/);
  if (!m) throw new Error(`bad field spec ${spec}`);
  return {
    path: m[1].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
    kind: m[2] as Kind,
    max: m[3] ? Number(m[3]) : undefined,
    required: m[4] === '!',
  };
}

interface Ctx {
  seq: number;
}

interface Variant {
  label: string;
  params?: () => Record<string, string>;
  query?: () => Record<string, string>;
  /** Query keys without which the request is invalid. */
  requiredQuery?: string[];
  body?: (c: Ctx) => unknown | Promise<unknown>;
  fields?: string[];
}

interface FuzzRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  /** Another entry for the same route (another caller or another kind of body), named so. */
  label?: string;
  /**
   * Tables a refused request may still write, and why it must: a wrong phone code counts one of
   * its five tries (src/auth/otp.ts checkOtp), committed whatever the request's fate.
   */
  refusalMayWrite?: string[];
  /**
   * The public links, throttled per client address: each request comes from an address of its own
   * (as the people the links are texted to do), so that hostile input reaches the route itself.
   */
  fromAnywhere?: boolean;
  /** The caller's token (null: anonymous), read at each run. */
  as: () => string | null;
  /** Whether a success writes (then the no-write check applies to failures only). */
  writes: boolean;
  /** Runs per variant. */
  numRuns?: number;
  variants: Variant[];
  onSuccess?: (sent: { body: any }, res: LightMyRequestResponse) => void | Promise<void>;
  /** A further property of every answer. */
  check?: (res: LightMyRequestResponse, what: string) => void;
}

async function versionOf(caseId: string): Promise<number> {
  const [r] = await queryRows<{ version: number }>(t.handle.db, sql`select version from cases where id = ${caseId}`);
  return Number(r.version);
}

async function addFile(caseId: string): Promise<string> {
  const res = await upload(t, mediator.token, caseId, [{ name: 'kind', value: 'evidence' }, { name: 'file', bytes: SAMPLES.png, filename: '证据.png' }]);
  if (res.statusCode !== 201) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

async function fileAcceptedCase(): Promise<string> {
  const res = await t.call('POST', '/cases', { token: mediator.token, body: caseBody(unionA.id, { acceptNow: true, incidentDate: '2025-01-10', occurredAt: '2025-02-01T09:00:00+08:00' }) });
  if (res.statusCode !== 201) throw new Error(`file: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

const agreementFields = (prefix: string) => [
  `${prefix}:obj!`, `${prefix}.amountFen:num!`, `${prefix}.terms:text10000!`, `${prefix}.instalments:arr`, `${prefix}.instalments.0:obj`,
  `${prefix}.instalments.0.dueOn:str!`, `${prefix}.instalments.0.amountFen:num!`,
  `${prefix}.perApplicant:arr`, `${prefix}.perApplicant.0:obj`, `${prefix}.perApplicant.0.applicantIndex:num!`, `${prefix}.perApplicant.0.amountFen:num!`,
];
const agreement = () => ({
  amountFen: 100_000,
  terms: '一次性支付',
  instalments: [{ dueOn: '2025-06-30', amountFen: 100_000 }],
  perApplicant: [{ applicantIndex: 0, amountFen: 100_000 }],
});
const actionCommon = ['action:str!', 'version:num!', 'occurredAt:str'];
/** One action's valid body; `data` is a function where it names fixture rows made in beforeAll. */
const action = (label: string, data: Record<string, unknown> | (() => Record<string, unknown>), fields: string[]): Variant => ({
  label,
  params: () => ({ id: actionCaseId }),
  body: async () => ({ action: label, version: await versionOf(actionCaseId), ...(typeof data === 'function' ? data() : data) }),
  fields: [...actionCommon, ...fields],
});

const caseFields = [
  'orgId:str!', 'categories:arr!', 'categories.0:str!', 'summary:text5000!', 'incidentDate:str!', 'employmentEndedOn:str', 'applicants:arr!',
  'applicants.0:obj!', 'applicants.0.name:text100!', 'applicants.0.idNumber:str', 'applicants.0.phone:str', 'applicants.0.claims:arr!',
  'applicants.0.claims.0:obj!', 'applicants.0.claims.0.category:str!', 'applicants.0.claims.0.description:text2000!', 'applicants.0.claims.0.amountFen:num!',
  'respondent:obj!', 'respondent.name:text200!', 'respondent.creditCode:str', 'respondent.contact:str100', 'respondent.address:str300',
  'occurredAt:str', 'acceptNow:bool',
];

function firstSaturday(year: number): string {
  for (let d = 1; ; d++) {
    const day = `${year}-01-${String(d).padStart(2, '0')}`;
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 6) return day;
  }
}

/** A static route never hands out a file from outside its directory (the project's package.json, say). */
function notOutsideStatic(res: LightMyRequestResponse, what: string) {
  expect(res.body, `served a file from outside the static directory: ${what}`).not.toMatch(/"name":\s*"tiaojie"|"devDependencies"|DATABASE_URL|JWT_SECRET/);
}

const statsQuery = () => ({ from: '2025-01-01', to: '2025-12-31', groupBy: 'org', orgId: unionA.id, regionCode: '4510', kind: 'mediation' });

const ROUTES: FuzzRoute[] = [
  {
    method: 'POST', url: '/auth/login', as: () => null, writes: false,
    variants: [{ label: 'sign in', body: () => ({ username: 'fuzz_login', password: PASSWORD }), fields: ['username:text100!', 'password:str200!'] }],
  },
  {
    method: 'POST', url: '/auth/register', as: () => null, writes: true,
    variants: [{
      label: 'register',
      body: (c) => ({ phone: `137${String(c.seq).padStart(8, '0')}`, password: PASSWORD, name: '模糊测试', idNumber: validIdNumber(c.seq) }),
      fields: ['phone:str!', 'password:str200!', 'name:text100!', 'idNumber:str'],
    }],
    // An extra `role`, `isAdmin` or `orgId` is dropped: whoever registers is a worker.
    onSuccess: (_sent, res) => {
      expect(res.json().user).toMatchObject({ role: 'worker', orgId: null });
    },
  },
  {
    method: 'POST', url: '/me/password', as: () => pw.token, writes: true,
    variants: [{ label: 'change password', body: () => ({ currentPassword: pw.password, newPassword: pw.password }), fields: ['currentPassword:str200!', 'newPassword:str200!'] }],
    onSuccess: (sent, res) => {
      pw.token = res.json().token;
      pw.password = sent.body.newPassword;
    },
  },
  {
    method: 'POST', url: '/organizations', as: () => t.admin.token, writes: true,
    variants: [{
      label: 'create',
      body: (c) => ({ name: `模糊组织${c.seq}`, kind: 'union', regionCode: '451023', parentId: unionA.id, intakeCode: `FZ${c.seq.toString(36).toUpperCase().padStart(4, '0')}` }),
      fields: ['name:text200!', 'kind:str!', 'regionCode:str!', 'parentId:str', 'intakeCode:str'],
    }],
  },
  {
    method: 'GET', url: '/organizations', as: () => worker.token, writes: false,
    variants: [{ label: 'list', query: () => ({ kind: 'union', regionCode: '4510', q: '测试' }) }],
  },
  {
    method: 'GET', url: '/organizations/by-intake/:code', as: () => null, writes: false,
    variants: [{ label: 'resolve', params: () => ({ code: unionA.intakeCode }) }],
  },
  {
    method: 'GET', url: '/organizations/:id', as: () => mediator.token, writes: false,
    variants: [{ label: 'one', params: () => ({ id: unionA.id }) }],
  },
  {
    method: 'GET', url: '/organizations/:id/staff', as: () => mediator.token, writes: false,
    variants: [{ label: 'colleagues', params: () => ({ id: unionA.id }) }],
  },
  {
    method: 'GET', url: '/organizations/:id/workload', as: () => mediator.token, writes: false,
    variants: [{ label: 'own centre', params: () => ({ id: unionA.id }) }],
  },
  {
    method: 'POST', url: '/users', as: () => t.admin.token, writes: true,
    variants: [
      {
        label: 'mediator',
        body: (c) => ({ username: `fuzz_${c.seq}`, password: PASSWORD, role: 'mediator', name: '模糊调解员', orgId: unionA.id, phone: '13812345678' }),
        fields: ['username:str!', 'password:str200!', 'role:str!', 'name:text100!', 'orgId:str', 'phone:str'],
      },
      {
        label: 'supervisor',
        body: (c) => ({ username: `fuzz_s${c.seq}`, password: PASSWORD, role: 'supervisor', name: '模糊主管', regionCode: '4510' }),
        fields: ['username:str!', 'password:str200!', 'role:str!', 'name:text100!', 'regionCode:str'],
      },
    ],
  },
  {
    method: 'PATCH', url: '/users/:id', as: () => t.admin.token, writes: true,
    variants: [
      { label: 'rename', params: () => ({ id: patchTargetId }), body: (c) => ({ name: `改名${c.seq}`, disabled: false }), fields: ['name:text100', 'disabled:bool'] },
      { label: 'reset password', params: () => ({ id: patchTargetId }), body: () => ({ password: 'another-password-1' }), fields: ['password:str200!'] },
    ],
    // Extra fields (`role`, `orgId`, `tokenVersion`, ...) are not assigned.
    onSuccess: (_sent, res) => {
      expect(res.json()).toMatchObject({ id: patchTargetId, role: 'mediator', orgId: unionA.id });
    },
  },
  {
    method: 'GET', url: '/users', as: () => t.admin.token, writes: false,
    variants: [{ label: 'list', query: () => ({ orgId: unionA.id, role: 'mediator' }) }],
  },
  {
    method: 'POST', url: '/cases', as: () => mediator.token, writes: true, numRuns: 200,
    variants: [{
      label: 'file',
      body: () =>
        caseBody(unionA.id, {
          employmentEndedOn: '2025-01-05',
          occurredAt: '2025-02-01T09:00:00+08:00',
          acceptNow: false,
          respondent: { name: '平果某建筑有限公司', creditCode: validCreditCode(), contact: '王经理', address: '平果市某路1号' },
        }),
      fields: caseFields,
    }],
  },
  {
    method: 'GET', url: '/cases', as: () => mediator.token, writes: false,
    variants: [
      {
        label: 'list',
        query: () => ({ status: 'open', state: 'accepted', kind: 'individual', orgId: unionA.id, category: 'wages', dueBefore: '2030-01-01', assignedTo: mediator.id, limit: '10', cursor: 'ffffffff-ffff-7fff-bfff-ffffffffffff' }),
      },
      {
        // A search's cursor names its rank as well as the last case.
        label: 'search',
        query: () => ({ status: 'open', state: 'accepted', kind: 'individual', orgId: unionA.id, category: 'wages', q: '李', dueBefore: '2030-01-01', limit: '10', cursor: encodeSearchCursor({ rank: 'partialName', id: 'ffffffff-ffff-7fff-bfff-ffffffffffff' }) }),
      },
    ],
  },
  { method: 'GET', url: '/cases/:id', as: () => mediator.token, writes: false, variants: [{ label: 'detail', params: () => ({ id: readCaseId }) }] },
  { method: 'GET', url: '/cases/:id/events', as: () => mediator.token, writes: false, variants: [{ label: 'events', params: () => ({ id: readCaseId }) }] },
  { method: 'GET', url: '/cases/:id/verify', as: () => mediator.token, writes: false, variants: [{ label: 'verify', params: () => ({ id: readCaseId }) }] },
  // The upload itself (multipart, not JSON) has its own property in tests/api/files.test.ts.
  { method: 'GET', url: '/cases/:id/files', as: () => mediator.token, writes: false, variants: [{ label: 'list', params: () => ({ id: readCaseId }) }] },
  {
    method: 'GET', url: '/cases/:id/files/:fileId', as: () => mediator.token, writes: false,
    variants: [{ label: 'download', params: () => ({ id: readCaseId, fileId: readFileId }), query: () => ({ disposition: 'inline' }) }],
  },
  { method: 'GET', url: '/cases/:id/documents', as: () => mediator.token, writes: false, variants: [{ label: 'list', params: () => ({ id: readCaseId }) }] },
  {
    // Issuing writes (the document, its blob and its event) the first time; the fixture issues it first, so every run reads.
    method: 'GET', url: '/cases/:id/documents/:type', as: () => mediator.token, writes: false,
    variants: [{ label: 'application', params: () => ({ id: readCaseId, type: 'application' }), query: () => ({ disposition: 'inline' }) }],
  },
  { method: 'GET', url: '/verify/documents/:code', as: () => null, writes: false, variants: [{ label: 'verify', params: () => ({ code: documentCode }) }] },
  {
    method: 'POST', url: '/cases/:id/files/:fileId/withdraw', as: () => mediator.token, writes: true,
    variants: [{ label: 'withdraw', params: () => ({ id: readCaseId, fileId: withdrawFileId }), body: () => ({ reason: '与本案无关' }), fields: ['reason:text500!'] }],
    onSuccess: async () => {
      withdrawFileId = await addFile(readCaseId);
    },
  },
  {
    method: 'POST', url: '/cases/:id/actions', as: () => mediator.token, writes: true, numRuns: 80,
    variants: [
      action('note', { text: '电话联系用人单位', internal: true }, ['text:text10000!', 'internal:bool']),
      action('schedule', { at: '2025-03-01T09:00:00+08:00', place: '调解室' }, ['at:str!', 'place:text300!']),
      action('extend', { days: 15, reason: '双方同意延长' }, ['days:num!', 'reason:text2000!']),
      action('settle', { agreement: agreement(), signedInPerson: true }, [...agreementFields('agreement'), 'signedInPerson:bool']),
      // SPEC §10: without deliveredAt, the award's windows start when it is served on the worker.
      action('award', { agreement: agreement(), final: true, deliveredAt: '2025-03-01T09:00:00+08:00' }, [...agreementFields('agreement'), 'final:bool!', 'deliveredAt:str']),
      action('record_payment', { amountFen: 1000, paidAt: '2025-03-01', applicantIndex: 0 }, ['amountFen:num!', 'paidAt:str!', 'applicantIndex:num']),
      action('refer', () => ({ toOrgId: commission.id, kind: 'arbitration', reason: '调解不成' }), ['toOrgId:str!', 'kind:str!', 'reason:text2000!']),
      action('assign', () => ({ userId: mediator.id }), ['userId:str!']),
      action('close', { outcome: 'abandoned' }, ['outcome:str!']),
      action('decline', { reason: '不属于受理范围' }, ['reason:text2000!']),
      // SPEC §10. `respond` is the employer's and `sign` needs an agreement: the mediator gets 409 for a valid body, 400 for a spoiled one.
      action('invite_respondent', { phone: '13612345678', name: '王经理' }, ['phone:str!', 'name:text100!']),
      action('respond', { text: '同意调解', agreesToMediate: true }, ['text:text5000!', 'agreesToMediate:bool!']),
      action('add_representative', { applicantIndex: 0, kind: 'lawyer', name: '陈律师' }, ['applicantIndex:num', 'kind:str!', 'name:text200!']),
      action('sign', { party: 'applicant', applicantIndex: 0, inPerson: true }, ['party:str', 'applicantIndex:num', 'inPerson:bool']),
      action('serve', { documentType: 'acceptance_notice', to: 'applicants', channel: 'post', servedAt: '2025-02-01T10:00:00+08:00' }, ['documentType:str', 'to:str!', 'channel:str!', 'servedAt:str']),
    ],
    // A success may have concluded the mediation: the next runs get a fresh accepted case.
    onSuccess: async () => {
      actionCaseId = await fileAcceptedCase();
    },
  },
  {
    method: 'GET', url: '/deadlines', as: () => mediator.token, writes: false,
    variants: [{
      label: 'board',
      query: () => ({ status: 'running', orgId: unionA.id, within: '30', limit: '10', cursor: Buffer.from(`2025-01-01|${readCaseId}`).toString('base64url') }),
    }],
  },
  { method: 'GET', url: '/calendar/:year', as: () => null, writes: false, variants: [{ label: 'read', params: () => ({ year: '2025' }) }] },
  {
    method: 'PUT', url: '/calendar/:year', as: () => t.admin.token, writes: true,
    variants: [{
      label: 'load',
      params: () => ({ year: '2098' }),
      body: () => ({ holidays: ['2098-01-01', '2098-10-01'], makeupWorkdays: [firstSaturday(2098)], source: '国办发明电〔2097〕1号' }),
      fields: ['holidays:arr!', 'holidays.0:str', 'holidays.1:str', 'makeupWorkdays:arr!', 'makeupWorkdays.0:str', 'source:text200!'],
    }, {
      label: 'notice',
      params: () => ({ year: '2098' }),
      body: () => ({ notice: '元旦：1月1日放假。\n国庆节：10月1日至3日放假。', source: '国办发明电〔2097〕1号' }),
      fields: ['notice:str20000!', 'source:text200!'],
    }],
  },
  // Routes hidden from the OpenAPI document that take a path: the pages (when built) and the docs' assets.
  { method: 'GET', url: '/i/:code', as: () => null, writes: false, variants: [{ label: 'page', params: () => ({ code: unionA.intakeCode }) }] },
  { method: 'GET', url: '/app/*', as: () => null, writes: false, variants: [{ label: 'page', params: () => ({ '*': `cases/${readCaseId}` }) }] },
  { method: 'GET', url: '/assets/*', as: () => null, writes: false, variants: [{ label: 'asset', params: () => ({ '*': 'index.js' }) }], check: notOutsideStatic },
  { method: 'GET', url: '/docs/static/*', as: () => null, writes: false, variants: [{ label: 'asset', params: () => ({ '*': 'swagger-ui.css' }) }], check: notOutsideStatic },
  // SPEC §10: phone codes, sign-in by code, the parties' notifications and the one-time links.
  {
    method: 'POST', url: '/auth/otp', as: () => null, writes: true,
    variants: [{ label: 'ask for a code', body: (c) => ({ phone: `135${String(c.seq).padStart(8, '0')}`, purpose: 'register' }), fields: ['phone:str!', 'purpose:str!'] }],
  },
  {
    method: 'POST', url: '/auth/login', label: 'by phone code', as: () => null, writes: true, refusalMayWrite: ['otp_codes'],
    variants: [{ label: 'by phone code', body: async () => ({ phone: codeWorker.phone, code: await phoneCode(t, codeWorker.phone, 'login') }), fields: ['phone:str!', 'code:str!'] }],
  },
  { method: 'GET', url: '/me/notifications', as: () => worker.token, writes: false, variants: [{ label: 'list', query: () => ({ limit: '10', cursor: '9007199254740991' }) }] },
  {
    method: 'POST', url: '/me/notifications/read', as: () => worker.token, writes: true,
    // Some first, then all: each valid request has an unread one to mark.
    variants: [
      { label: 'some', body: () => ({ ids: [notificationId] }), fields: ['ids:arr', 'ids.0:num!'] },
      { label: 'all', body: () => ({ all: true }), fields: ['all:bool'] },
    ],
  },
  { method: 'GET', url: '/invitations/:token', as: () => null, writes: false, fromAnywhere: true, variants: [{ label: 'read', params: () => ({ token: readInvitation }) }] },
  {
    method: 'POST', url: '/invitations/:token/code', as: () => null, writes: true, fromAnywhere: true,
    variants: [{ label: 'send a code', params: () => ({ token: codeInvitation }) }],
    // A phone gets one code a minute: the next success needs another invitation.
    onSuccess: async () => {
      codeInvitation = (await invite(t, partyCaseId, mediator.token, freshPhone())).token;
    },
  },
  {
    method: 'POST', url: '/invitations/:token/accept', as: () => null, writes: true, fromAnywhere: true, refusalMayWrite: ['otp_codes'],
    variants: [{
      label: 'join',
      params: () => ({ token: acceptInvitation.token }),
      body: async () => ({ code: await phoneCode(t, acceptInvitation.phone, 'login') }),
      fields: ['code:str!'],
    }],
    // Used once: the next success needs another invitation.
    onSuccess: async () => {
      const phone = freshPhone();
      acceptInvitation = { token: (await invite(t, partyCaseId, mediator.token, phone)).token, phone };
    },
  },
  { method: 'POST', url: '/services/:token/open', as: () => null, writes: true, fromAnywhere: true, variants: [{ label: 'open', params: () => ({ token: serviceToken }) }] },
  { method: 'GET', url: '/stats/closure', as: () => supervisor.token, writes: false, variants: [{ label: 'stats', query: statsQuery, requiredQuery: ['from', 'to'] }] },
  { method: 'GET', url: '/stats/closure.csv', as: () => supervisor.token, writes: false, variants: [{ label: 'csv', query: statsQuery, requiredQuery: ['from', 'to'] }] },
  { method: 'GET', url: '/stats/closure.xlsx', as: () => supervisor.token, writes: false, variants: [{ label: 'xlsx', query: statsQuery, requiredQuery: ['from', 'to'] }] },
];

// ---------------------------------------------------------------------------------------------
// Spoiling a request.

type Mutation =
  | { part: 'body'; op: 'wrongType' | 'remove' | 'overMax' | 'blank' | 'nasty'; path: Path; value?: unknown; reject: boolean }
  | { part: 'body'; op: 'extra'; path: Path; key: string; value: unknown; reject: false }
  | { part: 'body'; op: 'replace'; path: []; value: unknown; reject: true }
  | { part: 'query'; op: 'nasty' | 'remove' | 'duplicate' | 'extra'; key: string; value?: string; reject: boolean }
  | { part: 'params'; op: 'nasty' | 'raw'; key: string; value: string; reject: false };

/**
 * One spoiling of a variant's request. The kinds are weighted so that odd values in the fields
 * (where the surprises are) come up most, whatever the number of fields.
 */
function mutations(v: Variant): fc.Arbitrary<Mutation> {
  const kinds: Record<string, fc.Arbitrary<Mutation>[]> = { nasty: [], wrongType: [], remove: [], limits: [], extra: [], replace: [], query: [], params: [] };
  const fields = (v.fields ?? []).map(field);
  for (const f of fields) {
    const path = f.path;
    kinds.wrongType.push(junkFor[f.kind].map((value) => ({ part: 'body', op: 'wrongType', path, value, reject: true }) as Mutation));
    kinds.remove.push(fc.constant({ part: 'body', op: 'remove', path, reject: f.required } as Mutation));
    if (f.max !== undefined) {
      const max = f.max;
      kinds.limits.push(fc.integer({ min: max + 1, max: max + 50 }).map((n) => ({ part: 'body', op: 'overMax', path, value: 'y'.repeat(n), reject: true }) as Mutation));
    }
    if (f.kind === 'text') {
      // String.prototype.trim (zod's) takes Unicode spaces too, the ideographic one included.
      kinds.limits.push(fc.constantFrom('', ' ', '\t\n ', '\u3000', '\u00A0\uFEFF').map((value) => ({ part: 'body', op: 'blank', path, value, reject: true }) as Mutation));
    }
    if (f.kind === 'text' || f.kind === 'str') kinds.nasty.push(nastyString.map((value) => ({ part: 'body', op: 'nasty', path, value, reject: false }) as Mutation));
    if (f.kind === 'num') kinds.nasty.push(nastyNumber.map((value) => ({ part: 'body', op: 'nasty', path, value, reject: false }) as Mutation));
  }
  if (v.body) {
    const objects: Path[] = [[], ...fields.filter((f) => f.kind === 'obj').map((f) => f.path)];
    const taken = new Set((v.fields ?? []).map((s) => s.split(':')[0]));
    kinds.extra.push(
      fc
        .tuple(fc.constantFrom(...objects), fc.constantFrom(...EXTRA_KEYS), extraValue)
        .filter(([at, key]) => !taken.has([...at, key].join('.')))
        .map(([path, key, value]) => ({ part: 'body', op: 'extra', path, key, value, reject: false }) as Mutation),
    );
    kinds.replace.push(
      fc
        .oneof(nastyString, fc.integer(), fc.boolean(), fc.constant(null), anArray, deep.filter(Array.isArray))
        .map((value) => ({ part: 'body', op: 'replace', path: [], value, reject: true }) as Mutation),
    );
  }
  if (v.query) {
    const keys = Object.keys(v.query());
    const required = new Set(v.requiredQuery ?? []);
    kinds.query.push(fc.tuple(fc.constantFrom(...keys), nastyUrlValue).map(([key, value]) => ({ part: 'query', op: 'nasty', key, value, reject: false }) as Mutation));
    kinds.query.push(fc.constantFrom(...keys).map((key) => ({ part: 'query', op: 'remove', key, reject: required.has(key) }) as Mutation));
    kinds.query.push(fc.tuple(fc.constantFrom(...keys), nastyUrlValue).map(([key, value]) => ({ part: 'query', op: 'duplicate', key, value, reject: false }) as Mutation));
    kinds.query.push(fc.tuple(fc.constantFrom(...EXTRA_KEYS), nastyUrlValue).map(([key, value]) => ({ part: 'query', op: 'extra', key, value, reject: false }) as Mutation));
  }
  if (v.params) {
    for (const key of Object.keys(v.params())) {
      kinds.params.push(nastyUrlValue.map((value) => ({ part: 'params', op: 'nasty', key, value, reject: false }) as Mutation));
      kinds.params.push(fc.constantFrom(...RAW_PATH_VALUES).map((value) => ({ part: 'params', op: 'raw', key, value, reject: false }) as Mutation));
    }
  }
  const weights: Record<string, number> = { nasty: 5, wrongType: 3, remove: 2, limits: 2, extra: 2, replace: 1, query: 6, params: 2 };
  return fc.oneof(
    ...Object.entries(kinds)
      .filter(([, arbs]) => arbs.length)
      .map(([kind, arbs]) => ({ arbitrary: fc.oneof(...arbs), weight: weights[kind] })),
  );
}

/** encodeURIComponent, but a lone surrogate becomes the (invalid) UTF-8 bytes it would have had. */
function encode(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) out += `%${(0xe0 | (cp >> 12)).toString(16)}%${(0x80 | ((cp >> 6) & 0x3f)).toString(16)}%${(0x80 | (cp & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

function setAt(obj: any, path: Path, value: unknown) {
  let o = obj;
  for (const p of path.slice(0, -1)) o = o[p];
  Object.defineProperty(o, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

function removeAt(obj: any, path: Path) {
  let o = obj;
  for (const p of path.slice(0, -1)) o = o[p];
  const last = path[path.length - 1];
  if (Array.isArray(o) && typeof last === 'number') o.splice(last, 1);
  else delete o[last];
}

interface Built {
  url: string;
  body: unknown;
  hasBody: boolean;
}

async function build(route: FuzzRoute, v: Variant, m: Mutation | null): Promise<Built> {
  const params = v.params?.() ?? {};
  const query: [string, string][] = Object.entries(v.query?.() ?? {});
  let body: any = v.body ? JSON.parse(JSON.stringify(await v.body({ seq: ++seq }))) : undefined;
  let rawParam: string | null = null;
  if (m?.part === 'body') {
    if (m.op === 'replace') body = m.value;
    else if (m.op === 'remove') removeAt(body, m.path);
    else if (m.op === 'extra') setAt(m.path.length ? m.path.reduce((o: any, p) => o[p], body) : body, [m.key], m.value);
    else setAt(body, m.path, m.value);
  } else if (m?.part === 'query') {
    const i = query.findIndex(([k]) => k === m.key);
    if (m.op === 'nasty') query[i] = [m.key, m.value!];
    else if (m.op === 'remove') query.splice(i, 1);
    else query.push([m.key, m.value!]);
  } else if (m?.part === 'params') {
    if (m.op === 'raw') rawParam = m.value;
    params[m.key] = m.value;
  }
  const path = route.url.replace(/:(\w+)|\*/g, (_, name?: string) => {
    const k = name ?? '*';
    return m?.part === 'params' && m.key === k && rawParam !== null ? rawParam : encode(params[k]);
  });
  const qs = query.map(([k, val]) => `${encode(k)}=${encode(val)}`).join('&');
  return { url: qs ? `${path}?${qs}` : path, body, hasBody: v.body !== undefined };
}

let addresses = 0;
function send(route: FuzzRoute, b: Built, token: string | null, payload?: string, contentType = 'application/json') {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (payload !== undefined || b.hasBody) headers['content-type'] = contentType;
  const n = ++addresses;
  return t.app.inject({
    method: route.method,
    url: b.url,
    headers,
    ...(route.fromAnywhere ? { remoteAddress: `10.66.${(n >> 8) & 255}.${n & 255}` } : {}),
    ...(payload !== undefined ? { payload } : b.hasBody ? { payload: JSON.stringify(b.body) ?? 'null' } : {}),
  });
}

function describeSample(route: FuzzRoute, v: Variant, m: Mutation, b: Built, res: LightMyRequestResponse): string {
  const show = (x: unknown) => {
    const s = JSON.stringify(x) ?? String(x);
    return s.length > 300 ? `${s.slice(0, 300)}…(${s.length} chars)` : s;
  };
  return `${route.method} ${route.url} [${v.label}] ${m.part}.${m.op} ${'path' in m ? m.path.join('.') : m.key}${'key' in m && m.part === 'body' ? `+${m.key}` : ''} = ${show('value' in m ? m.value : undefined)}\n  url ${b.url.slice(0, 300)}\n  → ${res.statusCode} ${res.body.slice(0, 400)}`;
}

/** The field a refusal should name, as the error handler writes it. */
function expectedField(m: Mutation): string {
  if (m.part === 'query') return `querystring.${m.key}`;
  if (m.part === 'params') return `params.${m.key}`;
  return ['body', ...m.path].join('.');
}

const BODY_LIMIT = 1024 * 1024;
/** FUZZ_RUNS=2000 for a longer hunt; the default keeps the file quick. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) || undefined;
const tally = new Map<string, Map<number, number>>();

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  t = await testApp();
  unionA = await t.org('union', { regionCode: '451023' });
  commission = await t.org('arbitration_commission', { regionCode: '451023' });
  mediator = await t.staff('mediator', unionA.id);
  supervisor = await t.supervisor('4510');
  worker = await t.worker();
  pw.token = (await t.worker()).token;
  for (const username of ['fuzz_login', 'fuzz_target']) {
    const res = await t.call('POST', '/users', { token: t.admin.token, body: { username, password: PASSWORD, role: 'mediator', name: '模糊', orgId: unionA.id } });
    if (res.statusCode !== 201) throw new Error(res.body);
    if (username === 'fuzz_target') patchTargetId = res.json().id;
  }
  readCaseId = await fileAcceptedCase();
  readFileId = await addFile(readCaseId);
  withdrawFileId = await addFile(readCaseId);
  const issued = await t.call('GET', `/cases/${readCaseId}/documents/application`, { token: mediator.token });
  if (issued.statusCode !== 200) throw new Error(`issue: ${issued.statusCode} ${issued.body}`);
  documentCode = String(issued.headers['x-document-code']);
  actionCaseId = await fileAcceptedCase();

  // The worker's own case, accepted: they are told (a notification), and SPEC §10's links point at it.
  const own = await t.call('POST', '/cases', { token: worker.token, body: caseBody(unionA.id, { applicants: [{ name: '张三', phone: '13912340000', claims: [{ category: 'wages', description: '欠薪', amountFen: 100_000 }] }] }) });
  if (own.statusCode !== 201) throw new Error(`file: ${own.statusCode} ${own.body}`);
  partyCaseId = own.json().id;
  const accepted = await t.call('POST', `/cases/${partyCaseId}/actions`, { token: mediator.token, body: { action: 'accept', version: own.json().version } });
  if (accepted.statusCode !== 200) throw new Error(`accept: ${accepted.statusCode} ${accepted.body}`);
  const scheduled = await t.call('POST', `/cases/${partyCaseId}/actions`, { token: mediator.token, body: { action: 'schedule', version: accepted.json().version, at: '2099-03-01T09:00:00+08:00', place: '调解室' } });
  if (scheduled.statusCode !== 200) throw new Error(`schedule: ${scheduled.statusCode} ${scheduled.body}`);
  const told = (await t.call('GET', '/me/notifications', { token: worker.token })).json();
  if (told.items?.length !== 2) throw new Error(`the worker should have been told of the acceptance and the session: ${JSON.stringify(told)}`);
  notificationId = told.items[0].id;
  readInvitation = (await invite(t, partyCaseId, mediator.token, freshPhone())).token;
  codeInvitation = (await invite(t, partyCaseId, mediator.token, freshPhone())).token;
  const joining = freshPhone();
  acceptInvitation = { token: (await invite(t, partyCaseId, mediator.token, joining)).token, phone: joining };
  const current = (await t.call('GET', `/cases/${partyCaseId}`, { token: mediator.token })).json().version;
  const served = await t.call('POST', `/cases/${partyCaseId}/actions`, { token: mediator.token, body: { action: 'serve', version: current, documentType: 'acceptance_notice', to: 'applicants', channel: 'sms_link' } });
  if (served.statusCode !== 200) throw new Error(`serve: ${served.statusCode} ${served.body}`);
  serviceToken = (await linkTexted(t, '13912340000', '/app/served/', partyCaseId)).token;
  const signsIn = await t.worker();
  codeWorker = { phone: signsIn.phone };

  const tables = await queryRows<{ tablename: string }>(
    t.handle.db,
    sql`select tablename from pg_tables where schemaname = 'public' and tablename <> 'rate_limits' order by tablename`,
  );
  fingerprintQuery = sql.join(
    tables.map(
      ({ tablename }) =>
        // A write inserts, updates or deletes a row: an insert or an update gives a row version the
        // newest transaction id of its table (xmin), a delete lowers its count. Cheaper than hashing
        // every row's text, which took half of this file's time.
        sql`select ${tablename}::text as t, count(*)::int as n, coalesce(max(x.xmin::text::bigint), 0)::text as h from ${sql.identifier(tablename)} x`,
    ),
    sql` union all `,
  );
});

afterAll(async () => {
  if (tally.size) {
    const lines = [...tally].map(([route, counts]) => `  ${route.padEnd(34)} ${[...counts].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    console.log(`statuses per route:\n${lines.join('\n')}`);
  }
  await t.close();
});

/** Routes whose body is a multipart form, fuzzed by their own property (tests/api/files.test.ts). */
const MULTIPART_ROUTES = ['POST /cases/:id/files'];

describe('the properties cover every route that takes input', () => {
  it('every documented operation with a body, query or path parameters is fuzzed below', async () => {
    const doc = (await t.call('GET', '/openapi.json')).json();
    const withInput: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op.requestBody || op.parameters?.length) withInput.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
    const fuzzed = new Set([...ROUTES.map((r) => `${r.method} ${r.url}`), ...MULTIPART_ROUTES]);
    expect(withInput.length).toBeGreaterThan(15);
    expect(withInput.filter((r) => !fuzzed.has(r)), 'routes with input but no property').toEqual([]);
  });

  it('each valid request, unspoiled, succeeds (so the spoiled ones test what they mean to)', async () => {
    // The pages are there only when built (npm run build:web), and index.js is whatever the build named it.
    const hidden = new Set(['/i/:code', '/app/*', '/assets/*']);
    for (const route of ROUTES.filter((r) => !hidden.has(r.url))) {
      for (const v of route.variants) {
        const b = await build(route, v, null);
        const before = await fingerprint();
        const res = await send(route, b, route.as());
        // Actions the accepted mediation does not allow now (award, record_payment, ...) are 409 by state.
        const ok = res.statusCode < 300 || (route.url.endsWith('/actions') && res.statusCode === 409);
        expect(ok, `${route.method} ${route.url} [${v.label}] → ${res.statusCode} ${res.body.slice(0, 300)}`).toBe(true);
        // A party's action the mediator may not take is refused by the table, not by its body.
        if (res.statusCode === 409) expect(res.json().error.code, `${route.url} [${v.label}]`).toBe('INVALID_TRANSITION');
        // And the fingerprint sees a write, so its staying the same means something.
        if (res.statusCode < 300 && route.writes) expect(await fingerprint(), `${route.method} ${route.url}`).not.toBe(before);
        if (res.statusCode < 300) await route.onSuccess?.({ body: b.body }, res);
      }
    }
  });
});

describe('spoiled requests: never 5xx, always the SPEC shape, nothing written when refused', () => {
  for (const route of ROUTES) {
    const key = `${route.method} ${route.url}`;
    for (const v of route.variants) {
      const name = route.variants.length > 1 || route.label ? `${key} [${v.label}]` : key;
      it(name, { timeout: 600_000 }, async () => {
        const counts = new Map<number, number>();
        tally.set(name, counts);
        await fc.assert(
          fc.asyncProperty(mutations(v), async (m) => {
            const b = await build(route, v, m);
            const before = await fingerprint();
            const res = await send(route, b, route.as());
            const after = await fingerprint();
            counts.set(res.statusCode, (counts.get(res.statusCode) ?? 0) + 1);
            const what = describeSample(route, v, m, b, res);

            expect(res.statusCode, `5xx: ${what}`).toBeLessThan(500);
            if (res.statusCode >= 400) expect(shapeProblem(res), `not the SPEC error shape: ${what}`).toBeNull();
            const oversized = b.hasBody && Buffer.byteLength(JSON.stringify(b.body) ?? '') > BODY_LIMIT;
            if (oversized) {
              expect(res.statusCode, `a body over 1 MiB: ${what}`).toBe(413);
            } else if (m.reject) {
              expect(res.statusCode, `should be refused as invalid: ${what}`).toBe(400);
              const e = res.json().error;
              expect(e.code, what).toBe('VALIDATION_FAILED');
              const want = expectedField(m);
              const named = (e.details ?? []).map((d: { field: string }) => d.field);
              const names = named.some((f: string) => f === want || f.startsWith(`${want}.`) || want.startsWith(`${f}.`));
              expect(names, `the refusal should name ${want}, named ${JSON.stringify(named)}: ${what}`).toBe(true);
            }
            const succeeded = res.statusCode >= 200 && res.statusCode < 300;
            if (!succeeded || !route.writes) {
              const changed = changedTables(before, after).filter((x) => succeeded || !route.refusalMayWrite?.includes(x.split(':')[0]));
              expect(changed, `wrote on ${succeeded ? 'a read' : 'a refused request'}: ${what}`).toEqual([]);
            }
            route.check?.(res, what);
            if (succeeded) await route.onSuccess?.({ body: b.body }, res);
          }),
          { numRuns: FUZZ_RUNS ?? route.numRuns ?? 100 },
        );
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------

const BODY_ROUTES = () => ROUTES.filter((r) => r.variants[0].body);

describe('limits', () => {
  it('a JSON body over 1 MiB is 413 in the SPEC shape at every route that takes a body, and writes nothing', async () => {
    for (const route of BODY_ROUTES()) {
      const b = await build(route, route.variants[0], null);
      const big = JSON.stringify({ ...(b.body as object), padding: 'x'.repeat(1024 * 1024) });
      const before = await fingerprint();
      const res = await send(route, b, route.as(), big);
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(413);
      expectSpecError(res, 413);
      expect(changedTables(before, await fingerprint()), `${route.method} ${route.url}`).toEqual([]);
    }
  });

  it('deeply nested JSON (10 000 and 100 000 levels) is refused quickly with a 4xx, never a 5xx', async () => {
    const failures: string[] = [];
    const timings: string[] = [];
    for (const depth of [10_000, 100_000]) {
      for (const [shape, open, close] of [
        ['array', '[', ']'],
        ['object', '{"a":', '}'],
      ] as const) {
        const nested = open.repeat(depth) + (shape === 'array' ? '' : '1') + close.repeat(depth);
        for (const route of BODY_ROUTES()) {
          for (const [where, payload] of [
            ['whole body', nested],
            ['one field', `{"name":${nested}}`],
          ] as const) {
            const b = await build(route, route.variants[0], null);
            const before = await fingerprint();
            const started = performance.now();
            const res = await send(route, b, route.as(), payload);
            const ms = performance.now() - started;
            timings.push(`  nested ${shape} ×${depth} as ${where} → ${route.method} ${route.url}: ${res.statusCode} in ${ms.toFixed(1)} ms`);
            if (res.statusCode >= 500 || res.statusCode < 400 || shapeProblem(res)) {
              failures.push(`${shape} ×${depth} as ${where} → ${route.method} ${route.url}: ${res.statusCode} ${res.body.slice(0, 120)}`);
            }
            expect(ms, 'a sanity bound, not a benchmark').toBeLessThan(5000);
            expect(changedTables(before, await fingerprint())).toEqual([]);
          }
        }
      }
    }
    console.log(`deeply nested JSON:\n${timings.join('\n')}`);
    expect(failures).toEqual([]);
  });

  /** The body's first array field (else its first field), to put 100 000 items in. */
  const wideField = (route: FuzzRoute) => {
    const fields = (route.variants[0].fields ?? []).map(field).filter((f) => f.path.length === 1);
    return String((fields.find((f) => f.kind === 'arr') ?? fields[0]).path[0]);
  };

  it('very wide JSON (100 000 keys, 100 000 array items) is answered quickly with a 4xx', async () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) wide[i.toString(36)] = 0;
    const wideObject = JSON.stringify(wide);
    const wideArray = JSON.stringify(Array.from({ length: 100_000 }, () => 'wages'));
    const timings: string[] = [];
    for (const route of BODY_ROUTES()) {
      const b = await build(route, route.variants[0], null);
      for (const [label, payload] of [
        ['100 000 keys', wideObject],
        ['100 000 array items', wideArray],
        ['100 000 items in a field', `${JSON.stringify(b.body).slice(0, -1)},"${wideField(route)}":${wideArray}}`],
      ] as const) {
        const before = await fingerprint();
        const started = performance.now();
        const res = await send(route, b, route.as(), payload);
        const ms = performance.now() - started;
        timings.push(`  ${label} → ${route.method} ${route.url}: ${res.statusCode} in ${ms.toFixed(1)} ms`);
        expectSpecError(res);
        expect(ms, 'a sanity bound, not a benchmark').toBeLessThan(5000);
        expect(changedTables(before, await fingerprint())).toEqual([]);
      }
    }
    console.log(`very wide JSON:\n${timings.join('\n')}`);
  });

  it('the wrong media type, malformed or empty JSON and prototype poisoning are 4xx in the SPEC shape and write nothing', async () => {
    for (const route of BODY_ROUTES()) {
      const b = await build(route, route.variants[0], null);
      const valid = JSON.stringify(b.body);
      const cases: [string, string | undefined, string][] = [
        ['text/plain', valid, 'text/plain'],
        ['form', 'name=x&kind=union', 'application/x-www-form-urlencoded'],
        ['xml', '<a/>', 'application/xml'],
        ['malformed', '{"a":', 'application/json'],
        ['trailing garbage', `${valid}x`, 'application/json'],
        ['empty', '', 'application/json'],
        ['a bare string', '"x"', 'application/json'],
        ['a bare number', '1e308', 'application/json'],
        ['__proto__', `{"__proto__":{"role":"admin"},${valid.slice(1)}`, 'application/json'],
        ['constructor.prototype', `{"constructor":{"prototype":{"role":"admin"}},${valid.slice(1)}`, 'application/json'],
        ['a single quote', valid.replace(/"/g, "'"), 'application/json'],
        ['latin-1 bytes', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]).toString('latin1'), 'application/json; charset=iso-8859-1'],
      ];
      for (const [label, payload, type] of cases) {
        const before = await fingerprint();
        const res = await send(route, b, route.as(), payload, type);
        expect(res.statusCode, `${label} → ${route.method} ${route.url}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expectSpecError(res);
        expect(changedTables(before, await fingerprint()), `${label} → ${route.method} ${route.url}`).toEqual([]);
      }
    }
    // Whatever the body, the prototype of plain objects is untouched.
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });
});

describe('valid text that looks like an attack is data', () => {
  const SUMMARY = '<script>alert(1)</script> 拖欠工资';
  const RESPONDENT = "'); drop table cases; --";
  const APPLICANT = "O'Brien ' or 1=1 --";
  const DESCRIPTION = '\u202E工资\u202C 👨‍👩‍👧‍👦 １２３ a\u200Db "quoted" \\ back';
  const NOTE = '<img src=x onerror=alert(1)> & </script><script>alert(2)</script> %_\\';

  it('is stored verbatim, returned as JSON and never changes or runs anything', async () => {
    const body = caseBody(unionA.id, {
      summary: SUMMARY,
      applicants: [{ name: APPLICANT, claims: [{ category: 'wages', description: DESCRIPTION, amountFen: 1 }] }],
      respondent: { name: RESPONDENT, contact: '${jndi:ldap://x/a}', address: '{{7*7}}' },
    });
    const filed = await t.call('POST', '/cases', { token: mediator.token, body });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id;

    const detail = await t.call('GET', `/cases/${id}`, { token: mediator.token });
    expect(detail.statusCode).toBe(200);
    expect(String(detail.headers['content-type'])).toMatch(/^application\/json/);
    expect(detail.headers['x-content-type-options']).toBe('nosniff');
    const d = detail.json();
    expect(d.summary).toBe(SUMMARY);
    expect(d.respondent).toMatchObject({ name: RESPONDENT, contact: '${jndi:ldap://x/a}', address: '{{7*7}}' });
    expect(d.applicants[0].name).toBe(APPLICANT);
    expect(d.applicants[0].claims[0].description).toBe(DESCRIPTION);

    const noted = await t.call('POST', `/cases/${id}/actions`, { token: mediator.token, body: { action: 'note', version: d.version, text: NOTE } });
    expect(noted.statusCode, noted.body).toBe(200);
    const events = (await t.call('GET', `/cases/${id}/events`, { token: mediator.token })).json().items;
    expect(events.at(-1)).toMatchObject({ action: 'note', data: expect.objectContaining({ text: NOTE }) });

    // The tables are all still there, and the chain of the case is intact.
    const [{ n }] = await queryRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from cases`);
    expect(n).toBeGreaterThan(0);
    expect((await t.call('GET', `/cases/${id}/verify`, { token: mediator.token })).json().intact).toBe(true);
  });

  it('text that cannot be stored as sent (a lone surrogate) is refused naming the field, never silently changed', async () => {
    const LONE = '调解\uD800不成';
    const problems: string[] = [];
    /** Either stored and returned exactly as sent, or 400 VALIDATION_FAILED naming the field, like NUL. */
    const judge = (label: string, res: LightMyRequestResponse, field: string, returned: (body: any) => unknown) => {
      if (res.statusCode >= 200 && res.statusCode < 300) {
        const got = returned(res.json());
        if (got !== LONE) problems.push(`${label}: ${res.statusCode}, but stored ${JSON.stringify(got)} for ${JSON.stringify(LONE)}`);
      } else if (res.statusCode !== 400 || shapeProblem(res) || !(res.json().error.details ?? []).some((d: { field: string }) => d.field === field)) {
        problems.push(`${label}: ${res.statusCode} ${res.body.slice(0, 200)} (should name ${field})`);
      }
    };
    judge('POST /cases summary', await t.call('POST', '/cases', { token: mediator.token, body: caseBody(unionA.id, { summary: LONE }) }), 'body.summary', (b) => b.summary);
    judge(
      'POST /auth/register name',
      await t.call('POST', '/auth/register', { body: { phone: '13512345678', password: PASSWORD, name: LONE } }),
      'body.name',
      (b) => b.user.name,
    );
    judge(
      'POST /organizations name',
      await t.call('POST', '/organizations', { token: t.admin.token, body: { name: LONE, kind: 'union', regionCode: '451023' } }),
      'body.name',
      (b) => b.name,
    );
    const id = await fileAcceptedCase();
    const noted = await t.call('POST', `/cases/${id}/actions`, { token: mediator.token, body: { action: 'note', version: await versionOf(id), text: LONE } });
    const lastNote = noted.statusCode === 200 ? (await t.call('GET', `/cases/${id}/events`, { token: mediator.token })).json().items.at(-1).data.text : undefined;
    judge('POST /cases/:id/actions note text', noted, 'body.text', () => lastNote);
    expect(problems).toEqual([]);
  });

  it('a search for injection text or LIKE wildcards finds only what contains it', async () => {
    const all = (await t.call('GET', '/cases?limit=100', { token: mediator.token })).json().items;
    expect(all.length).toBeGreaterThan(2);
    /** Whether the case holds the text where the search looks: its number, respondent or an applicant's name. */
    const holds = async (id: string, q: string) => {
      const d = (await t.call('GET', `/cases/${id}`, { token: mediator.token })).json();
      const lower = q.toLowerCase();
      return d.number === q.toUpperCase() || [d.respondent.name, ...d.applicants.map((a: { name: string }) => a.name)].some((s: string) => s.toLowerCase().includes(lower));
    };
    const search = async (q: string) => {
      const res = await t.call('GET', `/cases?limit=100&q=${encodeURIComponent(q)}`, { token: mediator.token });
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as { id: string; respondentName: string }[];
      for (const c of items) expect(await holds(c.id, q), `q=${q} found ${c.id}`).toBe(true);
      expect(items.length, `q=${q}`).toBeLessThan(all.length);
      return items;
    };
    expect((await search("' or 1=1 --")).length).toBeGreaterThan(0);
    expect((await search("'); drop table cases; --")).map((c) => c.respondentName)).toContain(RESPONDENT);
    await search("' or '1'='1");
    // Wildcards and punctuation alone search nothing: refused, not run (tests/api/search.test.ts).
    for (const q of ['%', '_', '\\', '%%', '_%_']) expect((await t.call('GET', `/cases?q=${encodeURIComponent(q)}`, { token: mediator.token })).statusCode, q).toBe(400);
    const orgs = await t.call('GET', `/organizations?q=${encodeURIComponent("' or '1'='1")}`, { token: mediator.token });
    expect(orgs.statusCode).toBe(200);
    expect(orgs.json().items).toEqual([]);
  });
});
