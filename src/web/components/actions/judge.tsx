/** 作出判决: the court's judgment; when it sets an amount, that is recorded to follow its payment. */
import { parseYuan } from '../../format';
import { Checkbox } from '../ui';
import type { ActionForm } from './form';
import { AgreementEditor, agreementInitial, readAgreement } from './agreement';
import { withPrevailed } from './prevailed';
import { readShares, SharesEditor, sharesInitial } from './shares';

export const judge: ActionForm = withPrevailed({
  initial: (ctx) => ({ ...agreementInitial(ctx), ...sharesInitial(ctx), withAgreement: false }),
  Fields: (props) => (
    <>
      <Checkbox label="判决确定了给付金额（记录后可登记履行）" checked={props.form.flag('withAgreement')} onChange={props.form.set('withAgreement')} />
      {props.form.flag('withAgreement') ? (
        <>
          <AgreementEditor {...props} />
          <SharesEditor {...props} />
        </>
      ) : null}
    </>
  ),
  read: (form, ctx, problems) =>
    form.flag('withAgreement') ? { agreement: { ...readAgreement(form, problems), ...readShares(form, ctx, parseYuan(form.text('agreement.amount')), problems) } } : {},
});
