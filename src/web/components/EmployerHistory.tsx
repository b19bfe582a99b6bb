/**
 * The employer's other disputes (issue 19, SPEC §12): repeat offenders are what centres watch
 * most. The cases against the same employer that the reader may see (their organisation's, their
 * region's), earlier and open, found through the case search by the employer's name and kept to
 * that exact name.
 */
import { get, qs } from '../api';
import { dateZh, yuan } from '../format';
import { CASE_OUTCOME_NAMES, KIND_NAMES, STATE_NAMES } from '../i18n';
import { Link } from '../router';
import type { CaseListItem, Page } from '../types';
import { Empty, ErrorBox, Loading, useLoad } from './ui';

export function EmployerHistory(props: { caseId: string; employer: string }) {
  // A search takes at most 100 characters; any part of the name finds it.
  const found = useLoad(() => get<Page<CaseListItem>>(`/cases${qs({ q: props.employer.slice(0, 100), limit: 50 })}`), [props.employer]);
  if (found.error) return <ErrorBox error={found.error} />;
  if (!found.data) return <Loading />;
  const others = found.data.items.filter((c) => c.respondentName === props.employer && c.id !== props.caseId);
  const open = others.filter((c) => c.status === 'open').length;
  return (
    <section class="card employer-history" aria-label="该单位的其他争议" data-employer-history>
      <h2>该单位的其他争议</h2>
      {others.length ? (
        <>
          <p class="hint">
            你可查看的范围内共 {others.length}{found.data.nextCursor ? '余' : ''} 件，其中办理中 {open} 件。
          </p>
          <ul class="history">
            {others.slice(0, 10).map((c) => (
              <li key={c.id}>
                <Link href={`/app/cases/${c.id}`}>{c.number}</Link>
                <small>
                  {dateZh(c.receivedAt, false)}申请 · {KIND_NAMES[c.currentKind]}
                  {c.status === 'open' ? STATE_NAMES[c.state] : `已结案${c.outcome ? `（${CASE_OUTCOME_NAMES[c.outcome] ?? ''}）` : ''}`} · 请求 {yuan(c.claimedFen)}
                </small>
              </li>
            ))}
          </ul>
          {others.length > 10 ? (
            <Link class="btn small ghost" href={`/app/cases${qs({ q: props.employer })}`}>
              查看全部
            </Link>
          ) : null}
        </>
      ) : (
        <Empty>你可查看的范围内没有该单位的其他争议。</Empty>
      )}
    </section>
  );
}
