import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeProblem, idNumberProblem, maskIdNumber, maskPhone, MOBILE_PATTERN, RULING_NUMBER, scrubPersonalData } from '../../src/domain/identity.js';

// The check characters are computed here from the standards themselves, not with the code
// under test, so a wrong weight or alphabet in src/ cannot agree with itself.

/** GB 11643-1999 / ISO 7064 MOD 11-2: weight of position i (0-based) is 2^(17-i) mod 11. */
function idCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

/** GB 32100-2015: 31 characters (no I, O, Z, S, V), weight of position i is 3^i mod 31. */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function creditCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i]) * (3 ** i % 31);
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

const withIdCheck = (first17: string) => first17 + idCheck(first17);
const withCreditCheck = (first17: string) => first17 + creditCheck(first17);
/** `value` with the character at `position` replaced. */
const replaceAt = (value: string, position: number, replacement: string) => value.slice(0, position) + replacement + value.slice(position + 1);

/** A property: a valid value with any one character changed to another is rejected by `problem`. */
function oneChangeRejected(valid: fc.Arbitrary<string>, replacements: fc.Arbitrary<string>, problem: (value: string) => string | null) {
  return fc.property(valid, fc.nat(17), replacements, (v, position, replacement) => {
    fc.pre(v[position] !== replacement);
    return problem(replaceAt(v, position, replacement)) !== null;
  });
}

describe('resident ID numbers (GB 11643-1999)', () => {
  it('the independent check matches the examples published with the standard', () => {
    // Guards the helper above: these are the standard's and the ministry's own examples.
    expect(idCheck('11010519491231002')).toBe('X');
    expect(idCheck('44052418800101001')).toBe('4');
  });

  it.each([
    ['the standard example ending in X', '11010519491231002X'],
    ['a Beijing number', '110101199003074477'],
    ['a 平果 (451023) number', withIdCheck('45102319900101123')],
    ['a number ending in X computed here', withIdCheck('11010119900307803')],
    ['someone born on a leap day', withIdCheck('45102320000229001')],
  ])('accepts %s', (_label, value) => {
    expect(idNumberProblem(value)).toBeNull();
  });

  it('the X example really ends in X', () => {
    expect(withIdCheck('11010119900307803')).toMatch(/X$/);
  });

  it('rejects a wrong check digit', () => {
    const valid = withIdCheck('45102319900101123');
    for (const c of '0123456789X') {
      if (c === valid[17]) continue;
      expect(idNumberProblem(valid.slice(0, 17) + c), c).toMatch(/check digit/);
    }
    expect(idNumberProblem('110105194912310021')).toMatch(/check digit/);
  });

  it.each([
    ['February 30', '45102319900230123'],
    ['29 February of a common year', '45102319900229123'],
    ['29 February 1900 (not a leap year)', '45102319000229123'],
    ['month 13', '45102319901301123'],
    ['month 00', '45102319900001123'],
    ['day 00', '45102319900100123'],
    ['day 32', '45102319900132123'],
    ['born in 1899', '45102318991231123'],
  ])('rejects an impossible date of birth: %s', (_label, first17) => {
    // A correct check digit, so the date alone is what is wrong.
    expect(idNumberProblem(withIdCheck(first17))).toMatch(/date of birth/);
  });

  it('rejects a date of birth in the future', () => {
    // Nobody holding an ID number was born in 2999; the check digit is right.
    expect(idNumberProblem(withIdCheck('45102329990101123'), '2026-11-22')).toMatch(/future/);
    expect(idNumberProblem(withIdCheck('45102320261121123'), '2026-11-22')).toBeNull();
    expect(idNumberProblem(withIdCheck('45102320261123123'), '2026-11-22')).toMatch(/future/);
  });

  it.each([
    ['17 characters', '45102319900101123'],
    ['19 characters', withIdCheck('45102319900101123') + '0'],
    ['a first-generation 15-digit number', '451023900101123'],
    ['empty', ''],
    ['surrounded by spaces', ` ${withIdCheck('45102319900101123')} `],
  ])('rejects the wrong length: %s', (_label, value) => {
    expect(idNumberProblem(value)).toMatch(/18 characters/);
  });

  it.each([
    ['a letter in the birth date', '4510231990A101123'],
    ['a letter in the region', 'A5102319900101123'],
    ['X anywhere but last', '4510231990010112X'],
    ['a full-width digit', '４5102319900101123'],
  ])('rejects letters and other characters: %s', (_label, first17) => {
    expect(idNumberProblem(first17 + '1')).not.toBeNull();
    expect(idNumberProblem(first17 + 'X')).not.toBeNull();
  });

  it('rejects a check character other than a digit or X', () => {
    expect(idNumberProblem('45102319900101123Y')).not.toBeNull();
  });

  // Region 6 digits, a real date of birth from 1900 to 2020, a three-digit sequence.
  const first17 = fc
    .tuple(
      fc.stringMatching(/^[1-9]\d{5}$/),
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.stringMatching(/^\d{3}$/),
    )
    .map(([region, birth, seq]) => `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`);

  it('property: 17 digits with a real date of birth plus the computed check character is accepted', () => {
    fc.assert(fc.property(first17, (f) => idNumberProblem(withIdCheck(f)) === null), { numRuns: 500 });
  });

  it('property: changing any one character of a valid number makes it rejected', () => {
    fc.assert(oneChangeRejected(first17.map(withIdCheck), fc.constantFrom(...'0123456789XA '), idNumberProblem), { numRuns: 1000 });
  });
});

describe('unified social credit codes (GB 32100-2015)', () => {
  it.each([
    ['the standard\'s example', '91350100M000100Y43'],
    ['a Shenzhen company', '914403001922038216'],
    ['a code ending in a letter', '9144030071526726XG'],
    ['a Hangzhou company', '91330100716105852F'],
    ['a Beijing company', '91110000802100433B'],
    ['a Beijing company ending in Q', '91110108551385082Q'],
    ['a public institution (registration authority 1)', '12100000400000624D'],
  ])('accepts %s and its check character agrees with the standard', (_label, value) => {
    expect(creditCheck(value.slice(0, 17))).toBe(value[17]);
    expect(creditCodeProblem(value)).toBeNull();
  });

  it('accepts codes built here with letters in the organisation code', () => {
    expect(creditCodeProblem(withCreditCheck('91451023MA5N0XYQ0'))).toBeNull();
    expect(creditCodeProblem(withCreditCheck('5245102300000001W'))).toBeNull();
  });

  it('rejects every wrong check character', () => {
    const valid = '91350100M000100Y43';
    for (const c of CREDIT_ALPHABET) {
      if (c === valid[17]) continue;
      expect(creditCodeProblem(valid.slice(0, 17) + c), c).toMatch(/check character/);
    }
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the forbidden letter %s wherever it stands, whatever the check character', (letter) => {
    const body = '91350100M000100Y4';
    for (const position of [0, 1, 8, 12, 16]) {
      const changed = replaceAt(body, position, letter);
      for (const check of CREDIT_ALPHABET) {
        expect(creditCodeProblem(changed + check), `${changed}${check}`).not.toBeNull();
      }
    }
    expect(creditCodeProblem(body + letter)).not.toBeNull();
  });

  it('rejects letters in the six-digit region code', () => {
    const body = '9135A100M000100Y4';
    for (const check of CREDIT_ALPHABET) expect(creditCodeProblem(body + check)).not.toBeNull();
  });

  it.each([
    ['17 characters', '91350100M000100Y4'],
    ['19 characters', '91350100M000100Y430'],
    ['lower-case letters (the HTTP layer upper-cases first)', '91350100m000100y43'],
    ['an old 9-character organisation code', 'M0001000Y'],
    ['empty', ''],
  ])('rejects %s', (_label, value) => {
    expect(creditCodeProblem(value)).not.toBeNull();
  });

  const codeBody = fc
    .tuple(
      fc.array(fc.constantFrom(...CREDIT_ALPHABET), { minLength: 2, maxLength: 2 }),
      fc.stringMatching(/^\d{6}$/),
      fc.array(fc.constantFrom(...CREDIT_ALPHABET), { minLength: 9, maxLength: 9 }),
    )
    .map(([head, region, org]) => head.join('') + region + org.join(''));

  it('property: a body from the alphabet plus the computed check character is accepted', () => {
    fc.assert(fc.property(codeBody, (b) => creditCodeProblem(withCreditCheck(b)) === null), { numRuns: 500 });
  });

  it('property: changing any one character makes it rejected', () => {
    fc.assert(oneChangeRejected(codeBody.map(withCreditCheck), fc.constantFrom(...CREDIT_ALPHABET, 'I', 'O', 'Z', 'S', 'V'), creditCodeProblem), { numRuns: 1000 });
  });
});

describe('masking (SPEC §7)', () => {
  it('keeps the region prefix and the last four of an ID number', () => {
    expect(maskIdNumber('451023199001011234')).toBe('4510**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('keeps the first three and last four of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks nothing that is not there', () => {
    expect(maskIdNumber(null)).toBeNull();
    expect(maskPhone(null)).toBeNull();
  });

  it('property: a masked ID number keeps its length and hides the birth date and sequence', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const masked = maskIdNumber(id)!;
        return masked.length === 18 && masked.slice(4, 14) === '*'.repeat(10) && masked.slice(0, 4) === id.slice(0, 4) && masked.slice(-4) === id.slice(-4);
      }),
    );
  });
});

describe('scrubPersonalData', () => {
  it('removes ID numbers and phone numbers from text and keeps the rest', () => {
    const out = scrubPersonalData('申请人 451023199001011234 电话13812345678，欠薪 1500000 分');
    expect(out).not.toContain('451023199001011234');
    expect(out).not.toContain('13812345678');
    expect(out).toContain('申请人');
    expect(out).toContain('1500000');
  });

  it('removes ID numbers ending in X or x, and first-generation 15-digit numbers', () => {
    expect(scrubPersonalData('id=11010519491231002X')).not.toContain('11010519491231002');
    expect(scrubPersonalData('id=11010519491231002x')).not.toContain('11010519491231002');
    expect(scrubPersonalData('id=451023900101123')).not.toContain('451023900101123');
  });

  it('removes them from a request URL', () => {
    const out = scrubPersonalData('/cases?q=13812345678&limit=5&other=451023199001011234');
    expect(out).not.toMatch(/13812345678|451023199001011234/);
    expect(out).toContain('/cases?q=');
    expect(out).toContain('limit=5');
  });

  it('leaves case numbers, amounts and dates alone', () => {
    const text = 'ABC123-2025-00001 2025-03-03 amount 800000';
    expect(scrubPersonalData(text)).toBe(text);
  });

  it('removes a phone number written with the +86 country code', () => {
    // +8613812345678 is how many phones display a mainland number; it is the same personal data.
    expect(scrubPersonalData('/cases?q=+8613812345678')).not.toContain('13812345678');
    expect(scrubPersonalData('/cases?q=%2B8613812345678')).not.toContain('13812345678');
  });
});

// Found by mutation testing (npm run test:mutation, issue 24): each test below fails for a change of
// the code that the tests above let through.
describe('the edges mutation testing found', () => {
  it('a worker born today is not born in the future', () => {
    const born = withIdCheck('45102320261206123');
    expect(idNumberProblem(born, '2026-12-06')).toBeNull();
    expect(idNumberProblem(born, '2026-12-05')).toBe('has a date of birth in the future');
  });

  it('a credit code with a character typed before it is refused, even when its first 17 characters happen to check', () => {
    // 19 characters whose last 18 have the code's shape, and whose 18th character is the check
    // character of the first 17: only the anchor at the start tells it from a real code.
    const first17 = '9' + '14' + '510230' + 'MA5KXYT0';
    const value = first17 + creditCheck(first17) + 'Y';
    const shaped = value.slice(-18);
    expect(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(shaped)).toBe(true);
    expect(creditCodeProblem(value)).toBe('must be 18 characters of a unified social credit code');
  });

  it('a mobile number is the whole input: nothing before it or after it', () => {
    expect(MOBILE_PATTERN.test('13812345678')).toBe(true);
    expect(MOBILE_PATTERN.test('013812345678')).toBe(false);
    expect(MOBILE_PATTERN.test('138123456789')).toBe(false);
  });

  it('a ruling number is the whole input, and its 之 suffix may have several characters or digits', () => {
    expect(RULING_NUMBER.test('（2026）桂1023民特123号')).toBe(true);
    expect(RULING_NUMBER.test('（2026）桂1023民特123号之十二')).toBe(true);
    expect(RULING_NUMBER.test('（2026）桂1023民特123号之12')).toBe(true);
    expect(RULING_NUMBER.test('见（2026）桂1023民特123号')).toBe(false);
    expect(RULING_NUMBER.test('（2026）桂1023民特123号裁定')).toBe(false);
  });

  it('a phone masks to 138****5678 from eight characters on, and a shorter one is hidden whole', () => {
    expect(maskPhone('12345678')).toBe('123*5678');
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskPhone('123')).toBe('***');
  });

  it('the log scrubber leaves no digit of an 18-character ID number behind', () => {
    // The 15-digit alternative alone would take the first 15 and leave the last three in the log.
    expect(scrubPersonalData('身份证 451023199001011234 结束')).toBe('身份证 [id] 结束');
    expect(scrubPersonalData('id=11010519491231002X&x=1')).toBe('id=[id]&x=1');
  });

  it('a mainland number written with 86 before it, with or without +, is scrubbed whole', () => {
    expect(scrubPersonalData('tel 8613812345678.')).toBe('tel [phone].');
    // 0086 and the number are fifteen digits: scrubbed whole, as an old ID number.
    expect(scrubPersonalData('tel 008613812345678.')).not.toMatch(/\d/);
    expect(scrubPersonalData('tel +86 13812345678.')).toBe('tel [phone].');
  });
});
