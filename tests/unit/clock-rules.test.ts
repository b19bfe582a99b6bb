/**
 * The statutory periods as a centre's lawyer checks them (issue 24: clockRules.ts is data, and
 * before this file only the API tests reached it, so a changed period or article went unnoticed
 * by the unit tests): each clock's length, unit, what starts it, what the worker reads, and the
 * articles it rests on; and how far a proceeding may be extended. A change to
 * src/domain/clockRules.ts changes a line here, to be read against the law.
 */
import { describe, expect, it } from 'vitest';
import { CLOCK_KINDS, CLOCK_RULES, DUE_SOON_WORKING_DAYS, EXTENSION_LIMITS } from '../../src/domain/clockRules.js';

describe('the statutory periods', () => {
  const expected: [kind: string, id: string, starts: string, length: number, unit: string, label: string, basis: string][] = [
    ["mediation", "mediation-15d", "mediation application received", 15, "calendar", "调解期限届满日", "《劳动争议调解仲裁法》第十四条第三款（自调解组织收到调解申请之日起计算）"],
    ["confirmation_window", "confirmation-window-30d", "mediation settled", 30, "calendar", "申请司法确认的最后一日", "《人民调解法》第三十三条第一款；《民事诉讼法》第二百零五条（自调解协议生效之日起三十日内共同申请）"],
    ["confirmation_review", "confirmation-review-30d", "confirmation accepted", 30, "calendar", "法院作出确认决定的期限", "《民事诉讼法》第一百八十七条（特别程序案件自立案之日起三十日内审结）"],
    ["arbitration_acceptance", "arbitration-acceptance-5wd", "arbitration received", 5, "working", "仲裁委决定是否受理的期限", "《劳动争议调解仲裁法》第二十九条；《劳动人事争议仲裁办案规则》第三十条（该规则所称三日、五日、十日指工作日）"],
    ["arbitration_award", "arbitration-award-45d", "arbitration accepted", 45, "calendar", "仲裁裁决期限", "《劳动争议调解仲裁法》第四十三条第一款"],
    ["appeal_window", "appeal-window-15d", "award delivered", 15, "calendar", "不服裁决起诉的最后一日", "《劳动争议调解仲裁法》第四十八条、第五十条（自收到仲裁裁决书之日起十五日内）"],
    ["vacate_window", "vacate-window-30d", "final award delivered", 30, "calendar", "申请撤销终局裁决的最后一日", "《劳动争议调解仲裁法》第四十九条（自收到仲裁裁决书之日起三十日内）"],
    ["performance", "performance-instalments", "agreement recorded", 0, "instalments", "下一期履行日", "调解协议、仲裁裁决或判决确定的履行期限"],
    ["limitation", "limitation-1y", "the worker knew of the infringement", 1, "year", "申请仲裁的最后一日", "《劳动争议调解仲裁法》第二十七条（仲裁时效期间为一年）"],
    ["referral_ack", "referral-ack-3wd", "referral sent", 3, "working", "接收机构受理转办的期限", "转办服务标准（本中心工作规范）"],
  ];

  it('each clock: its length, unit, start, label and the law it rests on', () => {
    expect(Object.values(CLOCK_RULES).map((r) => [r.kind, r.id, r.starts, r.length, r.unit, r.label, r.basis])).toEqual(expected);
  });

  it('every kind of clock has its rule, under its own name', () => {
    expect(Object.keys(CLOCK_RULES).sort()).toEqual([...CLOCK_KINDS].sort());
    for (const [kind, rule] of Object.entries(CLOCK_RULES)) expect(rule.kind).toBe(kind);
  });

  it('an arbitration is extended once, by at most 15 days (art. 43); a mediation as the parties agree', () => {
    expect(EXTENSION_LIMITS.arbitration).toMatchObject({ maxTimes: 1, maxDays: 15 });
    expect(EXTENSION_LIMITS.arbitration!.basis).toBe('《劳动争议调解仲裁法》第四十三条第一款（案情复杂的，经劳动争议仲裁委员会主任批准可以延期，延长期限不得超过十五日）');
    expect(EXTENSION_LIMITS.mediation).toMatchObject({ maxTimes: null, maxDays: null });
    expect(EXTENSION_LIMITS.mediation!.basis).toBe('《企业劳动争议协商调解规定》第二十七条（双方当事人同意延期的，可以延长）');
    expect(Object.keys(EXTENSION_LIMITS).sort()).toEqual(['arbitration', 'mediation']);
  });

  it('a clock is due soon three working days before its last day', () => {
    expect(DUE_SOON_WORKING_DAYS).toBe(3);
  });
});
