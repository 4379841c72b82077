// Plain words for a failed payment: what happened (by decline code, else failure code) and what
// to do next. Only message keys here; the texts are in messages/<locale>/invoices.json.
const known = new Set([
  'generic_decline',
  'insufficient_funds',
  'lost_card',
  'stolen_card',
  'expired_card',
  'incorrect_cvc',
  'incorrect_number',
  'processing_error',
  'authentication_required',
  'card_declined',
  'do_not_honor',
]);

export type DeclineReason =
  | 'generic_decline'
  | 'insufficient_funds'
  | 'lost_card'
  | 'stolen_card'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'incorrect_number'
  | 'processing_error'
  | 'authentication_required'
  | 'authentication_failed'
  | 'card_declined'
  | 'do_not_honor'
  | 'sepa_failed'
  | 'unknown';

export type NextStep = 'anotherCard' | 'contactBank' | 'newCard' | 'checkDetails' | 'retry' | 'authenticate';

export function declineReason(declineCode: string | null | undefined, failureCode: string | null | undefined, methodType?: string | null): DeclineReason {
  if (declineCode && known.has(declineCode)) return declineCode as DeclineReason;
  if (failureCode === 'payment_intent_authentication_failure' || failureCode === 'authentication_failed') return 'authentication_failed';
  if (failureCode && known.has(failureCode)) return failureCode as DeclineReason;
  if (methodType === 'sepa_debit') return 'sepa_failed';
  return 'unknown';
}

const nextSteps: Record<DeclineReason, NextStep> = {
  generic_decline: 'anotherCard',
  card_declined: 'anotherCard',
  do_not_honor: 'contactBank',
  insufficient_funds: 'anotherCard',
  lost_card: 'newCard',
  stolen_card: 'newCard',
  expired_card: 'newCard',
  incorrect_cvc: 'checkDetails',
  incorrect_number: 'checkDetails',
  processing_error: 'retry',
  authentication_required: 'authenticate',
  authentication_failed: 'authenticate',
  sepa_failed: 'contactBank',
  unknown: 'anotherCard',
};

export const nextStepFor = (reason: DeclineReason): NextStep => nextSteps[reason];
