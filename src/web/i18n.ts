/** Simplified Chinese names for the API's vocabulary, and its error messages in plain Chinese. */
// Imports name their .js files: unit tests read this module under the server's NodeNext settings too (Vite resolves them the same).
import { yuan } from './format.js';
import type { AgreementStatus, CaseOutcome, Channel, OrgKind, ProceedingOutcome, ProceedingState, RepresentativeKind } from '../domain/model.js';
import type { ServiceChannel } from '../db/schema/parties.js';
import type { Category, ProceedingKind, Role } from './types.js';

export const ROLE_NAMES: Record<Role, string> = {
  worker: '劳动者',
  mediator: '调解员',
  arbitrator: '仲裁员',
  court_liaison: '法院联络员',
  supervisor: '主管/统计',
  admin: '系统管理员',
  employer: '用人单位代表',
};

// The lists typed Record<string, string> are looked up with plain strings too (an event's data);
// `satisfies` still holds each to exactly the server's values.
export const ORG_KIND_NAMES: Record<string, string> = {
  enterprise_committee: '企业劳动争议调解委员会',
  union: '工会劳动争议调解组织',
  township_center: '乡镇/街道劳动争议调解组织',
  people_mediation: '人民调解委员会',
  mediation_center: '劳动人事争议多元/联合调解中心',
  arbitration_commission: '劳动人事争议仲裁委员会',
  court: '人民法院',
  procuratorate: '人民检察院',
  legal_aid: '法律援助中心',
} satisfies Record<OrgKind, string>;

/** What a worker would call each kind of dispute. */
export const CATEGORY_NAMES: Record<Category, string> = {
  wages: '劳动报酬（工资、加班费）',
  termination: '解除/终止劳动合同、经济补偿',
  social_insurance: '社会保险',
  work_injury: '工伤待遇、医疗费',
  working_time: '工作时间、休息休假',
  contract: '劳动合同的订立、履行、变更',
  employment_relation: '确认劳动关系',
  other: '其他',
};
export const CATEGORY_SHORT: Record<Category, string> = {
  wages: '劳动报酬',
  termination: '解除合同',
  social_insurance: '社会保险',
  work_injury: '工伤',
  working_time: '工时休假',
  contract: '劳动合同',
  employment_relation: '劳动关系',
  other: '其他',
};
/** One plain sentence a person without legal training recognises their problem in. */
export const CATEGORY_HINTS: Record<Category, string> = {
  wages: '单位拖欠或克扣工资、加班费、绩效提成',
  termination: '被辞退、被迫离职，想要经济补偿或赔偿金',
  social_insurance: '单位没交或少交社保，或不给办理社保手续',
  work_injury: '上班受伤或得了职业病，工伤待遇、医疗费没有落实',
  working_time: '加班太多、不让休假、年休假没补偿',
  contract: '不签劳动合同、单位单方改合同、要二倍工资',
  employment_relation: '单位不承认你是它的员工',
  other: '以上都不是',
};

export const KIND_NAMES: Record<ProceedingKind, string> = {
  mediation: '调解',
  confirmation: '司法确认',
  arbitration: '仲裁',
  litigation: '诉讼/执行',
};

export const STATE_NAMES: Record<string, string> = {
  received: '待受理',
  accepted: '办理中',
  concluded: '已办结',
  declined: '不予受理',
} satisfies Record<ProceedingState, string>;

export const OUTCOME_NAMES: Record<string, string> = {
  settled: '达成协议',
  failed: '调解不成',
  withdrawn: '已撤回',
  confirmed: '已确认',
  refused: '不予确认',
  awarded: '已裁决',
  judged: '已判决',
} satisfies Record<ProceedingOutcome, string>;

export const CASE_OUTCOME_NAMES: Record<string, string> = {
  performed: '已履行完毕',
  withdrawn: '申请人撤回',
  abandoned: '申请人未再主张',
  judged: '已判决',
  transferred: '移出本系统管辖',
} satisfies Record<CaseOutcome, string>;

export const CHANNEL_NAMES: Record<string, string> = {
  online: '网上申请',
  walk_in: '现场/纸质申请',
  court_delegated: '法院委派调解',
  referral: '转办',
} satisfies Record<Channel, string>;

export const AGREEMENT_STATUS_NAMES: Record<string, string> = {
  pending: '履行中',
  performed: '已履行完毕',
  defaulted: '未按期履行',
} satisfies Record<AgreementStatus, string>;

/** The timeline's words for what happened (events, including ones no button makes). */
/** SPEC §12: who prevailed when a proceeding concluded, as the ministry's report counts it. */
export const PREVAILED_NAMES = { worker: '劳动者胜诉', employer: '用人单位胜诉', partly: '双方部分胜诉' } as const;

export const EVENT_NAMES: Record<string, string> = {
  file: '提交申请',
  accept: '受理',
  decline: '不予受理',
  schedule: '安排调解/开庭',
  extend: '延长期限',
  pause: '中止办理',
  resume: '恢复办理',
  settle: '达成协议',
  fail: '调解不成',
  award: '作出仲裁裁决',
  judge: '作出判决',
  confirm: '法院确认调解协议（司法确认）',
  refuse: '法院不予确认',
  withdraw: '撤回申请',
  refer: '移送/转办',
  assign: '指派承办人',
  record_payment: '收到付款',
  record_default: '单位未按期履行',
  close: '结案',
  note: '备注',
  not_duplicate: '确认不是重复申请',
  calendar_loaded: '节假日安排更新，期限重新计算',
  file_added: '上传材料',
  file_withdrawn: '撤回材料',
  document_issued: '出具文书',
  invite_respondent: '邀请用人单位代表',
  respondent_joined: '用人单位代表加入',
  respond: '用人单位表明意见',
  add_representative: '登记代理人',
  sign: '签署协议',
  serve: '送达',
  served: '当事人打开送达链接（送达）',
};

/** SPEC §10: who acts for a party. */
export const REPRESENTATIVE_KIND_NAMES: Record<string, string> = {
  legal_aid: '法律援助',
  lawyer: '律师',
  union: '工会',
  procuratorate_support: '检察院支持起诉',
} satisfies Record<RepresentativeKind, string>;

/** SPEC §10: how a document reaches a party. */
export const SERVICE_CHANNEL_NAMES: Record<string, string> = {
  sms_link: '短信链接（电子送达）',
  in_person: '当面送达',
  post: '邮寄送达',
} satisfies Record<ServiceChannel, string>;

/**
 * The clocks as a worker reads them. Her own dates say what she may do by when; an agency's own
 * deadline says who must act, so she does not read it as hers.
 */
export const CLOCK_FOR_WORKER: Record<string, string> = {
  mediation: '调解组织应在此日前结束调解',
  confirmation_window: '申请司法确认的最后一日',
  confirmation_review: '法院应在此日前作出确认决定',
  arbitration_acceptance: '仲裁委应在此日前决定是否受理',
  arbitration_award: '仲裁委应在此日前作出裁决',
  appeal_window: '不服裁决向法院起诉的最后一日',
  vacate_window: '申请撤销终局裁决的最后一日',
  performance: '下一期应付款日',
  limitation: '申请仲裁的最后一日（仲裁时效）',
  referral_ack: '接收机构应在此日前受理转办',
};

/** What a worker may do when an agency lets its own deadline pass (《劳动争议调解仲裁法》第十四条、第二十九条、第四十三条). */
export const AGENCY_CLOCK_LAPSED: Record<string, string> = {
  mediation: '调解期满仍未达成协议的，你可以直接申请仲裁。',
  arbitration_acceptance: '仲裁委逾期未作决定的，你可以就这项争议向人民法院起诉。',
  arbitration_award: '仲裁委逾期未作出裁决的，你可以就这项争议向人民法院起诉。',
};

export const CLOCK_STATUS_NAMES: Record<string, string> = {
  running: '计时中',
  due_soon: '即将到期',
  paused: '已中止',
  met: '已按期完成',
  breached: '已超期',
};

// ---------------------------------------------------------------------------------------------
// Error messages. The API speaks English (SPEC §7); people here read Chinese.

const GENERIC: Record<string, string> = {
  HEADERS_TOO_LARGE: '请求内容过大，请刷新页面后重试',
  REQUEST_TIMEOUT: '网络太慢，请求超时，请重试',
  URI_TOO_LONG: '链接太长，请从页面上重新打开',
  BAD_REQUEST: '请求有误，请刷新页面后重试',
  VALIDATION_FAILED: '填写的内容有误，请按提示修改',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '你没有权限进行这项操作',
  NOT_FOUND: '没有找到，可能已删除或你无权查看',
  VERSION_CONFLICT: '这个案件刚被其他人更新了，这次没有提交成功',
  INVALID_TRANSITION: '案件当前的状态不允许这项操作',
  DUPLICATE: '已经存在，不能重复',
  PAYLOAD_TOO_LARGE: '提交的内容太多',
  UNSUPPORTED_MEDIA_TYPE: '只能上传 PDF、JPG、PNG 或 WebP 格式的文件',
  RATE_LIMITED: '尝试次数过多，请稍后再试',
  NETWORK: '网络连接失败，请检查网络后重试',
  INTERNAL: '系统出了点问题，请稍后再试',
};

const yuanOf = (fen: string) => yuan(Number(fen));

/** Known messages, tried in order; each returns plain Chinese. */
const PROBLEMS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/must not be empty|expected string, received undefined|expected string to have >=1/, () => '请填写此项'],
  [/received undefined|Required/, () => '请填写此项'],
  [/must be an 11-digit mainland mobile number/, () => '请填写11位手机号码'],
  [/resident ID number must be 18 characters/, () => '身份证号应为18位：17位数字加最后1位数字或X'],
  [/resident ID number has an impossible date of birth/, () => '身份证号中的出生日期不存在，请核对'],
  [/resident ID number has a date of birth in the future/, () => '身份证号中的出生日期晚于今天，请核对'],
  [/resident ID number has a wrong check digit/, () => '身份证号最后一位（校验位）不对，请核对是否输错'],
  [/unified social credit code must be 18 characters/, () => '统一社会信用代码应为18位（见营业执照）'],
  [/unified social credit code has a wrong check character/, () => '统一社会信用代码最后一位（校验位）不对，请核对'],
  [/must be a date written YYYY-MM-DD/, () => '请填写有效日期'],
  [/ISO 8601 timestamp/, () => '请填写有效的日期时间'],
  [/must be between (\d+) and (\d+)/, (m) => `年份应在${m[1]}至${m[2]}之间`],
  [/^is in the future/, () => '不能晚于现在'],
  [/^is before the incident date/, () => '不能早于发生争议的日期'],
  [/^is before the case's previous event/, () => '不能早于本案上一次记录的时间'],
  [/^is before from/, () => '结束日期不能早于开始日期'],
  [/must be at least 8 characters/, () => '密码至少8位'],
  [/lists the same ID number twice/, () => '同一个身份证号出现了两次'],
  [/each applicant needs at least one claim/, () => '每位申请人至少要有一项请求'],
  [/a case needs at least one applicant/, () => '至少要有一位申请人'],
  [/instalments add up to (\d+) fen, not (\d+)/, (m) => `各期金额合计${yuanOf(m[1])}，与协议总额${yuanOf(m[2])}不一致`],
  [/instalments must fall due in order/, () => '各期日期须按先后顺序，且不能重复'],
  [/is more than the (\d+) fen outstanding/, (m) => `超过了尚未支付的${yuanOf(m[1])}`],
  [/must be whole fen/, () => '金额最多两位小数'],
  [/must be a court case number/, () => '案号格式不对，应如（2026）桂1023民特123号'],
  [/names a year still to come/, () => '案号中的年份晚于今年，请核对'],
  [/is before the court accepted/, () => '不能早于法院受理之日'],
  [/is before the court received/, () => '不能早于法院收到申请之日'],
  [/recorded as made/, () => '不能晚于实际发生时间'],
  [/is only recorded for a court's ruling/, () => '只有法院的裁定才登记裁定书'],
  [/may be at most (\d+)/, (m) => `最多还能延长${m[1]}天`],
  [/must be 4 to 12 letters or digits/, () => '应为4至12位字母或数字'],
  [/must be a six-digit administrative division code/, () => '应为6位行政区划代码，如 451023'],
  [/must be 2 to 6 digits of an administrative division code/, () => '应为2至6位行政区划代码'],
  [/must be 3 to 50 letters, digits/, () => '用户名为3至50位字母、数字或 _ . -'],
  [/is required for a supervisor/, () => '主管账号须填写辖区代码'],
  [/is only for supervisors/, () => '只有主管账号填写辖区代码'],
  [/^is required for a/, () => '此角色须选择所属机构'],
  [/belongs to no organisation/, () => '此角色不属于任何机构'],
  [/^a (\w+) belongs to/, () => '角色与机构类型不符（调解员属调解组织，仲裁员属仲裁委，法院联络员属法院）'],
  [/names no organisation/, () => '请选择机构'],
  [/does not take cases|workers file online with/, () => '这个机构不能受理此类申请'],
  [/does not handle/, () => '这个机构不办理这类程序'],
  [/is not an active staff member/, () => '该人员不是承办机构的在职工作人员'],
  [/cannot be both a holiday and a make-up/, () => '同一天不能既是假日又是调休上班日'],
  [/is not a weekend day/, () => '调休上班日应为周六或周日'],
  [/^is not in (\d+)/, (m) => `不是${m[1]}年的日期`],
  [/is listed twice/, () => '重复了'],
  [/Too small: expected number to be >=?(\d+)/, (m) => (m[1] === '1' ? '须大于0' : `不能小于${m[1]}`)],
  [/Too small: expected array to have >=?1/, () => '至少选择一项'],
  [/Too big: expected string/, () => '内容太长'],
  [/Too big: expected number/, () => '数值太大'],
  [/Invalid UUID|Invalid option|Invalid enum/, () => '请选择一项'],
  [/must not contain NUL/, () => '含有不能保存的字符'],
  // Phone codes (SPEC §10).
  [/matches no code sent to this phone/, () => '还没有向这个手机号发过验证码，请先点“获取验证码”'],
  [/has expired; ask for a new one/, () => '验证码已过期，请重新获取'],
  [/^is wrong; no tries are left/, () => '验证码不对，这个验证码已不能再试，请重新获取'],
  [/^is wrong$/, () => '验证码不对，请核对短信中的6位数字'],
  [/has already been used; ask for a new one/, () => '这个验证码已经用过了，请重新获取'],
  [/must be the 6-digit code|must be the 6 digits of the code/, () => '验证码是6位数字'],
  [/^is required: ask for a code/, () => '请先获取并填写短信验证码'],
  [/your account has no phone to send a code to/, () => '你的账号没有手机号，收不到验证码；请联系调解员当面签字'],
  [/is for a party signing themself/, () => '工作人员登记当面签字，不用验证码'],
  [/a party signs for themself/, () => '当事人用自己手机收到的验证码签署'],
  [/staff record a paper signature/, () => '请选择是哪一方当面签字'],
  // Both parties online (SPEC §10).
  [/has already joined this case/, () => '这个手机号的代表已经加入本案'],
  [/must name one of the \d+ applicants|names no applicant/, () => '请选择申请人'],
  [/^is for an applicant/, () => '只有申请人一方需要选择是哪一位'],
  [/names a worker with no share in the agreement/, () => '协议中没有这位劳动者的份额'],
  [/is more than the (\d+) fen outstanding to this worker/, (m) => `超过了这位劳动者尚未收到的${yuanOf(m[1])}`],
  [/the workers' shares add up to (\d+) fen, not (\d+)/, (m) => `各位劳动者的金额合计${yuanOf(m[1])}，与总额${yuanOf(m[2])}不一致`],
  [/names the same worker twice/, () => '同一位劳动者填了两次'],
  [/does not act as/, () => '这个机构不能作为这一类代理人'],
  [/give either documentType or fileId/, () => '请选择要送达的文书或材料（只选一项）'],
  [/names no file of this case/, () => '本案没有这份材料，或它已撤回'],
  [/is internal: the parties never see it/, () => '这份材料仅内部可见，不能送达当事人'],
  [/by sms_link the service date is when/, () => '短信送达以当事人打开链接的时间为送达时间，不用填写'],
  [/has no phone: serve in person or by post/, () => '有申请人没有登记手机号，请改为当面送达或邮寄送达'],
  [/has no representative's phone/, () => '用人单位还没有受邀代表的手机号：请先邀请单位代表，或改为当面送达或邮寄送达'],
];

/**
 * One field's problem in plain Chinese. A message the API already wrote in Chinese (a holiday
 * notice's line, say) is shown as it is; one in English with no translation here is not shown.
 */
export function translateProblem(field: string, message: string): string {
  if (/amountFen$/.test(field) && /Too big/.test(message)) return '金额太大，请核对';
  for (const [re, fn] of PROBLEMS) {
    const m = message.match(re);
    if (m) return fn(m);
  }
  if (message && !/[A-Za-z]/.test(message)) return message;
  return '填写有误，请核对';
}

const MESSAGES: [RegExp, string][] = [
  [/wrong username or password/, '账号或密码不对'],
  [/the file is larger than (\d+) bytes/, '文件太大，请压缩后再上传（不超过 20MB）'],
  [/the file is not a PDF, JPEG, PNG or WebP/, '只能上传 PDF、JPG、PNG 或 WebP 格式的文件（按文件内容判断）'],
  [/is empty/, '文件是空的，请重新选择'],
  [/the upload ended before it was complete/, '上传中断了，请在网络好的地方重试'],
  [/the file is already withdrawn/, '这份材料已经撤回'],
  [/this phone number is already registered/, '这个手机号已经注册过了，请直接登录'],
  [/this username is taken/, '这个用户名已被使用'],
  [/this intake code is already in use/, '这个受理码已被使用'],
  [/you cannot disable your own account/, '不能停用自己的账号'],
  [/your session/, '登录已过期，请重新登录'],
  [/the current password is wrong/, '当前密码不对'],
  [/cannot be closed as (\w+) now/, '案件现在不能以这个结果结案'],
  [/cannot be referred to/, '案件现在不能移送到这类程序'],
  [/there is no open proceeding/, '案件当前没有正在办理的程序'],
  [/you may not act on this case/, '你无权办理这个案件'],
  [/staff file cases at their own organisation/, '工作人员只能在本机构登记案件'],
  [/only the receiving organisation may accept/, '只有接收机构可以当场受理'],
  [/wrong phone or code/, '手机号或验证码不对'],
  [/this invitation has already been used/, '这个邀请已经使用过了，请用受邀的手机号和验证码登录'],
  [/this account is disabled/, '这个账号已停用，请联系调解组织'],
  [/the employer has already signed/, '用人单位已经签署过了'],
  [/this applicant has already signed/, '这位申请人已经签署过了'],
  [/the agreement waits for no signature/, '协议已经生效，不用再签署'],
  [/the case has no \w+ to serve now/, '案件现在还没有这份文书，不能送达'],
  [/notifications are for the parties/, '消息只发给案件的当事人'],
  [/only the applicant and staff handling the case add files/, '只有当事人和办理机构的工作人员可以上传材料'],
];

/** The message to show for an error answer (SPEC §7 shape): Chinese, never a stack trace. */
export function translateError(code: string, message: string): string {
  for (const [re, zh] of MESSAGES) if (re.test(message)) return zh;
  if (code === 'VALIDATION_FAILED' && message && message !== 'the request is not valid') {
    // A single-field problem's message is "<field> <problem>".
    const m = message.match(/^(?:body|querystring)\.\S+ (.*)$/);
    if (m) return translateProblem('', m[1]);
  }
  return GENERIC[code] ?? (code.startsWith('HTTP_5') ? GENERIC.INTERNAL : '操作没有成功，请稍后再试');
}
