/** A worker's pages: the intake link from a centre's QR sign, filing, and "my cases". */
import { useState } from 'preact/hooks';
import { ApiError, get, qs } from '../api';
import { CaseForm } from '../components/CaseForm';
import { ClockList } from '../components/clocks';
import { Empty, ErrorBox, Loading, Notice, PageTitle, useLoad } from '../components/ui';
import { dateZh, yuan } from '../format';
import { CATEGORY_SHORT, ORG_KIND_NAMES } from '../i18n';
import { Link, navigate } from '../router';
import { isStaff, loadOrgs, useOrgs, useSession } from '../session';
import type { CaseDetail, CaseListItem, Organization, Page, User } from '../types';
import { awaitsMySignature, caseBadge, currentStep } from './caseText';

/** The organisation the server wrote into a QR code's page (src/http/pages.ts), read once. */
let embedded: Organization | null | undefined;
function embeddedOrg(code: string): Organization | null {
  if (embedded === undefined) {
    embedded = null;
    const text = document.getElementById('intake-org')?.textContent;
    try {
      if (text) embedded = JSON.parse(text) as Organization;
    } catch {
      /* a page without it asks the API */
    }
  }
  return embedded && embedded.intakeCode === code.toUpperCase() ? embedded : null;
}

const intakeRequests = new Map<string, Promise<Organization>>();
/** A QR code's organisation: the one in the page, or GET /organizations/by-intake/:code, asked once. */
function intakeOrg(code: string): Promise<Organization> {
  const inPage = embeddedOrg(code);
  if (inPage) return Promise.resolve(inPage);
  const key = code.toUpperCase();
  let request = intakeRequests.get(key);
  if (!request) {
    request = get<Organization>(`/organizations/by-intake/${encodeURIComponent(code)}`);
    intakeRequests.set(key, request);
    // A code that does not exist is an answer, kept like any other; a failed request is asked again.
    request.catch((e: unknown) => {
      if (!(e instanceof ApiError && e.status === 404)) intakeRequests.delete(key);
    });
  }
  return request;
}

/** Starts asking for a QR code's organisation before the page renders (main.tsx). */
export function preloadIntake(code: string) {
  intakeOrg(code).catch(() => {});
}

export function Intake(props: { code: string }) {
  const org = useLoad(() => intakeOrg(props.code), [props.code]);
  // From the page itself there is nothing to wait for, not even one render.
  const o = org.data ?? embeddedOrg(props.code);
  if (!o && org.loading) return <Loading />;
  if (!o)
    return (
      <div class="narrow">
        <PageTitle>没有找到这个受理点</PageTitle>
        <Notice kind="warn">二维码上的受理码“{props.code}”不存在或已停用。请向现场工作人员确认，或从首页选择调解组织。</Notice>
        <Link class="btn" href="/app/file">
          选择调解组织
        </Link>
      </div>
    );
  return <IntakeView code={props.code} org={o} />;
}

/**
 * A QR code's page once its organisation is known: the register and sign-in buttons, the claim
 * form, or for staff a pointer to their own form. The build renders it (inside Layout) for the
 * server to send in the HTML before any script has come (src/web/intakeFrames.tsx): for a browser
 * with a session cookie the form as it is before GET /me has answered (`known` false).
 */
export function IntakeView(props: { code: string; org: Organization }) {
  const { me, known } = useSession();
  const o = props.org;
  const back = `/i/${encodeURIComponent(props.code)}`;
  return (
    <div class="form-page">
      <div class="org-banner">
        <span class="org-kind">{ORG_KIND_NAMES[o.kind] ?? ''}</span>
        <h1>{o.name}</h1>
        <p>网上申请劳动争议{o.kind === 'arbitration_commission' ? '仲裁' : '调解'} · 不见面 · 零跑腿</p>
      </div>
      {!known || me?.role === 'worker' ? (
        <IntakeClaim me={me} org={o} />
      ) : !me ? (
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
      ) : (
        <Notice kind="warn">
          这是劳动者的网上申请入口。工作人员登记现场或纸质申请，请用 {isStaff(me.role) ? <Link href="/app/new">登记案件</Link> : '登记案件'}。
        </Notice>
      )}
    </div>
  );
}

/** Stands in for the worker until GET /me has answered: nothing of hers is in the page before that. */
const NOT_YET: User = { id: '', username: '', role: 'worker', orgId: null, regionCode: null, regionName: null, name: '', phone: null, disabled: false, createdAt: '' };

/** One line either way, so the form below does not move when it changes. */
const ONE_LINE = 'white-space:nowrap;overflow:hidden;text-overflow:ellipsis';
/** A fieldset that only disables; the form inside draws its own cards. */
const BARE = 'border:0;padding:0;margin:0;min-width:0';

/**
 * The claim form on a QR code's page. Until the worker is known (the page arrived with a session
 * cookie and the script or GET /me is still on its way) it is drawn in full but disabled, with a
 * line saying it is being prepared: nothing can be typed into it that the app would not have.
 * Once GET /me answers, the form is made anew with her name, ID number and phone filled in and
 * opens for typing; nothing was typed in the disabled form that this could throw away.
 */
function IntakeClaim(props: { me: User | null; org: Organization }) {
  const me = props.me;
  return (
    <>
      <div class="notice info" role="status" style={ONE_LINE}>
        {me ? `已登录：${me.name}。按下面四步填写。` : '表单正在准备，几秒后就能填写…'}
      </div>
      <fieldset disabled={!me} aria-busy={me ? undefined : 'true'} style={BARE}>
        <CaseForm key={me?.id ?? ''} mode="worker" me={me ?? NOT_YET} org={props.org} onFiled={(c) => navigate(`/app/cases/${c.id}?filed=1`)} />
      </fieldset>
    </>
  );
}

/** An organisation as GET /organizations lists it, with its region's name. */
type Listed = Organization & { regionName?: string | null };

/** Within one place: the mediation organisations (SPEC §2's order), then the arbitration commission. */
const KIND_ORDER = ['union', 'township_center', 'people_mediation', 'mediation_center', 'arbitration_commission'];

/**
 * Where a worker may file without a QR code, grouped by place (region code, so a province's
 * places stay together), each place's organisations by kind, then name. An enterprise's own
 * committee takes only its employees: it is reached through its own QR code, not offered here.
 */
export function filingChoices(orgs: Listed[]): { regionCode: string; place: string; orgs: Listed[] }[] {
  const takers = orgs
    .filter((o) => KIND_ORDER.includes(o.kind))
    .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name, 'zh-CN'));
  const groups: { regionCode: string; place: string; orgs: Listed[] }[] = [];
  for (const o of takers) {
    const last = groups[groups.length - 1];
    if (last && last.regionCode === o.regionCode) last.orgs.push(o);
    else groups.push({ regionCode: o.regionCode, place: o.regionName ?? `行政区划代码 ${o.regionCode}`, orgs: [o] });
  }
  return groups;
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
  const groups = filingChoices(orgs.data ?? []);
  return (
    <div class="narrow">
      <PageTitle sub="先调解：调解免费、快，一般15天内结束；调解不成再申请仲裁">选择受理机构</PageTitle>
      <ErrorBox error={orgs.error} />
      {orgs.loading && !orgs.data ? <Loading /> : null}
      {groups.map((g) => (
        <section key={g.regionCode} aria-label={g.place}>
          <h2 class="section">{g.place}</h2>
          <ul class="pick-list">
            {g.orgs.map((o) => (
              <li key={o.id}>
                <button type="button" class="pick" onClick={() => setChosen(o)}>
                  <strong>{o.name}</strong>
                  <small>{o.kind === 'arbitration_commission' ? '劳动人事争议仲裁委员会 · 直接申请仲裁' : ORG_KIND_NAMES[o.kind]}</small>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {orgs.data ? <p class="sub" style={{ marginTop: '16px' }}>企业内部的劳动争议调解委员会只受理本企业职工的申请，请扫本企业张贴的二维码申请。</p> : null}
    </div>
  );
}

/** "My cases": each with its current step, what waits for the reader, and the next date that matters. */
export function MyCases() {
  const { me } = useSession();
  const employer = me?.role === 'employer';
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
        employer ? (
          <div class="card center">
            <Empty>还没有加入的案件。收到调解组织的邀请短信后，打开短信里的链接就能加入。</Empty>
          </div>
        ) : (
          <div class="card center">
            <Empty>你还没有提交过申请。</Empty>
            <Link class="btn primary big" href="/app/file">
              申请调解
            </Link>
          </div>
        )
      ) : null}
      <ul class="case-cards">
        {(list.data?.items ?? []).map((c) => {
          const d = byId.get(c.id);
          const step = d ? currentStep(d, orgs, me ?? undefined) : null;
          const todo = d ? partyTodo(d) : null;
          const first = d?.applicants[0]?.name;
          return (
            <li key={c.id}>
              <Link class="case-card" href={`/app/cases/${c.id}`}>
                <div class="case-card-head">
                  <span class="case-no">{c.number}</span>
                  <span class={`badge tone-${caseBadge(d ?? c).tone}`}>{caseBadge(d ?? c).label}</span>
                </div>
                <strong class="case-title">{employer ? `申请人：${first ?? ''}${c.applicantCount > 1 ? `等${c.applicantCount}人` : ''}` : c.respondentName}</strong>
                <p class="case-sub">
                  {c.categories.map((x) => CATEGORY_SHORT[x]).join('、')} · 请求 {yuan(c.claimedFen)} · {dateZh(c.receivedAt, false)}申请
                </p>
                {todo ? (
                  <p class="case-todo" data-todo>
                    {todo}
                  </p>
                ) : null}
                {step ? <p class="case-step">{step.title}</p> : null}
                {d && !employer ? <ClockList clocks={d.clocks.filter((k) => k.kind !== 'referral_ack')} forWorker agreement={d.agreement} limit={3} /> : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** What waits for the reader on a case, in a few words: a signature, the employer's position. */
function partyTodo(d: CaseDetail): string | null {
  if (awaitsMySignature(d)) return '调解协议待您签署';
  if (d.allowedActions.includes('respond') && !d.respondents.some((r) => r.isCaller && r.respondedAt)) return '请说明单位对申请的意见';
  return null;
}
