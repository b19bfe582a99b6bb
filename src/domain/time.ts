/**
 * Legal dates are dates in China time (SPEC §5; 民事诉讼法 art. 85 counts periods in days of the
 * place of the act). China has kept UTC+8 without daylight saving since 1991, so the shift is fixed.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The China-time date (YYYY-MM-DD) on which an instant falls. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function chinaYear(instant: Date): number {
  return Number(chinaDate(instant).slice(0, 4));
}

/** The instant at which a China-time date begins. */
export function chinaMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}

/** An ISO 8601 string with the +08:00 offset, as legal staff read times. */
export function toChinaIso(instant: Date): string {
  const shifted = new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 19)}+08:00`;
}

export function isValidDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
