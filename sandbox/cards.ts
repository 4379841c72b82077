// Stripe's documented test cards and what happens when each is charged. A card is reduced to
// brand, last four digits, expiry, country and a fingerprint the moment it arrives: the full
// number (and the CVC) is never stored, not even in the idempotency cache or the event log.
import { createHmac } from 'node:crypto';

export type CardBehaviour =
  | { kind: 'succeed'; disputed?: boolean }
  | { kind: 'decline'; code: string; declineCode: string | null; message: string; failsOnAttach: boolean }
  | { kind: 'authenticate' };

export interface CardDetails {
  brand: string;
  last4: string;
  country: string;
  fingerprint: string;
}

const messages = {
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  lost_card: 'Your card has been declined.',
  stolen_card: 'Your card has been declined.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
  authentication_required: 'Your card was declined. This transaction requires authentication.',
} as const;

function decline(code: string, declineCode: string | null, message: string, failsOnAttach = true): CardBehaviour {
  return { kind: 'decline', code, declineCode, message, failsOnAttach };
}

const cardDeclined = (declineCode: keyof typeof messages) => decline('card_declined', declineCode, messages[declineCode]);

/** Test card numbers as Stripe documents them. */
const testNumbers: Record<string, { brand: string; country: string; behaviour: CardBehaviour }> = {
  '4242424242424242': { brand: 'visa', country: 'US', behaviour: { kind: 'succeed' } },
  '5555555555554444': { brand: 'mastercard', country: 'US', behaviour: { kind: 'succeed' } },
  '4000000000000002': { brand: 'visa', country: 'US', behaviour: cardDeclined('generic_decline') },
  '4000000000009995': { brand: 'visa', country: 'US', behaviour: cardDeclined('insufficient_funds') },
  '4000000000009987': { brand: 'visa', country: 'US', behaviour: cardDeclined('lost_card') },
  '4000000000009979': { brand: 'visa', country: 'US', behaviour: cardDeclined('stolen_card') },
  '4000000000000069': { brand: 'visa', country: 'US', behaviour: decline('expired_card', 'expired_card', messages.expired_card) },
  '4000000000000127': { brand: 'visa', country: 'US', behaviour: decline('incorrect_cvc', 'incorrect_cvc', messages.incorrect_cvc) },
  '4000000000000119': { brand: 'visa', country: 'US', behaviour: decline('processing_error', 'processing_error', messages.processing_error) },
  '4000000000000341': { brand: 'visa', country: 'US', behaviour: decline('card_declined', 'generic_decline', messages.generic_decline, false) },
  '4000002760003184': { brand: 'visa', country: 'DE', behaviour: { kind: 'authenticate' } },
  '4000002500003155': { brand: 'visa', country: 'FR', behaviour: { kind: 'authenticate' } },
  '4000000000000259': { brand: 'visa', country: 'US', behaviour: { kind: 'succeed', disputed: true } },
};

/** Test PaymentMethod ids usable without creating a PaymentMethod first. */
const testPaymentMethodNumbers: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_mastercard: '5555555555554444',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedLostCard: '4000000000009987',
  pm_card_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_createDispute: '4000000000000259',
};

export const authenticationRequiredDecline: CardBehaviour & { kind: 'decline' } = {
  kind: 'decline',
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: messages.authentication_required,
  failsOnAttach: false,
};

// The fingerprint identifies a card number without revealing it; letters only, so it can
// never be mistaken for (or scanned as) a card number.
function fingerprintOf(cardNumber: string): string {
  const digest = createHmac('sha256', 'settle-sandbox-fingerprint').update(cardNumber).digest();
  let fingerprint = '';
  for (const byte of digest.subarray(0, 16)) fingerprint += String.fromCharCode((byte % 26) + (byte & 32 ? 97 : 65));
  return fingerprint;
}

export function isTestPaymentMethodId(id: string): boolean {
  return id in testPaymentMethodNumbers;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function brandOf(cardNumber: string): string {
  if (cardNumber.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(cardNumber)) return 'mastercard';
  if (/^3[47]/.test(cardNumber)) return 'amex';
  return 'unknown';
}

/**
 * Reduces a raw card number to what the sandbox keeps. Unknown Luhn-valid numbers behave like
 * a successful card; numbers that fail the Luhn check are refused by the caller (null).
 */
export function describeCardNumber(rawNumber: string): { details: CardDetails; behaviour: CardBehaviour } | null {
  const cardNumber = rawNumber.replace(/[\s-]/g, '');
  if (!/^\d{13,19}$/.test(cardNumber) || !luhnValid(cardNumber)) return null;
  const known = testNumbers[cardNumber];
  return {
    details: {
      brand: known?.brand ?? brandOf(cardNumber),
      last4: cardNumber.slice(-4),
      country: known?.country ?? 'US',
      fingerprint: fingerprintOf(cardNumber),
    },
    behaviour: known?.behaviour ?? { kind: 'succeed' },
  };
}

export function describeTestPaymentMethod(id: string): { details: CardDetails; behaviour: CardBehaviour } | null {
  const cardNumber = testPaymentMethodNumbers[id];
  return cardNumber === undefined ? null : describeCardNumber(cardNumber);
}
