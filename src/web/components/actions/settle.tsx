/** 达成协议: the mediation ends in an agreement. */
import type { ActionForm } from './form';
import { AgreementEditor, agreementInitial, readAgreement } from './agreement';
import { withPrevailed } from './prevailed';

export const settle: ActionForm = withPrevailed({
  initial: agreementInitial,
  Fields: AgreementEditor,
  read: (form, _ctx, problems) => ({ agreement: readAgreement(form, problems) }),
});
