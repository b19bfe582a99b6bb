/** 添加备注: a note on the case, internal (staff only) unless unticked. */
import { Checkbox, TextArea } from '../ui';
import { required, type ActionForm } from './form';

export const note: ActionForm = {
  initial: () => ({ internal: true }),
  Fields: ({ form }) => (
    <>
      <TextArea label="备注" name="text" rows={3} value={form.text('text')} onValue={form.set('text')} error={form.problems.text} />
      <Checkbox label="内部备注（劳动者看不到）" checked={form.flag('internal')} onChange={form.set('internal')} />
    </>
  ),
  read: (form, _ctx, problems) => ({ text: required(form, problems, 'text', '请填写备注内容'), internal: form.flag('internal') }),
};
