/** One case, for everyone who may see it: where it stands, its dates, what to do next, its history. */
import { useState } from 'preact/hooks';
import { get } from '../api';
import { ActionPanel } from '../components/ActionPanel';
import { CaseFileCard } from '../components/CaseFile';
import { EmployerHistory } from '../components/EmployerHistory';
import { actionLabel } from '../components/actions';
import { PartiesCard, Services, Shares, SignatureBadge, Signatures } from '../components/Parties';
import { ClockList, nextInstalment } from '../components/clocks';
import { eventLine, Timeline } from '../components/Timeline';
import { ErrorBox, Loading, Notice, ProgressBar, useLoad } from '../components/ui';
import { chinaDate, dateZh, timeZh, yuan } from '../format';
import { AGREEMENT_STATUS_NAMES, CATEGORY_SHORT, CHANNEL_NAMES, KIND_NAMES, OUTCOME_NAMES, PREVAILED_NAMES, STATE_NAMES } from '../i18n';
import { Link } from '../router';
import { homeFor, isStaff, useOrgs, useSession } from '../session';
import type { ActionName, CaseDetail, CaseEvent, StaffMember } from '../types';
import { caseBadge, currentStep, hearingStatus, rulingOf, rulingText } from './caseText';

const HEARING_MARKS = { coming: '即将进行', past: '已过', off: '不再举行' } as const;

export function CasePage(props: { id: string; filed: boolean; joined?: boolean }) {
  const { me } = useSession();
  const orgs = useOrgs();
  const detail = useLoad(() => get<CaseDetail>(`/cases/${props.id}`), [props.id]);
  const version = detail.data?.version;
  // The timeline follows the case: loaded once the case is, and again after every change.
  const events = useLoad(
    () => (version === undefined ? Promise.resolve(undefined) : get<{ items: CaseEvent[] }>(`/cases/${props.id}/events`)),
    [props.id, version],
  );
  const [done, setDone] = useState<string | null>(props.filed ? 'filed' : props.joined ? 'joined' : null);
  // Colleagues by name: to assign one, and to say who handles the case (staff only see their own).
  const staffOrg = me && isStaff(me.role) ? me.orgId : null;
  const staff = useLoad(() => (staffOrg ? get<{ items: StaffMember[] }>(`/organizations/${staffOrg}/staff`) : Promise.resolve(undefined)), [staffOrg]);
  const people = new Map((staff.data?.items ?? []).map((m) => [m.id, m.name]));

  /** After a 409: the case as it is now, and a line for each event added since this page loaded it. */
  async function refresh(): Promise<string[]> {
    const known = events.data ? Math.max(0, ...events.data.items.map((e) => e.seq)) : null;
    const [fresh, latest] = await Promise.all([get<CaseDetail>(`/cases/${props.id}`), get<{ items: CaseEvent[] }>(`/cases/${props.id}/events`)]);
    detail.set(fresh);
    events.set(latest);
    return known === null ? [] : latest.items.filter((e) => e.seq > known).map((e) => eventLine(e, orgs, people));
  }

  if (!me) return null;
  if (detail.error && !detail.data)
    return (
      <div class="narrow">
        <ErrorBox error={detail.error} />
        <Link class="btn" href={homeFor(me.role)}>
          返回
        </Link>
      </div>
    );
  if (!detail.data) return <Loading />;
  const c = detail.data;
  const worker = me.role === 'worker';
  const employer = me.role === 'employer';
  /** A party to the case (the worker, the employer's representative), not staff. */
  const party = worker || employer;
  const step = currentStep(c, orgs, me);
  const badge = caseBadge(c);
  // The employer's representative sees the agencies' dates and the ones both parties share, not the worker's own limitation.
  const clocks = worker ? c.clocks.filter((k) => k.kind !== 'referral_ack') : employer ? c.clocks.filter((k) => k.kind !== 'referral_ack' && k.kind !== 'limitation') : c.clocks;
  const firstName = c.applicants[0]?.name ?? '';
  const onDone = (next: CaseDetail, action: ActionName) => {
    detail.set(next);
    setDone(actionLabel(action, party));
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };
  const a = c.agreement;
  const last = c.proceedings[c.proceedings.length - 1];
  const openMediation = c.status === 'open' && last?.kind === 'mediation' && (last.state === 'received' || last.state === 'accepted');

  return (
    <div class="case-page">
      <div class="case-head">
        <div class="case-head-top">
          <span class="case-no">{c.number}</span>
          <span class={`badge tone-${badge.tone}`} data-case-badge>
            {badge.label}
          </span>
          {c.kind === 'collective' ? <span class="badge tone-due_soon">集体争议 · {c.applicants.length}人</span> : null}
          {!party ? <span class="badge plain">{CHANNEL_NAMES[c.channel]}</span> : null}
        </div>
        <h1>{worker ? `与${c.respondent.name}的劳动争议` : employer ? `${firstName}${c.applicants.length > 1 ? `等${c.applicants.length}人` : ''}申请的劳动争议` : c.respondent.name}</h1>
        {employer ? <p class="sub">被申请人：{c.respondent.name}（您是用人单位代表）</p> : null}
        <p class="sub">
          {c.categories.map((x) => CATEGORY_SHORT[x]).join('、')} · 请求金额 {yuan(c.claimedFen)} · {timeZh(c.receivedAt)} 申请
        </p>
      </div>

      {done === 'filed' ? (
        <Notice kind="ok">
          {worker ? (
            <>
              <strong>申请已提交。</strong>案件编号 {c.number}。受理后会通知你，进展和重要日期都会显示在这里。
            </>
          ) : (
            <>
              <strong>案件已登记。</strong>案件编号 {c.number}。
            </>
          )}
        </Notice>
      ) : done === 'joined' ? (
        <Notice kind="ok">
          <strong>您已加入案件 {c.number}。</strong>可以在这里查看申请人的请求，说明单位的意见，上传材料；调解协议也在这里签署。以后用受邀的手机号和验证码登录。
        </Notice>
      ) : done ? (
        <Notice kind="ok">已{done}。</Notice>
      ) : null}
      {detail.error ? <ErrorBox error={detail.error} /> : null}
      {c.possibleDuplicates.length ? (
        <Notice kind="warn">
          <span data-possible-duplicates>
            <strong>可能是重复申请：</strong>同一劳动者对同一用人单位还有
            {c.possibleDuplicates.map((d, i) => (
              <span key={d.number}>
                {i ? '、' : ''}
                {d.number}（{d.orgName}，{d.status === 'open' ? '办理中' : '已结案'}）
              </span>
            ))}
            。请核实；如不是重复，可点“不是重复申请”。
          </span>
        </Notice>
      ) : null}

      <div class="case-grid">
        <div class="case-main">
          <section class={`card step tone-${step.tone}`} aria-label="当前进展">
            <h2>当前进展</h2>
            <p class="step-title">{step.title}</p>
            {step.lines.map((l, i) => (
              <p key={i} class="step-line">
                {l}
              </p>
            ))}
          </section>

          {employer ? <ClaimsCard c={c} worker={false} employer /> : null}

          <section class="card">
            <h2>{party ? '重要日期' : '期限'}</h2>
            <ClockList clocks={clocks} forWorker={party} agreement={a} />
            {worker && openMediation && c.clocks.some((k) => k.kind === 'limitation') && !c.clocks.some((k) => k.kind === 'limitation' && k.status !== 'met') ? (
              <p class="hint">
                申请调解后，申请仲裁的时效中断（暂停计算）。如果调解不成或撤回，会从那一天起重新计算一年，最后一日会显示在这里。
              </p>
            ) : null}
            {!party && c.clocks.some((k) => k.status === 'met') ? (
              <details class="met-clocks">
                <summary>已结束的期限</summary>
                <ClockList clocks={c.clocks.filter((k) => k.status === 'met')} showMet />
              </details>
            ) : null}
          </section>

          <ActionPanel
            detail={c}
            me={me}
            staff={staff.data?.items}
            onDone={onDone}
            onRefresh={refresh}
          />

          {a ? (
            <section class="card agreement">
              <h2>
                {c.proceedings.find((p) => p.id === a.proceedingId)?.kind === 'arbitration' ? '裁决/调解书' : '协议'}
                <span class={`badge tone-${a.status === 'defaulted' ? 'breached' : a.status === 'performed' ? 'met' : 'running'}`}>{AGREEMENT_STATUS_NAMES[a.status]}</span>
                {a.confirmedAt ? <span class="badge tone-met">已司法确认</span> : null}
                <SignatureBadge c={c} />
              </h2>
              {a.confirmedAt ? <ConfirmedBy c={c} events={events.data?.items} /> : null}
              <div class="money-row">
                <div>
                  <small>应付</small>
                  <strong>{yuan(a.amountFen)}</strong>
                </div>
                <div>
                  <small>已付</small>
                  <strong>{yuan(a.paidFen)}</strong>
                </div>
                <div>
                  <small>未付</small>
                  <strong>{yuan(Math.max(0, a.amountFen - a.paidFen))}</strong>
                </div>
              </div>
              <ProgressBar label="已付款项" value={a.paidFen} max={a.amountFen} valueText={`已付 ${yuan(a.paidFen)}，共 ${yuan(a.amountFen)}`} />
              <p class="terms">{a.terms}</p>
              <Shares c={c} worker={worker} />
              {a.instalments.length ? (
                <table class="table instalments-table">
                  <thead>
                    <tr>
                      <th>期</th>
                      <th>应付日期</th>
                      <th class="num">金额</th>
                      <th>状态</th>
                    </tr>
                  </thead>
                  <tbody>
                    {instalmentRows(c).map((r, i) => (
                      <tr key={i} class={r.tone}>
                        <td>{i + 1}</td>
                        <td>{dateZh(r.dueOn, false)}</td>
                        <td class="num">{yuan(r.amountFen)}</td>
                        <td>{r.label}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {c.payments.length ? (
                <>
                  <h3>付款记录</h3>
                  <ul class="payments">
                    {c.payments.map((p) => (
                      <li key={p.id}>
                        {dateZh(p.paidAt, false)} 收到 <strong>{yuan(p.amountFen)}</strong>
                        {p.applicantIndex !== null && !worker ? <small> · {c.applicants[p.applicantIndex]?.name ?? ''}</small> : null}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              <Signatures c={c} me={me} onDone={onDone} onRefresh={refresh} />
            </section>
          ) : null}

          <Services c={c} party={party} />

          <PartiesCard c={c} staff={isStaff(me.role)} />

          <CaseFileCard caseId={c.id} worker={worker} employer={employer} staff={isStaff(me.role)} canUpload={party || isStaff(me.role)} version={c.version} onChange={events.reload} />

          <section class="card">
            <h2>办理经过</h2>
            {events.data ? (
              <Timeline events={events.data.items} orgs={orgs} showRecorded={!party} people={people} />
            ) : events.error ? (
              <ErrorBox error={events.error} />
            ) : (
              <Loading />
            )}
          </section>
        </div>

        <aside class="case-side">
          <section class="card">
            <h2>办理机构</h2>
            <ol class="proceedings">
              {c.proceedings.map((p) => {
                const ruling = rulingOf(events.data?.items, p.id);
                const handler = p.assignedUserId ? people.get(p.assignedUserId) : undefined;
                return (
                  <li key={p.id} class={`proc state-${p.state}`}>
                    <strong>
                      {KIND_NAMES[p.kind]} · {p.orgName}
                    </strong>
                    <span class="proc-state">
                      {p.state === 'concluded' ? (OUTCOME_NAMES[p.outcome ?? ''] ?? '已办结') : STATE_NAMES[p.state]}
                      {p.paused ? '（中止）' : ''}
                    </span>
                    <small>
                      {dateZh(p.receivedAt, false)}收到
                      {p.acceptedAt ? ` · ${dateZh(p.acceptedAt, false)}受理` : ''}
                      {p.concludedAt ? ` · ${dateZh(p.concludedAt, false)}办结` : ''}
                    </small>
                    {handler ? <small data-handler>承办人：{handler}</small> : null}
                    {p.prevailed && !worker ? <small data-prevailed>处理结果：{PREVAILED_NAMES[p.prevailed]}</small> : null}
                    {ruling ? <small data-ruling>{rulingText(ruling)}</small> : null}
                    {p.hearings.length ? (
                      <ul class="hearings">
                        {p.hearings.map((h, i) => {
                          const status = hearingStatus(h, p);
                          return (
                            <li key={i} data-hearing={status} class={`hearing-${status}`}>
                              {timeZh(h.at)} · {h.place} <span class={`badge ${status === 'coming' ? 'tone-running' : 'plain'}`}>{HEARING_MARKS[status]}</span>
                            </li>
                          );
                        })}
                      </ul>
                    ) : null}
                  </li>
                );
              })}
            </ol>
          </section>

          {party ? null : <EmployerHistory caseId={c.id} employer={c.respondent.name} />}

          {employer ? null : <ClaimsCard c={c} worker={worker} />}
        </aside>
      </div>
    </div>
  );
}

/** What was claimed, by whom, against whom: in the side column, or first for the employer who came to answer it. */
function ClaimsCard(props: { c: CaseDetail; worker: boolean; employer?: boolean }) {
  const { c, worker } = props;
  return (
    <section class="card claims-card">
      <h2>{worker ? '申请内容' : props.employer ? '申请人的请求' : '当事人与请求'}</h2>
      <dl class="facts">
        <dt>被申请人</dt>
        <dd>
          {c.respondent.name}
          {c.respondent.creditCode ? <small>统一社会信用代码 {c.respondent.creditCode}</small> : null}
          {c.respondent.address ? <small>{c.respondent.address}</small> : null}
          {c.respondent.contact ? <small>联系：{c.respondent.contact}</small> : null}
        </dd>
        <dt>争议发生日</dt>
        <dd>{dateZh(c.incidentDate, false)}</dd>
        {c.employmentEndedOn ? (
          <>
            <dt>离职日期</dt>
            <dd>{dateZh(c.employmentEndedOn, false)}</dd>
          </>
        ) : null}
        <dt>经过</dt>
        <dd class="pre">{c.summary}</dd>
      </dl>
      <ul class="applicants">
        {c.applicants.slice(0, 50).map((ap) => (
          <li key={ap.id}>
            <strong>{ap.name}</strong>
            {ap.isCaller ? <span class="badge plain">我</span> : null}
            {!worker || ap.isCaller ? (
              <small>
                {[ap.idNumber, ap.phone].filter(Boolean).join(' · ')}
              </small>
            ) : null}
            <ul class="claims">
              {ap.claims.map((cl) => (
                <li key={cl.id}>
                  <span class="badge plain">{CATEGORY_SHORT[cl.category]}</span> {cl.description}
                  {cl.amountFen ? <strong class="amt"> {yuan(cl.amountFen)}</strong> : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
        {c.applicants.length > 50 ? <li>……共 {c.applicants.length} 位申请人</li> : null}
      </ul>
    </section>
  );
}

/** Which court confirmed the agreement, and by what ruling when it was recorded. */
function ConfirmedBy(props: { c: CaseDetail; events: CaseEvent[] | undefined }) {
  const p = [...props.c.proceedings].reverse().find((x) => x.kind === 'confirmation' && x.outcome === 'confirmed');
  if (!p) return null;
  const ruling = rulingOf(props.events, p.id);
  return (
    <p class="hint" data-confirmed-by>
      {p.orgName}
      {p.concludedAt ? `于${dateZh(p.concludedAt, false)}` : ''}确认{ruling ? `，${rulingText(ruling)}` : ''}
    </p>
  );
}

/** Each instalment with whether it is paid, given the running total of payments. */
function instalmentRows(c: CaseDetail) {
  const a = c.agreement!;
  const today = chinaDate();
  const next = nextInstalment(a);
  let cumulative = 0;
  return a.instalments.map((i) => {
    cumulative += i.amountFen;
    const paid = cumulative <= a.paidFen;
    const late = !paid && i.dueOn < today;
    return {
      ...i,
      label: paid ? '已付' : late ? '逾期未付' : next?.dueOn === i.dueOn ? '下一期' : '未到期',
      tone: paid ? 'paid' : late ? 'late' : next?.dueOn === i.dueOn ? 'next' : '',
    };
  });
}
