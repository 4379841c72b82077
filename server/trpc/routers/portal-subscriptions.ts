// The customer's subscriptions and overview. Every procedure is scoped by ctx.customerId: another
// account's subscription answers NOT_FOUND exactly like an id that does not exist.
import { z } from 'zod';
import { getCustomer } from '../../customers';
import { customerOverview } from '../../portal/overview';
import { cancellationReasons, cancelSubscription, getSubscription, previewChange, resumeSubscription, updateSubscription } from '../../subscriptions';
import { customerSubscriptions, planOptions } from '../../subscriptions/customer-view';
import { customerProcedure, router } from '../init';

const actorOf = (ctx: { viewer: { userId: string } }) => ({ type: 'customer' as const, id: ctx.viewer.userId });

// A plan change from the portal is invoiced at once, so the amount previewed is the amount billed.
const prorationBehavior = 'always_invoice';

const id = z.string().min(1).max(64);
const change = z.object({
  subscriptionId: id,
  itemId: id,
  priceId: id,
  quantity: z.int().min(1).max(10_000),
});

const itemChangeOf = (input: z.infer<typeof change>) => [{ id: input.itemId, priceId: input.priceId, quantity: input.quantity }];

export const portalSubscriptionsRouter = router({
  /** Current subscriptions with their items, next renewal, usage so far and the plans each may switch to. */
  list: customerProcedure.query(async ({ ctx }) => {
    const subscriptions = await customerSubscriptions(ctx.db, ctx.customerId, ctx.clock.now());
    return Promise.all(subscriptions.map(async (subscription) => ({ ...subscription, planOptions: await planOptions(ctx.db, subscription) })));
  }),

  /** The invoice a change would issue now, line by line; nothing is saved. */
  preview: customerProcedure.input(change).mutation(async ({ ctx, input }) => {
    const now = ctx.clock.now();
    const preview = await previewChange(ctx.db, input.subscriptionId, { items: itemChangeOf(input), prorationBehavior }, now, { customerId: ctx.customerId });
    const customer = await getCustomer(ctx.db, ctx.customerId);
    return {
      currency: preview.currency,
      lines: preview.lines.map((line) => ({ description: line.description, amountMinor: line.amountMinor, discountMinor: line.discountMinor, taxMinor: line.taxMinor, periodStart: line.periodStart, periodEnd: line.periodEnd, proration: line.proration })),
      subtotalMinor: preview.totals.subtotalMinor,
      discountMinor: preview.totals.discountTotalMinor,
      taxMinor: preview.totals.taxTotalMinor,
      totalMinor: preview.totals.totalMinor,
      creditAppliedMinor: preview.creditAppliedMinor,
      amountDueMinor: preview.amountDueMinor,
      invoicedNow: preview.invoicedNow,
      creditBalanceMinor: customer.creditBalanceMinor,
      /** Hand back to `change` with amountDueMinor: the change then bills exactly this preview. */
      prorationDate: now,
    };
  }),

  /**
   * Applies the change and issues its invoice at once, prorated at the preview's instant; refused
   * (CONFLICT, nothing changed) if the invoice would not ask exactly the amount the customer saw.
   */
  change: customerProcedure
    .input(change.extend({ prorationDate: z.date(), expectedAmountDueMinor: z.bigint() }))
    .mutation(async ({ ctx, input }) => {
      const { subscription, invoice } = await updateSubscription(
        ctx.db,
        input.subscriptionId,
        { items: itemChangeOf(input), prorationBehavior, prorationDate: input.prorationDate, expectedAmountDueMinor: input.expectedAmountDueMinor },
        ctx.clock.now(),
        { customerId: ctx.customerId },
      );
      return {
        subscriptionId: subscription.id,
        invoice: invoice ? { id: invoice.id, number: invoice.number, status: invoice.status, totalMinor: invoice.totalMinor, amountDueMinor: invoice.amountDueMinor, currency: invoice.currency } : null,
      };
    }),

  cancel: customerProcedure
    .input(z.object({ subscriptionId: id, reason: z.enum(cancellationReasons), comment: z.string().trim().max(1000).optional() }))
    .mutation(async ({ ctx, input }) => {
      await getSubscription(ctx.db, input.subscriptionId, { customerId: ctx.customerId });
      const { subscription } = await cancelSubscription(ctx.db, input.subscriptionId, { atPeriodEnd: true, reason: input.reason, comment: input.comment, actor: actorOf(ctx) }, ctx.clock.now());
      return { subscriptionId: subscription.id, cancelAtPeriodEnd: subscription.cancelAtPeriodEnd, endsAt: subscription.currentPeriodEnd };
    }),

  resume: customerProcedure.input(z.object({ subscriptionId: id })).mutation(async ({ ctx, input }) => {
    await getSubscription(ctx.db, input.subscriptionId, { customerId: ctx.customerId });
    const subscription = await resumeSubscription(ctx.db, input.subscriptionId, ctx.clock.now(), actorOf(ctx));
    return { subscriptionId: subscription.id, cancelAtPeriodEnd: subscription.cancelAtPeriodEnd, renewsAt: subscription.currentPeriodEnd };
  }),
});

/** Everything the overview page shows, in one round trip. */
export const portalOverviewProcedure = customerProcedure.query(({ ctx }) => customerOverview(ctx.db, ctx.customerId, ctx.clock.now()));
