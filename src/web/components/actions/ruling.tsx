/**
 * A court's ruling (裁定书) named by its decision: `confirm` and `refuse` of a confirmation, and
 * `decline` at a court, may carry the ruling's number and date (both optional).
 */
import { chinaDate, dateZh } from '../../format';
import type { CaseDetail } from '../../types';
import { normaliseRulingNumber, rulingNumberProblem } from '../../validate';
import { TextField } from '../ui';
import { lastProceeding, type FieldsProps, type FormState, type Problems } from './form';

export const RULING_FIELDS = ['rulingNumber', 'rulingDate'];

/** Whether the case is at a court, whose refusal to take it is a ruling. */
export function atCourt(d: CaseDetail): boolean {
  const kind = lastProceeding(d)?.kind;
  return kind === 'confirmation' || kind === 'litigation';
}

/** The day the court received the case, or accepted it: no ruling comes before it. */
function rulingFrom(d: CaseDetail): string {
  const last = lastProceeding(d);
  return last ? chinaDate(last.acceptedAt ?? last.receivedAt) : '';
}

export function RulingFields({ form, ctx }: FieldsProps) {
  return (
    <div class="row2">
      <TextField
        label="裁定书案号"
        optional
        name="rulingNumber"
        value={form.text('rulingNumber')}
        onValue={form.set('rulingNumber')}
        error={form.problems.rulingNumber}
        placeholder="例如：（2026）桂1023民特123号"
      />
      <TextField
        label="裁定日期"
        optional
        name="rulingDate"
        type="date"
        min={rulingFrom(ctx.detail)}
        max={chinaDate()}
        value={form.text('rulingDate')}
        onValue={form.set('rulingDate')}
        error={form.problems.rulingDate}
      />
    </div>
  );
}

export function readRuling(form: FormState, d: CaseDetail, problems: Problems): { rulingNumber?: string; rulingDate?: string } {
  const body: { rulingNumber?: string; rulingDate?: string } = {};
  const today = chinaDate();
  const number = form.text('rulingNumber');
  if (number.trim()) {
    const problem = rulingNumberProblem(number, Number(today.slice(0, 4)));
    if (problem) problems.rulingNumber = problem;
    body.rulingNumber = normaliseRulingNumber(number);
  }
  const date = form.text('rulingDate');
  if (date) {
    const from = rulingFrom(d);
    const occurredAt = form.text('occurredAt');
    if (date > today) problems.rulingDate = '不能晚于今天';
    else if (from && date < from) problems.rulingDate = `不能早于法院${lastProceeding(d)?.acceptedAt ? '受理' : '收到申请'}之日（${dateZh(from, false)}）`;
    else if (occurredAt && date > occurredAt.slice(0, 10)) problems.rulingDate = '不能晚于实际发生时间';
    body.rulingDate = date;
  }
  return body;
}
