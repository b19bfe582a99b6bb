/**
 * What the benchmark's workloads ask for, shared by run.ts, statements.ts and the checks: the
 * organisations and accounts it uses (picked from a database filled by `npm run seed:bulk`), the
 * request bodies (valid ID numbers and credit codes, varied per request), and a small HTTP client.
 */
import { creditCodeCheckChar, idNumberCheckChar } from '../../../src/domain/identity.js';
import { chinaDate } from '../../../src/domain/time.js';
import { addCalendarDays } from '../../../src/domain/calendar.js';

export const BULK_PASSWORD = 'bulk12345';

/** Runs one SQL statement with $n parameters and returns its rows (postgres.js or PGlite behind it). */
export type Query = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** The mediation organisation kinds; every one of them takes filings as `mediation`. */
export const MEDIATION_KINDS = ['union', 'mediation_center', 'township_center', 'people_mediation', 'enterprise_committee'];

export interface BenchOrg {
  id: string;
  intakeCode: string;
  regionCode: string;
  kind: string;
  /** Cases the organisation has handled (case_orgs rows). */
  cases: number;
  /** The staff account the workloads sign in with: bulk.<intake code>.1. */
  username: string;
  /** Case ids for the detail workload, spread over the organisation's cases. */
  detailIds: string[];
  /** `nextCursor` values of consecutive pages of GET /cases?status=open (page size LIST_LIMIT). */
  cursors: string[];
}

export interface Targets {
  totalCases: number;
  orgs: BenchOrg[];
  province: string;
  year: number;
  supervisor: string;
}

export const LIST_LIMIT = 20;
/** Every case the benchmark files starts its summary with this, so the read workloads can leave them out. */
export const BENCH_MARK = '【基准测试】';
const NOT_BENCH = `c.summary not like '${BENCH_MARK}%'`;
export const LIST_FILTER = 'status=open';
export const DEADLINE_LIMIT = 50;

/**
 * Picks what the workloads touch: the `count` busiest mediation organisations that have a bulk
 * staff account (each autocannon connection acts as one of them, round-robin), the busiest
 * province and the last whole year in the data (as tests/bench/stats.ts does).
 */
export async function pickTargets(q: Query, count: number, detailPerOrg = 400, cursorsPerOrg = 200): Promise<Targets> {
  const [{ n: totalCases }] = await q<{ n: number }>(`select count(*)::int as n from cases`);
  // Ranked and sampled without the cases earlier benchmark runs filed, so runs stay comparable.
  const orgRows = await q<{ id: string; intake_code: string; region_code: string; kind: string; n: number }>(
    `select o.id::text as id, o.intake_code, o.region_code, o.kind, count(*)::int as n
       from case_orgs co join organizations o on o.id = co.org_id join cases c on c.id = co.case_id
      where ${NOT_BENCH} and o.kind in (${MEDIATION_KINDS.map((k) => `'${k}'`).join(', ')})
        and exists (select 1 from users u where u.username = 'bulk.' || lower(o.intake_code) || '.1' and u.org_id = o.id and not u.disabled)
      group by o.id order by n desc, o.id limit $1`,
    [count],
  );
  if (!orgRows.length) throw new Error('no bulk mediation organisation with a staff account: is this a database filled by npm run seed:bulk?');
  const orgs: BenchOrg[] = [];
  for (const o of orgRows) {
    // A spread of the organisation's cases, the same on every run (ordered by a hash of the id).
    const detail = await q<{ id: string }>(
      `select co.case_id::text as id from case_orgs co join cases c on c.id = co.case_id
        where co.org_id = $1 and ${NOT_BENCH} order by md5(co.case_id::text) limit $2`,
      [o.id, detailPerOrg],
    );
    // The cursors GET /cases hands out page after page: the id ending each page of LIST_LIMIT, newest first.
    const cursors = await q<{ id: string }>(
      `select id::text as id from (
         select c.id, row_number() over (order by c.id desc) as rn
           from cases c where c.id in (select case_id from case_orgs where org_id = $1) and c.status = 'open' and ${NOT_BENCH}) x
        where rn % $2 = 0 order by id desc limit $3`,
      [o.id, LIST_LIMIT, cursorsPerOrg],
    );
    orgs.push({
      id: o.id,
      intakeCode: o.intake_code,
      regionCode: o.region_code,
      kind: o.kind,
      cases: Number(o.n),
      username: `bulk.${o.intake_code.toLowerCase()}.1`,
      detailIds: detail.map((r) => r.id),
      cursors: cursors.map((r) => r.id),
    });
  }
  const [province] = await q<{ p: string }>(
    `select left(o.region_code, 2) as p from case_orgs co join organizations o on o.id = co.org_id group by 1 order by count(*) desc, 1 limit 1`,
  );
  const [{ y }] = await q<{ y: number }>(`select (extract(year from max(received_at))::int - 1) as y from cases`);
  return { totalCases: Number(totalCases), orgs, province: province.p, year: Number(y), supervisor: `bulk.sup.${province.p}` };
}

// ---------------------------------------------------------------------------------------------
// Request bodies

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '韦'];
const GIVEN = ['秀兰', '国强', '春燕', '海军', '志勇', '丽娟', '建华', '玉梅', '红霞', '文杰', '晓东', '桂英', '小平', '德明', '永福', '美玲'];
const JOBS = ['装配工', '焊工', '保洁员', '厨师', '仓管员', '快递员', '电工', '缝纫工', '叉车司机', '保安'];
const CLAIM_SETS: { categories: string[]; claims: { category: string; text: string }[] }[] = [
  { categories: ['wages'], claims: [{ category: 'wages', text: '拖欠工资' }] },
  { categories: ['wages', 'termination'], claims: [{ category: 'wages', text: '拖欠工资' }, { category: 'termination', text: '违法解除劳动合同赔偿金' }] },
  { categories: ['social_insurance'], claims: [{ category: 'social_insurance', text: '未依法缴纳社会保险费' }] },
  { categories: ['termination'], claims: [{ category: 'termination', text: '经济补偿金' }] },
  { categories: ['work_injury'], claims: [{ category: 'work_injury', text: '工伤医疗费及停工留薪期工资' }] },
  { categories: ['working_time', 'wages'], claims: [{ category: 'working_time', text: '加班费' }, { category: 'wages', text: '拖欠工资' }] },
];

/** A resident ID number with a correct check character; distinct for n below 5.4 million. */
export function idNumberFor(n: number, region: string): string {
  const day = n % 5475; // 15 years of birth dates
  const birth = new Date(Date.UTC(1980, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const seq = String(Math.floor(n / 5475) % 1000).padStart(3, '0');
  const first17 = `${region.padEnd(6, '0').slice(0, 6)}${birth}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

export function creditCodeFor(n: number, region: string): string {
  const first17 = `91${region.padEnd(6, '0').slice(0, 6)}${String(100_000_000 + (n % 900_000_000)).slice(-9)}`;
  return first17 + creditCodeCheckChar(first17);
}

/**
 * The n-th filing: a walk-in case at `org` by its staff, one applicant (every fifth case three),
 * with claims from a rotating set. The same n gives the same body, so two servers can be handed
 * the same sequence.
 */
export function fileBody(n: number, org: { id: string; regionCode: string }, now = new Date()) {
  const today = chinaDate(now);
  const set = CLAIM_SETS[n % CLAIM_SETS.length];
  const applicants = n % 5 === 4 ? 3 : 1;
  const incidentDate = addCalendarDays(today, -(20 + (n % 300)));
  const endedEarlier = set.categories.includes('wages') && n % 2 === 0;
  return {
    orgId: org.id,
    categories: set.categories,
    summary: `${BENCH_MARK}第${n}号案件：${set.claims.map((c) => c.text).join('、')}`,
    incidentDate,
    ...(endedEarlier ? { employmentEndedOn: addCalendarDays(incidentDate, -(n % 10)) } : {}),
    applicants: Array.from({ length: applicants }, (_, i) => {
      const m = n * 3 + i;
      return {
        name: SURNAMES[m % SURNAMES.length] + GIVEN[(m >> 2) % GIVEN.length],
        idNumber: idNumberFor(m, org.regionCode),
        phone: `13${String(100_000_000 + ((m * 7919) % 900_000_000)).slice(-9)}`,
        claims: set.claims.map((c, k) => ({ category: c.category, description: `${JOBS[(m + k) % JOBS.length]}：${c.text}`, amountFen: 100_000 + ((m * 37 + k * 1009) % 5_000_000) })),
      };
    }),
    respondent: {
      name: `基准测试第${n % 997}号有限公司`,
      creditCode: creditCodeFor(n, org.regionCode),
      contact: `人事部 0776-${String(5_000_000 + (n % 4_999_999))}`,
      address: `基准测试路${1 + (n % 500)}号`,
    },
  };
}

export function acceptBody(version: number) {
  return { action: 'accept', version };
}

/** A settlement paid in two instalments, 30 and 60 days from today. */
export function settleBody(version: number, n: number, now = new Date()) {
  const today = chinaDate(now);
  const amountFen = 200_000 + ((n * 7919) % 3_000_000);
  const first = Math.floor(amountFen / 2);
  return {
    action: 'settle',
    version,
    agreement: {
      amountFen,
      terms: `被申请人分两期支付申请人${(amountFen / 100).toFixed(2)}元`,
      instalments: [
        { dueOn: addCalendarDays(today, 30), amountFen: first },
        { dueOn: addCalendarDays(today, 60), amountFen: amountFen - first },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The caller, as the bare baseline is told it (it has no authentication)

export interface Identity {
  token: string;
  userId: string;
  role: string;
  orgId: string | null;
  regionCode: string | null;
}

/** Headers every benchmark request carries: the token for our server, the caller for the bare one. */
export function callerHeaders(who: Identity): Record<string, string> {
  const h: Record<string, string> = { authorization: `Bearer ${who.token}`, 'x-bench-user': who.userId, 'x-bench-role': who.role };
  if (who.orgId) h['x-bench-org'] = who.orgId;
  if (who.regionCode !== null) h['x-bench-region'] = who.regionCode;
  return h;
}

// ---------------------------------------------------------------------------------------------
// A plain HTTP client for setting up and checking (not for load)

export interface HttpResult {
  status: number;
  body: string;
  json: <T = unknown>() => T;
}

export async function http(port: number, method: string, path: string, opts: { headers?: Record<string, string>; body?: unknown } = {}): Promise<HttpResult> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const body = await res.text();
  return { status: res.status, body, json: <T>() => JSON.parse(body) as T };
}

/** Signs in through the real route and returns the token and who it is. */
export async function login(port: number, username: string, password = BULK_PASSWORD): Promise<Identity> {
  const res = await http(port, 'POST', '/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${res.body.slice(0, 300)}`);
  const { token, user } = res.json<{ token: string; user: { id: string; role: string; orgId: string | null; regionCode: string | null } }>();
  return { token, userId: user.id, role: user.role, orgId: user.orgId ?? null, regionCode: user.regionCode ?? null };
}
