/** 恢复: a paused proceeding goes on; the paused days are added to its clocks. */
import type { ActionForm } from './form';

export const resume: ActionForm = {
  Fields: () => <p class="help">恢复办理，期限继续计算（中止的天数顺延）。</p>,
};
