/** Small building blocks: fields with help and errors, notices, loading and empty states. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';

let seq = 0;
const nextId = () => `f${++seq}`;

/** What every field shows around its control: the label, help below it, and the error. */
type FieldFrame = { label: string; help?: ComponentChildren; error?: string; optional?: boolean };

/** A control's value, reported as text as the person changes it. */
type TextValue = { value: string; onValue: (v: string) => void; name?: string };

export function Field(props: FieldFrame & { children: (id: string, describedBy: string | undefined) => ComponentChildren; class?: string }) {
  const [id] = useState(nextId);
  const describedBy = [props.help ? `${id}-help` : '', props.error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${props.error ? ' has-error' : ''}${props.class ? ` ${props.class}` : ''}`}>
      <label for={id}>
        {props.label}
        {props.optional ? <span class="optional">（选填）</span> : null}
      </label>
      {props.help ? (
        <p class="help" id={`${id}-help`}>
          {props.help}
        </p>
      ) : null}
      {props.children(id, describedBy)}
      {props.error ? (
        <p class="field-error" id={`${id}-err`} role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** The attributes that tie a control to its Field's label, help and error. */
function controlOf(id: string, describedBy: string | undefined, error: string | undefined) {
  return { id, 'aria-describedby': describedBy, 'aria-invalid': error ? ('true' as const) : undefined };
}

type InputProps = TextValue & {
  type?: 'text' | 'password' | 'tel' | 'date' | 'datetime-local' | 'number' | 'search';
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel';
  autoComplete?: string;
  maxLength?: number;
  placeholder?: string;
  min?: number | string;
  max?: number | string;
};

/** A text input inside a Field. */
export function TextField(props: FieldFrame & { class?: string } & InputProps) {
  const { label, help, error, optional, value, onValue, class: cls, ...rest } = props;
  return (
    <Field label={label} help={help} error={error} optional={optional} class={cls}>
      {(id, describedBy) => (
        <input
          {...controlOf(id, describedBy, error)}
          value={value}
          onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
          // The attributes are typed above; preact's per-`type` input unions need the cast.
          {...(rest as { type?: 'text' })}
        />
      )}
    </Field>
  );
}

export function TextArea(props: FieldFrame & TextValue & { rows?: number; placeholder?: string }) {
  return (
    <Field label={props.label} help={props.help} error={props.error} optional={props.optional}>
      {(id, describedBy) => (
        <textarea
          {...controlOf(id, describedBy, props.error)}
          name={props.name}
          rows={props.rows ?? 4}
          placeholder={props.placeholder}
          value={props.value}
          onInput={(e) => props.onValue((e.currentTarget as HTMLTextAreaElement).value)}
        />
      )}
    </Field>
  );
}

export function Select(props: FieldFrame & TextValue & { options: { value: string; label: string }[]; placeholder?: string }) {
  return (
    <Field label={props.label} help={props.help} error={props.error} optional={props.optional}>
      {(id, describedBy) => (
        <select
          {...controlOf(id, describedBy, props.error)}
          name={props.name}
          value={props.value}
          onChange={(e) => props.onValue((e.currentTarget as HTMLSelectElement).value)}
        >
          <Options none={props.placeholder} options={props.options} />
        </select>
      )}
    </Field>
  );
}

/** A select's options: `none` first with the empty value (nothing chosen, or everything for a filter), then each choice. */
export function Options(props: { none?: string; options: { value: string; label: string }[] }) {
  return (
    <>
      {props.none !== undefined ? <option value="">{props.none}</option> : null}
      {props.options.map((o) => (
        <option value={o.value} key={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}

/**
 * A form's sending: the page's own checks first (field → message; any stop the request), then the
 * request; the API's field problems land beside their fields, anything else in the form's ErrorBox.
 */
export function useFormSend() {
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  async function send(problems: Record<string, string>, request: () => Promise<void>) {
    setFields(problems);
    setError(null);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      await request();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setFields(err.fieldErrors());
    } finally {
      setBusy(false);
    }
  }
  return { error, fields, busy, send };
}

/** For a form's ErrorBox when every problem is shown at its field: the box says only that some need fixing. */
export const fieldsToFix = () => new ApiError(400, 'VALIDATION_FAILED', '', undefined);

/** A list as a table (its rows as cards on a phone, each cell named by its data-label). */
export function Table(props: { head: ComponentChildren[]; children: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            {props.head.map((h, i) => (
              <th key={i}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** The entries of a name table (ROLE_NAMES, KIND_NAMES …) as options. */
export const optionsOf = (names: Record<string, string>) => Object.entries(names).map(([value, label]) => ({ value, label }));

export function Checkbox(props: { label: ComponentChildren; checked: boolean; onChange: (v: boolean) => void; help?: string; name?: string }) {
  return (
    <label class="check">
      <input type="checkbox" name={props.name} checked={props.checked} onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />
      <span>
        {props.label}
        {props.help ? <small class="help">{props.help}</small> : null}
      </span>
    </label>
  );
}

/** An error from the API (or anything else) in plain Chinese; field problems listed when they have no field on the page. */
export function ErrorBox(props: { error: unknown; unplaced?: Record<string, string> }) {
  if (!props.error) return null;
  const e = props.error;
  const message = e instanceof ApiError ? e.message : '出了点问题，请稍后再试';
  const rest = Object.entries(props.unplaced ?? {});
  return (
    <div class="notice error" role="alert">
      <strong>{message}</strong>
      {rest.length ? (
        <ul>
          {rest.map(([f, m]) => (
            <li key={f}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Notice(props: { kind?: 'ok' | 'info' | 'warn'; children: ComponentChildren }) {
  return (
    <div class={`notice ${props.kind ?? 'info'}`} role="status">
      {props.children}
    </div>
  );
}

export function Loading(props: { label?: string }) {
  return (
    <div class="loading" role="status" aria-busy="true">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? '正在加载…'}
    </div>
  );
}

/**
 * A bar showing how much of something is done, named for screen readers (`label`, e.g. 协议款项履行进度)
 * and read out in words (`valueText`, e.g. 已付 ¥7,000.00，共 ¥21,000.00) rather than as a bare percentage.
 */
export function ProgressBar(props: { label: string; value: number; max: number; valueText: string }) {
  const pct = props.max > 0 ? Math.min(100, Math.max(0, (props.value / props.max) * 100)) : 0;
  return (
    <div class="progress" role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} aria-valuetext={props.valueText}>
      <span style={{ width: `${pct}%` }} />
    </div>
  );
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="empty">{props.children}</p>;
}

/**
 * Loads data for a page: reruns when `deps` change, keeps the last value while reloading.
 * `reload()` fetches again (after an action).
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown; loading: boolean; reload: () => void; set: (v: T) => void } {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (v) => {
        if (!live) return;
        setData(v);
        setError(null);
        setLoading(false);
      },
      (e) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { data, error, loading, reload: () => setTick((t) => t + 1), set: setData };
}

export function PageTitle(props: { children: ComponentChildren; sub?: ComponentChildren }) {
  useEffect(() => {
    const t = typeof props.children === 'string' ? props.children : '';
    document.title = t ? `${t} · 调解` : '调解 · 劳动争议一站式调处';
  }, [props.children]);
  return (
    <header class="page-title">
      <h1>{props.children}</h1>
      {props.sub ? <p class="sub">{props.sub}</p> : null}
    </header>
  );
}
