// The hosted invoice page's procedures: public, scoped by the invoice's unguessable token only.
// They reach that one invoice and nothing else of its customer.
import { z } from 'zod';
import { hostedInvoiceView, hostedPaymentForm, payHostedInvoice } from '../../payments/hosted';
import { publicProcedure, router } from '../init';

const token = z.string().max(100);

export const hostedRouter = router({
  invoice: publicProcedure.input(z.object({ token })).query(({ ctx, input }) => hostedInvoiceView(ctx.db, input.token)),

  /** The gateway's form for this page, served at `origin` (the browser's own origin). */
  paymentForm: publicProcedure
    .input(z.object({ token, origin: z.url().max(200), locale: z.enum(['en', 'fr']) }))
    .query(({ ctx, input }) => hostedPaymentForm(ctx.db, ctx.gateways(), { token: input.token, parentOrigin: new URL(input.origin).origin, locale: input.locale })),

  /** Saves the method to the invoice's customer (never as the default) and charges the invoice. */
  pay: publicProcedure
    .input(
      z.object({
        token,
        gateway: z.string().max(32),
        paymentMethodToken: z.string().min(3).max(255),
        type: z.enum(['card', 'sepa_debit', 'wallet']),
        /** SEPA: the payer ticked the mandate text shown with the form. */
        mandateAccepted: z.boolean().default(false),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const now = ctx.clock.now();
      const mandate = input.type === 'sepa_debit' && input.mandateAccepted ? { acceptedAt: now, ipAddress: ctx.client.ip ?? '0.0.0.0', userAgent: ctx.client.userAgent ?? 'unknown' } : null;
      const returnUrl = `${ctx.config.publicUrl}/i/${encodeURIComponent(input.token)}`;
      const { payment } = await payHostedInvoice(ctx.db, ctx.gateways(), { ...input, mandate, returnUrl }, now);
      return { status: payment.status, failureCode: payment.failureCode, declineCode: payment.declineCode, nextActionUrl: payment.status === 'requires_action' ? payment.nextActionUrl : null };
    }),
});
