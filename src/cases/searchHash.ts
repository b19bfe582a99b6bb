/**
 * The keyed hash that lets a search find a worker by phone or resident ID number while the search
 * table and its index hold no such number (SPEC §12): HMAC-SHA256 under SEARCH_HASH_KEY, of the
 * value as the case stores it, marked with what it is. Without the key, a stolen copy of the index
 * cannot be turned back into numbers by trying every phone (there are only 10^10 of them).
 */
import { createHash, createHmac } from 'node:crypto';

/** The key, as config.ts gives it (SEARCH_HASH_KEY, or one derived from JWT_SECRET in development). */
export interface SearchKey {
  readonly secret: string;
}

export type PartyField = 'phone' | 'idNumber';

export function partyHash(key: SearchKey, field: PartyField, value: string): Buffer {
  return createHmac('sha256', key.secret).update(`${field}:${value}`).digest();
}

/** Every hash a case's applicants are found by. */
export function partyHashes(key: SearchKey, applicants: readonly { phone: string | null; idNumber: string | null }[]): Buffer[] {
  const out: Buffer[] = [];
  for (const a of applicants) {
    if (a.phone) out.push(partyHash(key, 'phone', a.phone));
    if (a.idNumber) out.push(partyHash(key, 'idNumber', a.idNumber));
  }
  return out;
}

/** The key's two padded forms (RFC 2104), for the database to compute the same hash: partyHashSql. */
export function hmacPads(key: SearchKey): { inner: Buffer; outer: Buffer } {
  let k = Buffer.from(key.secret, 'utf8');
  if (k.length > 64) k = createHash('sha256').update(k).digest();
  const padded = Buffer.concat([k, Buffer.alloc(64 - k.length)]);
  return { inner: Buffer.from(padded.map((b) => b ^ 0x36)), outer: Buffer.from(padded.map((b) => b ^ 0x5c)) };
}

/**
 * partyHash computed by the database from PostgreSQL's sha256, for hashing many rows in one
 * statement (the bulk generator). Every argument is an SQL expression: `value` of type text,
 * `inner` and `outer` the pads of hmacPads as bytea (bind them; never write a key into SQL text,
 * which the server may log).
 */
export function partyHashSql(field: PartyField, value: string, pads: { inner: string; outer: string }): string {
  return `sha256(${pads.outer} || sha256(${pads.inner} || convert_to('${field}:' || ${value}, 'UTF8')))`;
}
