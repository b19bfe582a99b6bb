/**
 * Reading the State Council's holiday notice (src/domain/holidayNotice.ts): the notices for 2025
 * and 2026 as they read, compared with the official data of the `chinese-days` package; the
 * notice's ways of writing dates; and every problem, on its line, in Chinese.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  canonicalHolidayName,
  checkYearDates,
  describeYear,
  holidayPeriods,
  readHolidayNotice,
  sourceOf,
  type NoticeReading,
} from '../../src/domain/holidayNotice.js';

const official = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};
/** chinese-days's dates of a year, and the Chinese name it gives each ("Spring Festival,春节,4"). */
function packageYear(year: number) {
  const pick = (o: Record<string, string>) => Object.keys(o).filter((d) => d.startsWith(`${year}-`)).sort();
  const name = (o: Record<string, string>, d: string) => canonicalHolidayName(o[d].split(',')[1]);
  const holidays = pick(official.holidays);
  const makeupWorkdays = pick(official.workdays);
  return {
    holidays,
    makeupWorkdays,
    holidayName: (d: string) => name(official.holidays, d),
    makeupName: (d: string) => name(official.workdays, d),
    names: Object.fromEntries([...holidays.map((d) => [d, name(official.holidays, d)]), ...makeupWorkdays.map((d) => [d, name(official.workdays, d)])]),
  };
}

const dates = (r: NoticeReading) => ({ holidays: r.holidays.map((d) => d.date), makeupWorkdays: r.makeupWorkdays.map((d) => d.date) });

// The notices as published, a paragraph a line: the salutation, preamble and closing carry no
// dates; then the signature and the date of issue.
const NOTICE_2025 = `国务院办公厅关于2025年部分节假日安排的通知
国办发明电〔2024〕12号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，根据《国务院关于修改〈全国年节及纪念日放假办法〉的决定》，现将2025年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。

国务院办公厅
2024年11月12日
（此件公开发布）`;

const NOTICE_2026 = `国务院办公厅关于2026年部分节假日安排的通知
国办发明电〔2025〕7号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
　　二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
　　三、清明节：4月4日（周六）至6日（周一）放假，共3天。
　　四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
　　五、端午节：6月19日（周五）至21日（周日）放假，共3天。
　　六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
　　七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。
国务院办公厅
2025年11月4日`;

// The items of the 2023 notice, whose New Year holiday began in 2022, with weekdays written 星期六.
const NOTICE_2023_ITEMS = `一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
三、清明节：4月5日放假，共1天。
四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。`;

describe('the real notices against the official data (chinese-days)', () => {
  it('2023: the items alone, with a day of 2022 left out and noted', () => {
    const r = readHolidayNotice(NOTICE_2023_ITEMS, 2023);
    expect(r.problems).toEqual([]);
    expect(r.notes.map((n) => n.line)).toEqual([1]);
    const pkg = packageYear(2023);
    expect(dates(r)).toEqual({ holidays: pkg.holidays, makeupWorkdays: pkg.makeupWorkdays });
    expect(r.title).toBeNull();
    expect(sourceOf(r)).toBe('');
  });

  for (const [year, text, doc, issued] of [
    [2025, NOTICE_2025, '国办发明电〔2024〕12号', '2024-11-12'],
    [2026, NOTICE_2026, '国办发明电〔2025〕7号', '2025-11-04'],
  ] as const) {
    it(`${year}: the same holidays and make-up working days, the same names, the title and number`, () => {
      const r = readHolidayNotice(text, year);
      expect(r.problems).toEqual([]);
      expect(r.notes).toEqual([]);
      const pkg = packageYear(year);
      expect(dates(r)).toEqual({ holidays: pkg.holidays, makeupWorkdays: pkg.makeupWorkdays });
      // The notice names each day by its holiday; chinese-days calls 2025-10-06 中秋 inside 国庆节.
      for (const d of r.holidays) expect(d.name.split('、')).toContain(pkg.holidayName(d.date));
      for (const d of r.makeupWorkdays) expect(d.name.split('、')).toContain(pkg.makeupName(d.date));
      expect(r.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
      expect(r.docNumber).toBe(doc);
      expect(r.issuedOn).toBe(issued);
      expect(sourceOf(r)).toBe(`国务院办公厅关于${year}年部分节假日安排的通知（${doc}）`);
      // The salutation, the preamble and the closing paragraph are passed over, not guessed at.
      expect(r.passedOver.length).toBeGreaterThanOrEqual(3);
    });
  }

  it('2025: each day keeps the line it came from and its holiday', () => {
    const r = readHolidayNotice(NOTICE_2025, 2025);
    const lines = NOTICE_2025.split('\n');
    const spring = r.holidays.find((d) => d.date === '2025-01-28')!;
    expect(lines[spring.line - 1]).toMatch(/^二、春节/);
    expect(r.makeupWorkdays.find((d) => d.date === '2025-10-11')).toMatchObject({ name: '国庆节、中秋节' });
  });

  it('writes every year chinese-days has the notice way and reads it back to the same dates', () => {
    const years = [...new Set(Object.keys(official.holidays).map((d) => Number(d.slice(0, 4))))];
    expect(years.length).toBeGreaterThan(20);
    for (const year of years) {
      const pkg = packageYear(year);
      const text = describeYear(year, pkg.holidays, pkg.makeupWorkdays, pkg.names);
      const r = readHolidayNotice(text, year);
      expect(r.problems, `${year}:\n${text}`).toEqual([]);
      expect(dates(r), `${year}:\n${text}`).toEqual({ holidays: pkg.holidays, makeupWorkdays: pkg.makeupWorkdays });
    }
    const pkg = packageYear(2026);
    expect(describeYear(2026, pkg.holidays, pkg.makeupWorkdays, pkg.names).split('\n')).toEqual([
      '元旦：1月1日至3日放假，共3天。1月4日上班。',
      '春节：2月15日至23日放假，共9天。2月14日、2月28日上班。',
      '清明节：4月4日至6日放假，共3天。',
      '劳动节：5月1日至5日放假，共5天。5月9日上班。',
      '端午节：6月19日至21日放假，共3天。',
      '中秋节：9月25日至27日放假，共3天。',
      '国庆节：10月1日至7日放假，共7天。9月20日、10月10日上班。',
    ]);
  });
});

describe('the ways a notice writes dates', () => {
  const read = (text: string, year = 2026) => readHolidayNotice(text, year);

  it('a single day, a range within a month and a range across months', () => {
    expect(dates(read('1月1日放假'))).toEqual({ holidays: ['2026-01-01'], makeupWorkdays: [] });
    expect(dates(read('1月1日至3日'))).toEqual({ holidays: ['2026-01-01', '2026-01-02', '2026-01-03'], makeupWorkdays: [] });
    expect(read('9月30日至10月8日').holidays.map((d) => d.date)).toEqual([
      '2026-09-30', '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08',
    ]);
    expect(read('4月30日到5月4日').holidays.map((d) => d.date)).toEqual(['2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04']);
  });

  it('lists with 、 and a day that takes its month from the day before it', () => {
    expect(dates(read('2月14日（周六）、28日（周六）上班'))).toEqual({ holidays: [], makeupWorkdays: ['2026-02-14', '2026-02-28'] });
    expect(dates(read('1月1日、2月17日和10月1日放假')).holidays).toEqual(['2026-01-01', '2026-02-17', '2026-10-01']);
  });

  it('holidays and make-up days in one sentence, whichever comes first', () => {
    expect(dates(read('1月1日至3日放假，1月4日上班'))).toEqual({ holidays: ['2026-01-01', '2026-01-02', '2026-01-03'], makeupWorkdays: ['2026-01-04'] });
    expect(dates(read('上班：2026-01-04、2026-02-14'))).toEqual({ holidays: [], makeupWorkdays: ['2026-01-04', '2026-02-14'] });
    expect(dates(read('调休上班日 2026-02-28'))).toEqual({ holidays: [], makeupWorkdays: ['2026-02-28'] });
    expect(dates(read('1月1日放假1天，1月4日上班'))).toEqual({ holidays: ['2026-01-01'], makeupWorkdays: ['2026-01-04'] });
  });

  it('the holiday names, in full, from the sentence or else the line', () => {
    const r = read('清明：4月4日至6日\n端午节 6月19日至21日\n国庆节、中秋节：10月1日至2日。9月20日上班\n1月1日');
    expect(r.holidays.map((d) => d.name)).toEqual(['', '清明节', '清明节', '清明节', '端午节', '端午节', '端午节', '国庆节、中秋节', '国庆节、中秋节']);
    expect(r.makeupWorkdays).toEqual([{ date: '2026-09-20', name: '国庆节、中秋节', line: 3 }]);
    expect(read('元旦1月1日放假；春节2月15日放假').holidays.map((d) => d.name)).toEqual(['元旦', '春节']);
  });

  it('full-width digits and punctuation, Chinese numerals, years written out', () => {
    expect(dates(read('１月１日（周四）至３日（周六）放假，共３天。１月４日（周日）上班。'))).toEqual({
      holidays: ['2026-01-01', '2026-01-02', '2026-01-03'],
      makeupWorkdays: ['2026-01-04'],
    });
    expect(dates(read('十月一日至七日放假')).holidays).toHaveLength(7);
    expect(dates(read('二月十四日（周六）、二十八日上班')).makeupWorkdays).toEqual(['2026-02-14', '2026-02-28']);
    expect(dates(read('2026年10月1日至2026年10月3日')).holidays).toEqual(['2026-10-01', '2026-10-02', '2026-10-03']);
  });

  it('ISO dates and ranges, one a line or several in a line', () => {
    const r = read('2027-01-01 至 2027-01-03\n2027-02-06 2027-02-07,2027-02-08\n2027-10-01~2027-10-03\n2027/04/05', 2027);
    expect(r.problems).toEqual([]);
    expect(dates(r).holidays).toEqual([
      '2027-01-01', '2027-01-02', '2027-01-03', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-10-01', '2027-10-02', '2027-10-03',
    ]);
    expect(dates(read('２０２７－０１－０１', 2027)).holidays).toEqual(['2027-01-01']);
  });

  it('a range from the year before: its weekend days are noted and left out, the count still checks', () => {
    // The 2023 notice began its New Year holiday on Saturday 31 December 2022.
    const r = read('一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。', 2023);
    expect(r.problems).toEqual([]);
    expect(dates(r).holidays).toEqual(['2023-01-01', '2023-01-02']);
    expect(r.notes).toEqual([{ line: 1, text: '一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。', message: '2022年12月31日（周六）属于2022年，本来就是休息日，不计入2023年' }]);
    expect(dates(read('12月31日至1月2日', 2026)).holidays).toEqual(['2026-12-31']);
  });

  it('passes over paragraphs without dates and says which', () => {
    const r = read('各省、自治区、直辖市人民政府：\n\n一、元旦：1月1日放假。\n（此件公开发布）');
    expect(r.passedOver).toEqual([1, 4]);
    expect(r.problems).toEqual([]);
  });
});

describe('problems, each on its line, in Chinese', () => {
  const problems = (text: string, year = 2026) => readHolidayNotice(text, year).problems.map((p) => [p.line, p.message]);

  it('unreadable text', () => {
    expect(problems('元旦：1月1日放假\n春节 2月15至23日')).toEqual([
      [2, '“2月15”后面少了“日”'],
      [2, '“23日”没有写月份'],
    ]);
    expect(problems('元旦 1/1')).toEqual([[1, '读不懂“1”：日期请写成“1月3日”“3日”或“2027-01-03”']]);
    expect(problems('元旦 1．1')).toEqual([[1, '读不懂“1”：日期请写成“1月3日”“3日”或“2027-01-03”']]);
    expect(problems('国庆放假七天')).toEqual([[1, '这一行说到放假或上班，但没有读出日期']]);
    expect(problems('国庆放假7天')).toEqual([[1, '这一行说到放假或上班，但没有读出日期']]);
    expect(problems('1月1日\n共3天')).toEqual([[2, '读不出日期：日期请写成“1月3日”“3日”或“2027-01-03”']]);
    expect(problems('1月1日至')).toEqual([[1, '“至”前后应各有一个日期']]);
    expect(problems('')).toEqual([[0, '没有读到任何放假日期']]);
    expect(problems('abc\n说明文字')).toEqual([[0, '没有读到任何放假日期']]);
  });

  it('a date that does not exist, a range that runs backwards or too long', () => {
    expect(problems('2月29日放假\n2026-02-30\n4月31日')).toEqual([
      [1, '2月29日不存在'],
      [2, '2026年2月30日不存在'],
      [3, '4月31日不存在'],
    ]);
    expect(problems('10月7日至1日')).toEqual([[1, '“10月7日至1日”结束早于开始']]);
    expect(problems('1月1日至3月1日')).toEqual([[1, '“1月1日至3月1日”长达60天，请检查']]);
    expect(readHolidayNotice('2月29日', 2028).problems).toEqual([]);
  });

  it('a weekday that does not match the date (the wrong year chosen)', () => {
    // The 2026 notice read as 2027's.
    expect(problems('一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。', 2027)).toEqual([
      [1, '1月1日是周五，这里写的是周四：请核对年份和日期'],
      [1, '1月3日是周日，这里写的是周六：请核对年份和日期'],
      [1, '1月4日是周一，这里写的是周日：请核对年份和日期'],
      [1, '1月4日是周一，调休上班日应是周六或周日'],
    ]);
    expect(problems('国务院办公厅关于2026年部分节假日安排的通知\n元旦：1月1日', 2027)).toEqual([[1, '这是2026年的通知，所选年份是2027年']]);
  });

  it('a make-up day that is not a weekend, a day both holiday and make-up day', () => {
    expect(problems('2月16日上班')).toEqual([[1, '2月16日是周一，调休上班日应是周六或周日']]);
    expect(problems('元旦：1月1日至4日放假\n1月4日上班')).toEqual([[2, '1月4日既写作放假，又写作上班']]);
  });

  it('a count that does not match the range', () => {
    expect(problems('春节：2月15日至22日放假调休，共9天。')).toEqual([[1, '写的是“共9天”，读出的放假日期是8天']]);
  });

  it('dates outside the year', () => {
    // The 2019 notice gave Monday 31 December 2018 as a holiday and Saturday 29 December 2018 as a
    // working day: both belong to 2018's calendar (chinese-days lists them there too).
    const r = readHolidayNotice('一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。', 2019);
    expect(r.problems.map((p) => p.message)).toEqual([
      '2018年12月31日不在2019年内：请在2018年的安排中载入',
      '2018年12月29日不在2019年内：这个调休上班日应在2018年的安排中载入',
    ]);
    expect(official.holidays['2018-12-31']).toBeDefined();
    expect(official.workdays['2018-12-29']).toBeDefined();
    expect(r.notes.map((p) => p.message)).toEqual(['2018年12月30日（周日）属于2018年，本来就是休息日，不计入2019年']);
    expect(problems('2025-10-01', 2026)).toEqual([[1, '2025年10月1日不在2026年内：请在2025年的安排中载入']]);
  });

  it('keeps the line as typed with each problem', () => {
    const r = readHolidayNotice('元旦：1月1日\n  春节：2月30日放假  ', 2026);
    expect(r.problems).toEqual([{ line: 2, text: '春节：2月30日放假', message: '2月30日不存在' }]);
  });
});

describe('dates given as lists', () => {
  it('checks each date, in Chinese', () => {
    expect(checkYearDates(2031, ['2030-12-31', '2031-01-04', '2031-02-30', '2031-01-04'], ['2031-01-04', '2031-01-06'])).toEqual([
      { list: 'holidays', index: 0, message: '2030-12-31 不在2031年内' },
      { list: 'holidays', index: 2, message: '不是有效日期，应写作 YYYY-MM-DD' },
      { list: 'holidays', index: 3, message: '2031-01-04 重复了' },
      { list: 'makeupWorkdays', index: 1, message: '2031-01-06 是周一，调休上班日应是周六或周日' },
      { list: 'makeupWorkdays', index: 0, message: '2031-01-04 既是放假日又是调休上班日' },
    ]);
    expect(checkYearDates(2031, [], [])).toEqual([{ list: 'holidays', index: -1, message: '至少要有一个放假日期' }]);
    expect(checkYearDates(2031, ['2031-01-01'], ['2031-01-04'])).toEqual([]);
  });
});

describe('holiday periods', () => {
  it('groups consecutive days and gives each its make-up days', () => {
    const pkg = packageYear(2025);
    expect(holidayPeriods(pkg.holidays, pkg.makeupWorkdays, pkg.names).map((p) => [p.name, p.from, p.to, p.days, p.makeupWorkdays])).toEqual([
      ['元旦', '2025-01-01', '2025-01-01', 1, []],
      ['春节', '2025-01-28', '2025-02-04', 8, ['2025-01-26', '2025-02-08']],
      ['清明节', '2025-04-04', '2025-04-06', 3, []],
      ['劳动节', '2025-05-01', '2025-05-05', 5, ['2025-04-27']],
      ['端午节', '2025-05-31', '2025-06-02', 3, []],
      ['国庆节、中秋节', '2025-10-01', '2025-10-08', 8, ['2025-09-28', '2025-10-11']],
    ]);
    // Without names, a make-up day goes with the nearest period.
    expect(holidayPeriods(['2031-01-01', '2031-01-02'], ['2031-01-04']).map((p) => p.makeupWorkdays)).toEqual([['2031-01-04']]);
  });
});

describe('any text', () => {
  it('is read without throwing, and every problem names a line of it', async () => {
    const fc = (await import('fast-check')).default;
    const piece = fc.constantFrom('1月', '1日', '至', '、', '上班', '放假', '共3天', '（周六）', '：', '。', '2027-01-01', '十', '\n', ' ', '国庆节', '３', '(', ')', '〔', '号');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.array(piece, { maxLength: 40 }).map((a) => a.join(''))), fc.integer({ min: 1990, max: 2100 }), (text, year) => {
        const r = readHolidayNotice(text, year);
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const p of r.problems) expect(p.line >= 0 && p.line <= lines && p.message.length > 0).toBe(true);
        for (const d of [...r.holidays, ...r.makeupWorkdays]) expect(d.date.startsWith(`${year}-`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
