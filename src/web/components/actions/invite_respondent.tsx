/**
 * 邀请单位代表 (SPEC §10): the employer's representative gets an SMS with a one-time link, proves
 * the phone with a code and follows the case online. Inviting the same phone again sends a new
 * link (the old one stops working).
 */
import { maskPhone, timeZh } from '../../format';
import { TextField } from '../ui';
import { PHONE_RE } from '../PhoneCode';
import { required, type ActionForm } from './form';

export const invite_respondent: ActionForm = {
  Fields: ({ form, ctx }) => {
    const invited = ctx.detail.respondents;
    return (
      <>
        {invited.length ? (
          <ul class="plain-list" aria-label="已邀请的单位代表">
            {invited.map((r) => (
              <li key={r.id}>
                {r.name}（{maskPhone(r.phone)}）：{r.acceptedAt ? `${timeZh(r.acceptedAt)}已加入` : `${timeZh(r.invitedAt)}邀请，尚未加入`}
              </li>
            ))}
          </ul>
        ) : null}
        <TextField label="代表姓名" help={`${ctx.detail.respondent.name}的负责人或经办人`} name="name" autoComplete="off" value={form.text('name')} onValue={form.set('name')} error={form.problems.name} />
        <TextField
          label="代表手机号"
          help="短信会发邀请链接到这个手机号；代表用验证码确认后，就能在手机上查看案件、说明单位意见、签署协议。再次邀请同一手机号会发新链接，旧链接失效"
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="off"
          maxLength={11}
          value={form.text('phone')}
          onValue={(v) => form.set('phone')(v.replace(/\D/g, ''))}
          error={form.problems.phone}
        />
      </>
    );
  },
  read: (form, _ctx, problems) => {
    const name = required(form, problems, 'name', '请填写代表姓名');
    const phone = form.text('phone');
    if (!PHONE_RE.test(phone)) problems.phone = '请填写11位手机号码';
    return { name, phone };
  },
};
