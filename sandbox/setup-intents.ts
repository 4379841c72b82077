// SetupIntents: saving a payment method for later without charging it. Confirming attaches the
// method to the customer (a declining card is refused as attach refuses it) and, for SEPA
// Direct Debit, records the mandate later debits go ahead under. Cards that need 3-D Secure
// set up without a challenge: the sandbox asks for authentication per payment, not at setup.
import { getCustomer } from './customers';
import { SandboxError, booleanParam, invalidParam, metadataParam, resourceMissing, stringParam, type FormParams } from './http';
import { assertMandateSource, mandateForDebit } from './mandates';
import { checkPaymentMethodFits, paymentMethodTypesParam, type RequestContext } from './payment-intents';
import { attachToCustomer, declineError, resolvePaymentMethod } from './payment-methods';
import { randomToken, type SandboxStore, type StripeObject } from './store';
import type { EventPublisher } from './webhooks';

const usages = new Set(['off_session', 'on_session']);

export function getSetupIntent(store: SandboxStore, id: string): StripeObject {
  const intent = store.setupIntents.get(id);
  if (!intent) throw resourceMissing('setup_intent', id);
  return intent;
}

export function createSetupIntent(store: SandboxStore, events: EventPublisher, params: FormParams, context: RequestContext): StripeObject {
  const customer = stringParam(params, 'customer') ?? null;
  if (customer !== null) getCustomer(store, customer, 'customer');
  const usage = stringParam(params, 'usage') ?? 'off_session';
  if (!usages.has(usage)) throw invalidParam('usage', `Invalid usage: ${usage}`);
  const paymentMethodId = stringParam(params, 'payment_method');
  const paymentMethod = paymentMethodId === undefined ? null : resolvePaymentMethod(store, paymentMethodId);
  const allowed = paymentMethodTypesParam(params) ?? null;
  const types = allowed ?? [paymentMethod ? String(paymentMethod.object.type) : 'card'];
  if (paymentMethod) checkPaymentMethodFits(paymentMethod.object, types, undefined);
  const id = store.newId('seti');
  const intent: StripeObject = {
    id,
    object: 'setup_intent',
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomToken(24)}`,
    created: store.nowSeconds(),
    customer,
    description: stringParam(params, 'description') ?? null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: metadataParam(params),
    next_action: null,
    payment_method: paymentMethod?.object.id ?? null,
    allowed_payment_method_types: allowed,
    payment_method_types: types,
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    usage,
  };
  store.setupIntents.set(id, intent);
  events.publish('setup_intent.created', intent, context);
  if (booleanParam(params, 'confirm')) return confirm(store, events, intent, params, context);
  return intent;
}

export function confirmSetupIntent(store: SandboxStore, events: EventPublisher, id: string, params: FormParams, context: RequestContext): StripeObject {
  const intent = getSetupIntent(store, id);
  const paymentMethodId = stringParam(params, 'payment_method');
  if (paymentMethodId !== undefined) {
    const paymentMethod = resolvePaymentMethod(store, paymentMethodId);
    checkPaymentMethodFits(paymentMethod.object, intent.payment_method_types, undefined);
    intent.payment_method = paymentMethod.object.id;
  }
  return confirm(store, events, intent, params, context);
}

function confirm(store: SandboxStore, events: EventPublisher, intent: StripeObject, params: FormParams, context: RequestContext): StripeObject {
  if (intent.status !== 'requires_confirmation' && intent.status !== 'requires_payment_method') {
    throw new SandboxError('invalid_request_error', `This SetupIntent's status is ${String(intent.status)} and cannot be confirmed.`, {
      code: 'setup_intent_unexpected_state',
      extra: { setup_intent: intent },
    });
  }
  if (intent.payment_method === null) {
    throw new SandboxError('invalid_request_error', 'You cannot confirm this SetupIntent because it is missing a payment method.', {
      code: 'setup_intent_unexpected_state',
      param: 'payment_method',
    });
  }
  let paymentMethod = resolvePaymentMethod(store, String(intent.payment_method));
  const isSepa = paymentMethod.object.type === 'sepa_debit';
  // The mandate is checked before the payment method is attached, so a refusal changes nothing.
  if (isSepa) assertMandateSource(store, params, paymentMethod.object.id);
  if (intent.customer !== null) {
    try {
      paymentMethod = attachToCustomer(store, events, paymentMethod, String(intent.customer));
    } catch (error) {
      if (!(error instanceof SandboxError) || error.type !== 'card_error' || paymentMethod.behaviour.kind !== 'decline') throw error;
      Object.assign(intent, {
        status: 'requires_payment_method',
        last_setup_error: {
          type: 'card_error',
          code: paymentMethod.behaviour.code,
          decline_code: paymentMethod.behaviour.declineCode,
          message: paymentMethod.behaviour.message,
          payment_method: paymentMethod.object,
        },
      });
      events.publish('setup_intent.setup_failed', intent, context);
      throw declineError(paymentMethod.behaviour, { setup_intent: intent, payment_method: paymentMethod.object });
    }
  }
  const mandate = isSepa ? mandateForDebit(store, params, paymentMethod.object.id, context.publicBaseUrl) : null;
  Object.assign(intent, { status: 'succeeded', payment_method: paymentMethod.object.id, mandate: mandate?.id ?? null, last_setup_error: null, next_action: null });
  events.publish('setup_intent.succeeded', intent, context);
  return intent;
}
