/** 调解终止证明书: a mediation ended without agreement; what the worker brings to apply for arbitration. */
import { COMMON_FIELDS } from './common.js';
import { p, type Template } from './types.js';

const LDMA = 'labourDisputeMediationArbitration';

export const mediationEnded: Template = {
  type: 'mediation_ended',
  title: '调解终止证明书',
  fields: {
    ...COMMON_FIELDS,
    receivedOn: '收到调解申请的日期',
    acceptedOn: '受理的日期（未受理的不写）',
    endedOn: '调解终止的日期',
    reason: '调解不成的原因（未记录的不写）',
  },
  variants: {
    failed: {
      title: '调解终止证明书',
      blocks: [
        p('申请人{applicantNames}与被申请人{respondentName}{dispute}一案，本组织于{receivedOn}收到调解申请[，于{acceptedOn}受理]。'),
        p('经调解，双方当事人未能达成调解协议，本组织于{endedOn}终止调解[，原因是：{reason}]。'),
        p('特此证明。'),
        p('申请人可以持本证明书，依法向有管辖权的劳动人事争议仲裁委员会申请仲裁。劳动争议申请仲裁的时效期间为一年，从当事人知道或者应当知道其权利被侵害之日起计算。'),
      ],
      basis: [
        { law: LDMA, article: 5, note: '调解不成的，可以向劳动争议仲裁委员会申请仲裁' },
        { law: LDMA, article: 14, paragraph: 3, note: '自劳动争议调解组织收到调解申请之日起十五日内未达成调解协议的，当事人可以依法申请仲裁' },
        { law: LDMA, article: 27, paragraph: 1, note: '劳动争议申请仲裁的时效期间为一年' },
      ],
      signatures: ['调解员（签名）：____________', '{orgName}（印章）'],
    },
  },
};
