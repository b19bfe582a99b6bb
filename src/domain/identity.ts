/**
 * Checks and masks for the identifiers in a case: resident ID numbers (GB 11643-1999),
 * unified social credit codes (GB 32100-2015), mainland mobile numbers and courts' case numbers.
 * The API and the pages both check with these (no I/O, nothing of Node).
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999: 17 digits (region, birth date, sequence) and an ISO 7064 MOD 11-2 check character. */
export function idNumberProblem(value: string, today?: string): string | null {
  if (!/^\d{17}[\dX]$/.test(value)) return 'must be 18 characters: 17 digits and a digit or X';
  const birth = value.slice(6, 14);
  const y = Number(birth.slice(0, 4));
  const m = Number(birth.slice(4, 6));
  const d = Number(birth.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return 'has an impossible date of birth';
  }
  if (today && `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}` > today) return 'has a date of birth in the future';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * ID_WEIGHTS[i];
  if (ID_CHECK[sum % 11] !== value[17]) return 'has a wrong check digit';
  return null;
}

/** The check character that completes the first 17 characters of an ID number. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015: 18 characters from a 31-character set, the last a MOD 31 check character. */
export function creditCodeProblem(value: string): string | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) {
    return 'must be 18 characters of a unified social credit code';
  }
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17]) return 'has a wrong check character';
  return null;
}

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/**
 * The number of a court's ruling (裁定书), as 最高人民法院《关于人民法院案件案号的若干规定》 writes
 * it: the year in brackets, the court's code, the kind of case, the serial and 号, e.g.
 * （2026）桂1023民特123号. The first group is the year.
 */
export const RULING_NUMBER = /^（(\d{4})）[\u4e00-\u9fff]{1,4}\d{0,6}[\u4e00-\u9fff]{1,8}\d{1,8}号(之[一二三四五六七八九十\d]+)?$/;

/** A case number as people type it, in the official form: no spaces, full-width brackets. */
export function normaliseRulingNumber(raw: string): string {
  return raw.replace(/\s+/g, '').replace(/[(〔[]/g, '（').replace(/[)〕\]]/g, '）');
}

/** SPEC §7: 4510**********1234 — region prefix and last four kept. */
export function maskIdNumber(value: string | null): string | null {
  if (value == null) return null;
  return value.slice(0, 4) + '*'.repeat(Math.max(0, value.length - 8)) + value.slice(-4);
}

/** SPEC §7: 138****5678. */
export function maskPhone(value: string | null): string | null {
  if (value == null) return null;
  if (value.length < 8) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

/** Removes anything that looks like an ID number or phone number from free text bound for logs. */
export function scrubPersonalData(text: string): string {
  return text
    .replace(/\d{17}[\dXx]|\d{15}/g, '[id]')
    .replace(/(?<!\d)(?:(?:\+|%2B)?86|0086)?[-\s]?1[3-9]\d{9}(?!\d)/gi, '[phone]');
}
