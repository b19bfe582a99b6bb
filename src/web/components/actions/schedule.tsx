/** 安排调解/开庭: a session's time and place. */
import { localToIso } from '../../format';
import { TextField } from '../ui';
import { required, type ActionForm } from './form';

export const schedule: ActionForm = {
  Fields: ({ form }) => (
    <>
      <TextField label="时间" name="at" type="datetime-local" value={form.text('at')} onValue={form.set('at')} error={form.problems.at} />
      <TextField label="地点" name="place" value={form.text('place')} onValue={form.set('place')} error={form.problems.place} placeholder="例如：调解室二" />
    </>
  ),
  read: (form, _ctx, problems) => ({
    at: localToIso(required(form, problems, 'at', '请选择时间')),
    place: required(form, problems, 'place', '请填写地点'),
  }),
};
