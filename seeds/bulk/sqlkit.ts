/**
 * Small builders of SQL text for the bulk generator. Everything random is a seeded hash of row
 * numbers (PostgreSQL's hashint8extended, which gives the same answer on PostgreSQL and PGlite),
 * so the same seed gives the same rows whatever the plan or the driver.
 */

/** A SQL string literal. */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A SQL text[] literal. */
export const arr = (items: readonly string[]) => `array[${items.map(lit).join(',')}]::text[]`;

/** The China-time (UTC+8, no DST since 1991) legal date of a timestamptz. */
export const legal = (ts: string) => `((((${ts}) at time zone 'UTC') + interval '8 hours')::date)`;
/** The instant `secs` seconds after the start of a China-time date. */
export const chinaAt = (date: string, secs: string) => `(((((${date})::timestamp + ((${secs}) * interval '1 second')) at time zone 'UTC') - interval '8 hours'))`;
/** JavaScript's Date#toISOString of a timestamptz (millisecond precision, Z). */
export const iso = (ts: string) => `to_char((${ts}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** JSON.stringify of a text value (PostgreSQL escapes exactly the characters JavaScript does). */
export const js = (v: string) => `to_json((${v})::text)::text`;
/** JSON.stringify of a value that may be null. */
export const jsn = (v: string) => `coalesce(to_json((${v})::text)::text, 'null')`;

export interface Kit {
  /** A 64-bit hash of (key, salt) under the seed. */
  hash(key: string, salt: number): string;
  /** Uniform in [0, 1). */
  u(key: string, salt: number): string;
  /** Uniform integer in [0, n). */
  int(key: string, salt: number, n: number | string): string;
  /** Uniform integer in [lo, hi]. */
  range(key: string, salt: number, lo: number, hi: number): string;
  /** One element of a text list. */
  pick(items: readonly string[], key: string, salt: number): string;
  /**
   * A UUIDv7 whose time is `ts` (so ids sort like the app's own) and whose 62 low bits are a
   * bijection of `key`: unique for distinct keys of one tag.
   */
  uuid(ts: string, tag: number, key: string): string;
  /**
   * The instant `days` after the legal date of `prev`, at a random office hour (08:30–17:30),
   * but never earlier than five minutes after `prev`.
   */
  next(prev: string, days: string, key: string, salt: number): string;
}

export function kit(seed: number): Kit {
  const hash = (key: string, salt: number) => `hashint8extended((${key})::bigint * 4096 + ${salt}, ${seed})`;
  const int = (key: string, salt: number, n: number | string) => `((${hash(key, salt)} & 2147483647) % (${n}))::int`;
  const masks = new Map<number, string>();
  const mask = (tag: number) => {
    if (!masks.has(tag)) {
      // 62 bits derived from the seed in JavaScript; mixing with xor keeps key → id one-to-one.
      let h = (seed ^ (tag * 0x9e3779b1)) >>> 0;
      const next = () => {
        h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
        h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
        return (h ^ (h >>> 16)) >>> 0;
      };
      masks.set(tag, ((BigInt(next() & 0x3fffffff) << 32n) | BigInt(next())).toString());
    }
    return masks.get(tag)!;
  };
  return {
    hash,
    u: (key, salt) => `((${hash(key, salt)} & 4294967295)::float8 / 4294967296.0)`,
    int,
    range: (key, salt, lo, hi) => `(${lo} + ${int(key, salt, hi - lo + 1)})`,
    pick: (items, key, salt) => `(${arr(items)})[1 + ${int(key, salt, items.length)}]`,
    uuid: (ts, tag, key) =>
      `((lpad(to_hex(floor(extract(epoch from (${ts})) * 1000)::bigint), 12, '0') || '7' || lpad(to_hex(${tag * 256} + (${hash(key, 4000 + tag)} & 255)), 3, '0') || to_hex((((${key})::bigint # ${mask(tag)}) & 4611686018427387903) | (-9223372036854775807 - 1)))::uuid)`,
    next: (prev, days, key, salt) =>
      `greatest((${prev}) + interval '5 minutes', ${chinaAt(`${legal(prev)} + (${days})`, `30600 + ${int(key, salt, 32400)}`)})`,
  };
}
