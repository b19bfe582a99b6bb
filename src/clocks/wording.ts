/**
 * Clock explanations are stored with the clock (clocks.explanation) when it is computed. Those
 * written before the Chinese wording say "2025-02-04 为法定节假日（春节），顺延至 2025-02-05" and
 * "支付 1234.50 元"; this module rewrites them into today's wording ("2025年2月4日为法定节假日
 * （春节），顺延至2025年2月5日", "支付¥1,234.50") so that a running deployment shows one wording.
 *
 * The old text is converted line by line rather than recomputed: a stopped clock's explanation
 * describes the calendar as it stood when the clock ran, which a recomputation today might not
 * reproduce. tests/unit/clock-wording.test.ts checks, over the explanations the old code wrote,
 * that the conversion gives exactly what the calendar writes now.
 */
import { and, asc, gt, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.js';
import { clocks } from '../db/schema/index.js';
import { legalDateZh } from '../domain/calendar.js';
import { yuanZh } from './engine.js';

const D = '(\\d{4}-\\d{2}-\\d{2})';
const N = '(\\d+)';
const UNIT = '(日|个工作日)';
const ISO_DATE = /\d{4}-\d{2}-\d{2}/g;

/** Each line the old calendar and engine wrote, and the same line in today's wording. */
const LEGACY_LINES: [RegExp, (m: RegExpExecArray) => string][] = [
  [new RegExp(`^${D} (.+)，当日不计入$`), (m) => `${zh(m[1])}${m[2]}，当日不计入`],
  [new RegExp(`^期间 ${N} (日|个工作日|年)$`), (m) => `期间为${m[1]}${m[2]}`],
  [new RegExp(`^延长 ${N} ${UNIT}$`), (m) => `延长${m[1]}${m[2]}`],
  [new RegExp(`^${D} 起中止，至 ${D} 计 ${N} ${UNIT}$`), (m) => `自${zh(m[1])}起中止，截至${zh(m[2])}计${m[3]}${m[4]}`],
  [new RegExp(`^${D} 至 ${D} 中止，计 ${N} ${UNIT}$`), (m) => `${zh(m[1])}至${zh(m[2])}中止，计${m[3]}${m[4]}`],
  [new RegExp(`^合计 ${N} ${UNIT}$`), (m) => `合计${m[1]}${m[2]}`],
  [new RegExp(`^起算后第${N}${UNIT}为 ${D}$`), (m) => `起算后第${m[1]}${m[2]}为${zh(m[3])}`],
  [/^其间 (.+)为调休上班日，计入$/, (m) => `其间${m[1].replace(ISO_DATE, zh)}为调休上班日，计入`],
  [new RegExp(`^其间法定节假日 ${N} 日不计入$`), (m) => `其间法定节假日${m[1]}日不计入`],
  [new RegExp(`^${N} 年后的对应日为 ${D}$`), (m) => `${m[1]}年后的对应日为${zh(m[2])}`],
  [
    new RegExp(`^${N} 年后的 ${N} 年无 ${N} 月 ${N} 日，以该月末日 ${D} 为对应日$`),
    (m) => `${m[1]}年后的${m[2]}年没有${m[3]}月${m[4]}日，以该月最后一日${zh(m[5])}为对应日`,
  ],
  [new RegExp(`^再加 ${N} 日为 ${D}$`), (m) => `再加${m[1]}日为${zh(m[2])}`],
  [new RegExp(`^${D} 为(.+)，顺延至 ${D}$`), (m) => `${zh(m[1])}为${m[2]}，顺延至${zh(m[3])}`],
  [new RegExp(`^${N} 年尚无官方节假日安排，按周末推算，结果为暂定$`), (m) => `${m[1]}年尚无官方节假日安排，按周末推算，结果为暂定`],
  [new RegExp(`^届满日 ${D}$`), (m) => `届满日为${zh(m[1])}`],
  [
    new RegExp(`^按协议第${N}期应于 ${D} 前支付 (\\d+)\\.(\\d{2}) 元$`),
    (m) => `按协议，第${m[1]}期应于${zh(m[2])}前支付${yuanZh(Number(m[3]) * 100 + Number(m[4]))}`,
  ],
];

function zh(date: string): string {
  try {
    return legalDateZh(date);
  } catch {
    return date;
  }
}

/**
 * One line of an explanation in today's wording. A line in no known old form keeps its text,
 * with any ISO date in it written the Chinese way.
 */
export function rewordLegacyLine(line: string): string {
  for (const [pattern, render] of LEGACY_LINES) {
    const m = pattern.exec(line);
    if (m) return render(m);
  }
  return line.replace(ISO_DATE, zh);
}

export function rewordLegacyExplanation(lines: readonly unknown[]): string[] {
  return lines.map((l) => (typeof l === 'string' ? rewordLegacyLine(l) : String(l)));
}

/**
 * Rewrites every stored explanation still in the old wording; returns how many clocks changed.
 * An old explanation is recognised by its own first or last line ("按协议第…" or "届满日 2025-…",
 * which today read "按协议，第…" and "届满日为…"): a database already converted costs one
 * sequential scan that reads those two lines (about 0.3 s per million clocks on PostgreSQL) and
 * no writes. Otherwise the clocks are read a batch at a time in id order, and each update applies
 * only if the explanation is still the one read (an action recomputing the clock meanwhile writes
 * the new wording itself), so it is safe while the server is serving.
 */
export async function refreshClockWording(db: Database, opts: { batchSize?: number } = {}): Promise<{ clocks: number }> {
  const batchSize = opts.batchSize ?? 2000;
  const legacy = sql`((${clocks.explanation} ->> -1) like '届满日 %' or (${clocks.explanation} ->> 0) like '按协议第%')`;
  const [any] = await db.select({ id: clocks.id }).from(clocks).where(legacy).limit(1);
  if (!any) return { clocks: 0 };
  let after: string | null = null;
  let changed = 0;
  for (;;) {
    const rows: { id: string; explanation: unknown }[] = await db
      .select({ id: clocks.id, explanation: clocks.explanation })
      .from(clocks)
      .where(and(after === null ? undefined : gt(clocks.id, after), legacy))
      .orderBy(asc(clocks.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const updates = rows
      .filter((r) => Array.isArray(r.explanation))
      .map((r) => ({ id: r.id, old: r.explanation as unknown[], next: rewordLegacyExplanation(r.explanation as unknown[]) }))
      .filter((u) => JSON.stringify(u.next) !== JSON.stringify(u.old));
    if (updates.length) changed += await replaceExplanations(db, updates);
  }
  return { clocks: changed };
}

/**
 * Sets each clock's explanation to `next` where it is still `old`, in one statement; returns how
 * many were set. A clock whose explanation changed since it was read keeps the newer text.
 */
export async function replaceExplanations(db: Database, updates: readonly { id: string; old: unknown; next: readonly string[] }[]): Promise<number> {
  if (updates.length === 0) return 0;
  const done = await queryRows<{ id: string }>(
    db,
    sql`update ${clocks} set explanation = v.next
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as v(id uuid, old jsonb, next jsonb)
        where ${clocks.id} = v.id and ${clocks.explanation} = v.old
        returning ${clocks.id}`,
  );
  return done.length;
}
