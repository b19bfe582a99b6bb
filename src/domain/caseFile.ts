/** The case file's vocabulary (SPEC §9). Names here are binding: clients and tests depend on them. */

/** What an uploaded file is, as the uploader says. */
export const FILE_KINDS = ['evidence', 'identity', 'contract', 'wage_record', 'agreement_signed', 'award', 'other'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const FILE_KIND_LABELS: Record<FileKind, string> = {
  evidence: '证据',
  identity: '身份证明',
  contract: '劳动合同',
  wage_record: '工资记录',
  agreement_signed: '签字的协议',
  award: '裁决书、判决书或裁定书',
  other: '其他',
};

/** The types taken, decided by the bytes (never by the name or the declared type). */
export const FILE_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;
export type FileContentType = (typeof FILE_CONTENT_TYPES)[number];

/** The legal documents a case produces. */
export const DOCUMENT_TYPES = [
  'application',
  'acceptance_notice',
  'decline_notice',
  'agreement',
  'mediation_ended',
  'confirmation_request',
  'hearing_notice',
  'service_receipt',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
