/** Where a case stands, said in one sentence and a few plain lines. */
import { CASE_OUTCOME_NAMES, KIND_NAMES } from '../i18n';
import { timeZh, yuan } from '../format';
import type { CaseDetail, Organization } from '../types';

export interface Step {
  title: string;
  lines: string[];
  tone: 'running' | 'due_soon' | 'breached' | 'met' | 'paused';
}

const NEXT_STEP_WORDS: Record<string, string> = {
  arbitration: '向劳动人事争议仲裁委员会申请仲裁',
  confirmation: '向人民法院申请司法确认',
  mediation: '另找调解组织调解',
  litigation: '向人民法院起诉、申请支付令或强制执行',
};

export function currentStep(c: CaseDetail, _orgs?: Map<string, Organization>): Step {
  const last = c.proceedings[c.proceedings.length - 1];
  const lines: string[] = [];
  const a = c.agreement;
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
    lines.push(last.kind === 'arbitration' ? '仲裁委会在5个工作日内决定是否受理。' : '收到申请后，工作人员会联系你。');
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
    const upcoming = last.hearings.filter((h) => h.at > new Date().toISOString());
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
        lines.push('调解没有达成协议。你可以申请劳动仲裁，请留意“申请仲裁的最后一日”。');
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
