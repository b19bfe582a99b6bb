/**
 * Reading the State Council's yearly notice on holiday arrangements
 * (国务院办公厅关于YYYY年部分节假日安排的通知) as an administrator pastes it, or dates typed in its
 * manner, into the year's public holidays and make-up working days (调休上班).
 *
 * Pure and dependency-free: the administrator's page imports it to show the result as a month
 * calendar while it is typed, and the server reads the same text with it before storing a year.
 *
 * What it reads, line by line (a line is a paragraph of the notice):
 * - the notice's items: "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。"
 *   — single days, ranges within a month (1月1日至3日) and across months (9月30日至10月8日),
 *   lists with 、, the weekday in brackets (checked against the date), "共N天" (checked against
 *   the range), the holiday's name before the colon, and the make-up days (…上班);
 * - dates written with a year (2022年12月31日), in full-width digits, or in Chinese numerals
 *   (十月一日);
 * - ISO dates and ranges, one per line or in lists (2027-01-01 至 2027-01-03; 上班：2027-02-06);
 * - the notice's title, its document number (国办发明电〔2025〕7号) and the date it was issued;
 *   paragraphs without dates (the preamble, the closing request to arrange duty) are passed over.
 *
 * Every problem names its line (1-based; 0 for the text as a whole) and is written in Chinese.
 */

/** The public holidays of 全国年节及纪念日放假办法 art. 2, as the notices name them. */
export const HOLIDAY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;

export interface NoticeDay {
  /** YYYY-MM-DD. */
  date: string;
  /** The holiday it belongs to, e.g. '春节' or '国庆节、中秋节'; '' when the line names none. */
  name: string;
  /** The line it was read from (1-based). */
  line: number;
}

export interface NoticeProblem {
  /** 1-based line of the text; 0 for the text as a whole. */
  line: number;
  /** The line as typed (trimmed), '' for line 0. */
  text: string;
  message: string;
}

export interface NoticeReading {
  year: number;
  /** The notice's title when the text carries it. */
  title: string | null;
  /** Its document number, e.g. 国办发明电〔2025〕7号. */
  docNumber: string | null;
  /** The date under the signature, YYYY-MM-DD. */
  issuedOn: string | null;
  /** Public holidays of the year, by date, each once. */
  holidays: NoticeDay[];
  /** Weekend days declared working days, by date, each once. */
  makeupWorkdays: NoticeDay[];
  /** What stops the text from being stored; empty when it can be. */
  problems: NoticeProblem[];
  /** What was read but left out, e.g. a weekend day of another year inside a holiday range. */
  notes: NoticeProblem[];
  /** Lines passed over because they carry no dates (preamble, salutation, closing). */
  passedOver: number[];
}

export interface HolidayPeriod {
  name: string;
  from: string;
  to: string;
  days: number;
  /** Make-up working days that go with this holiday. */
  makeupWorkdays: string[];
}

// ---------------------------------------------------------------------------------------------
// Plain dates (self-contained: the browser bundle must not pull in the server's calendar module)

const DAY_MS = 86_400_000;
const WEEKDAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Day number (days since 1970-01-01) of a real date, else null. */
function dayOf(y: number, m: number, d: number): number | null {
  if (!Number.isInteger(y) || y < 1000 || y > 9999 || !Number.isInteger(m) || m < 1 || m > 12 || !Number.isInteger(d) || d < 1 || d > daysInMonth(y, m)) return null;
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function dayOfIso(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? dayOf(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** 周一 … 周日 of a YYYY-MM-DD date. */
export function weekdayZh(date: string): string {
  const day = dayOfIso(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  return WEEKDAY_ZH[weekdayOfDay(day)];
}

/** Whether a YYYY-MM-DD date is a Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const day = dayOfIso(date);
  return day !== null && weekdayOfDay(day) % 6 === 0;
}

/** 1月4日, or 2022年12月31日 when the year is not `year`. */
function monthDayZh(date: string, year?: number): string {
  const y = Number(date.slice(0, 4));
  const md = `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
  return year === undefined || y === year ? md : `${y}年${md}`;
}

// ---------------------------------------------------------------------------------------------
// Names

const NAME_PATTERN = /元旦|春节|清明节?|劳动节|端午节?|中秋节?|国庆节?/g;

/** 清明 → 清明节, 国庆 → 国庆节 …; a list joined with 、 is mapped item by item. */
export function canonicalHolidayName(name: string): string {
  return name
    .split('、')
    .map((n) => {
      const t = n.trim();
      return /^(清明|端午|中秋|国庆)$/.test(t) ? `${t}节` : t;
    })
    .filter(Boolean)
    .join('、');
}

function namesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NAME_PATTERN)) {
    const n = canonicalHolidayName(m[0]);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Normalising a line

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十 → 10, 十二 → 12, 二十八 → 28, 三十一 → 31; null when it is not such a number. */
function chineseNumber(s: string): number | null {
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || !s) return null;
  if (!m[2]) return m[3] ? null : CN_DIGITS[m[1]];
  return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[3] ? CN_DIGITS[m[3]] : 0);
}

/**
 * Full-width forms to ASCII (NFKC), and month and day numbers in Chinese numerals outside
 * brackets (十月一日 → 10月1日; 农历腊月二十八 in brackets is left alone).
 */
function normaliseLine(raw: string): string {
  const s = raw.normalize('NFKC').replace(/[\u00A0\u3000\s]+/g, ' ').trim();
  let out = '';
  let depth = 0;
  let segment = '';
  const flush = () => {
    out += segment
      .replace(/元月/g, '1月')
      .replace(/([〇零一二两三四五六七八九十]{1,3})(?=[月日号])/g, (all, n: string, at: number, whole: string) => {
        // "周日" / "星期日" name a weekday, not a day of the month.
        if (whole[at - 1] === '周' || whole.slice(Math.max(0, at - 2), at) === '星期') return all;
        const v = chineseNumber(n);
        return v === null ? all : String(v);
      });
    segment = '';
  };
  for (const ch of s) {
    if (ch === '(' || ch === '【' || ch === '[') {
      if (depth === 0) flush();
      depth++;
      out += ch;
    } else if ((ch === ')' || ch === '】' || ch === ']') && depth > 0) {
      depth--;
      out += ch;
    } else if (depth > 0) out += ch;
    else segment += ch;
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tokens

type Tok =
  | { t: 'date'; y: number | null; m: number | null; d: number; raw: string }
  | { t: 'year'; y: number; raw: string }
  | { t: 'weekday'; w: number; raw: string }
  | { t: 'note'; raw: string }
  | { t: 'range'; raw: string }
  | { t: 'list'; raw: string }
  | { t: 'end'; raw: string }
  | { t: 'kw'; kind: Kind; raw: string }
  | { t: 'count'; n: number; raw: string }
  | { t: 'junk'; raw: string; message: string }
  | { t: 'word'; raw: string };

type Kind = 'holiday' | 'work';

const WEEKDAY_CHARS: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

interface Rule {
  re: RegExp;
  tok: (m: RegExpExecArray) => Tok | null;
}

const RULES: Rule[] = [
  { re: /\s+/y, tok: () => null },
  { re: /\(([^()]*)\)|\[([^[\]]*)\]|【([^【】]*)】/y, tok: (m) => ({ t: 'note', raw: m[0] }) },
  { re: /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)[日号]?/y, tok: (m) => ({ t: 'date', y: +m[1], m: +m[2], d: +m[3], raw: m[0] }) },
  { re: /(\d{4})年(\d{1,2})月(\d{1,2})[日号]/y, tok: (m) => ({ t: 'date', y: +m[1], m: +m[2], d: +m[3], raw: m[0] }) },
  { re: /(\d{1,2})月(\d{1,2})[日号]/y, tok: (m) => ({ t: 'date', y: null, m: +m[1], d: +m[2], raw: m[0] }) },
  { re: /(\d{1,2})[日号]/y, tok: (m) => ({ t: 'date', y: null, m: null, d: +m[1], raw: m[0] }) },
  { re: /(\d{4})年(?!\d{1,2}月)/y, tok: (m) => ({ t: 'year', y: +m[1], raw: m[0] }) },
  { re: /(?:共|放假|连休)(\d{1,3})天/y, tok: (m) => ({ t: 'count', n: +m[1], raw: m[0] }) },
  { re: /\d{1,3}天/y, tok: (m) => ({ t: 'word', raw: m[0] }) },
  { re: /(?:周|星期|礼拜)([日天一二三四五六])/y, tok: (m) => ({ t: 'weekday', w: WEEKDAY_CHARS[m[1]], raw: m[0] }) },
  { re: /至|到|~|〜|—+|–|-/y, tok: (m) => ({ t: 'range', raw: m[0] }) },
  { re: /[、,]|和|及|与/y, tok: (m) => ({ t: 'list', raw: m[0] }) },
  { re: /[。;.]/y, tok: (m) => ({ t: 'end', raw: m[0] }) },
  { re: /上班|补班/y, tok: (m) => ({ t: 'kw', kind: 'work', raw: m[0] }) },
  { re: /放假|休假|休息/y, tok: (m) => ({ t: 'kw', kind: 'holiday', raw: m[0] }) },
  { re: /\d{1,2}月\d{1,2}(?![\d日号])/y, tok: (m) => ({ t: 'junk', raw: m[0], message: `“${m[0]}”后面少了“日”` }) },
  { re: /\d+/y, tok: (m) => ({ t: 'junk', raw: m[0], message: `读不懂“${m[0]}”：日期请写成“1月3日”“3日”或“2027-01-03”` }) },
];

function tokenize(line: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  outer: while (i < line.length) {
    for (const rule of RULES) {
      rule.re.lastIndex = i;
      const m = rule.re.exec(line);
      if (m && m[0].length > 0) {
        const tok = rule.tok(m);
        if (tok) out.push(tok);
        i += m[0].length;
        continue outer;
      }
    }
    const ch = String.fromCodePoint(line.codePointAt(i)!);
    out.push({ t: 'word', raw: ch });
    i += ch.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading

const TITLE = /国务院办公厅关于(\d{4})年.{0,12}?节假日安排的通知/;
const DOC_NUMBER = /(国办发(?:明电)?)\s*[〔[【(]\s*(\d{4})\s*[〕\]】)]\s*(\d{1,3})\s*号/;
const SIGNATURE = /^国务院办公厅$/;
const ISSUED = /^(?:国务院办公厅\s*)?(\d{4})年(\d{1,2})月(\d{1,2})日$/;
/** Digits a line without dates may carry and still be prose: years ("2026年") only. */
const YEAR_ONLY = /\d{4}年/g;
/** Longest plausible holiday period; a longer range is a typing mistake. */
const MAX_RANGE_DAYS = 31;

interface Read {
  day: number;
  kind: Kind;
  name: string;
  line: number;
}

export function readHolidayNotice(text: string, year: number): NoticeReading {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  const rawLines = text.split(/\r\n|\r|\n/);
  const problems: NoticeProblem[] = [];
  const notes: NoticeProblem[] = [];
  const passedOver: number[] = [];
  const read: Read[] = [];
  let title: string | null = null;
  let docNumber: string | null = null;
  let issuedOn: string | null = null;
  let afterSignature = false;

  rawLines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const shown = rawLine.trim();
    const problem = (message: string) => {
      if (!problems.some((p) => p.line === lineNo && p.message === message)) problems.push({ line: lineNo, text: shown, message });
    };
    const line = normaliseLine(rawLine);
    if (!line) return;

    // The title, the document number and the signature: recorded, not read for dates.
    const titleMatch = TITLE.exec(line);
    const docMatch = DOC_NUMBER.exec(line);
    if (titleMatch || docMatch) {
      if (titleMatch) {
        title = titleMatch[0];
        if (Number(titleMatch[1]) !== year) problem(`这是${titleMatch[1]}年的通知，所选年份是${year}年`);
      }
      if (docMatch) docNumber = `${docMatch[1]}〔${docMatch[2]}〕${Number(docMatch[3])}号`;
      return;
    }
    if (SIGNATURE.test(line)) {
      afterSignature = true;
      return;
    }
    const issued = ISSUED.exec(line);
    if (issued && (afterSignature || line.startsWith('国务院办公厅'))) {
      const day = dayOf(+issued[1], +issued[2], +issued[3]);
      if (day !== null) issuedOn = isoOf(day);
      afterSignature = false;
      return;
    }
    afterSignature = false;

    const body = line.replace(/^(?:[一二三四五六七八九十]{1,3}[、.]|\(?[一二三四五六七八九十]{1,3}\)|\d{1,2}[、.](?!\d)|\(\d{1,2}\))\s*/, '');
    if (!tokenize(body).some((t) => t.t === 'date' || t.t === 'junk')) {
      const digits = body.replace(YEAR_ONLY, '').replace(/\([^()]*\)/g, '');
      if (/放假|上班|补班/.test(body) && !/通知|安排如下/.test(body)) problem('这一行说到放假或上班，但没有读出日期');
      else if (/[0-9]/.test(digits)) problem('读不出日期：日期请写成“1月3日”“3日”或“2027-01-03”');
      else passedOver.push(lineNo);
      return;
    }
    // A heading before the colon ("一、元旦：", "上班：", a special day's full name) is not read for dates.
    const colon = body.indexOf(':');
    const head = colon > 0 && colon <= 40 ? body.slice(0, colon) : '';
    const headed = head !== '' && !tokenize(head).some((t) => t.t === 'date');
    readLine(tokenize(headed ? body.slice(colon + 1) : body), headed ? head.trim() : '', headed ? body.slice(colon + 1) : body, year, lineNo, problem, read);
  });

  // Collect by date: the first reading of a date keeps its line; names of the same date join.
  const holidays = new Map<number, Read>();
  const makeup = new Map<number, Read>();
  for (const r of read) {
    const lineText = rawLines[r.line - 1].trim();
    const date = isoOf(r.day);
    const y = Number(date.slice(0, 4));
    const other = r.kind === 'holiday' ? makeup : holidays;
    const same = r.kind === 'holiday' ? holidays : makeup;
    if (y !== year) {
      if (r.kind === 'holiday' && weekdayOfDay(r.day) % 6 === 0) {
        notes.push({ line: r.line, text: lineText, message: `${monthDayZh(date, year)}（${WEEKDAY_ZH[weekdayOfDay(r.day)]}）属于${y}年，本来就是休息日，不计入${year}年` });
      } else {
        problems.push({
          line: r.line,
          text: lineText,
          message: `${monthDayZh(date, year)}不在${year}年内${r.kind === 'work' ? `：这个调休上班日应在${y}年的安排中载入` : `：请在${y}年的安排中载入`}`,
        });
      }
      continue;
    }
    if (other.has(r.day)) {
      problems.push({ line: r.line, text: lineText, message: `${monthDayZh(date)}既写作放假，又写作上班` });
      continue;
    }
    if (r.kind === 'work' && weekdayOfDay(r.day) % 6 !== 0) {
      problems.push({ line: r.line, text: lineText, message: `${monthDayZh(date)}是${WEEKDAY_ZH[weekdayOfDay(r.day)]}，调休上班日应是周六或周日` });
      continue;
    }
    const seen = same.get(r.day);
    if (seen) {
      if (r.name && !seen.name.split('、').includes(r.name)) seen.name = seen.name ? canonicalHolidayName(`${seen.name}、${r.name}`) : r.name;
    } else same.set(r.day, { ...r });
  }

  const list = (m: Map<number, Read>): NoticeDay[] =>
    [...m.values()].sort((a, b) => a.day - b.day).map((r) => ({ date: isoOf(r.day), name: r.name, line: r.line }));
  const out: NoticeReading = {
    year,
    title,
    docNumber,
    issuedOn,
    holidays: list(holidays),
    makeupWorkdays: list(makeup),
    problems,
    notes,
    passedOver,
  };
  if (!out.holidays.length && !problems.length) problems.push({ line: 0, text: '', message: '没有读到任何放假日期' });
  problems.sort((a, b) => a.line - b.line);
  return out;
}

/** One line's tokens → days read (into `out`) and problems. */
function readLine(toks: Tok[], heading: string, body: string, year: number, lineNo: number, problem: (m: string) => void, out: Read[]) {
  const headingKind: Kind | null = /上班|补班/.test(heading) ? 'work' : /放假|休假|休息|假日|节假/.test(heading) ? 'holiday' : null;
  const headingNames = namesIn(heading);
  // A heading that is neither a known holiday nor 上班/放假 names a special day (2015's 抗战胜利70周年纪念日).
  const lineNames = headingNames.length
    ? headingNames
    : heading && !headingKind
      ? [heading]
      : namesIn(body.replace(/\([^()]*\)/g, ''));
  let contextYear = year;
  let contextMonth: number | null = null;

  // Split into sentences at 。 and ;.
  const sentences: Tok[][] = [[]];
  for (const t of toks) {
    if (t.t === 'end') sentences.push([]);
    else sentences[sentences.length - 1].push(t);
  }

  for (const sentence of sentences) {
    if (!sentence.length) continue;
    const sentenceNames = namesIn(sentence.filter((t) => t.t === 'word' || t.t === 'kw').map((t) => t.raw).join(''));
    const name = (sentenceNames.length ? sentenceNames : lineNames).join('、');

    /** An item: one day or a range, as day numbers, with what it was written as. */
    type Item = { from: number; to: number; raw: string };
    let pending: Item[] = [];
    let lastKind: Kind | null = headingKind;
    let claimed: { n: number; raw: string } | null = null;
    const assigned: { items: Item[]; kind: Kind }[] = [];
    /** The date just read, for a weekday in brackets after it. */
    let last: { day: number; raw: string } | null = null;
    let rangeStart: { day: number; raw: string; m: number; y: number } | null = null;
    let expectRangeEnd = false;

    const resolve = (t: Extract<Tok, { t: 'date' }>, after: { m: number; y: number } | null): { day: number; m: number; y: number } | null => {
      let y = t.y ?? contextYear;
      const m = t.m ?? contextMonth;
      if (m === null) {
        problem(`“${t.raw}”没有写月份`);
        return null;
      }
      // A range end without a year that comes before its start in the month order is in the next year (12月31日至1月2日).
      if (t.y === null && after && m < after.m) y = after.y + 1;
      const day = dayOf(y, m, t.d);
      if (day === null) {
        problem(`${t.y !== null ? `${t.y}年` : ''}${m}月${t.d}日不存在`);
        return null;
      }
      contextYear = y;
      contextMonth = m;
      return { day, m, y };
    };

    for (let i = 0; i < sentence.length; i++) {
      const t = sentence[i];
      switch (t.t) {
        case 'date': {
          const r = resolve(t, expectRangeEnd ? rangeStart : null);
          if (!r) {
            expectRangeEnd = false;
            rangeStart = null;
            last = null;
            break;
          }
          if (expectRangeEnd && rangeStart) {
            if (r.day < rangeStart.day) {
              problem(`“${rangeStart.raw}至${t.raw}”结束早于开始`);
              pending.pop();
            } else if (r.day - rangeStart.day + 1 > MAX_RANGE_DAYS) {
              problem(`“${rangeStart.raw}至${t.raw}”长达${r.day - rangeStart.day + 1}天，请检查`);
              pending.pop();
            } else {
              pending.pop();
              pending.push({ from: rangeStart.day, to: r.day, raw: `${rangeStart.raw}至${t.raw}` });
            }
            expectRangeEnd = false;
            rangeStart = null;
          } else {
            pending.push({ from: r.day, to: r.day, raw: t.raw });
            rangeStart = { day: r.day, raw: t.raw, m: r.m, y: r.y };
          }
          last = { day: r.day, raw: t.raw };
          break;
        }
        case 'year':
          contextYear = t.y;
          break;
        case 'note':
        case 'weekday': {
          const w = t.t === 'weekday' ? t.w : weekdayIn(t.raw);
          if (w !== null && last) {
            const actual = weekdayOfDay(last.day);
            if (actual !== w) {
              problem(`${monthDayZh(isoOf(last.day), year)}是${WEEKDAY_ZH[actual]}，这里写的是${WEEKDAY_ZH[w]}：请核对年份和日期`);
            }
          }
          break;
        }
        case 'range': {
          const prev = previousMeaningful(sentence, i);
          const next = nextMeaningful(sentence, i);
          if (prev?.t === 'date' && next?.t === 'date' && rangeStart) expectRangeEnd = true;
          else if ((t.raw === '至' || t.raw === '到') && prev?.t !== 'junk' && next?.t !== 'junk') {
            problem(`“${t.raw}”前后应各有一个日期`);
          }
          break;
        }
        case 'list':
          rangeStart = null;
          break;
        case 'kw':
          if (pending.length) {
            assigned.push({ items: pending, kind: t.kind });
            pending = [];
          }
          lastKind = t.kind;
          rangeStart = null;
          break;
        case 'count':
          claimed = { n: t.n, raw: t.raw };
          // "放假1天" also says what the dates before it are.
          if (!t.raw.startsWith('共')) {
            if (pending.length) assigned.push({ items: pending, kind: 'holiday' });
            pending = [];
            lastKind = 'holiday';
            rangeStart = null;
          }
          break;
        case 'junk':
          problem(t.message);
          break;
        case 'word':
          break;
      }
    }
    if (pending.length) assigned.push({ items: pending, kind: lastKind ?? 'holiday' });

    let holidayDays = 0;
    for (const { items, kind } of assigned) {
      for (const item of items) {
        for (let d = item.from; d <= item.to; d++) {
          out.push({ day: d, kind, name, line: lineNo });
          if (kind === 'holiday') holidayDays++;
        }
      }
    }
    if (claimed && holidayDays > 0 && claimed.n !== holidayDays) {
      problem(`写的是“${claimed.raw}”，读出的放假日期是${holidayDays}天`);
    }
  }
}

function weekdayIn(note: string): number | null {
  const m = /(?:周|星期|礼拜)([日天一二三四五六])/.exec(note);
  return m ? WEEKDAY_CHARS[m[1]] : null;
}

const MEANINGFUL = new Set(['date', 'range', 'list', 'kw', 'count', 'junk', 'year']);

function previousMeaningful(toks: Tok[], i: number): Tok | undefined {
  for (let j = i - 1; j >= 0; j--) if (MEANINGFUL.has(toks[j].t)) return toks[j];
  return undefined;
}

function nextMeaningful(toks: Tok[], i: number): Tok | undefined {
  for (let j = i + 1; j < toks.length; j++) if (MEANINGFUL.has(toks[j].t)) return toks[j];
  return undefined;
}

/** What to record as a manual entry's source when the administrator writes none: the notice's title and number. */
export function sourceOf(reading: Pick<NoticeReading, 'title' | 'docNumber'>): string {
  if (reading.title && reading.docNumber) return `${reading.title}（${reading.docNumber}）`;
  return reading.title ?? reading.docNumber ?? '';
}

// ---------------------------------------------------------------------------------------------
// Checking dates given as lists (PUT /calendar/:year with holidays and makeupWorkdays)

export interface ListProblem {
  list: 'holidays' | 'makeupWorkdays';
  /** Index in the list; -1 for the list as a whole. */
  index: number;
  message: string;
}

/** What is wrong with a year's dates given as two lists of YYYY-MM-DD; empty when they can be stored. */
export function checkYearDates(year: number, holidays: readonly string[], makeupWorkdays: readonly string[]): ListProblem[] {
  const problems: ListProblem[] = [];
  for (const list of ['holidays', 'makeupWorkdays'] as const) {
    const seen = new Set<string>();
    (list === 'holidays' ? holidays : makeupWorkdays).forEach((d, index) => {
      const day = typeof d === 'string' ? dayOfIso(d) : null;
      if (day === null) problems.push({ list, index, message: '不是有效日期，应写作 YYYY-MM-DD' });
      else if (!d.startsWith(`${year}-`)) problems.push({ list, index, message: `${d} 不在${year}年内` });
      else if (seen.has(d)) problems.push({ list, index, message: `${d} 重复了` });
      else if (list === 'makeupWorkdays' && weekdayOfDay(day) % 6 !== 0) problems.push({ list, index, message: `${d} 是${WEEKDAY_ZH[weekdayOfDay(day)]}，调休上班日应是周六或周日` });
      seen.add(d);
    });
  }
  const h = new Set(holidays);
  makeupWorkdays.forEach((d, index) => {
    if (h.has(d)) problems.push({ list: 'makeupWorkdays', index, message: `${d} 既是放假日又是调休上班日` });
  });
  if (!holidays.length) problems.push({ list: 'holidays', index: -1, message: '至少要有一个放假日期' });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Describing a year

/**
 * The holiday periods of a year: runs of consecutive holidays, named by the holidays in them,
 * with the make-up days of the same name (or else the nearest period's).
 */
export function holidayPeriods(holidays: readonly string[], makeupWorkdays: readonly string[], names: Readonly<Record<string, string>> = {}): HolidayPeriod[] {
  const days = [...new Set(holidays)].map((d) => [dayOfIso(d), d] as const).filter((x): x is [number, string] => x[0] !== null).sort((a, b) => a[0] - b[0]);
  const periods: (HolidayPeriod & { first: number; last: number })[] = [];
  for (const [day, date] of days) {
    const prev = periods[periods.length - 1];
    const name = canonicalHolidayName(names[date] ?? '');
    if (prev && day === prev.last + 1) {
      prev.last = day;
      prev.to = date;
      prev.days++;
      if (name) prev.name = canonicalHolidayName(prev.name ? [...new Set([...prev.name.split('、'), ...name.split('、')])].join('、') : name);
    } else periods.push({ name, from: date, to: date, days: 1, makeupWorkdays: [], first: day, last: day });
  }
  for (const date of [...new Set(makeupWorkdays)].sort()) {
    const day = dayOfIso(date);
    if (day === null || !periods.length) continue;
    const name = canonicalHolidayName(names[date] ?? '');
    const distance = (p: { first: number; last: number }) => (day < p.first ? p.first - day : day > p.last ? day - p.last : 0);
    const candidates = name ? periods.filter((p) => p.name.split('、').some((n) => name.split('、').includes(n))) : [];
    const pool = candidates.length ? candidates : periods;
    const best = pool.reduce((a, b) => (distance(b) < distance(a) ? b : a));
    best.makeupWorkdays.push(date);
  }
  return periods.map(({ first: _f, last: _l, ...p }) => p);
}

/** "1月1日至3日", "9月30日至10月8日", "5月1日". */
export function rangeZh(from: string, to: string): string {
  if (from === to) return monthDayZh(from);
  const sameMonth = from.slice(0, 7) === to.slice(0, 7);
  return `${monthDayZh(from)}至${sameMonth ? `${Number(to.slice(8, 10))}日` : monthDayZh(to)}`;
}

/**
 * A year's dates written the way the notice writes them, one holiday a line, which
 * readHolidayNotice reads back to the same dates: "春节：2月15日至23日放假，共9天。2月14日、2月28日上班。"
 */
export function describeYear(year: number, holidays: readonly string[], makeupWorkdays: readonly string[], names: Readonly<Record<string, string>> = {}): string {
  const periods = holidayPeriods(holidays, makeupWorkdays, names);
  return periods
    .map((p) => {
      const head = p.name ? `${p.name}：` : '';
      const work = p.makeupWorkdays.length ? `${p.makeupWorkdays.map((d) => monthDayZh(d, year)).join('、')}上班。` : '';
      return `${head}${rangeZh(p.from, p.to)}放假，共${p.days}天。${work}`;
    })
    .join('\n');
}
