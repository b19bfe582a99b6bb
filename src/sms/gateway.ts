/**
 * The one SMS gateway (SPEC §10): every text to a person leaves through it, from the outbox
 * (src/sms/outbox.ts, delivered by deliverSms in src/reminders/service.ts).
 *
 * - `log`: the text is written to the log with the phone masked (138****5678), for development
 *   and for deployments without a gateway; the text is what a person would read, a phone code
 *   included.
 * - `webhook`: a POST of JSON `{ to, text, purpose, idempotencyKey }` (and the key in an
 *   Idempotency-Key header) to SMS_WEBHOOK_URL. Anything but a 2xx, or no answer, throws, and the
 *   outbox tries again later with backoff; the key is the same every time, so a gateway that
 *   received a message whose acknowledgement was lost can tell it has it already.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import { maskPhone, scrubPersonalData } from '../domain/identity.js';

export interface SmsMessage {
  /** The whole phone number: for the gateway only, never for a log. */
  to: string;
  text: string;
  purpose: string;
  idempotencyKey: string;
}

export interface SmsGateway {
  readonly name: string;
  /** Sends one message; throws when it was not accepted, so the outbox retries it later. */
  send(message: SmsMessage): Promise<void>;
}

export class LogSmsGateway implements SmsGateway {
  readonly name = 'log';
  constructor(private readonly log: Pick<FastifyBaseLogger, 'info'>) {}

  async send(message: SmsMessage): Promise<void> {
    const to = maskPhone(message.to);
    // The texts are ours and carry no phone or ID number; scrubbed all the same, as any free text bound for a log.
    this.log.info({ sms: { to, purpose: message.purpose, idempotencyKey: message.idempotencyKey } }, `sms to ${to}: ${scrubPersonalData(message.text)}`);
  }
}

export class WebhookSmsGateway implements SmsGateway {
  readonly name = 'webhook';
  constructor(
    private readonly url: string,
    /** `attempts` within one delivery (default 2, `backoffMs` apart, doubling); after that the outbox's backoff. */
    private readonly opts: { attempts?: number; backoffMs?: number; timeoutMs?: number } = {},
  ) {}

  async send(message: SmsMessage): Promise<void> {
    const attempts = this.opts.attempts ?? 2;
    const backoff = this.opts.backoffMs ?? 200;
    const body = JSON.stringify({ to: message.to, text: message.text, purpose: message.purpose, idempotencyKey: message.idempotencyKey });
    let lastError: Error = new Error('the SMS webhook was not called');
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, backoff * 2 ** (i - 1)));
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
          body,
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
        });
        // The answer's body is the gateway's business; read it so the connection can be reused.
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return;
        lastError = new Error(`the SMS webhook answered ${res.status}`);
        // A 4xx other than 408/429 will not get better by asking again at once.
        if (res.status < 500 && res.status !== 408 && res.status !== 429) break;
      } catch (err) {
        // Only the kind of failure: a network error's text may quote the request.
        const cause = (err as { cause?: { code?: unknown } }).cause?.code;
        lastError = new Error(`the SMS webhook did not answer (${(err as Error).name}${typeof cause === 'string' ? ` ${cause}` : ''})`);
      }
    }
    throw lastError;
  }
}

/** The gateway the configuration names; `log` writes to the logger given. */
export function smsGatewayFor(config: Pick<Config, 'SMS_GATEWAY' | 'SMS_WEBHOOK_URL'>, log: Pick<FastifyBaseLogger, 'info'>): SmsGateway {
  if (config.SMS_GATEWAY === 'webhook') {
    if (!config.SMS_WEBHOOK_URL) throw new Error('SMS_GATEWAY=webhook needs SMS_WEBHOOK_URL');
    return new WebhookSmsGateway(config.SMS_WEBHOOK_URL);
  }
  return new LogSmsGateway(log);
}
