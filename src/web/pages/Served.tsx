/**
 * The link in the SMS that serves a document (电子送达, SPEC §10, /app/served/<token>). Opening it
 * is the service: the first opening is the day of service, which the page says in China time,
 * with the document's title and the case; the document itself is read signed in (by phone code,
 * coming back here after).
 */
import { ApiError, post } from '../api';
import { ErrorBox, Loading, Notice, PageTitle, useLoad } from '../components/ui';
import { dateZh, timeZh } from '../format';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import '../parties.css';

interface Opened {
  caseId: string;
  caseNumber: string;
  title: string;
  documentType: string | null;
  fileId: string | null;
  party: 'applicant' | 'respondent';
  servedAt: string;
  orgName: string;
}

/** Asked once per link and page load: opening it again answers the same service date. */
const opened = new Map<string, Promise<Opened>>();
function openOnce(token: string): Promise<Opened> {
  let p = opened.get(token);
  if (!p) {
    p = post<Opened>(`/services/${encodeURIComponent(token)}/open`);
    opened.set(token, p);
    p.catch(() => opened.delete(token));
  }
  return p;
}

export function Served(props: { token: string }) {
  const { me, signOut } = useSession();
  const s = useLoad(() => openOnce(props.token), [props.token]);
  if (s.loading && !s.data) return <Loading label="正在打开送达的文书…" />;
  if (!s.data) {
    const gone = s.error instanceof ApiError && s.error.status === 404;
    return (
      <div class="narrow">
        <PageTitle>送达链接打不开</PageTitle>
        {gone ? <Notice kind="warn">这个链接不对或已经失效。请打开短信里的完整链接，或联系送达文书的机构。</Notice> : <ErrorBox error={s.error} />}
        {!gone ? (
          <button type="button" class="btn" onClick={s.reload}>
            再试一次
          </button>
        ) : null}
      </div>
    );
  }
  const d = s.data;
  const login = `/app/login?mode=code&next=${encodeURIComponent(`/app/served/${encodeURIComponent(props.token)}`)}`;
  const reading = d.documentType ? `/cases/${d.caseId}/documents/${encodeURIComponent(d.documentType)}` : `/cases/${d.caseId}/files/${d.fileId}?disposition=inline`;
  // The person it was served on reads it in their own account: the worker, or the employer's representative.
  const ownRole = d.party === 'applicant' ? 'worker' : 'employer';
  const signedInAsParty = me?.role === ownRole;
  return (
    <div class="narrow served">
      <section class="card served-card" aria-label="送达">
        <p class="served-mark" aria-hidden="true">
          ✓
        </p>
        <h1>已送达</h1>
        <p class="served-title" data-served-title>
          《{d.title}》
        </p>
        <dl class="facts served-facts">
          <dt>案件编号</dt>
          <dd class="case-no">{d.caseNumber}</dd>
          <dt>送达机构</dt>
          <dd>{d.orgName}</dd>
          <dt>送达日期</dt>
          <dd data-served-date>
            <strong>{dateZh(d.servedAt)}</strong>
            <small>第一次打开本链接的时间：{timeZh(d.servedAt)}（北京时间）</small>
          </dd>
        </dl>
        <p class="hint">第一次打开短信链接之时即为送达之时；再次打开，送达日期不变。文书中的期限（例如不服裁决起诉的期限）从送达之日起算，请在案件页查看最后一日。</p>
      </section>

      {signedInAsParty ? (
        <div class="stack">
          <a class="btn primary big block" href={reading} target="_blank" rel="noopener" data-read-document>
            阅读文书
          </a>
          <Link class="btn big block" href={`/app/cases/${d.caseId}`}>
            查看案件
          </Link>
        </div>
      ) : (
        <section class="card center">
          <h2>{me ? '请用收到短信的手机号登录' : '登录后阅读文书'}</h2>
          <p>
            {me
              ? `现在登录的不是${d.party === 'applicant' ? '申请人' : '用人单位代表'}的账号。文书只给收到送达的当事人本人阅读。`
              : '文书里有案件的详细内容，只给当事人本人阅读。用收到短信的手机号和验证码登录，登录后会回到这里。'}
          </p>
          {!me && d.party === 'respondent' ? <p class="hint">还没有加入案件的单位代表，请先打开邀请短信里的链接加入，再回到这里阅读。</p> : null}
          {me ? (
            <button
              type="button"
              class="btn primary big block"
              onClick={async () => {
                await signOut();
                navigate(login);
              }}
            >
              退出，用验证码登录
            </button>
          ) : (
            <Link class="btn primary big block" href={login}>
              用验证码登录
            </Link>
          )}
        </section>
      )}
    </div>
  );
}
