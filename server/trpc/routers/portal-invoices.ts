// The customer's invoices: the list, one invoice explained, and paying it. Scoped by
// ctx.customerId: another customer's invoice answers NOT_FOUND exactly like a missing one.
import { z } from 'zod';
import { SettleError } from '../../errors';
import { accountVersion, customerInvoiceDetail, customerInvoiceStatuses, listCustomerInvoices } from '../../payments/customer-invoices';
import { payInvoice } from '../../payments/pay';
import { customerProcedure, router } from '../init';

/** Where the gateway sends the browser back after a 3-D Secure challenge: this invoice's page, on Settle's own origin. */
function returnUrlFor(publicUrl: string, invoiceId: string, requested: string | undefined): string {
  const own = new URL(`/invoices/${encodeURIComponent(invoiceId)}`, publicUrl);
  own.searchParams.set('payment', 'return');
  if (!requested) return own.toString();
  const url = new URL(requested);
  // Never an open redirect: only this invoice's page of this site.
  if (url.origin !== own.origin || url.pathname !== own.pathname) throw new SettleError('VALIDATION_FAILED', 'returnUrl must be this invoice’s page.', 'returnUrl');
  return url.toString();
}

export const portalInvoicesRouter = router({
  list: customerProcedure
    .input(z.object({ status: z.enum(customerInvoiceStatuses).optional(), cursor: z.string().max(200).nullish(), limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) => listCustomerInvoices(ctx.db, { customerId: ctx.customerId, status: input.status, cursor: input.cursor ?? undefined, limit: input.limit }, ctx.clock.now())),

  get: customerProcedure
    .input(z.object({ id: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => customerInvoiceDetail(ctx.db, { customerId: ctx.customerId, invoiceId: input.id }, ctx.clock.now())),

  /** Pays with a saved method (the default when none is named). A decline is an answer, not an error. */
  pay: customerProcedure
    .input(z.object({ invoiceId: z.string().min(1).max(64), paymentMethodId: z.string().max(64).nullish(), returnUrl: z.url().max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      const { payment, created } = await payInvoice(
        ctx.db,
        ctx.gateways(),
        {
          invoiceId: input.invoiceId,
          paymentMethodId: input.paymentMethodId ?? null,
          initiatedBy: 'customer',
          returnUrl: returnUrlFor(ctx.config.publicUrl, input.invoiceId, input.returnUrl),
          scope: { customerId: ctx.customerId },
        },
        ctx.clock.now(),
      );
      return {
        id: payment.id,
        attempt: payment.attempt,
        status: payment.status,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        nextActionUrl: payment.nextActionUrl,
        failureCode: payment.failureCode,
        declineCode: payment.declineCode,
        /** False: a payment was already on its way and nothing new was charged. */
        created,
      };
    }),

  /** Changes whenever the account's payments or invoices do (the live-updates stream compares it). */
  version: customerProcedure.query(({ ctx }) => accountVersion(ctx.db, ctx.customerId)),
});
