/** The reason an action is taken, which most refusals and endings must give. */
import { TextArea } from '../ui';
import { required, type ActionForm, type FieldsProps, type FormState, type Problems } from './form';

export function ReasonField(props: FieldsProps & { label?: string; help?: string; placeholder?: string; rows?: number }) {
  const { form } = props;
  return (
    <TextArea
      label={props.label ?? '原因'}
      name="reason"
      rows={props.rows ?? 3}
      value={form.text('reason')}
      onValue={form.set('reason')}
      error={form.problems.reason}
      help={props.help}
      placeholder={props.placeholder}
    />
  );
}

export const readReason = (form: FormState, problems: Problems, message = '请写明原因') => ({ reason: required(form, problems, 'reason', message) });

/** The form of an action that needs a reason and nothing else. */
export function reasonOnly(label?: string): ActionForm {
  return {
    Fields: (props) => <ReasonField {...props} label={label} />,
    read: (form, _ctx, problems) => readReason(form, problems),
  };
}
