/**
 * Checks the pages run before sending, so a person sees a problem at once; the API checks the
 * same things again (src/domain/identity.ts) and its answer is shown the same way.
 */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idNumberProblem(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return '身份证号应为18位：17位数字加最后1位数字或X';
  const y = +v.slice(6, 10);
  const m = +v.slice(10, 12);
  const d = +v.slice(12, 14);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return '身份证号中的出生日期不存在，请核对';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * ID_WEIGHTS[i];
  if (ID_CHECK[sum % 11] !== v[17]) return '身份证号最后一位（校验位）不对，请核对是否输错';
  return null;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeProblem(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(v)) return '统一社会信用代码应为18位（见营业执照）';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(v[i]) * CREDIT_WEIGHTS[i];
  if (CREDIT_CHARS[(31 - (sum % 31)) % 31] !== v[17]) return '统一社会信用代码最后一位（校验位）不对，请核对';
  return null;
}

export const mobileProblem = (v: string) => (/^1[3-9]\d{9}$/.test(v.trim()) ? null : '请填写11位手机号码');
