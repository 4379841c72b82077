// SEPA Direct Debit mandates: the customer's acceptance (online: IP address and user agent;
// or offline) recorded when a SetupIntent or a PaymentIntent is confirmed with mandate_data.
// A payment method with an active mandate can then be debited, also off session.
import { SandboxError, invalidParam, resourceMissing, stringParam, type FormParams } from './http';
import { randomToken, type SandboxStore, type StripeObject } from './store';

function hash(value: unknown, param: string): FormParams {
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParam(param, `Invalid ${param}: must be a hash.`);
  return value as FormParams;
}

/** Reads `mandate_data[customer_acceptance]…`; null when the request carries none. */
function acceptanceFrom(store: SandboxStore, params: FormParams): Record<string, unknown> | null {
  if (params.mandate_data === undefined || params.mandate_data === '') return null;
  const acceptance = hash(hash(params.mandate_data, 'mandate_data').customer_acceptance ?? {}, 'mandate_data[customer_acceptance]');
  const type = stringParam(acceptance, 'type');
  if (type === 'offline') return { accepted_at: store.nowSeconds(), offline: {}, online: null, type };
  if (type !== 'online') throw invalidParam('mandate_data[customer_acceptance][type]', 'mandate_data[customer_acceptance][type] must be online or offline.');
  const online = hash(acceptance.online ?? {}, 'mandate_data[customer_acceptance][online]');
  const ipAddress = stringParam(online, 'ip_address');
  const userAgent = stringParam(online, 'user_agent');
  if (!ipAddress) throw invalidParam('mandate_data[customer_acceptance][online][ip_address]', 'Missing required param: mandate_data[customer_acceptance][online][ip_address].');
  if (!userAgent) throw invalidParam('mandate_data[customer_acceptance][online][user_agent]', 'Missing required param: mandate_data[customer_acceptance][online][user_agent].');
  return { accepted_at: store.nowSeconds(), offline: null, online: { ip_address: ipAddress, user_agent: userAgent }, type };
}

function createMandate(store: SandboxStore, paymentMethodId: string, acceptance: Record<string, unknown>, publicBaseUrl: string): StripeObject {
  const id = store.newId('mandate');
  // Letters only: a reference can never look like an IBAN or a card number.
  const reference = `SANDBOX-${randomToken(40).replace(/[^A-Z]/g, '').slice(0, 12).padEnd(12, 'X')}`;
  const mandate: StripeObject = {
    id,
    object: 'mandate',
    customer_acceptance: acceptance,
    livemode: false,
    multi_use: {},
    payment_method: paymentMethodId,
    payment_method_details: { sepa_debit: { reference, url: `${publicBaseUrl}/mandates/${id}` }, type: 'sepa_debit' },
    status: 'active',
    type: 'multi_use',
  };
  store.mandates.set(id, mandate);
  return mandate;
}

export function getMandate(store: SandboxStore, id: string): StripeObject {
  const mandate = store.mandates.get(id);
  if (!mandate) throw resourceMissing('mandate', id);
  return mandate;
}

export function activeMandateFor(store: SandboxStore, paymentMethodId: string): StripeObject | null {
  for (const mandate of store.mandates.values()) if (mandate.payment_method === paymentMethodId && mandate.status === 'active') return mandate;
  return null;
}

function mandateRequired(): SandboxError {
  return new SandboxError('invalid_request_error', 'A mandate is required to debit a sepa_debit PaymentMethod: pass mandate_data with the customer acceptance, or mandate with an active mandate id.', {
    code: 'parameter_missing',
    param: 'mandate_data',
  });
}

/** Refuses early, before anything changes, when mandateForDebit would find no mandate. */
export function assertMandateSource(store: SandboxStore, params: FormParams, paymentMethodId: string): void {
  const given = stringParam(params, 'mandate') !== undefined || (params.mandate_data !== undefined && params.mandate_data !== '');
  if (!given && !activeMandateFor(store, paymentMethodId)) throw mandateRequired();
}

/**
 * The mandate a SEPA debit or setup goes ahead under: `mandate=<id>`, new `mandate_data`, or
 * an active mandate already recorded for the payment method. Without one, Stripe refuses.
 */
export function mandateForDebit(store: SandboxStore, params: FormParams, paymentMethodId: string, publicBaseUrl: string): StripeObject {
  const mandateId = stringParam(params, 'mandate');
  if (mandateId !== undefined) {
    const mandate = store.mandates.get(mandateId);
    if (!mandate) throw resourceMissing('mandate', mandateId, 'mandate');
    if (mandate.payment_method !== paymentMethodId || mandate.status !== 'active') throw invalidParam('mandate', `Mandate ${mandateId} is not an active mandate for this payment method.`);
    return mandate;
  }
  const acceptance = acceptanceFrom(store, params);
  if (acceptance) return createMandate(store, paymentMethodId, acceptance, publicBaseUrl);
  const existing = activeMandateFor(store, paymentMethodId);
  if (existing) return existing;
  throw mandateRequired();
}

export function mandatePage(mandate: StripeObject, paymentMethod: StripeObject | undefined): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  const details = mandate.payment_method_details as { sepa_debit: { reference: string } };
  const account = paymentMethod?.sepa_debit as { last4?: string; country?: string } | undefined;
  const acceptedAt = (mandate.customer_acceptance as { accepted_at: number }).accepted_at;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SEPA Direct Debit mandate</title></head>
<body>
<h1>SEPA Direct Debit mandate (sandbox)</h1>
<p>Reference: ${escape(details.sepa_debit.reference)}</p>
<p>Account: ${escape(account?.country ?? '')} ···· ${escape(account?.last4 ?? '')}</p>
<p>Accepted: ${escape(new Date(acceptedAt * 1000).toISOString())}</p>
<p>Status: ${escape(String(mandate.status))}</p>
</body></html>`;
}
