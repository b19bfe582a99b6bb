/**
 * The words documents use for the case's coded values: the kind of dispute as a 案由, the
 * next step a party may take and how a document was served. Data, for the same readers as the
 * templates beside it.
 */
import type { Category, ProceedingKind } from '../../domain/model.js';

/** The dispute as documents name it (…争议), after 民事案件案由规定's labour-dispute heads. */
export const DISPUTE_NAMES: Record<Category, string> = {
  wages: '劳动报酬',
  termination: '解除劳动合同',
  social_insurance: '社会保险',
  work_injury: '工伤保险待遇',
  working_time: '休息休假',
  contract: '劳动合同',
  employment_relation: '确认劳动关系',
  other: '其他劳动',
};

/** Where a party may go next (a decline notice's 救济途径), by the kind of proceeding the route leads to. */
export const NEXT_STEP_NAMES: Record<ProceedingKind, string> = {
  mediation: '向其他劳动争议调解组织申请调解',
  arbitration: '向有管辖权的劳动人事争议仲裁委员会申请仲裁',
  confirmation: '向人民法院申请司法确认',
  litigation: '向人民法院提起诉讼',
};

/** How a document was served (SPEC §10 `serve` channels). */
export const SERVICE_CHANNEL_NAMES: Record<string, string> = {
  sms_link: '电子送达（短信链接）',
  in_person: '直接送达',
  post: '邮寄送达',
};

/** To whom it was served (SPEC §10 `serve` `to`). */
export const SERVICE_PARTY_NAMES: Record<string, string> = {
  applicants: '申请人',
  respondent: '被申请人',
};

/** Who acts for a party (SPEC §10 `add_representative` kinds), as a document names the role. */
export const REPRESENTATIVE_NAMES: Record<string, string> = {
  legal_aid: '法律援助人员',
  lawyer: '委托代理人（律师）',
  union: '工会代理人',
  procuratorate_support: '支持起诉机关',
};

/** How a party signed (SPEC §10 signatures). */
export const SIGNATURE_METHOD_NAMES: Record<string, string> = {
  otp: '以手机验证码在线',
  in_person: '当面',
};
