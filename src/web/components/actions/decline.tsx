/** 不予受理: refused, with the reason; at a court, the ruling that refused it. */
import type { ActionForm } from './form';
import { ReasonField, readReason } from './reason';
import { RulingFields, atCourt, readRuling } from './ruling';

export const decline: ActionForm = {
  Fields: (props) => (
    <>
      <ReasonField {...props} />
      {atCourt(props.ctx.detail) ? <RulingFields {...props} /> : null}
    </>
  ),
  read: (form, ctx, problems) => ({ ...readReason(form, problems), ...(atCourt(ctx.detail) ? readRuling(form, ctx.detail, problems) : {}) }),
};
