// The customer's saved payment methods. Card numbers and IBANs never come here: the browser types
// them into the gateway's own form (an iframe) and Settle receives the gateway's token.
import { z } from 'zod';
import { getCustomer } from '../../customers';
import { SettleError } from '../../errors';
import { addPaymentMethod, describeMethod, expiryState, listPaymentMethods, paymentFormFor, removePaymentMethod, setDefaultPaymentMethod, subscriptionsPaidBy } from '../../payments/methods';
import { customerProcedure, router } from '../init';

const actorOf = (ctx: { viewer: { userId: string } }) => ({ type: 'customer' as const, id: ctx.viewer.userId });

export const portalPaymentMethodsRouter = router({
  list: customerProcedure.query(async ({ ctx }) => {
    const methods = await listPaymentMethods(ctx.db, ctx.customerId);
    return Promise.all(
      methods.map(async (method) => ({
        ...describeMethod(method),
        id: method.id,
        isDefault: method.isDefault,
        /** SEPA: the bank account's country and bank code, shown beside its last 4. */
        country: method.country,
        bankCode: method.bankCode,
        expiry: expiryState(method, ctx.clock.now()),
        /** Live subscriptions this method pays: removing it needs a warning. */
        paysSubscriptions: (await subscriptionsPaidBy(ctx.db, method)).length,
      })),
    );
  }),

  /** Where the gateway's form is, for the page at `origin` (the browser's own origin). */
  form: customerProcedure.input(z.object({ origin: z.url().max(200), locale: z.enum(['en', 'fr']) })).query(async ({ ctx, input }) => {
    const customer = await getCustomer(ctx.db, ctx.customerId);
    return paymentFormFor(ctx.gateways(), { currency: customer.currency, parentOrigin: new URL(input.origin).origin, locale: input.locale, name: customer.name, email: customer.email });
  }),

  add: customerProcedure
    .input(
      z.object({
        gateway: z.string().max(32),
        token: z.string().min(3).max(255),
        type: z.enum(['card', 'sepa_debit', 'wallet']),
        /** SEPA: the customer ticked the mandate text shown with the form. */
        mandateAccepted: z.boolean().default(false),
        makeDefault: z.boolean().default(false),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.type === 'sepa_debit' && !input.mandateAccepted) throw new SettleError('VALIDATION_FAILED', 'Accept the direct debit mandate to save this account.', 'mandateAccepted');
      const mandate = input.type === 'sepa_debit' ? { acceptedAt: ctx.clock.now(), ipAddress: ctx.client.ip ?? '0.0.0.0', userAgent: ctx.client.userAgent ?? 'unknown' } : null;
      const method = await addPaymentMethod(
        ctx.db,
        ctx.gateways(),
        { customerId: ctx.customerId, token: input.token, gateway: input.gateway, type: input.type, mandate, makeDefault: input.makeDefault, actor: actorOf(ctx) },
        ctx.clock.now(),
      );
      return { ...describeMethod(method), id: method.id, isDefault: method.isDefault };
    }),

  setDefault: customerProcedure.input(z.object({ paymentMethodId: z.string().max(64) })).mutation(async ({ ctx, input }) => {
    const method = await setDefaultPaymentMethod(ctx.db, { customerId: ctx.customerId, paymentMethodId: input.paymentMethodId, actor: actorOf(ctx) }, ctx.clock.now());
    return { id: method.id, isDefault: method.isDefault };
  }),

  remove: customerProcedure.input(z.object({ paymentMethodId: z.string().max(64) })).mutation(async ({ ctx, input }) => {
    await removePaymentMethod(ctx.db, ctx.gateways(), { customerId: ctx.customerId, paymentMethodId: input.paymentMethodId, actor: actorOf(ctx) }, ctx.clock.now());
    return { removed: true };
  }),
});
