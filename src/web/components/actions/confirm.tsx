/** 确认协议有效: the court confirms the mediation agreement, which can then be enforced. */
import type { ActionForm } from './form';
import { RulingFields, readRuling } from './ruling';
import { withPrevailed } from './prevailed';

export const confirm: ActionForm = withPrevailed({
  Fields: (props) => (
    <>
      <p class="help">确认调解协议有效。确认后协议具有强制执行效力。</p>
      <RulingFields {...props} />
    </>
  ),
  read: (form, ctx, problems) => readRuling(form, ctx.detail, problems),
});
