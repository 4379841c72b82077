// SEPA Direct Debit accounts: Stripe's documented test IBANs and what happens when each is
// debited. Like a card number, an IBAN is reduced on arrival to country, bank and branch
// codes, last four characters and a letters-only fingerprint; the full IBAN is never stored.
import { createHmac } from 'node:crypto';
import type { CardBehaviour } from './cards';

export interface SepaDetails {
  bank_code: string;
  branch_code: string;
  country: string;
  fingerprint: string;
  last4: string;
}

export const insufficientFundsFailure: CardBehaviour & { kind: 'decline' } = {
  kind: 'decline',
  code: 'insufficient_funds',
  declineCode: null,
  message: "The customer's account has insufficient funds to cover this payment.",
  failsOnAttach: false,
};

const succeeds: CardBehaviour = { kind: 'succeed' };
const disputed: CardBehaviour = { kind: 'succeed', disputed: true };

/**
 * Stripe's test IBANs (every one passes the mod-97 check; a test asserts it). Stripe delays
 * some outcomes by a few minutes; the sandbox settles them all after the business-day delay.
 */
export const testIbans: Record<string, { outcome: 'succeeds' | 'fails' | 'disputed'; behaviour: CardBehaviour }> = {
  AT611904300234573201: { outcome: 'succeeds', behaviour: succeeds },
  AT321904300235473204: { outcome: 'succeeds', behaviour: succeeds },
  AT861904300235473202: { outcome: 'fails', behaviour: insufficientFundsFailure },
  AT591904300235473203: { outcome: 'disputed', behaviour: disputed },
  DE89370400440532013000: { outcome: 'succeeds', behaviour: succeeds },
  DE08370400440532013003: { outcome: 'succeeds', behaviour: succeeds },
  DE62370400440532013001: { outcome: 'fails', behaviour: insufficientFundsFailure },
  DE78370400440532013004: { outcome: 'fails', behaviour: insufficientFundsFailure },
  DE35370400440532013002: { outcome: 'disputed', behaviour: disputed },
  FR1420041010050500013M02606: { outcome: 'succeeds', behaviour: succeeds },
  FR3020041010050500013M02609: { outcome: 'succeeds', behaviour: succeeds },
  FR8420041010050500013M02607: { outcome: 'fails', behaviour: insufficientFundsFailure },
  FR7920041010050500013M02600: { outcome: 'fails', behaviour: insufficientFundsFailure },
  FR5720041010050500013M02608: { outcome: 'disputed', behaviour: disputed },
};

/** ISO 13616: move the first four characters to the end, letters to 10–35, remainder mod 97 is 1. */
export function ibanChecksumValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const value = character >= 'A' ? String(character.charCodeAt(0) - 55) : character;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

function fingerprintOf(iban: string): string {
  const digest = createHmac('sha256', 'settle-sandbox-iban-fingerprint').update(iban).digest();
  let fingerprint = '';
  for (const byte of digest.subarray(0, 16)) fingerprint += String.fromCharCode((byte % 26) + (byte & 32 ? 97 : 65));
  return fingerprint;
}

/** Where the bank and branch codes sit in the BBAN of the countries the test IBANs use. */
const codePositions: Record<string, { bank: [number, number]; branch?: [number, number] }> = {
  AT: { bank: [0, 5] },
  DE: { bank: [0, 8] },
  FR: { bank: [0, 5], branch: [5, 10] },
  ES: { bank: [0, 4], branch: [4, 8] },
  IT: { bank: [1, 6], branch: [6, 11] },
  NL: { bank: [0, 4] },
  BE: { bank: [0, 3] },
};

/** Reduces a raw IBAN to what the sandbox keeps; null when the IBAN is malformed or its checksum fails. */
export function describeIban(rawIban: string): { details: SepaDetails; behaviour: CardBehaviour } | null {
  const iban = rawIban.replace(/\s/g, '').toUpperCase();
  if (!ibanChecksumValid(iban)) return null;
  const country = iban.slice(0, 2);
  const bban = iban.slice(4);
  const positions = codePositions[country] ?? { bank: [0, 4] };
  return {
    details: {
      bank_code: bban.slice(...positions.bank),
      branch_code: positions.branch ? bban.slice(...positions.branch) : '',
      country,
      fingerprint: fingerprintOf(iban),
      last4: iban.slice(-4),
    },
    behaviour: testIbans[iban]?.behaviour ?? succeeds,
  };
}
