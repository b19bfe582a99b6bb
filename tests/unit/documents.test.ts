/**
 * The documents' facts (src/documents/facts.ts), their text (compose.ts) and the forms they are
 * written in (format.ts), from cases built by hand: SPEC §9's table of when a case has each
 * document, the variant each takes, every variant of every template filled from its facts, the
 * reader's masking, and the service receipt rendered and read back with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, type DocumentType } from '../../src/domain/caseFile.js';
import { compose, plainText } from '../../src/documents/compose.js';
import { available, documentFacts, factsHash, seesAllWhole, servedRecords, titleOf, type DocumentCase } from '../../src/documents/facts.js';
import { chineseDateLine, sessionTimeZh, yuan, yuanUpper } from '../../src/documents/format.js';
import { renderDocument } from '../../src/documents/render.js';
import { TEMPLATES } from '../../src/documents/templates/index.js';
import { fieldsIn, fill } from '../../src/documents/templates/types.js';

const at = (s: string) => new Date(`${s}+08:00`);
type Proceeding = DocumentCase['proceedings'][number];

let seq = 0;
function proceeding(kind: Proceeding['kind'], patch: Partial<Proceeding> = {}): Proceeding {
  const org = { mediation: '平果市总工会劳动争议调解委员会', arbitration: '平果市劳动人事争议仲裁委员会', confirmation: '平果市人民法院', litigation: '平果市人民法院' }[kind];
  return { id: `p${++seq}`, kind, orgId: `org-${kind}`, orgName: org, state: 'received', outcome: null, declineReason: null, conclusionReason: null, receivedAt: at('2026-03-02T09:00:00'), acceptedAt: null, concludedAt: null, ...patch };
}
const accepted = (kind: Proceeding['kind'], patch: Partial<Proceeding> = {}) => proceeding(kind, { state: 'accepted', acceptedAt: at('2026-03-03T10:00:00'), ...patch });
const concluded = (kind: Proceeding['kind'], outcome: NonNullable<Proceeding['outcome']>, patch: Partial<Proceeding> = {}) =>
  accepted(kind, { state: 'concluded', outcome, concludedAt: at('2026-03-10T16:00:00'), ...patch });

/** A case filed with a mediation organisation by two workers, the first with an account. */
function filed(patch: Partial<DocumentCase> = {}): DocumentCase {
  return {
    row: {
      number: 'PG7K2M-2026-00012',
      categories: ['wages', 'termination'],
      summary: '被申请人自2025年10月起拖欠工资，2026年1月辞退申请人',
      incidentDate: '2026-01-10',
      employmentEndedOn: null,
      respondentName: '平果某建筑有限公司',
      respondentCreditCode: null,
      respondentContact: null,
      respondentAddress: '平果市马头镇某路18号',
      claimedFen: 2_500_000,
    },
    proceedings: [proceeding('mediation')],
    agreement: null,
    applicants: [
      { id: 'a1', name: '李四', idNumber: '451023199001011234', phone: '13812345678', userId: 'u1' },
      { id: 'a2', name: '王五', idNumber: '45102319920202123X', phone: null, userId: null },
    ],
    claims: [
      { id: 'c2', applicantId: 'a2', category: 'wages', description: '支付工资', amountFen: 1_000_000 },
      { id: 'c1', applicantId: 'a1', category: 'termination', description: '支付经济补偿。', amountFen: 1_500_000 },
    ],
    hearings: [],
    instalments: [],
    served: [],
    ...patch,
  };
}

function settled(kind: 'mediation' | 'arbitration' | 'litigation' = 'mediation', patch: Partial<DocumentCase> = {}): DocumentCase {
  const p = concluded(kind, 'settled');
  return filed({
    proceedings: [p],
    agreement: { proceedingId: p.id, amountFen: 1_800_000, terms: '双方再无其他争议', confirmedAt: null, recordedAt: at('2026-03-10T16:00:00') },
    instalments: [{ dueOn: '2026-04-10', amountFen: 900_000 }, { dueOn: '2026-05-10', amountFen: 900_000 }],
    ...patch,
  });
}

const serve = { documentType: 'agreement', title: null, fileName: null, to: 'applicants', channel: 'sms_link', servedAt: at('2026-03-11T10:00:00'), orgId: 'org-mediation' };

const availableTypes = (c: DocumentCase) => DOCUMENT_TYPES.filter((t) => available(c, t));
const textOf = (c: DocumentCase, type: DocumentType) => plainText(compose(documentFacts(c, type)!));

describe('how documents write values', () => {
  it('the date line in Chinese numerals, the body in Arabic ones', () => {
    expect(chineseDateLine('2026-12-06')).toBe('二〇二六年十二月六日');
    expect(chineseDateLine('2030-10-31')).toBe('二〇三〇年十月三十一日');
    expect(chineseDateLine('2026-01-20')).toBe('二〇二六年一月二十日');
    expect(sessionTimeZh(at('2026-03-09T09:30:00'))).toBe('2026年3月9日（星期一）上午9时30分');
    expect(sessionTimeZh(at('2026-03-15T14:00:00'))).toBe('2026年3月15日（星期日）下午2时');
  });

  it('sums in yuan, and in capital numerals with one 零 for a run of zeros', () => {
    expect(yuan(123_456_789)).toBe('人民币1,234,567.89元');
    expect(yuan(5)).toBe('人民币0.05元');
    expect(yuanUpper(1_500_000)).toBe('壹万伍仟元整');
    expect(yuanUpper(1_050_000)).toBe('壹万零伍佰元整');
    expect(yuanUpper(1_000_100)).toBe('壹万零壹元整');
    expect(yuanUpper(10_000_005)).toBe('壹拾万元零伍分');
    expect(yuanUpper(10_000_000_000)).toBe('壹亿元整');
    expect(yuanUpper(10_000_010_000)).toBe('壹亿零壹佰元整');
    expect(yuanUpper(12)).toBe('壹角贰分');
    expect(yuanUpper(150)).toBe('壹元伍角整');
    expect(yuanUpper(0)).toBe('零元整');
    expect(() => yuanUpper(-1)).toThrow(RangeError);
  });

  it('a bracketed part of a template disappears when a field in it has no value; a field the facts lack is an error', () => {
    expect(fill('住所：{a}[，联系人：{b}]。', { a: '某路', b: '' })).toBe('住所：某路。');
    expect(fill('住所：{a}[，联系人：{b}]。', { a: '某路', b: '王经理' })).toBe('住所：某路，联系人：王经理。');
    expect(() => fill('{missing}', {})).toThrow(/missing/);
  });
});

describe('when a case has each document (SPEC §9)', () => {
  it('a new case has its application only', () => {
    expect(availableTypes(filed())).toEqual(['application']);
  });

  it('acceptance once the last proceeding was accepted; a session notice once one is scheduled', () => {
    const p = accepted('mediation');
    expect(availableTypes(filed({ proceedings: [p] }))).toEqual(['application', 'acceptance_notice']);
    const withSession = filed({ proceedings: [p], hearings: [{ proceedingId: p.id, at: at('2026-03-09T09:30:00'), place: '调解室' }] });
    expect(availableTypes(withSession)).toEqual(['application', 'acceptance_notice', 'hearing_notice']);
  });

  it('a settled mediation: the agreement and, until confirmed, the request for confirmation', () => {
    expect(availableTypes(settled())).toEqual(['application', 'acceptance_notice', 'agreement', 'confirmation_request']);
    const confirmed = settled();
    confirmed.agreement = { ...confirmed.agreement!, confirmedAt: at('2026-03-20T10:00:00') };
    expect(availableTypes(confirmed)).toEqual(['application', 'acceptance_notice', 'agreement']);
    // A settlement at arbitration is confirmed by no court.
    expect(availableTypes(settled('arbitration'))).not.toContain('confirmation_request');
  });

  it('an award is the commission’s own document, not an agreement', () => {
    const p = concluded('arbitration', 'awarded');
    const c = filed({ proceedings: [p], agreement: { proceedingId: p.id, amountFen: 100, terms: '裁决', confirmedAt: null, recordedAt: at('2026-03-10T16:00:00') } });
    expect(available(c, 'agreement')).toBe(false);
  });

  it('a failed mediation, a declined proceeding, a service', () => {
    const failed = concluded('mediation', 'failed', { conclusionReason: '用人单位拒绝调解' });
    const declined = proceeding('arbitration', { state: 'declined', concludedAt: at('2026-03-12T10:00:00'), declineReason: '超过仲裁时效。' });
    expect(availableTypes(filed({ proceedings: [failed] }))).toEqual(['application', 'acceptance_notice', 'mediation_ended']);
    expect(availableTypes(filed({ proceedings: [failed, declined] }))).toEqual(['application', 'decline_notice', 'mediation_ended']);
    expect(availableTypes(filed({ served: [serve] }))).toEqual(['application', 'service_receipt']);
  });
});

describe('the facts and the text of each document', () => {
  it('the application is for mediation or arbitration after the open or last proceeding', () => {
    const mediation = concluded('mediation', 'failed');
    const arbitration = accepted('arbitration');
    expect(documentFacts(filed(), 'application')!.variant).toBe('mediation');
    expect(documentFacts(filed({ proceedings: [mediation, arbitration] }), 'application')).toMatchObject({ variant: 'arbitration', fields: { orgName: '平果市劳动人事争议仲裁委员会' } });
    // A confirmation is not applied for with this document: the mediation before it is.
    const s = settled();
    const c = { ...s, proceedings: [...s.proceedings, proceeding('confirmation')] };
    expect(documentFacts(c, 'application')).toMatchObject({ variant: 'mediation', fields: { orgName: '平果市总工会劳动争议调解委员会' } });
    expect(titleOf('application', documentFacts(c, 'application'))).toBe('劳动争议调解申请书');
  });

  it('the application names each party and claim, the claims in the applicants’ order', () => {
    const text = textOf(filed(), 'application');
    expect(text).toContain('申请人：李四，公民身份号码：451023199001011234，联系电话：13812345678');
    expect(text).toContain('申请人：王五，公民身份号码：45102319920202123X\n');
    expect(text).toContain('被申请人：平果某建筑有限公司，住所：平果市马头镇某路18号');
    expect(text).toMatch(/一、李四请求：支付经济补偿（解除劳动合同），金额人民币15,000.00元。\n二、王五请求：支付工资（劳动报酬），金额人民币10,000.00元。/);
    expect(text).toContain('以上请求金额合计人民币25,000.00元。');
    expect(text).toContain('申请人与被申请人之间发生劳动报酬、解除劳动合同争议。被申请人自2025年10月起拖欠工资，2026年1月辞退申请人。');
    expect(text).toContain('争议发生日期：2026年1月10日。');
    expect(text).toContain('法律依据：《劳动争议调解仲裁法》第十二条');
  });

  it('the agreement writes the sum in capitals and the plan of instalments', () => {
    const text = textOf(settled(), 'agreement');
    expect(text).toContain('一、被申请人向申请人支付人民币18,000.00元（大写：壹万捌仟元整），分二期支付：2026年4月10日前支付人民币9,000.00元；2026年5月10日前支付人民币9,000.00元。');
    expect(text).toContain('二、其他约定：双方再无其他争议。');
    expect(textOf(settled('mediation', { instalments: [{ dueOn: '2026-04-10', amountFen: 1_800_000 }] }), 'agreement')).toContain('（大写：壹万捌仟元整），于2026年4月10日前付清。');
    expect(textOf(settled('mediation', { instalments: [] }), 'agreement')).toContain('（大写：壹万捌仟元整）。');
    expect(compose(documentFacts(settled('litigation'), 'agreement')!)).toMatchObject({ title: '民事调解书', signatures: ['审判员（签名）：____________', '平果市人民法院（印章）'] });
  });

  it('the decline notice gives the reason and every next step the referral table allows', () => {
    const c = filed({ proceedings: [proceeding('arbitration', { state: 'declined', concludedAt: at('2026-03-12T10:00:00'), declineReason: '超过仲裁时效。' })] });
    const text = textOf(c, 'decline_notice');
    expect(text).toContain('本委于2026年3月12日决定不予受理，理由如下：超过仲裁时效。');
    expect(text).toContain('一、向人民法院提起诉讼。依据：《劳动争议调解仲裁法》第二十九条');
    const mediation = filed({ proceedings: [proceeding('mediation', { state: 'declined', declineReason: null })] });
    expect(documentFacts(mediation, 'decline_notice')!.lists.nextSteps.map((s) => s.step)).toEqual(['向有管辖权的劳动人事争议仲裁委员会申请仲裁', '向其他劳动争议调解组织申请调解']);
  });

  it('the session notice takes the last proceeding’s latest session; moving it changes the facts', () => {
    const p = accepted('arbitration');
    const first = filed({ proceedings: [p], hearings: [{ proceedingId: p.id, at: at('2026-03-09T09:30:00'), place: '第一仲裁庭' }] });
    const moved = { ...first, hearings: [...first.hearings, { proceedingId: p.id, at: at('2026-03-16T14:30:00'), place: '第二仲裁庭' }] };
    expect(textOf(first, 'hearing_notice')).toContain('本委定于2026年3月9日（星期一）上午9时30分在第一仲裁庭开庭审理');
    expect(textOf(moved, 'hearing_notice')).toContain('2026年3月16日（星期一）下午2时30分在第二仲裁庭');
    expect(factsHash(documentFacts(moved, 'hearing_notice')!)).not.toBe(factsHash(documentFacts(first, 'hearing_notice')!));
    expect(factsHash(documentFacts(first, 'hearing_notice')!)).toBe(factsHash(documentFacts(structuredClone(first), 'hearing_notice')!));
  });

  it('the request for confirmation is addressed to the court once a confirmation is open, else left to be written in', () => {
    expect(documentFacts(settled(), 'confirmation_request')!.fields.courtName).toBe('____________人民法院');
    const s = settled();
    const c = { ...s, proceedings: [...s.proceedings, proceeding('confirmation')] };
    expect(textOf(c, 'confirmation_request')).toContain('此致\n平果市人民法院');
  });

  it('every variant of every template is filled from facts that choose it', () => {
    const m = accepted('mediation');
    const cases: DocumentCase[] = [
      filed({ proceedings: [m], hearings: [{ proceedingId: m.id, at: at('2026-03-09T09:30:00'), place: '调解室' }], served: [serve] }),
      settled(),
      settled('arbitration'),
      settled('litigation'),
      filed({ proceedings: [concluded('mediation', 'failed')] }),
      ...(['mediation', 'arbitration', 'confirmation', 'litigation'] as const).flatMap((kind) => {
        const a = accepted(kind);
        return [
          filed({ proceedings: [a], hearings: [{ proceedingId: a.id, at: at('2026-03-09T09:30:00'), place: '第一法庭' }] }),
          filed({ proceedings: [proceeding(kind, { state: 'declined', declineReason: '不符合条件' })] }),
        ];
      }),
    ];
    const seen = new Set<string>();
    for (const c of cases) {
      for (const type of DOCUMENT_TYPES) {
        const facts = documentFacts(c, type);
        if (!facts) continue;
        seen.add(`${type}/${facts.variant}`);
        const text = compose(facts);
        expect(text.body.length, `${type}/${facts.variant}`).toBeGreaterThan(0);
        expect(plainText(text)).not.toMatch(/[{}[\]]/);
        // Every field a variant names is declared in its template, for whoever corrects the text.
        const template = TEMPLATES[type];
        const declared = new Set([...Object.keys(template.fields), ...Object.values(template.lists ?? {}).flatMap((l) => Object.keys(l)), 'name', 'idNumber', 'phone', 'creditCode', 'address', 'contact']);
        const variant = template.variants[facts.variant];
        const named = [...variant.blocks.flatMap((b) => ('text' in b ? [b.text] : 'lines' in b ? b.lines : [b.applicant, b.respondent])), ...variant.signatures].flatMap(fieldsIn);
        for (const f of named) expect(declared, `${type}/${facts.variant} names {${f}}`).toContain(f);
      }
    }
    const every = Object.values(TEMPLATES).flatMap((t) => Object.keys(t.variants).map((v) => `${t.type}/${v}`));
    expect([...seen].sort()).toEqual(every.sort());
  });
});

describe('what a reader sees', () => {
  it('an applicant’s ID number and phone masked for a reader who may not see them whole', () => {
    const c = filed();
    const workerOne = (a: { userId: string | null }) => a.userId === 'u1';
    const facts = documentFacts(c, 'application', workerOne)!;
    expect(facts.applicants).toEqual([
      { name: '李四', idNumber: '451023199001011234', phone: '13812345678' },
      { name: '王五', idNumber: '4510**********123X', phone: '' },
    ]);
    expect(seesAllWhole(c, workerOne)).toBe(false);
    expect(seesAllWhole(c, () => true)).toBe(true);
    // Only the personal data differs: the rest of the document is the one issued.
    const issued = documentFacts(c, 'application')!;
    expect({ ...facts, applicants: [] }).toEqual({ ...issued, applicants: [] });
  });
});

describe('the service receipt', () => {
  it('lists each person served once they are served, oldest first; a link not yet opened is no service (SPEC §10)', () => {
    const p = { id: 'p1', orgId: 'o1', receivedAt: at('2026-03-01T09:00:00') };
    const row = (over: Record<string, unknown>) => ({
      id: 's', caseId: 'c', eventSeq: 5, documentType: 'agreement', fileId: null, fileKind: null, title: '调解协议书', party: 'applicant', applicantIndex: 0,
      name: '张三', phone: '13800000000', channel: 'in_person', linkHash: null, createdAt: at('2026-03-11T10:00:00'), servedAt: at('2026-03-11T10:00:00'), ...over,
    });
    const records = servedRecords({
      proceedings: [p] as never,
      services: [
        row({ id: 'a', channel: 'sms_link', servedAt: at('2026-03-13T08:00:00') }),
        row({ id: 'b', channel: 'sms_link', servedAt: null, name: '李四' }),
        row({ id: 'c', party: 'respondent', applicantIndex: null, name: '王经理', channel: 'post', servedAt: at('2026-03-12T10:00:00') }),
      ] as never,
    });
    expect(records.map((r) => [r.name, r.to, r.channel, r.orgId])).toEqual([
      ['王经理', 'respondent', 'post', 'o1'],
      ['张三', 'applicants', 'sms_link', 'o1'],
    ]);
  });

  it('is rendered from its facts, the same bytes twice, its text extractable', async () => {
    const c = settled('mediation', { served: [serve, { ...serve, documentType: null, fileName: '仲裁裁决书.pdf', to: 'respondent', channel: 'post', servedAt: at('2026-03-12T10:00:00') }] });
    const facts = documentFacts(c, 'service_receipt')!;
    const stamp = { code: 'ABCD2345EFGH', issuedAt: at('2026-03-13T10:00:00'), verifyUrl: '/verify/documents/ABCD2345EFGH', masked: false };
    const pdf = await renderDocument(facts, stamp);
    expect((await renderDocument(facts, stamp)).equals(pdf)).toBe(true);
    expect((await renderDocument(facts, { ...stamp, code: 'ABCD2345EFGJ' })).equals(pdf)).toBe(false);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, '');
    expect(text).toContain('送达回证');
    expect(text).toContain('一、送达文书：调解协议书；受送达人：申请人李四、王五；送达方式：电子送达（短信链接）；送达日期：2026年3月11日；送达人：平果市总工会劳动争议调解委员会。');
    expect(text).toContain('二、送达文书：仲裁裁决书.pdf；受送达人：被申请人平果某建筑有限公司；送达方式：邮寄送达；送达日期：2026年3月12日');
    expect(text).toContain('《民事诉讼法》第八十七条');
    expect(text).toContain('二〇二六年三月十三日');
    expect(text).toContain('验证码：ABCD-2345-EFGH');
    expect(pdf.length).toBeLessThan(100_000);
  });
});

describe('both parties online in the documents (SPEC §10)', () => {
  it('names who acts for a party after the parties, in every document', () => {
    const base = filed();
    const c = filed({ row: { ...base.row, representatives: [{ applicantIndex: 1, kind: 'legal_aid', name: '平果市法律援助中心 刘明', orgId: 'org-aid', addedAt: '2026-03-02T09:00:00+08:00' }] } });
    const settledWithRep = settled('mediation', { row: c.row });
    for (const text of [textOf(c, 'application'), textOf(settledWithRep, 'agreement')]) {
      expect(text).toContain('申请人王五的法律援助人员：平果市法律援助中心 刘明');
    }
    // A case without representatives has the same facts as before (its documents stay current).
    expect(factsHash(documentFacts(base, 'application')!)).toBe(factsHash(documentFacts(filed({ row: { ...base.row, representatives: [] } }), 'application')!));
  });

  it('lists the signatures of a settlement once there are any, and a signature makes a new document', () => {
    const unsigned = settled();
    const signedCase: DocumentCase = {
      ...unsigned,
      agreement: {
        ...unsigned.agreement!,
        signatures: [
          { party: 'applicant', applicantIndex: 0, name: '李四', method: 'otp', signedAt: '2026-03-11T02:00:00.000Z' },
          { party: 'respondent', name: '赵经理', method: 'in_person', signedAt: '2026-03-12T17:00:00.000Z' },
        ],
      },
    };
    expect(textOf(unsigned, 'agreement')).not.toContain('签署情况');
    const text = textOf(signedCase, 'agreement');
    expect(text).toContain('签署情况');
    expect(text).toContain('申请人李四于2026年3月11日以手机验证码在线签署。');
    // 17:00Z on the 12th is the 13th in China.
    expect(text).toContain('被申请人平果某建筑有限公司（赵经理）于2026年3月13日当面签署。');
    expect(factsHash(documentFacts(signedCase, 'agreement')!)).not.toBe(factsHash(documentFacts(unsigned, 'agreement')!));
  });
});
