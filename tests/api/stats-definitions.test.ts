/**
 * The SQL the rebuild and the partial-month count read (src/stats/acts.ts) counts what the deltas
 * of domain/statistics.ts count: random case histories written as rows, then counted both ways.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '../../src/db/client.js';
import { agreements, cases, organizations, payments, proceedings, users } from '../../src/db/schema/index.js';
import { STAT_COUNTERS, statDeltas } from '../../src/domain/statistics.js';
import { chinaMidnight } from '../../src/domain/time.js';
import { actCounters, actSpans, counterColumn, legalDate, type ActFilter } from '../../src/stats/acts.js';
import { freshDatabase } from '../support/db.js';
import { casePlan, fromNothing, plain, play, recount, STORY_ORGS, tallyOf, type StoryRows, type Tally } from '../support/stat-stories.js';

let handle: DbHandle;
const FILER = '01890000-0000-7000-8000-0000000000f1';

beforeAll(async () => {
  handle = await freshDatabase();
  await handle.db.insert(organizations).values(STORY_ORGS.map((id, i) => ({ id, name: `机构${i}`, kind: 'union' as const, regionCode: '450102', intakeCode: `st${i}` })));
  await handle.db.insert(users).values({ id: FILER, username: 'stats.filer', passwordHash: 'x', role: 'admin', name: '录入' });
});
afterAll(() => handle.close());

let numbered = 0;

/** Writes the rows of a story as the tables hold them. */
async function write(rows: StoryRows) {
  const caseId = randomUUID();
  const first = rows.proceedings[0];
  const last = rows.proceedings[rows.proceedings.length - 1];
  await handle.db.insert(cases).values({
    id: caseId,
    number: `ST-${++numbered}`,
    orgId: first.orgId,
    kind: 'individual',
    channel: 'walk_in',
    categories: ['wages'],
    summary: '统计',
    incidentDate: '2025-01-01',
    respondentName: '某公司',
    filedBy: FILER,
    currentOrgId: last.orgId,
    currentState: last.state,
    currentKind: last.kind,
    claimedFen: rows.case.claimedFen,
    applicantCount: rows.case.applicantCount,
    lastOccurredAt: first.receivedAt,
    lastEventHash: '0'.repeat(64),
    receivedAt: first.receivedAt,
  });
  const ids = rows.proceedings.map(() => randomUUID());
  await handle.db.insert(proceedings).values(rows.proceedings.map((p, i) => ({ ...p, id: ids[i], caseId, seq: i + 1 })));
  const agreementOf = new Map<object, string>();
  for (const a of rows.agreements) {
    const id = randomUUID();
    agreementOf.set(a.proceeding, id);
    const proceedingId = ids[rows.proceedings.indexOf(a.proceeding)];
    await handle.db.insert(agreements).values({ id, caseId, proceedingId, orgId: a.proceeding.orgId, amountFen: a.row.amountFen, terms: '一次性', final: a.row.final, recordedAt: a.row.recordedAt });
  }
  for (const pm of rows.payments) {
    await handle.db.insert(payments).values({ id: randomUUID(), caseId, agreementId: agreementOf.get(pm.proceeding)!, amountFen: pm.row.amountFen, paidAt: pm.row.paidAt });
  }
}

/** The acts in `range` as the SQL relations count them, per legal date, organisation and kind. */
async function counted(range: ActFilter): Promise<Tally> {
  const tally: Tally = new Map();
  const day = sql`to_char(${legalDate(sql`x.at`)}, 'YYYY-MM-DD')`;
  const sums = sql.join(
    STAT_COUNTERS.map((c) => sql`sum(x.${counterColumn(c)})::float8 as ${sql.identifier(c)}`),
    sql`, `,
  );
  const rows = await queryRows<Record<string, unknown>>(handle.db, sql`select ${day} || '|' || x.org_id || '|' || x.kind as key, ${sums} from ${actCounters(range)} x group by 1`);
  for (const r of rows) {
    const counters = Object.fromEntries(STAT_COUNTERS.map((c) => [c, Number(r[c])]));
    tally.set(String(r.key), { counters, spans: new Map() });
  }
  const spans = await queryRows<{ key: string; span: string; n: number }>(
    handle.db,
    sql`select ${day} || '|' || x.org_id || '|' || x.kind as key, x.measure || '|' || x.days as span, count(*)::float8 as n from ${actSpans(range)} x group by 1, 2`,
  );
  for (const s of spans) {
    const e = tally.get(s.key) ?? { counters: {}, spans: new Map() };
    e.spans.set(s.span, Number(s.n));
    tally.set(s.key, e);
  }
  return tally;
}

describe('the statistics definitions in SQL (src/stats/acts.ts)', () => {
  it('count the same acts as the deltas and as a recount by hand, over all time and over any range of days', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(casePlan, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 90 }), async (plans, start, length) => {
        for (const t of [payments, agreements, proceedings, cases]) await handle.db.delete(t);
        const stories = plans.map((p) => play(p).steps.at(-1)!.rows);
        for (const rows of stories) await write(rows);
        const deltas = stories.flatMap((rows) => statDeltas(fromNothing(rows)));

        expect(plain(await counted({}))).toEqual(plain(tallyOf(deltas)));
        expect(plain(await counted({}))).toEqual(plain(recount(stories)));

        const from = new Date(Date.UTC(2025, 10, 20) + start * 86_400_000).toISOString().slice(0, 10);
        const before = new Date(Date.parse(from) + length * 86_400_000).toISOString().slice(0, 10);
        const range = { from: chinaMidnight(from).toISOString(), before: chinaMidnight(before).toISOString() };
        expect(plain(await counted(range))).toEqual(plain(tallyOf(deltas.filter((d) => d.on >= from && d.on < before))));
      }),
      { numRuns: 25 },
    );
  });
});
