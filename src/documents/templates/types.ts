/**
 * What a document template is: its title, its blocks of text with the case's fields named in
 * braces ({acceptedOn}), the law it cites, and its signature and seal lines. A template file reads
 * as the document reads, top to bottom, so a centre's lawyer can correct the wording without
 * touching the code that lays it out (render.ts) or the code that finds the facts (facts.ts).
 *
 * A block names the fields it takes; the facts of a document (facts.ts) give every field as
 * finished Chinese text (dates, sums, names already written out), and `fill` refuses a field the
 * facts lack, so a template and its facts cannot drift apart silently (tests/unit/documents.test.ts
 * fills every block of every variant).
 */
import type { DocumentType } from '../../domain/caseFile.js';
import type { LegalBasis } from '../../domain/law.js';

/** A document's paragraphs and the rest of its text, for one variant (an arbitration's notice reads differently from a mediation's). */
export interface Variant {
  /** Centred at the top, in bold. */
  title: string;
  blocks: readonly Block[];
  /** Printed after the body as 法律依据：…; every rule the document applies names its source. */
  basis: LegalBasis;
  /** Right-aligned lines for signatures and seals, with room above each; the date line follows them. */
  signatures: readonly string[];
}

export type Block =
  /** The parties: each applicant and the respondent on a line of their own, as the reader may see them. */
  | { kind: 'parties'; applicant: string; respondent: string }
  /** Flush left, the person a notice is addressed to: 张三： */
  | { kind: 'addressee'; text: string }
  /** A bold line before a part of the body: 请求事项 */
  | { kind: 'heading'; text: string; when?: string }
  /** A paragraph of the body, its first line indented by two characters. */
  | { kind: 'paragraph'; text: string; when?: string }
  /** One paragraph per item of a list of the facts (claims, instalments, …), each item's fields in braces. */
  | { kind: 'each'; list: string; text: string }
  /** Lines flush left and unindented, as 此致 and the addressee under it are written. */
  | { kind: 'closing'; lines: readonly string[] };

/** A document type's template: what its fields mean, and its variants by the facts' `variant`. */
export interface Template {
  type: DocumentType;
  /** Its name in the list of a case's documents before the case says which variant applies. */
  title: string;
  /** The fields its blocks take, with what each is, for whoever corrects the text. */
  fields: Readonly<Record<string, string>>;
  /** The lists its `each` blocks take, with the fields of an item. */
  lists?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  variants: Readonly<Record<string, Variant>>;
}

// Helpers that keep a template file close to the text it produces.
export const parties = (applicant: string, respondent: string): Block => ({ kind: 'parties', applicant, respondent });
export const addressee = (text: string): Block => ({ kind: 'addressee', text });
export const heading = (text: string, when?: string): Block => ({ kind: 'heading', text, ...(when ? { when } : {}) });
export const p = (text: string, when?: string): Block => ({ kind: 'paragraph', text, ...(when ? { when } : {}) });
export const each = (list: string, text: string): Block => ({ kind: 'each', list, text });
export const closing = (...lines: string[]): Block => ({ kind: 'closing', lines });

/** The fields a piece of template text names, in order. */
export function fieldsIn(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

/**
 * Template text with its fields filled in. A part in square brackets is printed only when every
 * field in it has a value (`[，住所：{address}]` disappears for a respondent with no address on
 * record); a field the values lack altogether is a mistake in the template or the facts.
 */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  const value = (name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`the template names {${name}}, which its facts do not give`);
    return v;
  };
  const fields = (part: string) => part.replace(/\{(\w+)\}/g, (_, name: string) => value(name));
  return fields(text.replace(/\[([^[\]]*)\]/g, (_, part: string) => (fieldsIn(part).every((name) => value(name) !== '') ? part : '')));
}

/** Whether a block's condition holds: the field has a value, or the list has an item. */
export function holds(when: string | undefined, values: Readonly<Record<string, string>>, lists: Readonly<Record<string, readonly unknown[]>>): boolean {
  if (when === undefined) return true;
  if (when in lists) return lists[when].length > 0;
  return (values[when] ?? '') !== '';
}
