import type { FastifyBaseLogger } from 'fastify';

/** What a reminder says: no personal data, only what the handling office needs to find the case. */
export interface ReminderMessage {
  reminderId: number;
  threshold: 'due_soon' | 'breached';
  clockId: string;
  clockKind: string;
  label: string;
  dueOn: string;
  caseId: string;
  caseNumber: string;
  orgId: string;
}

/** A notice to a person of an action on a case (the notices outbox): no personal data either. */
export interface NoticeMessage {
  noticeId: number;
  kind: 'assigned';
  /** The staff member told. */
  userId: string;
  caseId: string;
  caseNumber: string;
  orgId: string;
  text: string;
}

/** Delivers reminders and notices; throws when delivery failed so the sweep retries later. */
export interface Notifier {
  readonly name: string;
  deliver(message: ReminderMessage): Promise<void>;
  /** Optional: a notifier without it leaves notices pending. */
  deliverNotice?(message: NoticeMessage): Promise<void>;
}

export class LogNotifier implements Notifier {
  readonly name = 'log';
  constructor(private readonly log: Pick<FastifyBaseLogger, 'info'>) {}
  async deliver(message: ReminderMessage): Promise<void> {
    this.log.info({ reminder: message }, `reminder: ${message.caseNumber} ${message.label} ${message.threshold === 'breached' ? '已逾期' : '即将到期'} (${message.dueOn})`);
  }
  async deliverNotice(message: NoticeMessage): Promise<void> {
    this.log.info({ notice: message }, `notice to ${message.userId}: ${message.text}`);
  }
}

/**
 * POSTs each reminder as JSON to a webhook (an SMS gateway or a messaging bot). Retries a few
 * times with exponential backoff within one delivery; after that the sweep reschedules it.
 */
export class WebhookNotifier implements Notifier {
  readonly name = 'webhook';
  constructor(
    private readonly url: string,
    private readonly opts: { attempts?: number; backoffMs?: number; timeoutMs?: number; fetch?: typeof fetch } = {},
  ) {}

  deliver(message: ReminderMessage): Promise<void> {
    return this.post(message, `tiaojie-reminder-${message.reminderId}`);
  }

  deliverNotice(message: NoticeMessage): Promise<void> {
    return this.post(message, `tiaojie-notice-${message.noticeId}`);
  }

  private async post(message: ReminderMessage | NoticeMessage, idempotencyKey: string): Promise<void> {
    const attempts = this.opts.attempts ?? 3;
    const backoff = this.opts.backoffMs ?? 200;
    const doFetch = this.opts.fetch ?? fetch;
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, backoff * 2 ** (i - 1)));
      try {
        const res = await doFetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
        });
        if (res.ok) return;
        lastError = new Error(`webhook answered ${res.status}`);
        // A 4xx other than 408/429 will not get better by retrying now.
        if (res.status < 500 && res.status !== 408 && res.status !== 429) break;
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }
}
