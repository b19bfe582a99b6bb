/**
 * 达成协议: the mediation ends in an agreement. It takes effect when every party has signed
 * (《人民调解法》第二十九条): on paper in front of the mediator (ticked here, all at once), or each
 * on their phone by code afterwards. In a case of several workers, each one's share.
 */
import { parseYuan } from '../../format';
import { Checkbox } from '../ui';
import type { ActionForm } from './form';
import { AgreementEditor, agreementInitial, readAgreement } from './agreement';
import { withPrevailed } from './prevailed';
import { readShares, SharesEditor, sharesInitial } from './shares';

export const settle: ActionForm = withPrevailed({
  initial: (ctx) => ({ ...agreementInitial(ctx), ...sharesInitial(ctx) }),
  Fields: (props) => (
    <>
      <AgreementEditor {...props} />
      <SharesEditor {...props} />
      <Checkbox
        name="signedInPerson"
        label="各方已当场在纸质协议上签字"
        help="勾选后协议立即生效。不勾选的，申请人和用人单位代表会收到通知，在手机上用验证码签署；都签署后协议才生效"
        checked={props.form.flag('signedInPerson')}
        onChange={props.form.set('signedInPerson')}
      />
    </>
  ),
  read: (form, ctx, problems) => {
    const agreement = readAgreement(form, problems);
    const shares = readShares(form, ctx, parseYuan(form.text('agreement.amount')), problems);
    return { agreement: { ...agreement, ...shares }, ...(form.flag('signedInPerson') ? { signedInPerson: true } : {}) };
  },
});
