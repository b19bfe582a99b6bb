/** 结案: the case closes, with the outcome the case bears out. */
import { CASE_OUTCOME_NAMES } from '../../i18n';
import type { CaseDetail } from '../../types';
import { Select } from '../ui';
import { lastProceeding, required, type ActionForm } from './form';

/** `performed` once the agreement is paid in full; `judged` and `withdrawn` when the last proceeding ended so. */
function outcomes(d: CaseDetail): string[] {
  const last = lastProceeding(d);
  return Object.keys(CASE_OUTCOME_NAMES).filter((o) =>
    o === 'performed' ? d.agreement?.status === 'performed' : o === 'judged' ? last?.outcome === 'judged' : o === 'withdrawn' ? last?.outcome === 'withdrawn' : true,
  );
}

export const close: ActionForm = {
  Fields: ({ form, ctx }) => (
    <Select
      label="结案方式"
      name="outcome"
      value={form.text('outcome')}
      onValue={form.set('outcome')}
      options={outcomes(ctx.detail).map((o) => ({ value: o, label: CASE_OUTCOME_NAMES[o] }))}
      placeholder="请选择"
      error={form.problems.outcome}
    />
  ),
  read: (form, _ctx, problems) => ({ outcome: required(form, problems, 'outcome', '请选择结案方式') }),
};
