/** 达成协议: the mediation ends in an agreement. */
import type { ActionForm } from './form';
import { AgreementEditor, agreementInitial, readAgreement } from './agreement';

export const settle: ActionForm = {
  initial: agreementInitial,
  Fields: AgreementEditor,
  read: (form, _ctx, problems) => ({ agreement: readAgreement(form, problems) }),
};
