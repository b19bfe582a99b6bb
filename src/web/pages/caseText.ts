/** Where a case stands, said in one sentence and a few plain lines, and in one badge. */
// Imports name their .js files: unit tests read this module under the server's NodeNext settings too (Vite resolves them the same).
import { AGREEMENT_STATUS_NAMES, CASE_OUTCOME_NAMES, KIND_NAMES, OUTCOME_NAMES } from '../i18n.js';
import { chinaDate, dateZh, timeZh, yuan } from '../format.js';
import type { CaseDetail, CaseEvent, Organization, Proceeding, ProceedingState, Role } from '../types.js';

export interface Step {
  title: string;
  lines: string[];
  tone: 'running' | 'due_soon' | 'breached' | 'met' | 'paused';
}

/** Who reads the words: the worker (the default), or a member of staff, supervisor or administrator. */
export interface Viewer {
  role: Role;
  orgId: string | null;
}

const NEXT_STEP_WORDS: Record<string, string> = {
  arbitration: '向劳动人事争议仲裁委员会申请仲裁',
  confirmation: '向人民法院申请司法确认',
  mediation: '另找调解组织调解',
  litigation: '向人民法院起诉、申请支付令或强制执行',
};

const isOpen = (p: Pick<Proceeding, 'state'>) => p.state === 'received' || p.state === 'accepted';

/**
 * A session or hearing as of now: `coming` only while it lies ahead and its proceeding is still
 * open; one scheduled before the proceeding ended (a settlement, a withdrawal) will not be held.
 */
export function hearingStatus(h: { at: string }, p: Pick<Proceeding, 'state'>, now = Date.now()): 'coming' | 'past' | 'off' {
  if (Date.parse(h.at) <= now) return 'past';
  return isOpen(p) ? 'coming' : 'off';
}

/** The one badge of a case on every page: what a person would say of it now. */
export function caseBadge(
  c: Pick<CaseDetail, 'status' | 'outcome'> & { proceedings?: Proceeding[]; agreement?: CaseDetail['agreement']; state?: ProceedingState },
): { label: string; tone: Step['tone'] } {
  if (c.status === 'closed') return c.outcome === 'withdrawn' ? { label: '已撤回', tone: 'paused' } : { label: '已结案', tone: 'met' };
  const last = c.proceedings?.[c.proceedings.length - 1];
  const state = last?.state ?? c.state;
  if (state === 'received') return { label: '待受理', tone: 'running' };
  if (state === 'accepted') return last?.paused ? { label: '已中止', tone: 'paused' } : { label: '进行中', tone: 'running' };
  if (state === 'declined') return { label: '不予受理', tone: 'breached' };
  if (!last) return { label: '已办结', tone: 'met' };
  if (last.outcome === 'withdrawn') return { label: '已撤回', tone: 'paused' };
  const a = c.agreement;
  if (a) return { label: AGREEMENT_STATUS_NAMES[a.status], tone: a.status === 'defaulted' ? 'breached' : a.status === 'performed' ? 'met' : 'running' };
  if (last.outcome === 'failed' || last.outcome === 'refused') return { label: OUTCOME_NAMES[last.outcome], tone: 'breached' };
  return { label: OUTCOME_NAMES[last.outcome ?? ''] ?? '已办结', tone: 'met' };
}

/** The ruling (裁定书) a court's decision on this proceeding named, from the case's events. */
export function rulingOf(events: CaseEvent[] | undefined, proceedingId: string): { number: string | null; date: string | null } | null {
  const e = events?.find((x) => x.proceedingId === proceedingId && ['confirm', 'refuse', 'decline'].includes(x.action) && (x.data.rulingNumber || x.data.rulingDate));
  if (!e) return null;
  const s = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return { number: s(e.data.rulingNumber), date: s(e.data.rulingDate) };
}

/** "裁定书（2026）桂1023民特123号，2026年5月5日作出" from whichever parts were recorded. */
export function rulingText(r: { number: string | null; date: string | null }): string {
  return `裁定书${r.number ?? ''}${r.number && r.date ? '，' : ''}${r.date ? `${dateZh(r.date, false)}作出` : ''}`;
}

/** The running clock that says by when the receiving organisation must decide on `p`, if any. */
function acceptanceDue(c: CaseDetail, p: Proceeding): string | null {
  const due = c.clocks
    .filter((k) => k.proceedingId === p.id && (k.kind === 'arbitration_acceptance' || k.kind === 'referral_ack') && (k.status === 'running' || k.status === 'breached'))
    .map((k) => k.dueOn)
    .sort();
  return due[0] ?? null;
}

export function currentStep(c: CaseDetail, _orgs?: Map<string, Organization>, viewer?: Viewer): Step {
  const last = c.proceedings[c.proceedings.length - 1];
  const lines: string[] = [];
  const a = c.agreement;
  const worker = !viewer || viewer.role === 'worker';
  if (c.status === 'closed') {
    return { title: `已结案：${CASE_OUTCOME_NAMES[c.outcome ?? ''] ?? ''}`, lines: c.closedAt ? [`结案时间 ${timeZh(c.closedAt)}`] : [], tone: 'met' };
  }
  if (!last) return { title: '已提交', lines, tone: 'running' };
  const org = last.orgName;
  const kind = KIND_NAMES[last.kind];
  let title = '';
  let tone: Step['tone'] = 'running';
  if (last.state === 'received') {
    title =
      last.kind === 'mediation'
        ? `等待${org}受理调解申请`
        : last.kind === 'confirmation'
          ? `已申请司法确认，等待${org}受理`
          : last.kind === 'arbitration'
            ? `等待${org}决定是否受理仲裁申请`
            : `等待${org}立案`;
    const due = acceptanceDue(c, last);
    if (worker) {
      lines.push(
        last.kind === 'arbitration'
          ? due
            ? `仲裁委应在${dateZh(due, false)}前决定是否受理${due < chinaDate() ? '，这一日已过' : ''}。`
            : '仲裁委会在5个工作日内决定是否受理。'
          : '收到申请后，工作人员会联系你。',
      );
    } else if (viewer.orgId === last.orgId) {
      // The desk that must decide: by when, if a clock says so.
      lines.push(
        due
          ? `待受理：请在${dateZh(due, false)}前决定是否受理${due < chinaDate() ? '（已超期）' : ''}。`
          : '待受理：请尽快决定是否受理，并联系申请人。',
      );
    }
  } else if (last.state === 'accepted') {
    if (last.paused) {
      title = `${kind}已中止`;
      tone = 'paused';
      if (last.reason) lines.push(`原因：${last.reason}`);
    } else {
      title =
        last.kind === 'mediation'
          ? `${org}正在调解`
          : last.kind === 'confirmation'
            ? `${org}正在审查调解协议（司法确认）`
            : last.kind === 'arbitration'
              ? `${org}正在审理仲裁案件`
              : `${org}正在办理`;
    }
    const upcoming = last.hearings.filter((h) => hearingStatus(h, last) === 'coming').sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
    if (upcoming.length) lines.push(`下次${last.kind === 'mediation' ? '调解' : '开庭'}：${timeZh(upcoming[0].at)}，${upcoming[0].place}`);
  } else if (last.state === 'declined') {
    title = `${org}决定不予受理`;
    tone = 'breached';
    if (last.reason) lines.push(`原因：${last.reason}`);
  } else {
    switch (last.outcome) {
      case 'settled':
        title = last.kind === 'mediation' ? '已达成调解协议' : '已达成和解/调解协议';
        tone = 'met';
        break;
      case 'confirmed':
        title = '法院已确认调解协议（司法确认）';
        tone = 'met';
        lines.push('经法院确认的调解协议有强制执行效力：单位不按期付款，可以申请法院强制执行。');
        break;
      case 'refused':
        title = '法院不予确认调解协议';
        tone = 'breached';
        break;
      case 'failed':
        title = '调解不成';
        tone = 'breached';
        lines.push(worker ? '调解没有达成协议。你可以申请劳动仲裁，请留意“申请仲裁的最后一日”。' : '调解没有达成协议。申请人可以申请劳动仲裁。');
        break;
      case 'awarded':
        title = '仲裁委已作出裁决';
        tone = 'met';
        break;
      case 'judged':
        title = '法院已作出判决';
        tone = 'met';
        break;
      case 'withdrawn':
        title = `${kind}申请已撤回`;
        tone = 'paused';
        break;
      default:
        title = `${kind}已办结`;
    }
    if (last.reason && ['failed', 'refused', 'withdrawn'].includes(last.outcome ?? '')) lines.push(`原因：${last.reason}`);
  }
  if (a && !a.effective) {
    // SPEC §10: a settlement takes effect once every party has signed (《人民调解法》第二十九条).
    const left = [...a.awaitingSignature.applicants.map((i) => c.applicants[i]?.name ?? ''), ...(a.awaitingSignature.respondent ? ['用人单位'] : [])];
    lines.push(awaitsMySignature(c) ? '协议等你签署：请在下面的“协议”中核对内容，用短信验证码签署。' : `协议还没有生效，等待${left.length > 3 ? `${left.slice(0, 3).join('、')}等${left.length}方` : left.join('、')}签署。`);
  }
  if (a) {
    if (a.status === 'pending') lines.push(`单位应付 ${yuan(a.amountFen)}，已付 ${yuan(a.paidFen)}。`);
    if (a.status === 'defaulted') {
      lines.push(`单位没有按期付款（已付 ${yuan(a.paidFen)} / ${yuan(a.amountFen)}）。`);
      tone = 'breached';
    }
    if (a.status === 'performed') lines.push(`协议已履行完毕，共付 ${yuan(a.paidFen)}。`);
  }
  if (c.nextSteps.length) {
    lines.push(`下一步可以：${[...new Set(c.nextSteps.map((s) => NEXT_STEP_WORDS[s.kind] ?? s.kind))].join('；或')}。`);
  }
  return { title, lines, tone };
}

/** Which party of the case the reader is (SPEC §10): an applicant (by index), the employer's representative, or neither (staff). */
export type Party = { side: 'applicant'; index: number } | { side: 'respondent' } | null;

export function partyOf(c: Pick<CaseDetail, 'applicants' | 'respondents'>): Party {
  const i = c.applicants.findIndex((a) => a.isCaller);
  if (i >= 0) return { side: 'applicant', index: i };
  if (c.respondents.some((r) => r.isCaller)) return { side: 'respondent' };
  return null;
}

/** Whether the settlement waits for the reader's own signature. */
export function awaitsMySignature(c: Pick<CaseDetail, 'applicants' | 'respondents' | 'agreement' | 'allowedActions'>): boolean {
  const a = c.agreement;
  const me = partyOf(c);
  if (!a || !me || a.effective || !c.allowedActions.includes('sign')) return false;
  return me.side === 'respondent' ? a.awaitingSignature.respondent : a.awaitingSignature.applicants.includes(me.index);
}
