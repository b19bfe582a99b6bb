import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { caseDetail, clockResponse, eventResponse } from '../../src/cases/schemas.js';
import { plainSchema, serializerCompiler } from '../../src/http/serializer.js';

type Route = Parameters<typeof serializerCompiler>[0];
const route = (schema: z.ZodType) => ({ schema, method: 'GET', url: '/test', httpStatus: '200' }) as Route;
/** What src/app.ts installs for every route, in every environment. */
const compiled = (schema: z.ZodType) => serializerCompiler(route(schema)) as (data: unknown) => string;
const viaZod = (schema: z.ZodType) => zodSerializerCompiler(route(schema)) as (data: unknown) => string;

const clock = {
  id: '12',
  kind: 'mediation',
  label: '调解期限届满日',
  proceedingId: '0190a0b0-0000-7000-8000-000000000002',
  startedOn: '2025-03-01',
  dueOn: '2025-03-16',
  unit: 'calendar',
  length: 15,
  status: 'running',
  dueSoon: false,
  pausedDays: 0,
  extensions: 0,
  extensionDays: 0,
  stoppedOn: null,
  rule: { id: 'mediation-15d', basis: '《劳动争议调解仲裁法》第十四条第三款' },
  calendarYears: [2025],
  provisional: false,
  explanation: ['受理之日起15日', '"引号" \\ 与换行\n'],
};
const detail = {
  id: '0190a0b0-0000-7000-8000-000000000001',
  number: '桂调〔2025〕1号',
  kind: 'individual',
  status: 'open',
  outcome: null,
  channel: 'online',
  orgId: '0190a0b0-0000-7000-8000-000000000003',
  categories: ['wages', 'termination'],
  summary: '拖欠工资',
  incidentDate: '2025-02-01',
  employmentEndedOn: null,
  applicants: [{ id: 'a1', name: '张三', idNumber: '110101********1234', phone: null, isCaller: true, claims: [{ id: 'c1', category: 'wages', description: '工资', amountFen: 1_234_567 }] }],
  respondent: { name: '某公司', creditCode: null, contact: '王经理', address: null },
  proceedings: [],
  agreement: null,
  payments: [{ id: 'pm1', amountFen: 40_000, paidAt: '2025-03-06T01:00:00.000Z', recordedAt: '2025-03-06T01:00:00.000Z', applicantIndex: 0 }],
  respondents: [
    { id: 'r1', name: '王经理', phone: '137****0001', isCaller: false, invitedAt: '2025-03-02T01:00:00.000Z', acceptedAt: null, position: null, agreesToMediate: null, respondedAt: null },
  ],
  representatives: [{ applicantIndex: null, kind: 'legal_aid' as const, name: '法律援助中心', orgId: null, addedAt: '2025-03-02T01:00:00.000Z' }],
  services: [
    { id: 's1', title: '受理通知书', documentType: 'acceptance_notice', fileId: null, party: 'applicant' as const, applicantIndex: 0, name: '张三', channel: 'sms_link' as const, sentAt: '2025-03-02T01:00:00.000Z', servedAt: null },
  ],
  claimedFen: 1_234_567,
  clocks: [clock],
  nextSteps: [],
  possibleDuplicates: [{ number: 'PGZGH-2026-00001', orgName: '平果市总工会劳动争议调解室', status: 'open' as const }],
  allowedActions: ['accept'],
  version: 3,
  createdAt: '2025-03-01T02:03:04.123Z',
  receivedAt: '2025-03-01T02:03:04.123Z',
  closedAt: null,
};

describe('response serialization', () => {
  it('writes what zod and JSON.stringify wrote, for a case detail with and without an agreement', () => {
    const agreement = {
      id: 'g1',
      proceedingId: 'p1',
      orgId: 'o1',
      amountFen: 80_000,
      terms: '分期',
      instalments: [{ dueOn: '2025-04-01', amountFen: 40_000 }],
      paidFen: 0,
      status: 'pending',
      final: null,
      deliveredAt: null,
      confirmedAt: null,
      confirmedByOrgId: null,
      recordedAt: '2025-03-05T01:00:00.000Z',
      perApplicant: [{ applicantIndex: 0, name: '张三', agreedFen: 80_000, paidFen: 40_000 }],
      signatures: [{ party: 'applicant', applicantIndex: 0, name: '张三', method: 'otp', signedAt: '2025-03-05T02:00:00.000Z' }],
      effective: false,
      awaitingSignature: { applicants: [], respondent: true },
    };
    for (const body of [detail, { ...detail, agreement }]) {
      expect(compiled(caseDetail)(body)).toBe(viaZod(caseDetail)(body));
      expect(JSON.parse(compiled(caseDetail)(body))).toEqual(body);
    }
  });

  it("compiles the case detail's schema for fast-json-stringify (no fallback to zod's copy)", () => {
    expect(() => plainSchema(z.toJSONSchema(caseDetail, { io: 'output', target: 'draft-7', unrepresentable: 'throw' }))).not.toThrow();
  });

  it('leaves out what the schema does not declare, however deep, as zod stripped it (nothing a presenter carries by mistake leaks)', () => {
    const leaks = [
      { ...detail, internalNote: 'x' },
      { ...detail, applicants: [{ ...detail.applicants[0], idNumber: null, rawIdNumber: '110101199001011234' }] },
      { ...detail, clocks: [{ ...clock, rule: { ...clock.rule, secret: '110101199001011234' } }] },
      { ...detail, respondent: { ...detail.respondent, legalRepIdNumber: '110101199001011234' } },
    ];
    for (const leaky of leaks) {
      const out = compiled(caseDetail)(leaky);
      expect(out).not.toContain('110101199001011234');
      expect(out).not.toContain('internalNote');
      expect(JSON.parse(out)).toEqual(JSON.parse(viaZod(caseDetail)(leaky)));
    }
    // The masked ID number the presenter did declare is written as it was given.
    expect(JSON.parse(compiled(caseDetail)(leaks[2])).applicants[0].idNumber).toBe('110101********1234');
  });

  it('keeps free-form event data whole', () => {
    const event = { seq: 1, action: 'file', actorUserId: null, actorOrgId: 'o1', proceedingId: null, internal: false, data: { nested: { a: [1, '二'] }, n: null }, occurredAt: '2025-03-01T02:03:04.123Z', recordedAt: '2025-03-01T02:03:04.123Z' };
    expect(JSON.parse(compiled(eventResponse)(event))).toEqual(event);
  });

  it('refuses an answer missing a required field instead of sending it short', () => {
    const { dueOn: _, ...short } = clock;
    expect(() => compiled(clockResponse)(short)).toThrow();
  });

  it('rewrites only "X or null"; other unions keep zod, which serializes them exactly', () => {
    expect(plainSchema({ anyOf: [{ type: 'string', enum: ['a'] }, { type: 'null' }] })).toEqual({ type: ['string', 'null'], enum: ['a'] });
    expect(() => plainSchema({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toThrow();
    const union = z.object({ v: z.union([z.string(), z.number()]) });
    expect(compiled(union)({ v: 7 })).toBe('{"v":7}');
    expect(compiled(union)({ v: '7' })).toBe('{"v":"7"}');
  });
});
