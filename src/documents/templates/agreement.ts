/**
 * 调解协议书 and the settlements courts and commissions write (仲裁调解书, 民事调解书): the
 * parties, what was claimed, what the respondent will pay and when, the other terms, and the
 * signatures that make it take effect. Available once a proceeding ended in a settlement
 * (facts.ts); an award or a judgement is the agency's own document, uploaded as a file.
 */
import { COMMON_FIELDS, PARTIES } from './common.js';
import { each, heading, p, parties, type Template } from './types.js';

const LDMA = 'labourDisputeMediationArbitration';

const CLAIMS = [
  heading('争议事项'),
  p('双方当事人之间发生{dispute}。{applicantNames}的请求如下：'),
  each('claims', '{n}、{applicant}：{description}（{category}），金额{amount}。'),
];
const PAYMENT = p('一、被申请人向申请人支付{agreedAmount}（大写：{agreedAmountUpper}）[，{paymentPlan}]。');
const TERMS = p('二、其他约定：{terms}');
/** Who has signed, once anyone has (SPEC §10): a signed agreement is a new document. */
const SIGNED = [heading('签署情况', 'signed'), each('signed', '{party}于{signedOn}{method}签署。')];

export const agreement: Template = {
  type: 'agreement',
  title: '调解协议书',
  fields: {
    ...COMMON_FIELDS,
    settledOn: '达成协议的日期',
    agreedAmount: '约定支付的金额',
    agreedAmountUpper: '约定支付的金额（大写）',
    paymentPlan: '分期支付的，各期的期限和金额（一次支付的不写）',
    terms: '协议的其他条款，按记录的原文',
  },
  lists: {
    claims: { n: '序号', applicant: '提出请求的申请人', category: '争议事项', description: '请求的内容', amount: '请求的金额' },
    signed: { party: '签署的当事人', signedOn: '签署的日期', method: '签署的方式：在线（手机验证码）或当面' },
  },
  variants: {
    mediation: {
      title: '调解协议书',
      blocks: [
        PARTIES,
        ...CLAIMS,
        heading('协议内容'),
        p('经{orgName}主持调解，双方当事人在平等自愿的基础上，于{settledOn}达成如下协议：'),
        PAYMENT,
        TERMS,
        p('三、本协议书由双方当事人签名或者盖章，经调解员签名并加盖调解组织印章后生效，对双方当事人具有约束力，当事人应当履行。'),
        p('四、被申请人在协议约定期限内不履行本协议的，申请人可以依法申请仲裁；就支付拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金事项达成协议，被申请人在约定期限内不履行的，申请人可以持本协议书依法向人民法院申请支付令。'),
        p('五、本协议书一式三份，双方当事人和调解组织各执一份。'),
        ...SIGNED,
      ],
      basis: [
        { law: LDMA, article: 14, note: '经调解达成协议的，应当制作调解协议书；调解协议书由双方当事人签名或者盖章，经调解员签名并加盖调解组织印章后生效' },
        { law: LDMA, article: 15, note: '达成调解协议后，一方当事人在协议约定期限内不履行调解协议的，另一方当事人可以依法申请仲裁' },
        { law: LDMA, article: 16, note: '用人单位在协议约定期限内不履行支付拖欠劳动报酬等事项的调解协议的，劳动者可以持调解协议书依法向人民法院申请支付令' },
      ],
      signatures: ['申请人（签名）：____________', '被申请人（盖章）：____________', '调解员（签名）：____________', '{orgName}（印章）'],
    },
    arbitration: {
      title: '仲裁调解书',
      blocks: [
        PARTIES,
        ...CLAIMS,
        heading('调解结果'),
        p('本委受理后，仲裁庭依法先行调解，双方当事人自愿于{settledOn}达成如下协议：'),
        PAYMENT,
        TERMS,
        p('三、本调解书经双方当事人签收后，发生法律效力。一方当事人逾期不履行的，另一方当事人可以依照民事诉讼法的有关规定向人民法院申请执行。'),
        ...SIGNED,
      ],
      basis: [
        { law: LDMA, article: 42, note: '调解达成协议的，仲裁庭应当制作调解书；调解书经双方当事人签收后，发生法律效力' },
        { law: LDMA, article: 51, note: '一方当事人逾期不履行发生法律效力的调解书的，另一方当事人可以向人民法院申请执行' },
      ],
      signatures: ['仲裁员（签名）：____________', '{orgName}（印章）'],
    },
    litigation: {
      title: '民事调解书',
      blocks: [
        parties('原告：{name}[，公民身份号码：{idNumber}][，联系电话：{phone}]', '被告：{name}[，统一社会信用代码：{creditCode}][，住所：{address}][，联系人：{contact}]'),
        ...CLAIMS,
        heading('调解结果'),
        p('本院受理后，经本院主持调解，双方当事人自愿于{settledOn}达成如下协议：'),
        PAYMENT,
        TERMS,
        p('三、本调解书经双方当事人签收后，即具有法律效力。'),
        ...SIGNED,
      ],
      basis: [{ law: 'civilProcedure', article: 100, note: '调解达成协议，人民法院应当制作调解书；调解书经双方当事人签收后，即具有法律效力' }],
      signatures: ['审判员（签名）：____________', '{orgName}（印章）'],
    },
  },
};
