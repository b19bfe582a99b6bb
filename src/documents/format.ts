/**
 * How values are written on a document, in the forms Chinese legal documents use: the date line
 * in Chinese numerals (二〇二六年十二月六日), dates in the body in Arabic numerals (2026年3月2日),
 * times of a session with the weekday, sums in yuan and, where the sum is agreed, in capital
 * numerals (大写) as well. Pure; the facts (facts.ts) are written with these.
 */
import { chineseNumeral } from '../domain/law.js';
import { chinaDate, toChinaIso } from '../domain/time.js';

const DIGIT_ZH = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** The date line of a document: 二〇二六年十二月六日 (the year digit by digit, month and day as numbers). */
export function chineseDateLine(date: string): string {
  const [y, m, d] = date.split('-');
  return `${[...y].map((c) => DIGIT_ZH[Number(c)]).join('')}年${chineseNumeral(Number(m))}月${chineseNumeral(Number(d))}日`;
}

/** A legal date (YYYY-MM-DD) in the body: 2026年3月2日. */
export function dateZh(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The China-time date of an instant, in the body's form. */
export const instantDateZh = (at: Date) => dateZh(chinaDate(at));

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** When a session is held, in China time: 2026年3月9日（星期一）上午9时30分. */
export function sessionTimeZh(at: Date): string {
  const local = toChinaIso(at);
  const date = local.slice(0, 10);
  const hour = Number(local.slice(11, 13));
  const minute = Number(local.slice(14, 16));
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
  const part = hour < 12 ? '上午' : '下午';
  const h12 = hour <= 12 ? hour : hour - 12;
  return `${dateZh(date)}（星期${weekday}）${part}${h12}时${minute ? `${minute}分` : ''}`;
}

/** A sum of money: 人民币15,000.00元. */
export function yuan(fen: number): string {
  const whole = Math.floor(fen / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `人民币${whole}.${String(fen % 100).padStart(2, '0')}元`;
}

const UPPER = '零壹贰叁肆伍陆柒捌玖';
const PLACE = ['', '拾', '佰', '仟'];
const SECTION = ['', '万', '亿', '万亿'];

/** 0–9999 in capital numerals, zeros between digits read as one 零: 1005 → 壹仟零伍. */
function sectionUpper(n: number): string {
  let out = '';
  let zero = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(n / 10 ** place) % 10;
    if (digit === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += UPPER[digit] + PLACE[place];
  }
  return out;
}

function integerUpper(n: number): string {
  const sections: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10000)) sections.push(rest % 10000);
  let out = '';
  let zero = false;
  for (let i = sections.length - 1; i >= 0; i--) {
    const s = sections[i];
    if (s === 0) {
      zero = out !== '';
      continue;
    }
    if (out !== '' && (zero || s < 1000)) out += '零';
    zero = false;
    out += sectionUpper(s) + SECTION[i];
  }
  return out;
}

/** A sum in capital numerals as a receipt or an agreement writes it: 壹万伍仟元整, 壹佰元零伍分. */
export function yuanUpper(fen: number): string {
  if (!Number.isInteger(fen) || fen < 0) throw new RangeError(`not a sum of fen: ${fen}`);
  if (fen === 0) return '零元整';
  const whole = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = whole > 0 ? `${integerUpper(whole)}元` : '';
  if (jiao === 0 && cents === 0) return `${out}整`;
  if (jiao > 0) out += `${UPPER[jiao]}角`;
  else if (whole > 0) out += '零';
  return cents > 0 ? `${out}${UPPER[cents]}分` : `${out}整`;
}

/** A verification code as printed, in groups of four: ABCD-EFGH-JKLM. */
export const groupedCode = (code: string) => code.match(/.{1,4}/g)!.join('-');
