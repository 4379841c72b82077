// Disputes of a succeeded charge (the ...0259 card at once, the dispute IBANs some business days
// after settlement). Opening one withdraws the amount plus a 15.00 fee; evidence with Stripe's
// test texts decides it: "winning_evidence" wins (the amount comes back, not the fee),
// "losing_evidence" loses; closing it accepts the loss.
import { newestFirst, paginate, recordBalanceTransaction } from './balance';
import { SandboxError, metadataParam, resourceMissing, stringParam, type FormParams } from './http';
import type { SandboxStore, StripeObject } from './store';
import type { EventPublisher } from './webhooks';

export const disputeFeeMinor = 1500;

const evidenceFields = ['customer_email_address', 'customer_name', 'product_description', 'uncategorized_text'] as const;

export function createDispute(store: SandboxStore, events: EventPublisher, chargeId: string): StripeObject | null {
  const charge = store.charges.get(chargeId);
  if (!charge || charge.status !== 'succeeded' || charge.disputed === true) return null;
  const id = store.newId('dp');
  const amount = charge.amount as number;
  const withdrawal = recordBalanceTransaction(store, {
    amount: -amount,
    currency: charge.currency,
    fee: disputeFeeMinor,
    feeDescription: 'Dispute fee',
    source: id,
    type: 'adjustment',
    reportingCategory: 'dispute',
    description: `Chargeback withdrawal for ${chargeId}`,
  });
  const isSepa = (charge.payment_method_details as { type?: string } | null)?.type === 'sepa_debit';
  const dispute: StripeObject = {
    id,
    object: 'dispute',
    amount,
    balance_transactions: [withdrawal],
    charge: chargeId,
    created: store.nowSeconds(),
    currency: charge.currency,
    evidence: Object.fromEntries(evidenceFields.map((field) => [field, null])),
    evidence_details: { due_by: store.nowSeconds() + 7 * 24 * 3600, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: isSepa ? 'general' : 'fraudulent',
    status: 'needs_response',
  };
  store.disputes.set(id, dispute);
  charge.disputed = true;
  events.publish('charge.dispute.created', dispute);
  events.publish('charge.dispute.funds_withdrawn', dispute);
  return dispute;
}

export function getDispute(store: SandboxStore, id: string): StripeObject {
  const dispute = store.disputes.get(id);
  if (!dispute) throw resourceMissing('dispute', id);
  return dispute;
}

export function listDisputes(store: SandboxStore, params: FormParams): StripeObject {
  const charge = stringParam(params, 'charge');
  const paymentIntent = stringParam(params, 'payment_intent');
  const matching = [...store.disputes.values()].filter(
    (dispute) => (charge === undefined || dispute.charge === charge) && (paymentIntent === undefined || dispute.payment_intent === paymentIntent),
  );
  return paginate(newestFirst(matching), params, '/v1/disputes', 'dispute');
}

function assertOpen(dispute: StripeObject): void {
  if (dispute.status === 'won' || dispute.status === 'lost') {
    throw new SandboxError('invalid_request_error', `This dispute is already closed (${String(dispute.status)}).`, { code: 'dispute_already_closed' });
  }
}

function close(store: SandboxStore, events: EventPublisher, dispute: StripeObject, outcome: 'won' | 'lost'): void {
  dispute.status = outcome;
  if (outcome === 'won') {
    const reinstated = recordBalanceTransaction(store, {
      amount: dispute.amount as number,
      currency: dispute.currency,
      source: dispute.id,
      type: 'adjustment',
      reportingCategory: 'dispute_reversal',
      description: `Chargeback reversal for ${String(dispute.charge)}`,
    });
    dispute.balance_transactions = [...(dispute.balance_transactions as StripeObject[]), reinstated];
    events.publish('charge.dispute.closed', dispute);
    events.publish('charge.dispute.funds_reinstated', dispute);
  } else {
    events.publish('charge.dispute.closed', dispute);
  }
}

/** Evidence is submitted unless `submit=false`; Stripe's test texts decide the outcome at once. */
export function updateDispute(store: SandboxStore, events: EventPublisher, id: string, params: FormParams): StripeObject {
  const dispute = getDispute(store, id);
  assertOpen(dispute);
  const given = typeof params.evidence === 'object' && !Array.isArray(params.evidence) ? (params.evidence as FormParams) : {};
  const evidence = dispute.evidence as Record<string, string | null>;
  for (const field of evidenceFields) {
    const value = stringParam(given, field);
    if (value !== undefined) evidence[field] = value;
  }
  if (params.metadata !== undefined) dispute.metadata = { ...(dispute.metadata as object), ...metadataParam(params) };
  const submit = stringParam(params, 'submit') !== 'false';
  const details = dispute.evidence_details as Record<string, unknown>;
  details.has_evidence = Object.values(evidence).some((value) => value !== null);
  if (submit) {
    details.submission_count = (details.submission_count as number) + 1;
    dispute.status = 'under_review';
  }
  events.publish('charge.dispute.updated', dispute);
  if (submit && evidence.uncategorized_text === 'winning_evidence') close(store, events, dispute, 'won');
  else if (submit && evidence.uncategorized_text === 'losing_evidence') close(store, events, dispute, 'lost');
  return dispute;
}

/** Accepting the dispute: it is lost and the funds stay withdrawn. */
export function closeDispute(store: SandboxStore, events: EventPublisher, id: string): StripeObject {
  const dispute = getDispute(store, id);
  assertOpen(dispute);
  close(store, events, dispute, 'lost');
  return dispute;
}
