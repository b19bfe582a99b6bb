import { creditCodeCheckChar, idNumberCheckChar } from '../../src/domain/identity.js';

/** A resident ID number with a real check digit, born in 1985–1999 in 平果 (451023). */
export function validIdNumber(seed = Math.floor(Math.random() * 1e9)): string {
  const year = 1985 + (seed % 15);
  const month = String(1 + (seed % 12)).padStart(2, '0');
  const day = String(1 + (seed % 28)).padStart(2, '0');
  const seq = String(seed % 1000).padStart(3, '0');
  const first17 = `451023${year}${month}${day}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

/** A unified social credit code with a real check character. */
export function validCreditCode(seed = Math.floor(Math.random() * 1e9)): string {
  const body = `91451023${String(seed).padStart(9, '0').slice(-9)}`;
  return body + creditCodeCheckChar(body);
}
