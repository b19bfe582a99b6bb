/**
 * The pages' own checks (src/web/validate.ts) before a form is sent: the API's identity checks,
 * said in the words the page would show for the API's answer to the same value.
 */
import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, idNumberCheckChar } from '../../src/domain/identity.js';
import { chinaDate } from '../../src/domain/time.js';
import { creditCode, idNumber, mobile } from '../../src/http/schemas.js';
import { translateProblem } from '../../src/web/i18n.js';
import { creditCodeProblem, idNumberProblem, mobileProblem } from '../../src/web/validate.js';

/** What a page shows for the API's answer to this value: its first problem, translated. */
function apiSays(schema: typeof idNumber | typeof creditCode | typeof mobile, field: string, value: string): string | null {
  const r = schema.safeParse(value);
  return r.success ? null : translateProblem(field, r.error.issues[0].message);
}

const withIdCheck = (first17: string) => first17 + idNumberCheckChar(first17);
const withCreditCheck = (first17: string) => first17 + creditCodeCheckChar(first17);
/** The same number with any other last character. */
const otherLast = (value: string) => value.slice(0, 17) + (value[17] === '1' ? '2' : '1');
const tomorrow = new Date(Date.now() + 86_400_000);
const bornTomorrow = withIdCheck(`451023${chinaDate(tomorrow).replaceAll('-', '')}001`);

type Case = [label: string, value: string, expected: string | null];

/** Each field: the page's check, the API's schema and field name, and what both must say for each value. */
const FIELDS: { name: string; page: (value: string) => string | null; schema: Parameters<typeof apiSays>[0]; field: string; cases: Case[] }[] = [
  {
    name: 'resident ID numbers',
    page: idNumberProblem,
    schema: idNumber,
    field: 'idNumber',
    cases: [
      ['a valid number', withIdCheck('45102319900101123'), null],
      ['a valid number typed in lower case with spaces', ` ${withIdCheck('11010119900307803').toLowerCase()} `, null],
      ['too short', '45102319900101', '身份证号应为18位：17位数字加最后1位数字或X'],
      ['a 31st of February', withIdCheck('45102319900231123'), '身份证号中的出生日期不存在，请核对'],
      ['born tomorrow', bornTomorrow, '身份证号中的出生日期晚于今天，请核对'],
      ['a wrong check digit', otherLast(withIdCheck('45102319900101123')), '身份证号最后一位（校验位）不对，请核对是否输错'],
    ],
  },
  {
    name: 'unified social credit codes',
    page: creditCodeProblem,
    schema: creditCode,
    field: 'respondent.creditCode',
    cases: [
      ['a valid code', withCreditCheck('91451023MA5KXXXX0'), null],
      ['too short', '91451023', '统一社会信用代码应为18位（见营业执照）'],
      ['a letter outside the alphabet', '91451023MA5KXXXXOZ', '统一社会信用代码应为18位（见营业执照）'],
      ['a wrong check character', otherLast(withCreditCheck('91451023MA5KXXXX0')), '统一社会信用代码最后一位（校验位）不对，请核对'],
    ],
  },
  {
    name: 'mobile numbers',
    page: mobileProblem,
    schema: mobile,
    field: 'phone',
    cases: [
      ['a mobile number', '13812345678', null],
      ['a landline', '07763212345', '请填写11位手机号码'],
      ['ten digits', '1381234567', '请填写11位手机号码'],
    ],
  },
];

for (const f of FIELDS) {
  describe(`${f.name} on the pages`, () => {
    it.each(f.cases)('%s: the page says what it would say for the API’s answer', (_label, value, expected) => {
      expect(f.page(value)).toBe(expected);
      expect(apiSays(f.schema, f.field, value)).toBe(expected);
    });
  });
}
