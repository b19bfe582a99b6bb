/**
 * What a search on GET /cases?q= asks for (SPEC §12), decided without I/O so that the API and the
 * pages read a search string the same way: a worker's phone or resident ID number (matched
 * exactly, through a keyed hash: src/cases/searchHash.ts), or text that may be a case number's
 * beginning and is a part of a party's or the employer's name.
 *
 * Results come in ranks, best first: the worker's phone or ID number; the case number itself;
 * numbers that begin with the text; a name that is the text; names that contain it. Within a rank
 * the newest case comes first, except numbers by prefix, which come in their own order (the
 * newest of an organisation's year first). A cursor names the rank and the case it stopped at.
 */
import { idNumberProblem } from '../domain/identity.js';

export const RANKS = ['identity', 'exactNumber', 'numberPrefix', 'exactName', 'partialName'] as const;
export type Rank = (typeof RANKS)[number];

/** A name part as the statements take it: grams for the index, a LIKE pattern to confirm. */
export interface NameTerm {
  /** The text as typed (spaces collapsed): an exact name is compared with it. */
  text: string;
  /** What the index must hold for a name to contain the text (see nameGrams). */
  grams: string[];
  /** `%text%` over the folded names, with LIKE's special characters escaped. */
  like: string;
}

export type SearchTerms =
  | { kind: 'identity'; field: 'phone' | 'idNumber'; value: string }
  | { kind: 'text'; number: string | null; name: NameTerm | null };

/** Why a search string cannot be searched: the message completes "querystring.q …". */
export type SearchProblem =
  | { problem: 'idNumber'; message: string }
  | { problem: 'nothingToSearch'; message: string }
  | { problem: 'tooShort'; message: string };

/** Characters people type to mean "anything here"; at either end they add nothing to a search by any part. */
const WILDCARDS = /^[%*?_％＊？＿]+|[%*?_％＊？＿]+$/gu;
const HAN = /\p{Script=Han}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** A case number's beginning: the organisation's intake code, then "-year-sequence" (caseNumber in decide.ts). */
const NUMBER_PREFIX = /^[A-Z0-9][A-Z0-9-]+$/;
/** The most grams a search asks the index for: enough to be selective, few enough to stay cheap. */
const MAX_GRAMS = 12;

/** Latin capitals to small letters, and nothing else, exactly as the database's search_fold does. */
export function foldCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/**
 * The index keys a name containing `text` certainly has: its one character, or every pair of
 * neighbouring characters (the database stores both for each name: search_grams). A long text
 * keeps MAX_GRAMS pairs spread along it; the LIKE pattern confirms every candidate.
 */
export function nameGrams(text: string): string[] {
  const chars = Array.from(foldCase(text));
  if (chars.length === 1) return chars;
  const pairs = [...new Set(chars.slice(1).map((c, i) => chars[i] + c))];
  if (pairs.length <= MAX_GRAMS) return pairs;
  return Array.from({ length: MAX_GRAMS }, (_, i) => pairs[Math.round((i * (pairs.length - 1)) / (MAX_GRAMS - 1))]);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Reads a search string. `today` (China date, YYYY-MM-DD) rejects an ID number born later.
 * An ID number's shape with a wrong check digit or birth date is a problem, not a search that
 * finds nothing: the person has mistyped it and should be told.
 */
export function parseSearch(q: string, today: string): { terms: SearchTerms } | SearchProblem {
  const text = q.trim().replace(/\s+/gu, ' ').replace(WILDCARDS, '').trim();
  // Phones and ID numbers are written with spaces or hyphens between groups, in full-width digits, with +86.
  const compact = text.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{17}[\dX]$/.test(compact)) {
    const problem = idNumberProblem(compact, today);
    if (problem) return { problem: 'idNumber', message: `resident ID number ${problem}` };
    return { terms: { kind: 'identity', field: 'idNumber', value: compact } };
  }
  const phone = compact.match(/^(?:\+?86|0086)?(1[3-9]\d{9})$/);
  if (phone) return { terms: { kind: 'identity', field: 'phone', value: phone[1] } };
  if (!LETTER_OR_DIGIT.test(text)) {
    return { problem: 'nothingToSearch', message: 'must contain a letter, a digit or a Chinese character: punctuation and wildcards alone find nothing' };
  }
  if (Array.from(text).length < 2 && !HAN.test(text)) {
    return { problem: 'tooShort', message: 'is too short to search: give two characters or more, or one Chinese character' };
  }
  const number = text.normalize('NFKC').toUpperCase();
  const isNumber = NUMBER_PREFIX.test(number);
  return {
    terms: {
      kind: 'text',
      number: isNumber ? number : null,
      // Past the organisation's code ("PGZGH-2…") the text is a case number, not a name.
      name: isNumber && /-\d/.test(number) ? null : { text, grams: nameGrams(text), like: `%${escapeLike(foldCase(text))}%` },
    },
  };
}

/** The ranks a search can have results in, best first. */
export function ranksOf(terms: SearchTerms): Rank[] {
  if (terms.kind === 'identity') return ['identity'];
  return [...(terms.number ? (['exactNumber', 'numberPrefix'] as const) : []), ...(terms.name ? (['exactName', 'partialName'] as const) : [])];
}

/** The first number after every number beginning with `prefix`, in byte order (the index's "C" collation). */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

// ---- Index keys ---------------------------------------------------------------------------------
//
// Beside its names, each case has keys in the same index (search_case_keys in the database):
// `o:<organisation>` for each organisation handling it and `r:<2 to 6 digits>` for each beginning
// of their region codes, which is what a supervisor's region is (SPEC §2); and `n:<beginning of
// the intake code>` and `n:<intake code>-<year>` of its number. One index lookup then finds the
// matches within a caller's scope. The keys only narrow a lookup: the statements still apply
// src/cases/access.ts to every row.

/** The one scope key that holds everything a caller may see; null when none does (a worker, the whole country). */
export function callerScopeKey(caller: { role: string; orgId: string | null; regionCode: string | null }): string | null {
  if (caller.role === 'supervisor') return caller.regionCode ? `r:${caller.regionCode}` : null;
  if (caller.role === 'worker' || caller.role === 'admin') return null;
  return caller.orgId ? `o:${caller.orgId}` : null;
}

/** The key every number beginning with `prefix` has (a prefix has at least two characters). */
export function numberPrefixKey(prefix: string): string {
  const [code, year] = prefix.split('-');
  if (year === undefined) return `n:${code}`;
  // A year is four digits (caseNumber), so four digits after the code name it whole.
  return /^\d{4}$/.test(year) ? `n:${code}-${year}` : `n:${code}`;
}

// ---- Cursors ----------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where a page of search results stopped: the rank and the last case shown. Opaque to clients. */
export interface SearchCursor {
  rank: Rank;
  id: string;
}

export function encodeSearchCursor(c: SearchCursor): string {
  return `s${btoa(`${RANKS.indexOf(c.rank)}:${c.id}`).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}`;
}

/** What a search's cursor looks like (a plain list's cursor is the last case's id). */
export const SEARCH_CURSOR = /^s[A-Za-z0-9_-]{40,60}$/;

export function decodeSearchCursor(text: string): SearchCursor | null {
  if (!SEARCH_CURSOR.test(text)) return null;
  let plain: string;
  try {
    plain = atob(text.slice(1).replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const m = plain.match(/^(\d):(.*)$/);
  if (!m || !UUID.test(m[2]) || Number(m[1]) >= RANKS.length) return null;
  return { rank: RANKS[Number(m[1])], id: m[2] };
}
