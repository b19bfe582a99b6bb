/**
 * 处理结果: who prevailed, which staff may say with any outcome that concludes a proceeding
 * (SPEC §12); it is counted in the ministry's report (劳动者胜诉, 用人单位胜诉, 双方部分胜诉). A worker
 * withdrawing their own claim is not asked.
 */
import { PREVAILED_NAMES } from '../../i18n';
import { Select } from '../ui';
import type { ActionForm } from './form';

/** An outcome's form with the prevailing party after its own fields, for staff. */
export function withPrevailed(base: ActionForm): ActionForm {
  return {
    initial: base.initial,
    Fields: (props) => (
      <>
        {base.Fields ? <base.Fields {...props} /> : null}
        {props.ctx.party ? null : (
          <Select
            label="处理结果（胜诉方）"
            name="prevailed"
            optional
            placeholder="不标注"
            options={Object.entries(PREVAILED_NAMES).map(([value, label]) => ({ value, label }))}
            value={props.form.text('prevailed')}
            onValue={props.form.set('prevailed')}
            error={props.form.problems.prevailed}
            help="计入上报的劳动人事争议处理情况统计"
          />
        )}
      </>
    ),
    read: (form, ctx, problems) => {
      const own = base.read?.(form, ctx, problems) ?? {};
      const prevailed = ctx.party ? '' : form.text('prevailed');
      return prevailed ? { ...own, prevailed } : own;
    },
  };
}
