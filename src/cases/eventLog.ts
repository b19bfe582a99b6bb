/** The case's event log as a hash chain: each event's hash covers its predecessor's and its own content. Pure. */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface EventContent {
  caseId: string;
  seq: number;
  action: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  proceedingId: string | null;
  internal: boolean;
  data: Record<string, unknown>;
  occurredAt: Date;
  recordedAt: Date;
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** An event as the timeline shows it and as its hash covers it (with its case): instants as ISO text. */
export function eventJson(e: Omit<EventContent, 'caseId'>) {
  return {
    seq: e.seq,
    action: e.action,
    actorUserId: e.actorUserId,
    actorOrgId: e.actorOrgId,
    proceedingId: e.proceedingId,
    internal: e.internal,
    data: e.data,
    occurredAt: e.occurredAt.toISOString(),
    recordedAt: e.recordedAt.toISOString(),
  };
}

/** SHA-256 over the predecessor's hash and this event's content. */
export function eventHash(prevHash: string, e: EventContent): string {
  const content = canonicalJson({ caseId: e.caseId, ...eventJson(e) });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export type NewEvent = Omit<EventContent, 'seq' | 'recordedAt' | 'caseId'>;
/** An event linked onto its case's chain: the row to insert. */
export type ChainedEvent = EventContent & { prevHash: string; hash: string };

/** Links events onto a case's chain: the rows to insert and the new head (count and hash). */
export function chainEvents(
  head: { caseId: string; count: number; hash: string },
  list: NewEvent[],
  recordedAt: Date,
): { rows: ChainedEvent[]; head: { count: number; hash: string } } {
  let { count, hash } = head;
  const rows = list.map((e) => {
    const content: EventContent = { ...e, caseId: head.caseId, seq: ++count, recordedAt };
    const prevHash = hash;
    hash = eventHash(prevHash, content);
    return { ...content, prevHash, hash };
  });
  return { rows, head: { count, hash } };
}

/** Walks a case's chain; the first broken link, or null when intact. */
export function verifyChain(rows: ChainedEvent[]): { seq: number; problem: string } | null {
  let prev = GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    if (row.seq !== i + 1) return { seq: row.seq, problem: 'an event is missing before this one' };
    if (row.prevHash !== prev) return { seq: row.seq, problem: 'does not follow its predecessor' };
    if (eventHash(prev, row) !== row.hash) return { seq: row.seq, problem: 'its content does not match its hash' };
    prev = row.hash;
  }
  return null;
}
