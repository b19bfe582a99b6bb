/**
 * An agreement, award or judgment to be performed: its total, its terms and, if it is paid in
 * parts, its instalments (`settle`, `award`, and `judge` when the judgment sets an amount).
 */
import { useState } from 'preact/hooks';
import { addMonths, chinaDate, fenToYuanInput, parseYuan, yuan } from '../../format';
import { Field, TextArea, TextField } from '../ui';
import type { ActionContext, FieldsProps, FormState, Problems } from './form';

export const AGREEMENT_FIELDS = ['agreement.amountFen', 'agreement.terms', 'agreement.instalments', 'agreement.instalments.*.dueOn', 'agreement.instalments.*.amountFen'];

interface Instalment {
  dueOn: string;
  amount: string;
}

/** The total starts as what was claimed. */
export const agreementInitial = ({ detail }: ActionContext) => ({ 'agreement.amount': detail.claimedFen ? fenToYuanInput(detail.claimedFen) : '' });

export function readAgreement(form: FormState, problems: Problems) {
  const instalments = form.list<Instalment>('instalments');
  const amountFen = parseYuan(form.text('agreement.amount'));
  if (amountFen === null) problems['agreement.amountFen'] = '请填写金额，如 15000 或 15000.50';
  if (!form.text('agreement.terms').trim()) problems['agreement.terms'] = '请写明协议内容';
  let rowsBad = false;
  const list = instalments.map((i, n) => {
    const fen = parseYuan(i.amount);
    const at = `agreement.instalments.${n}`;
    if (!i.dueOn) problems[`${at}.dueOn`] = '请填写日期';
    else if (n > 0 && instalments[n - 1].dueOn && i.dueOn <= instalments[n - 1].dueOn) problems[`${at}.dueOn`] = '须晚于上一期';
    if (fen === null || fen === 0) problems[`${at}.amountFen`] = fen === 0 ? '金额须大于0' : '请填写金额，如 3000 或 3000.50';
    rowsBad ||= Boolean(problems[`${at}.dueOn`] || problems[`${at}.amountFen`]);
    return { dueOn: i.dueOn, amountFen: fen ?? 0 };
  });
  const total = list.reduce((t, i) => t + i.amountFen, 0);
  // The sum is only worth comparing once every instalment reads as an amount.
  if (!rowsBad && list.length && amountFen !== null && total !== amountFen) problems['agreement.instalments'] = `各期合计 ${yuan(total)}，与协议总额 ${yuan(amountFen)} 不一致`;
  return { amountFen: amountFen ?? 0, terms: form.text('agreement.terms').trim(), ...(list.length ? { instalments: list } : {}) };
}

export function AgreementEditor({ form }: FieldsProps) {
  const errors = form.problems;
  const instalments = form.list<Instalment>('instalments');
  const setInstalments = form.set('instalments');
  const [parts, setParts] = useState('2');
  const total = parseYuan(form.text('agreement.amount'));
  const update = (i: number, patch: Partial<Instalment>) => setInstalments(instalments.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  /** Splits the amount into N monthly instalments, the remainder fen on the last. */
  function split() {
    const n = Math.max(1, Math.min(120, Number(parts) || 1));
    if (total === null) return;
    const each = Math.floor(total / n);
    const start = chinaDate();
    setInstalments(
      Array.from({ length: n }, (_, i) => ({
        dueOn: addMonths(start, i + 1),
        amount: fenToYuanInput(i === n - 1 ? total - each * (n - 1) : each),
      })),
    );
  }

  return (
    <fieldset class="agreement-editor">
      <legend>协议内容</legend>
      <TextField label="协议总金额（元）" name="agreement.amountFen" inputMode="decimal" value={form.text('agreement.amount')} onValue={form.set('agreement.amount')} error={errors['agreement.amountFen']} />
      <TextArea label="协议条款" name="agreement.terms" rows={3} value={form.text('agreement.terms')} onValue={form.set('agreement.terms')} error={errors['agreement.terms']} placeholder="例如：被申请人分两期支付拖欠工资，申请人放弃其他请求" />
      <Field label="分期付款" optional help="不分期可不填。各期金额合计须等于协议总金额">
        {() => (
          <div class="instalments">
            {instalments.map((i, n) => {
              const dueErr = errors[`agreement.instalments.${n}.dueOn`];
              const amountErr = errors[`agreement.instalments.${n}.amountFen`];
              const errId = `instalment-${n}-error`;
              return (
                <div class={`instalment${dueErr || amountErr ? ' bad' : ''}`} key={n} data-instalment={n}>
                  <span class="inst-no">第{n + 1}期</span>
                  <label>
                    <span class="sr">第{n + 1}期付款日期</span>
                    <input
                      type="date"
                      name={`instalments.${n}.dueOn`}
                      value={i.dueOn}
                      onInput={(e) => update(n, { dueOn: (e.currentTarget as HTMLInputElement).value })}
                      aria-invalid={dueErr ? 'true' : undefined}
                      aria-describedby={dueErr ? errId : undefined}
                    />
                  </label>
                  <label>
                    <span class="sr">第{n + 1}期金额（元）</span>
                    <input
                      inputMode="decimal"
                      name={`instalments.${n}.amount`}
                      placeholder="金额（元）"
                      value={i.amount}
                      onInput={(e) => update(n, { amount: (e.currentTarget as HTMLInputElement).value })}
                      aria-invalid={amountErr ? 'true' : undefined}
                      aria-describedby={amountErr ? errId : undefined}
                    />
                  </label>
                  <button type="button" class="btn ghost small" aria-label={`删除第${n + 1}期`} onClick={() => setInstalments(instalments.filter((_, j) => j !== n))}>
                    ✕
                  </button>
                  {dueErr || amountErr ? (
                    <p class="field-error" id={errId} role="alert">
                      第{n + 1}期：{[dueErr, amountErr].filter(Boolean).join('；')}
                    </p>
                  ) : null}
                </div>
              );
            })}
            {errors['agreement.instalments'] ? (
              <p class="field-error" role="alert" data-instalments-total>
                {errors['agreement.instalments']}
              </p>
            ) : null}
            <div class="instalment-tools">
              <button type="button" class="btn small" onClick={() => setInstalments([...instalments, { dueOn: '', amount: '' }])}>
                + 添加一期
              </button>
              <span class="split">
                平均分
                <input type="number" min={1} max={120} inputMode="numeric" value={parts} onInput={(e) => setParts((e.currentTarget as HTMLInputElement).value)} aria-label="期数" />
                期，每月一期
                <button type="button" class="btn small" onClick={split} disabled={total === null}>
                  生成
                </button>
              </span>
            </div>
          </div>
        )}
      </Field>
    </fieldset>
  );
}
