/** 不是重复申请: staff dismiss a possible duplicate claim (SPEC §12); the pair no longer shows on either case. */
import { Select } from '../ui';
import { required, type ActionForm } from './form';

export const not_duplicate: ActionForm = {
  initial: (ctx) => (ctx.detail.possibleDuplicates.length === 1 ? { number: ctx.detail.possibleDuplicates[0].number } : {}),
  Fields: ({ form, ctx }) => (
    <Select
      label="与哪一件不是重复申请"
      name="number"
      value={form.text('number')}
      onValue={form.set('number')}
      options={ctx.detail.possibleDuplicates.map((d) => ({ value: d.number, label: `${d.number}（${d.orgName}）` }))}
      placeholder="请选择"
      error={form.problems.number}
    />
  ),
  read: (form, _ctx, problems) => ({ number: required(form, problems, 'number', '请选择案件') }),
};
