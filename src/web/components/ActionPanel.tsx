/**
 * The buttons of a case page are exactly the case's `allowedActions`; each opens its form and
 * posts one action (POST /cases/:id/actions) with the case's version. When someone else changed
 * the case first (409), the form stays open with what was typed, says so, and offers to load the
 * case again; the next submission goes against the new version.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, post } from '../api';
import { addMonths, chinaDate, dateZh, fenToYuanInput, localToIso, nowLocal, parseYuan, yuan } from '../format';
import { ACTION_NAMES, CASE_OUTCOME_NAMES, KIND_NAMES } from '../i18n';
import { loadOrgs } from '../session';
import type { ActionName, CaseDetail, Organization, StaffMember, User } from '../types';
import { normaliseRulingNumber, revealFirstProblem, rulingNumberProblem } from '../validate';
import { nextInstalment } from './clocks';
import { Checkbox, ErrorBox, Field, Select, TextArea, TextField } from './ui';

type Values = Record<string, string | boolean>;
type Errors = Record<string, string>;

/** Most-used first; "danger" actions are drawn apart. */
const ORDER: ActionName[] = [
  'accept',
  'settle',
  'confirm',
  'award',
  'judge',
  'schedule',
  'record_payment',
  'refer',
  'close',
  'note',
  'assign',
  'extend',
  'pause',
  'resume',
  'fail',
  'refuse',
  'record_default',
  'decline',
  'withdraw',
];
const DANGER = new Set<ActionName>(['decline', 'fail', 'refuse', 'withdraw', 'record_default']);
const PRIMARY = new Set<ActionName>(['accept', 'settle', 'confirm', 'award', 'judge']);
/** Actions that need no more than a confirmation, and the words of that confirmation. */
const CONFIRM_LABELS: Partial<Record<ActionName, string>> = { accept: '确认受理', resume: '确认恢复办理', confirm: '确认协议有效' };

const WORKER_NAMES: Partial<Record<ActionName, string>> = { withdraw: '撤回我的申请', refer: '申请仲裁' };

interface Instalment {
  dueOn: string;
  amount: string;
}

/** Where a form stands after a 409: told, loading the case again, or loaded (with what changed). */
type Conflict = { stage: 'stale' } | { stage: 'refreshing' } | { stage: 'fresh'; changes: string[] };

interface PanelProps {
  detail: CaseDetail;
  me: User;
  /** The caller's colleagues (GET /organizations/:id/staff), for `assign`; undefined while loading. */
  staff?: StaffMember[];
  onDone: (c: CaseDetail, action: ActionName) => void;
  /** Loads the case again after a 409; resolves to a line for each change someone else made. */
  onRefresh: () => Promise<string[]>;
}

export function ActionPanel(props: PanelProps) {
  const { detail, me } = props;
  const worker = me.role === 'worker';
  const [open, setOpen] = useState<ActionName | null>(null);
  const actions = ORDER.filter((a) => detail.allowedActions.includes(a));
  // An open form stays open when the case changes under it: what was typed is not thrown away.
  if (!actions.length && !open) return null;
  return (
    <section class="card actions" aria-label="办理">
      <h2>{worker ? '我可以做什么' : '办理'}</h2>
      <div class="action-buttons">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            data-action={a}
            class={`btn${PRIMARY.has(a) ? ' primary' : ''}${DANGER.has(a) ? ' danger-outline' : ''}${open === a ? ' pressed' : ''}`}
            aria-expanded={open === a}
            onClick={() => setOpen(open === a ? null : a)}
          >
            {(worker && WORKER_NAMES[a]) || ACTION_NAMES[a]}
          </button>
        ))}
      </div>
      {open ? (
        <ActionForm
          key={open}
          action={open}
          detail={detail}
          me={me}
          staff={props.staff}
          onCancel={() => setOpen(null)}
          onDone={(c) => {
            setOpen(null);
            props.onDone(c, open);
          }}
          onRefresh={props.onRefresh}
        />
      ) : null}
    </section>
  );
}

function initial(action: ActionName, d: CaseDetail, me: User): Values {
  const today = chinaDate();
  switch (action) {
    case 'record_payment': {
      const next = nextInstalment(d.agreement);
      return { amount: next ? fenToYuanInput(next.amountFen) : '', paidAt: today };
    }
    case 'award':
      return { deliveredAt: today, final: false, 'agreement.amount': d.claimedFen ? fenToYuanInput(d.claimedFen) : '' };
    case 'assign':
      // Taking an unassigned case oneself is the common case; otherwise choose.
      return { userId: openProceeding(d)?.assignedUserId ? '' : me.id };
    case 'note':
      return { internal: true };
    case 'refer':
      return { kind: me.role === 'worker' ? 'arbitration' : (d.nextSteps[0]?.kind ?? '') };
    case 'settle':
    case 'judge':
      return { 'agreement.amount': d.claimedFen ? fenToYuanInput(d.claimedFen) : '' };
    default:
      return {};
  }
}

const openProceeding = (d: CaseDetail) => {
  const last = d.proceedings[d.proceedings.length - 1];
  return last && (last.state === 'received' || last.state === 'accepted') ? last : null;
};

/** Keys of the form's own fields: a problem with one of these is shown at the field, and only there. */
const PLACED = new Set([
  'reason',
  'at',
  'place',
  'days',
  'agreement.amountFen',
  'agreement.terms',
  'agreement.instalments',
  'deliveredAt',
  'kind',
  'toOrgId',
  'userId',
  'amountFen',
  'paidAt',
  'outcome',
  'text',
  'occurredAt',
  'rulingNumber',
  'rulingDate',
]);
const isPlaced = (k: string) => PLACED.has(k) || /^agreement\.instalments\.\d+\.(dueOn|amountFen)$/.test(k);

function ActionForm(props: {
  action: ActionName;
  detail: CaseDetail;
  me: User;
  staff?: StaffMember[];
  onCancel: () => void;
  onDone: (c: CaseDetail) => void;
  onRefresh: () => Promise<string[]>;
}) {
  const { action, detail, me } = props;
  const worker = me.role === 'worker';
  const [v, setV] = useState<Values>(() => initial(action, detail, me));
  const [instalments, setInstalments] = useState<Instalment[]>([]);
  const [withAgreement, setWithAgreement] = useState(action !== 'judge');
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const [orgs, setOrgs] = useState<Organization[]>([]);
  /** Bumped on each refused submission, to bring its first problem into view. */
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const s = (k: string) => String(v[k] ?? '');
  const set = (k: string) => (x: string | boolean) => setV((old) => ({ ...old, [k]: x }));
  const allowed = detail.allowedActions.includes(action);

  useEffect(() => {
    if (action === 'refer') loadOrgs().then(setOrgs, setError);
  }, [action]);
  useEffect(() => {
    if (attempt) revealFirstProblem(form.current);
  }, [attempt]);

  const needsAgreement = action === 'settle' || action === 'award' || (action === 'judge' && withAgreement);

  function agreementBody(f: Errors) {
    const amountFen = parseYuan(s('agreement.amount'));
    if (amountFen === null) f['agreement.amountFen'] = '请填写金额，如 15000 或 15000.50';
    if (!s('agreement.terms').trim()) f['agreement.terms'] = '请写明协议内容';
    let rowsBad = false;
    const list = instalments.map((i, n) => {
      const fen = parseYuan(i.amount);
      const at = `agreement.instalments.${n}`;
      if (!i.dueOn) f[`${at}.dueOn`] = '请填写日期';
      else if (n > 0 && instalments[n - 1].dueOn && i.dueOn <= instalments[n - 1].dueOn) f[`${at}.dueOn`] = '须晚于上一期';
      if (fen === null || fen === 0) f[`${at}.amountFen`] = fen === 0 ? '金额须大于0' : '请填写金额，如 3000 或 3000.50';
      rowsBad ||= Boolean(f[`${at}.dueOn`] || f[`${at}.amountFen`]);
      return { dueOn: i.dueOn, amountFen: fen ?? 0 };
    });
    const total = list.reduce((t, i) => t + i.amountFen, 0);
    // The sum is only worth comparing once every instalment reads as an amount.
    if (!rowsBad && list.length && amountFen !== null && total !== amountFen) f['agreement.instalments'] = `各期合计 ${yuan(total)}，与协议总额 ${yuan(amountFen)} 不一致`;
    return { amountFen: amountFen ?? 0, terms: s('agreement.terms').trim(), ...(list.length ? { instalments: list } : {}) };
  }

  function build(): { body: Record<string, unknown>; errors: Errors } {
    const f: Errors = {};
    const body: Record<string, unknown> = { action, version: detail.version };
    const need = (k: string, msg = '请填写此项') => {
      if (!s(k).trim()) f[k] = msg;
      return s(k).trim();
    };
    if (rulingAllowed) {
      if (s('rulingNumber').trim()) {
        const p = rulingNumberProblem(s('rulingNumber'), Number(today.slice(0, 4)));
        if (p) f.rulingNumber = p;
        body.rulingNumber = normaliseRulingNumber(s('rulingNumber'));
      }
      if (s('rulingDate')) {
        if (s('rulingDate') > today) f.rulingDate = '不能晚于今天';
        else if (rulingFrom && s('rulingDate') < rulingFrom) f.rulingDate = `不能早于法院${last?.acceptedAt ? '受理' : '收到申请'}之日（${dateZh(rulingFrom, false)}）`;
        else if (s('occurredAt') && s('rulingDate') > s('occurredAt').slice(0, 10)) f.rulingDate = '不能晚于实际发生时间';
        body.rulingDate = s('rulingDate');
      }
    }
    switch (action) {
      case 'decline':
      case 'pause':
      case 'fail':
      case 'refuse':
      case 'withdraw':
      case 'record_default':
        body.reason = need('reason', '请写明原因');
        break;
      case 'schedule':
        body.at = localToIso(need('at', '请选择时间'));
        body.place = need('place', '请填写地点');
        break;
      case 'extend': {
        const days = Number(s('days'));
        if (!Number.isInteger(days) || days < 1) f.days = '请填写延长的天数';
        body.days = days;
        body.reason = need('reason', '请写明原因');
        break;
      }
      case 'settle':
        body.agreement = agreementBody(f);
        break;
      case 'award':
        body.agreement = agreementBody(f);
        body.final = Boolean(v.final);
        body.deliveredAt = need('deliveredAt', '请填写送达日期');
        break;
      case 'judge':
        if (withAgreement) body.agreement = agreementBody(f);
        break;
      case 'refer':
        body.kind = need('kind', '请选择');
        body.toOrgId = need('toOrgId', '请选择接收机构');
        body.reason = need('reason', '请写明理由');
        break;
      case 'assign':
        body.userId = need('userId', '请选择承办人');
        if (body.userId && body.userId === currentHandler) f.userId = '这位已经是现承办人';
        break;
      case 'record_payment': {
        const fen = parseYuan(s('amount'));
        const outstanding = detail.agreement ? detail.agreement.amountFen - detail.agreement.paidFen : null;
        if (fen === null || fen === 0) f.amountFen = '请填写收到的金额';
        else if (outstanding !== null && fen > outstanding) f.amountFen = `超过了尚未支付的${yuan(outstanding)}`;
        body.amountFen = fen ?? 0;
        body.paidAt = need('paidAt', '请填写付款日期');
        break;
      }
      case 'close':
        body.outcome = need('outcome', '请选择结案方式');
        break;
      case 'note':
        body.text = need('text', '请填写备注内容');
        body.internal = Boolean(v.internal);
        break;
      default:
        break;
    }
    if (s('occurredAt')) {
      if (s('occurredAt') > nowLocal()) f.occurredAt = '不能晚于现在';
      body.occurredAt = localToIso(s('occurredAt'));
    }
    return { body, errors: f };
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (!allowed || busy) return;
    const { body, errors: f } = build();
    setErrors(f);
    setError(null);
    setConflict(null);
    if (Object.keys(f).length) {
      setError(new ApiError(400, 'VALIDATION_FAILED', '', undefined));
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const c = await post<CaseDetail>(`/cases/${detail.id}/actions`, body);
      props.onDone(c);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VERSION_CONFLICT') {
        // Nothing typed is lost: the form stays as it is until the person loads the case again.
        setConflict({ stage: 'stale' });
      } else if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') {
        const fields = err.fieldErrors();
        setErrors(fields);
        // A problem shown at its field is not repeated in the box by the buttons.
        const allPlaced = Object.keys(fields).length > 0 && Object.keys(fields).every(isPlaced);
        setError(allPlaced ? new ApiError(400, 'VALIDATION_FAILED', '', undefined) : err);
      } else {
        setError(err);
      }
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  async function refresh() {
    setConflict({ stage: 'refreshing' });
    setError(null);
    try {
      setConflict({ stage: 'fresh', changes: await props.onRefresh() });
    } catch (err) {
      setConflict({ stage: 'stale' });
      setError(err);
    }
  }

  const last = detail.proceedings[detail.proceedings.length - 1];
  const today = chinaDate();
  const currentHandler = openProceeding(detail)?.assignedUserId ?? null;
  const rulingAllowed = action === 'confirm' || action === 'refuse' || (action === 'decline' && (last?.kind === 'confirmation' || last?.kind === 'litigation'));
  const rulingFrom = last ? chinaDate(last.acceptedAt ?? last.receivedAt) : '';
  const referKinds = [...new Set(detail.nextSteps.map((n) => n.kind))].filter((k) => !worker || k === 'arbitration');
  const here = last ? (orgs.find((o) => o.id === last.orgId)?.regionCode ?? '') : '';
  const near = (o: Organization) => {
    let n = 0;
    while (n < 6 && o.regionCode[n] === here[n]) n++;
    return n;
  };
  const referOrgs = orgs
    .filter((o) => o.handles.includes(s('kind') as never) && o.id !== (s('kind') === last?.kind ? last?.orgId : ''))
    .sort((a, b) => near(b) - near(a) || a.name.localeCompare(b.name, 'zh'));
  const closeOptions = (Object.keys(CASE_OUTCOME_NAMES) as string[]).filter((o) =>
    o === 'performed' ? detail.agreement?.status === 'performed' : o === 'judged' ? last?.outcome === 'judged' : o === 'withdrawn' ? last?.outcome === 'withdrawn' : true,
  );
  const unplaced = Object.fromEntries(Object.entries(errors).filter(([k]) => !isPlaced(k)));
  const staffOptions = (props.staff ?? []).map((m) => ({
    value: m.id,
    label: `${m.name}${m.id === me.id ? '（我）' : ''}${m.id === currentHandler ? '（现承办人）' : ''}`,
  }));
  const currentName = currentHandler ? props.staff?.find((m) => m.id === currentHandler)?.name : undefined;
  const blocked = !allowed || conflict?.stage === 'stale' || conflict?.stage === 'refreshing';

  return (
    <form class="action-form" onSubmit={submit} noValidate data-form={action} ref={form}>
      <h3>{(worker && WORKER_NAMES[action]) || ACTION_NAMES[action]}</h3>
      {action === 'accept' ? <p class="help">受理后开始计算办理期限。</p> : null}
      {action === 'confirm' ? <p class="help">确认调解协议有效。确认后协议具有强制执行效力。</p> : null}
      {action === 'resume' ? <p class="help">恢复办理，期限继续计算（中止的天数顺延）。</p> : null}
      {action === 'withdraw' && worker ? <p class="help">撤回后，本次申请的办理结束。以后仍可以重新申请，但要注意申请仲裁的时效。</p> : null}

      {['decline', 'pause', 'fail', 'refuse', 'withdraw', 'record_default'].includes(action) ? (
        <TextArea
          label={action === 'withdraw' ? '撤回原因' : action === 'record_default' ? '未履行的情况' : '原因'}
          name="reason"
          rows={3}
          value={s('reason')}
          onValue={set('reason')}
          error={errors.reason}
          help={action === 'withdraw' && worker ? '例如：单位已经付钱了、已经和单位谈好了' : undefined}
        />
      ) : null}

      {action === 'schedule' ? (
        <>
          <TextField label="时间" name="at" type="datetime-local" value={s('at')} onValue={set('at')} error={errors.at} />
          <TextField label="地点" name="place" value={s('place')} onValue={set('place')} error={errors.place} placeholder="例如：调解室二" />
        </>
      ) : null}

      {action === 'extend' ? (
        <>
          <TextField
            label="延长天数"
            name="days"
            type="number"
            inputMode="numeric"
            min={1}
            value={s('days')}
            onValue={set('days')}
            error={errors.days}
            help={last?.kind === 'arbitration' ? '仲裁审理期限经批准可延长一次，最多15日' : '调解期限经双方同意可以延长'}
          />
          <TextArea label="理由" name="reason" rows={2} value={s('reason')} onValue={set('reason')} error={errors.reason} />
        </>
      ) : null}

      {action === 'judge' ? <Checkbox label="判决确定了给付金额（记录后可登记履行）" checked={withAgreement} onChange={setWithAgreement} /> : null}

      {needsAgreement ? (
        <AgreementEditor v={v} set={set} errors={errors} instalments={instalments} setInstalments={setInstalments} />
      ) : null}

      {action === 'award' ? (
        <>
          <TextField label="裁决书送达日期" name="deliveredAt" type="date" max={chinaDate()} value={s('deliveredAt')} onValue={set('deliveredAt')} error={errors.deliveredAt} help="不服裁决起诉的15日期限从送达之日起算" />
          <Checkbox label="终局裁决（一裁终局）" checked={Boolean(v.final)} onChange={set('final')} help="小额劳动报酬等终局裁决，用人单位只能申请撤销" />
        </>
      ) : null}

      {action === 'refer' ? (
        <>
          <Select
            label="移送到哪类程序"
            name="kind"
            value={s('kind')}
            onValue={(x) => setV({ ...v, kind: x, toOrgId: '' })}
            options={referKinds.map((k) => ({ value: k, label: KIND_NAMES[k] }))}
            placeholder={referKinds.length ? undefined : '现在不能移送'}
            error={errors.kind}
            help={detail.nextSteps.find((n) => n.kind === s('kind'))?.basis}
          />
          <Select
            label="接收机构"
            name="toOrgId"
            value={s('toOrgId')}
            onValue={set('toOrgId')}
            options={referOrgs.map((o) => ({ value: o.id, label: o.name }))}
            placeholder="请选择"
            error={errors.toOrgId}
          />
          <TextArea label="理由" name="reason" rows={2} value={s('reason')} onValue={set('reason')} error={errors.reason} placeholder={s('kind') === 'confirmation' ? '例如：双方共同申请司法确认' : ''} />
        </>
      ) : null}

      {action === 'assign' ? (
        <Select
          label="承办人"
          name="userId"
          value={s('userId')}
          onValue={set('userId')}
          options={staffOptions}
          placeholder={props.staff ? '请选择' : '正在加载本机构工作人员…'}
          error={errors.userId}
          help={currentHandler ? `现承办人：${currentName ?? '（账号已停用）'}` : '目前还没有指派承办人'}
        />
      ) : null}

      {rulingAllowed ? (
        <div class="row2">
          <TextField
            label="裁定书案号"
            optional
            name="rulingNumber"
            value={s('rulingNumber')}
            onValue={set('rulingNumber')}
            error={errors.rulingNumber}
            placeholder="例如：（2026）桂1023民特123号"
          />
          <TextField label="裁定日期" optional name="rulingDate" type="date" min={rulingFrom} max={today} value={s('rulingDate')} onValue={set('rulingDate')} error={errors.rulingDate} />
        </div>
      ) : null}

      {action === 'record_payment' ? (
        <>
          <TextField label="收到金额（元）" name="amountFen" inputMode="decimal" value={s('amount')} onValue={set('amount')} error={errors.amountFen} help={detail.agreement ? `协议 ${yuan(detail.agreement.amountFen)}，已付 ${yuan(detail.agreement.paidFen)}` : undefined} />
          <TextField label="付款日期" name="paidAt" type="date" max={chinaDate()} value={s('paidAt')} onValue={set('paidAt')} error={errors.paidAt} />
        </>
      ) : null}

      {action === 'close' ? (
        <Select label="结案方式" name="outcome" value={s('outcome')} onValue={set('outcome')} options={closeOptions.map((o) => ({ value: o, label: CASE_OUTCOME_NAMES[o] }))} placeholder="请选择" error={errors.outcome} />
      ) : null}

      {action === 'note' ? (
        <>
          <TextArea label="备注" name="text" rows={3} value={s('text')} onValue={set('text')} error={errors.text} />
          <Checkbox label="内部备注（劳动者看不到）" checked={Boolean(v.internal)} onChange={set('internal')} />
        </>
      ) : null}

      {!worker ? (
        <details class="backdate" open={Boolean(s('occurredAt'))}>
          <summary>补录：实际发生时间</summary>
          <TextField
            label="实际发生时间"
            optional
            name="occurredAt"
            type="datetime-local"
            max={nowLocal()}
            value={s('occurredAt')}
            onValue={set('occurredAt')}
            error={errors.occurredAt}
            help="登记纸质材料或过去的办理行为时填写；不能晚于现在，也不能早于本案上一次记录。期限从这个时间起算"
          />
        </details>
      ) : null}

      {conflict ? (
        <div class={`notice ${conflict.stage === 'fresh' ? 'info' : 'warn'} conflict`} role="alert">
          {conflict.stage === 'fresh' ? (
            <>
              <strong>已刷新为案件的最新情况，你填写的内容还在。</strong>
              {conflict.changes.length ? (
                <>
                  <p>刚才的更新：</p>
                  <ul>
                    {conflict.changes.map((line, i) => (
                      <li key={i}>{line}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              <p>{allowed ? '请核对后再提交。' : `案件现在的状态已不能“${(worker && WORKER_NAMES[action]) || ACTION_NAMES[action]}”，这次无法提交，可以取消。`}</p>
            </>
          ) : (
            <>
              <strong>这个案件刚被其他人更新了，这次没有提交成功。</strong>
              <p>你填写的内容都还在。请先刷新案件，看看有什么变化，再决定是否提交。</p>
              <button type="button" class="btn" onClick={refresh} disabled={conflict.stage === 'refreshing'}>
                {conflict.stage === 'refreshing' ? '正在刷新…' : '刷新案件（保留填写的内容）'}
              </button>
            </>
          )}
        </div>
      ) : null}
      <ErrorBox error={error} unplaced={unplaced} />
      <div class="form-buttons">
        <button type="submit" class={`btn ${DANGER.has(action) ? 'danger' : 'primary'}`} disabled={busy || blocked}>
          {busy ? '正在提交…' : (CONFIRM_LABELS[action] ?? '提交')}
        </button>
        <button type="button" class="btn ghost" onClick={props.onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}

function AgreementEditor(props: {
  v: Values;
  set: (k: string) => (x: string | boolean) => void;
  errors: Errors;
  instalments: Instalment[];
  setInstalments: (l: Instalment[]) => void;
}) {
  const { v, set, errors, instalments, setInstalments } = props;
  const [parts, setParts] = useState('2');
  const total = parseYuan(String(v['agreement.amount'] ?? ''));
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
      <TextField label="协议总金额（元）" name="agreement.amountFen" inputMode="decimal" value={String(v['agreement.amount'] ?? '')} onValue={set('agreement.amount')} error={errors['agreement.amountFen']} />
      <TextArea label="协议条款" name="agreement.terms" rows={3} value={String(v['agreement.terms'] ?? '')} onValue={set('agreement.terms')} error={errors['agreement.terms']} placeholder="例如：被申请人分两期支付拖欠工资，申请人放弃其他请求" />
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
