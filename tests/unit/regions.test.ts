import { describe, expect, it } from 'vitest';
import { regionName } from '../../src/domain/regions.js';

/** Each code or prefix with the name it must get (null: none). */
function expectNames(names: Record<string, string | null>) {
  for (const [code, name] of Object.entries(names)) expect(regionName(code), code).toBe(name);
}

describe('regionName: GB/T 2260 codes and region prefixes in Chinese', () => {
  it('names provinces, prefecture-level cities and counties by prefix or full code', () => {
    expectNames({
      '45': '广西壮族自治区',
      '450000': '广西壮族自治区',
      '4510': '百色市',
      '451000': '百色市',
      '451082': '平果市',
      '4501': '南宁市',
      '450107': '西乡塘区',
      '4403': '深圳市',
      '440306': '宝安区',
      '44': '广东省',
    });
  });

  it('maps the retired code the demo data carries to the same place today', () => {
    // 平果县 (451023) became 平果市 (451082) in 2019.
    expect(regionName('451023')).toBe('平果市');
  });

  it('the whole country is the empty prefix', () => {
    expect(regionName('')).toBe('全国');
  });

  it('a municipality has no prefecture level: its four-digit prefix is the municipality', () => {
    expectNames({
      '1101': '北京市',
      '110100': '北京市',
      '3101': '上海市',
      '5002': '重庆市',
      '110108': '海淀区',
    });
  });

  it('groupings that are not places carry their parent’s name', () => {
    expectNames({
      '4290': '湖北省直辖县级行政区划',
      '429004': '仙桃市',
      '130101': '石家庄市市辖区',
    });
  });

  it('null for what names no current division', () => {
    expectNames({
      '4': null,
      '451': null,
      '45102': null,
      '4599': null,
      '459999': null,
      '000000': null,
      '4510230': null,
      '45ab': null,
    });
  });
});
