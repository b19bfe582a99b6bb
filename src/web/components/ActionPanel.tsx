/**
 * The buttons of a case page are exactly the case's `allowedActions`; each opens its form and
 * posts one action (POST /cases/:id/actions) with the case's version. Each action's own fields
 * and checks are in ./actions (one file an action, one row in ./actions/index.ts); this file does
 * what every form does alike. When someone else changed the case first (409), the form stays open
 * with what was typed, says so, and offers to load the case again; the next submission goes
 * against the new version.
 */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../api';
import { localToIso, nowLocal } from '../format';
import type { ActionName, CaseDetail, StaffMember, User } from '../types';
import { useRevealOnRefusal } from '../validate';
import { ACTION_FORMS, ACTION_ORDER, actionLabel } from './actions';
import type { ActionContext, FormState, Problems, Values } from './actions/form';
import { ErrorBox, fieldsToFix, TextField } from './ui';

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

/** A party to the case (the worker, or the employer's representative), not staff. */
export const isParty = (me: User) => me.role === 'worker' || me.role === 'employer';

/** Actions a party takes elsewhere on the page: signing is in the agreement's card, under its terms. */
const PARTY_ELSEWHERE: ActionName[] = ['sign'];

export function ActionPanel(props: PanelProps) {
  const { detail, me } = props;
  const worker = me.role === 'worker';
  const party = isParty(me);
  const [open, setOpen] = useState<ActionName | null>(null);
  const actions = ACTION_ORDER.filter((a) => detail.allowedActions.includes(a) && !(party && PARTY_ELSEWHERE.includes(a)));
  // An open form stays open when the case changes under it: what was typed is not thrown away.
  if (!actions.length && !open) return null;
  return (
    <section class="card actions" aria-label="办理">
      <h2>{party ? '我可以做什么' : '办理'}</h2>
      <div class="action-buttons">
        {actions.map((a) => {
          const { tone } = ACTION_FORMS[a];
          return (
            <button
              key={a}
              type="button"
              data-action={a}
              class={`btn${tone === 'primary' ? ' primary' : ''}${tone === 'danger' ? ' danger-outline' : ''}${open === a ? ' pressed' : ''}`}
              aria-expanded={open === a}
              onClick={() => setOpen(open === a ? null : a)}
            >
              {actionLabel(a, party)}
            </button>
          );
        })}
      </div>
      {open ? (
        <ActionForm
          key={open}
          action={open}
          ctx={{ detail, me, worker, party, staff: props.staff }}
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

/** Whether a problem the API names is shown at one of the form's fields (and so not again by the buttons). */
function placedIn(fields: readonly string[]): (name: string) => boolean {
  const patterns = [...fields, 'occurredAt'].map((f) => new RegExp(`^${f.replace(/\./g, '\\.').replace(/\*/g, '\\d+')}$`));
  return (name) => patterns.some((p) => p.test(name));
}

/** One action's form; the case page also draws the party's `sign` with it, in the agreement's card. */
export function ActionForm(props: {
  action: ActionName;
  ctx: ActionContext;
  onCancel: () => void;
  onDone: (c: CaseDetail) => void;
  onRefresh: () => Promise<string[]>;
  /** False where the form is always shown (a party's signing): no 取消. */
  cancellable?: boolean;
}) {
  const { action, ctx } = props;
  const { detail, party } = ctx;
  const row = ACTION_FORMS[action];
  const { Fields } = row.form;
  const [values, setValues] = useState<Values>(() => row.form.initial?.(ctx) ?? {});
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const { ref: formRef, refused } = useRevealOnRefusal();
  const allowed = detail.allowedActions.includes(action);
  const placed = placedIn(row.fields);

  const form: FormState = {
    text: (name) => String(values[name] ?? ''),
    flag: (name) => Boolean(values[name]),
    list: <T,>(name: string) => (values[name] as T[] | undefined) ?? [],
    set: (name) => (value) => setValues((old) => ({ ...old, [name]: value })),
    patch: (more) => setValues((old) => ({ ...old, ...more })),
    problems,
  };

  function build(): { body: Record<string, unknown>; problems: Problems } {
    const found: Problems = {};
    const body: Record<string, unknown> = { action, version: detail.version, ...row.form.read?.(form, ctx, found) };
    const occurredAt = form.text('occurredAt');
    if (occurredAt) {
      if (occurredAt > nowLocal()) found.occurredAt = '不能晚于现在';
      body.occurredAt = localToIso(occurredAt);
    }
    return { body, problems: found };
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (!allowed || busy) return;
    const { body, problems: found } = build();
    setProblems(found);
    setError(null);
    setConflict(null);
    if (Object.keys(found).length) {
      setError(fieldsToFix());
      refused();
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
        setProblems(fields);
        // A problem shown at its field is not repeated in the box by the buttons.
        const allPlaced = Object.keys(fields).length > 0 && Object.keys(fields).every(placed);
        setError(allPlaced ? fieldsToFix() : err);
      } else {
        setError(err);
      }
      refused();
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

  const label = actionLabel(action, party);
  const unplaced = Object.fromEntries(Object.entries(problems).filter(([k]) => !placed(k)));
  const blocked = !allowed || conflict?.stage === 'stale' || conflict?.stage === 'refreshing';

  return (
    <form class="action-form" onSubmit={submit} noValidate data-form={action} ref={formRef}>
      <h3>{label}</h3>
      {Fields ? <Fields form={form} ctx={ctx} onError={setError} /> : null}

      {!party ? (
        <details class="backdate" open={Boolean(form.text('occurredAt'))}>
          <summary>补录：实际发生时间</summary>
          <TextField
            label="实际发生时间"
            optional
            name="occurredAt"
            type="datetime-local"
            max={nowLocal()}
            value={form.text('occurredAt')}
            onValue={form.set('occurredAt')}
            error={problems.occurredAt}
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
              <p>{allowed ? '请核对后再提交。' : `案件现在的状态已不能“${label}”，这次无法提交，可以取消。`}</p>
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
        <button type="submit" class={`btn ${row.tone === 'danger' ? 'danger' : 'primary'}`} disabled={busy || blocked}>
          {busy ? '正在提交…' : (row.submit ?? '提交')}
        </button>
        {props.cancellable === false ? null : (
          <button type="button" class="btn ghost" onClick={props.onCancel}>
            取消
          </button>
        )}
      </div>
    </form>
  );
}
