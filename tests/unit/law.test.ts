import { describe, expect, it } from 'vitest';
import { CLOCK_RULES, EXTENSION_LIMITS } from '../../src/domain/clockRules.js';
import { articleZh, basisZh, chineseNumeral, citationZh, LAWS, lawTitle, type LegalBasis } from '../../src/domain/law.js';
import { REFERRAL_ROUTES } from '../../src/domain/transitions.js';

describe('chineseNumeral', () => {
  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [14, '十四'],
    [20, '二十'],
    [29, '二十九'],
    [100, '一百'],
    [101, '一百零一'],
    [110, '一百一十'],
    [115, '一百一十五'],
    [187, '一百八十七'],
    [200, '二百'],
    [205, '二百零五'],
    [247, '二百四十七'],
    [1000, '一千'],
    [1001, '一千零一'],
    [1010, '一千零一十'],
    [1100, '一千一百'],
    [1260, '一千二百六十'],
    [9999, '九千九百九十九'],
  ])('%i → %s', (n, zh) => {
    expect(chineseNumeral(n)).toBe(zh);
  });

  it('refuses what is not an article number', () => {
    for (const n of [0, -1, 1.5, 10_000, Number.NaN]) expect(() => chineseNumeral(n)).toThrow(RangeError);
  });
});

describe('citations', () => {
  it('writes one article, a paragraph, a list and a range the way Chinese documents cite them', () => {
    expect(articleZh(14)).toBe('第十四条');
    expect(citationZh({ law: 'labourDisputeMediationArbitration', article: 14 })).toBe('《劳动争议调解仲裁法》第十四条');
    expect(citationZh({ law: 'peoplesMediation', article: 33, paragraph: 2 })).toBe('《人民调解法》第三十三条第二款');
    expect(citationZh({ law: 'labourDisputeMediationArbitration', article: [48, 50] })).toBe('《劳动争议调解仲裁法》第四十八条、第五十条');
    expect(citationZh({ law: 'labourDisputeMediationArbitration', article: { from: 48, to: 51 } })).toBe('《劳动争议调解仲裁法》第四十八条至第五十一条');
    expect(citationZh({ law: 'civilProcedure', article: 205, note: '双方自调解协议生效之日起三十日内共同申请' })).toBe(
      '《民事诉讼法》第二百零五条（双方自调解协议生效之日起三十日内共同申请）',
    );
    expect(citationZh({ law: 'arbitrationRules' })).toBe('《劳动人事争议仲裁办案规则》');
  });

  it('gives the full title when asked, the short one otherwise', () => {
    expect(lawTitle('labourDisputeMediationArbitration')).toBe('《劳动争议调解仲裁法》');
    expect(lawTitle('labourDisputeMediationArbitration', true)).toBe('《中华人民共和国劳动争议调解仲裁法》');
    expect(citationZh({ law: 'civilCode', article: 202 }, { full: true })).toBe('《中华人民共和国民法典》第二百零二条');
    for (const law of Object.values(LAWS)) expect(law.title.endsWith(law.short)).toBe(true);
  });

  it('joins several sources with full-width semicolons, sources that are not laws as written', () => {
    const basis: LegalBasis = [
      { law: 'peoplesMediation', article: 33 },
      { law: 'civilProcedure', article: 205, note: '双方自调解协议生效之日起三十日内共同申请' },
    ];
    expect(basisZh(basis)).toBe('《人民调解法》第三十三条；《民事诉讼法》第二百零五条（双方自调解协议生效之日起三十日内共同申请）');
    expect(basisZh([{ text: '调解协议约定的履行期限' }])).toBe('调解协议约定的履行期限');
  });

  it('refuses citations that cannot be written', () => {
    expect(() => citationZh({ law: 'peoplesMediation', article: [33, 34], paragraph: 2 })).toThrow(/single article/);
    expect(() => citationZh({ law: 'peoplesMediation', paragraph: 2 })).toThrow(/single article/);
    expect(() => citationZh({ law: 'peoplesMediation', article: 33, paragraph: 0 })).toThrow(RangeError);
    expect(() => citationZh({ law: 'peoplesMediation', article: { from: 34, to: 33 } })).toThrow(/upwards/);
    expect(() => citationZh({ law: 'peoplesMediation', article: [] })).toThrow(/empty/);
    expect(() => citationZh({ law: 'noSuchLaw' as never, article: 1 })).toThrow(/unknown law/);
    expect(() => basisZh([])).toThrow(RangeError);
  });
});

describe('the legal bases of the clocks and the referral routes', () => {
  const rows = [
    ...Object.values(CLOCK_RULES).map((r) => ({ name: `clock ${r.kind}`, legalBasis: r.legalBasis, basis: r.basis })),
    ...Object.entries(EXTENSION_LIMITS).map(([k, r]) => ({ name: `extension ${k}`, legalBasis: r!.legalBasis, basis: r!.basis })),
    ...REFERRAL_ROUTES.map((r) => ({ name: `route ${r.from}→${r.to} after ${r.after.join('/')}`, legalBasis: r.legalBasis, basis: r.basis })),
  ];

  it('store the citation as data and carry its rendering as `basis`', () => {
    for (const r of rows) expect(r.basis, r.name).toBe(basisZh(r.legalBasis));
  });

  it('are Chinese: no Latin letters, no "art.", every law in book-title marks', () => {
    for (const r of rows) {
      expect(r.basis, r.name).not.toMatch(/[A-Za-z]/);
      expect(r.basis, r.name).not.toMatch(/\d/);
    }
  });

  it('cite the articles the periods come from', () => {
    expect(CLOCK_RULES.mediation.basis).toBe('《劳动争议调解仲裁法》第十四条第三款（自调解组织收到调解申请之日起计算）');
    expect(CLOCK_RULES.arbitration_acceptance.basis).toContain('《劳动争议调解仲裁法》第二十九条');
    expect(CLOCK_RULES.arbitration_acceptance.basis).toContain('三日、五日、十日指工作日');
    expect(CLOCK_RULES.appeal_window.basis).toContain('《劳动争议调解仲裁法》第四十八条、第五十条');
    expect(CLOCK_RULES.performance.basis).toBe('调解协议、仲裁裁决或判决确定的履行期限');
    expect(EXTENSION_LIMITS.arbitration!.basis).toContain('《劳动争议调解仲裁法》第四十三条');
    const confirmation = REFERRAL_ROUTES.find((r) => r.from === 'mediation' && r.to === 'confirmation')!;
    expect(confirmation.basis).toBe('《人民调解法》第三十三条；《民事诉讼法》第二百零五条（双方自调解协议生效之日起三十日内共同申请）');
  });
});
