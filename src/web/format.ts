/** Money in yuan, dates in China time. The API keeps integer fen and ISO timestamps. */

export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('zh-CN');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** Large sums the way Chinese reports write them: ¥116.71万 (for figures, not for what is owed). */
export function yuanCompact(fen: number): string {
  return Math.abs(fen) >= 1_000_000 ? `¥${(fen / 1_000_000).toFixed(2)}万` : yuan(fen);
}

/**
 * Yuan typed by a person ("1,234.5", "1234元", "８００") → fen, exactly (no floating point);
 * null when it is not an amount.
 */

export function parseYuan(input: string): number | null {
  const s = input
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s¥￥元]/g, '');
  if (!/^\d{1,11}(\.\d{0,2})?$/.test(s)) return null;
  const [w, f = ''] = s.split('.');
  return Number(w) * 100 + Number((f + '00').slice(0, 2));
}

export function fenToYuanInput(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** A legal date (YYYY-MM-DD) as it is, or an instant (ISO 8601 with offset) as its date in China time. */
export function legalDate(d: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : chinaDate(d);
}

/**
 * The one way a page shows a date: 2025年3月3日 周一. A legal date is shown as it is; an instant
 * (a payment, an acceptance, a filing) as the day it was in China time, whatever the device's
 * time zone, so an act at 07:30 China time (23:30 UTC the day before) shows its own day.
 */
export function dateZh(d: string | null | undefined, withWeekday = true): string {
  if (!d) return '—';
  const [y, m, day] = legalDate(d).split('-').map(Number);
  const w = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
  return `${y}年${m}月${day}日${withWeekday ? ` ${WEEKDAYS[w]}` : ''}`;
}

const parts = (iso: string) => {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => f.find((p) => p.type === t)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
};

/** The legal date (China time) of a timestamp. */
export function chinaDate(iso: string | Date = new Date()): string {
  return parts(typeof iso === 'string' ? iso : iso.toISOString()).date;
}

/** A timestamp in China time: 2025年3月3日 10:20. */
export function timeZh(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = parts(iso);
  return `${dateZh(p.date, false)} ${p.time}`;
}

/** Calendar days from today (China time) to a legal date; negative when past. */
export function daysUntil(d: string): number {
  const today = chinaDate();
  const a = Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10));
  const b = Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}

export function daysLeftZh(d: string): string {
  const n = daysUntil(d);
  if (n === 0) return '今天到期';
  if (n > 0) return `还有${n}天`;
  return `已超过${-n}天`;
}

/** A datetime-local value (China wall time) → ISO 8601 with the +08:00 offset the API expects. */
export function localToIso(v: string): string | undefined {
  if (!v) return undefined;
  return `${v.length === 16 ? `${v}:00` : v}+08:00`;
}

/** Now as a datetime-local value in China time (the default and the upper bound of back-dating). */
export function nowLocal(): string {
  const p = parts(new Date().toISOString());
  return `${p.date}T${p.time}`;
}

export function addDays(d: string, n: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

export function addMonths(d: string, n: number): string {
  const [y, m, day] = d.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(day, last));
  return t.toISOString().slice(0, 10);
}

/**
 * A rate as the API gives it (a fraction to four places, 0.8235) as a percentage to one place,
 * rounded half up on its decimal value (82.4%; toFixed alone reads 0.8235 × 100 as 82.349… and
 * shows 82.3%). Where the counts are at hand, percentValue rounds once from them instead.
 */
export function percent(r: number | null | undefined): string {
  if (r === null || r === undefined) return '—';
  return `${(Math.round(Number((r * 1000).toPrecision(12))) / 10).toFixed(1)}%`;
}

/** n ÷ d in percent to one place, rounded once from the counts (14 ÷ 17 → 82.4); null when d is 0. */
export function percentValue(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((n * 1000) / d) / 10;
}


/** A phone as a person may see another's (138****5678); one already masked is left as it is. */
export function maskPhone(p: string | null | undefined): string {
  if (!p) return '';
  return /^\d{11}$/.test(p) ? `${p.slice(0, 3)}****${p.slice(7)}` : p;
}
