/** A worker's pages: the intake link from a centre's QR sign, filing, and "my cases". */
import { useState } from 'preact/hooks';
import { get, qs } from '../api';
import { CaseForm } from '../components/CaseForm';
import { ClockList } from '../components/clocks';
import { Empty, ErrorBox, Loading, Notice, PageTitle, useLoad } from '../components/ui';
import { dateZh, yuan } from '../format';
import { CATEGORY_SHORT, ORG_KIND_NAMES } from '../i18n';
import { Link, navigate } from '../router';
import { isStaff, loadOrgs, useOrgs, useSession } from '../session';
import type { CaseDetail, CaseListItem, Organization, Page } from '../types';
import { caseBadge, currentStep } from './caseText';

export function Intake(props: { code: string }) {
  const { me } = useSession();
  const org = useLoad(() => get<Organization>(`/organizations/by-intake/${encodeURIComponent(props.code)}`), [props.code]);
  const back = `/i/${encodeURIComponent(props.code)}`;

  if (org.loading && !org.data) return <Loading />;
  if (org.error || !org.data)
    return (
      <div class="narrow">
        <PageTitle>没有找到这个受理点</PageTitle>
        <Notice kind="warn">二维码上的受理码“{props.code}”不存在或已停用。请向现场工作人员确认，或从首页选择调解组织。</Notice>
        <Link class="btn" href="/app/file">
          选择调解组织
        </Link>
      </div>
    );
  const o = org.data;
  return (
    <div class="form-page">
      <div class="org-banner">
        <span class="org-kind">{ORG_KIND_NAMES[o.kind] ?? ''}</span>
        <h1>{o.name}</h1>
        <p>网上申请劳动争议{o.kind === 'arbitration_commission' ? '仲裁' : '调解'} · 不见面 · 零跑腿</p>
      </div>
      {!me ? (
        <div class="card center">
          <h2>先登录，再填写申请</h2>
          <p>申请要用手机号注册一个账号，以后用它查看进展和重要日期。注册只要一分钟。</p>
          <div class="stack">
            <Link class="btn primary big block" href={`/app/register?next=${encodeURIComponent(back)}`}>
              注册并填写申请
            </Link>
            <Link class="btn big block" href={`/app/login?next=${encodeURIComponent(back)}`}>
              已有账号，登录
            </Link>
          </div>
        </div>
      ) : me.role !== 'worker' ? (
        <Notice kind="warn">
          这是劳动者的网上申请入口。工作人员登记现场或纸质申请，请用 {isStaff(me.role) ? <Link href="/app/new">登记案件</Link> : '登记案件'}。
        </Notice>
      ) : (
        <CaseForm mode="worker" me={me} org={o} onFiled={(c) => navigate(`/app/cases/${c.id}?filed=1`)} />
      )}
    </div>
  );
}

/** Filing without a QR code: choose the organisation first. */
export function FileClaim() {
  const { me } = useSession();
  const [chosen, setChosen] = useState<Organization | null>(null);
  const orgs = useLoad(() => loadOrgs(), []);
  if (!me) return null;
  if (chosen)
    return (
      <div class="form-page">
        <div class="org-banner">
          <span class="org-kind">{ORG_KIND_NAMES[chosen.kind] ?? ''}</span>
          <h1>{chosen.name}</h1>
          <button class="btn ghost small" type="button" onClick={() => setChosen(null)}>
            换一个机构
          </button>
        </div>
        <CaseForm mode="worker" me={me} org={chosen} onFiled={(c) => navigate(`/app/cases/${c.id}?filed=1`)} />
      </div>
    );
  const takers = (orgs.data ?? []).filter((o) => o.handles.includes('mediation') || o.kind === 'arbitration_commission');
  const mediation = takers.filter((o) => o.handles.includes('mediation'));
  const arbitration = takers.filter((o) => o.kind === 'arbitration_commission');
  return (
    <div class="narrow">
      <PageTitle sub="先调解：调解免费、快，一般15天内结束；调解不成再申请仲裁">选择受理机构</PageTitle>
      <ErrorBox error={orgs.error} />
      {orgs.loading && !orgs.data ? <Loading /> : null}
      <h2 class="section">调解组织</h2>
      <ul class="pick-list">
        {mediation.map((o) => (
          <li key={o.id}>
            <button type="button" class="pick" onClick={() => setChosen(o)}>
              <strong>{o.name}</strong>
              <small>{ORG_KIND_NAMES[o.kind]}</small>
            </button>
          </li>
        ))}
      </ul>
      <h2 class="section">劳动人事争议仲裁委员会</h2>
      <ul class="pick-list">
        {arbitration.map((o) => (
          <li key={o.id}>
            <button type="button" class="pick" onClick={() => setChosen(o)}>
              <strong>{o.name}</strong>
              <small>直接申请仲裁</small>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "My cases": each with its current step and the next date that matters. */
export function MyCases() {
  const list = useLoad(() => get<Page<CaseListItem>>(`/cases${qs({ limit: 50 })}`), []);
  const details = useLoad(
    async () => (list.data ? Promise.all(list.data.items.filter((c) => c.status === 'open').map((c) => get<CaseDetail>(`/cases/${c.id}`))) : []),
    [list.data],
  );
  const orgs = useOrgs();
  const byId = new Map((details.data ?? []).map((d) => [d.id, d]));
  return (
    <div class="narrow">
      <PageTitle>我的案件</PageTitle>
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && !list.data.items.length ? (
        <div class="card center">
          <Empty>你还没有提交过申请。</Empty>
          <Link class="btn primary big" href="/app/file">
            申请调解
          </Link>
        </div>
      ) : null}
      <ul class="case-cards">
        {(list.data?.items ?? []).map((c) => {
          const d = byId.get(c.id);
          const step = d ? currentStep(d, orgs) : null;
          return (
            <li key={c.id}>
              <Link class="case-card" href={`/app/cases/${c.id}`}>
                <div class="case-card-head">
                  <span class="case-no">{c.number}</span>
                  <span class={`badge tone-${caseBadge(d ?? c).tone}`}>{caseBadge(d ?? c).label}</span>
                </div>
                <strong class="case-title">{c.respondentName}</strong>
                <p class="case-sub">
                  {c.categories.map((x) => CATEGORY_SHORT[x]).join('、')} · 请求 {yuan(c.claimedFen)} · {dateZh(c.receivedAt, false)}申请
                </p>
                {step ? <p class="case-step">{step.title}</p> : null}
                {d ? <ClockList clocks={d.clocks.filter((k) => k.kind !== 'referral_ack')} forWorker agreement={d.agreement} limit={3} /> : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
