/** 延长期限: more days for the proceeding, and why. */
import { TextField } from '../ui';
import { lastProceeding, type ActionForm } from './form';
import { ReasonField, readReason } from './reason';

export const extend: ActionForm = {
  Fields: (props) => {
    const { form } = props;
    return (
      <>
        <TextField
          label="延长天数"
          name="days"
          type="number"
          inputMode="numeric"
          min={1}
          value={form.text('days')}
          onValue={form.set('days')}
          error={form.problems.days}
          help={lastProceeding(props.ctx.detail)?.kind === 'arbitration' ? '仲裁审理期限经批准可延长一次，最多15日' : '调解期限经双方同意可以延长'}
        />
        <ReasonField {...props} label="理由" rows={2} />
      </>
    );
  },
  read: (form, _ctx, problems) => {
    const days = Number(form.text('days'));
    if (!Number.isInteger(days) || days < 1) problems.days = '请填写延长的天数';
    return { days, ...readReason(form, problems) };
  },
};
