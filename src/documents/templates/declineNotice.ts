/** 不予受理通知书: the organisation will not take the case in; why, and where the applicants may go instead. */
import { COMMON_FIELDS } from './common.js';
import { addressee, each, p, type Template } from './types.js';

const LDMA = 'labourDisputeMediationArbitration';
const SEAL = ['{orgName}（印章）'];
const NEXT_STEPS = [p('你（们）可以依法采取以下途径：', 'nextSteps'), each('nextSteps', '{n}、{step}。依据：{basis}。')];

export const declineNotice: Template = {
  type: 'decline_notice',
  title: '不予受理通知书',
  fields: { ...COMMON_FIELDS, receivedOn: '收到申请的日期', declinedOn: '决定不予受理的日期', reason: '不予受理的理由' },
  lists: { nextSteps: { n: '序号', step: '法律允许的下一步', basis: '其法律依据' } },
  variants: {
    mediation: {
      title: '不予受理通知书',
      blocks: [
        addressee('{applicantNames}：'),
        p('你（们）与{respondentName}{dispute}一案，本组织于{receivedOn}收到调解申请。经审查，本组织于{declinedOn}决定不予受理，理由如下：{reason}。'),
        ...NEXT_STEPS,
      ],
      basis: [{ law: LDMA, article: 5, note: '不愿调解、调解不成或者达成调解协议后不履行的，可以向劳动争议仲裁委员会申请仲裁' }],
      signatures: SEAL,
    },
    arbitration: {
      title: '不予受理通知书',
      blocks: [
        addressee('{applicantNames}：'),
        p('你（们）与{respondentName}{dispute}一案，本委于{receivedOn}收到仲裁申请。经审查，该申请不符合受理条件，本委于{declinedOn}决定不予受理，理由如下：{reason}。'),
        ...NEXT_STEPS,
      ],
      basis: [{ law: LDMA, article: 29, note: '认为不符合受理条件的，应当书面通知申请人不予受理，并说明理由' }],
      signatures: SEAL,
    },
    confirmation: {
      title: '不予受理通知书',
      blocks: [
        addressee('{applicantNames}：'),
        p('你（们）与{respondentName}申请确认调解协议效力一案，本院于{receivedOn}收到申请。经审查，本院于{declinedOn}决定不予受理，理由如下：{reason}。'),
        ...NEXT_STEPS,
      ],
      basis: [{ law: 'civilProcedure', article: 205, note: '申请司法确认调解协议，由双方当事人依法共同向有管辖权的人民法院提出' }],
      signatures: SEAL,
    },
    litigation: {
      title: '不予受理通知书',
      blocks: [
        addressee('{applicantNames}：'),
        p('你（们）与{respondentName}{dispute}一案，本院于{receivedOn}收到起诉材料。经审查，不符合起诉条件，本院于{declinedOn}决定不予受理，理由如下：{reason}。'),
        ...NEXT_STEPS,
      ],
      basis: [{ law: 'civilProcedure', article: 126, note: '不符合起诉条件的，应当在七日内作出裁定书，不予受理；原告对裁定不服的，可以提起上诉' }],
      signatures: SEAL,
    },
  },
};
