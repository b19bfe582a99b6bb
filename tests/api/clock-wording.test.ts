/**
 * A database written before the Chinese wording holds explanations like "届满日 2025-02-05";
 * refreshClockWording (src/clocks/wording.ts) rewrites them once, and the case detail then reads
 * exactly as a clock computed today.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshClockWording, replaceExplanations } from '../../src/clocks/wording.js';
import { clocks } from '../../src/db/schema/index.js';
import { act, caseBody, testApp, type TestContext, type TestUser } from '../support/app.js';

let t: TestContext;
let mediator: TestUser;
let caseId: string;
type Clock = { id: string; kind: string; explanation: string[] };

const LEGACY: Record<string, string[]> = {
  mediation: ['2025-01-20 为起算日，当日不计入', '期间 15 日', '起算后第15日为 2025-02-04', '2025-02-04 为法定节假日（春节），顺延至 2025-02-05', '届满日 2025-02-05'],
  performance: ['按协议第1期应于 2025-03-01 前支付 12345.60 元'],
};

beforeAll(async () => {
  t = await testApp();
  t.setNow(new Date('2025-02-10T04:00:00Z'));
  const union = await t.org('union');
  mediator = await t.staff('mediator', union.id);
  const filed = await t.call('POST', '/cases', {
    token: mediator.token,
    body: caseBody(union.id, { incidentDate: '2025-01-05', occurredAt: '2025-01-20T02:00:00Z' }),
  });
  expect(filed.statusCode, filed.body).toBe(201);
  caseId = filed.json().id;
  await act(t, mediator.token, caseId, 'accept', { occurredAt: '2025-01-21T01:00:00Z' });
  await act(t, mediator.token, caseId, 'settle', {
    occurredAt: '2025-02-03T03:00:00Z',
    agreement: { amountFen: 1_234_560, terms: '一次付清', instalments: [{ dueOn: '2025-03-01', amountFen: 1_234_560 }] },
  });
});
afterAll(() => t.close());

const detailClocks = async (): Promise<Clock[]> => {
  const res = await t.call('GET', `/cases/${caseId}`, { token: mediator.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().clocks;
};

describe('refreshClockWording', () => {
  it('rewrites explanations stored in the old wording into today\'s, and leaves the rest alone', async () => {
    const today = await detailClocks();
    const byKind = (list: Clock[], kind: string) => list.find((c) => c.kind === kind)!;
    expect(byKind(today, 'performance').explanation).toEqual(['按协议，第1期应于2025年3月1日前支付¥12,345.60']);

    // Put the database back as the old code left it, for the two clocks whose old text we know.
    for (const kind of Object.keys(LEGACY)) {
      await t.handle.db.update(clocks).set({ explanation: LEGACY[kind] }).where(eq(clocks.id, byKind(today, kind).id));
    }
    const old = await detailClocks();
    expect(byKind(old, 'mediation').explanation).toEqual(LEGACY.mediation);

    expect(await refreshClockWording(t.handle.db, { batchSize: 1 })).toEqual({ clocks: 2 });
    expect(await detailClocks()).toEqual(today);

    // Once converted, nothing is left to do.
    expect(await refreshClockWording(t.handle.db)).toEqual({ clocks: 0 });
    const [{ n }] = (await t.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(clocks)
      .where(sql`${clocks.explanation}::text ~ '[0-9]{4}-[0-9]{2}-[0-9]{2}'`)) as { n: number }[];
    expect(n).toBe(0);
  });

  it('does not overwrite an explanation that changed after it was read', async () => {
    const [mediation] = (await detailClocks()).filter((c) => c.kind === 'mediation');
    const current = mediation.explanation;
    // Read in the old wording, but meanwhile recomputed by an action: the stale rewrite is not applied.
    expect(await replaceExplanations(t.handle.db, [{ id: mediation.id, old: LEGACY.mediation, next: ['不应写入'] }])).toBe(0);
    let [row] = await t.handle.db.select({ explanation: clocks.explanation }).from(clocks).where(eq(clocks.id, mediation.id));
    expect(row.explanation).toEqual(current);
    // Read as it still is: applied.
    expect(await replaceExplanations(t.handle.db, [{ id: mediation.id, old: current, next: [...current, '补充'] }])).toBe(1);
    [row] = await t.handle.db.select({ explanation: clocks.explanation }).from(clocks).where(eq(clocks.id, mediation.id));
    expect(row.explanation).toEqual([...current, '补充']);
  });
});
