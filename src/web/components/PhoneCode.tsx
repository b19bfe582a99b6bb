/**
 * 获取验证码 (SPEC §10): a field for the six digits sent by SMS, with the button that asks for them
 * (POST /auth/otp) and then counts down until another may be asked. The code is never in the
 * answer; the page only learns that it was sent, and how long to wait before asking again.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, post } from '../api';
import { maskPhone } from '../format';
import { Field } from './ui';
import '../parties.css';

export type CodePurpose = 'register' | 'login' | 'sign';

export const PHONE_RE = /^1[3-9]\d{9}$/;

/** Seconds to wait after a refusal: the 429's own figure when it gave one, else a minute. */
function waitOf(err: unknown): number {
  const d = err instanceof ApiError ? (err.details as { retryAfterSeconds?: unknown } | undefined) : undefined;
  const n = Number(d?.retryAfterSeconds);
  return Number.isFinite(n) && n > 0 ? Math.ceil(n) : 60;
}

/** A wait in words: 45秒, 3分钟, 2小时. */
export function waitZh(seconds: number): string {
  if (seconds < 90) return `${seconds}秒`;
  if (seconds < 5400) return `${Math.ceil(seconds / 60)}分钟`;
  return `${Math.ceil(seconds / 3600)}小时`;
}

/** What a request for a code answers: when another may be asked, and (a link's own route) the phone masked. */
interface CodeSent {
  resendAfterSeconds: number;
  phone?: string;
}

/** Sends codes for one purpose, and counts down to when the next may be asked. */
export function useCodeSender(purpose: CodePurpose) {
  const [left, setLeft] = useState(0);
  const [busy, setBusy] = useState(false);
  /** The phone the last code went to, whole (as typed) or masked (as a link's route said). */
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (left <= 0) return;
    const t = setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => clearTimeout(t);
  }, [left]);

  /** POST /auth/otp for `phone`, or `request` where the page does not know the whole phone (an invitation). */
  async function send(phone: string, request?: () => Promise<CodeSent>): Promise<boolean> {
    if (busy || left > 0) return false;
    setBusy(true);
    setError(null);
    try {
      const r = request ? await request() : await post<CodeSent>('/auth/otp', { phone, purpose });
      setSentTo(r.phone ?? phone);
      setLeft(r.resendAfterSeconds);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) {
        const wait = waitOf(err);
        setLeft(wait);
        setError(`验证码发送太频繁，请${waitZh(wait)}后再获取。已收到的验证码5分钟内仍可使用。`);
      } else if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') {
        setError('手机号码不对，请核对后再获取验证码');
      } else {
        setError(err instanceof ApiError ? err.message : '验证码没有发出，请稍后再试');
      }
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { send, busy, left, sentTo, error };
}

/**
 * The code's field and its button. `phone` is the whole number the code goes to; `phoneProblem`
 * says why it cannot be sent yet (a phone not typed in full), shown instead of sending. A page
 * that does not know the whole phone gives `request` instead (it answers the phone masked).
 */
export function CodeField(props: {
  purpose: CodePurpose;
  phone: string;
  request?: () => Promise<CodeSent>;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  label?: string;
  optional?: boolean;
  help?: string;
  /** Said when the phone is not a whole mobile number and the button is pressed. */
  phoneProblem?: string;
  onPhoneProblem?: (message: string) => void;
  name?: string;
}) {
  const sender = useCodeSender(props.purpose);
  const sent = sender.sentTo !== null && (props.request !== undefined || sender.sentTo === props.phone);
  const ask = async () => {
    if (!props.request && !PHONE_RE.test(props.phone)) {
      props.onPhoneProblem?.(props.phoneProblem ?? '请先填写11位手机号码');
      return;
    }
    await sender.send(props.phone, props.request);
  };
  const help = sent ? `验证码已发到 ${maskPhone(sender.sentTo)}，5分钟内有效。` : props.help;
  return (
    <Field label={props.label ?? '短信验证码'} optional={props.optional} help={help} error={props.error ?? sender.error ?? undefined}>
      {(id, describedBy) => (
        <div class="code-row">
          <input
            id={id}
            aria-describedby={describedBy}
            aria-invalid={props.error ? 'true' : undefined}
            name={props.name ?? 'code'}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            placeholder="6位数字"
            value={props.value}
            onInput={(e) => props.onValue((e.currentTarget as HTMLInputElement).value.replace(/\D/g, '').slice(0, 6))}
          />
          <button type="button" class="btn" data-send-code onClick={ask} disabled={sender.busy || sender.left > 0}>
            {sender.busy ? '正在发送…' : sender.left > 0 ? `${sender.left}秒后可重发` : sent ? '重新获取' : '获取验证码'}
          </button>
        </div>
      )}
    </Field>
  );
}

/** A code as typed, checked before sending: six digits. */
export function codeProblem(code: string): string | null {
  if (!code) return '请填写短信验证码';
  if (!/^\d{6}$/.test(code)) return '验证码是6位数字';
  return null;
}
