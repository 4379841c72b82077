// /v1/subscriptions: a customer's recurring prices, billed each period. The subscription engine
// (server/subscriptions) owns periods, trials, proration and cancellation; this file only checks
// the shape of a request and presents the result.
import { z } from 'zod';
import { subscriptionStatuses } from '@/db/schema';
import {
  cancellationReasons,
  cancelSubscription,
  createSubscription,
  getSubscription,
  listSubscriptions,
  loadItems,
  prorationBehaviors,
  resumeSubscription,
  updateSubscription,
  type SubscriptionRow,
} from '../../subscriptions';
import { defineEndpoint } from '../endpoint';
import { resource } from '../openapi';
import { isoDateTime, pageOf, queryEnumList } from '../validation';

const collectionMethods = ['charge_automatically', 'send_invoice'] as const;

const quantityInput = z.int().meta({ description: 'How many units, a whole number of at least 0 (default 1). Metered prices take none: usage decides.' });

const subscriptionInput = z.strictObject({
  customerId: z.string(),
  items: z
    .array(z.strictObject({ priceId: z.string(), quantity: quantityInput.nullish() }))
    .meta({ description: '1 to 20 recurring prices in the customer’s currency, all renewing on the same interval, each price once.' }),
  trialDays: z.int().nullish().meta({ description: 'Free days before the first period, 0 to 730; default the longest trial of the prices.' }),
  collectionMethod: z.enum(collectionMethods).nullish().meta({ description: 'Default the customer’s.' }),
  couponCode: z.string().nullish().meta({ description: 'A coupon code to redeem, any case.' }),
  paymentMethodId: z.string().nullish(),
});

const itemChange = z.strictObject({
  id: z.string().optional().meta({ description: 'An existing item to change or delete; leave out to add an item.' }),
  priceId: z.string().optional().meta({ description: 'The new price of the item (required to add one).' }),
  quantity: quantityInput.nullish(),
  deleted: z.boolean().optional().meta({ description: '`true` removes the item `id`.' }),
});

const subscriptionPatch = z.strictObject({
  items: z.array(itemChange).optional(),
  prorationBehavior: z
    .enum(prorationBehaviors)
    .nullish()
    .meta({ description: '`create_prorations` (default) adds the prorated difference to the next invoice, `always_invoice` invoices it now, `none` bills nothing for the rest of the period.' }),
  cancelAtPeriodEnd: z.boolean().nullish(),
});

const cancelInput = z.strictObject({
  atPeriodEnd: z.boolean().optional().meta({ description: '`true` cancels when the current period ends; otherwise the subscription ends now.' }),
  prorate: z.boolean().optional().meta({ description: 'When cancelling now, credit the unused part of the period to the customer’s balance.' }),
  reason: z.enum(cancellationReasons).nullish(),
});

export const Subscription = resource(
  'Subscription',
  'Recurring prices billed to a customer each period.',
  z.object({
    id: z.string(),
    customerId: z.string(),
    status: z.enum(subscriptionStatuses),
    currency: z.string(),
    collectionMethod: z.enum(collectionMethods),
    currentPeriodStart: isoDateTime(),
    currentPeriodEnd: isoDateTime(),
    billingCycleAnchor: isoDateTime(),
    trialEnd: isoDateTime().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    canceledAt: isoDateTime().nullable(),
    endedAt: isoDateTime().nullable(),
    cancellationReason: z.string().nullable(),
    couponId: z.string().nullable(),
    items: z.array(z.object({ id: z.string(), priceId: z.string(), quantity: z.int().meta({ description: '0 for metered prices.' }) })),
    createdAt: isoDateTime(),
    latestInvoiceId: z.string().optional().meta({ description: 'The invoice this request issued (a create, an update with `always_invoice`, a cancellation now); absent when it issued none.' }),
  }),
);

type PresentedItem = { id: string | null; priceId: string; quantity: bigint };

function presentSubscription(row: SubscriptionRow, items: PresentedItem[], latestInvoice?: { id: string } | null) {
  return {
    id: row.id,
    customerId: row.customerId,
    status: row.status,
    currency: row.currency,
    collectionMethod: row.collectionMethod,
    currentPeriodStart: row.currentPeriodStart,
    currentPeriodEnd: row.currentPeriodEnd,
    billingCycleAnchor: row.billingCycleAnchor,
    trialEnd: row.trialEnd,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    canceledAt: row.canceledAt,
    endedAt: row.endedAt,
    cancellationReason: row.cancellationReason,
    couponId: row.couponId,
    items: items.map((item) => ({ id: item.id!, priceId: item.priceId, quantity: item.quantity })),
    createdAt: row.createdAt,
    latestInvoiceId: latestInvoice?.id,
  };
}

/** The items as the engine holds them now, for a subscription it has just read or changed. */
const currentItems = async (db: Parameters<typeof loadItems>[0], subscriptionId: string): Promise<PresentedItem[]> =>
  (await loadItems(db, subscriptionId)).map((item) => ({ id: item.id, priceId: item.price.id, quantity: item.quantity }));

export const subscriptionEndpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/v1/subscriptions',
    operationId: 'createSubscription',
    tag: 'Subscriptions',
    summary: 'Create a subscription',
    description:
      'Subscribes a customer to recurring prices. Without a trial, the first period is invoiced at once and `latestInvoiceId` names that invoice; metered prices are billed in arrears. Refusals name the field: a price in another currency or interval (400 `items[0].priceId`), a negative quantity (400 `items[0].quantity`), an unknown customer or price (404), an archived coupon (409), an expired coupon or one redeemed its maximum number of times (422 `COUPON_EXPIRED`, `COUPON_LIMIT_REACHED`). Send an `Idempotency-Key` so a retry cannot subscribe twice.',
    body: subscriptionInput,
    response: Subscription,
    status: 201,
    errors: [404],
    handler: async ({ db, body, now }) => {
      const created = await createSubscription(db, body, now);
      return presentSubscription(created.subscription, created.items, created.invoice);
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/subscriptions',
    operationId: 'listSubscriptions',
    tag: 'Subscriptions',
    summary: 'List a customer’s subscriptions',
    description: 'Every subscription of one customer, newest first, in a single page; optionally only those in some statuses.',
    query: z.strictObject({
      customerId: z.string().max(100).meta({ description: 'The customer whose subscriptions to list.' }),
      status: queryEnumList(subscriptionStatuses, 'Only subscriptions in these statuses.').optional(),
    }),
    response: pageOf(Subscription),
    handler: async ({ db, query }) => {
      const rows = await listSubscriptions(db, { customerId: query.customerId, statuses: query.status });
      const data = [];
      for (const row of [...rows].reverse()) data.push(presentSubscription(row, await currentItems(db, row.id)));
      return { data, hasMore: false, nextCursor: null };
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/subscriptions/:id',
    operationId: 'getSubscription',
    tag: 'Subscriptions',
    summary: 'Retrieve a subscription',
    description: 'One subscription by id, with its items.',
    response: Subscription,
    handler: async ({ db, params }) => presentSubscription(await getSubscription(db, params.id), await currentItems(db, params.id)),
  }),
  defineEndpoint({
    method: 'PATCH',
    path: '/v1/subscriptions/:id',
    operationId: 'updateSubscription',
    tag: 'Subscriptions',
    summary: 'Change a subscription',
    description:
      'Changes, adds (no `id`) or removes (`deleted: true`) items, prorated to the second by `prorationBehavior`, and sets or clears `cancelAtPeriodEnd`. With `always_invoice` the proration is invoiced at once and `latestInvoiceId` names the invoice; its total is what the change preview showed. A canceled subscription cannot change (409 `SUBSCRIPTION_NOT_ACTIVE`).',
    body: subscriptionPatch,
    response: Subscription,
    errors: [409],
    handler: async ({ db, params, body, now }) => {
      const { subscription, invoice } = await updateSubscription(db, params.id, body, now);
      return presentSubscription(subscription, await currentItems(db, params.id), invoice);
    },
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/subscriptions/:id/cancel',
    operationId: 'cancelSubscription',
    tag: 'Subscriptions',
    summary: 'Cancel a subscription',
    description:
      'Cancels at the end of the period (`atPeriodEnd: true`, undone by resume) or now: cancelling now invoices the usage recorded so far (`latestInvoiceId`) and, with `prorate`, credits the unused time to the customer’s balance. A subscription already canceled is refused (409 `SUBSCRIPTION_NOT_ACTIVE`).',
    body: cancelInput,
    response: Subscription,
    errors: [409],
    handler: async ({ db, params, body, now }) => {
      const { subscription, invoice } = await cancelSubscription(db, params.id, body, now);
      return presentSubscription(subscription, await currentItems(db, params.id), invoice);
    },
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/subscriptions/:id/resume',
    operationId: 'resumeSubscription',
    tag: 'Subscriptions',
    summary: 'Resume a subscription',
    description: 'Undoes a cancellation scheduled for the end of the period, while the period still runs. A subscription not scheduled to cancel is refused (409).',
    response: Subscription,
    errors: [409],
    handler: async ({ db, params, now }) => presentSubscription(await resumeSubscription(db, params.id, now), await currentItems(db, params.id)),
  }),
];
