/**
 * From a case to the facts each document is made of (SPEC §9), and whether the case has a
 * document of each type now. Pure: the service loads the case and its service records, and
 * render.ts lays the facts out through the templates.
 *
 * The facts are the document's text already written out (names, dates, sums), so that two
 * requests that would print the same thing have the same facts, and `factsHash` tells whether the
 * document issued last still says what the case says now. Personal data is written as the reader
 * may see it (SPEC §7): the document as issued (and hashed) has it whole; a masked copy is the
 * same facts with ID numbers and phones masked.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../cases/eventLog.js';
import type { AgreementRow, CaseBundle, CaseRow, ProceedingRow } from '../cases/state.js';
import type { DocumentType } from '../domain/caseFile.js';
import { maskIdNumber, maskPhone } from '../domain/identity.js';
import { chineseNumeral } from '../domain/law.js';
import type { Category } from '../domain/model.js';
import { REFERRAL_ROUTES } from '../domain/transitions.js';
import { dateZh, instantDateZh, sessionTimeZh, yuan, yuanUpper } from './format.js';
import { TEMPLATES } from './templates/index.js';
import type { Variant } from './templates/types.js';
import { DISPUTE_NAMES, NEXT_STEP_NAMES, REPRESENTATIVE_NAMES, SERVICE_CHANNEL_NAMES, SERVICE_PARTY_NAMES, SIGNATURE_METHOD_NAMES } from './templates/vocabulary.js';

type Applicant = CaseBundle['applicants'][number];
type Claim = CaseBundle['claims'][number];
type Hearing = CaseBundle['hearings'][number];
type Instalment = CaseBundle['instalments'][number];

/** A document served on a party (SPEC §10 `serve`), as its event records it. */
export interface ServiceRecord {
  documentType: string | null;
  title: string | null;
  fileName: string | null;
  to: string;
  channel: string;
  servedAt: Date;
  orgId: string | null;
  /** The person served, when the record is of one person (SPEC §10: one service row per person). */
  name?: string;
}

/** What the documents read of a case: a CaseBundle is one, with the services recorded on the case. */
export interface DocumentCase {
  row: Pick<CaseRow, 'number' | 'categories' | 'summary' | 'incidentDate' | 'employmentEndedOn' | 'respondentName' | 'respondentCreditCode' | 'respondentContact' | 'respondentAddress' | 'claimedFen'> &
    Partial<Pick<CaseRow, 'representatives'>>;
  /** Oldest first. */
  proceedings: readonly Pick<ProceedingRow, 'id' | 'kind' | 'orgId' | 'orgName' | 'state' | 'outcome' | 'declineReason' | 'conclusionReason' | 'receivedAt' | 'acceptedAt' | 'concludedAt'>[];
  agreement: (Pick<AgreementRow, 'proceedingId' | 'amountFen' | 'terms' | 'confirmedAt' | 'recordedAt'> & Partial<Pick<AgreementRow, 'signatures'>>) | null;
  /** In their order on the case. */
  applicants: readonly Pick<Applicant, 'id' | 'name' | 'idNumber' | 'phone' | 'userId'>[];
  claims: readonly Pick<Claim, 'id' | 'applicantId' | 'category' | 'description' | 'amountFen'>[];
  hearings: readonly Pick<Hearing, 'proceedingId' | 'at' | 'place'>[];
  /** The current agreement's, in order. */
  instalments: readonly Pick<Instalment, 'dueOn' | 'amountFen'>[];
  /** Oldest first. */
  served: readonly ServiceRecord[];
}

/** Whether the reader sees this applicant's ID number and phone whole (src/cases/access.ts seesPersonalData). */
export type Reader = (applicant: { userId: string | null }) => boolean;
/** The document as issued: personal data whole. */
export const AS_ISSUED: Reader = () => true;

type Fields = Record<string, string>;

export interface DocumentFacts {
  type: DocumentType;
  /** Which of the template's variants applies (a mediation's notice reads differently from an arbitration's). */
  variant: string;
  caseNumber: string;
  /** Each applicant's name, idNumber and phone ('' when not on record), as the reader may see them. */
  applicants: Fields[];
  /** The respondent's name, creditCode, address and contact ('' when not on record). */
  respondent: Fields;
  fields: Fields;
  lists: Record<string, Fields[]>;
  /** Who acts for a party (SPEC §10), a line each after the parties; absent when nobody does. */
  representatives?: string[];
}

type Proceeding = DocumentCase['proceedings'][number];

const lastOf = (c: DocumentCase): Proceeding | null => c.proceedings.at(-1) ?? null;
const sentence = (text: string) => text.trim().replace(/[。．.；;，,\s]+$/u, '');
const withStop = (text: string) => `${sentence(text)}。`;

/** 张三、李四、王五等12人: documents name at most three applicants in running text. */
function applicantNames(c: DocumentCase): string {
  const names = c.applicants.map((a) => a.name);
  return names.length <= 3 ? names.join('、') : `${names.slice(0, 3).join('、')}等${names.length}人`;
}

function dispute(c: DocumentCase): string {
  const names = [...new Set(c.row.categories)].map((k) => DISPUTE_NAMES[k as Category] ?? DISPUTE_NAMES.other);
  return `${names.join('、')}争议`;
}

function common(c: DocumentCase, orgName: string, reader: Reader): Omit<DocumentFacts, 'type' | 'variant'> {
  const r = c.row;
  return {
    caseNumber: r.number,
    applicants: c.applicants.map((a) => {
      const whole = reader(a);
      return {
        name: a.name,
        idNumber: (whole ? a.idNumber : maskIdNumber(a.idNumber)) ?? '',
        phone: (whole ? a.phone : maskPhone(a.phone)) ?? '',
      };
    }),
    respondent: { name: r.respondentName, creditCode: r.respondentCreditCode ?? '', address: r.respondentAddress ?? '', contact: r.respondentContact ?? '' },
    fields: { caseNumber: r.number, orgName, applicantNames: applicantNames(c), respondentName: r.respondentName, dispute: dispute(c), summary: withStop(r.summary) },
    lists: {},
    ...representativeLines(c),
  };
}

/** 申请人张三的法律援助人员：县法律援助中心 刘律师 — one line per representative, none when the case has none. */
function representativeLines(c: DocumentCase): { representatives?: string[] } {
  const reps = c.row.representatives ?? [];
  if (!reps.length) return {};
  return {
    representatives: reps.map((rep) => {
      const whose = rep.applicantIndex === null ? '申请人' : `申请人${c.applicants[rep.applicantIndex]?.name ?? ''}`;
      return `${whose}的${REPRESENTATIVE_NAMES[rep.kind] ?? '代理人'}：${rep.name}`;
    }),
  };
}

/** Who has signed a settlement, in order (SPEC §10): 申请人张三于2026年3月2日以手机验证码在线签署。 */
function signedList(c: DocumentCase, a: NonNullable<DocumentCase['agreement']>): Fields[] {
  return (a.signatures ?? []).map((sg) => ({
    party: sg.party === 'respondent' ? `被申请人${c.row.respondentName}（${sg.name}）` : `申请人${sg.name}`,
    signedOn: instantDateZh(new Date(sg.signedAt)),
    method: SIGNATURE_METHOD_NAMES[sg.method] ?? '',
  }));
}

/** Each applicant's claims, applicants in their order and each one's claims in the order filed. */
function claimsList(c: DocumentCase): Fields[] {
  const position = new Map(c.applicants.map((a, i) => [a.id, i]));
  return [...c.claims]
    .sort((a, b) => (position.get(a.applicantId) ?? 0) - (position.get(b.applicantId) ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((claim, i) => ({
      n: chineseNumeral(i + 1),
      applicant: c.applicants[position.get(claim.applicantId) ?? 0]?.name ?? '',
      category: DISPUTE_NAMES[claim.category as Category] ?? DISPUTE_NAMES.other,
      description: sentence(claim.description),
      amount: yuan(claim.amountFen),
    }));
}

/** 于2026年1月10日前付清, or 分二期支付：2026年1月10日前支付…；… ('' with no plan). */
function paymentPlan(instalments: DocumentCase['instalments']): string {
  if (instalments.length === 0) return '';
  if (instalments.length === 1) return `于${dateZh(instalments[0].dueOn)}前付清`;
  const each = instalments.map((i) => `${dateZh(i.dueOn)}前支付${yuan(i.amountFen)}`);
  return `分${chineseNumeral(instalments.length)}期支付：${each.join('；')}`;
}

function agreementFields(c: DocumentCase, a: NonNullable<DocumentCase['agreement']>, settled: Proceeding): Fields {
  return {
    settledOn: instantDateZh(settled.concludedAt ?? a.recordedAt),
    agreedAmount: yuan(a.amountFen),
    agreedAmountUpper: yuanUpper(a.amountFen),
    paymentPlan: paymentPlan(c.instalments),
    terms: withStop(a.terms),
  };
}

/** The proceeding an application is addressed to: the open or last one if it is a mediation or an arbitration, else the latest that was, else the first. */
function applicationProceeding(c: DocumentCase): Proceeding | null {
  const last = lastOf(c);
  if (!last || last.kind === 'mediation' || last.kind === 'arbitration') return last;
  return c.proceedings.findLast((p) => p.kind === 'mediation' || p.kind === 'arbitration') ?? c.proceedings[0];
}

/** The current agreement with the proceeding that settled it; an award or a judgement is not one (the agency's own document is uploaded as a file). */
function settlement(c: DocumentCase): { a: NonNullable<DocumentCase['agreement']>; p: Proceeding } | null {
  const a = c.agreement;
  const p = a && c.proceedings.find((x) => x.id === a.proceedingId);
  return a && p && p.outcome === 'settled' ? { a, p } : null;
}

/** The last proceeding's latest session. */
function currentSession(c: DocumentCase): { p: Proceeding; h: DocumentCase['hearings'][number] } | null {
  const p = lastOf(c);
  if (!p) return null;
  const sessions = c.hearings.filter((h) => h.proceedingId === p.id);
  const h = sessions.reduce<(typeof sessions)[number] | null>((latest, s) => (!latest || s.at.getTime() > latest.at.getTime() ? s : latest), null);
  return h ? { p, h } : null;
}

const orgNameOf = (c: DocumentCase, orgId: string | null) => c.proceedings.find((p) => p.orgId === orgId)?.orgName ?? null;

type Build = (c: DocumentCase, reader: Reader) => DocumentFacts | null;

const BUILDERS: Record<DocumentType, Build> = {
  application(c, reader) {
    const p = applicationProceeding(c);
    if (!p) return null;
    const base = common(c, p.orgName, reader);
    return {
      type: 'application',
      variant: p.kind === 'arbitration' ? 'arbitration' : 'mediation',
      ...base,
      fields: {
        ...base.fields,
        claimedTotal: yuan(c.row.claimedFen),
        incidentDate: dateZh(c.row.incidentDate),
        employmentEndedOn: c.row.employmentEndedOn ? dateZh(c.row.employmentEndedOn) : '',
      },
      lists: { claims: claimsList(c) },
    };
  },
  acceptance_notice(c, reader) {
    const p = lastOf(c);
    if (!p?.acceptedAt) return null;
    const base = common(c, p.orgName, reader);
    return { type: 'acceptance_notice', variant: p.kind, ...base, fields: { ...base.fields, receivedOn: instantDateZh(p.receivedAt), acceptedOn: instantDateZh(p.acceptedAt) } };
  },
  decline_notice(c, reader) {
    const p = lastOf(c);
    if (p?.state !== 'declined') return null;
    const base = common(c, p.orgName, reader);
    const routes = REFERRAL_ROUTES.filter((r) => r.from === p.kind && r.after.includes('declined'));
    return {
      type: 'decline_notice',
      variant: p.kind,
      ...base,
      fields: {
        ...base.fields,
        receivedOn: instantDateZh(p.receivedAt),
        declinedOn: instantDateZh(p.concludedAt ?? p.receivedAt),
        reason: sentence(p.declineReason ?? '') || '不符合受理条件',
      },
      lists: { nextSteps: routes.map((r, i) => ({ n: chineseNumeral(i + 1), step: NEXT_STEP_NAMES[r.to], basis: r.basis })) },
    };
  },
  agreement(c, reader) {
    const s = settlement(c);
    if (!s) return null;
    const base = common(c, s.p.orgName, reader);
    return { type: 'agreement', variant: s.p.kind, ...base, fields: { ...base.fields, ...agreementFields(c, s.a, s.p) }, lists: { claims: claimsList(c), signed: signedList(c, s.a) } };
  },
  mediation_ended(c, reader) {
    const p = c.proceedings.findLast((x) => x.kind === 'mediation' && x.outcome === 'failed');
    if (!p) return null;
    const base = common(c, p.orgName, reader);
    return {
      type: 'mediation_ended',
      variant: 'failed',
      ...base,
      fields: {
        ...base.fields,
        receivedOn: instantDateZh(p.receivedAt),
        acceptedOn: p.acceptedAt ? instantDateZh(p.acceptedAt) : '',
        endedOn: instantDateZh(p.concludedAt ?? p.receivedAt),
        reason: sentence(p.conclusionReason ?? ''),
      },
    };
  },
  confirmation_request(c, reader) {
    const s = settlement(c);
    if (!s || s.p.kind !== 'mediation' || s.a.confirmedAt) return null;
    const after = c.proceedings.slice(c.proceedings.indexOf(s.p) + 1);
    const court = after.findLast((x) => x.kind === 'confirmation' && (x.state === 'received' || x.state === 'accepted'));
    const base = common(c, s.p.orgName, reader);
    return {
      type: 'confirmation_request',
      variant: 'joint',
      ...base,
      fields: { ...base.fields, ...agreementFields(c, s.a, s.p), courtName: court?.orgName ?? '____________人民法院' },
    };
  },
  hearing_notice(c, reader) {
    const s = currentSession(c);
    if (!s) return null;
    const base = common(c, s.p.orgName, reader);
    return { type: 'hearing_notice', variant: s.p.kind, ...base, fields: { ...base.fields, sessionAt: sessionTimeZh(s.h.at), place: s.h.place } };
  },
  service_receipt(c, reader) {
    if (c.served.length === 0) return null;
    const latest = c.served[c.served.length - 1];
    const base = common(c, orgNameOf(c, latest.orgId) ?? lastOf(c)?.orgName ?? '', reader);
    const whom = (s: ServiceRecord) =>
      `${SERVICE_PARTY_NAMES[s.to] ?? ''}${s.to === 'respondent' ? c.row.respondentName + (s.name && s.name !== c.row.respondentName ? `（代表人${s.name}）` : '') : (s.name ?? base.fields.applicantNames)}`;
    return {
      type: 'service_receipt',
      variant: 'record',
      ...base,
      lists: {
        served: c.served.map((s, i) => ({
          n: chineseNumeral(i + 1),
          document: s.title ?? (s.documentType && s.documentType in TEMPLATES ? TEMPLATES[s.documentType as DocumentType].title : null) ?? s.fileName ?? '案件材料',
          to: whom(s),
          channel: SERVICE_CHANNEL_NAMES[s.channel] ?? s.channel,
          servedAt: instantDateZh(s.servedAt),
          by: orgNameOf(c, s.orgId) ?? '',
        })),
      },
    };
  },
};

/** The facts of a document of this type, written for the reader; null when the case has no such document now (SPEC §9's table). */
export function documentFacts(c: DocumentCase, type: DocumentType, reader: Reader = AS_ISSUED): DocumentFacts | null {
  return BUILDERS[type](c, reader);
}

/** SPEC §9: whether the case has a document of this type now. */
export function available(c: DocumentCase, type: DocumentType): boolean {
  return documentFacts(c, type) !== null;
}

/** The variant of the template the facts are laid out with. */
export function variantOf(facts: Pick<DocumentFacts, 'type' | 'variant'>): Variant {
  const variant = TEMPLATES[facts.type].variants[facts.variant];
  if (!variant) throw new Error(`the ${facts.type} template has no variant ${facts.variant}`);
  return variant;
}

/** A document's title: its variant's, or the type's own when the case has none of it. */
export function titleOf(type: DocumentType, facts: DocumentFacts | null): string {
  return facts ? variantOf(facts).title : TEMPLATES[type].title;
}

/**
 * What makes a document: its facts as issued and the template text they are laid out with. The
 * same hash means the same document, so it is served again as issued; a changed fact, or a
 * corrected template, issues a new one.
 */
export function factsHash(facts: DocumentFacts): string {
  return createHash('sha256').update(canonicalJson({ facts, template: variantOf(facts) })).digest('hex');
}

/** Whether the reader sees every applicant's personal data whole, so that the document as issued is theirs to have. */
export function seesAllWhole(c: Pick<DocumentCase, 'applicants'>, reader: Reader): boolean {
  return c.applicants.every((a) => reader(a));
}

/**
 * What was served on whom, from the case's service rows (SPEC §10): one record per person, once
 * served (a link not yet opened is not service), oldest first; by the organisation of the
 * proceeding that served it.
 */
export function servedRecords(b: Pick<CaseBundle, 'services' | 'proceedings'>): ServiceRecord[] {
  return b.services
    .filter((s) => s.servedAt !== null)
    .map((s) => ({
      documentType: s.documentType,
      title: s.title,
      fileName: null,
      to: s.party === 'applicant' ? 'applicants' : 'respondent',
      channel: s.channel,
      servedAt: s.servedAt!,
      orgId: b.proceedings.filter((p) => p.receivedAt.getTime() <= s.createdAt.getTime()).at(-1)?.orgId ?? null,
      name: s.name,
    }))
    .sort((x, y) => x.servedAt.getTime() - y.servedAt.getTime());
}
