/**
 * 劳动争议调解申请书 / 劳动人事争议仲裁申请书: the worker's application, addressed to the
 * organisation of the open or last mediation or arbitration (facts.ts picks which).
 */
import { COMMON_FIELDS, PARTIES } from './common.js';
import { closing, each, heading, p, type Template } from './types.js';

const LDMA = 'labourDisputeMediationArbitration';

const CLAIMS = [
  heading('请求事项'),
  each('claims', '{n}、{applicant}请求：{description}（{category}），金额{amount}。'),
  p('以上请求金额合计{claimedTotal}。'),
  heading('事实和理由'),
  p('申请人与被申请人之间发生{dispute}。{summary}'),
  p('争议发生日期：{incidentDate}[；劳动关系于{employmentEndedOn}解除或者终止]。'),
];

export const application: Template = {
  type: 'application',
  title: '申请书',
  fields: {
    ...COMMON_FIELDS,
    claimedTotal: '各项请求的金额合计',
    incidentDate: '争议发生日期',
    employmentEndedOn: '劳动关系解除或者终止的日期（未解除的不写）',
  },
  lists: { claims: { n: '序号（一、二、三）', applicant: '提出请求的申请人', category: '请求所属的争议事项', description: '请求的内容', amount: '请求的金额' } },
  variants: {
    mediation: {
      title: '劳动争议调解申请书',
      blocks: [PARTIES, ...CLAIMS, p('为维护申请人的合法权益，特向贵组织申请调解，请依法调解。'), closing('此致', '{orgName}')],
      basis: [{ law: LDMA, article: 12, note: '当事人申请劳动争议调解可以书面申请，也可以口头申请' }],
      signatures: ['申请人（签名）：____________'],
    },
    arbitration: {
      title: '劳动人事争议仲裁申请书',
      blocks: [PARTIES, ...CLAIMS, p('为维护申请人的合法权益，特向贵委申请仲裁，请依法裁决。'), closing('此致', '{orgName}')],
      basis: [
        { law: LDMA, article: 28, note: '申请人申请仲裁应当提交书面仲裁申请，载明当事人、仲裁请求及其所根据的事实和理由' },
        { law: LDMA, article: 27, paragraph: 1, note: '劳动争议申请仲裁的时效期间为一年' },
      ],
      signatures: ['申请人（签名）：____________'],
    },
  },
};
