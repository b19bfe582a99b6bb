/** 送达回证: what was served on whom, how and when, for the recipient to sign. */
import { COMMON_FIELDS } from './common.js';
import { each, p, type Template } from './types.js';

export const serviceReceipt: Template = {
  type: 'service_receipt',
  title: '送达回证',
  fields: { ...COMMON_FIELDS },
  lists: { served: { n: '序号', document: '送达的文书', to: '受送达人', channel: '送达方式', servedAt: '送达日期', by: '送达的组织' } },
  variants: {
    record: {
      title: '送达回证',
      blocks: [
        p('{applicantNames}与{respondentName}{dispute}一案，下列文书已依法送达：'),
        each('served', '{n}、送达文书：{document}；受送达人：{to}；送达方式：{channel}；送达日期：{servedAt}；送达人：{by}。'),
        p('受送达人在本回证上记明收到日期并签名或者盖章；以电子方式送达的，以文书到达受送达人特定系统的日期为送达日期。'),
      ],
      basis: [
        { law: 'civilProcedure', article: 87, note: '送达诉讼文书必须有送达回证，由受送达人在送达回证上记明收到日期，签名或者盖章' },
        { law: 'civilProcedure', article: 90, note: '经受送达人同意，可以采用能够确认其收悉的电子方式送达' },
      ],
      signatures: ['受送达人（签名或者盖章）：____________', '收到日期：______年____月____日', '送达人（签名）：____________', '{orgName}（印章）'],
    },
  },
};
