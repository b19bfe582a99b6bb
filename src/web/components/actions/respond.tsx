/**
 * 说明单位意见 (SPEC §10): the employer's representative says what the employer makes of the claims
 * and whether it agrees to mediate. One party that clearly refuses mediation cannot be mediated
 * with (《人民调解法》第十七条), so staff may then end the mediation at once.
 */
import { TextArea } from '../ui';
import { required, type ActionForm } from './form';

export const respond: ActionForm = {
  initial: ({ detail }) => {
    const mine = detail.respondents.find((r) => r.isCaller);
    return mine?.respondedAt ? { text: mine.position ?? '', agrees: mine.agreesToMediate ? 'yes' : 'no' } : {};
  },
  Fields: ({ form }) => {
    const agrees = form.text('agrees');
    const error = form.problems.agreesToMediate;
    return (
      <>
        <div class={`field choice-field${error ? ' has-error' : ''}`}>
          <p class="field-label" id="agrees-label">
            单位是否同意调解
          </p>
          {error ? (
            <p class="field-error" id="agrees-error" role="alert">
              {error}
            </p>
          ) : null}
          <div class="choice-grid two" role="radiogroup" aria-labelledby="agrees-label" aria-describedby={error ? 'agrees-error' : undefined}>
            {(
              [
                ['yes', '同意调解', '愿意和申请人协商解决'],
                ['no', '不同意调解', '调解组织将终止调解，申请人可以申请仲裁'],
              ] as const
            ).map(([value, label, hint]) => (
              <label key={value} class={`choice${agrees === value ? ' on' : ''}`}>
                <input type="radio" name="agreesToMediate" value={value} checked={agrees === value} onChange={() => form.set('agrees')(value)} />
                <span>
                  <strong>{label}</strong>
                  <small>{hint}</small>
                </span>
              </label>
            ))}
          </div>
        </div>
        <TextArea
          label="单位的意见"
          name="text"
          rows={4}
          value={form.text('text')}
          onValue={form.set('text')}
          error={form.problems.text}
          help="调解员和申请人都能看到。可以说明对各项请求的看法、已经支付的款项、愿意怎样解决"
          placeholder="例如：拖欠工资属实，但金额应为…；愿意在一个月内分两期支付"
        />
      </>
    );
  },
  read: (form, _ctx, problems) => {
    const agrees = form.text('agrees');
    if (agrees !== 'yes' && agrees !== 'no') problems.agreesToMediate = '请选择是否同意调解';
    return { text: required(form, problems, 'text', '请写明单位的意见'), agreesToMediate: agrees === 'yes' };
  },
};
