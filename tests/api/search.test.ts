/**
 * Search on GET /cases?q= (SPEC §12): each kind (number, number prefix, party and employer name by
 * any part, phone and ID number exactly), the ranks and their pages, scope (staff, supervisors,
 * workers), masking, and bad search strings; the two ways of reading names and numbers give the
 * same answers; the keyed hash as the database computes it; the start-up backfill.
 */
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller.js';
import { listQuery } from '../../src/cases/schemas.js';
import { encodeSearchCursor, parseSearch, type SearchTerms } from '../../src/cases/search.js';
import { hmacPads, partyHash, partyHashSql, type SearchKey } from '../../src/cases/searchHash.js';
import { searchRows } from '../../src/cases/searchRepository.js';
import { backfillSearchHashes } from '../../src/cases/searchWrites.js';
import { fileCase } from '../../src/cases/service.js';
import { testConfig } from '../../src/config.js';
import { queryRows } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { act, caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';
import { expectError, fields } from '../support/errors.js';
import { validIdNumber } from '../support/ids.js';
import { databaseBefore } from '../support/migrations.js';

let t: TestContext;
const key: SearchKey = { secret: testConfig().SEARCH_HASH_KEY };
type Org = { id: string; intakeCode: string; regionCode: string };
let org: Record<'unionA' | 'unionB' | 'commission' | 'unionGd', Org>;
let u: Record<'mediatorA' | 'mediatorB' | 'mediatorGd' | 'arbitrator' | 'sup4510' | 'sup45' | 'sup44' | 'supCn', TestUser>;
let worker: TestUser & { phone: string; idNumber: string };
const LI_PHONE = '13912340001';
const LI_ID = validIdNumber(4242);
type Filed = { id: string; number: string };
/** The cases, by what makes each one findable. */
let c: Record<'liA' | 'liA2' | 'liGuangA' | 'liB' | 'liGd' | 'referred' | 'online' | 'latin', Filed>;
/** Employers named 平果第n建筑公司 at unionA, oldest first. */
const buildingA: Filed[] = [];

const applicant = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  claims: [{ category: 'wages', description: '拖欠工资', amountFen: 100_000 }],
  ...extra,
});

async function file(token: string, orgId: string, overrides: Record<string, unknown> = {}): Promise<Filed> {
  const res = await t.call('POST', '/cases', { token, body: caseBody(orgId, overrides) });
  if (res.statusCode !== 201) throw new Error(`file: ${res.statusCode} ${res.body}`);
  const { id, number } = res.json();
  return { id, number };
}

async function search(token: string, q: string, extra = '') {
  const res = await t.call('GET', `/cases?limit=100&q=${encodeURIComponent(q)}${extra}`, { token });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().nextCursor).toBeNull();
  return res;
}
const ids = async (token: string, q: string, extra = '') => (await search(token, q, extra)).json().items.map((i: { id: string }) => i.id) as string[];

/** Every page of a search, following nextCursor. */
async function allPages(token: string, q: string, limit: number): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const res = await t.call('GET', `/cases?limit=${limit}&q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    out.push(...body.items.map((i: { id: string }) => i.id));
    cursor = body.nextCursor;
    if (!cursor) return out;
    expect(body.items.length).toBe(limit);
  }
  throw new Error('more than 50 pages');
}

/** Newest first (ids are time-ordered). */
const newest = (...list: Filed[]) => list.map((x) => x.id).sort().reverse();

beforeAll(async () => {
  t = await testApp();
  const made = async (name: string, kind: string, regionCode: string, intakeCode: string) => {
    const res = await t.call('POST', '/organizations', { token: t.admin.token, body: { name, kind, regionCode, intakeCode } });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json() as Org;
  };
  org = {
    unionA: await made('平果市总工会调解室', 'union', '451023', 'PGSEARCH'),
    unionB: await made('南宁市兴宁区调解室', 'union', '450102', 'NNSEARCH'),
    commission: await made('百色市劳动人事争议仲裁委员会', 'arbitration_commission', '451000', 'BSSEARCH'),
    unionGd: await made('深圳市宝安区总工会调解室', 'union', '440306', 'SZSEARCH'),
  };
  u = {
    mediatorA: await t.staff('mediator', org.unionA.id),
    mediatorB: await t.staff('mediator', org.unionB.id),
    mediatorGd: await t.staff('mediator', org.unionGd.id),
    arbitrator: await t.staff('arbitrator', org.commission.id),
    sup4510: await t.supervisor('4510'),
    sup45: await t.supervisor('45'),
    sup44: await t.supervisor('44'),
    supCn: await t.supervisor(''),
  };
  worker = await t.worker();
  const A = u.mediatorA.token;
  c = {
    liA: await file(A, org.unionA.id, { applicants: [applicant('李四', { phone: LI_PHONE, idNumber: LI_ID })] }),
    liA2: await file(A, org.unionA.id, { applicants: [applicant('李四'), applicant('王五')], respondent: { name: '平果铝业配套厂' } }),
    liGuangA: await file(A, org.unionA.id, { applicants: [applicant('李四光')], respondent: { name: '平果某建筑有限公司' } }),
    liB: await file(u.mediatorB.token, org.unionB.id, { applicants: [applicant('李四', { phone: LI_PHONE })], respondent: { name: '南宁兴宁某餐饮有限公司' } }),
    liGd: await file(u.mediatorGd.token, org.unionGd.id, { applicants: [applicant('李四')], respondent: { name: '深圳某电子有限公司' } }),
    referred: await file(A, org.unionA.id, { acceptNow: true, applicants: [applicant('韦小宝')], respondent: { name: '平果百矿建筑工程有限公司' } }),
    online: await file(worker.token, org.unionA.id, { applicants: [applicant('张三', { phone: worker.phone, idNumber: worker.idNumber })], respondent: { name: '平果某物业有限公司' } }),
    // An employer whose name begins like unionA's case numbers.
    latin: await file(A, org.unionA.id, { applicants: [applicant('陈七')], respondent: { name: 'PGSEARCH科技有限公司' } }),
  };
  await act(t, A, c.referred.id, 'fail', { reason: '用人单位拒绝调解' });
  await act(t, A, c.referred.id, 'refer', { toOrgId: org.commission.id, kind: 'arbitration', reason: '调解不成' });
  for (let i = 1; i <= 5; i++) buildingA.push(await file(A, org.unionA.id, { applicants: [applicant(`黄${i}号`)], respondent: { name: `平果第${i}建筑公司` } }));
});
afterAll(() => t.close());

describe('kinds of search, ranked', () => {
  it('a name whole before names containing it, newest first in each: 李四 finds 李四 and then 李四光', async () => {
    expect(await ids(u.mediatorA.token, '李四')).toEqual([...newest(c.liA2, c.liA), c.liGuangA.id]);
    // The one character of a surname is a search too.
    expect((await ids(u.mediatorA.token, '李')).sort()).toEqual([c.liA.id, c.liA2.id, c.liGuangA.id].sort());
  });

  it('an employer by any part of its long name, one or two characters included', async () => {
    const building = newest(c.liA, c.liGuangA, c.referred, ...buildingA);
    expect(await ids(u.mediatorA.token, '建筑')).toEqual(building);
    expect(await ids(u.mediatorA.token, '某建筑有限公司')).toEqual(newest(c.liA, c.liGuangA));
    expect(await ids(u.mediatorA.token, '有限公司')).toEqual(newest(c.liA, c.liGuangA, c.referred, c.online, c.latin));
    expect(await ids(u.mediatorA.token, '公')).toEqual(newest(c.liA, c.liGuangA, c.referred, c.online, c.latin, ...buildingA));
  });

  it('a case number whole, by its beginning, and the text in names after the numbers', async () => {
    expect(await ids(u.mediatorA.token, c.liA.number)).toEqual([c.liA.id]);
    expect(await ids(u.mediatorA.token, c.liA.number.toLowerCase())).toEqual([c.liA.id]);
    // Numbers by their beginning come latest number first; then the employer named like them.
    const ownA = [c.liA, c.liA2, c.liGuangA, c.referred, c.online, c.latin, ...buildingA];
    const byNumber = [...ownA].sort((a, b) => (a.number < b.number ? 1 : -1)).map((x) => x.id);
    // The employer PGSEARCH科技有限公司 is shown once, with its number.
    expect(await ids(u.mediatorA.token, 'PGSEARCH')).toEqual(byNumber);
    const year = c.liA.number.split('-')[1];
    expect(await ids(u.mediatorA.token, `PGSEARCH-${year}-0000`)).toEqual(byNumber.filter((id) => ownA.find((x) => x.id === id)!.number.startsWith(`PGSEARCH-${year}-0000`)));
    expect(await ids(u.mediatorA.token, `PGSEARCH-${year}`)).toEqual(byNumber);
  });

  it('a phone or an ID number exactly, however it is written, and only within scope', async () => {
    for (const q of [LI_PHONE, '139 1234 0001', '139-1234-0001', `+86${LI_PHONE}`, '１３９１２３４０００１']) {
      expect(await ids(u.mediatorA.token, q), q).toEqual([c.liA.id]);
    }
    expect(await ids(u.mediatorB.token, LI_PHONE)).toEqual([c.liB.id]);
    expect(await ids(u.sup45.token, LI_PHONE)).toEqual(newest(c.liA, c.liB));
    expect(await ids(u.mediatorA.token, LI_ID)).toEqual([c.liA.id]);
    expect(await ids(u.mediatorA.token, LI_ID.toLowerCase())).toEqual([c.liA.id]);
    expect(await ids(u.mediatorB.token, LI_ID)).toEqual([]);
    // A number's beginning is not a phone: the last four digits find nothing.
    expect(await ids(u.mediatorA.token, LI_PHONE.slice(-4))).toEqual([]);
  });
});

describe('scope', () => {
  it('a mediator never finds another organisation’s case; a supervisor finds only their region’s', async () => {
    expect(await ids(u.mediatorB.token, '李四')).toEqual([c.liB.id]);
    expect(await ids(u.mediatorB.token, c.liA.number)).toEqual([]);
    expect(await ids(u.mediatorB.token, 'PGSEARCH')).toEqual([]);
    expect(await ids(u.sup4510.token, '李四')).toEqual([...newest(c.liA2, c.liA), c.liGuangA.id]);
    expect(await ids(u.sup45.token, '李四')).toEqual([...newest(c.liB, c.liA2, c.liA), c.liGuangA.id]);
    expect(await ids(u.sup44.token, '李四')).toEqual([c.liGd.id]);
    expect(await ids(u.supCn.token, '李四')).toEqual([...newest(c.liGd, c.liB, c.liA2, c.liA), c.liGuangA.id]);
    expect(await ids(u.sup44.token, c.liA.number)).toEqual([]);
  });

  it('a referred case is found by the organisation it went to, and still by the one it came from', async () => {
    expect(await ids(u.arbitrator.token, '韦小宝')).toEqual([c.referred.id]);
    expect(await ids(u.arbitrator.token, '百矿')).toEqual([c.referred.id]);
    expect(await ids(u.arbitrator.token, c.referred.number.slice(0, 12))).toEqual([c.referred.id]);
    expect(await ids(u.mediatorA.token, '韦小宝')).toEqual([c.referred.id]);
    expect(await ids(u.arbitrator.token, '李四')).toEqual([]);
  });

  it('a worker searches only her own cases', async () => {
    expect(await ids(worker.token, '有限公司')).toEqual([c.online.id]);
    expect(await ids(worker.token, '建筑')).toEqual([]);
    expect(await ids(worker.token, c.liA.number)).toEqual([]);
    expect(await ids(worker.token, LI_PHONE)).toEqual([]);
    expect(await ids(worker.token, worker.phone)).toEqual([c.online.id]);
  });

  it('the list’s filters apply to a search', async () => {
    expect(await ids(u.mediatorA.token, '建筑', '&state=accepted')).toEqual([]);
    expect(await ids(u.mediatorA.token, '建筑', '&status=open&orgId=' + org.commission.id)).toEqual([c.referred.id]);
    expect(await ids(u.arbitrator.token, '建筑', '&state=received')).toEqual([c.referred.id]);
  });
});

describe('pages', () => {
  it('follow the ranks across pages with an opaque cursor: nothing twice, nothing missed', async () => {
    for (const q of ['李四', '建筑', 'PGSEARCH', '公']) {
      const whole = await ids(u.mediatorA.token, q);
      for (const limit of [1, 2, 3]) expect(await allPages(u.mediatorA.token, q, limit), `${q} by ${limit}`).toEqual(whole);
    }
    const first = (await t.call('GET', `/cases?limit=1&q=${encodeURIComponent('李四')}`, { token: u.mediatorA.token })).json();
    expect(first.nextCursor).toMatch(/^s[A-Za-z0-9_-]+$/);
    expect(first.nextCursor).not.toContain(first.items[0].id);
  });

  it('a plain list keeps its cursor of ids', async () => {
    const page = (await t.call('GET', '/cases?limit=2', { token: u.mediatorA.token })).json();
    expect(page.nextCursor).toBe(page.items[1].id);
  });
});

describe('the two ways of reading a rank agree', () => {
  const callerOf = (user: TestUser, regionCode: string | null = null): Caller => ({ userId: user.id, role: user.role as Caller['role'], orgId: user.orgId, regionCode, name: '测试' });

  it('the newest cases one by one, and the index, give the same rows for every kind and scope', async () => {
    const callers = [callerOf(u.mediatorA), callerOf(u.arbitrator), callerOf(u.sup45, '45'), callerOf(u.supCn, ''), callerOf(worker)];
    for (const q of ['李四', '李', '建筑', '有限公司', 'PGSEARCH', 'PGSEARCH-', c.liA.number.slice(0, -2), '某建筑有限公司', 'pgsearch科技']) {
      const parsed = parseSearch(q, '2026-01-01');
      if (!('terms' in parsed)) throw new Error(q);
      const terms: SearchTerms = parsed.terms;
      for (const caller of callers) {
        for (const status of [undefined, 'open'] as const) {
          const query = listQuery.parse({ q, limit: 100, ...(status ? { status } : {}) });
          const one = await searchRows(t.handle.db, caller, query, terms, { cursor: null, hash: null });
          const other = await searchRows(t.handle.db, caller, query, terms, { cursor: null, hash: null, windows: { name: 0, number: 0 } });
          const show = (hits: typeof one) => hits.map((h) => `${h.rank}:${h.row.number}`);
          expect(show(other), `${q} as ${caller.role} ${caller.regionCode ?? caller.orgId}`).toEqual(show(one));
        }
      }
    }
  });
});

describe('personal data', () => {
  it('search results carry no phone or ID number, whoever searches', async () => {
    for (const token of [u.sup45.token, u.mediatorA.token]) {
      const res = await search(token, LI_PHONE);
      expect(res.json().items.length).toBeGreaterThan(0);
      expect(res.body).not.toContain(LI_PHONE);
      expect(res.body).not.toContain(LI_ID);
      expect(res.body).not.toMatch(/idNumber|phone/i);
    }
  });

  it('the search tables hold no phone or ID number, only keyed hashes', async () => {
    const rows = await queryRows<{ text: string }>(t.handle.db, sql`select s::text as text from case_search s union all select k::text from case_search_keys k`);
    const all = rows.map((r) => r.text).join('\n');
    expect(all).not.toContain(LI_PHONE);
    expect(all).not.toContain(LI_ID);
    const [{ n }] = await queryRows<{ n: number }>(
      t.handle.db,
      sql`select count(*)::int as n from case_search_keys where hashes @> array[decode(${partyHash(key, 'phone', LI_PHONE).toString('hex')}, 'hex')]`,
    );
    expect(n).toBe(2);
  });
});

describe('bad search strings', () => {
  const refused = async (q: string, field = 'querystring.q', extra = '') => {
    const res = await t.call('GET', `/cases?q=${encodeURIComponent(q)}${extra}`, { token: u.sup45.token });
    const e = expectError(res, 400, 'VALIDATION_FAILED');
    expect(fields(e), q.slice(0, 40)).toContain(field);
    return e;
  };

  it('a mistyped ID number is a 400 naming q, saying what is wrong', async () => {
    const wrong = LI_ID.slice(0, 17) + (LI_ID[17] === '1' ? '2' : '1');
    expect((await refused(wrong)).message).toMatch(/check digit/);
    expect((await refused('451023199902301234')).message).toMatch(/date of birth/);
  });

  it('wildcards and punctuation alone, one Latin letter or digit, and 10 000 characters are 400s', async () => {
    for (const q of ['%', '%%%', '*', '_', '?*', '...', '（）', '-', 'a', '7', '%a%']) await refused(q);
    await refused('x'.repeat(10_000));
    await refused('x'.repeat(101));
  });

  it('a cursor that belongs to no such search, or a search cursor without its q, is a 400 naming the cursor', async () => {
    await refused('李四', 'querystring.cursor', `&cursor=${c.liA.id}`);
    await refused('李四', 'querystring.cursor', `&cursor=${encodeSearchCursor({ rank: 'identity', id: c.liA.id })}`);
    await refused('李四', 'querystring.cursor', '&cursor=s' + 'A'.repeat(45));
    const res = await t.call('GET', `/cases?cursor=${encodeSearchCursor({ rank: 'partialName', id: c.liA.id })}`, { token: u.sup45.token });
    expect(fields(expectError(res, 400, 'VALIDATION_FAILED'))).toContain('querystring.cursor');
  });
});

describe('migration 0015 on a database with cases', () => {
  it('writes each recorded case its names and keys as a filing would, and leaves its hashes to the backfill', async () => {
    const old = await databaseBefore('0015');
    try {
      const db = old.db;
      const [orgA, orgB, user, id, appA, appB] = [1, 2, 3, 4, 5, 6].map((n) => `01890000-0000-7000-8000-00000000000${n}`);
      await db.execute(sql`insert into organizations (id, name, kind, region_code, intake_code) values
        (${orgA}, '甲调解委员会', 'union', '451023', 'MIGA'), (${orgB}, '乙仲裁委员会', 'arbitration_commission', '451000', 'MIGB')`);
      await db.execute(sql`insert into users (id, username, password_hash, role, name, org_id) values (${user}, 'migration.mediator', 'x', 'mediator', '甲', ${orgA})`);
      await db.execute(sql`insert into cases (id, number, org_id, kind, channel, categories, summary, incident_date, respondent_name, filed_by, current_org_id,
          current_state, current_kind, claimed_fen, applicant_count, last_occurred_at, last_event_hash, received_at)
        values (${id}, 'MIGA-2025-00007', ${orgA}, 'individual', 'walk_in', '{wages}', '欠薪', '2025-01-01', '平果某建筑有限公司', ${user}, ${orgB},
          'received', 'arbitration', 100, 2, now(), 'x', now())`);
      await db.execute(sql`insert into applicants (id, case_id, position, name, id_number, phone) values
        (${appA}, ${id}, 1, '李四', ${LI_ID}, ${LI_PHONE}), (${appB}, ${id}, 2, '王五', null, null)`);
      await db.execute(sql`insert into case_orgs (case_id, org_id, region_code) values (${id}, ${orgA}, '451023'), (${id}, ${orgB}, '451000')`);

      await runMigrations(old);

      const [row] = await queryRows<{ names: string[]; keys: string[]; hashes: unknown }>(
        db,
        sql`select s.names, s.keys, k.hashes from case_search s join case_search_keys k on k.case_id = s.case_id where s.case_id = ${id}`,
      );
      expect(row.names).toEqual(['平果某建筑有限公司', '李四', '王五']);
      expect(row.keys).toEqual(
        [`o:${orgA}`, `o:${orgB}`, 'r:45', 'r:451', 'r:4510', 'r:45100', 'r:451000', 'r:45102', 'r:451023', 'n:MI', 'n:MIG', 'n:MIGA', 'n:MIGA-2025'].sort(),
      );
      expect(row.hashes).toBeNull();
      expect(await backfillSearchHashes(db, key)).toBe(1);
      const [{ n }] = await queryRows<{ n: number }>(
        db,
        sql`select cardinality(hashes) as n from case_search_keys where hashes @> array[decode(${partyHash(key, 'idNumber', LI_ID).toString('hex')}, 'hex'), decode(${partyHash(key, 'phone', LI_PHONE).toString('hex')}, 'hex')]`,
      );
      expect(n).toBe(2);
      // What a filing writes for the same case is the same: the keys of a case filed here.
      const [filed] = await queryRows<{ keys: string[] }>(t.handle.db, sql`select keys from case_search where case_id = ${c.referred.id}`);
      expect(filed.keys).toEqual(expect.arrayContaining([`o:${org.unionA.id}`, `o:${org.commission.id}`, 'r:451000', 'r:451023', 'n:PGSEARCH', `n:PGSEARCH-${c.referred.number.split('-')[1]}`]));
    } finally {
      await old.close();
    }
  });
});

describe('keyed hashes', () => {
  it('the database computes the same HMAC-SHA256 as Node (the bulk generator relies on it)', async () => {
    for (const secret of [key.secret, 'k'.repeat(100)]) {
      const pads = hmacPads({ secret });
      const [{ hex }] = await queryRows<{ hex: string }>(
        t.handle.db,
        sql`select encode(${sql.raw(partyHashSql('phone', `'${LI_PHONE}'`, { inner: `'\\x${pads.inner.toString('hex')}'::bytea`, outer: `'\\x${pads.outer.toString('hex')}'::bytea` }))}, 'hex') as hex`,
      );
      expect(hex).toBe(createHmac('sha256', secret).update(`phone:${LI_PHONE}`).digest('hex'));
    }
  });

  it('cases written without the key are hashed by the backfill, once, and then found', async () => {
    const phone = '13712349876';
    const body = caseBody(org.unionA.id, { applicants: [applicant('孙八', { phone })] });
    const caller: Caller = { userId: u.mediatorA.id, role: 'mediator', orgId: org.unionA.id, regionCode: null, name: '测试' };
    const filed = await fileCase({ db: t.handle.db, now: () => new Date() }, caller, body as never);
    expect(await ids(u.mediatorA.token, phone)).toEqual([]);
    const progress: number[] = [];
    expect(await backfillSearchHashes(t.handle.db, key, { batchSize: 1, onBatch: (n) => progress.push(n) })).toBe(1);
    expect(progress).toEqual([1]);
    expect(await ids(u.mediatorA.token, phone)).toEqual([filed.id]);
    expect(await backfillSearchHashes(t.handle.db, key)).toBe(0);
  });
});
