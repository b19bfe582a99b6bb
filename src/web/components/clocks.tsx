/** Statutory clocks, coloured by how much time is left: running, due soon, breached. */
import { AGENCY_CLOCK_LAPSED, CLOCK_FOR_WORKER, CLOCK_STATUS_NAMES } from '../i18n';
import { dateZh, daysLeftZh, yuan } from '../format';
import type { Agreement, Clock } from '../types';

export type Tone = 'breached' | 'due_soon' | 'running' | 'paused' | 'met';

export function clockTone(c: Pick<Clock, 'status' | 'dueSoon'>): Tone {
  if (c.status === 'breached') return 'breached';
  if (c.status === 'running' && c.dueSoon) return 'due_soon';
  return c.status;
}

export function ToneBadge(props: { tone: Tone }) {
  return <span class={`badge tone-${props.tone}`}>{CLOCK_STATUS_NAMES[props.tone]}</span>;
}

/**
 * The dates by which the worker herself may or must act (apply, sue, ask for confirmation, watch
 * for a payment). Every other clock is an agency's own deadline: shown to her plainly as that
 * agency's, without the colours that ask her to act.
 */
export const WORKER_OWN_CLOCKS = new Set(['limitation', 'appeal_window', 'vacate_window', 'confirmation_window', 'performance']);

/** The instalment the next performance date asks for: what is still unpaid of it. */
export function nextInstalment(a: Agreement | null): { dueOn: string; amountFen: number } | null {
  if (!a || a.status === 'performed') return null;
  let cumulative = 0;
  for (const i of a.instalments) {
    cumulative += i.amountFen;
    if (cumulative > a.paidFen) return { dueOn: i.dueOn, amountFen: Math.min(i.amountFen, cumulative - a.paidFen) };
  }
  return null;
}

/** A list of clocks; `forWorker` words them as the worker reads them and hides the staff-only ones. */
export function ClockList(props: {
  clocks: Clock[];
  forWorker?: boolean;
  agreement?: Agreement | null;
  showMet?: boolean;
  /** At most this many, soonest first, without the explanations (for lists of cases). */
  limit?: number;
}) {
  const open = props.clocks.filter((c) => props.showMet || c.status === 'running' || c.status === 'paused' || c.status === 'breached');
  const agency = (c: Clock) => Boolean(props.forWorker) && !WORKER_OWN_CLOCKS.has(c.kind);
  // A worker's own dates first, then the agencies'; each soonest first.
  const sorted = [...open]
    .sort((a, b) => Number(agency(a)) - Number(agency(b)) || (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))
    .slice(0, props.limit ?? Infinity);
  const compact = props.limit !== undefined;
  if (!sorted.length) return <p class="empty">目前没有正在计算的期限。</p>;
  const next = nextInstalment(props.agreement ?? null);
  return (
    <ul class={compact ? 'clocks compact' : 'clocks'}>
      {sorted.map((c) => {
        const theirs = agency(c);
        const tone = theirs ? 'paused' : clockTone(c);
        const label = props.forWorker ? (CLOCK_FOR_WORKER[c.kind] ?? c.label) : c.label;
        const live = c.status === 'running' || c.status === 'breached';
        return (
          <li class={`clock tone-${tone}${theirs ? ' agency' : ''}`} key={c.id} data-clock={c.kind}>
            <div class="clock-main">
              <span class="clock-label">{label}</span>
              <span class="clock-date">{dateZh(c.dueOn)}</span>
            </div>
            <div class="clock-meta">
              {theirs ? <span class="badge plain">办理机构的期限</span> : <ToneBadge tone={tone} />}
              {live ? <span class="days">{theirs && c.status === 'breached' ? '已过这一日' : daysLeftZh(c.dueOn)}</span> : null}
              {theirs && c.status === 'breached' && AGENCY_CLOCK_LAPSED[c.kind] && !compact ? <span class="days">{AGENCY_CLOCK_LAPSED[c.kind]}</span> : null}
              {c.kind === 'performance' && next ? <span class="days">应付 {yuan(next.amountFen)}</span> : null}
              {c.provisional ? <span class="days warn">节假日安排未公布，日期可能调整</span> : null}
            </div>
            {c.explanation.length && !compact ? (
              <details class="explain">
                <summary>这个日期是怎么算的</summary>
                <ol>
                  {c.explanation.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ol>
                <p class="basis">依据：{c.rule.basis}</p>
              </details>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
