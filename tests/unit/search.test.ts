/**
 * How a search string is read (src/cases/search.ts), with no database: what it searches for, what
 * it refuses, the index keys it asks for, and its cursors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/domain/identity.js';
import {
  callerScopeKey,
  decodeSearchCursor,
  encodeSearchCursor,
  foldCase,
  nameGrams,
  numberPrefixKey,
  parseSearch,
  prefixEnd,
  RANKS,
  ranksOf,
} from '../../src/cases/search.js';

const TODAY = '2026-03-01';
const ID = (() => {
  const first17 = '45102319900307123';
  return first17 + idNumberCheckChar(first17);
})();
const terms = (q: string) => {
  const r = parseSearch(q, TODAY);
  if (!('terms' in r)) throw new Error(`${q}: ${r.message}`);
  return r.terms;
};
const problem = (q: string) => {
  const r = parseSearch(q, TODAY);
  return 'problem' in r ? r.problem : null;
};

describe('what a search string asks for', () => {
  it('a phone, however it is written', () => {
    for (const q of ['13812345678', '138 1234 5678', '138-1234-5678', '+86 138 1234 5678', '008613812345678', '8613812345678', '１３８１２３４５６７８']) {
      expect(terms(q), q).toEqual({ kind: 'identity', field: 'phone', value: '13812345678' });
    }
  });

  it('an ID number, in capitals, with spaces or not', () => {
    const lower = ID.slice(0, 17) + 'x';
    const withX = '11010519491231002X';
    expect(terms(ID)).toEqual({ kind: 'identity', field: 'idNumber', value: ID });
    expect(terms(`${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`)).toEqual({ kind: 'identity', field: 'idNumber', value: ID });
    expect(terms(withX.toLowerCase())).toEqual({ kind: 'identity', field: 'idNumber', value: withX });
    expect(problem(lower)).toBe(ID.endsWith('X') ? null : 'idNumber');
  });

  it('a mistyped ID number is a problem that says what is wrong, not a search', () => {
    const wrong = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    expect(parseSearch(wrong, TODAY)).toEqual({ problem: 'idNumber', message: 'resident ID number has a wrong check digit' });
    expect(parseSearch('451023199002301234', TODAY)).toMatchObject({ problem: 'idNumber', message: expect.stringMatching(/date of birth/) });
    const bornLater = '45102320270101123';
    expect(parseSearch(bornLater + idNumberCheckChar(bornLater), TODAY)).toMatchObject({ problem: 'idNumber', message: expect.stringMatching(/future/) });
  });

  it('a case number or its beginning, in capitals; an organisation’s code is also searched in names', () => {
    expect(terms('pgzgh-2025-000')).toEqual({ kind: 'text', number: 'PGZGH-2025-000', name: null });
    expect(terms('pgzgh-')).toMatchObject({ kind: 'text', number: 'PGZGH-', name: { text: 'pgzgh-' } });
    expect(terms(' PGZGH ')).toMatchObject({ number: 'PGZGH', name: { text: 'PGZGH' } });
    expect(ranksOf(terms('PGZGH-2025-00012'))).toEqual(['exactNumber', 'numberPrefix']);
    expect(terms('ＰＧＺＧＨ')).toMatchObject({ number: 'PGZGH' });
    expect(terms('李四')).toMatchObject({ kind: 'text', number: null, name: { text: '李四', grams: ['李四'], like: '%李四%' } });
    expect(ranksOf(terms('PGZGH'))).toEqual(['exactNumber', 'numberPrefix', 'exactName', 'partialName']);
    expect(ranksOf(terms('李四'))).toEqual(['exactName', 'partialName']);
    expect(ranksOf(terms('13812345678'))).toEqual(['identity']);
  });

  it('one Chinese character is enough; one Latin letter or digit is too short', () => {
    expect(terms('李')).toMatchObject({ name: { grams: ['李'] } });
    expect(problem('a')).toBe('tooShort');
    expect(problem('7')).toBe('tooShort');
    expect(problem('%a%')).toBe('tooShort');
  });

  it('wildcards and punctuation alone find nothing and are refused; at either end they are dropped', () => {
    for (const q of ['%', '%%', '*', '_', '?', '％', '...', '（）', '-', '— —', '\\']) expect(problem(q), q).toBe('nothingToSearch');
    expect(terms('*建筑*')).toMatchObject({ name: { text: '建筑', like: '%建筑%' } });
    expect(terms('%李四%')).toMatchObject({ name: { text: '李四' } });
  });

  it('LIKE’s own characters inside the text are matched as themselves', () => {
    expect(terms('a_b%c')).toMatchObject({ name: { like: '%a\\_b\\%c%' } });
    expect(terms('a\\b')).toMatchObject({ name: { like: '%a\\\\b%' } });
  });

  it('spaces inside a name collapse to one', () => {
    expect(terms('ABC   Co')).toMatchObject({ number: null, name: { text: 'ABC Co', like: '%abc co%' } });
  });
});

describe('index keys', () => {
  it('a text of two or more characters asks for its pairs of neighbouring characters, folded, each once', () => {
    expect(nameGrams('有限公司')).toEqual(['有限', '限公', '公司']);
    expect(nameGrams('ABab')).toEqual(['ab', 'ba']);
    expect(nameGrams('哈哈哈')).toEqual(['哈哈']);
    expect(nameGrams('😀李')).toEqual(['😀李']);
  });

  it('a long text asks for at most twelve of its pairs, spread along it from the first', () => {
    const long = '平果某建筑工程劳务派遣有限责任公司第一分公司';
    const grams = nameGrams(long);
    expect(grams).toHaveLength(12);
    expect(new Set(grams).size).toBe(12);
    expect(grams[0]).toBe('平果');
    for (const g of grams) expect(long).toContain(g);
  });

  it('every name containing the text has the pairs it asks for (property)', () => {
    const pairsOf = (s: string) => {
      const chars = Array.from(foldCase(s));
      return new Set(chars.length === 1 ? chars : chars.slice(1).map((c, i) => chars[i] + c).concat(chars));
    };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('李', '四', '建', '筑', 'A', 'b', ' ', '公'), minLength: 1, maxLength: 8 }), fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), (text, before, after) => {
        const name = before + text + after;
        const have = pairsOf(name);
        // The database stores every character and every pair of each name (search_grams).
        for (const g of nameGrams(text)) expect(have.has(g), `${name} ⊇ ${g}`).toBe(true);
      }),
    );
  });

  it('folds Latin capitals only, as the database does', () => {
    expect(foldCase('ABC科技Ü')).toBe('abc科技Ü');
  });

  it('a number prefix asks for the organisation’s code, or its code and year when the prefix holds the year', () => {
    expect(numberPrefixKey('PG')).toBe('n:PG');
    expect(numberPrefixKey('PGZGH')).toBe('n:PGZGH');
    expect(numberPrefixKey('PGZGH-')).toBe('n:PGZGH');
    expect(numberPrefixKey('PGZGH-20')).toBe('n:PGZGH');
    expect(numberPrefixKey('PGZGH-2025')).toBe('n:PGZGH-2025');
    expect(numberPrefixKey('PGZGH-2025-0001')).toBe('n:PGZGH-2025');
    expect(prefixEnd('PGZGH-2025-000')).toBe('PGZGH-2025-001');
    expect(prefixEnd('PGZ')).toBe('PG[');
  });

  it('a caller’s scope is their organisation or region; a worker and the whole country have none', () => {
    expect(callerScopeKey({ role: 'mediator', orgId: 'o1', regionCode: null })).toBe('o:o1');
    expect(callerScopeKey({ role: 'supervisor', orgId: null, regionCode: '4510' })).toBe('r:4510');
    expect(callerScopeKey({ role: 'supervisor', orgId: null, regionCode: '' })).toBeNull();
    expect(callerScopeKey({ role: 'worker', orgId: null, regionCode: null })).toBeNull();
  });
});

describe('cursors', () => {
  it('name the rank and the case, round trip, and say nothing readable', () => {
    const id = '0195f3a2-1b2c-7d3e-8f40-1234567890ab';
    for (const rank of RANKS) {
      const text = encodeSearchCursor({ rank, id });
      expect(text).toMatch(/^s[A-Za-z0-9_-]+$/);
      expect(text).not.toContain(id.slice(0, 8));
      expect(decodeSearchCursor(text)).toEqual({ rank, id });
    }
  });

  it('anything else is no cursor', () => {
    for (const text of ['', 's', id(), `s${'A'.repeat(45)}`, `s${btoa('9:0195f3a2-1b2c-7d3e-8f40-1234567890ab')}`, `s${btoa('1:not-a-uuid-at-all-not-a-uuid-at-all!')}`, 's!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!']) {
      expect(decodeSearchCursor(text), text).toBeNull();
    }
    function id() {
      return '0195f3a2-1b2c-7d3e-8f40-1234567890ab';
    }
  });
});
