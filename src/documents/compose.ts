/**
 * A document's text in reading order, from its facts and its template: what render.ts lays out on
 * the page, and what the unit tests read without a PDF. Pure.
 */
import { basisZh } from '../domain/law.js';
import { variantOf, type DocumentFacts } from './facts.js';
import { fill, holds, type Block } from './templates/types.js';

/** A line or paragraph of the body: `indent` for a paragraph whose first line is indented, `heading` in bold. */
export interface Piece {
  text: string;
  style: 'line' | 'indent' | 'heading';
  /** The first of a group that is set apart from what comes before (the body after the parties). */
  gapBefore?: boolean;
}

export interface ComposedDocument {
  title: string;
  caseNumber: string;
  body: Piece[];
  /** 法律依据：《…》第…条… */
  basis: string;
  /** 此致 and its addressee, between the legal basis and the signatures. */
  closing: Piece[];
  /** Right-aligned, each with room for a hand or a seal; the date line follows. */
  signatures: string[];
}

export function compose(facts: DocumentFacts): ComposedDocument {
  const variant = variantOf(facts);
  const { fields, lists } = facts;
  const body: Piece[] = [];
  const closing: Piece[] = [];
  let afterParties = false;
  const add = (to: Piece[], text: string, style: Piece['style']) => {
    to.push(afterParties ? { text, style, gapBefore: true } : { text, style });
    afterParties = false;
  };
  const lay = (block: Block) => {
    switch (block.kind) {
      case 'parties':
        for (const a of facts.applicants) add(body, fill(block.applicant, a), 'line');
        add(body, fill(block.respondent, facts.respondent), 'line');
        for (const line of facts.representatives ?? []) add(body, line, 'line');
        afterParties = true;
        return;
      case 'addressee':
        return add(body, fill(block.text, fields), 'line');
      case 'heading':
        if (holds(block.when, fields, lists)) add(body, block.text, 'heading');
        return;
      case 'paragraph':
        if (holds(block.when, fields, lists)) add(body, fill(block.text, fields), 'indent');
        return;
      case 'each': {
        const items = lists[block.list];
        if (!items) throw new Error(`the ${facts.type} template lists ${block.list}, which its facts do not give`);
        for (const item of items) add(body, fill(block.text, { ...fields, ...item }), 'indent');
        return;
      }
      case 'closing':
        block.lines.forEach((line, i) => add(closing, fill(line, fields), i === 0 ? 'indent' : 'line'));
        return;
    }
  };
  for (const block of variant.blocks) lay(block);
  return {
    title: variant.title,
    caseNumber: facts.caseNumber,
    body,
    basis: `法律依据：${basisZh(variant.basis)}`,
    closing,
    signatures: variant.signatures.map((s) => fill(s, fields)),
  };
}

/** The whole text in reading order, one piece a line (for tests and for reading a template's output). */
export function plainText(d: ComposedDocument): string {
  return [d.title, `案号：${d.caseNumber}`, ...d.body.map((p) => p.text), d.basis, ...d.closing.map((p) => p.text), ...d.signatures].join('\n');
}
