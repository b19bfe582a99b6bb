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

/**
 * A court's case number as 最高人民法院《关于人民法院案件案号的若干规定》 writes it, e.g.
 * （2026）桂1023民特123号; half-width brackets and stray spaces are put right, as the API does.
 */
export function normaliseRulingNumber(raw: string): string {
  return raw.replace(/\s+/g, '').replace(/[(〔[]/g, '（').replace(/[)〕\]]/g, '）');
}

const RULING_NUMBER = /^（(\d{4})）[\u4e00-\u9fff]{1,4}\d{0,6}[\u4e00-\u9fff]{1,8}\d{1,8}号(之[一二三四五六七八九十\d]+)?$/;

export function rulingNumberProblem(raw: string, thisYear: number): string | null {
  const m = RULING_NUMBER.exec(normaliseRulingNumber(raw));
  if (!m) return '案号格式不对，应如（2026）桂1023民特123号';
  if (Number(m[1]) > thisYear) return '案号中的年份晚于今年，请核对';
  return null;
}

/**
 * Brings the first problem of a form where the eye is: scrolled clear of the sticky top bar and,
 * when it is a field, focused (a screen reader then reads its label and message). A field group
 * taller than the screen is shown from its top, where its message is.
 */
export function revealFirstProblem(root: Element | null) {
  if (!root) return;
  const field = root.querySelector<HTMLElement>('.has-error, [aria-invalid="true"], .field-error, .conflict');
  if (!field) return;
  const bar = document.querySelector('.topbar')?.getBoundingClientRect().height ?? 0;
  const box = field.getBoundingClientRect();
  const room = window.innerHeight - bar;
  const top = box.height > room * 0.6 ? box.top - bar - 12 : box.top - bar - (room - box.height) / 2;
  window.scrollTo({ top: Math.max(0, window.scrollY + top) });
  const control = field.matches('input, select, textarea, button')
    ? field
    : field.querySelector<HTMLElement>('[aria-invalid="true"], input:not([type=hidden]), select, textarea, button');
  control?.focus({ preventScroll: true });
}
