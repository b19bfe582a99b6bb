/** Every document type's template, by type (SPEC §9). */
import type { DocumentType } from '../../domain/caseFile.js';
import { acceptanceNotice } from './acceptanceNotice.js';
import { agreement } from './agreement.js';
import { application } from './application.js';
import { confirmationRequest } from './confirmationRequest.js';
import { declineNotice } from './declineNotice.js';
import { hearingNotice } from './hearingNotice.js';
import { mediationEnded } from './mediationEnded.js';
import { serviceReceipt } from './serviceReceipt.js';
import type { Template } from './types.js';

export const TEMPLATES: Record<DocumentType, Template> = {
  application,
  acceptance_notice: acceptanceNotice,
  decline_notice: declineNotice,
  agreement,
  mediation_ended: mediationEnded,
  confirmation_request: confirmationRequest,
  hearing_notice: hearingNotice,
  service_receipt: serviceReceipt,
};

export type { Block, Template, Variant } from './types.js';
