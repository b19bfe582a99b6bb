/** 调解通知书 / 开庭通知书: when and where the session is, what to bring, and what missing it means. */
import { COMMON_FIELDS } from './common.js';
import { addressee, p, type Template } from './types.js';

const LDMA = 'labourDisputeMediationArbitration';
const SEAL = ['{orgName}（印章）'];
const TO_BOTH = addressee('{applicantNames}、{respondentName}：');
const BRING = p('请携带：身份证件原件及复印件；劳动合同、工资支付记录、考勤记录等与争议有关的证据材料。用人单位请携带营业执照副本、法定代表人身份证明书；委托他人参加的，另附授权委托书。');

export const hearingNotice: Template = {
  type: 'hearing_notice',
  title: '调解/开庭通知书',
  fields: { ...COMMON_FIELDS, sessionAt: '调解或者开庭的日期、星期和时间', place: '地点' },
  variants: {
    mediation: {
      title: '调解通知书',
      blocks: [
        TO_BOTH,
        p('{applicantNames}与{respondentName}{dispute}一案，本组织定于{sessionAt}在{place}进行调解，请准时参加。'),
        BRING,
        p('不能按时参加的，请提前与本组织联系。'),
      ],
      basis: [{ law: LDMA, article: 13, note: '调解劳动争议，应当充分听取双方当事人对事实和理由的陈述' }],
      signatures: SEAL,
    },
    arbitration: {
      title: '开庭通知书',
      blocks: [
        TO_BOTH,
        p('{applicantNames}与{respondentName}{dispute}一案，本委定于{sessionAt}在{place}开庭审理，请准时到庭。'),
        BRING,
        p('当事人有正当理由的，可以在开庭三日前请求延期开庭，是否延期由本委决定。申请人无正当理由拒不到庭或者未经仲裁庭同意中途退庭的，可以视为撤回仲裁申请；被申请人无正当理由拒不到庭或者未经仲裁庭同意中途退庭的，可以缺席裁决。'),
      ],
      basis: [
        { law: LDMA, article: 35, note: '仲裁庭应当在开庭五日前，将开庭日期、地点书面通知双方当事人' },
        { law: LDMA, article: 36, note: '无正当理由拒不到庭或者未经仲裁庭同意中途退庭的后果' },
      ],
      signatures: SEAL,
    },
    confirmation: {
      title: '询问通知书',
      blocks: [
        TO_BOTH,
        p('{applicantNames}与{respondentName}申请确认调解协议效力一案，本院定于{sessionAt}在{place}询问当事人，请准时到场。'),
        p('请携带身份证件、调解协议书原件及与调解协议有关的材料。'),
      ],
      basis: [{ law: 'civilProcedure', article: 206, note: '人民法院受理申请后，经审查，依法裁定调解协议有效或者驳回申请' }],
      signatures: SEAL,
    },
    litigation: {
      title: '开庭通知书',
      blocks: [
        TO_BOTH,
        p('{applicantNames}与{respondentName}{dispute}一案，本院定于{sessionAt}在{place}开庭审理，请准时到庭。'),
        BRING,
      ],
      basis: [{ law: 'civilProcedure', article: 139, note: '人民法院审理民事案件，应当在开庭三日前通知当事人和其他诉讼参与人' }],
      signatures: SEAL,
    },
  },
};
