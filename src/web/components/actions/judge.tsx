/** 作出判决: the court's judgment; when it sets an amount, that is recorded to follow its payment. */
import { Checkbox } from '../ui';
import type { ActionForm } from './form';
import { AgreementEditor, agreementInitial, readAgreement } from './agreement';
import { withPrevailed } from './prevailed';

export const judge: ActionForm = withPrevailed({
  initial: (ctx) => ({ ...agreementInitial(ctx), withAgreement: false }),
  Fields: (props) => (
    <>
      <Checkbox label="判决确定了给付金额（记录后可登记履行）" checked={props.form.flag('withAgreement')} onChange={props.form.set('withAgreement')} />
      {props.form.flag('withAgreement') ? <AgreementEditor {...props} /> : null}
    </>
  ),
  read: (form, _ctx, problems) => (form.flag('withAgreement') ? { agreement: readAgreement(form, problems) } : {}),
});
