/**
 * The parties' notifications (SPEC §10, GET /me/notifications): the unread count the menu shows,
 * kept in one place so that the list page marking some read updates the menu at once.
 */
import { useEffect, useState } from 'preact/hooks';
import { get, post, qs } from './api';
import type { NotificationKind } from '../notifications/rules.js';
import type { Role } from './types';

export interface NotificationItem {
  id: number;
  caseId: string;
  caseNumber: string;
  kind: string;
  text: string;
  createdAt: string;
  readAt: string | null;
}
export interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
  unread: number;
}

/** Who has notifications: the parties. Staff are told by the desk, not here. */
export const hasNotifications = (role: Role | undefined) => role === 'worker' || role === 'employer';

let unread: number | null = null;
const listeners = new Set<(n: number | null) => void>();
function setUnread(n: number | null) {
  unread = n;
  listeners.forEach((l) => l(n));
}

export function listNotifications(cursor?: string | null): Promise<NotificationPage> {
  return get<NotificationPage>(`/me/notifications${qs({ limit: 20, cursor })}`).then((p) => {
    setUnread(p.unread);
    return p;
  });
}

export async function markRead(body: { ids: number[] } | { all: true }): Promise<number> {
  const r = await post<{ marked: number; unread: number }>('/me/notifications/read', body);
  setUnread(r.unread);
  return r.unread;
}

/** Asks for the count again (a page was opened; something may have come). */
export function refreshUnread() {
  get<NotificationPage>(`/me/notifications${qs({ limit: 1 })}`).then(
    (p) => setUnread(p.unread),
    () => {},
  );
}

/** The unread count, asked for when the person or the page changes; null until known. */
export function useUnread(role: Role | undefined, path: string): number | null {
  const [n, setN] = useState<number | null>(unread);
  useEffect(() => {
    listeners.add(setN);
    return () => void listeners.delete(setN);
  }, []);
  useEffect(() => {
    if (hasNotifications(role)) refreshUnread();
    else setUnread(null);
  }, [role, path]);
  return hasNotifications(role) ? n : null;
}

/** What each kind of notification is about, in a word or two. */
export const NOTIFICATION_KINDS: Record<string, string> = {
  proceeding_accepted: '已受理',
  proceeding_declined: '不予受理',
  session_scheduled: '调解/开庭安排',
  signature_requested: '待签署',
  document_served: '文书送达',
  date_due_soon: '期限提醒',
  instalment_missed: '逾期未付款',
} satisfies Record<NotificationKind, string>;
