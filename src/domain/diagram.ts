/** Mermaid diagrams generated from the transition table, for the README. */
import { KIND_OUTCOMES, PROCEEDING_KINDS } from './model.js';
import { ACTIONS, REFERRAL_ROUTES, TRANSITIONS } from './transitions.js';

/** The life of one proceeding: every arrow is a row of TRANSITIONS with a `to`. */
export function proceedingDiagram(): string {
  const lines = ['stateDiagram-v2', '    [*] --> received: file / refer'];
  for (const action of ACTIONS) {
    const rule = TRANSITIONS[action];
    if (!rule.to) continue;
    const target = rule.to.outcome ?? rule.to.state;
    const kinds = rule.kinds ? ` (${rule.kinds.join(', ')})` : '';
    for (const from of rule.from ?? []) lines.push(`    ${from} --> ${target}: ${action}${kinds}`);
  }
  const terminal = new Set(PROCEEDING_KINDS.flatMap((k) => KIND_OUTCOMES[k]));
  for (const t of [...terminal, 'declined']) lines.push(`    ${t} --> [*]`);
  return lines.join('\n');
}

/** Where a case may go next once a proceeding has ended: REFERRAL_ROUTES as a graph. */
export function referralDiagram(): string {
  const lines = ['flowchart LR'];
  for (const r of REFERRAL_ROUTES) {
    const label = `${r.after.join(' / ')}${r.needsDefault ? ' + default' : ''}${r.byWorker ? ' (worker too)' : ''}`;
    lines.push(`    ${r.from} -- "${label}" --> ${r.to}`);
  }
  return lines.join('\n');
}

export const DIAGRAM_START = '<!-- generated:transitions (npm run docs:diagram) -->';
export const DIAGRAM_END = '<!-- /generated:transitions -->';

export function diagramSection(): string {
  return [
    DIAGRAM_START,
    '',
    'One proceeding (mediation, confirmation, arbitration or litigation):',
    '',
    '```mermaid',
    proceedingDiagram(),
    '```',
    '',
    'Referrals between proceedings once one has ended (`refer`), with their legal basis in `src/domain/transitions.ts`:',
    '',
    '```mermaid',
    referralDiagram(),
    '```',
    '',
    DIAGRAM_END,
  ].join('\n');
}

/** README text with the generated section replaced. */
export function withDiagram(readme: string): string {
  const start = readme.indexOf(DIAGRAM_START);
  const end = readme.indexOf(DIAGRAM_END);
  if (start < 0 || end < 0) throw new Error('README has no generated diagram markers');
  return readme.slice(0, start) + diagramSection() + readme.slice(end + DIAGRAM_END.length);
}
