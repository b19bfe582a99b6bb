/**
 * Checks the pages run before sending, so a person sees a problem at once. They are the API's
 * own checks (src/domain/identity.ts), and their findings are worded as the API's answer would be.
 */
// Imports name their .js files: unit tests read this module under the server's NodeNext settings too.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as identity from '../domain/identity.js';
import { chinaDate } from './format.js';
import { translateProblem } from './i18n.js';

/** As the API reads it: trimmed, in capitals, not born after today. */
export function idNumberProblem(raw: string): string | null {
  const problem = identity.idNumberProblem(raw.trim().toUpperCase(), chinaDate());
  return problem && translateProblem('idNumber', `resident ID number ${problem}`);
}

export function creditCodeProblem(raw: string): string | null {
  const problem = identity.creditCodeProblem(raw.trim().toUpperCase());
  return problem && translateProblem('creditCode', `unified social credit code ${problem}`);
}

export const mobileProblem = (v: string) => (identity.MOBILE_PATTERN.test(v.trim()) ? null : '请填写11位手机号码');

/** Half-width brackets and stray spaces put right, as the API does. */
export const normaliseRulingNumber = identity.normaliseRulingNumber;

export function rulingNumberProblem(raw: string, thisYear: number): string | null {
  const m = identity.RULING_NUMBER.exec(identity.normaliseRulingNumber(raw));
  if (!m) return '案号格式不对，应如（2026）桂1023民特123号';
  if (Number(m[1]) > thisYear) return '案号中的年份晚于今年，请核对';
  return null;
}

/**
 * Brings the first problem of a form where the eye is: scrolled clear of the sticky top bar and,
 * when it is a field, focused (a screen reader then reads its label and message). A field group
 * taller than the screen is shown from its top, where its message is.
 */
export function revealFirstProblem(root: Element | null) {
  if (!root) return;
  const field = root.querySelector<HTMLElement>('.has-error, [aria-invalid="true"], .field-error, .conflict');
  if (!field) return;
  const bar = document.querySelector('.topbar')?.getBoundingClientRect().height ?? 0;
  const box = field.getBoundingClientRect();
  const room = window.innerHeight - bar;
  const top = box.height > room * 0.6 ? box.top - bar - 12 : box.top - bar - (room - box.height) / 2;
  window.scrollTo({ top: Math.max(0, window.scrollY + top) });
  const control = field.matches('input, select, textarea, button')
    ? field
    : field.querySelector<HTMLElement>('[aria-invalid="true"], input:not([type=hidden]), select, textarea, button');
  control?.focus({ preventScroll: true });
}

/**
 * A form's ref, and `refused` to call on each refused submission: once the page shows the
 * problems, the first one is brought into view (again on every refusal, so a second try scrolls too).
 */
export function useRevealOnRefusal() {
  const ref = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (attempt) revealFirstProblem(ref.current);
  }, [attempt]);
  return { ref, refused: () => setAttempt((n) => n + 1) };
}
