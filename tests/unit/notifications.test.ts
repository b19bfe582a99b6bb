/**
 * What each party of a case is told (SPEC §10 notifications), decided with no database: the case
 * changes come from the real action functions (src/cases/decide.ts), and the rules
 * (src/notifications/rules.ts) say who is told, in which words, once per event and person.
 */
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller.js';
import { decideAction, decideFiling, type CaseChange } from '../../src/cases/decide.js';
import type { ActionInput, FileCaseInput } from '../../src/cases/schemas.js';
import type { CaseBundle, OrganizationRow } from '../../src/cases/state.js';
import { calendarFromRows } from '../../src/clocks/engine.js';
import type { OrgKind } from '../../src/domain/model.js';
import { partyNotifications, stepsAfterDecline } from '../../src/notifications/rules.js';
import { dueWording, stepsAfterMissedInstalment, type DueRow } from '../../src/notifications/sweep.js';
import { fitSms, maskedFreeText, SMS_MAX_CHARS, smsProblem, withoutLongNumbers } from '../../src/notifications/texts.js';
import { validIdNumber } from '../support/ids.js';

const cal = calendarFromRows([]);
const org = (id: string, kind: OrgKind, name: string, intakeCode = 'PGZGH1'): OrganizationRow => ({
  id,
  name,
  kind,
  regionCode: '451023',
  parentId: null,
  intakeCode,
  createdAt: new Date('2025-01-01T00:00:00Z'),
});
const union = org('0000000a-0000-4000-8000-000000000001', 'union', '平果市总工会劳动争议调解委员会');
const commission = org('0000000b-0000-4000-8000-000000000002', 'arbitration_commission', '平果市劳动人事争议仲裁委员会');
const mediator: Caller = { userId: '0000000c-0000-4000-8000-000000000003', role: 'mediator', orgId: union.id, regionCode: '451023', name: '李调解' };
const arbitrator: Caller = { userId: '0000000d-0000-4000-8000-000000000004', role: 'arbitrator', orgId: commission.id, regionCode: '451023', name: '王仲裁' };
const worker: Caller = { userId: '0000000e-0000-4000-8000-000000000005', role: 'worker', orgId: null, regionCode: null, name: '张三' };
const EMPLOYER_USER = '0000000f-0000-4000-8000-000000000006';

const PHONE = { zhang: '13800138000', li: '13900139001', rep: '13700137002', rep2: '13600136003' };
const ID_NUMBERS = [validIdNumber(11), validIdNumber(12), validIdNumber(13)];

const at = (iso: string) => new Date(iso);

/** Three workers: 张三 filing online (an account and a phone), 李四 (a phone only), 王五 (neither). */
const filing = {
  orgId: union.id,
  categories: ['wages'],
  summary: '拖欠三个月工资',
  incidentDate: '2025-01-10',
  applicants: [
    { name: '张三', idNumber: ID_NUMBERS[0], phone: PHONE.zhang, claims: [{ category: 'wages', description: '工资', amountFen: 500_000 }] },
    { name: '李四', idNumber: ID_NUMBERS[1], phone: PHONE.li, claims: [{ category: 'wages', description: '工资', amountFen: 500_000 }] },
    { name: '王五', idNumber: ID_NUMBERS[2], claims: [{ category: 'wages', description: '工资', amountFen: 500_000 }] },
  ],
  respondent: { name: '平果某建筑有限公司' },
} as FileCaseInput;

/** The case filed at `where`, with the employer's two representatives: one signed in, one invited by phone only. */
function filed(where: OrganizationRow = union, number = `${where.intakeCode}-2025-00012`): CaseBundle {
  const b = decideFiling({ ...filing, orgId: where.id }, { caller: worker, now: at('2025-02-20T02:00:00Z'), cal, refs: {}, org: where, number, callerOrg: null, calendarVersion: 'v', resembles: [] }).after;
  const rep = (id: string, name: string, phone: string, userId: string | null) => ({
    id,
    caseId: b.row.id,
    name,
    phone,
    invitationHash: id,
    invitedAt: at('2025-02-20T03:00:00Z'),
    invitedBy: mediator.userId,
    userId,
    acceptedAt: userId ? at('2025-02-20T04:00:00Z') : null,
    position: null,
    agreesToMediate: null,
    respondedAt: null,
  });
  return {
    ...b,
    respondents: [rep('00000010-0000-4000-8000-000000000007', '赵经理', PHONE.rep, EMPLOYER_USER), rep('00000011-0000-4000-8000-000000000008', '钱会计', PHONE.rep2, null)],
  };
}

type Body = ActionInput extends infer T ? (T extends unknown ? Omit<T, 'version'> : never) : never;
const act = (b: CaseBundle, by: Caller, input: Body, now: string): CaseChange =>
  decideAction(b, { ...input, version: b.row.version } as ActionInput, { caller: by, now: at(now), cal, refs: {} });

const NOW = at('2025-02-21T02:00:00Z');
const accepted = () => act(filed(), mediator, { action: 'accept' }, '2025-02-21T02:00:00Z').after;

/** Who a set of rows tells: `u:<user>` or `p:<phone>` as the key ends. */
/** Who each row told: the account, or (for a person without one) the phone the row keeps; keys name the case's row, never the phone. */
const recipients = (rows: { key: string; userId?: string | null; phone?: string | null }[]) =>
  rows
    .map((r) => {
      expect(r.key.split(':').some((part) => /^1\d{10}$/.test(part))).toBe(false);
      return r.userId ? `u:${r.userId}` : `p:${r.phone}`;
    })
    .sort();

/** Every text a party could read: none longer than two segments by SMS, no ID number, no phone, no long number. */
function expectSafe(told: ReturnType<typeof partyNotifications>) {
  for (const s of told.sms) expect(smsProblem(s.text), s.text).toBeNull();
  for (const text of [...told.sms.map((s) => s.text), ...told.notifications.map((n) => n.text)]) {
    for (const id of ID_NUMBERS) expect(text).not.toContain(id);
    for (const phone of Object.values(PHONE)) expect(text).not.toContain(phone);
  }
  // A text message is the message of a notification, under its key.
  const keys = new Set(told.notifications.map((n) => n.key));
  for (const s of told.sms) expect(keys.has(s.idempotencyKey)).toBe(true);
}

describe('who is told of a case event', () => {
  it('accept: every applicant and representative who can be reached, on the page and by SMS, once each', () => {
    const change = act(filed(), mediator, { action: 'accept' }, '2025-02-21T02:00:00Z');
    const told = partyNotifications(change, NOW);
    const seq = change.events[0].seq;
    const li = change.after.applicants.find((a) => a.phone === PHONE.li)!;
    expect(told.notifications.map((n) => n.key).sort()).toEqual(
      [`u:${worker.userId}`, `a:${li.id}`, `u:${EMPLOYER_USER}`, 'r:00000011-0000-4000-8000-000000000008'].map((r) => `event:${change.after.row.id}:${seq}:${r}`).sort(),
    );
    expect(recipients(told.notifications)).toEqual([`u:${worker.userId}`, `p:${PHONE.li}`, `u:${EMPLOYER_USER}`, `p:${PHONE.rep2}`].sort());
    // 王五 has neither an account nor a phone: nobody to tell.
    expect(told.notifications.find((n) => n.userId === worker.userId)).toMatchObject({ phone: PHONE.zhang, kind: 'proceeding_accepted', caseId: change.after.row.id, createdAt: NOW });
    expect(told.notifications.find((n) => n.phone === PHONE.li)).toMatchObject({ userId: null });
    expect(told.sms.map((s) => s.phone).sort()).toEqual([PHONE.zhang, PHONE.li, PHONE.rep, PHONE.rep2].sort());
    expect(told.sms.every((s) => s.purpose === 'notification' && s.caseId === change.after.row.id && s.createdAt === NOW && s.nextAttemptAt === NOW)).toBe(true);
    const toWorker = told.notifications.find((n) => n.userId === worker.userId)!.text;
    expect(toWorker).toBe('你的调解申请（案号PGZGH1-2025-00012）已由平果市总工会劳动争议调解委员会受理。可登录查看案件进度和受理通知书。');
    expect(told.notifications.find((n) => n.userId === EMPLOYER_USER)!.text).toContain('你单位为本案当事人');
    expectSafe(told);
  });

  it('decline: the applicants only, with the reason and the next steps the law allows', () => {
    const change = act(filed(), mediator, { action: 'decline', reason: '不属于本调解组织受理范围' }, '2025-02-21T02:00:00Z');
    const told = partyNotifications(change, NOW);
    expect(recipients(told.notifications)).toEqual([`p:${PHONE.li}`, `u:${worker.userId}`].sort());
    const text = told.notifications[0].text;
    expect(text).toContain('决定不予受理你的调解申请（案号PGZGH1-2025-00012），理由：不属于本调解组织受理范围。');
    expect(text).toContain('向有管辖权的劳动人事争议仲裁委员会申请仲裁');
    expect(text).toContain('《劳动争议调解仲裁法》第五条、第十四条');
    expect(told.notifications[0]).toMatchObject({ kind: 'proceeding_declined', data: expect.objectContaining({ action: 'decline', proceedingKind: 'mediation' }) });
    expect(told.sms[0].text).toContain('申请仲裁');
    expectSafe(told);
  });

  it('schedule: both parties, with the China-time date and time and the place (2025-03-02T17:00:00Z is 3 March)', () => {
    const change = act(accepted(), mediator, { action: 'schedule', at: at('2025-03-02T17:00:00Z'), place: '平果市总工会三楼调解室' }, '2025-02-22T02:00:00Z');
    const told = partyNotifications(change, NOW);
    expect(recipients(told.notifications)).toEqual([`p:${PHONE.li}`, `p:${PHONE.rep2}`, `u:${EMPLOYER_USER}`, `u:${worker.userId}`].sort());
    const toWorker = told.notifications.find((n) => n.userId === worker.userId)!;
    expect(toWorker.text).toBe('案号PGZGH1-2025-00012：平果市总工会劳动争议调解委员会定于2025年3月3日（星期一）上午1时在平果市总工会三楼调解室进行调解，请你按时参加。可登录查看调解通知书。');
    expect(toWorker.data).toMatchObject({ on: '2025-03-03', at: '2025-03-02T17:00:00.000Z' });
    expect(told.notifications.find((n) => n.userId === EMPLOYER_USER)!.text).toContain('请你单位按时参加');
    expect(told.sms.every((s) => s.text.includes('2025年3月3日'))).toBe(true);
    expectSafe(told);
  });

  it('settle: each party who has not signed the agreement, and nobody once all have signed', () => {
    const agreement = { amountFen: 1_500_000, terms: '分两期支付', instalments: [{ dueOn: '2025-03-31', amountFen: 750_000 }, { dueOn: '2025-04-30', amountFen: 750_000 }] };
    const change = act(accepted(), mediator, { action: 'settle', agreement }, '2025-02-25T02:00:00Z');
    const told = partyNotifications(change, NOW);
    expect(recipients(told.notifications)).toEqual([`p:${PHONE.li}`, `p:${PHONE.rep2}`, `u:${EMPLOYER_USER}`, `u:${worker.userId}`].sort());
    expect(told.notifications.every((n) => n.kind === 'signature_requested')).toBe(true);
    expect(told.notifications.find((n) => n.userId === worker.userId)!.text).toContain('已制作调解协议书，待你签署');
    expect(told.notifications[0].text).toContain('《人民调解法》第二十九条');
    expectSafe(told);

    // The first worker and the employer signed already (on paper): only 李四 is asked.
    const signedBy = (sigs: object[]): CaseChange => ({ ...change, after: { ...change.after, agreement: { ...change.after.agreement!, signatures: sigs as never } } });
    const some = partyNotifications(
      signedBy([
        { party: 'applicant', applicantIndex: 0, name: '张三', method: 'in_person', signedAt: '2025-02-25T02:00:00Z' },
        { party: 'applicant', applicantIndex: 2, name: '王五', method: 'in_person', signedAt: '2025-02-25T02:00:00Z' },
        { party: 'respondent', name: '赵经理', method: 'in_person', signedAt: '2025-02-25T02:00:00Z' },
      ]),
      NOW,
    );
    expect(recipients(some.notifications)).toEqual([`p:${PHONE.li}`]);
    const all = partyNotifications(
      signedBy([0, 1, 2].map((i) => ({ party: 'applicant', applicantIndex: i, name: 'x', method: 'in_person', signedAt: '2025-02-25T02:00:00Z' })).concat([{ party: 'respondent', name: '赵经理', method: 'in_person', signedAt: '2025-02-25T02:00:00Z' }] as never)),
      NOW,
    );
    expect(all).toEqual({ notifications: [], sms: [] });
  });

  it('serve: each person served; by SMS link only on the page, in person or by post also by SMS', () => {
    const b = accepted();
    const seq = b.row.eventCount + 1;
    const p = b.proceedings[0];
    const service = (extra: object) => ({
      eventSeq: seq,
      applicantIndex: null,
      phone: null,
      title: '受理通知书',
      createdAt: at('2025-02-23T02:00:00Z'),
      servedAt: null,
      ...extra,
    });
    const change = {
      after: {
        ...b,
        services: [
          service({ party: 'applicant', applicantIndex: 0, phone: PHONE.zhang, channel: 'sms_link' }),
          service({ party: 'applicant', applicantIndex: 1, phone: PHONE.li, channel: 'post', servedAt: at('2025-02-23T02:00:00Z') }),
          service({ party: 'applicant', applicantIndex: 2, channel: 'sms_link' }),
          service({ party: 'respondent', phone: PHONE.rep, channel: 'in_person', servedAt: at('2025-02-22T17:30:00Z') }),
          // An earlier service is not this event's.
          service({ eventSeq: seq - 1, party: 'respondent', phone: PHONE.rep2, channel: 'post' }),
        ],
      },
      events: [{ seq, action: 'serve', proceedingId: p.id, data: { documentType: 'acceptance_notice' } }],
    } as const;
    const told = partyNotifications(change as never, NOW);
    expect(recipients(told.notifications)).toEqual([`p:${PHONE.li}`, `u:${EMPLOYER_USER}`, `u:${worker.userId}`].sort());
    // The worker served by link has the page's notice and no second message; 王五 has no account to show it in.
    expect(told.notifications.find((n) => n.userId === worker.userId)).toMatchObject({ phone: null, kind: 'document_served' });
    expect(told.notifications.find((n) => n.userId === worker.userId)!.text).toContain('已通过短信链接向你送达《受理通知书》');
    expect(told.sms.map((s) => s.phone).sort()).toEqual([PHONE.li, PHONE.rep].sort());
    expect(told.sms.find((s) => s.phone === PHONE.li)!.text).toBe('案号PGZGH1-2025-00012：平果市总工会劳动争议调解委员会已于2025年2月23日向你邮寄送达《受理通知书》。可登录查看。');
    // Served in person at 01:30 China time on 23 February.
    expect(told.sms.find((s) => s.phone === PHONE.rep)!.text).toContain('已于2025年2月23日向你单位直接送达《受理通知书》');
    expectSafe(told);
  });

  it('serve, as the action records it: each applicant by post, the representatives by their link', () => {
    const b = accepted();
    const byPost = act(b, mediator, { action: 'serve', documentType: 'acceptance_notice', to: 'applicants', channel: 'post' }, '2025-02-22T02:00:00Z');
    const told = partyNotifications(byPost, NOW);
    expect(recipients(told.notifications)).toEqual([`p:${PHONE.li}`, `u:${worker.userId}`].sort());
    expect(told.sms.map((s) => s.phone).sort()).toEqual([PHONE.zhang, PHONE.li].sort());
    expect(told.sms[0].text).toMatch(/^案号PGZGH1-2025-00012：平果市总工会劳动争议调解委员会已于2025年2月22日向你邮寄送达《.+》。可登录查看。$/);
    expectSafe(told);

    const byLink = act(byPost.after, mediator, { action: 'serve', documentType: 'acceptance_notice', to: 'respondent', channel: 'sms_link' }, '2025-02-22T03:00:00Z');
    const linked = partyNotifications(byLink, NOW);
    // The link's own message (the action's) tells both; the page tells the one with an account.
    expect(linked.sms).toEqual([]);
    expect(recipients(linked.notifications)).toEqual([`u:${EMPLOYER_USER}`]);
    expect(byLink.sms?.length).toBe(2);
  });

  it('actions that concern no party tell nobody', () => {
    const b = accepted();
    for (const input of [{ action: 'note', text: '电话联系了用人单位', internal: true }, { action: 'extend', days: 5, reason: '双方同意延期' }, { action: 'pause', reason: '等待材料' }] as Body[]) {
      expect(partyNotifications(act(b, mediator, input, '2025-02-22T02:00:00Z'), NOW)).toEqual({ notifications: [], sms: [] });
    }
  });

  it('a case filed and accepted at once tells the applicants it was accepted', () => {
    const change = decideFiling(
      { ...filing, orgId: union.id, acceptNow: true },
      { caller: mediator, now: NOW, cal, refs: {}, org: union, number: 'PGZGH1-2025-00013', callerOrg: null, calendarVersion: 'v', resembles: [] },
    );
    const told = partyNotifications(change, NOW);
    // Staff filed it: nobody has an account; both phones are told.
    expect(recipients(told.notifications)).toEqual([`p:${PHONE.li}`, `p:${PHONE.zhang}`].sort());
    expect(told.notifications[0].key).toBe(`event:${change.after.row.id}:2:${told.notifications[0].key.split(':').slice(-2).join(':')}`);
  });

  it('two people sharing one phone get one message', () => {
    const b = filed();
    const shared = { ...b, applicants: b.applicants.map((a, i) => (i === 1 ? { ...a, phone: PHONE.zhang } : a)) };
    const told = partyNotifications(act(shared, mediator, { action: 'accept' }, '2025-02-21T02:00:00Z'), NOW);
    expect(told.sms.filter((s) => s.phone === PHONE.zhang)).toHaveLength(1);
  });
});

describe('texts within two SMS segments, with no long number or personal data', () => {
  const longOrg = org('0000000a-0000-4000-8000-000000000009', 'union', '广西壮族自治区百色市平果市'.repeat(8), '451023');

  it('a long organisation name and place are shortened in the message and kept whole on the page', () => {
    const b = filed(longOrg);
    const accepted2 = act(b, { ...mediator, orgId: longOrg.id }, { action: 'accept' }, '2025-02-21T02:00:00Z').after;
    const place = `${'平果市马头镇城东社区综合服务中心'.repeat(10)}（联系人身份证${ID_NUMBERS[0]}，电话${PHONE.rep}）`;
    const change = act(accepted2, { ...mediator, orgId: longOrg.id }, { action: 'schedule', at: at('2025-03-02T06:30:00Z'), place }, '2025-02-22T02:00:00Z');
    const told = partyNotifications(change, NOW);
    expect(told.sms.length).toBeGreaterThan(0);
    for (const s of told.sms) {
      expect(s.text.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
      expect(s.text).toContain('2025年3月2日（星期日）下午2时30分');
      // The intake code is all digits: the number is written with a space so no 6-digit run appears.
      expect(s.text).toContain('4510 23-2025-00012');
      expect(s.text).not.toMatch(/\d{6}/);
    }
    const page = told.notifications[0].text;
    expect(page).toContain('451023-2025-00012');
    expect(page).toContain(longOrg.name);
    // What staff typed is masked as SPEC §7 masks it for anyone but its owner.
    expect(page).toContain('4510**********');
    expect(page).toContain('137****7002');
    expectSafe(told);
  });

  it('fits, masks and breaks numbers as the rules say', () => {
    expect(withoutLongNumbers('451023-2026-00012，14:30，20260101')).toBe('4510 23-2026-00012，14:30，2026 0101');
    expect(smsProblem('验证码 123456')).toMatch(/six digits/);
    expect(smsProblem('一'.repeat(SMS_MAX_CHARS + 1))).toMatch(/more than 134/);
    expect(smsProblem('一'.repeat(SMS_MAX_CHARS))).toBeNull();
    const fitted = fitSms((s) => `开头${s.a}中间${s.b}结尾`, { a: '甲'.repeat(100), b: '乙'.repeat(60) });
    expect(fitted.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(fitted).toMatch(/^开头甲+…中间乙+结尾$/);
    expect(maskedFreeText(`身份证 ${ID_NUMBERS[1]} 手机 +86 ${PHONE.li}`)).toBe(`身份证 ${ID_NUMBERS[1].slice(0, 4)}**********${ID_NUMBERS[1].slice(-4)} 手机 139****9001`);
  });
});

describe('next steps, with their legal basis', () => {
  it('after a decline, as the decline notice lists them', () => {
    expect(stepsAfterDecline('mediation').map((s) => s.step)).toEqual(['向有管辖权的劳动人事争议仲裁委员会申请仲裁', '向其他劳动争议调解组织申请调解']);
    expect(stepsAfterDecline('arbitration').map((s) => s.step)).toEqual(['向人民法院提起诉讼']);
    expect(stepsAfterDecline('litigation').map((s) => s.step)).toContain('对不予受理的裁定依法提起上诉');
    for (const kind of ['mediation', 'arbitration', 'confirmation', 'litigation'] as const) {
      expect(stepsAfterDecline(kind).every((s) => s.basis.length > 0)).toBe(true);
    }
  });

  it('after a missed instalment: arbitration or a payment order for a mediation agreement, enforcement otherwise', () => {
    expect(stepsAfterMissedInstalment({ proceedingKind: 'mediation', confirmed: false })).toEqual([
      { step: '申请劳动争议仲裁', basis: [{ law: 'labourDisputeMediationArbitration', article: 15 }] },
      { step: expect.stringContaining('支付令'), basis: [{ law: 'labourDisputeMediationArbitration', article: 16 }] },
    ]);
    expect(stepsAfterMissedInstalment({ proceedingKind: 'mediation', confirmed: true })[0]).toMatchObject({ step: '向人民法院申请强制执行', basis: [{ law: 'peoplesMediation', article: 33, paragraph: 2 }, { law: 'civilProcedure', article: 247 }] });
    expect(stepsAfterMissedInstalment({ proceedingKind: 'arbitration', confirmed: false })[0].basis).toEqual([{ law: 'labourDisputeMediationArbitration', article: 51 }]);
    expect(stepsAfterMissedInstalment({ proceedingKind: 'litigation', confirmed: false })[0].basis).toEqual([{ law: 'civilProcedure', article: 247 }]);
  });
});

describe("the words of a party's dates coming due", () => {
  const row = (extra: Partial<DueRow>): DueRow => ({
    ref: 'a:00000014-0000-4000-8000-00000000000b',
    clock_id: '00000012-0000-4000-8000-000000000009',
    kind: 'limitation',
    due_on: '2025-03-03',
    threshold: 'due_soon',
    case_id: '00000013-0000-4000-8000-00000000000a',
    number: '451023-2025-00012',
    party: 'applicant',
    user_id: null,
    phone: PHONE.li,
    instalment_seq: null,
    instalment_fen: null,
    agreement_kind: null,
    confirmed: null,
    final: null,
    applicants: 1,
    ...extra,
  });

  it('name the date in Chinese, the case, and what to do, within two segments', () => {
    const cases: [Partial<DueRow>, string, RegExp][] = [
      [{ kind: 'limitation' }, 'date_due_soon', /仲裁的时效期间将于2025年3月3日届满/],
      [{ kind: 'appeal_window', final: false }, 'date_due_soon', /可在2025年3月3日前向人民法院提起诉讼；期满不起诉的，裁决书发生法律效力/],
      [{ kind: 'appeal_window', final: true }, 'date_due_soon', /不服终局裁决/],
      [{ kind: 'vacate_window', party: 'respondent' }, 'date_due_soon', /中级人民法院申请撤销/],
      [{ kind: 'performance', instalment_seq: 2, instalment_fen: '750000' }, 'date_due_soon', /用人单位应于2025年3月3日前支付第2期款项（¥7,500.00）/],
      [{ kind: 'performance', party: 'respondent', instalment_seq: 1, instalment_fen: '750000' }, 'date_due_soon', /你单位应于2025年3月3日前支付第1期款项/],
      [{ kind: 'performance', instalment_seq: 1, instalment_fen: '2700000', applicants: 27 }, 'date_due_soon', /支付第1期款项（合计¥27,000.00）/],
      [{ kind: 'performance', threshold: 'breached', agreement_kind: 'mediation', confirmed: false, instalment_seq: 1, instalment_fen: '750000' }, 'instalment_missed', /你可以申请劳动争议仲裁；或就拖欠的劳动报酬/],
    ];
    for (const [extra, kind, pattern] of cases) {
      const out = dueWording(row(extra));
      expect(out.kind).toBe(kind);
      expect(out.words.text).toMatch(pattern);
      expect(smsProblem(out.words.sms), out.words.sms).toBeNull();
      expect(out.words.text).toMatch(/依据：.+。/);
      expect(out.words.sms).toContain('4510 23-2025-00012');
    }
  });
});
