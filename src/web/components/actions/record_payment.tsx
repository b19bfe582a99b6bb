/** 登记付款: money received under the agreement; the next instalment due is offered. */
import { chinaDate, fenToYuanInput, parseYuan, yuan } from '../../format';
import { nextInstalment } from '../clocks';
import { TextField } from '../ui';
import { required, type ActionForm } from './form';

export const record_payment: ActionForm = {
  initial: ({ detail }) => {
    const next = nextInstalment(detail.agreement);
    return { amount: next ? fenToYuanInput(next.amountFen) : '', paidAt: chinaDate() };
  },
  Fields: ({ form, ctx }) => {
    const a = ctx.detail.agreement;
    return (
      <>
        <TextField label="收到金额（元）" name="amountFen" inputMode="decimal" value={form.text('amount')} onValue={form.set('amount')} error={form.problems.amountFen} help={a ? `协议 ${yuan(a.amountFen)}，已付 ${yuan(a.paidFen)}` : undefined} />
        <TextField label="付款日期" name="paidAt" type="date" max={chinaDate()} value={form.text('paidAt')} onValue={form.set('paidAt')} error={form.problems.paidAt} />
      </>
    );
  },
  read: (form, { detail }, problems) => {
    const fen = parseYuan(form.text('amount'));
    const outstanding = detail.agreement ? detail.agreement.amountFen - detail.agreement.paidFen : null;
    if (fen === null || fen === 0) problems.amountFen = '请填写收到的金额';
    else if (outstanding !== null && fen > outstanding) problems.amountFen = `超过了尚未支付的${yuan(outstanding)}`;
    return { amountFen: fen ?? 0, paidAt: required(form, problems, 'paidAt', '请填写付款日期') };
  },
};
