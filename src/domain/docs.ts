/** README sections generated from the rules as data: the transition diagrams, the statistics and the clocks. */
import { CLOCK_RULES } from './clockRules.js';
import { basisZh, LAWS } from './law.js';
import { KIND_OUTCOMES, PROCEEDING_KINDS } from './model.js';
import { STAT_ACTS, STAT_FIELDS, type ProceedingTest, type StatAct, type StatAmount, type StatFieldDefinition, type StatUnit } from './statistics.js';
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
    const label = `${r.after.join(' / ')}${r.needsDefault ? ' + default' : ''}${r.needsEffective ? ' + signed by all' : ''}${r.byWorker ? ' (worker too)' : ''}`;
    lines.push(`    ${r.from} -- "${label}" --> ${r.to}`);
  }
  return lines.join('\n');
}

function transitionsSection(): string {
  return [
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
  ].join('\n');
}

const or = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(' or ');

function testWords(t: ProceedingTest): string {
  const parts: string[] = [];
  if (t.state) parts.push(`state ${or(t.state)}`);
  if (t.kind) parts.push(`kind ${or(t.kind)}`);
  if (t.outcome) parts.push(`outcome ${or(t.outcome)}`);
  if (t.prevailed) parts.push(`prevailed ${or(t.prevailed)}`);
  for (const column of t.has ?? []) parts.push(`\`${column}\` set`);
  if (t.onTime) parts.push('`onTime`');
  return parts.join(', ');
}

function amountWords(add: StatAmount, act: StatAct): string {
  if (add === 1) return '1';
  return 'case' in add ? `the case's \`${add.case}\`` : `the ${act.of}'s \`${add.row}\``;
}

/** What each act adds, as STAT_ACTS defines it. */
function actWords(act: StatAct): string {
  const counts = Object.entries(act.counts).map(([counter, rule]) => {
    const conditions = [...(rule.when ? [testWords(rule.when)] : []), ...(rule.final ? [`the ${act.of} is \`final\``] : [])];
    return `\`${counter}\` + ${amountWords(rule.add, act)}${conditions.length ? ` if ${conditions.join(', ')}` : ''}`;
  });
  const span = act.span
    ? [`\`${act.span.measure}\` histogram: days from \`${act.span.from}\`${act.span.when ? ` if ${testWords(act.span.when)}` : ''}`]
    : [];
  return [...counts, ...span].join('; ');
}

/** The unit a field has in the API's answers (exports state money in yuan). */
const UNIT_WORDS: Record<StatUnit, string> = { count: 'count', rate: 'fraction, 4 places', days: 'days', fen: 'fen (exports: 元)' };

function statisticsSection(): string {
  return [
    '| field | 中文 | unit | meaning | source |',
    '|---|---|---|---|---|',
    ...(STAT_FIELDS as readonly StatFieldDefinition[]).map(
      (f) => `| \`${f.key}\` | ${f.zh} | ${UNIT_WORDS[f.unit]} | ${f.means.replace(/\|/g, '\\|')} | ${f.source ? basisZh(f.source) : ''} |`,
    ),
    '',
    "The acts counted (`STAT_ACTS`), each on its timestamp's China-time date, under the proceeding's organisation and kind (an agreement's and a payment's: the proceeding that recorded the agreement):",
    '',
    '| act | row, dated by | adds |',
    '|---|---|---|',
    ...STAT_ACTS.map((a) => `| ${a.act} | ${a.of} \`${a.on}\` | ${actWords(a)} |`),
  ].join('\n');
}

function clocksSection(): string {
  return [
    '| clock | 含义 | starts | length | basis |',
    '|---|---|---|---|---|',
    ...Object.values(CLOCK_RULES).map(
      (r) => `| \`${r.kind}\` | ${r.label} | ${r.starts} | ${r.unit === 'instalments' ? 'each instalment' : `${r.length} ${r.unit === 'year' ? 'year' : `${r.unit} day`}${r.length > 1 ? 's' : ''}`} | ${r.basis} |`,
    ),
    '',
    'The laws cited (`src/domain/law.ts`), with the version whose article numbers the citations use:',
    '',
    '| cited as | 全称 | 位阶 | version |',
    '|---|---|---|---|',
    ...Object.values(LAWS).map((l) => `| 《${l.short}》 | 《${l.title}》 | ${l.rank} | ${l.version} |`),
  ].join('\n');
}

/** Each generated section sits between `<!-- generated:NAME ... -->` and `<!-- /generated:NAME -->`. */
export const GENERATED_SECTIONS: Record<string, () => string> = {
  transitions: transitionsSection,
  statistics: statisticsSection,
  clocks: clocksSection,
};

/** README text with every generated section replaced. */
export function withGeneratedSections(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(GENERATED_SECTIONS)) {
    const start = `<!-- generated:${name} (npm run docs:generate) -->`;
    const end = `<!-- /generated:${name} -->`;
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i < 0 || j < 0) throw new Error(`README has no markers for the generated section ${name}`);
    out = `${out.slice(0, i)}${start}\n\n${render()}\n\n${out.slice(j)}`;
  }
  return out;
}
