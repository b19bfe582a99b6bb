/** 作出裁决: the arbitral award, what it orders paid, when it was served, and whether it is final. */
import { chinaDate } from '../../format';
import { Checkbox, TextField } from '../ui';
import { required, type ActionForm } from './form';
import { AgreementEditor, agreementInitial, readAgreement } from './agreement';
import { withPrevailed } from './prevailed';

export const award: ActionForm = withPrevailed({
  initial: (ctx) => ({ deliveredAt: chinaDate(), final: false, ...agreementInitial(ctx) }),
  Fields: (props) => {
    const { form } = props;
    return (
      <>
        <AgreementEditor {...props} />
        <TextField label="裁决书送达日期" name="deliveredAt" type="date" max={chinaDate()} value={form.text('deliveredAt')} onValue={form.set('deliveredAt')} error={form.problems.deliveredAt} help="不服裁决起诉的15日期限从送达之日起算" />
        <Checkbox label="终局裁决（一裁终局）" checked={form.flag('final')} onChange={form.set('final')} help="小额劳动报酬等终局裁决，用人单位只能申请撤销" />
      </>
    );
  },
  read: (form, _ctx, problems) => ({
    agreement: readAgreement(form, problems),
    final: form.flag('final'),
    deliveredAt: required(form, problems, 'deliveredAt', '请填写送达日期'),
  }),
});
