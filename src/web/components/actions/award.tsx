/** 作出裁决: the arbitral award, what it orders paid, when it was served, and whether it is final. */
import { chinaDate, parseYuan } from '../../format';
import { Checkbox, TextField } from '../ui';
import type { ActionForm } from './form';
import { AgreementEditor, agreementInitial, readAgreement } from './agreement';
import { withPrevailed } from './prevailed';
import { readShares, SharesEditor, sharesInitial } from './shares';

export const award: ActionForm = withPrevailed({
  initial: (ctx) => ({ deliveredAt: chinaDate(), final: false, ...agreementInitial(ctx), ...sharesInitial(ctx) }),
  Fields: (props) => {
    const { form } = props;
    return (
      <>
        <AgreementEditor {...props} />
        <SharesEditor {...props} />
        <TextField
          label="裁决书送达日期"
          optional
          name="deliveredAt"
          type="date"
          max={chinaDate()}
          value={form.text('deliveredAt')}
          onValue={form.set('deliveredAt')}
          error={form.problems.deliveredAt}
          help="不服裁决起诉的15日期限从送达之日起算。还没有送达的，清空此项：以后把裁决书上传为“裁决书”类材料并送达申请人，期限从送达之日起算"
        />
        <Checkbox label="终局裁决（一裁终局）" checked={form.flag('final')} onChange={form.set('final')} help="小额劳动报酬等终局裁决，用人单位只能申请撤销" />
      </>
    );
  },
  read: (form, ctx, problems) => {
    const deliveredAt = form.text('deliveredAt');
    return {
      agreement: { ...readAgreement(form, problems), ...readShares(form, ctx, parseYuan(form.text('agreement.amount')), problems) },
      final: form.flag('final'),
      ...(deliveredAt ? { deliveredAt } : {}),
    };
  },
});
