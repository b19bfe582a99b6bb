/**
 * What an action's form is made of. Each action has a file beside this one that exports an
 * `ActionForm`: the values it opens with, its fields, and how it reads what was typed into its
 * part of the body of POST /cases/:id/actions. The panel (../ActionPanel.tsx) does the rest for
 * every action alike: the heading, the time it really happened, sending, a 409, the buttons.
 */
import type { FunctionComponent } from 'preact';
import type { CaseDetail, StaffMember, User } from '../../types';

/** What has been typed, by field name: text, a tick, or a list (an agreement's instalments). */
export type Values = Record<string, unknown>;
/** Problems by the name of the body's field, in the page's words. */
export type Problems = Record<string, string>;

export interface ActionContext {
  detail: CaseDetail;
  me: User;
  /** The worker herself (some forms word things for her). */
  worker: boolean;
  /** A party to the case, the worker or the employer's representative, not staff (no back-dating, no prevailing party). */
  party: boolean;
  /** The caller's colleagues (GET /organizations/:id/staff), for `assign`; undefined while loading. */
  staff?: StaffMember[];
}

/** The values of the open form and how its fields change them. */
export interface FormState {
  text(name: string): string;
  flag(name: string): boolean;
  list<T>(name: string): T[];
  set: (name: string) => (value: unknown) => void;
  patch(values: Values): void;
  /** From checking before sending, or from the API's answer. */
  problems: Problems;
}

export interface FieldsProps {
  form: FormState;
  ctx: ActionContext;
  /** Something the fields needed could not be loaded: shown with the form's errors. */
  onError: (error: unknown) => void;
}

export interface ActionForm {
  initial?: (ctx: ActionContext) => Values;
  Fields?: FunctionComponent<FieldsProps>;
  /** The action's part of the body from what was typed, noting each problem at its field. */
  read?: (form: FormState, ctx: ActionContext, problems: Problems) => Record<string, unknown>;
}

/** The text of a field that must be filled in, trimmed; empty notes the problem. */
export function required(form: FormState, problems: Problems, name: string, message = '请填写此项'): string {
  const value = form.text(name).trim();
  if (!value) problems[name] = message;
  return value;
}

export const lastProceeding = (d: CaseDetail) => d.proceedings[d.proceedings.length - 1];

export function openProceeding(d: CaseDetail) {
  const last = lastProceeding(d);
  return last && (last.state === 'received' || last.state === 'accepted') ? last : null;
}
