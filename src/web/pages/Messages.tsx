/**
 * 消息: what a worker or an employer's representative has been told about their cases (SPEC §10),
 * newest first. Opening one marks it read and goes to its case; all may be marked read at once.
 */
import { useState } from 'preact/hooks';
import { Empty, ErrorBox, Loading, PageTitle, useLoad } from '../components/ui';
import { timeZh } from '../format';
import { listNotifications, markRead, NOTIFICATION_KINDS, type NotificationItem } from '../notifications';
import { navigate } from '../router';
import '../parties.css';

export function Messages() {
  const first = useLoad(() => listNotifications(), []);
  const [more, setMore] = useState<NotificationItem[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [read, setRead] = useState<Set<number>>(new Set());
  const [allRead, setAllRead] = useState(false);
  /** The unread count as the last mark answered it; the first page's until then. */
  const [count, setCount] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const items = [...(first.data?.items ?? []), ...more];
  const next = cursor === undefined ? (first.data?.nextCursor ?? null) : cursor;
  const isRead = (n: NotificationItem) => allRead || n.readAt !== null || read.has(n.id);
  const unread = count ?? first.data?.unread ?? 0;

  async function loadMore() {
    if (!next || busy) return;
    setBusy(true);
    setError(null);
    try {
      const page = await listNotifications(next);
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function open(n: NotificationItem) {
    if (!isRead(n)) {
      // Going to the case matters more than the mark: a failure to mark does not keep her here.
      await markRead({ ids: [n.id] }).then(setCount, () => {});
      setRead((s) => new Set(s).add(n.id));
    }
    navigate(`/app/cases/${n.caseId}`);
  }

  async function readAll() {
    setBusy(true);
    setError(null);
    try {
      setCount(await markRead({ all: true }));
      setAllRead(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="narrow">
      <PageTitle sub="案件受理、调解安排、待签署的协议、送达的文书和快到期的日期，都会在这里通知你，也会发短信">消息</PageTitle>
      <ErrorBox error={first.error ?? error} />
      {first.loading && !first.data ? <Loading /> : null}
      {first.data && !items.length ? (
        <div class="card center">
          <Empty>还没有消息。</Empty>
        </div>
      ) : null}
      {items.length ? (
        <div class="messages-head">
          <span data-unread-count>{unread ? `${unread}条未读` : '全部已读'}</span>
          {unread ? (
            <button type="button" class="btn small" onClick={readAll} disabled={busy}>
              全部标为已读
            </button>
          ) : null}
        </div>
      ) : null}
      <ul class="messages">
        {items.map((n) => {
          const unseen = !isRead(n);
          return (
            <li key={n.id} class={unseen ? 'unread' : ''} data-notification={n.kind}>
              <button type="button" class="message" onClick={() => open(n)}>
                <span class="message-head">
                  {unseen ? <span class="dot" aria-label="未读" role="img" /> : null}
                  <span class="badge plain">{NOTIFICATION_KINDS[n.kind] ?? '通知'}</span>
                  <span class="case-no">{n.caseNumber}</span>
                </span>
                <span class="message-text">{n.text}</span>
                <small class="message-time">{timeZh(n.createdAt)}</small>
              </button>
            </li>
          );
        })}
      </ul>
      {next ? (
        <button type="button" class="btn block" onClick={loadMore} disabled={busy}>
          {busy ? '正在加载…' : '更早的消息'}
        </button>
      ) : null}
    </div>
  );
}
