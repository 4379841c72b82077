// The customer's billing details: read them, change them. Only the caller's own account, by
// ctx.customerId. Changes apply to future invoices; finalised ones keep their snapshot.
import { z } from 'zod';
import { getCustomer } from '../../customers';
import { billingDetailsOf, updateBillingDetails } from '../../customers/billing-details';
import { customerProcedure, router } from '../init';

const optional = (max: number) => z.string().trim().max(max).nullable().default(null);

export const portalBillingDetailsRouter = router({
  get: customerProcedure.query(async ({ ctx }) => {
    const customer = await getCustomer(ctx.db, ctx.customerId);
    return { ...billingDetailsOf(customer), currency: customer.currency };
  }),

  /** Every field at once, as the form sends them; errors name the field as `param`. */
  update: customerProcedure
    .input(
      z.object({
        name: z.string().max(200),
        email: z.string().max(254),
        line1: optional(200),
        line2: optional(200),
        city: optional(100),
        postalCode: optional(20),
        state: optional(50),
        country: z.string().max(2),
        vatId: optional(40),
        locale: z.enum(['en', 'fr']),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const customer = await updateBillingDetails(ctx.db, { customerId: ctx.customerId, details: input, actor: { type: 'customer', id: ctx.viewer.userId } }, ctx.clock.now());
      return { ...billingDetailsOf(customer), currency: customer.currency };
    }),
});
