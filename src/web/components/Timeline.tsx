/** The case timeline (GET /cases/:id/events), in words a worker understands. */
import { CASE_OUTCOME_NAMES, CHANNEL_NAMES, EVENT_NAMES, KIND_NAMES, REPRESENTATIVE_KIND_NAMES, SERVICE_CHANNEL_NAMES } from '../i18n';
import { dateZh, timeZh, yuan } from '../format';
import { rulingText } from '../pages/caseText';
import type { CaseEvent, Organization, ProceedingKind } from '../types';

type Orgs = Map<string, Organization>;
/** Staff names by account id, where the reader may know them (colleagues); otherwise empty. */
type People = Map<string, string>;

const orgName = (orgs: Orgs, id: unknown) => (typeof id === 'string' ? (orgs.get(id)?.name ?? '') : '');
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function agreementLine(a: unknown): string {
  const ag = a as { amountFen?: number; instalments?: { dueOn: string; amountFen: number }[] } | undefined;
  if (!ag || typeof ag.amountFen !== 'number') return '';
  const n = ag.instalments?.length ?? 0;
  return `金额 ${yuan(ag.amountFen)}${n > 1 ? `，分${n}期支付` : n === 1 ? `，${dateZh(ag.instalments![0].dueOn, false)}前付清` : ''}`;
}

/** The number and date of a court's ruling, when the decision recorded them. */
function rulingLine(d: Record<string, unknown>): string {
  const number = str(d.rulingNumber);
  const date = str(d.rulingDate);
  return number || date ? rulingText({ number: number || null, date: date || null }) : '';
}

function detail(e: CaseEvent, orgs: Orgs, people: People): string {
  const d = e.data;
  switch (e.action) {
    case 'confirm':
      return rulingLine(d);
    case 'refuse':
    case 'decline':
      return [str(d.reason), rulingLine(d)].filter(Boolean).join('；');
    case 'assign':
      return people.get(str(d.userId)) ? `承办人：${people.get(str(d.userId))}` : '';
    case 'file':
      return [CHANNEL_NAMES[str(d.channel)] ?? '', orgName(orgs, d.orgId) && `向${orgName(orgs, d.orgId)}申请`, typeof d.claimedFen === 'number' && d.claimedFen > 0 ? `请求金额 ${yuan(d.claimedFen)}` : '']
        .filter(Boolean)
        .join('，');
    case 'accept':
      return `${orgName(orgs, d.orgId) || ''}受理${KIND_NAMES[d.kind as ProceedingKind] ?? ''}`;
    case 'schedule':
      return `${timeZh(str(d.at))}，地点：${str(d.place)}`;
    case 'extend':
      return `延长${d.days}天。${str(d.reason)}`;
    case 'settle':
    case 'judge':
      return agreementLine(d.agreement);
    case 'award':
      return [agreementLine(d.agreement), d.final ? '终局裁决' : '非终局裁决', d.deliveredAt ? `${dateZh(str(d.deliveredAt), false)}送达` : '']
        .filter(Boolean)
        .join('，');
    case 'refer':
      return `移送至${orgName(orgs, d.toOrgId) || '其他机构'}（${KIND_NAMES[d.kind as ProceedingKind] ?? ''}）${d.reason ? `：${str(d.reason)}` : ''}`;
    case 'record_payment':
      return `收到 ${yuan(Number(d.amountFen))}，累计已付 ${yuan(Number(d.paidFen))}`;
    case 'close':
      return CASE_OUTCOME_NAMES[str(d.outcome)] ?? '';
    case 'note':
      return str(d.text);
    case 'withdraw':
      return `${d.by === 'applicant' ? '申请人撤回' : '由工作人员登记撤回'}${d.reason ? `：${str(d.reason)}` : ''}`;
    case 'file_added':
      return str(d.name);
    case 'file_withdrawn':
      return [str(d.name), str(d.reason)].filter(Boolean).join('：');
    case 'document_issued':
      return [str(d.title), d.code ? `验证码 ${str(d.code)}` : ''].filter(Boolean).join('，');
    case 'invite_respondent':
      return `${str(d.name)}${d.phone ? `（${str(d.phone)}）` : ''}，已发送邀请短信`;
    case 'respondent_joined':
      return `${str(d.name)}验证手机号后加入案件`;
    case 'respond':
      return `${d.agreesToMediate ? '同意调解' : '不同意调解'}${d.text ? `：${str(d.text)}` : ''}`;
    case 'add_representative':
      return `${REPRESENTATIVE_KIND_NAMES[str(d.kind)] ?? ''}：${str(d.name)}`;
    case 'sign':
      return `${d.party === 'respondent' ? '用人单位' : '申请人'} ${str(d.name)}，${d.method === 'otp' ? '手机验证码签署' : '当面签字'}${d.effective ? '；各方都已签署，协议生效' : ''}`;
    case 'serve':
      return [
        d.title ? `《${str(d.title)}》` : '',
        d.to === 'respondent' ? '送达用人单位' : '送达申请人',
        SERVICE_CHANNEL_NAMES[str(d.channel)] ?? '',
        d.servedAt ? `${dateZh(str(d.servedAt), false)}送达` : '',
      ]
        .filter(Boolean)
        .join('，');
    case 'served':
      return `${str(d.name)}打开了《${str(d.title)}》的送达链接，${dateZh(str(d.servedAt), false)}送达`;
    case 'calendar_loaded': {
      const cl = (d.clocks as { fromDueOn: string; toDueOn: string }[] | undefined) ?? [];
      return cl.map((c) => `${dateZh(c.fromDueOn, false)} → ${dateZh(c.toDueOn, false)}`).join('；');
    }
    default:
      return str(d.reason);
  }
}

/** One event in a line: what, by whom (a colleague's name where known, else the organisation), when (China time). */
export function eventLine(e: CaseEvent, orgs: Orgs, people: People = new Map()): string {
  const who = (e.actorUserId && people.get(e.actorUserId)) || orgName(orgs, e.actorOrgId);
  return `${EVENT_NAMES[e.action] ?? '其他记录'}${who ? ` · ${who}` : ''} · ${timeZh(e.occurredAt)}`;
}

/** `showRecorded`: mark back-dated entries with when they were recorded (staff care; workers need not). */
export function Timeline(props: { events: CaseEvent[]; orgs: Orgs; showRecorded?: boolean; people?: People }) {
  const list = [...props.events].reverse();
  const people = props.people ?? new Map<string, string>();
  return (
    <ol class="timeline">
      {list.map((e) => {
        const who = orgName(props.orgs, e.actorOrgId);
        const text = detail(e, props.orgs, people);
        const backdated = props.showRecorded && Math.abs(new Date(e.recordedAt).getTime() - new Date(e.occurredAt).getTime()) > 3600_000;
        return (
          <li key={e.seq} class={`ev ev-${e.action}${e.internal ? ' internal' : ''}`}>
            <div class="ev-head">
              <strong class="ev-name">{EVENT_NAMES[e.action] ?? '其他记录'}</strong>
              {e.internal ? <span class="badge tone-paused">内部备注</span> : null}
            </div>
            <div class="ev-time">
              {timeZh(e.occurredAt)}
              {who ? ` · ${who}` : ''}
              {backdated ? <span class="backdated"> · 补录于 {timeZh(e.recordedAt)}</span> : null}
            </div>
            {text ? <p class="ev-text">{text}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
