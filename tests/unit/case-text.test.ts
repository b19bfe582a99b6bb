/**
 * The case page's words, without a browser (src/web/pages/caseText.ts, src/web/validate.ts,
 * src/web/i18n.ts): one badge for a case's real state, when a session is still coming, a court's
 * case number, and money in the overpayment message.
 */
import { describe, expect, it } from 'vitest';
import { caseBadge, currentStep, hearingStatus, rulingText } from '../../src/web/pages/caseText.js';
import { translateProblem } from '../../src/web/i18n.js';
import { normaliseRulingNumber, rulingNumberProblem } from '../../src/web/validate.js';
import type { CaseDetail, Proceeding } from '../../src/web/types.js';

const proceeding = (over: Partial<Proceeding> = {}): Proceeding => ({
  id: 'p1',
  kind: 'mediation',
  orgId: 'o1',
  orgName: '平果市总工会劳动争议调解室',
  state: 'accepted',
  outcome: null,
  prevailed: null,
  paused: false,
  assignedUserId: null,
  referredFromOrgId: null,
  reason: null,
  receivedAt: '2026-12-01T02:00:00.000Z',
  acceptedAt: '2026-12-01T03:00:00.000Z',
  concludedAt: null,
  hearings: [],
  ...over,
});

const detail = (over: Partial<CaseDetail> = {}): CaseDetail =>
  ({
    status: 'open',
    outcome: null,
    proceedings: [proceeding()],
    agreement: null,
    clocks: [],
    nextSteps: [],
    closedAt: null,
    ...over,
  }) as CaseDetail;

describe('caseBadge', () => {
  it('says what a person would say of the case now', () => {
    expect(caseBadge(detail())).toEqual({ label: '进行中', tone: 'running' });
    expect(caseBadge(detail({ proceedings: [proceeding({ state: 'received', acceptedAt: null })] })).label).toBe('待受理');
    expect(caseBadge(detail({ proceedings: [proceeding({ paused: true })] })).label).toBe('已中止');
    expect(caseBadge(detail({ proceedings: [proceeding({ state: 'declined' })] })).label).toBe('不予受理');
    // Withdrawn, whether or not staff have closed the case yet.
    expect(caseBadge(detail({ proceedings: [proceeding({ state: 'concluded', outcome: 'withdrawn' })] })).label).toBe('已撤回');
    expect(caseBadge(detail({ status: 'closed', outcome: 'withdrawn' })).label).toBe('已撤回');
    expect(caseBadge(detail({ status: 'closed', outcome: 'performed' })).label).toBe('已结案');
    expect(caseBadge(detail({ proceedings: [proceeding({ state: 'concluded', outcome: 'failed' })] })).label).toBe('调解不成');
  });

  it('reads a list row (no proceedings) by its current state', () => {
    expect(caseBadge({ status: 'open', outcome: null, state: 'received' }).label).toBe('待受理');
    expect(caseBadge({ status: 'closed', outcome: 'withdrawn', state: 'concluded' }).label).toBe('已撤回');
  });
});

describe('hearingStatus', () => {
  const now = Date.parse('2026-12-06T02:00:00Z');
  it('is coming only ahead of now and while its proceeding is open', () => {
    expect(hearingStatus({ at: '2026-12-08T01:00:00.000Z' }, { state: 'accepted' }, now)).toBe('coming');
    expect(hearingStatus({ at: '2026-12-08T01:00:00.000Z' }, { state: 'concluded' }, now)).toBe('off');
    expect(hearingStatus({ at: '2026-12-05T01:00:00.000Z' }, { state: 'accepted' }, now)).toBe('past');
    // An offset other than Z is compared as the instant it is.
    expect(hearingStatus({ at: '2026-12-06T09:30:00+08:00' }, { state: 'accepted' }, now)).toBe('past');
  });
});

describe('currentStep', () => {
  it("tells the worker staff will call, and staff of the receiving desk what to decide; others neither", () => {
    const received = detail({ proceedings: [proceeding({ state: 'received', acceptedAt: null })] });
    expect(currentStep(received).lines).toContain('收到申请后，工作人员会联系你。');
    const desk = currentStep(received, undefined, { role: 'mediator', orgId: 'o1' }).lines.join('');
    expect(desk).toContain('待受理');
    expect(desk).not.toContain('工作人员会联系你');
    expect(currentStep(received, undefined, { role: 'supervisor', orgId: null }).lines.join('')).not.toContain('联系你');
  });
});

describe('court case numbers and money in messages', () => {
  it('puts brackets and spaces in the official form, and checks the form and the year', () => {
    expect(normaliseRulingNumber(' (2026)桂1023 民特123号 ')).toBe('（2026）桂1023民特123号');
    expect(rulingNumberProblem('(2026)桂1023民特123号', 2026)).toBeNull();
    expect(rulingNumberProblem('（2026）桂10民终7号之一', 2026)).toBeNull();
    expect(rulingNumberProblem('桂1023民特123号', 2026)).toMatch(/格式不对/);
    expect(rulingNumberProblem('（2027）桂1023民特1号', 2026)).toMatch(/晚于今年/);
    expect(rulingText({ number: '（2026）桂1023民特123号', date: '2026-12-05' })).toBe('裁定书（2026）桂1023民特123号，2026年12月5日作出');
    expect(rulingText({ number: null, date: '2026-12-05' })).toBe('裁定书2026年12月5日作出');
  });

  it('says an overpayment with thousands separators', () => {
    expect(translateProblem('amountFen', 'is more than the 1234500 fen outstanding')).toBe('超过了尚未支付的¥12,345.00');
  });
});
