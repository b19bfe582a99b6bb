import { describe, expect, it } from 'vitest';
import { regionName } from '../../src/domain/regions.js';

describe('regionName: GB/T 2260 codes and region prefixes in Chinese', () => {
  it('names provinces, prefecture-level cities and counties by prefix or full code', () => {
    expect(regionName('45')).toBe('广西壮族自治区');
    expect(regionName('450000')).toBe('广西壮族自治区');
    expect(regionName('4510')).toBe('百色市');
    expect(regionName('451000')).toBe('百色市');
    expect(regionName('451082')).toBe('平果市');
    expect(regionName('4501')).toBe('南宁市');
    expect(regionName('450107')).toBe('西乡塘区');
    expect(regionName('4403')).toBe('深圳市');
    expect(regionName('440306')).toBe('宝安区');
    expect(regionName('44')).toBe('广东省');
  });

  it('maps the retired code the demo data carries to the same place today', () => {
    // 平果县 (451023) became 平果市 (451082) in 2019.
    expect(regionName('451023')).toBe('平果市');
  });

  it('the whole country is the empty prefix', () => {
    expect(regionName('')).toBe('全国');
  });

  it('a municipality has no prefecture level: its four-digit prefix is the municipality', () => {
    expect(regionName('1101')).toBe('北京市');
    expect(regionName('110100')).toBe('北京市');
    expect(regionName('3101')).toBe('上海市');
    expect(regionName('5002')).toBe('重庆市');
    expect(regionName('110108')).toBe('海淀区');
  });

  it('groupings that are not places carry their parent’s name', () => {
    expect(regionName('4290')).toBe('湖北省直辖县级行政区划');
    expect(regionName('429004')).toBe('仙桃市');
    expect(regionName('130101')).toBe('石家庄市市辖区');
  });

  it('null for what names no current division', () => {
    expect(regionName('4')).toBeNull();
    expect(regionName('451')).toBeNull();
    expect(regionName('45102')).toBeNull();
    expect(regionName('4599')).toBeNull();
    expect(regionName('459999')).toBeNull();
    expect(regionName('000000')).toBeNull();
    expect(regionName('4510230')).toBeNull();
    expect(regionName('45ab')).toBeNull();
  });
});
