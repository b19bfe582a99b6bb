/**
 * 司法确认申请书: both parties ask the court to confirm the mediation agreement, so that it can be
 * enforced. Addressed to the court of the confirmation proceeding when there is one; otherwise the
 * court's name is left for the parties to write in.
 */
import { COMMON_FIELDS } from './common.js';
import { closing, heading, p, parties, type Template } from './types.js';

export const confirmationRequest: Template = {
  type: 'confirmation_request',
  title: '司法确认申请书',
  fields: {
    ...COMMON_FIELDS,
    courtName: '受理申请的人民法院（尚无确认程序的留空待填）',
    settledOn: '达成调解协议的日期',
    agreedAmount: '约定支付的金额',
    agreedAmountUpper: '约定支付的金额（大写）',
    paymentPlan: '分期支付的，各期的期限和金额（一次支付的不写）',
    terms: '协议的其他条款，按记录的原文',
  },
  variants: {
    joint: {
      title: '司法确认申请书',
      blocks: [
        parties('申请人（劳动者）：{name}[，公民身份号码：{idNumber}][，联系电话：{phone}]', '申请人（用人单位）：{name}[，统一社会信用代码：{creditCode}][，住所：{address}][，联系人：{contact}]'),
        heading('请求事项'),
        p('请求确认申请人之间于{settledOn}经{orgName}主持调解达成的调解协议有效。'),
        heading('事实和理由'),
        p('申请人之间因{dispute}，经{orgName}主持调解，于{settledOn}达成调解协议。协议约定：{respondentName}向{applicantNames}支付{agreedAmount}（大写：{agreedAmountUpper}）[，{paymentPlan}]；其他约定：{terms}'),
        p('申请人保证：调解协议是双方当事人的真实意思表示，不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益或者他人合法权益；提交的材料真实、合法。如有虚假，愿意承担相应的法律责任。'),
        p('现依法共同申请司法确认，请予确认。'),
        closing('此致', '{courtName}'),
      ],
      basis: [
        { law: 'peoplesMediation', article: 33, paragraph: 1, note: '双方当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认' },
        { law: 'civilProcedure', article: 205, note: '申请司法确认调解协议，由双方当事人自调解协议生效之日起三十日内共同提出' },
      ],
      signatures: ['申请人（劳动者）签名：____________', '申请人（用人单位）盖章：____________'],
    },
  },
};
