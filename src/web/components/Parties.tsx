/**
 * Both parties online on the case page (SPEC §10): who has signed the settlement and who has
 * not (and, for the reader who is awaited, the signing itself), each worker's share, what was
 * served on whom and when, the employer's representatives with the employer's position, and who
 * acts for a party.
 */
import type { ComponentChildren } from 'preact';
import { dateZh, maskPhone, timeZh, yuan } from '../format';
import { REPRESENTATIVE_KIND_NAMES, SERVICE_CHANNEL_NAMES } from '../i18n';
import { awaitsMySignature, partyOf } from '../pages/caseText';
import type { ActionName, CaseDetail, User } from '../types';
import { ActionForm, isParty } from './ActionPanel';
import '../parties.css';

type Agreement = NonNullable<CaseDetail['agreement']>;
type Signature = Agreement['signatures'][number];

/** How a signature was made, in a word. */
const METHOD = { otp: '用手机验证码签署', in_person: '当面签字' } as const;

/** Whether the agreement is a settlement that the parties sign (an award or a judgement is not). */
export const isSettlement = (a: Agreement) => !a.effective || a.signatures.length > 0;

/** The agreement's badge for its signatures: 已生效, or 待签署 (待您签署 when it waits for the reader). */
export function SignatureBadge(props: { c: CaseDetail }) {
  const a = props.c.agreement;
  if (!a || !isSettlement(a)) return null;
  if (a.effective) return <span class="badge tone-met" data-agreement-effective>已生效</span>;
  return awaitsMySignature(props.c) ? <span class="badge tone-due_soon" data-awaits-me>待您签署</span> : <span class="badge tone-due_soon">待签署</span>;
}

/**
 * Who has signed and who has not; for a party still awaited, the signing form under the terms.
 * `onSigned`: the case as the signature left it.
 */
export function Signatures(props: { c: CaseDetail; me: User; onDone: (c: CaseDetail, action: ActionName) => void; onRefresh: () => Promise<string[]> }) {
  const { c, me } = props;
  const a = c.agreement;
  if (!a || !isSettlement(a)) return null;
  const mine = partyOf(c);
  const signed = (party: 'applicant' | 'respondent', index?: number): Signature | undefined =>
    a.signatures.find((s) => s.party === party && (party === 'respondent' || s.applicantIndex === index));
  const many = c.applicants.length > 20;
  const applicantsSigned = c.applicants.filter((_, i) => signed('applicant', i)).length;
  const rows: { key: string; who: ComponentChildren; s: Signature | undefined; me: boolean }[] = [
    ...c.applicants.slice(0, many ? 0 : 20).map((ap, i) => ({
      key: `a${i}`,
      who: (
        <>
          申请人 {ap.name}
          {ap.isCaller ? <span class="badge plain">我</span> : null}
        </>
      ),
      s: signed('applicant', i),
      me: mine?.side === 'applicant' && mine.index === i,
    })),
    {
      key: 'r',
      who: (
        <>
          用人单位 {c.respondent.name}
          {mine?.side === 'respondent' ? <span class="badge plain">我方</span> : null}
        </>
      ),
      s: signed('respondent'),
      me: mine?.side === 'respondent',
    },
  ];
  const waiting = awaitsMySignature(c);
  return (
    <div class="signatures" data-signatures>
      <h3>签署情况</h3>
      {many ? (
        <p class="sign-count">
          申请人 {applicantsSigned}/{c.applicants.length} 人已签署
          {mine?.side === 'applicant' ? `；你${signed('applicant', mine.index) ? '已签署' : '尚未签署'}` : ''}
        </p>
      ) : null}
      <ul class="sign-list">
        {rows.map((r) => (
          <li key={r.key} class={r.s ? 'signed' : 'unsigned'} data-signed={r.s ? 'yes' : 'no'}>
            <span class="sign-line">
              <span class="sign-who">{r.who}</span>
              <strong class="sign-state">{r.s ? '已签署' : r.me ? '待您签署' : '尚未签署'}</strong>
            </span>
            {r.s ? (
              <small>
                {timeZh(r.s.signedAt)} · {METHOD[r.s.method]}
              </small>
            ) : null}
          </li>
        ))}
      </ul>
      {a.effective ? (
        <p class="hint">各方都已签署，协议自{dateZh(lastSignedAt(a), false)}起生效（《人民调解法》第二十九条）。</p>
      ) : (
        <p class="hint">申请人和用人单位都签署后，协议生效（《人民调解法》第二十九条）；生效后可以共同申请法院司法确认。</p>
      )}
      {waiting && isParty(me) ? (
        <div class="sign-here" data-sign-here>
          <ActionForm
            action="sign"
            ctx={{ detail: c, me, worker: me.role === 'worker', party: true }}
            onCancel={() => {}}
            onDone={(next) => props.onDone(next, 'sign')}
            onRefresh={props.onRefresh}
            cancellable={false}
          />
        </div>
      ) : null}
    </div>
  );
}

const lastSignedAt = (a: Agreement) => a.signatures.map((s) => s.signedAt).sort().pop() ?? a.recordedAt;

/** Each worker's agreed and paid amounts: every one for staff, her own for a worker. */
export function Shares(props: { c: CaseDetail; worker: boolean }) {
  const list = props.c.agreement?.perApplicant;
  if (!list?.length) return null;
  if (props.worker) {
    const own = list[0];
    return (
      <p class="own-share" data-own-share>
        你的份额：应得 <strong>{yuan(own.agreedFen)}</strong>，已收到 <strong>{yuan(own.paidFen)}</strong>
        {own.agreedFen > own.paidFen ? `，还差 ${yuan(own.agreedFen - own.paidFen)}` : '，已收齐'}
      </p>
    );
  }
  return (
    <>
      <h3>每位劳动者</h3>
      <div class="table-wrap keep-table">
        <table class="table shares-table">
          <thead>
            <tr>
              <th>劳动者</th>
              <th class="num">应得</th>
              <th class="num">已付</th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.applicantIndex} class={s.paidFen >= s.agreedFen ? 'paid' : ''}>
                <td>{s.name}</td>
                <td class="num">{yuan(s.agreedFen)}</td>
                <td class="num">{yuan(s.paidFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** 送达: what was served on whom, how, and when; a link sent but not yet opened says so. */
export function Services(props: { c: CaseDetail; party: boolean }) {
  const list = props.c.services;
  if (!list.length) return null;
  const reading = (s: CaseDetail['services'][number]) => (s.documentType ? `/cases/${props.c.id}/documents/${encodeURIComponent(s.documentType)}` : `/cases/${props.c.id}/files/${s.fileId}?disposition=inline`);
  return (
    <section class="card services" aria-label="送达">
      <h2>{props.party ? '送达给我的文书' : '送达'}</h2>
      <ul class="service-list">
        {[...list].reverse().map((s) => (
          <li key={s.id} data-service={s.servedAt ? 'served' : 'sent'}>
            <div class="service-head">
              <strong>《{s.title}》</strong>
              {s.servedAt ? <span class="badge tone-met">已送达</span> : <span class="badge tone-due_soon">已发送，未打开</span>}
            </div>
            <small>
              {props.party ? '' : `${s.party === 'applicant' ? '申请人' : '用人单位'} ${s.name} · `}
              {SERVICE_CHANNEL_NAMES[s.channel]}
            </small>
            <small data-service-date>{s.servedAt ? `送达日期：${dateZh(s.servedAt)}（${timeZh(s.servedAt)}）` : `${timeZh(s.sentAt)}发出短信，对方打开链接之时即为送达之时`}</small>
            {props.party ? (
              <a class="btn small" href={reading(s)} target="_blank" rel="noopener">
                阅读
              </a>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The employer's representatives and what the employer said; who acts for each party. */
export function PartiesCard(props: { c: CaseDetail; staff: boolean }) {
  const { c } = props;
  if (!c.respondents.length && !c.representatives.length) return null;
  return (
    <section class="card parties" aria-label="单位代表与代理人">
      <h2>单位代表与代理人</h2>
      {c.respondents.length ? (
        <ul class="respondents">
          {c.respondents.map((r) => (
            <li key={r.id} data-respondent={r.acceptedAt ? 'joined' : 'invited'}>
              <div class="respondent-head">
                <strong>{r.name}</strong>
                <span class="sub">用人单位代表{r.isCaller ? '（我）' : ''}</span>
                {r.acceptedAt ? <span class="badge tone-met">已加入</span> : <span class="badge plain">已邀请，未加入</span>}
              </div>
              <small>
                {props.staff || r.isCaller ? r.phone : maskPhone(r.phone)} · {timeZh(r.invitedAt)}邀请{r.acceptedAt ? ` · ${timeZh(r.acceptedAt)}加入` : ''}
              </small>
              {r.respondedAt ? (
                <div class="position" data-position>
                  <p>
                    <span class={`badge ${r.agreesToMediate ? 'tone-met' : 'tone-breached'}`}>{r.agreesToMediate ? '同意调解' : '不同意调解'}</span>
                    <small> {timeZh(r.respondedAt)}表明</small>
                  </p>
                  <p class="pre">{r.position}</p>
                  {props.staff && r.agreesToMediate === false ? <p class="hint">用人单位明确拒绝调解的，不得调解（《人民调解法》第十七条），可以点“调解不成”终止调解。</p> : null}
                </div>
              ) : r.acceptedAt ? (
                <p class="hint">尚未说明单位意见。</p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {c.representatives.length ? (
        <>
          <h3>代理人</h3>
          <ul class="plain-list">
            {c.representatives.map((r, i) => (
              <li key={i}>
                {REPRESENTATIVE_KIND_NAMES[r.kind]}：{r.name}（代理{r.applicantIndex === null ? '全体申请人' : `申请人 ${c.applicants[r.applicantIndex]?.name ?? ''}`}）
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
