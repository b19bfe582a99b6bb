/** 撤回申请: the worker (or staff on the worker's word) withdraws the claim. */
import type { ActionForm } from './form';
import { ReasonField, readReason } from './reason';
import { withPrevailed } from './prevailed';

export const withdraw: ActionForm = withPrevailed({
  Fields: (props) => (
    <>
      {props.ctx.worker ? <p class="help">撤回后，本次申请的办理结束。以后仍可以重新申请，但要注意申请仲裁的时效。</p> : null}
      <ReasonField {...props} label="撤回原因" help={props.ctx.worker ? '例如：单位已经付钱了、已经和单位谈好了' : undefined} />
    </>
  ),
  read: (form, _ctx, problems) => readReason(form, problems),
});
