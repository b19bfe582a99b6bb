/**
 * Every action's form, keyed by the action's name, in the order the buttons are drawn (the most
 * used first). A new action is a file beside this one and a row here; the type makes every action
 * the API knows have its row.
 */
import type { ActionName } from '../../types';
import { accept } from './accept';
import { add_representative } from './add_representative';
import { AGREEMENT_FIELDS } from './agreement';
import { assign } from './assign';
import { award } from './award';
import { close } from './close';
import { confirm } from './confirm';
import { decline } from './decline';
import { extend } from './extend';
import { fail } from './fail';
import type { ActionForm } from './form';
import { invite_respondent } from './invite_respondent';
import { judge } from './judge';
import { not_duplicate } from './not_duplicate';
import { note } from './note';
import { pause } from './pause';
import { record_default } from './record_default';
import { record_payment } from './record_payment';
import { refer } from './refer';
import { refuse } from './refuse';
import { respond } from './respond';
import { resume } from './resume';
import { RULING_FIELDS } from './ruling';
import { schedule } from './schedule';
import { serve } from './serve';
import { settle } from './settle';
import { SHARES_FIELDS } from './shares';
import { sign } from './sign';
import { withdraw } from './withdraw';

export interface ActionRow {
  label: string;
  /** What a party's button says (the worker's, the employer's representative's), where it differs. */
  workerLabel?: string;
  /** primary: the usual next step, drawn filled; danger: refuses or ends something, drawn apart and sent with a red button. */
  tone: 'primary' | 'plain' | 'danger';
  /** The send button's words for a form that is only a confirmation. */
  submit?: string;
  /** The body's fields the form shows; a problem the API finds with one of them is shown there alone (`*`: an instalment's number). */
  fields: readonly string[];
  form: ActionForm;
}

export const ACTION_FORMS: Record<ActionName, ActionRow> = {
  accept: { label: '受理', tone: 'primary', submit: '确认受理', fields: [], form: accept },
  respond: { label: '说明单位意见', tone: 'primary', fields: ['text', 'agreesToMediate'], form: respond },
  settle: { label: '达成协议', tone: 'primary', fields: [...AGREEMENT_FIELDS, ...SHARES_FIELDS], form: settle },
  sign: { label: '登记当面签字', workerLabel: '签署协议', tone: 'primary', submit: '确认签署', fields: ['code', 'party', 'inPerson', 'applicantIndex', 'fileId'], form: sign },
  confirm: { label: '确认协议有效', tone: 'primary', submit: '确认协议有效', fields: RULING_FIELDS, form: confirm },
  award: { label: '作出裁决', tone: 'primary', fields: [...AGREEMENT_FIELDS, ...SHARES_FIELDS, 'deliveredAt'], form: award },
  judge: { label: '作出判决', tone: 'primary', fields: [...AGREEMENT_FIELDS, ...SHARES_FIELDS], form: judge },
  invite_respondent: { label: '邀请单位代表', tone: 'plain', submit: '发送邀请短信', fields: ['phone', 'name'], form: invite_respondent },
  serve: { label: '送达文书', tone: 'plain', fields: ['documentType', 'fileId', 'to', 'channel', 'servedAt'], form: serve },
  schedule: { label: '安排调解/开庭', tone: 'plain', fields: ['at', 'place'], form: schedule },
  record_payment: { label: '登记付款', tone: 'plain', fields: ['amountFen', 'paidAt'], form: record_payment },
  refer: { label: '移送/转办', workerLabel: '申请仲裁', tone: 'plain', fields: ['kind', 'toOrgId', 'reason'], form: refer },
  close: { label: '结案', tone: 'plain', fields: ['outcome'], form: close },
  note: { label: '添加备注', tone: 'plain', fields: ['text'], form: note },
  add_representative: { label: '登记代理人', tone: 'plain', fields: ['applicantIndex', 'kind', 'name', 'orgId'], form: add_representative },
  not_duplicate: { label: '不是重复申请', tone: 'plain', fields: ['number'], form: not_duplicate },
  assign: { label: '指派承办人', tone: 'plain', fields: ['userId'], form: assign },
  extend: { label: '延长期限', tone: 'plain', fields: ['days', 'reason'], form: extend },
  pause: { label: '中止', tone: 'plain', fields: ['reason'], form: pause },
  resume: { label: '恢复', tone: 'plain', submit: '确认恢复办理', fields: [], form: resume },
  fail: { label: '调解不成', tone: 'danger', fields: ['reason'], form: fail },
  refuse: { label: '不予确认', tone: 'danger', fields: ['reason', ...RULING_FIELDS], form: refuse },
  record_default: { label: '登记未按期履行', tone: 'danger', fields: ['reason'], form: record_default },
  decline: { label: '不予受理', tone: 'danger', fields: ['reason', ...RULING_FIELDS], form: decline },
  withdraw: { label: '撤回申请', workerLabel: '撤回我的申请', tone: 'danger', fields: ['reason'], form: withdraw },
};

/** The actions in the order their buttons are drawn. */
export const ACTION_ORDER = Object.keys(ACTION_FORMS) as ActionName[];

export const actionLabel = (action: ActionName, party: boolean) => (party && ACTION_FORMS[action].workerLabel) || ACTION_FORMS[action].label;
