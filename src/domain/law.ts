/**
 * The laws the clocks and referral routes rest on, as data, and the Chinese citation form every
 * page shows: 《劳动争议调解仲裁法》第十四条第三款, 第四十八条、第五十条, 第四十八条至第五十一条.
 * Article numbers follow the text in force: 民事诉讼法 as amended in 2023 (in force 2024-01-01),
 * 劳动人事争议仲裁办案规则 of 2017 (人力资源社会保障部令第33号).
 */

export interface Law {
  /** The full title, without book-title marks: 中华人民共和国劳动争议调解仲裁法. */
  title: string;
  /** The title as commonly cited, without the country name: 劳动争议调解仲裁法. */
  short: string;
  /** 法律, 行政法规, 部门规章 or 司法解释. */
  rank: '法律' | '行政法规' | '部门规章' | '司法解释';
  /** The version whose article numbers are cited. */
  version: string;
}

export const LAWS = {
  labourDisputeMediationArbitration: {
    title: '中华人民共和国劳动争议调解仲裁法',
    short: '劳动争议调解仲裁法',
    rank: '法律',
    version: '2007年12月29日通过，2008年5月1日起施行',
  },
  peoplesMediation: {
    title: '中华人民共和国人民调解法',
    short: '人民调解法',
    rank: '法律',
    version: '2010年8月28日通过，2011年1月1日起施行',
  },
  civilProcedure: {
    title: '中华人民共和国民事诉讼法',
    short: '民事诉讼法',
    rank: '法律',
    version: '2023年9月1日第五次修正，2024年1月1日起施行',
  },
  civilCode: {
    title: '中华人民共和国民法典',
    short: '民法典',
    rank: '法律',
    version: '2020年5月28日通过，2021年1月1日起施行',
  },
  arbitrationRules: {
    title: '劳动人事争议仲裁办案规则',
    short: '劳动人事争议仲裁办案规则',
    rank: '部门规章',
    version: '人力资源社会保障部令第33号，2017年7月1日起施行',
  },
  enterpriseMediation: {
    title: '企业劳动争议协商调解规定',
    short: '企业劳动争议协商调解规定',
    rank: '部门规章',
    version: '人力资源和社会保障部令第17号，2012年1月1日起施行',
  },
  workingHours: {
    title: '国务院关于职工工作时间的规定',
    short: '国务院关于职工工作时间的规定',
    rank: '行政法规',
    version: '1995年3月25日修订，1995年5月1日起施行',
  },
} as const satisfies Record<string, Law>;

export type LawKey = keyof typeof LAWS;

/** Several articles in a row: 第四十八条至第五十一条. */
export interface ArticleRange {
  from: number;
  to: number;
}

/** One citation of a law: the law, optionally its article(s) and paragraph, and a note in Chinese. */
export interface Citation {
  law: LawKey;
  /** One article, several (第四十八条、第五十条) or a range (第四十八条至第五十一条); none cites the whole law. */
  article?: number | readonly number[] | ArticleRange;
  /** 款, only with a single article. */
  paragraph?: number;
  /** What the provision says, in Chinese, shown in full-width brackets after the citation. */
  note?: string;
}

/** A source that is not a law, in Chinese: the agreement's own terms, a service standard. */
export interface OtherSource {
  text: string;
}

/** What a period or a route rests on: citations and other sources, in the order they are read. */
export type LegalBasis = readonly (Citation | OtherSource)[];

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const UNITS = ['', '十', '百', '千'] as const;

/**
 * An integer from 1 to 9999 in Chinese numerals as article numbers are written: 十四, 二十九,
 * 一百一十, 一百八十七, 二百零五, 一千零一十. A run of zeros between digits reads as one 零; a
 * number from 10 to 19 starts with 十, not 一十.
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new RangeError(`not an article number (1–9999): ${n}`);
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = UNITS[digits.length - 1 - i];
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += d === 1 && unit === '十' && out === '' ? '十' : DIGITS[d] + unit;
  });
  return out;
}

/** 第十四条 */
export function articleZh(n: number): string {
  return `第${chineseNumeral(n)}条`;
}

function articlesZh(a: Citation['article']): string {
  if (a === undefined) return '';
  if (typeof a === 'number') return articleZh(a);
  if (isRange(a)) {
    if (!(a.from < a.to)) throw new RangeError(`an article range must run upwards: ${a.from}–${a.to}`);
    return `${articleZh(a.from)}至${articleZh(a.to)}`;
  }
  if (a.length === 0) throw new RangeError('an article list must not be empty');
  return a.map(articleZh).join('、');
}

function isRange(a: number | readonly number[] | ArticleRange): a is ArticleRange {
  return typeof a === 'object' && !Array.isArray(a);
}

/** The book-title-marked name of a law: 《劳动争议调解仲裁法》, or with `full` 《中华人民共和国劳动争议调解仲裁法》. */
export function lawTitle(law: LawKey, full = false): string {
  return `《${full ? LAWS[law].title : LAWS[law].short}》`;
}

/** 《劳动争议调解仲裁法》第十四条第三款（自调解组织收到调解申请之日起计算） */
export function citationZh(c: Citation, opts: { full?: boolean } = {}): string {
  if (!(c.law in LAWS)) throw new RangeError(`unknown law: ${String(c.law)}`);
  if (c.paragraph !== undefined) {
    if (typeof c.article !== 'number') throw new RangeError('a paragraph is cited only with a single article');
    if (!Number.isInteger(c.paragraph) || c.paragraph < 1) throw new RangeError(`not a paragraph number: ${c.paragraph}`);
  }
  const paragraph = c.paragraph === undefined ? '' : `第${chineseNumeral(c.paragraph)}款`;
  const note = c.note ? `（${c.note}）` : '';
  return `${lawTitle(c.law, opts.full)}${articlesZh(c.article)}${paragraph}${note}`;
}

/** Every source in order, separated by full-width semicolons: 《人民调解法》第三十三条；《民事诉讼法》第二百零五条 */
export function basisZh(basis: LegalBasis, opts: { full?: boolean } = {}): string {
  if (basis.length === 0) throw new RangeError('a legal basis needs at least one source');
  return basis.map((s) => ('law' in s ? citationZh(s, opts) : s.text)).join('；');
}
