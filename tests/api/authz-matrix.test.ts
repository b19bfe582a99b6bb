/**
 * The authorisation matrix (SPEC §§1, 2, 4, 6, 7): for every route the app registers, the
 * status each kind of caller gets for one representative, otherwise valid request. The routes
 * are collected from Fastify itself (an `onRoute` hook on the instance buildApp creates), so a
 * route added without a row in MATRIX fails here, by name. The app is built with a small pages
 * root of its own, so the page routes are there whether or not `npm run build:web` has run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { testConfig } from '../../src/config.js';
import { queryRows, type DbHandle } from '../../src/db/client.js';
import { caseBody, PASSWORD, TEST_PASSWORD_POLICY } from '../support/app.js';
import { freshDatabase } from '../support/db.js';
import { acceptInvitation, employerOfNoCase, freshPhone, invite, linkTexted, phoneCode, type PartiesApp } from '../support/parties.js';
import { validIdNumber } from '../support/ids.js';
import { shapeProblem } from '../support/errors.js';
import { multipartBody, SAMPLES } from '../support/multipart.js';

// Every route Fastify registers, as the hook sees it: wrap the factory buildApp calls so the
// hook is in place before the first plugin or route.
const registered = vi.hoisted(() => [] as { method: string; url: string }[]);
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const real = mod.default as unknown as (opts?: unknown) => import('fastify').FastifyInstance;
  const wrapped = (opts?: unknown) => {
    const app = real(opts);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) registered.push({ method: String(method), url: route.url ?? route.path });
    });
    return app;
  };
  return { ...mod, default: wrapped, fastify: wrapped };
});

// ---------------------------------------------------------------------------------------------
// Callers: who the request is made as. "Own" is the side of the fixture's case A: a worker who
// is its applicant, the mediation organisation handling it, the supervisor of its region.

const CALLERS = [
  'anonymous',
  'workerOwn', // the applicant of case A
  'workerOther', // another worker (applicant of case B, in another region)
  'mediatorOwn', // mediator of union A, which handles case A
  'mediatorOther', // mediator of union B (another organisation, another region)
  'arbitrator', // arbitration commission in case A's region, not (yet) handling it
  'courtLiaison', // court in case A's region, not handling it
  'supervisorOwn', // supervisor of 4510, case A's region
  'supervisorOther', // supervisor of 4501
  'admin',
  // mediatorOwn's session as the pages hold it (the cookie), without the anti-CSRF header: a
  // cross-site form. Reads work; every write that needs a signed-in caller is refused.
  'cookieNoCsrf',
  'employerOwn', // the employer's representative invited to case A, who joined it (SPEC §10)
  'employerOther', // the representative who joined case B
  'employerNone', // an employer account invited to no case
] as const;
type CallerName = (typeof CALLERS)[number];

/** An expected status, or a status with the error code it must carry. */
type Cell = number | readonly [number, string];
type Row = Record<CallerName, Cell>;

/** A row, in the column order of CALLERS (see the header above MATRIX). */
function row(...cells: Cell[]): Row {
  if (cells.length !== CALLERS.length) throw new Error(`a matrix row needs ${CALLERS.length} cells, got ${cells.length}`);
  return Object.fromEntries(CALLERS.map((c, i) => [c, cells[i]])) as Row;
}
const everyone = (cell: Cell) => row(...CALLERS.map(() => cell));

/** The data the requests point at; built once in beforeAll. */
interface Fixture {
  unionA: { id: string; intakeCode: string };
  unionB: { id: string };
  caseA: { id: string };
  loginUsername: string;
  patchTargetId: string;
  /** A file on case A, uploaded by its applicant. */
  fileA: { id: string };
  /** The verification code of case A's application, as issued. */
  documentCode: string;
  /** An invitation to case A not yet used, and the link of a document served on case A's applicant (SPEC §10). */
  invitationToken: string;
  serviceToken: string;
}

interface Request {
  url: string;
  body?: unknown;
  /** For a body that is not JSON (an upload's multipart form). */
  headers?: Record<string, string>;
  /**
   * The client's address, for the public links (SPEC §10), which each address may open only so
   * often: each cell comes from a phone of its own, as the people the links are texted to do.
   */
  remoteAddress?: string;
}

interface Entry {
  /** A fresh representative request; `seq` is unique per cell, for bodies that must be unique. */
  request: (f: Fixture, seq: number) => Request | Promise<Request>;
  expect: Row;
  /** Called after a 2xx (e.g. a password change, which revokes the caller's old token). */
  onSuccess?: (res: LightMyRequestResponse, caller: CallerName) => void;
}

/** A fixed address that answers every caller alike, token or not. */
const forEveryone = (url: string, status: Cell): Entry => ({ request: () => ({ url }), expect: everyone(status) });

const YEAR = { from: '2025-01-01', to: '2025-12-31' };
/** A client address of its own for cell `seq`. */
const addressOf = (seq: number) => `10.77.${(seq >> 8) & 255}.${seq & 255}`;
let fixture: Fixture;
const tokens = {} as Record<CallerName, string | null>;

async function currentVersion(caseId: string): Promise<number> {
  const [r] = await queryRows<{ version: number }>(handle.db, sql`select version from cases where id = ${caseId}`);
  return Number(r.version);
}

/**
 * THE MATRIX. Keyed by "METHOD /registered/url". HEAD routes that Fastify exposes for a GET are
 * checked against the GET row (same request, same statuses, no body). 4xx cells without a code
 * carry the SPEC's: 401 UNAUTHENTICATED, 403 FORBIDDEN, 404 NOT_FOUND.
 *
 *                                anon  worker w'   med   med'  arb   court sup   sup'  admin cookie
 */
const MATRIX: Record<string, Entry> = {
  // Probes and documentation: public.
  'GET /healthz': forEveryone('/healthz', 200),
  'GET /readyz': forEveryone('/readyz', 200),
  'GET /openapi.json': forEveryone('/openapi.json', 200),
  'GET /docs': forEveryone('/docs', 200),
  // The prefix's trailing-slash twin: Fastify tells onRoute of its HEAD only (the GET is /docs's).
  'HEAD /docs/': forEveryone('/docs/', 200),
  'GET /docs/json': forEveryone('/docs/json', 200),
  'GET /docs/yaml': forEveryone('/docs/yaml', 200),
  // swagger-ui sends its own index to /docs/.
  'GET /docs/static/index.html': forEveryone('/docs/static/index.html', 302),
  'GET /docs/static/swagger-initializer.js': forEveryone('/docs/static/swagger-initializer.js', 200),
  // Every static asset of swagger-ui, behind one wildcard route.
  'GET /docs/static/*': forEveryone('/docs/static/swagger-ui.css', 200),

  // The browser pages: index.html for every page address, and the built assets.
  'GET /': forEveryone('/', 200),
  'GET /app': forEveryone('/app', 200),
  'GET /app/*': { request: (f) => ({ url: `/app/cases/${f.caseA.id}` }), expect: everyone(200) },
  'GET /i/:code': { request: (f) => ({ url: `/i/${f.unionA.intakeCode}` }), expect: everyone(200) },
  'GET /assets/*': { request: () => ({ url: `/assets/${ASSET}` }), expect: everyone(200) },

  // Signing in, registering and signing out do not look at a token.
  'POST /auth/login': { request: (f) => ({ url: '/auth/login', body: { username: f.loginUsername, password: PASSWORD } }), expect: everyone(200) },
  'POST /auth/register': {
    request: (_f, seq) => ({ url: '/auth/register', body: { phone: `136${String(seq).padStart(8, '0')}`, password: PASSWORD, name: '矩阵工人' } }),
    expect: everyone(201),
  },
  // Clears the session cookie; nothing to forge (it signs nobody in).
  'POST /auth/logout': forEveryone('/auth/logout', 204),
  'GET /me': { request: () => ({ url: '/me' }), expect: row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200) },
  'POST /me/password': {
    // The same password again: the token version still moves on, so the caller takes the new token.
    request: () => ({ url: '/me/password', body: { currentPassword: PASSWORD, newPassword: PASSWORD } }),
    // An employer's representative signs in by phone code: the password their account was made with is nobody's (401).
    expect: row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 401, 401, 401),
    onSuccess: (res, caller) => {
      tokens[caller] = res.json().token;
    },
  },

  // Organisations: admin creates; anyone signed in reads (another region's too); the QR code needs no sign-in.
  'POST /organizations': {
    request: (_f, seq) => ({ url: '/organizations', body: { name: `矩阵调解组织${seq}`, kind: 'union', regionCode: '451023' } }),
    expect: row(401, 403, 403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403, 403),
  },
  'GET /organizations': { request: () => ({ url: '/organizations?regionCode=4510' }), expect: row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200) },
  'GET /organizations/by-intake/:code': { request: (f) => ({ url: `/organizations/by-intake/${f.unionA.intakeCode}` }), expect: everyone(200) },
  'GET /organizations/:id': { request: (f) => ({ url: `/organizations/${f.unionB.id}` }), expect: row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200) },
  // Its staff, by name (to choose who handles a case): its own staff and the administrator only.
  'GET /organizations/:id/staff': { request: (f) => ({ url: `/organizations/${f.unionA.id}/staff` }), expect: row(401, 403, 403, 200, 403, 403, 403, 403, 403, 200, 200, 403, 403, 403) },
  // Its workload (open proceedings and pressing clocks per staff member): its own staff, the supervisor of its region, admin.
  'GET /organizations/:id/workload': { request: (f) => ({ url: `/organizations/${f.unionA.id}/workload` }), expect: row(401, 403, 403, 200, 403, 403, 403, 200, 403, 200, 200, 403, 403, 403) },

  // Accounts: admin only.
  'POST /users': {
    request: (f, seq) => ({ url: '/users', body: { username: `matrix_${seq}`, password: PASSWORD, role: 'mediator', name: '矩阵调解员', orgId: f.unionA.id } }),
    expect: row(401, 403, 403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403, 403),
  },
  'GET /users': { request: () => ({ url: '/users' }), expect: row(401, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403) },
  'PATCH /users/:id': {
    request: (f, seq) => ({ url: `/users/${f.patchTargetId}`, body: { name: `改名${seq}` } }),
    expect: row(401, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403),
  },

  // Filing at union A: workers online, its own mediators walk-in, a court liaison as delegated
  // pre-filing mediation (委派调解); other staff only at their own organisation; supervisors and admins never.
  'POST /cases': {
    request: (f) => ({ url: '/cases', body: caseBody(f.unionA.id) }),
    expect: row(401, 201, 201, 201, 403, 403, 201, 403, 403, 403, 403, 403, 403, 403),
  },
  // Everyone signed in gets a list scoped to them (possibly empty).
  'GET /cases': { request: () => ({ url: '/cases' }), expect: row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200) },
  // A case the caller may not see is 404, not 403 (SPEC §7).
  'GET /cases/:id': { request: (f) => ({ url: `/cases/${f.caseA.id}` }), expect: row(401, 200, 404, 200, 404, 404, 404, 200, 404, 404, 200, 200, 404, 404) },
  'GET /cases/:id/events': { request: (f) => ({ url: `/cases/${f.caseA.id}/events` }), expect: row(401, 200, 404, 200, 404, 404, 404, 200, 404, 404, 200, 200, 404, 404) },
  // Handling staff and supervisors verify; the parties (the applicant, the employer's representative) see the case but may not verify it.
  'GET /cases/:id/verify': { request: (f) => ({ url: `/cases/${f.caseA.id}/verify` }), expect: row(401, 403, 404, 200, 404, 404, 404, 200, 404, 404, 200, 403, 404, 404) },
  // A note with the current version: handling staff only. The applicant may act on the case
  // (withdraw) but not note it (409); the supervisor sees it but may not act on it at all (403).
  'POST /cases/:id/actions': {
    request: async (f, seq) => ({
      url: `/cases/${f.caseA.id}/actions`,
      body: { action: 'note', version: await currentVersion(f.caseA.id), text: `矩阵备注 ${seq}`, internal: false },
    }),
    expect: row(401, [409, 'INVALID_TRANSITION'], 404, 200, 404, 404, 404, 403, 404, 404, 403, [409, 'INVALID_TRANSITION'], 404, 404),
  },

  // The case file: whoever may see the case lists and fetches its files; the applicant and the
  // handling staff add them (a supervisor sees but may not add); handling staff withdraw them.
  'POST /cases/:id/files': { request: (f) => uploadRequest(f.caseA.id), expect: row(401, 201, 404, 201, 404, 404, 404, 403, 404, 404, 403, 201, 404, 404) },
  'GET /cases/:id/files': { request: (f) => ({ url: `/cases/${f.caseA.id}/files` }), expect: row(401, 200, 404, 200, 404, 404, 404, 200, 404, 404, 200, 200, 404, 404) },
  'GET /cases/:id/files/:fileId': { request: (f) => ({ url: `/cases/${f.caseA.id}/files/${f.fileA.id}` }), expect: row(401, 200, 404, 200, 404, 404, 404, 200, 404, 404, 200, 200, 404, 404) },
  'POST /cases/:id/files/:fileId/withdraw': {
    // A fresh file each time: a file is withdrawn once.
    request: async (f) => {
      const added = await ok(injectRaw('POST', `/cases/${f.caseA.id}/files`, 'mediatorOwn', await uploadRequest(f.caseA.id)), 201);
      return { url: `/cases/${f.caseA.id}/files/${added.id}/withdraw`, body: { reason: '矩阵撤回' } };
    },
    expect: row(401, 403, 404, 200, 404, 404, 404, 403, 404, 404, 403, 403, 404, 404),
  },

  // Its documents: whoever may see the case lists them; the application, issued (or handed out
  // again) for its applicant and its handling staff, and as a masked copy for the region's supervisor.
  // A printed copy is checked by its code without signing in.
  'GET /cases/:id/documents': { request: (f) => ({ url: `/cases/${f.caseA.id}/documents` }), expect: row(401, 200, 404, 200, 404, 404, 404, 200, 404, 404, 200, 200, 404, 404) },
  'GET /cases/:id/documents/:type': { request: (f) => ({ url: `/cases/${f.caseA.id}/documents/application` }), expect: row(401, 200, 404, 200, 404, 404, 404, 200, 404, 404, 200, 200, 404, 404) },
  'GET /verify/documents/:code': { request: (f) => ({ url: `/verify/documents/${f.documentCode}` }), expect: everyone(200) },

  // The deadline board for union A: staff of other organisations are refused; a supervisor's
  // filter is intersected with their region (another region's supervisor gets an empty board).
  'GET /deadlines': {
    request: (f) => ({ url: `/deadlines?orgId=${f.unionA.id}` }),
    expect: row(401, 403, 403, 200, 403, 403, 403, 200, 200, 403, 200, 403, 403, 403),
  },

  // The calendar: anyone reads; admin loads a year (far in the future, so no clock moves).
  'GET /calendar/:year': forEveryone('/calendar/2025', 200),
  'PUT /calendar/:year': {
    request: () => ({ url: '/calendar/2099', body: { holidays: ['2099-01-01'], makeupWorkdays: [], source: '测试' } }),
    expect: row(401, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403),
  },

  // Statistics of union A in region 4510: its staff and the region's supervisor only.
  'GET /stats/closure': {
    request: (f) => ({ url: `/stats/closure?from=${YEAR.from}&to=${YEAR.to}&orgId=${f.unionA.id}&regionCode=4510` }),
    expect: row(401, 403, 403, 200, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403),
  },
  'GET /stats/closure.csv': {
    request: (f) => ({ url: `/stats/closure.csv?from=${YEAR.from}&to=${YEAR.to}&orgId=${f.unionA.id}&regionCode=4510` }),
    expect: row(401, 403, 403, 200, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403),
  },
  // Party notifications (SPEC §10): the parties' own, workers and employers' representatives; staff have none.
  'GET /me/notifications': { request: () => ({ url: '/me/notifications' }), expect: row(401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200) },
  'POST /me/notifications/read': {
    request: () => ({ url: '/me/notifications/read', body: { all: true } }),
    expect: row(401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200),
  },

  // Asking for a phone code needs no sign-in (each phone and address has its limits).
  'POST /auth/otp': {
    request: (_f, seq) => ({ url: '/auth/otp', body: { phone: `135${String(seq).padStart(8, '0')}`, purpose: 'register' } }),
    expect: everyone(202),
  },
  // The one-time links of SPEC §10 need no sign-in: the link is the key and, to join, a code sent to
  // the invited phone the proof. A token, the caller's session, changes nothing. (Wrong tokens and
  // an invitation used twice: below the matrix.)
  'GET /invitations/:token': { request: (f, seq) => ({ url: `/invitations/${f.invitationToken}`, remoteAddress: addressOf(seq) }), expect: everyone(200) },
  // The invited phone is sent a sign-in code (within its own limits: a fresh invitation and phone each time).
  'POST /invitations/:token/code': {
    request: async (f, seq) => {
      const { token } = await invite(parties, f.caseA.id, tokens.mediatorOwn!, freshPhone(), `矩阵经理${seq}`);
      return { url: `/invitations/${token}/code`, remoteAddress: addressOf(seq) };
    },
    expect: everyone(202),
  },
  'POST /invitations/:token/accept': {
    // A fresh invitation to case A each time: an invitation is used once.
    request: async (f, seq) => {
      const phone = freshPhone();
      const { token } = await invite(parties, f.caseA.id, tokens.mediatorOwn!, phone, `矩阵经理${seq}`);
      return { url: `/invitations/${token}/accept`, body: { code: await phoneCode(parties, phone, 'login') }, remoteAddress: addressOf(seq) };
    },
    expect: everyone(200),
  },
  // Opened again, the service stays dated by its first opening.
  'POST /services/:token/open': { request: (f, seq) => ({ url: `/services/${f.serviceToken}/open`, remoteAddress: addressOf(seq) }), expect: everyone(200) },

  'GET /stats/closure.xlsx': {
    request: (f) => ({ url: `/stats/closure.xlsx?from=${YEAR.from}&to=${YEAR.to}&orgId=${f.unionA.id}&regionCode=4510` }),
    expect: row(401, 403, 403, 200, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403),
  },
};

// ---------------------------------------------------------------------------------------------

const DEFAULT_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

/** The row for a registered route: its own, or (for an exposed HEAD) its GET's. */
function entryFor(method: string, url: string): Entry | undefined {
  return MATRIX[`${method} ${url}`] ?? (method === 'HEAD' ? MATRIX[`GET ${url}`] : undefined);
}

// Built at collection time: the test list is the registered route list.
const ASSET = 'app-matrix.js';
const webRoot = mkdtempSync(join(tmpdir(), 'tiaojie-matrix-web-'));
mkdirSync(join(webRoot, 'assets'));
writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>调解</title>');
writeFileSync(join(webRoot, 'assets', ASSET), 'export {};');
const handle: DbHandle = await freshDatabase();
const app: FastifyInstance = await buildApp({ config: testConfig(), db: handle.db, passwordPolicy: TEST_PASSWORD_POLICY, logger: false, webRoot });
await ensureAdmin(handle.db, { username: 'admin', password: PASSWORD, policy: TEST_PASSWORD_POLICY });
/** The app as tests/support/parties.ts drives it: invitations, codes, links. */
const parties: PartiesApp = {
  app,
  handle,
  call: (method, url, opts = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
      ...(opts.body === undefined ? {} : { payload: opts.body as object }),
    }),
};
const ROUTES = [...new Map(registered.map((r) => [`${r.method} ${r.url}`, r])).values()].sort((a, b) =>
  `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`),
);

/** A request as a caller: a bearer token, or (for cookieNoCsrf) the session cookie without the anti-CSRF header. */
function inject(method: string, url: string, caller: CallerName, body?: unknown, headers: Record<string, string> = {}, remoteAddress?: string) {
  const token = caller === 'cookieNoCsrf' ? tokens.mediatorOwn : tokens[caller];
  return app.inject({
    method: method as 'GET',
    url,
    ...(remoteAddress ? { remoteAddress } : {}),
    headers: { ...headers, ...(token && caller !== 'cookieNoCsrf' ? { authorization: `Bearer ${token}` } : {}) },
    ...(token && caller === 'cookieNoCsrf' ? { cookies: { tiaojie_session: token } } : {}),
    ...(body === undefined ? {} : { payload: body as object }),
  });
}
const injectRaw = (method: string, url: string, caller: CallerName, req: Request) => inject(method, url, caller, req.body, req.headers, req.remoteAddress);

/** An upload of a small PNG to a case, as the pages send it. */
async function uploadRequest(caseId: string): Promise<Request> {
  const { payload, contentType } = await multipartBody([{ name: 'kind', value: 'evidence' }, { name: 'file', bytes: SAMPLES.png, filename: '矩阵.png' }]);
  return { url: `/cases/${caseId}/files`, body: payload, headers: { 'content-type': contentType } };
}

async function ok(res: LightMyRequestResponse | Promise<LightMyRequestResponse>, status: number): Promise<any> {
  const r = await res;
  if (r.statusCode !== status) throw new Error(`fixture: ${r.statusCode} ${r.body}`);
  return r.json();
}

beforeAll(async () => {
  tokens.admin = (await ok(app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: PASSWORD } }), 200)).token;
  const org = (kind: string, regionCode: string, n: number) =>
    ok(inject('POST', '/organizations', 'admin', { name: `矩阵${kind}${n}`, kind, regionCode }), 201) as Promise<{ id: string; intakeCode: string }>;
  const unionA = await org('union', '451023', 1);
  const unionB = await org('union', '450102', 2);
  const commission = await org('arbitration_commission', '451023', 3);
  const court = await org('court', '451023', 4);
  const account = async (username: string, extra: Record<string, unknown>) => {
    const user = await ok(inject('POST', '/users', 'admin', { username, password: PASSWORD, name: '矩阵', ...extra }), 201);
    const { token } = await ok(app.inject({ method: 'POST', url: '/auth/login', payload: { username, password: PASSWORD } }), 200);
    return { id: user.id as string, token: token as string };
  };
  tokens.anonymous = null;
  tokens.mediatorOwn = (await account('matrix_med_a', { role: 'mediator', orgId: unionA.id })).token;
  tokens.mediatorOther = (await account('matrix_med_b', { role: 'mediator', orgId: unionB.id })).token;
  tokens.arbitrator = (await account('matrix_arb', { role: 'arbitrator', orgId: commission.id })).token;
  tokens.courtLiaison = (await account('matrix_court', { role: 'court_liaison', orgId: court.id })).token;
  tokens.supervisorOwn = (await account('matrix_sup_a', { role: 'supervisor', regionCode: '4510' })).token;
  tokens.supervisorOther = (await account('matrix_sup_b', { role: 'supervisor', regionCode: '4501' })).token;
  for (const [caller, phone] of [['workerOwn', '13900000001'], ['workerOther', '13900000002']] as const) {
    tokens[caller] = (await ok(app.inject({ method: 'POST', url: '/auth/register', payload: { phone, password: PASSWORD, name: '矩阵工人', idNumber: validIdNumber() } }), 201)).token;
  }

  // Case A: filed online by workerOwn at union A (region 451023); case B: workerOther's at union B.
  const caseA = await ok(inject('POST', '/cases', 'workerOwn', caseBody(unionA.id)), 201);
  const caseB = await ok(inject('POST', '/cases', 'workerOther', caseBody(unionB.id)), 201);
  // Each union takes its case in and invites the employer's representative, who joins it by the texted link.
  for (const [c, staff, rep] of [[caseA, 'mediatorOwn', 'employerOwn'], [caseB, 'mediatorOther', 'employerOther']] as const) {
    const version = (await ok(inject('GET', `/cases/${c.id}`, staff), 200)).version;
    await ok(inject('POST', `/cases/${c.id}/actions`, staff, { action: 'accept', version }), 200);
    const phone = freshPhone();
    tokens[rep] = (await acceptInvitation(parties, (await invite(parties, c.id, tokens[staff]!, phone)).token, phone)).token;
  }
  tokens.employerNone = (await employerOfNoCase(parties)).token;
  // An invitation to case A nobody has used, and the acceptance notice served on its applicant by SMS link.
  const invitationToken = (await invite(parties, caseA.id, tokens.mediatorOwn!, freshPhone(), '待加入的经理')).token;
  const version = (await ok(inject('GET', `/cases/${caseA.id}`, 'mediatorOwn'), 200)).version;
  await ok(inject('POST', `/cases/${caseA.id}/actions`, 'mediatorOwn', { action: 'serve', version, documentType: 'acceptance_notice', to: 'applicants', channel: 'sms_link' }), 200);
  const serviceToken = (await linkTexted(parties, '13812345678', '/app/served/', caseA.id)).token;

  // An account to sign in as, and one for the admin to rename.
  await account('matrix_login', { role: 'mediator', orgId: unionA.id });
  const target = await account('matrix_target', { role: 'mediator', orgId: unionA.id });
  const fileA = await ok(injectRaw('POST', `/cases/${caseA.id}/files`, 'workerOwn', await uploadRequest(caseA.id)), 201);
  const issued = await inject('GET', `/cases/${caseA.id}/documents/application`, 'mediatorOwn');
  if (issued.statusCode !== 200) throw new Error(`fixture: ${issued.statusCode} ${issued.body}`);
  fixture = { unionA, unionB, caseA, loginUsername: 'matrix_login', patchTargetId: target.id, fileA, documentCode: String(issued.headers['x-document-code']), invitationToken, serviceToken };
});
afterAll(async () => {
  await app.close();
  await handle.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('the route list', () => {
  it('was collected from the app', () => {
    expect(ROUTES.length).toBeGreaterThan(20);
    const keys = ROUTES.map((r) => `${r.method} ${r.url}`);
    for (const k of ['GET /healthz', 'GET /openapi.json', 'GET /docs', 'GET /', 'POST /cases/:id/actions']) expect(keys).toContain(k);
  });

  it('has no row in the matrix for a route that does not exist', () => {
    const keys = new Set(ROUTES.map((r) => `${r.method} ${r.url}`));
    const stale = Object.keys(MATRIX).filter((k) => !keys.has(k));
    expect(stale, 'rows naming no registered route').toEqual([]);
  });
});

describe('every registered route, as every caller', () => {
  let seq = 0;

  for (const route of ROUTES) {
    const key = `${route.method} ${route.url}`;
    it(key, async () => {
      const entry = entryFor(route.method, route.url);
      if (!entry) {
        expect.fail(`${key} is registered but has no row in the authorisation matrix (tests/api/authz-matrix.test.ts MATRIX)`);
      }
      const wrong: string[] = [];
      for (const caller of CALLERS) {
        const cell = entry.expect[caller];
        const [status, code] = typeof cell === 'number' ? [cell, DEFAULT_CODES[cell]] : cell;
        const req = await entry.request(fixture, ++seq);
        const res = await injectRaw(route.method, req.url, caller, req);
        if (res.statusCode !== status) {
          wrong.push(`${caller}: expected ${status}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
          continue;
        }
        if (res.statusCode >= 200 && res.statusCode < 300) entry.onSuccess?.(res, caller);
        if (res.statusCode >= 400 && route.method !== 'HEAD') {
          const problem = shapeProblem(res, code);
          if (problem) wrong.push(`${caller}: ${res.statusCode} not in the SPEC error shape: ${problem}`);
        }
      }
      expect(wrong, `${key} ${JSON.stringify(await entry.request(fixture, 0)).slice(0, 120)}`).toEqual([]);
    });
  }
});

describe('the one-time links (SPEC §10)', () => {
  const garbage = ['nope', 'A'.repeat(24), 'A'.repeat(23) + '-', '!!!!', 'x'.repeat(100)];

  it('a link that names no invitation or service is 404, signed in or not', async () => {
    let seq = 5000;
    for (const token of garbage) {
      for (const caller of ['anonymous', 'employerOwn', 'mediatorOwn'] as const) {
        for (const [method, url, body] of [
          ['GET', `/invitations/${token}`, undefined],
          ['POST', `/invitations/${token}/accept`, { code: '123456' }],
          ['POST', `/invitations/${token}/code`, undefined],
          ['POST', `/services/${token}/open`, undefined],
        ] as const) {
          const res = await inject(method, url, caller, body, {}, addressOf(++seq));
          expect(res.statusCode, `${caller} ${method} ${url} ${res.body}`).toBe(404);
          expect(shapeProblem(res, 'NOT_FOUND'), url).toBeNull();
        }
      }
    }
  });

  it('an invitation is used once: the second acceptance is 409, even with a fresh code, and the first account keeps the case', async () => {
    const phone = freshPhone();
    const { token } = await invite(parties, fixture.caseA.id, tokens.mediatorOwn!, phone, '只用一次的经理');
    const first = await inject('POST', `/invitations/${token}/accept`, 'anonymous', { code: await phoneCode(parties, phone, 'login') }, {}, addressOf(6001));
    expect(first.statusCode, first.body).toBe(200);
    const second = await inject('POST', `/invitations/${token}/accept`, 'anonymous', { code: await phoneCode(parties, phone, 'login') }, {}, addressOf(6002));
    expect(second.statusCode, second.body).toBe(409);
    expect(shapeProblem(second, 'INVALID_TRANSITION')).toBeNull();
    // Nor is a code sent for it any more.
    const code = await inject('POST', `/invitations/${token}/code`, 'anonymous', undefined, {}, addressOf(6003));
    expect(code.statusCode, code.body).toBe(409);
    expect(shapeProblem(code, 'INVALID_TRANSITION')).toBeNull();
    const joined = await app.inject({ method: 'GET', url: `/cases/${fixture.caseA.id}`, headers: { authorization: `Bearer ${first.json().token}` } });
    expect(joined.statusCode).toBe(200);
  });

  it('a code sent to another phone, or no code, joins nothing (400)', async () => {
    const phone = freshPhone();
    const { token } = await invite(parties, fixture.caseA.id, tokens.mediatorOwn!, phone, '验证码不对的经理');
    const elsewhere = await phoneCode(parties, freshPhone(), 'login');
    for (const body of [{ code: elsewhere }, {}, { code: '12345' }]) {
      const res = await inject('POST', `/invitations/${token}/accept`, 'anonymous', body, {}, addressOf(6100 + Object.keys(body).length));
      expect(res.statusCode, res.body).toBe(400);
      expect(shapeProblem(res, 'VALIDATION_FAILED')).toBeNull();
    }
    expect((await inject('GET', `/invitations/${token}`, 'anonymous', undefined, {}, addressOf(6200))).json()).toMatchObject({ accepted: false });
  });
});
