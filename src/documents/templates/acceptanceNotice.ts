/** 受理通知书: the organisation tells the applicants it has taken their case in, and what happens next. */
import { COMMON_FIELDS } from './common.js';
import { addressee, p, type Template } from './types.js';

const LDMA = 'labourDisputeMediationArbitration';
const SEAL = ['{orgName}（印章）'];

export const acceptanceNotice: Template = {
  type: 'acceptance_notice',
  title: '受理通知书',
  fields: { ...COMMON_FIELDS, receivedOn: '收到申请的日期', acceptedOn: '受理的日期' },
  variants: {
    mediation: {
      title: '受理通知书',
      blocks: [
        addressee('{applicantNames}：'),
        p('你（们）与{respondentName}{dispute}一案，本组织于{receivedOn}收到调解申请，经审查，决定于{acceptedOn}受理。'),
        p('本组织将及时组织调解，调解的时间和地点另行通知。自本组织收到调解申请之日起十五日内未达成调解协议的，你（们）可以依法向劳动人事争议仲裁委员会申请仲裁。'),
        p('请保持联系电话畅通，并准备好身份证件、劳动合同、工资支付记录等与争议有关的材料。'),
      ],
      basis: [{ law: LDMA, article: 14, paragraph: 3, note: '自劳动争议调解组织收到调解申请之日起十五日内未达成调解协议的，当事人可以依法申请仲裁' }],
      signatures: SEAL,
    },
    arbitration: {
      title: '受理通知书',
      blocks: [
        addressee('{applicantNames}：'),
        p('你（们）与{respondentName}{dispute}一案，本委于{receivedOn}收到仲裁申请，经审查，符合受理条件，决定于{acceptedOn}立案受理。'),
        p('本委将在受理之日起五日内将仲裁申请书副本送达被申请人。仲裁庭应当自本委受理仲裁申请之日起四十五日内结束；案情复杂需要延期的，经本委主任批准，可以延期并书面通知当事人，延长期限不得超过十五日。开庭的日期和地点另行书面通知。'),
      ],
      basis: [
        { law: LDMA, article: 29, note: '收到仲裁申请之日起五日内，认为符合受理条件的，应当受理，并通知申请人' },
        { law: LDMA, article: 30, note: '受理仲裁申请后，应当在五日内将仲裁申请书副本送达被申请人' },
        { law: LDMA, article: 43, paragraph: 1, note: '仲裁庭裁决劳动争议案件，应当自受理仲裁申请之日起四十五日内结束' },
      ],
      signatures: SEAL,
    },
    confirmation: {
      title: '受理通知书',
      blocks: [
        addressee('{applicantNames}：'),
        p('你（们）与{respondentName}申请确认调解协议效力一案，本院于{receivedOn}收到申请，经审查，决定于{acceptedOn}受理。'),
        p('本院将依法审查调解协议，必要时通知双方当事人到场接受询问。'),
      ],
      basis: [
        { law: 'civilProcedure', article: 205, note: '申请司法确认调解协议，由双方当事人自调解协议生效之日起三十日内共同提出' },
        { law: 'civilProcedure', article: 206, note: '人民法院受理申请后，经审查，符合法律规定的，裁定调解协议有效' },
      ],
      signatures: SEAL,
    },
    litigation: {
      title: '受理案件通知书',
      blocks: [
        addressee('{applicantNames}：'),
        p('你（们）与{respondentName}{dispute}一案，本院于{receivedOn}收到起诉材料，经审查，符合起诉条件，决定于{acceptedOn}立案受理。'),
        p('开庭的时间和地点另行通知。'),
      ],
      basis: [{ law: 'civilProcedure', article: 126, note: '符合起诉条件的，应当在七日内立案，并通知当事人' }],
      signatures: SEAL,
    },
  },
};
