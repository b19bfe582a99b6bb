/**
 * Sending now what a request just queued (a code, an invitation, a served link): delivery from the
 * outbox in the background, started after the request's transaction commits. What fails stays in
 * the outbox for the sweep to retry; the app waits for deliveries under way before it closes.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { deliverSms } from '../reminders/service.js';
import type { SmsGateway } from './gateway.js';

export interface TextSender {
  /** Delivers what waits in the outbox, in the background. */
  send(): void;
  /** Resolves once the deliveries started so far have finished. */
  settled(): Promise<void>;
}

export function textSender(db: Database, gateway: SmsGateway, now: () => Date, log: Pick<FastifyBaseLogger, 'error'>): TextSender {
  const sending = new Set<Promise<unknown>>();
  return {
    send() {
      const delivery: Promise<unknown> = deliverSms(db, gateway, now())
        .catch((err) => log.error({ err }, 'sending text messages failed; the sweep will try again'))
        .finally(() => sending.delete(delivery));
      sending.add(delivery);
    },
    async settled() {
      await Promise.allSettled([...sending]);
    },
  };
}
