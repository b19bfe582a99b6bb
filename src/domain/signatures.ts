/**
 * Signatures on a settlement (SPEC §10). A mediation agreement takes effect once every party has
 * signed it (人民调解法 art. 29: 调解协议书自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效);
 * an arbitral settlement once the parties have signed for it (调解仲裁法 art. 42). Awards and
 * judgements are not signed by the parties.
 */
export interface Signature {
  party: 'applicant' | 'respondent';
  applicantIndex?: number;
  name: string;
  method: 'otp' | 'in_person';
  signedAt: string;
  fileId?: string;
}

export const SIGNATURE_BASIS = '《中华人民共和国人民调解法》第二十九条';

/** Who has yet to sign: the applicants by index, and whether the respondent has. */
export function unsigned(signatures: readonly Signature[], applicantCount: number): { applicants: number[]; respondent: boolean } {
  const signed = new Set(signatures.filter((s) => s.party === 'applicant').map((s) => s.applicantIndex));
  const applicants = Array.from({ length: applicantCount }, (_, i) => i).filter((i) => !signed.has(i));
  return { applicants, respondent: !signatures.some((s) => s.party === 'respondent') };
}

/** Whether a settlement signed so is effective: every applicant and the respondent have signed. */
export function signedByAll(signatures: readonly Signature[], applicantCount: number): boolean {
  const left = unsigned(signatures, applicantCount);
  return left.applicants.length === 0 && !left.respondent;
}
