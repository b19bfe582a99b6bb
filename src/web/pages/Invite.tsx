/**
 * The link in the SMS that invites an employer's representative (SPEC §10, /app/invite/<token>):
 * which case and which centre, their own phone masked; they prove the phone with a code and land
 * on the case, signed in as the employer's representative. The page is never told the whole
 * phone: the code goes to the invited phone (POST /invitations/:token/code), so only whoever holds
 * that phone can join with the link.
 */
import { useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { CodeField, codeProblem } from '../components/PhoneCode';
import { ErrorBox, Loading, Notice, PageTitle, useFormSend, useLoad } from '../components/ui';
import { ROLE_NAMES } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import type { User } from '../types';
import '../parties.css';

interface Invitation {
  caseNumber: string;
  respondentName: string;
  name: string;
  phone: string;
  orgName: string;
  accepted: boolean;
}

export function Invite(props: { token: string }) {
  const inv = useLoad(() => get<Invitation>(`/invitations/${encodeURIComponent(props.token)}`), [props.token]);
  if (inv.loading && !inv.data) return <Loading />;
  if (!inv.data) {
    const gone = inv.error instanceof ApiError && inv.error.status === 404;
    return (
      <div class="narrow">
        <PageTitle>邀请链接打不开</PageTitle>
        {gone ? (
          <Notice kind="warn">这个邀请链接不对或已经失效（重新邀请后，旧链接就不能用了）。请打开最新一条邀请短信里的链接，或联系邀请你的调解组织。</Notice>
        ) : (
          <ErrorBox error={inv.error} />
        )}
      </div>
    );
  }
  return <InviteView token={props.token} inv={inv.data} />;
}

function InviteView(props: { token: string; inv: Invitation }) {
  const { me, setMe } = useSession();
  const { inv } = props;
  const [code, setCode] = useState('');
  const { error, fields, busy, send } = useFormSend();
  const path = `/invitations/${encodeURIComponent(props.token)}`;

  async function submit(e: Event) {
    e.preventDefault();
    const f: Record<string, string> = {};
    const c = codeProblem(code);
    if (c) f.code = c;
    await send(f, async () => {
      const r = await post<{ user: User; caseId: string }>(`${path}/accept`, { code });
      setMe(await get<User>('/me').catch(() => r.user));
      navigate(`/app/cases/${r.caseId}?joined=1`, { replace: true });
    });
  }

  return (
    <div class="narrow invite">
      <div class="org-banner">
        <span class="org-kind">在线调解邀请</span>
        <h1>{inv.orgName}</h1>
        <p>邀请您作为用人单位的代表，在手机上参与劳动争议调解</p>
      </div>
      <section class="card" aria-label="邀请内容">
        <dl class="facts invite-facts">
          <dt>案件编号</dt>
          <dd class="case-no">{inv.caseNumber}</dd>
          <dt>被申请人（用人单位）</dt>
          <dd>{inv.respondentName}</dd>
          <dt>受邀代表</dt>
          <dd>{inv.name}</dd>
          <dt>受邀手机号</dt>
          <dd data-invited-phone>{inv.phone}</dd>
        </dl>
        <p class="hint">加入后，您可以查看申请人的请求，说明单位的意见，上传材料，并在手机上签署调解协议。申请人的身份证号和手机号只显示部分数字。</p>
      </section>

      {inv.accepted ? (
        <section class="card center">
          <h2>这个邀请已经接受过了</h2>
          {me?.role === 'employer' ? (
            <Link class="btn primary big block" href="/app/my">
              查看我的案件
            </Link>
          ) : (
            <>
              <p>请用受邀的手机号和短信验证码登录，登录后在“我的案件”里查看这个案件。</p>
              <Link class="btn primary big block" href="/app/login?mode=code">
                用验证码登录
              </Link>
            </>
          )}
        </section>
      ) : (
        <form class="card form" onSubmit={submit} noValidate>
          <h2>验证手机号，加入案件</h2>
          {me ? (
            <Notice kind="warn">
              这台手机现在登录的是{me.name}（{ROLE_NAMES[me.role]}）的账号。加入后将改为以用人单位代表的身份登录。
            </Notice>
          ) : null}
          <ErrorBox error={error} unplaced={Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'code'))} />
          <CodeField
            purpose="login"
            phone=""
            request={() => post(`${path}/code`)}
            value={code}
            onValue={setCode}
            error={fields.code}
            help={`点“获取验证码”，验证码会发到受邀的手机 ${inv.phone}`}
          />
          <button class="btn primary big block" type="submit" disabled={busy}>
            {busy ? '正在验证…' : '确认并查看案件'}
          </button>
        </form>
      )}
    </div>
  );
}
