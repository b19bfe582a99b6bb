/**
 * The paths a bulk case can take through the pipeline. Each template is a chain of proceedings;
 * a case follows its template as far as its dates allow (anything after "now" has not happened
 * yet, which is what leaves realistic open cases and backlogs). Every step is checked against
 * the app's own transition data, so a template cannot describe a hand-off the app would refuse.
 */
import { KIND_OUTCOMES, type ProceedingKind, type ProceedingOutcome } from '../../src/domain/model.js';
import { REFERRAL_ROUTES } from '../../src/domain/transitions.js';

export type Ending = ProceedingOutcome | 'declined';
/** Which organisation handles a step, relative to where the case was filed. */
export type OrgRole = 'first' | 'city_arb' | 'county_court' | 'other_med';
export type Route = 'mediation' | 'arbitration' | 'litigation';

export interface Step {
  kind: ProceedingKind;
  role: OrgRole;
  ending: Ending;
  /** Why the case was referred to this step (steps after the first). */
  reason?: string;
}

export interface Template {
  id: number;
  route: Route;
  weight: number;
  steps: Step[];
}

const med = (ending: Ending, role: OrgRole = 'first', reason?: string): Step => ({ kind: 'mediation', role, ending, reason });
const arb = (ending: Ending, role: OrgRole = 'city_arb', reason = '调解不成，申请劳动仲裁'): Step => ({ kind: 'arbitration', role, ending, reason });
const conf = (ending: Ending): Step => ({ kind: 'confirmation', role: 'county_court', ending, reason: '双方共同申请司法确认调解协议' });
const lit = (ending: Ending, reason = '不服仲裁裁决，向人民法院提起诉讼', role: OrgRole = 'county_court'): Step => ({ kind: 'litigation', role, ending, reason });
/** Filed directly with the county court. */
const court = (ending: Ending): Step => ({ kind: 'litigation', role: 'first', ending });

const RAW: Omit<Template, 'id'>[] = [
  // Filed with a mediation organisation (walk-in, online, or delegated by a court).
  { route: 'mediation', weight: 22, steps: [med('settled')] },
  { route: 'mediation', weight: 9, steps: [med('settled'), conf('confirmed')] },
  { route: 'mediation', weight: 1, steps: [med('settled'), conf('refused')] },
  { route: 'mediation', weight: 0.5, steps: [med('settled'), conf('withdrawn')] },
  { route: 'mediation', weight: 0.3, steps: [med('settled'), conf('declined')] },
  { route: 'mediation', weight: 6, steps: [med('failed'), arb('awarded')] },
  { route: 'mediation', weight: 5, steps: [med('failed'), arb('settled')] },
  { route: 'mediation', weight: 1, steps: [med('failed'), arb('withdrawn')] },
  { route: 'mediation', weight: 2, steps: [med('failed'), arb('awarded'), lit('judged')] },
  { route: 'mediation', weight: 0.5, steps: [med('failed'), arb('awarded'), lit('settled')] },
  { route: 'mediation', weight: 0.6, steps: [med('failed'), arb('declined'), lit('judged', '仲裁委员会不予受理，向人民法院提起诉讼')] },
  { route: 'mediation', weight: 3, steps: [med('failed')] },
  { route: 'mediation', weight: 4, steps: [med('withdrawn')] },
  { route: 'mediation', weight: 1.5, steps: [med('declined')] },
  { route: 'mediation', weight: 1, steps: [med('declined'), arb('awarded', 'city_arb', '调解组织不予受理，申请劳动仲裁')] },
  { route: 'mediation', weight: 1, steps: [med('failed'), med('settled', 'other_med', '转其他调解组织继续调解')] },
  { route: 'mediation', weight: 0.4, steps: [med('withdrawn'), arb('settled', 'city_arb', '撤回调解申请后申请劳动仲裁')] },
  { route: 'mediation', weight: 0.3, steps: [med('failed'), arb('withdrawn'), med('settled', 'other_med', '撤回仲裁申请，转调解组织调解')] },
  // Filed directly with the city's arbitration commission.
  { route: 'arbitration', weight: 12, steps: [arb('awarded', 'first')] },
  { route: 'arbitration', weight: 10, steps: [arb('settled', 'first')] },
  { route: 'arbitration', weight: 3, steps: [arb('withdrawn', 'first')] },
  { route: 'arbitration', weight: 1, steps: [arb('declined', 'first')] },
  { route: 'arbitration', weight: 1, steps: [arb('declined', 'first'), lit('judged', '仲裁委员会不予受理，向人民法院提起诉讼')] },
  { route: 'arbitration', weight: 0.3, steps: [arb('declined', 'first'), lit('declined', '仲裁委员会不予受理，向人民法院提起诉讼')] },
  { route: 'arbitration', weight: 3, steps: [arb('awarded', 'first'), lit('judged')] },
  { route: 'arbitration', weight: 1, steps: [arb('awarded', 'first'), lit('settled')] },
  { route: 'arbitration', weight: 0.4, steps: [arb('awarded', 'first'), lit('withdrawn')] },
  { route: 'arbitration', weight: 0.5, steps: [arb('withdrawn', 'first'), med('settled', 'other_med', '撤回仲裁申请，转调解组织调解')] },
  { route: 'arbitration', weight: 0.3, steps: [arb('withdrawn', 'first'), arb('awarded', 'city_arb', '撤回后重新申请仲裁')] },
  // Filed with the county court (payment orders, suits on unpaid wages).
  { route: 'litigation', weight: 2, steps: [court('judged')] },
  { route: 'litigation', weight: 1, steps: [court('settled')] },
  { route: 'litigation', weight: 0.5, steps: [court('withdrawn')] },
  { route: 'litigation', weight: 0.3, steps: [court('declined'), med('settled', 'other_med', '人民法院委派调解组织进行诉前调解')] },
  { route: 'litigation', weight: 0.3, steps: [court('judged'), lit('settled', '申请强制执行')] },
];

export const TEMPLATES: Template[] = RAW.map((t, i) => ({ ...t, id: i + 1 }));
export const MAX_STEPS = Math.max(...TEMPLATES.map((t) => t.steps.length));

export const PRODUCING: readonly Ending[] = ['settled', 'awarded', 'judged'];

/** The legal basis the app records on a staff referral from `prev` to `next` (first matching route). */
export function referralBasis(prev: Step, next: Step): string {
  const route = REFERRAL_ROUTES.find((r) => r.from === prev.kind && r.after.includes(prev.ending) && r.to === next.kind && !r.needsDefault);
  if (!route) throw new Error(`no referral route from ${prev.kind} ${prev.ending} to ${next.kind}`);
  return route.basis;
}

/** Throws if a template has an outcome its proceeding kind cannot reach or a hand-off the app refuses. */
export function checkTemplates(): void {
  for (const t of TEMPLATES) {
    t.steps.forEach((s, i) => {
      if (s.ending !== 'declined' && !KIND_OUTCOMES[s.kind].includes(s.ending)) throw new Error(`template ${t.id}: ${s.kind} cannot end ${s.ending}`);
      if (i === 0 && s.role !== 'first') throw new Error(`template ${t.id}: the first step is at the filing organisation`);
      if (i > 0) referralBasis(t.steps[i - 1], s);
    });
    if (t.steps[0].kind !== t.route) throw new Error(`template ${t.id}: starts with ${t.steps[0].kind}, not ${t.route}`);
  }
}
