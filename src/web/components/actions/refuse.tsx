/** 不予确认: the court refuses to confirm the agreement, with the reason and its ruling. */
import type { ActionForm } from './form';
import { ReasonField, readReason } from './reason';
import { RulingFields, readRuling } from './ruling';
import { withPrevailed } from './prevailed';

export const refuse: ActionForm = withPrevailed({
  Fields: (props) => (
    <>
      <ReasonField {...props} />
      <RulingFields {...props} />
    </>
  ),
  read: (form, ctx, problems) => ({ ...readReason(form, problems), ...readRuling(form, ctx.detail, problems) }),
});
