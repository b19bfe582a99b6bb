/** Small building blocks: fields with help and errors, notices, loading and empty states. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';

let seq = 0;
const nextId = () => `f${++seq}`;

export function Field(props: {
  label: string;
  help?: ComponentChildren;
  error?: string;
  optional?: boolean;
  children: (id: string, describedBy: string | undefined) => ComponentChildren;
  class?: string;
}) {
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

type InputProps = {
  value: string;
  onValue: (v: string) => void;
  name?: string;
  type?: 'text' | 'password' | 'tel' | 'date' | 'datetime-local' | 'number' | 'search';
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel';
  autoComplete?: string;
  maxLength?: number;
  placeholder?: string;
  min?: number | string;
  max?: number | string;
};

/** A text input inside a Field. */
export function TextField(
  props: { label: string; help?: ComponentChildren; error?: string; optional?: boolean; class?: string } & InputProps,
) {
  const { label, help, error, optional, value, onValue, class: cls, ...rest } = props;
  return (
    <Field label={label} help={help} error={error} optional={optional} class={cls}>
      {(id, describedBy) => (
        <input
          id={id}
          aria-describedby={describedBy}
          aria-invalid={error ? 'true' : undefined}
          value={value}
          onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
          // The attributes are typed above; preact's per-`type` input unions need the cast.
          {...(rest as { type?: 'text' })}
        />
      )}
    </Field>
  );
}

export function TextArea(props: {
  label: string;
  help?: ComponentChildren;
  error?: string;
  optional?: boolean;
  value: string;
  onValue: (v: string) => void;
  rows?: number;
  placeholder?: string;
  name?: string;
}) {
  return (
    <Field label={props.label} help={props.help} error={props.error} optional={props.optional}>
      {(id, describedBy) => (
        <textarea
          id={id}
          name={props.name}
          rows={props.rows ?? 4}
          placeholder={props.placeholder}
          aria-describedby={describedBy}
          aria-invalid={props.error ? 'true' : undefined}
          value={props.value}
          onInput={(e) => props.onValue((e.currentTarget as HTMLTextAreaElement).value)}
        />
      )}
    </Field>
  );
}

export function Select(props: {
  label: string;
  help?: ComponentChildren;
  error?: string;
  optional?: boolean;
  value: string;
  onValue: (v: string) => void;
  options: { value: string; label: string }[];
  placeholder?: string;
  name?: string;
}) {
  return (
    <Field label={props.label} help={props.help} error={props.error} optional={props.optional}>
      {(id, describedBy) => (
        <select
          id={id}
          name={props.name}
          aria-describedby={describedBy}
          aria-invalid={props.error ? 'true' : undefined}
          value={props.value}
          onChange={(e) => props.onValue((e.currentTarget as HTMLSelectElement).value)}
        >
          {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
          {props.options.map((o) => (
            <option value={o.value} key={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

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
