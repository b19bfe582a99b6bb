/** 受理: the organisation takes the case on; its clocks start. */
import type { ActionForm } from './form';

export const accept: ActionForm = {
  Fields: () => <p class="help">受理后开始计算办理期限。</p>,
};
