/** What every document's facts give (facts.ts), and the parties' lines most documents share. */
import { parties } from './types.js';

export const COMMON_FIELDS = {
  caseNumber: '案号',
  orgName: '出具文书的组织：受理、调解、审理或送达的组织',
  applicantNames: '申请人姓名，多于三人时写作“甲、乙、丙等N人”',
  respondentName: '被申请人（用人单位）名称',
  dispute: '争议事项，如“劳动报酬争议”',
  summary: '申请时所述的案情',
} as const;

/** The applicants and the respondent, each on a line; a part whose value is not on record is left out. */
export const PARTIES = parties(
  '申请人：{name}[，公民身份号码：{idNumber}][，联系电话：{phone}]',
  '被申请人：{name}[，统一社会信用代码：{creditCode}][，住所：{address}][，联系人：{contact}]',
);
