// Customers: the few fields Settle sends and reads back.
import { metadataParam, resourceMissing, stringParam, type FormParams } from './http';
import type { SandboxStore, StripeObject } from './store';
import type { EventPublisher } from './webhooks';

export function createCustomer(store: SandboxStore, events: EventPublisher, params: FormParams): StripeObject {
  const customer: StripeObject = {
    id: store.newId('cus'),
    object: 'customer',
    created: store.nowSeconds(),
    description: stringParam(params, 'description') ?? null,
    email: stringParam(params, 'email') ?? null,
    name: stringParam(params, 'name') ?? null,
    invoice_settings: { default_payment_method: null },
    livemode: false,
    metadata: metadataParam(params),
  };
  store.customers.set(customer.id, customer);
  events.publish('customer.created', customer);
  return customer;
}

export function getCustomer(store: SandboxStore, id: string, param = 'id'): StripeObject {
  const customer = store.customers.get(id);
  if (!customer) throw resourceMissing('customer', id, param);
  return customer;
}
