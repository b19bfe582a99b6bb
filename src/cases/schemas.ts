import { z } from 'zod';
import {
  AGREEMENT_STATUSES,
  CASE_KINDS,
  CASE_OUTCOMES,
  CASE_STATUSES,
  CATEGORIES,
  CHANNELS,
  PROCEEDING_KINDS,
  PROCEEDING_OUTCOMES,
  PROCEEDING_STATES,
  PREVAILED,
  REPRESENTATIVE_KINDS,
} from '../domain/model.js';
import { RULING_NUMBER, normaliseRulingNumber } from '../domain/identity.js';
import { ACTIONS } from '../domain/transitions.js';
import { DOCUMENT_TYPES } from '../domain/caseFile.js';
import { SERVICE_CHANNELS } from '../db/schema/parties.js';
import { creditCode, idNumber, instant, legalDate, mobile, text, uuidSchema } from '../http/schemas.js';

/** Money is integer fen; 100 million yuan bounds any one labour claim with room to spare. */
const fen = z.number().int('must be whole fen').min(0).max(10_000_000_000);

const claim = z.object({ category: z.enum(CATEGORIES), description: text(2000), amountFen: fen });

const applicant = z.object({
  name: text(100),
  idNumber: idNumber.optional(),
  phone: mobile.optional(),
  claims: z.array(claim).min(1, 'each applicant needs at least one claim').max(50),
});

export const fileCaseBody = z.object({
  orgId: uuidSchema,
  categories: z.array(z.enum(CATEGORIES)).min(1).max(CATEGORIES.length),
  summary: text(5000),
  incidentDate: legalDate,
  employmentEndedOn: legalDate.optional(),
  applicants: z.array(applicant).min(1, 'a case needs at least one applicant').max(2000),
  respondent: z.object({
    name: text(200),
    creditCode: creditCode.optional(),
    contact: z.string().trim().max(100).optional(),
    address: z.string().trim().max(300).optional(),
  }),
  occurredAt: instant.optional(),
  acceptNow: z.boolean().optional(),
});
export type FileCaseInput = z.infer<typeof fileCaseBody>;

export const agreementInput = z
  .object({
    amountFen: fen,
    terms: text(10000),
    instalments: z
      .array(z.object({ dueOn: legalDate, amountFen: fen.min(1) }))
      .max(120)
      .optional(),
    perApplicant: z
      .array(z.object({ applicantIndex: z.number().int().min(0).max(1999), amountFen: fen }))
      .min(1)
      .max(2000)
      .optional()
      .describe("SPEC §10: each worker's share in a collective case (applicants by their index on the case), adding up to amountFen"),
  })
  .superRefine((a, ctx) => {
    if (a.perApplicant) {
      const total = a.perApplicant.reduce((s, p) => s + p.amountFen, 0);
      if (total !== a.amountFen) ctx.addIssue({ code: 'custom', path: ['perApplicant'], message: `the workers' shares add up to ${total} fen, not ${a.amountFen}` });
      const seen = new Set<number>();
      a.perApplicant.forEach((p, i) => {
        if (seen.has(p.applicantIndex)) ctx.addIssue({ code: 'custom', path: ['perApplicant', i, 'applicantIndex'], message: 'names the same worker twice' });
        seen.add(p.applicantIndex);
      });
    }
    if (!a.instalments?.length) return;
    const total = a.instalments.reduce((s, i) => s + i.amountFen, 0);
    if (total !== a.amountFen) {
      ctx.addIssue({ code: 'custom', path: ['instalments'], message: `instalments add up to ${total} fen, not ${a.amountFen}` });
    }
    for (let i = 1; i < a.instalments.length; i++) {
      if (a.instalments[i].dueOn <= a.instalments[i - 1].dueOn) {
        ctx.addIssue({ code: 'custom', path: ['instalments', i, 'dueOn'], message: 'instalments must fall due in order, one per date' });
      }
    }
  });
export type AgreementInput = z.infer<typeof agreementInput>;

const base = { version: z.number().int().min(1), occurredAt: instant.optional() };
const reason = text(2000);

/** A court's case number (domain/identity.ts): half-width brackets and spaces are taken and stored in the official form. */
const rulingNumber = z
  .string()
  .max(60)
  .transform(normaliseRulingNumber)
  .refine((v) => RULING_NUMBER.test(v), 'must be a court case number such as （2026）桂1023民特123号');
/** A court's decision may name its ruling (SPEC §4 confirm / refuse; decline at a court); checked against the case in effects. */
const ruling = { rulingNumber: rulingNumber.optional(), rulingDate: legalDate.optional() };
/** SPEC §12: a concluding action (CONCLUDING_ACTIONS) may say who prevailed; staff only. */
const concluding = { prevailed: z.enum(PREVAILED).optional().describe('who prevailed: worker (劳动者胜诉), employer (用人单位胜诉) or partly (双方部分胜诉); staff only') };

/** SPEC §4: one body per action, told apart by `action`. */
export const actionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), ...base }),
  z.object({ action: z.literal('decline'), ...base, reason, ...ruling }),
  z.object({ action: z.literal('schedule'), ...base, at: instant, place: text(300) }),
  z.object({ action: z.literal('extend'), ...base, days: z.number().int().min(1).max(365), reason }),
  z.object({ action: z.literal('pause'), ...base, reason }),
  z.object({ action: z.literal('resume'), ...base }),
  z.object({
    action: z.literal('settle'),
    ...base,
    agreement: agreementInput,
    signedInPerson: z.boolean().optional().describe("SPEC §10: every party signed the paper agreement in person; records all their signatures at once"),
    ...concluding,
  }),
  z.object({ action: z.literal('fail'), ...base, reason, ...concluding }),
  z.object({
    action: z.literal('award'),
    ...base,
    agreement: agreementInput,
    final: z.boolean(),
    deliveredAt: instant.optional().describe('when the award was delivered to the worker; without it, its windows start when a file of kind award is served on the worker (SPEC §10)'),
    ...concluding,
  }),
  z.object({ action: z.literal('judge'), ...base, agreement: agreementInput.optional(), ...concluding }),
  z.object({ action: z.literal('confirm'), ...base, ...ruling, ...concluding }),
  z.object({ action: z.literal('refuse'), ...base, reason, ...ruling, ...concluding }),
  z.object({ action: z.literal('withdraw'), ...base, reason, ...concluding }),
  z.object({ action: z.literal('refer'), ...base, toOrgId: uuidSchema, kind: z.enum(PROCEEDING_KINDS), reason }),
  z.object({ action: z.literal('assign'), ...base, userId: uuidSchema }),
  z.object({ action: z.literal('record_payment'), ...base, amountFen: fen.min(1), paidAt: instant, applicantIndex: z.number().int().min(0).max(1999).optional().describe('the worker paid, where the agreement is split per worker') }),
  z.object({ action: z.literal('record_default'), ...base, reason }),
  z.object({ action: z.literal('close'), ...base, outcome: z.enum(CASE_OUTCOMES) }),
  z.object({ action: z.literal('note'), ...base, text: text(10000), internal: z.boolean().default(false) }),
  z.object({ action: z.literal('invite_respondent'), ...base, phone: mobile, name: text(100) }),
  z.object({ action: z.literal('respond'), ...base, text: text(5000), agreesToMediate: z.boolean() }),
  z.object({
    action: z.literal('add_representative'),
    ...base,
    applicantIndex: z.number().int().min(0).max(1999).optional().describe('the applicant represented; all of them when absent'),
    kind: z.enum(REPRESENTATIVE_KINDS),
    name: text(200),
    orgId: uuidSchema.optional().describe('the legal-aid centre or procuratorate, when it is one in Tiaojie'),
  }),
  z.object({
    action: z.literal('sign'),
    ...base,
    code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code sent to your phone').optional().describe('a party signing: the code sent with purpose sign'),
    party: z.enum(['applicant', 'respondent']).optional().describe('staff recording a paper signature: whose'),
    applicantIndex: z.number().int().min(0).max(1999).optional(),
    inPerson: z.literal(true).optional(),
    fileId: uuidSchema.optional().describe('the scanned signed agreement, an uploaded file of the case'),
  }),
  z.object({
    action: z.literal('serve'),
    ...base,
    documentType: z.enum(DOCUMENT_TYPES).optional(),
    fileId: uuidSchema.optional(),
    to: z.enum(['applicants', 'respondent']),
    channel: z.enum(SERVICE_CHANNELS),
    servedAt: instant.optional().describe('in person or by post: when it was served (default: when recorded)'),
  }),
  z.object({ action: z.literal('not_duplicate'), ...base, number: z.string().trim().min(1).max(40).describe('the number of the case this one is not a duplicate of') }),
]);
export type ActionInput = z.infer<typeof actionBody>;

export const listQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  state: z.enum(PROCEEDING_STATES).optional(),
  kind: z.enum(CASE_KINDS).optional(),
  orgId: uuidSchema.optional(),
  category: z.enum(CATEGORIES).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  /** Cases with an open clock due before this date. */
  dueBefore: legalDate.optional(),
  /** Cases whose open proceeding is assigned to this staff member (a workbench's own cases). */
  assignedTo: uuidSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: uuidSchema.optional(),
  order: z
    .enum(['newest', 'waiting'])
    .default('newest')
    .describe('newest: the newest case first; waiting: the case whose current proceeding was received longest ago first (an intake queue)'),
});
export type ListQuery = z.infer<typeof listQuery>;

// ---------------------------------------------------------------------------------------------
// Responses: allowlists, so nothing unnamed leaves the server.

const ts = z.string();
const agreementResponse = z.object({
  id: z.string(),
  proceedingId: z.string(),
  orgId: z.string(),
  amountFen: z.number(),
  terms: z.string(),
  instalments: z.array(z.object({ dueOn: z.string(), amountFen: z.number() })),
  paidFen: z.number(),
  status: z.enum(AGREEMENT_STATUSES),
  final: z.boolean().nullable(),
  deliveredAt: ts.nullable(),
  confirmedAt: ts.nullable(),
  confirmedByOrgId: z.string().nullable(),
  recordedAt: ts,
  perApplicant: z
    .array(z.object({ applicantIndex: z.number(), name: z.string(), agreedFen: z.number(), paidFen: z.number() }))
    .nullable()
    .describe("SPEC §10: each worker's agreed and paid amounts where the agreement is split per worker; a worker sees only their own"),
  signatures: z.array(
    z.object({ party: z.enum(['applicant', 'respondent']), applicantIndex: z.number().nullable(), name: z.string(), method: z.enum(['otp', 'in_person']), signedAt: ts }),
  ),
  effective: z.boolean().describe('a settlement: every applicant and the employer have signed (人民调解法 art. 29); an award or judgement: always'),
  awaitingSignature: z.object({ applicants: z.array(z.number()), respondent: z.boolean() }).describe('who has yet to sign a settlement'),
});

export const clockResponse = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  proceedingId: z.string().nullable(),
  startedOn: z.string(),
  dueOn: z.string(),
  unit: z.string(),
  length: z.number(),
  status: z.enum(['running', 'paused', 'met', 'breached']),
  dueSoon: z.boolean(),
  pausedDays: z.number(),
  extensions: z.number(),
  extensionDays: z.number(),
  stoppedOn: z.string().nullable(),
  rule: z.object({ id: z.string(), basis: z.string() }),
  calendarYears: z.array(z.number()),
  provisional: z.boolean(),
  explanation: z.array(z.string()),
});

/** What the detail and a list row both say of a case first. */
const caseHeading = {
  id: z.string(),
  number: z.string(),
  kind: z.enum(CASE_KINDS),
  status: z.enum(CASE_STATUSES),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  channel: z.enum(CHANNELS),
};

export const caseDetail = z.object({
  ...caseHeading,
  orgId: z.string(),
  categories: z.array(z.enum(CATEGORIES)),
  summary: z.string(),
  incidentDate: z.string(),
  employmentEndedOn: z.string().nullable(),
  applicants: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      idNumber: z.string().nullable(),
      phone: z.string().nullable(),
      isCaller: z.boolean(),
      claims: z.array(z.object({ id: z.string(), category: z.enum(CATEGORIES), description: z.string(), amountFen: z.number() })),
    }),
  ),
  respondent: z.object({
    name: z.string(),
    creditCode: z.string().nullable(),
    contact: z.string().nullable(),
    address: z.string().nullable(),
  }),
  proceedings: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(PROCEEDING_KINDS),
      orgId: z.string(),
      orgName: z.string(),
      state: z.enum(PROCEEDING_STATES),
      outcome: z.enum(PROCEEDING_OUTCOMES).nullable(),
      prevailed: z.enum(PREVAILED).nullable().describe('who prevailed, when staff said it with the outcome'),
      paused: z.boolean(),
      assignedUserId: z.string().nullable(),
      referredFromOrgId: z.string().nullable(),
      reason: z.string().nullable(),
      receivedAt: ts,
      acceptedAt: ts.nullable(),
      concludedAt: ts.nullable(),
      hearings: z.array(z.object({ at: ts, place: z.string() })),
    }),
  ),
  agreement: agreementResponse.nullable(),
  payments: z.array(z.object({ id: z.string(), amountFen: z.number(), paidAt: ts, recordedAt: ts, applicantIndex: z.number().nullable() })),
  respondents: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        phone: z.string(),
        isCaller: z.boolean(),
        invitedAt: ts,
        acceptedAt: ts.nullable(),
        position: z.string().nullable(),
        agreesToMediate: z.boolean().nullable(),
        respondedAt: ts.nullable(),
      }),
    )
    .describe("SPEC §10: the employer's representatives invited to the case"),
  representatives: z
    .array(z.object({ applicantIndex: z.number().nullable(), kind: z.enum(REPRESENTATIVE_KINDS), name: z.string(), orgId: z.string().nullable(), addedAt: ts }))
    .describe('SPEC §10: who acts for a party; applicantIndex null for all the applicants'),
  services: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        documentType: z.string().nullable(),
        fileId: z.string().nullable(),
        party: z.enum(['applicant', 'respondent']),
        applicantIndex: z.number().nullable(),
        name: z.string(),
        channel: z.enum(SERVICE_CHANNELS),
        sentAt: ts,
        servedAt: ts.nullable(),
      }),
    )
    .describe('SPEC §10: documents and files served, one per person; by sms_link servedAt is when the link was opened (null until then). A party sees their own.'),
  claimedFen: z.number(),
  clocks: z.array(clockResponse),
  nextSteps: z.array(z.object({ kind: z.enum(PROCEEDING_KINDS), basis: z.string() })),
  /** SPEC §12, staff only (empty for anyone else): open cases of the same worker against the same employer, not yet dismissed. */
  possibleDuplicates: z.array(z.object({ number: z.string(), orgName: z.string(), status: z.enum(CASE_STATUSES) })),
  allowedActions: z.array(z.enum(ACTIONS)),
  version: z.number(),
  createdAt: ts,
  receivedAt: ts,
  closedAt: ts.nullable(),
});
export type CaseDetail = z.infer<typeof caseDetail>;

export const caseListItem = z.object({
  ...caseHeading,
  categories: z.array(z.enum(CATEGORIES)),
  summary: z.string(),
  respondentName: z.string(),
  currentOrgId: z.string(),
  currentKind: z.enum(PROCEEDING_KINDS),
  state: z.enum(PROCEEDING_STATES),
  applicantCount: z.number(),
  claimedFen: z.number(),
  version: z.number(),
  receivedAt: ts,
  currentReceivedAt: ts.describe('when the current proceeding (the newest) was received at its organisation: a referral or a court’s own receipt'),
  createdAt: ts,
  closedAt: ts.nullable(),
  currentAssignedUserId: z.string().nullable().describe('the staff member the current proceeding is assigned to'),
  possibleDuplicate: z.boolean().describe('staff only (false for anyone else): a possible duplicate claim not yet dismissed (SPEC §12)'),
});

export const eventResponse = z.object({
  seq: z.number(),
  action: z.string(),
  actorUserId: z.string().nullable(),
  actorOrgId: z.string().nullable(),
  proceedingId: z.string().nullable(),
  internal: z.boolean(),
  data: z.record(z.string(), z.unknown()),
  occurredAt: ts,
  recordedAt: ts,
});
