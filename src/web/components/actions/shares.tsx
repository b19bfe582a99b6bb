/**
 * Each worker's share of an agreement, award or judgement in a case of several workers (SPEC §10
 * "Collective cases, per worker"): the shares add up to the total, and each worker later sees
 * their own agreed and paid amounts.
 */
import { fenToYuanInput, parseYuan, yuan } from '../../format';
import { Checkbox } from '../ui';
import type { ActionContext, FieldsProps, FormState, Problems } from './form';

export const SHARES_FIELDS = ['agreement.perApplicant', 'agreement.perApplicant.*.amountFen', 'agreement.perApplicant.*.applicantIndex'];

const claimed = (ctx: ActionContext) => ctx.detail.applicants.map((a) => a.claims.reduce((s, c) => s + c.amountFen, 0));

/** Split per worker from the start in a collective case; each share starts as what that worker claimed. */
export const sharesInitial = (ctx: ActionContext) =>
  ctx.detail.applicants.length > 1 ? { split: ctx.detail.kind === 'collective', shares: claimed(ctx).map((f) => (f ? fenToYuanInput(f) : '')) } : {};

/** `total`: the agreement's amount as typed, to split in proportion to what each claimed. */
export function SharesEditor({ form, ctx }: FieldsProps) {
  const applicants = ctx.detail.applicants;
  if (applicants.length < 2) return null;
  const shares = form.list<string>('shares');
  const split = form.flag('split');
  const total = parseYuan(form.text('agreement.amount'));
  const sum = shares.reduce((s, x) => s + (parseYuan(x) ?? 0), 0);
  const errors = form.problems;

  /** Shares in proportion to the claims (equal when nothing was claimed), the remainder fen on the last. */
  function proportional() {
    if (total === null) return;
    const weights = claimed(ctx);
    const all = weights.reduce((s, w) => s + w, 0);
    const each = weights.map((w) => (all ? Math.floor((total * w) / all) : Math.floor(total / weights.length)));
    each[each.length - 1] += total - each.reduce((s, x) => s + x, 0);
    form.set('shares')(each.map(fenToYuanInput));
  }

  return (
    <fieldset class="shares">
      <legend>每位劳动者的金额</legend>
      <Checkbox label="分别写明每位劳动者应得的金额" help="集体争议一般要写明；写明后每位劳动者能看到自己的应得和已收金额" checked={split} onChange={form.set('split')} />
      {split ? (
        <>
          <ol class="share-list">
            {applicants.map((a, i) => {
              const err = errors[`agreement.perApplicant.${i}.amountFen`];
              return (
                <li key={a.id} data-share={i}>
                  <label for={`share-${i}`}>{a.name}</label>
                  <input
                    id={`share-${i}`}
                    inputMode="decimal"
                    name={`perApplicant.${i}`}
                    placeholder="金额（元）"
                    value={shares[i] ?? ''}
                    onInput={(e) => form.set('shares')(applicants.map((_, j) => (j === i ? (e.currentTarget as HTMLInputElement).value : (shares[j] ?? ''))))}
                    aria-invalid={err ? 'true' : undefined}
                    aria-describedby={err ? `share-${i}-error` : undefined}
                  />
                  {err ? (
                    <p class="field-error" id={`share-${i}-error`} role="alert">
                      {err}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
          <p class={`share-sum${total !== null && sum !== total ? ' off' : ''}`} data-shares-sum>
            合计 {yuan(sum)}
            {total !== null ? `，协议总额 ${yuan(total)}${sum === total ? '' : `，相差 ${yuan(Math.abs(total - sum))}`}` : ''}
          </p>
          {errors['agreement.perApplicant'] ? (
            <p class="field-error" role="alert">
              {errors['agreement.perApplicant']}
            </p>
          ) : null}
          <button type="button" class="btn small" onClick={proportional} disabled={total === null}>
            按请求金额比例分配总额
          </button>
        </>
      ) : null}
    </fieldset>
  );
}

/** The shares as the API takes them, or nothing when they are not split; problems noted at their fields. */
export function readShares(form: FormState, ctx: ActionContext, amountFen: number | null, problems: Problems) {
  if (ctx.detail.applicants.length < 2 || !form.flag('split')) return {};
  const shares = form.list<string>('shares');
  const list = ctx.detail.applicants.map((_, i) => {
    const fen = parseYuan(shares[i] ?? '');
    if (fen === null) problems[`agreement.perApplicant.${i}.amountFen`] = '请填写金额，没有的填0';
    return { applicantIndex: i, amountFen: fen ?? 0 };
  });
  const sum = list.reduce((s, x) => s + x.amountFen, 0);
  if (amountFen !== null && !list.some((_, i) => problems[`agreement.perApplicant.${i}.amountFen`]) && sum !== amountFen) {
    problems['agreement.perApplicant'] = `各位劳动者的金额合计${yuan(sum)}，与协议总额${yuan(amountFen)}不一致`;
  }
  return { perApplicant: list };
}
